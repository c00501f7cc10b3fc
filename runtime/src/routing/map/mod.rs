//! [`Map`]: the rules of an application, compiled into the state machine, and its builder.
//!
//! ```
//! use stellwerk_runtime::routing::{Map, Rule, RoutingError, Value};
//! use http::Method;
//!
//! let map = Map::builder()
//!     .rule(Rule::new("/").endpoint("index"))
//!     .rule(Rule::new("/users/<int:id>").endpoint("user"))
//!     .rule(Rule::new("/docs/").endpoint("docs"))
//!     .build()
//!     .unwrap();
//! let urls = map.bind("example.com", "/");
//! let m = urls.match_path("/users/7", &Method::GET).unwrap();
//! assert_eq!((&*m.endpoint, m.get("id")), ("user", Some(&Value::Int(7))));
//! assert!(matches!(urls.match_path("/docs", &Method::GET), Err(RoutingError::Redirect { .. })));
//! assert_eq!(urls.build("user", &[("id", 7.into())]).unwrap(), "/users/7");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use http::{Method, StatusCode};

use super::converter::{Converter, ConverterArgError, ConverterFactory};
use super::error::{RuleError, RuleErrorKind};
use super::factory::{RedirectTo, Rule, RuleFactory};
use super::matcher::{ConverterRef, Leaf, StateMachine};
use super::rule;
use super::value::Value;

mod bind;
use bind::bind_rule;

pub use super::adapter::{Allowed, MapAdapter, Match, MatchOptions};

/// Map-wide settings.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub strict_slashes: bool,
    pub merge_slashes: bool,
    pub redirect_defaults: bool,
    pub host_matching: bool,
    pub subdomain_matching: bool,
    pub default_subdomain: String,
    pub sort_parameters: bool,
    pub redirect_status: StatusCode,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            strict_slashes: true,
            merge_slashes: true,
            redirect_defaults: true,
            host_matching: false,
            subdomain_matching: true,
            default_subdomain: String::new(),
            sort_parameters: false,
            redirect_status: StatusCode::PERMANENT_REDIRECT,
        }
    }
}

/// Builds a [`Map`]: rules, factories, custom converters and settings.
pub struct MapBuilder {
    settings: Settings,
    rules: Vec<Rule>,
    error: Option<RuleError>,
    converters: HashMap<String, Arc<ConverterFactory>>,
}

impl fmt::Debug for MapBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapBuilder")
            .field("settings", &self.settings)
            .field("rules", &self.rules)
            .field("converters", &self.converters.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// One piece of a rule's URL template, ready for building.
#[derive(Clone, Debug)]
pub(crate) enum BuildPiece {
    /// Already-quoted static text.
    Text(String),
    /// The variable at this index of `BoundRule::variables`.
    Var(usize),
}

/// A compiled `redirect_to`.
#[derive(Clone, Debug)]
pub(crate) enum BoundRedirect {
    Template(Vec<(BuildPiece, Option<ConverterRef>)>),
    Function(RedirectTo),
}

/// A rule after binding to the map.
#[derive(Debug)]
pub(crate) struct BoundRule {
    pub rule: Arc<Rule>,
    pub endpoint: Option<Arc<str>>,
    /// Variables in rule order (domain first) with their converters.
    pub variables: Vec<(Arc<str>, ConverterRef)>,
    pub domain_pieces: Vec<BuildPiece>,
    pub path_pieces: Vec<BuildPiece>,
    /// A capacity for built paths: the static text plus 16 bytes per variable.
    pub path_len_hint: usize,
    pub methods: Option<Vec<Method>>,
    pub merge_slashes: bool,
    pub websocket: bool,
    pub alias: bool,
    pub build_only: bool,
    pub defaults: Vec<(String, Value)>,
    /// The keys of `defaults`, shared into every match.
    pub default_names: Vec<Arc<str>>,
    /// Variable names and default keys, sorted.
    pub arguments: Vec<String>,
    /// Identity of the compiled parts (Werkzeug's rule equality).
    pub trace: String,
    pub redirect: Option<BoundRedirect>,
    /// The variable that ends a rule like `/<path:p>/`: its value may not end in `/`, or the
    /// built URL would not match back.
    pub no_trailing_slash: Option<usize>,
    /// Earlier rules of the endpoint (build order) that provide defaults for this one.
    pub default_providers: Vec<usize>,
}

impl BoundRule {
    /// Werkzeug's `provides_defaults_for`.
    pub(crate) fn provides_defaults_for(&self, rule: &BoundRule) -> bool {
        !self.build_only
            && !self.defaults.is_empty()
            && self.endpoint == rule.endpoint
            && self.trace != rule.trace
            && self.arguments == rule.arguments
    }
}

/// A multiply-rotate hasher for endpoint names (FxHash's scheme). The keys are the
/// application's own endpoint names, not client input, so flooding is no concern, and
/// hashing a short name costs a few instructions instead of SipHash's rounds.
#[derive(Clone, Copy, Default)]
pub(crate) struct EndpointHasher(u64);

impl EndpointHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for EndpointHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut last = 0u64;
        for (i, &b) in chunks.remainder().iter().enumerate() {
            last |= u64::from(b) << (8 * i);
        }
        self.add(last ^ ((bytes.len() as u64) << 56));
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Rule indexes per endpoint.
pub(crate) type EndpointMap = HashMap<String, Vec<usize>, BuildHasherDefault<EndpointHasher>>;

pub(crate) struct MapInner {
    pub settings: Settings,
    pub rules: Vec<BoundRule>,
    pub machine: StateMachine,
    /// Per endpoint, rule indexes in build order.
    pub by_endpoint: EndpointMap,
}

/// The compiled rules of an application. Cheap to clone (shared).
#[derive(Clone)]
pub struct Map {
    pub(crate) inner: Arc<MapInner>,
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules: Vec<String> = self
            .inner
            .rules
            .iter()
            .map(|r| {
                format!(
                    "<Rule '{}' -> {}>",
                    r.rule.rule,
                    r.endpoint.as_deref().unwrap_or("None")
                )
            })
            .collect();
        write!(f, "Map([{}])", rules.join(", "))
    }
}

impl Map {
    /// A builder with Werkzeug's defaults (strict and merged slashes, redirect defaults,
    /// subdomain matching, 308 redirects).
    pub fn builder() -> MapBuilder {
        MapBuilder {
            settings: Settings::default(),
            rules: Vec::new(),
            error: None,
            converters: HashMap::new(),
        }
    }

    /// Binds the map to a server name and script name for matching and building.
    /// `server_name` is lower-cased; `script_name` gets one leading and one trailing slash.
    pub fn bind(&self, server_name: &str, script_name: &str) -> MapAdapter {
        MapAdapter::new(self.clone(), server_name, script_name)
    }

    /// [`Map::bind`], refusing a server name that IDNA encoding refuses (an empty label, a
    /// label over 63 bytes), as Werkzeug's `bind` does with `BadHost` (400).
    ///
    /// ```
    /// use stellwerk_runtime::routing::{Map, Rule};
    ///
    /// let map = Map::builder().rule(Rule::new("/").endpoint("index")).build().unwrap();
    /// assert_eq!(map.try_bind("☃.example.com", "/").unwrap().server_name(), "xn--n3h.example.com");
    /// let bad = map.try_bind("a..b", "/").unwrap_err();
    /// assert_eq!(bad.status().as_u16(), 400);
    /// ```
    pub fn try_bind(
        &self,
        server_name: &str,
        script_name: &str,
    ) -> Result<MapAdapter, super::idna::BadHost> {
        super::idna::try_encode_host(server_name)?;
        Ok(self.bind(server_name, script_name))
    }

    /// [`Map::bind_to_host`], refusing a `Host` (or server name) that IDNA encoding refuses:
    /// the host comes from the client, so a malformed one is a 400, not a redirect target.
    ///
    /// ```
    /// use stellwerk_runtime::routing::{Map, Rule};
    ///
    /// let map = Map::builder().rule(Rule::new("/").endpoint("index")).build().unwrap();
    /// assert!(map.try_bind_to_host("example.com:80", None, "/", "http").is_ok());
    /// assert!(map.try_bind_to_host("example..com", None, "/", "http").is_err());
    /// ```
    pub fn try_bind_to_host(
        &self,
        host: &str,
        server_name: Option<&str>,
        script_name: &str,
        url_scheme: &str,
    ) -> Result<MapAdapter, super::idna::BadHost> {
        super::idna::try_encode_host(host)?;
        if let Some(server) = server_name {
            super::idna::try_encode_host(server)?;
        }
        Ok(self.bind_to_host(host, server_name, script_name, url_scheme))
    }

    /// Binds from a request's `Host` header, like Werkzeug's `bind_to_environ`: the host is
    /// lower-cased and loses its default port (80 for http/ws, 443 for https/wss). With
    /// host matching the host is the server name. Otherwise, with `server_name` given,
    /// the subdomain is what the host has in front of it (the default subdomain when the
    /// host is not under `server_name`); without it the host is the server name and the
    /// subdomain is empty.
    ///
    /// ```
    /// use stellwerk_runtime::routing::{Map, Rule};
    /// use http::Method;
    ///
    /// let map = Map::builder()
    ///     .rule(Rule::new("/").endpoint("index"))
    ///     .rule(Rule::new("/").endpoint("alt").subdomain("alt"))
    ///     .build()
    ///     .unwrap();
    /// let a = map.bind_to_host("ALT.example.com:80", Some("example.com"), "/", "http");
    /// assert_eq!(&*a.match_path("/", &Method::GET).unwrap().endpoint, "alt");
    /// ```
    pub fn bind_to_host(
        &self,
        host: &str,
        server_name: Option<&str>,
        script_name: &str,
        url_scheme: &str,
    ) -> MapAdapter {
        let strip_port = |h: &str| -> String {
            let h = super::idna::encode_host(h);
            let default = match url_scheme {
                "https" | "wss" => ":443",
                _ => ":80",
            };
            h.strip_suffix(default).map(str::to_string).unwrap_or(h)
        };
        let host = strip_port(host);
        let settings = &self.inner.settings;
        if settings.host_matching || server_name.is_none() {
            let adapter = MapAdapter::new(self.clone(), &host, script_name).url_scheme(url_scheme);
            return if settings.subdomain_matching {
                adapter.subdomain("")
            } else {
                adapter
            };
        }
        let server = strip_port(server_name.unwrap_or_default());
        let adapter = MapAdapter::new(self.clone(), &server, script_name).url_scheme(url_scheme);
        if !settings.subdomain_matching {
            return adapter;
        }
        let host_labels: Vec<&str> = host.split('.').collect();
        let server_labels: Vec<&str> = server.split('.').collect();
        if host_labels.ends_with(&server_labels) {
            let sub = host_labels[..host_labels.len() - server_labels.len()].join(".");
            adapter.subdomain(&sub)
        } else {
            adapter
        }
    }

    /// The rules in insertion order (after factories were applied).
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.inner.rules.iter().map(|r| &*r.rule)
    }

    /// The rules of an endpoint in build order (`None` for an unknown endpoint).
    pub fn rules_for(&self, endpoint: &str) -> Option<Vec<&Rule>> {
        self.inner
            .by_endpoint
            .get(endpoint)
            .map(|ids| ids.iter().map(|&i| &*self.inner.rules[i].rule).collect())
    }

    /// Whether host matching is on.
    pub fn host_matching(&self) -> bool {
        self.inner.settings.host_matching
    }

    /// Whether subdomain matching is on (always off with host matching).
    pub fn subdomain_matching(&self) -> bool {
        self.inner.settings.subdomain_matching
    }

    /// The state machine, for inspection.
    pub fn state_machine(&self) -> &StateMachine {
        &self.inner.machine
    }
}

impl MapBuilder {
    /// Adds a rule.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Adds the rules of a factory ([`Submount`](super::Submount),
    /// [`Subdomain`](super::Subdomain), [`EndpointPrefix`](super::EndpointPrefix), a
    /// [`RuleTemplate`](super::RuleTemplate) applied to values, or a [`Rule`]).
    // `add` is Werkzeug's name for this; it is not `ops::Add`.
    #[allow(clippy::should_implement_trait)]
    pub fn add(mut self, factory: impl RuleFactory) -> Self {
        match factory.get_rules() {
            Ok(rules) => self.rules.extend(rules),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// Registers a custom converter under `name`; the factory receives the placeholder's
    /// parsed arguments. A custom converter named like a built-in (even `default`)
    /// replaces it.
    pub fn converter<F>(mut self, name: &str, factory: F) -> Self
    where
        F: Fn(&[rule::Arg]) -> Result<Box<dyn Converter>, ConverterArgError>
            + Send
            + Sync
            + 'static,
    {
        self.converters.insert(name.to_string(), Arc::new(factory));
        self
    }

    /// Default `strict_slashes` for rules (default true).
    pub fn strict_slashes(mut self, on: bool) -> Self {
        self.settings.strict_slashes = on;
        self
    }

    /// Merge repeated slashes in requests (redirect) and rules (default true).
    pub fn merge_slashes(mut self, on: bool) -> Self {
        self.settings.merge_slashes = on;
        self
    }

    /// Redirect to the rule that provides defaults, and from aliases (default true).
    pub fn redirect_defaults(mut self, on: bool) -> Self {
        self.settings.redirect_defaults = on;
        self
    }

    /// Match rules by host (turns subdomain matching off; every rule needs a host).
    pub fn host_matching(mut self, on: bool) -> Self {
        self.settings.host_matching = on;
        self
    }

    /// Match rules by subdomain (default true).
    pub fn subdomain_matching(mut self, on: bool) -> Self {
        self.settings.subdomain_matching = on;
        self
    }

    /// The subdomain of rules that set none.
    pub fn default_subdomain(mut self, subdomain: &str) -> Self {
        self.settings.default_subdomain = subdomain.to_ascii_lowercase();
        self
    }

    /// Sort query parameters when building (by key, then value).
    pub fn sort_parameters(mut self, on: bool) -> Self {
        self.settings.sort_parameters = on;
        self
    }

    /// The status of every redirect (default 308).
    pub fn redirect_status(mut self, status: StatusCode) -> Self {
        self.settings.redirect_status = status;
        self
    }

    /// Compiles every rule. Errors: grammar, unknown converters, converter arguments,
    /// duplicates, defaults for rule variables, websocket methods, missing hosts,
    /// alias-only endpoints, missing endpoints.
    pub fn build(self) -> Result<Map, RuleError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut settings = self.settings;
        if settings.host_matching {
            settings.subdomain_matching = false;
        }
        let mut machine = StateMachine::new();
        let mut rules: Vec<BoundRule> = Vec::with_capacity(self.rules.len());
        let mut by_endpoint = EndpointMap::default();
        for rule in self.rules {
            let index = rules.len();
            let (bound, parts, strict) = bind_rule(rule, &settings, &self.converters)?;
            if !bound.build_only {
                let leaf = Leaf {
                    rule: index,
                    methods: bound.methods.clone(),
                    websocket: bound.websocket,
                    strict_slashes: strict,
                };
                if let Err(dup) = machine.insert(&parts, leaf) {
                    let existing = &rules[dup];
                    return Err(RuleError::new(
                        RuleErrorKind::Duplicate,
                        &bound.rule.rule,
                        format!(
                            "the rule {:?} (endpoint {:?}) matches the same requests as {:?} (endpoint {:?}): change its path, methods or host",
                            bound.rule.rule,
                            bound.endpoint.as_deref().unwrap_or(""),
                            existing.rule.rule,
                            existing.endpoint.as_deref().unwrap_or("")
                        ),
                    ));
                }
            }
            if let Some(e) = &bound.endpoint {
                by_endpoint.entry(e.to_string()).or_default().push(index);
            }
            rules.push(bound);
        }
        for (endpoint, ids) in &mut by_endpoint {
            if ids.iter().all(|&i| rules[i].alias) {
                return Err(RuleError::new(
                    RuleErrorKind::AliasOnly,
                    &rules[ids[0]].rule.rule,
                    format!(
                        "every rule of the endpoint {endpoint:?} is an alias: add a canonical (non-alias) rule for it"
                    ),
                ));
            }
            // Build order: non-aliases first, then more arguments, then more defaults.
            ids.sort_by_key(|&i| {
                let r = &rules[i];
                (
                    r.alias,
                    std::cmp::Reverse(r.arguments.len()),
                    std::cmp::Reverse(r.defaults.len()),
                )
            });
        }
        // Precompute, per rule, the earlier rules of its endpoint that provide defaults
        // for it, so matching does no work for the common rule that has none.
        let mut providers: Vec<(usize, Vec<usize>)> = Vec::new();
        for ids in by_endpoint.values() {
            for (k, &i) in ids.iter().enumerate() {
                let found: Vec<usize> = ids[..k]
                    .iter()
                    .copied()
                    .filter(|&j| rules[j].provides_defaults_for(&rules[i]))
                    .collect();
                if !found.is_empty() {
                    providers.push((i, found));
                }
            }
        }
        for (i, found) in providers {
            rules[i].default_providers = found;
        }
        Ok(Map {
            inner: Arc::new(MapInner {
                settings,
                rules,
                machine,
                by_endpoint,
            }),
        })
    }
}
