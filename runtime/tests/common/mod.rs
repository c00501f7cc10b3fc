//! Shared helpers for the ports of the reference's vectors (sections C–P of
//! `shared/reference/werkzeug-routing.md`): map construction, request and build
//! descriptions, and exact comparison of outcomes with a message naming the case.
//!
//! Translation conventions used by every `werkzeug_*` file:
//! * `m.bind(server, script)` is [`Map::bind`]; `subdomain=` / `url_scheme=` /
//!   `query_args=` are the adapter's builder methods.
//! * Werkzeug's `match()` takes a *decoded* path; stellwerk takes the raw path and decodes
//!   it segment by segment (departure 14). Inputs with unicode or reserved characters are
//!   therefore written percent-encoded, and each such row says so.
//! * `E(path, base_url)` (a WSGI environ) becomes an explicit bind to the host of
//!   `base_url`, with the raw path and query of the URL.
//! * Werkzeug's result dicts are unordered, so match arguments are compared sorted by name.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code, unused_imports)]

use std::fmt;

pub use http::{Method, StatusCode};
pub use stellwerk_runtime::routing::{
    Allowed, BuildOptions, Converter, EndpointPrefix, Map, MapAdapter, MapBuilder, Match,
    MatchOptions, RedirectTo, RoutingError, Rule, RuleError, RuleErrorKind, RuleFactory,
    RuleTemplate, Subdomain, Submount, ValidationError, Value,
};

/// A rule with an endpoint.
pub fn r(rule: &str, endpoint: &str) -> Rule {
    Rule::new(rule).endpoint(endpoint)
}

/// A map of these rules with default settings; panics naming the setup if it is invalid.
pub fn map(setup: &str, rules: Vec<Rule>) -> Map {
    build_map(setup, with_rules(Map::builder(), rules))
}

/// Adds the rules to a builder (so settings can be chosen first).
pub fn with_rules(builder: MapBuilder, rules: Vec<Rule>) -> MapBuilder {
    rules.into_iter().fold(builder, MapBuilder::rule)
}

/// Builds the map; panics naming the setup if it is invalid.
pub fn build_map(setup: &str, builder: MapBuilder) -> Map {
    builder
        .build()
        .unwrap_or_else(|e| panic!("setup {setup}: the map should build, got {e:?}"))
}

/// Text value.
pub fn s(text: &str) -> Value {
    Value::Str(text.to_string())
}

/// Integer value.
pub fn int(n: i128) -> Value {
    Value::Int(n)
}

/// A list value.
pub fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

/// An HTTP method from its text (any case is kept as given).
pub fn method(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap_or_else(|e| panic!("bad method {name:?}: {e}"))
}

/// One request: raw path, method, websocket mode and query string for redirects.
#[derive(Clone, Debug)]
pub struct Req {
    pub path: String,
    pub method: Method,
    pub websocket: Option<bool>,
    pub query: Option<String>,
}

/// A GET request for a raw path.
pub fn get(path: &str) -> Req {
    req("GET", path)
}

/// A request with this method for a raw path.
pub fn req(method_name: &str, path: &str) -> Req {
    Req {
        path: path.to_string(),
        method: method(method_name),
        websocket: None,
        query: None,
    }
}

impl Req {
    /// Forces websocket (or HTTP) mode, like Werkzeug's `match(websocket=...)`.
    pub fn websocket(mut self, on: bool) -> Self {
        self.websocket = Some(on);
        self
    }

    /// The raw query string kept on redirects, like `match(query_args=...)`.
    pub fn query(mut self, query: &str) -> Self {
        self.query = Some(query.to_string());
        self
    }
}

impl fmt::Display for Req {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.method, self.path)?;
        if let Some(ws) = self.websocket {
            write!(f, " websocket={ws}")?;
        }
        if let Some(q) = &self.query {
            write!(f, " query={q:?}")?;
        }
        Ok(())
    }
}

/// The outcome of a match, in a form that compares exactly.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// A match: endpoint and arguments (sorted by name).
    Match(String, Vec<(String, Value)>),
    /// A redirect: status and absolute location.
    Redirect(u16, String),
    /// 404.
    NotFound,
    /// 405 with the allowed methods (sorted).
    MethodNotAllowed(Vec<String>),
    /// 400 websocket mismatch.
    WebsocketMismatch,
    /// 400 for a path that does not decode to UTF-8.
    BadPath,
}

/// A successful match.
pub fn ok(endpoint: &str, args: &[(&str, Value)]) -> Expect {
    let mut args: Vec<(String, Value)> = args
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    args.sort_by(|a, b| a.0.cmp(&b.0));
    Expect::Match(endpoint.to_string(), args)
}

/// A 308 redirect (departure 16: 308 is the default status).
pub fn redirect(location: &str) -> Expect {
    Expect::Redirect(308, location.to_string())
}

/// A 405 with these allowed methods.
pub fn not_allowed(methods: &[&str]) -> Expect {
    Expect::MethodNotAllowed(methods.iter().map(|m| m.to_string()).collect())
}

/// 404.
pub const NOT_FOUND: Expect = Expect::NotFound;

/// 400 websocket mismatch.
pub const WS_MISMATCH: Expect = Expect::WebsocketMismatch;

/// Converts an engine result into the comparable form.
pub fn outcome(result: Result<Match, RoutingError>) -> Expect {
    match result {
        Ok(m) => {
            let mut args: Vec<(String, Value)> = m
                .args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            args.sort_by(|a, b| a.0.cmp(&b.0));
            Expect::Match(m.endpoint.to_string(), args)
        }
        Err(RoutingError::Redirect { location, status }) => {
            Expect::Redirect(status.as_u16(), location)
        }
        Err(RoutingError::NotFound) => Expect::NotFound,
        Err(RoutingError::MethodNotAllowed { allowed }) => {
            Expect::MethodNotAllowed(allowed.iter().map(|m| m.as_str().to_string()).collect())
        }
        Err(RoutingError::WebsocketMismatch) => Expect::WebsocketMismatch,
        Err(RoutingError::BadPath) => Expect::BadPath,
    }
}

/// Runs the request against the adapter.
pub fn run(adapter: &MapAdapter, request: &Req) -> Result<Match, RoutingError> {
    adapter.match_with(
        &request.path,
        &request.method,
        MatchOptions {
            websocket: request.websocket,
            query: request.query.as_deref(),
        },
    )
}

/// Collects the failing rows of a table so that one run reports all of them; call
/// [`Table::finish`] after the loop.
#[derive(Default)]
pub struct Table {
    failures: Vec<String>,
    rows: usize,
    finished: bool,
}

impl Table {
    /// An empty table.
    pub fn new() -> Self {
        Table::default()
    }

    /// Checks the outcome of one request.
    pub fn check_match(
        &mut self,
        case: &str,
        adapter: &MapAdapter,
        request: &Req,
        expected: &Expect,
    ) {
        self.rows += 1;
        let got = outcome(run(adapter, request));
        if &got != expected {
            self.failures.push(format!(
                "vector {case}: {request} on {} (script {}):\n    expected {expected:?}\n    got      {got:?}",
                adapter.server_name(),
                adapter.script_name()
            ));
        }
    }

    /// Checks the result of one build.
    pub fn check_build(&mut self, case: &str, adapter: &MapAdapter, b: &B, expected: &Url) {
        self.rows += 1;
        let got = adapter.build_with(&b.endpoint, &b.values, b.options.clone());
        let fine = match (expected, &got) {
            (Url::Is(url), Ok(built)) => built == url,
            (Url::Error(msg), Err(e)) => e.to_string() == *msg,
            (Url::ErrorStarting(prefix), Err(e)) => e.to_string().starts_with(prefix),
            _ => false,
        };
        if !fine {
            let got = got.map_err(|e| e.to_string());
            self.failures.push(format!(
                "vector {case}: build({:?}, {:?}, {:?}) on {} (script {}):\n    expected {expected:?}\n    got      {got:?}",
                b.endpoint,
                b.values,
                b.options,
                adapter.server_name(),
                adapter.script_name()
            ));
        }
    }

    /// Checks any other value.
    pub fn check<T: PartialEq + fmt::Debug>(&mut self, case: &str, got: T, expected: T) {
        self.rows += 1;
        if got != expected {
            self.failures.push(format!(
                "vector {case}:\n    expected {expected:?}\n    got      {got:?}"
            ));
        }
    }

    /// Panics listing every failing row.
    pub fn finish(mut self) {
        self.finished = true;
        assert!(self.rows > 0, "a table without rows asserts nothing");
        let failures = std::mem::take(&mut self.failures);
        assert!(
            failures.is_empty(),
            "{} of {} rows failed:\n{}",
            failures.len(),
            self.rows,
            failures.join("\n")
        );
    }
}

impl Drop for Table {
    fn drop(&mut self) {
        if !self.finished && !std::thread::panicking() {
            panic!("Table dropped without finish(): its rows were never asserted");
        }
    }
}

/// One URL to build: endpoint, values and options.
#[derive(Clone, Debug)]
pub struct B {
    pub endpoint: String,
    pub values: Vec<(&'static str, Value)>,
    pub options: BuildOptions,
}

/// Builds `endpoint` from `values` with default options.
pub fn build(endpoint: &str, values: Vec<(&'static str, Value)>) -> B {
    B {
        endpoint: endpoint.to_string(),
        values,
        options: BuildOptions::default(),
    }
}

impl B {
    /// `method=`.
    pub fn method(mut self, name: &str) -> Self {
        self.options.method = Some(method(name));
        self
    }

    /// `force_external=True`.
    pub fn external(mut self) -> Self {
        self.options.force_external = true;
        self
    }

    /// `append_unknown=False`.
    pub fn no_unknown(mut self) -> Self {
        self.options.append_unknown = false;
        self
    }

    /// `url_scheme=`.
    pub fn scheme(mut self, scheme: &str) -> Self {
        self.options.url_scheme = Some(scheme.to_string());
        self
    }
}

/// What a build should give.
#[derive(Clone, Debug, PartialEq)]
pub enum Url {
    /// This URL.
    Is(&'static str),
    /// A `BuildError` with exactly this message.
    Error(&'static str),
    /// A `BuildError` whose message starts with this text (used where stellwerk adds the
    /// reason a converter rejected a value, departure 2).
    ErrorStarting(&'static str),
}

/// The kind of error a map build gives, or `None` if it builds.
pub fn rule_error(builder: MapBuilder) -> Option<RuleErrorKind> {
    builder.build().err().map(|e| e.kind)
}
