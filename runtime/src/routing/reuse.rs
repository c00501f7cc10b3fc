//! Matching without allocating: [`MapAdapter::match_in`] fills a caller-owned
//! [`MatchBuffer`] and returns a borrowed [`MatchRef`].
//!
//! [`Match`] owns its values and shares the endpoint, rule and variable names through
//! `Arc`s; building and dropping it costs an allocation per text value, one for the list
//! and an atomic reference-count update per `Arc`. A server that matches many requests on
//! one thread can keep a [`MatchBuffer`] instead: its value slots (and the capacity of the
//! strings in them) are reused, so a lookup that matches allocates nothing once the buffer
//! has grown to the longest values seen. The values are the same decoded, converted
//! [`Value`]s; the outcomes (redirects, 404, 405, 400) are exactly those of
//! [`MapAdapter::match_with`].

use std::sync::Arc;

use http::Method;

use super::adapter::{MapAdapter, Match, MatchOptions};
use super::error::RoutingError;
use super::factory::Rule;
use super::map::BoundRule;
use super::matcher::{SearchOutput, Slots};
use super::text::same;
use super::value::Value;

/// Reusable storage for [`MapAdapter::match_in`]: the search's scratch and the matched
/// values. Create one per thread or per connection and pass it to every lookup.
///
/// ```
/// use stellwerk_runtime::routing::{Map, MatchBuffer, Rule, Value};
/// use http::Method;
///
/// let map = Map::builder()
///     .rule(Rule::new("/users/<int:id>/<name>").endpoint("user"))
///     .build()
///     .unwrap();
/// let urls = map.bind("example.com", "/");
/// let mut buffer = MatchBuffer::new();
/// for path in ["/users/1/ada", "/users/2/grace%20hopper"] {
///     let m = urls.match_in(path, &Method::GET, &mut buffer).unwrap();
///     assert_eq!(m.endpoint(), "user");
///     assert!(matches!(m.get("id"), Some(Value::Int(1 | 2))));
/// }
/// let m = urls.match_in("/users/2/grace%20hopper", &Method::GET, &mut buffer).unwrap();
/// assert_eq!(m.get("name").and_then(Value::as_str), Some("grace hopper"));
/// ```
#[derive(Debug, Default)]
pub struct MatchBuffer {
    slots: Slots,
    diag: SearchOutput,
    values: Vec<Value>,
    len: usize,
}

impl MatchBuffer {
    /// An empty buffer (allocates nothing until used).
    pub fn new() -> Self {
        MatchBuffer::default()
    }

    /// Stores the search's slots as values, reusing the strings already in the buffer.
    fn fill(&mut self, path: &str) {
        self.len = 0;
        for i in 0..self.slots.len() {
            match (self.slots.spans[i], self.values.get_mut(i)) {
                ((start, end), Some(Value::Str(s))) if start != super::matcher::OWNED => {
                    s.clear();
                    s.push_str(&path[start..end]);
                }
                (_, Some(slot)) => *slot = self.slots.take(i, path),
                (_, None) => {
                    let value = self.slots.take(i, path);
                    self.values.push(value);
                }
            }
            self.len += 1;
        }
        self.slots.clear();
    }

    /// Stores the variables of an owned match.
    fn fill_from(&mut self, m: Match, variables: usize) {
        self.len = 0;
        for (_, v) in m.args.into_iter().take(variables) {
            match self.values.get_mut(self.len) {
                Some(slot) => *slot = v,
                None => self.values.push(v),
            }
            self.len += 1;
        }
    }
}

/// A successful match borrowed from the [`MapAdapter`] and a [`MatchBuffer`]: the same
/// endpoint, values and rule as a [`Match`], without owning them.
///
/// ```
/// use stellwerk_runtime::routing::{Map, MatchBuffer, Rule, Value};
/// use http::Method;
///
/// let map = Map::builder()
///     .rule(Rule::new("/page/<int:n>").endpoint("page").defaults([("lang", "en")]))
///     .build()
///     .unwrap();
/// let urls = map.bind("example.com", "/");
/// let mut buffer = MatchBuffer::new();
/// let m = urls.match_in("/page/3", &Method::GET, &mut buffer).unwrap();
/// let args: Vec<(&str, &Value)> = m.args().collect();
/// assert_eq!(args, [("n", &Value::Int(3)), ("lang", &Value::from("en"))]);
/// assert_eq!(m.values(), [Value::Int(3)]);
/// assert_eq!(m.to_match(), urls.match_path("/page/3", &Method::GET).unwrap());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct MatchRef<'a> {
    rule: &'a BoundRule,
    values: &'a [Value],
}

impl<'a> MatchRef<'a> {
    /// The endpoint of the matched rule.
    pub fn endpoint(&self) -> &'a str {
        // Only rules with an endpoint match (the others redirect or answer 404).
        self.rule.endpoint.as_deref().unwrap_or_default()
    }

    /// The matched rule.
    pub fn rule(&self) -> &'a Rule {
        &self.rule.rule
    }

    /// The converted variables in rule order (domain first), without the defaults.
    pub fn values(&self) -> &'a [Value] {
        self.values
    }

    /// The variables in rule order (domain first), then the rule's defaults: the same
    /// pairs as [`Match::args`].
    pub fn args(&self) -> impl Iterator<Item = (&'a str, &'a Value)> + 'a {
        let variables = self.rule.variables.iter().map(|(n, _)| &**n);
        let defaults = self.rule.defaults.iter().map(|(n, v)| (n.as_str(), v));
        variables.zip(self.values).chain(defaults)
    }

    /// The value of a variable or default.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.args().find(|(n, _)| same(n, name)).map(|(_, v)| v)
    }

    /// The owned [`Match`] for the same rule and values.
    pub fn to_match(&self) -> Match {
        let names = self.rule.variables.iter().map(|(n, _)| n.clone());
        let defaults = self
            .rule
            .default_names
            .iter()
            .cloned()
            .zip(self.rule.defaults.iter().map(|(_, v)| v.clone()));
        Match {
            endpoint: self.rule.endpoint.clone().unwrap_or_else(|| Arc::from("")),
            args: names
                .zip(self.values.iter().cloned())
                .chain(defaults)
                .collect(),
            rule: self.rule.rule.clone(),
        }
    }
}

impl MapAdapter {
    /// [`MapAdapter::match_path`] into a reusable buffer: the same outcomes, with the values
    /// borrowed from `buffer` (no allocation once the buffer has grown).
    pub fn match_in<'a>(
        &'a self,
        path: &str,
        method: &Method,
        buffer: &'a mut MatchBuffer,
    ) -> Result<MatchRef<'a>, RoutingError> {
        self.match_in_with(path, method, MatchOptions::default(), buffer)
    }

    /// [`MapAdapter::match_with`] into a reusable buffer.
    pub fn match_in_with<'a>(
        &'a self,
        path: &str,
        method: &Method,
        options: MatchOptions<'_>,
        buffer: &'a mut MatchBuffer,
    ) -> Result<MatchRef<'a>, RoutingError> {
        let (index, searched) =
            self.locate(path, method, options, &mut buffer.slots, &mut buffer.diag)?;
        let inner = &self.map.inner;
        let rule = &inner.rules[index];
        if self.finish_needs_args(index) {
            // Redirects (defaults, aliases, `redirect_to`) and endpoint-less rules: the
            // owned path decides, and a match it returns is copied into the buffer.
            let args = super::adapter::owned_args(rule, &mut buffer.slots, searched);
            let query = options.query.or(self.query_args.as_deref());
            let m = self.finish(index, args, method, query)?;
            buffer.fill_from(m, rule.variables.len());
        } else {
            buffer.fill(searched);
        }
        Ok(MatchRef {
            rule,
            values: &buffer.values[..buffer.len],
        })
    }
}
