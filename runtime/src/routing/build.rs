//! URL building: [`MapAdapter::build`] and [`MapAdapter::build_with`].
//!
//! Every value goes through its converter's `to_url`, which validates it (departure 2), so
//! a built URL matches back to the same endpoint and values. Values that are not rule
//! variables or defaults become the query string.

use http::Method;

use super::adapter::MapAdapter;
use super::error::BuildError;
use super::map::{BoundRule, BuildPiece};
use super::quote::{quote_anchor, quote_query};
use super::text::same;
use super::value::Value;

/// Options for [`MapAdapter::build_with`].
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Only rules accepting this method; `None` tries `GET` first, then any method.
    pub method: Option<Method>,
    /// Always return an absolute URL.
    pub force_external: bool,
    /// Put values that are not rule variables into the query string (default true).
    pub append_unknown: bool,
    /// A fragment to append (`#...`).
    pub anchor: Option<String>,
    /// The scheme for absolute URLs; default: the adapter's.
    pub url_scheme: Option<String>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            method: None,
            force_external: false,
            append_unknown: true,
            anchor: None,
            url_scheme: None,
        }
    }
}

/// A single value for a variable: a one-item list counts as its item, an empty list as
/// no value.
fn single(value: &Value) -> Option<&Value> {
    match value {
        Value::List(items) if items.len() == 1 => Some(&items[0]),
        Value::List(items) if items.is_empty() => None,
        v => Some(v),
    }
}

fn is_empty_list(value: &Value) -> bool {
    matches!(value, Value::List(items) if items.is_empty())
}

fn lookup<'v>(values: &'v [(&str, Value)], name: &str) -> Option<&'v Value> {
    values
        .iter()
        .find(|(k, _)| same(k, name))
        .and_then(|(_, v)| single(v))
}

impl BoundRule {
    /// Werkzeug's `suitable_for`: method fits, every argument has a value (or default),
    /// given values for default keys equal the defaults.
    pub(crate) fn suitable_for(&self, values: &[(&str, Value)], method: Option<&Method>) -> bool {
        if let (Some(m), Some(ms)) = (method, &self.methods)
            && !ms.contains(m)
        {
            return false;
        }
        let defaults = &self.defaults;
        if !self
            .arguments
            .iter()
            .all(|a| lookup(values, a).is_some() || defaults.iter().any(|(k, _)| same(k, a)))
        {
            return false;
        }
        defaults
            .iter()
            .all(|(k, d)| lookup(values, k).is_none_or(|v| v == d))
    }

    /// Builds `(domain part, path with query)`; `Err` names the rejected value and why.
    pub(crate) fn build_parts(
        &self,
        values: &[(&str, Value)],
        append_unknown: bool,
        sort: bool,
    ) -> Result<(String, String), String> {
        let fill = |pieces: &[BuildPiece], out: &mut String| -> Result<(), String> {
            for piece in pieces {
                match piece {
                    BuildPiece::Text(t) => out.push_str(t),
                    BuildPiece::Var(i) => {
                        let (name, conv) = &self.variables[*i];
                        let value = lookup(values, name)
                            .ok_or_else(|| format!("The value for '{name}' is missing"))?;
                        let start = out.len();
                        conv.write_url(value, out).map_err(|e| {
                            format!("The value {value:?} for '{name}' was rejected: {e}")
                        })?;
                        if self.no_trailing_slash == Some(*i) && out[start..].ends_with('/') {
                            return Err(format!(
                                "The value {value:?} for '{name}' was rejected: it cannot end with '/' in this rule"
                            ));
                        }
                    }
                }
            }
            Ok(())
        };
        let mut domain = String::new();
        fill(&self.domain_pieces, &mut domain)?;
        // Room for the static text and short values: most URLs need no reallocation.
        let mut path = String::with_capacity(self.path_len_hint);
        fill(&self.path_pieces, &mut path)?;
        if append_unknown {
            // Like Werkzeug's MultiDict: every value of a repeated key, together, at the
            // position of the key's first occurrence.
            let mut items: Vec<(&str, &Value)> = Vec::new();
            for (i, (k, _)) in values.iter().enumerate() {
                if self.arguments.iter().any(|a| same(a, k))
                    || values[..i].iter().any(|(p, _)| same(p, k))
                {
                    continue;
                }
                for (_, v) in values[i..].iter().filter(|(p, _)| same(p, k)) {
                    match v {
                        Value::List(list) => items.extend(list.iter().map(|x| (*k, x))),
                        v => items.push((k, v)),
                    }
                }
            }
            if sort {
                items.sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.to_text().cmp(&b.1.to_text())));
            }
            if !items.is_empty() {
                let mut query = String::new();
                for (i, (k, v)) in items.iter().enumerate() {
                    if i > 0 {
                        query.push('&');
                    }
                    quote_query(k, &mut query);
                    query.push('=');
                    quote_query(&v.to_text(), &mut query);
                }
                path.push('?');
                path.push_str(&query);
            }
        }
        Ok((domain, path))
    }
}

impl MapAdapter {
    /// Builds the URL of `endpoint` from `values` (relative when possible).
    ///
    /// ```
    /// use stellwerk_runtime::routing::{Map, Rule};
    ///
    /// let map = Map::builder().rule(Rule::new("/p/<int:id>").endpoint("p")).build().unwrap();
    /// let urls = map.bind("example.com", "/app");
    /// assert_eq!(urls.build("p", &[("id", 3.into()), ("q", "a b".into())]).unwrap(), "/app/p/3?q=a+b");
    /// assert!(urls.build("p", &[("id", "x".into())]).is_err());
    /// ```
    pub fn build(&self, endpoint: &str, values: &[(&str, Value)]) -> Result<String, BuildError> {
        self.build_with(endpoint, values, BuildOptions::default())
    }

    /// Builds with options (method, absolute URL, unknown values, anchor, scheme).
    pub fn build_with(
        &self,
        endpoint: &str,
        values: &[(&str, Value)],
        options: BuildOptions,
    ) -> Result<String, BuildError> {
        let inner = &self.map.inner;
        let mut rejected = None;
        let found = match &options.method {
            Some(m) => self.partial_build(endpoint, values, Some(m), &options, &mut rejected),
            None => self
                .partial_build(
                    endpoint,
                    values,
                    Some(&Method::GET),
                    &options,
                    &mut rejected,
                )
                .or_else(|| self.partial_build(endpoint, values, None, &options, &mut rejected)),
        };
        let Some((index, domain, path)) = found else {
            return Err(self.build_error(endpoint, values, options.method, rejected));
        };
        let rule = &inner.rules[index];
        let settings = &inner.settings;
        let scheme_in = options.url_scheme.as_deref().unwrap_or(&self.url_scheme);
        let secure = matches!(scheme_in, "https" | "wss");
        let mut force_external = options.force_external;
        let scheme = if rule.websocket {
            force_external = true;
            if secure { "wss" } else { "ws" }
        } else if scheme_in.is_empty() {
            ""
        } else if secure {
            "https"
        } else {
            "http"
        };
        let same_domain = if settings.host_matching {
            same(&domain, &self.server_name)
        } else if settings.subdomain_matching {
            same(&domain, self.current_subdomain())
        } else {
            // Werkzeug's snapshot made every URL absolute here (pallets/werkzeug#3215).
            true
        };
        let mut url = if !force_external && same_domain {
            let path = path.trim_start_matches('/');
            let mut url = String::with_capacity(self.script_name.len() + path.len() + 8);
            url.push_str(&self.script_name);
            url.push_str(path);
            url
        } else {
            let host = if settings.host_matching || settings.subdomain_matching {
                self.host_for(&domain)
            } else {
                self.server_name.clone()
            };
            let scheme = if scheme.is_empty() {
                String::new()
            } else {
                format!("{scheme}:")
            };
            format!(
                "{scheme}//{host}{}{}",
                self.script_name,
                path.trim_start_matches('/')
            )
        };
        if let Some(anchor) = &options.anchor {
            url.push('#');
            url.push_str(&quote_anchor(anchor));
        }
        Ok(url)
    }

    fn partial_build(
        &self,
        endpoint: &str,
        values: &[(&str, Value)],
        method: Option<&Method>,
        options: &BuildOptions,
        rejected: &mut Option<String>,
    ) -> Option<(usize, String, String)> {
        let inner = &self.map.inner;
        let ids = inner.by_endpoint.get(endpoint)?;
        let mut first = None;
        for &i in ids {
            let rule = &inner.rules[i];
            if !rule.suitable_for(values, method) {
                continue;
            }
            match rule.build_parts(
                values,
                options.append_unknown,
                inner.settings.sort_parameters,
            ) {
                Ok((domain, path)) => {
                    // With host matching, prefer a rule on the current host.
                    if !inner.settings.host_matching || same(&domain, &self.server_name) {
                        return Some((i, domain, path));
                    }
                    first.get_or_insert((i, domain, path));
                }
                Err(why) => {
                    rejected.get_or_insert(why);
                }
            }
        }
        first
    }

    fn build_error(
        &self,
        endpoint: &str,
        values: &[(&str, Value)],
        method: Option<Method>,
        rejected: Option<String>,
    ) -> BuildError {
        // A key whose only value is an empty list gave no value (Werkzeug drops such keys
        // of a MultiDict before building), so it is neither listed nor counted as given.
        let mut keys: Vec<String> = values
            .iter()
            .filter(|(k, _)| values.iter().any(|(p, v)| p == k && !is_empty_list(v)))
            .map(|(k, _)| k.to_string())
            .collect();
        keys.sort();
        keys.dedup();
        let inner = &self.map.inner;
        // Werkzeug's suggestion: endpoint similarity, then values and method fit.
        let mut best: Option<(f64, &BoundRule)> = None;
        for rule in &inner.rules {
            let Some(ep) = rule.endpoint.as_deref() else {
                continue;
            };
            let mut score = 0.98 * similarity(ep, endpoint);
            if keys.iter().all(|k| rule.arguments.contains(k)) {
                score += 0.01;
            }
            if let (Some(m), Some(ms)) = (&method, &rule.methods)
                && ms.contains(m)
            {
                score += 0.01;
            }
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, rule));
            }
        }
        let hint = best.and_then(|(_, rule)| {
            let ep = rule.endpoint.as_deref().unwrap_or("");
            if ep != endpoint {
                return Some(format!("Did you mean '{ep}' instead?"));
            }
            if let (Some(m), Some(ms)) = (&method, &rule.methods)
                && !ms.contains(m)
            {
                let names: Vec<String> = ms.iter().map(|m| format!("'{m}'")).collect();
                return Some(format!(
                    "Did you mean to use methods [{}]?",
                    names.join(", ")
                ));
            }
            let missing: Vec<String> = rule
                .arguments
                .iter()
                .filter(|a| !keys.contains(a))
                .map(|a| format!("'{a}'"))
                .collect();
            (!missing.is_empty())
                .then(|| format!("Did you forget to specify values [{}]?", missing.join(", ")))
        });
        BuildError {
            endpoint: endpoint.to_string(),
            method,
            values: keys,
            rejected,
            hint,
        }
    }
}

/// difflib's `SequenceMatcher.ratio()` (without the junk heuristic): twice the number of
/// matching characters over the total length.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matching_chars(&a, &b) as f64 / total as f64
}

fn matching_chars(a: &[char], b: &[char]) -> usize {
    // The longest common block, then recurse on both sides of it.
    let mut best = (0, 0, 0);
    let mut prev = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == cb {
                cur[j + 1] = prev[j] + 1;
                if cur[j + 1] > best.2 {
                    best = (i + 1 - cur[j + 1], j + 1 - cur[j + 1], cur[j + 1]);
                }
            }
        }
        prev = cur;
    }
    let (i, j, n) = best;
    if n == 0 {
        return 0;
    }
    n + matching_chars(&a[..i], &b[..j]) + matching_chars(&a[i + n..], &b[j + n..])
}
