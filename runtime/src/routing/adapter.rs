//! [`MapAdapter`]: a [`Map`] bound to a server name and script name; matching requests.

use std::cell::RefCell;
use std::sync::Arc;

use http::Method;

use super::error::RoutingError;
use super::factory::{RedirectTo, Rule};
use super::map::{BoundRedirect, BoundRule, BuildPiece, Map};
use super::matcher::{Outcome, SearchInput, SearchOutput, Slots, has_percent};
use super::quote::{decode_segment, quote_segment};
use super::text::same;
use super::value::Value;

thread_local! {
    /// The search's value slots, reused per thread so that a lookup allocates only what it
    /// returns.
    static SLOTS: RefCell<Slots> = RefCell::new(Slots::default());
}

/// A successful match.
#[derive(Clone, Debug)]
pub struct Match {
    /// The endpoint of the matched rule.
    pub endpoint: Arc<str>,
    /// The converted variables in rule order (domain first), then the rule's defaults.
    pub args: Vec<(Arc<str>, Value)>,
    /// The matched rule.
    pub rule: Arc<Rule>,
}

impl PartialEq for Match {
    /// Equal endpoint and args, and the same rule object.
    fn eq(&self, other: &Self) -> bool {
        self.endpoint == other.endpoint
            && self.args == other.args
            && Arc::ptr_eq(&self.rule, &other.rule)
    }
}

impl Match {
    /// The value of a variable or default.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.args
            .iter()
            .find(|(n, _)| same(n, name))
            .map(|(_, v)| v)
    }
}

/// Options for [`MapAdapter::match_with`].
#[derive(Clone, Copy, Debug, Default)]
pub struct MatchOptions<'a> {
    /// Match websocket rules; default: the adapter's scheme is `ws` or `wss`.
    pub websocket: Option<bool>,
    /// The raw query string to keep on redirects; default: the adapter's.
    pub query: Option<&'a str>,
}

/// What [`MapAdapter::allowed_methods`] found (departure 11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Allowed {
    /// No rule matches the path.
    NotFound,
    /// A rule accepting any method matches.
    Any,
    /// Only these methods (sorted).
    Methods(Vec<Method>),
}

/// A [`Map`] bound to a server, for matching and building.
#[derive(Clone, Debug)]
pub struct MapAdapter {
    pub(crate) map: Map,
    pub(crate) server_name: String,
    pub(crate) script_name: String,
    pub(crate) subdomain: Option<String>,
    pub(crate) url_scheme: String,
    pub(crate) query_args: Option<String>,
}

/// Strips every leading and trailing slash and puts one back on each side.
fn normalise_script_name(script_name: &str) -> String {
    let inner = script_name.trim_matches('/');
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{inner}/")
    }
}

impl MapAdapter {
    pub(crate) fn new(map: Map, server_name: &str, script_name: &str) -> Self {
        MapAdapter {
            map,
            server_name: super::idna::encode_host(server_name),
            script_name: normalise_script_name(script_name),
            subdomain: None,
            url_scheme: "http".to_string(),
            query_args: None,
        }
    }

    /// The current subdomain (subdomain matching); default: the map's default subdomain.
    /// Ignored with host matching.
    pub fn subdomain(mut self, subdomain: &str) -> Self {
        self.subdomain = Some(subdomain.to_ascii_lowercase());
        self
    }

    /// The URL scheme (`http` by default; `ws`/`wss` match websocket rules).
    pub fn url_scheme(mut self, scheme: &str) -> Self {
        self.url_scheme = scheme.to_string();
        self
    }

    /// The raw query string kept on redirects.
    pub fn query_args(mut self, query: &str) -> Self {
        self.query_args = Some(query.to_string());
        self
    }

    /// The bound server name (lower-cased).
    pub fn server_name(&self) -> &str {
        &self.server_name
    }

    /// The normalised script name (`/` or `/app/`).
    pub fn script_name(&self) -> &str {
        &self.script_name
    }

    /// The map.
    pub fn map(&self) -> &Map {
        &self.map
    }

    pub(crate) fn current_subdomain(&self) -> &str {
        self.subdomain
            .as_deref()
            .unwrap_or(&self.map.inner.settings.default_subdomain)
    }

    fn domain_part(&self) -> &str {
        let s = &self.map.inner.settings;
        if s.host_matching {
            &self.server_name
        } else if s.subdomain_matching {
            self.current_subdomain()
        } else {
            ""
        }
    }

    /// The host for a domain part (subdomain joined to the server name, or the host).
    pub(crate) fn host_for(&self, domain: &str) -> String {
        if self.map.inner.settings.host_matching {
            domain.to_string()
        } else if domain.is_empty() {
            self.server_name.clone()
        } else {
            format!("{domain}.{}", self.server_name)
        }
    }

    /// Matches a raw (percent-encoded) request path and method.
    pub fn match_path(&self, path: &str, method: &Method) -> Result<Match, RoutingError> {
        self.match_with(path, method, MatchOptions::default())
    }

    /// Does the path match (a redirect counts as a match, like Werkzeug's `test`)?
    pub fn test(&self, path: &str, method: &Method) -> bool {
        matches!(
            self.match_path(path, method),
            Ok(_) | Err(RoutingError::Redirect { .. })
        )
    }

    /// Matches with options (websocket mode, query string for redirects).
    pub fn match_with(
        &self,
        path: &str,
        method: &Method,
        options: MatchOptions<'_>,
    ) -> Result<Match, RoutingError> {
        // The whole match runs inside the borrow, so the result is written once, where the
        // caller wants it. A redirect function called by `finish` that matches again finds
        // the cell borrowed and uses fresh slots (an allocation, nothing worse).
        SLOTS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slots) => self.match_owned(path, method, options, &mut slots),
            Err(_) => self.match_owned(path, method, options, &mut Slots::default()),
        })
    }

    /// [`MapAdapter::locate`], the found rule's arguments as owned values, then `finish`.
    fn match_owned(
        &self,
        path: &str,
        method: &Method,
        options: MatchOptions<'_>,
        slots: &mut Slots,
    ) -> Result<Match, RoutingError> {
        let mut diag = SearchOutput::default();
        let (index, searched) = self.locate(path, method, options, slots, &mut diag)?;
        let rule = &self.map.inner.rules[index];
        let args = owned_args(rule, slots, searched);
        let query = options.query.or(self.query_args.as_deref());
        self.finish(index, args, method, query)
    }

    /// Finds the rule for a request: its index and the path its slots point into, or the
    /// outcome that is not a rule (slash and merge-slash redirects, 400, 404, 405).
    pub(crate) fn locate<'p>(
        &self,
        path: &'p str,
        method: &Method,
        options: MatchOptions<'_>,
        slots: &mut Slots,
        diag: &mut SearchOutput,
    ) -> Result<(usize, &'p str), RoutingError> {
        let websocket = options
            .websocket
            .unwrap_or(matches!(self.url_scheme.as_str(), "ws" | "wss"));
        let query = options.query.or(self.query_args.as_deref());
        let encoded = has_percent(path);
        if encoded && path.split('/').any(|s| decode_segment(s).is_none()) {
            return Err(RoutingError::BadPath);
        }
        let stripped = path.trim_start_matches('/');
        let domain = self.domain_part();
        let input = SearchInput {
            domain,
            path: (!path.is_empty()).then_some(stripped),
            method: Some(method),
            websocket,
        };
        let inner = &self.map.inner;
        // Diagnostics (405, websocket mismatch), filled only when a leaf does not fit.
        diag.allowed.clear();
        diag.websocket_mismatch = false;
        match inner.machine.find(&input, encoded, slots, diag) {
            Outcome::Found(rule) => return Ok((rule, stripped)),
            Outcome::SlashRequired => {
                let target = format!("{}/", requote(stripped));
                return Err(self.redirect(domain, &target, query));
            }
            Outcome::BadPath => return Err(RoutingError::BadPath),
            Outcome::NotFound => {}
        }
        if inner.settings.merge_slashes && stripped.contains("//") {
            let merged = merge_slashes(stripped);
            let input = SearchInput {
                path: Some(&merged),
                ..input
            };
            match inner.machine.find(&input, encoded, slots, diag) {
                Outcome::Found(rule) if inner.rules[rule].merge_slashes => {
                    return Err(self.redirect(domain, &requote(&merged), query));
                }
                Outcome::SlashRequired => {
                    let target = format!("{}/", requote(&merged));
                    return Err(self.redirect(domain, &target, query));
                }
                Outcome::BadPath => return Err(RoutingError::BadPath),
                _ => {}
            }
        }
        Err(not_found(diag))
    }

    /// Which methods the path accepts (departure 11: "no such path" and "any method" are
    /// told apart; lists are sorted).
    pub fn allowed_methods(&self, path: &str) -> Allowed {
        let stripped = path.trim_start_matches('/');
        let mut out = SearchOutput::default();
        let websocket = matches!(self.url_scheme.as_str(), "ws" | "wss");
        let input = SearchInput {
            domain: self.domain_part(),
            path: (!path.is_empty()).then_some(stripped),
            method: None,
            websocket,
        };
        match self.map.inner.machine.search(&input, &mut out) {
            Outcome::Found(_) => Allowed::Any,
            _ if !out.allowed.is_empty() => {
                out.allowed.sort_by(|a, b| a.as_str().cmp(b.as_str()));
                Allowed::Methods(out.allowed)
            }
            _ => Allowed::NotFound,
        }
    }

    /// An absolute redirect to `path` (relative to the script root) on `domain`.
    pub(crate) fn redirect(&self, domain: &str, path: &str, query: Option<&str>) -> RoutingError {
        let scheme = if self.url_scheme.is_empty() {
            "http"
        } else {
            &self.url_scheme
        };
        let mut location = format!(
            "{scheme}://{}{}{}",
            self.host_for(domain),
            self.script_name,
            path.trim_start_matches('/')
        );
        append_query(&mut location, query);
        RoutingError::Redirect {
            location,
            status: self.map.inner.settings.redirect_status,
        }
    }

    /// Whether `finish` may do more than wrap the values (redirects, endpoint-less rules).
    pub(crate) fn finish_needs_args(&self, index: usize) -> bool {
        let inner = &self.map.inner;
        let rule = &inner.rules[index];
        rule.redirect.is_some()
            || rule.endpoint.is_none()
            || (inner.settings.redirect_defaults
                && (rule.alias || !rule.default_providers.is_empty()))
    }

    pub(crate) fn finish(
        &self,
        index: usize,
        args: Vec<(Arc<str>, Value)>,
        method: &Method,
        query: Option<&str>,
    ) -> Result<Match, RoutingError> {
        let inner = &self.map.inner;
        let rule = &inner.rules[index];
        if inner.settings.redirect_defaults {
            if let Some(e) = self.default_redirect(index, &args, method, query) {
                return Err(e);
            }
            if rule.alias
                && let Some(endpoint) = &rule.endpoint
            {
                let values: Vec<(&str, Value)> =
                    args.iter().map(|(k, v)| (&**k, v.clone())).collect();
                let built = self.build_with(
                    endpoint,
                    &values,
                    super::build::BuildOptions {
                        method: Some(method.clone()),
                        force_external: true,
                        append_unknown: false,
                        ..Default::default()
                    },
                );
                if let Ok(mut location) = built {
                    append_query(&mut location, query);
                    return Err(RoutingError::Redirect {
                        location,
                        status: inner.settings.redirect_status,
                    });
                }
            }
        }
        if let Some(redirect) = &rule.redirect {
            let target = match redirect {
                BoundRedirect::Function(RedirectTo::Function(f)) => f(self, &args),
                BoundRedirect::Function(RedirectTo::Template(t)) => t.clone(),
                BoundRedirect::Template(pieces) => {
                    let mut out = String::new();
                    for (piece, conv) in pieces {
                        match (piece, conv) {
                            (BuildPiece::Text(t), _) => out.push_str(t),
                            (BuildPiece::Var(i), Some(conv)) => {
                                let value = if *i < rule.variables.len() {
                                    &args[*i].1
                                } else {
                                    &rule.defaults[*i - rule.variables.len()].1
                                };
                                match conv.as_dyn().to_url(value) {
                                    Ok(text) => out.push_str(&text),
                                    // The value came from this very rule; a converter
                                    // that cannot build it back cannot redirect.
                                    Err(_) => return Err(RoutingError::NotFound),
                                }
                            }
                            (BuildPiece::Var(_), None) => {}
                        }
                    }
                    out
                }
            };
            let mut location = self.join_url(&target);
            append_query(&mut location, query);
            return Err(RoutingError::Redirect {
                location,
                status: inner.settings.redirect_status,
            });
        }
        match &rule.endpoint {
            Some(endpoint) => Ok(Match {
                endpoint: endpoint.clone(),
                args,
                rule: rule.rule.clone(),
            }),
            None => Err(RoutingError::NotFound),
        }
    }

    /// Werkzeug's `get_default_redirect`: an earlier rule of the endpoint that provides
    /// defaults for the matched one and is suitable for the values redirects there.
    fn default_redirect(
        &self,
        index: usize,
        args: &[(Arc<str>, Value)],
        method: &Method,
        query: Option<&str>,
    ) -> Option<RoutingError> {
        let inner = &self.map.inner;
        let rule = &inner.rules[index];
        if rule.default_providers.is_empty() {
            return None;
        }
        let values: Vec<(&str, Value)> = args.iter().map(|(k, v)| (&**k, v.clone())).collect();
        for &other_index in &rule.default_providers {
            let other = &inner.rules[other_index];
            if other.suitable_for(&values, Some(method)) {
                let mut with_defaults = values.clone();
                for (k, v) in &other.defaults {
                    match with_defaults.iter_mut().find(|(n, _)| n == k) {
                        Some(slot) => slot.1 = v.clone(),
                        None => with_defaults.push((k.as_str(), v.clone())),
                    }
                }
                if let Ok((domain, path)) = other.build_parts(&with_defaults, false, false) {
                    return Some(self.redirect(&domain, &path, query));
                }
            }
        }
        None
    }

    /// Resolves a `redirect_to` target against `scheme://host/script_name/`.
    fn join_url(&self, target: &str) -> String {
        let scheme = if self.url_scheme.is_empty() {
            "http"
        } else {
            &self.url_scheme
        };
        let origin = format!("{scheme}://{}", self.host_for(self.domain_part()));
        let has_scheme = target.find(':').is_some_and(|i| {
            i > 0
                && target[..i]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        });
        if has_scheme {
            target.to_string()
        } else if let Some(rest) = target.strip_prefix("//") {
            format!("{scheme}://{rest}")
        } else if target.starts_with('/') {
            format!("{origin}{}", remove_dot_segments(target))
        } else {
            format!(
                "{origin}{}",
                remove_dot_segments(&format!("{}{target}", self.script_name))
            )
        }
    }
}

/// The found rule's variables (from the search's slots, text copied out of `path`) and
/// defaults, as owned values.
pub(crate) fn owned_args(
    rule: &BoundRule,
    slots: &mut Slots,
    path: &str,
) -> Vec<(Arc<str>, Value)> {
    let mut args = Vec::with_capacity(rule.variables.len() + rule.defaults.len());
    let n = slots.len().min(rule.variables.len());
    // `extend` writes each pair in place; `push` assembled it on the stack first.
    args.extend((0..n).map(|i| (rule.variables[i].0.clone(), slots.take(i, path))));
    slots.clear();
    for ((_, value), name) in rule.defaults.iter().zip(&rule.default_names) {
        args.push((name.clone(), value.clone()));
    }
    args
}

fn not_found(out: &SearchOutput) -> RoutingError {
    if !out.allowed.is_empty() {
        let mut allowed = out.allowed.clone();
        allowed.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        RoutingError::MethodNotAllowed { allowed }
    } else if out.websocket_mismatch {
        RoutingError::WebsocketMismatch
    } else {
        RoutingError::NotFound
    }
}

pub(crate) fn append_query(url: &mut String, query: Option<&str>) {
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(q);
    }
}

/// Collapses repeated slashes.
pub(crate) fn merge_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut prev = false;
    for c in path.chars() {
        if c == '/' && prev {
            continue;
        }
        prev = c == '/';
        out.push(c);
    }
    out
}

/// Re-encodes a raw path canonically: each segment decoded, then quoted (so `%2F` stays
/// inside its segment, a stray `%` becomes `%25`).
pub(crate) fn requote(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for (i, seg) in raw.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        match decode_segment(seg) {
            Some(decoded) => out.push_str(&quote_segment(&decoded)),
            None => out.push_str(seg),
        }
    }
    out
}

/// RFC 3986 section 5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}
