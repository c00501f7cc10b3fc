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
use std::sync::Arc;

use http::{Method, StatusCode};

use super::converter::{BUILTIN_NAMES, Converter, ConverterArgError, ConverterFactory, builtin};
use super::error::{RuleError, RuleErrorKind};
use super::factory::{RedirectTo, Rule, RuleFactory};
use super::matcher::{ConverterRef, Leaf, PartSpec, StateMachine, compile_parts};
use super::quote::quote_path;
use super::rule::{self, ParsedRule, Token, Variable};
use super::value::Value;

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
    pub methods: Option<Vec<Method>>,
    pub merge_slashes: bool,
    pub websocket: bool,
    pub alias: bool,
    pub build_only: bool,
    pub defaults: Vec<(String, Value)>,
    /// Variable names and default keys, sorted.
    pub arguments: Vec<String>,
    /// Identity of the compiled parts (Werkzeug's rule equality).
    pub trace: String,
    pub redirect: Option<BoundRedirect>,
}

pub(crate) struct MapInner {
    pub settings: Settings,
    pub rules: Vec<BoundRule>,
    pub machine: StateMachine,
    /// Per endpoint, rule indexes in build order.
    pub by_endpoint: HashMap<String, Vec<usize>>,
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
        let mut by_endpoint: HashMap<String, Vec<usize>> = HashMap::new();
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

type Registry = HashMap<String, Arc<ConverterFactory>>;

fn resolve_converter(
    var: &Variable,
    registry: &Registry,
    rule: &str,
) -> Result<ConverterRef, RuleError> {
    let name = var.converter_name();
    let name_span = var.converter.as_ref().map(|c| c.name_span.clone());
    if let Some(factory) = registry.get(name) {
        return factory(var.args())
            .map(|c| ConverterRef::Custom(Arc::from(c)))
            .map_err(|e| RuleError::converter_args(rule, e));
    }
    match builtin(name, var.args()) {
        Some(Ok(b)) => Ok(ConverterRef::Builtin(b)),
        Some(Err(e)) => Err(RuleError::converter_args(rule, e)),
        None => {
            let mut known: Vec<&str> = BUILTIN_NAMES.to_vec();
            known.extend(registry.keys().map(String::as_str));
            known.sort_unstable();
            known.dedup();
            Err(RuleError::new(
                RuleErrorKind::UnknownConverter,
                rule,
                format!(
                    "the converter '{name}' does not exist: use one of {} or register it with MapBuilder::converter",
                    known.join(", ")
                ),
            )
            .with_span(name_span))
        }
    }
}

fn parse_methods(rule: &Rule) -> Result<Option<Vec<Method>>, RuleError> {
    let Some(names) = &rule.methods else {
        return Ok(None);
    };
    let mut methods = Vec::new();
    for name in names {
        let m = Method::from_bytes(name.as_bytes()).map_err(|_| {
            RuleError::new(
                RuleErrorKind::InvalidMethod,
                &rule.rule,
                format!("{name:?} is not a valid HTTP method name"),
            )
        })?;
        if !methods.contains(&m) {
            methods.push(m);
        }
    }
    if methods.contains(&Method::GET) && !methods.contains(&Method::HEAD) {
        methods.push(Method::HEAD);
    }
    if rule.websocket
        && methods
            .iter()
            .any(|m| *m != Method::GET && *m != Method::HEAD && *m != Method::OPTIONS)
    {
        return Err(RuleError::new(
            RuleErrorKind::WebsocketMethods,
            &rule.rule,
            "WebSocket rules can only use 'GET', 'HEAD', and 'OPTIONS' methods",
        ));
    }
    methods.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    Ok(Some(methods))
}

/// Static text and variables of a parsed rule as build pieces; `merge` collapses slashes.
fn build_pieces(
    parsed: &ParsedRule,
    merge: bool,
    names: &mut Vec<String>,
    is_domain: bool,
) -> Vec<BuildPiece> {
    let mut pieces: Vec<BuildPiece> = Vec::new();
    let mut prev_slash = false;
    for token in &parsed.tokens {
        let text = match token {
            Token::Slash(_) => {
                if merge && prev_slash {
                    continue;
                }
                prev_slash = true;
                "/".to_string()
            }
            Token::Static(s) => {
                prev_slash = false;
                if is_domain {
                    s.text.to_ascii_lowercase()
                } else {
                    quote_path(&s.text).into_owned()
                }
            }
            Token::Variable(v) => {
                prev_slash = false;
                pieces.push(BuildPiece::Var(names.len()));
                names.push(v.name.clone());
                continue;
            }
        };
        match pieces.last_mut() {
            Some(BuildPiece::Text(t)) => t.push_str(&text),
            _ => pieces.push(BuildPiece::Text(text)),
        }
    }
    pieces
}

fn grammar(
    rule: &str,
    what: &str,
    r: Result<ParsedRule, Vec<rule::GrammarError>>,
) -> Result<ParsedRule, RuleError> {
    r.map_err(|e| RuleError::grammar(rule, what, e))
}

fn bind_rule(
    rule: Rule,
    settings: &Settings,
    registry: &Registry,
) -> Result<(BoundRule, Vec<PartSpec>, bool), RuleError> {
    let src = rule.rule.clone();
    let methods = parse_methods(&rule)?;
    if rule.endpoint.is_none() && rule.redirect_to.is_none() {
        return Err(RuleError::new(
            RuleErrorKind::MissingEndpoint,
            &src,
            "this rule has no endpoint: call .endpoint(\"name\") (or .redirect_to(..))",
        ));
    }
    let path = grammar(&src, "url rule", rule::parse(&src))?;
    let domain_src = if settings.host_matching {
        match &rule.host {
            Some(h) => Some(h.clone()),
            None => {
                return Err(RuleError::new(
                    RuleErrorKind::MissingHost,
                    &src,
                    "host matching is on but this rule has no host: call .host(\"example.com\")",
                ));
            }
        }
    } else if settings.subdomain_matching {
        Some(
            rule.subdomain
                .clone()
                .unwrap_or_else(|| settings.default_subdomain.clone()),
        )
    } else {
        None
    };
    let domain = match domain_src.as_deref() {
        None | Some("") => None,
        Some(d) => Some(grammar(&src, "domain", rule::parse_domain(d))?),
    };
    // Duplicate variable names across domain and path.
    if let Some(d) = &domain {
        for v in path.variables() {
            if d.variables().any(|dv| dv.name == v.name) {
                return Err(RuleError::new(
                    RuleErrorKind::Grammar,
                    &src,
                    format!(
                        "the variable '{}' is used in both the domain and the path; give each its own name",
                        v.name
                    ),
                )
                .with_span(Some(v.name_span.clone())));
            }
        }
    }
    let merge = rule.merge_slashes.unwrap_or(settings.merge_slashes);
    let strict = rule.strict_slashes.unwrap_or(settings.strict_slashes);
    let mut variables: Vec<(Arc<str>, ConverterRef)> = Vec::new();
    let mut resolve = |v: &Variable| -> Result<ConverterRef, RuleError> {
        let c = resolve_converter(v, registry, &src)?;
        variables.push((Arc::from(v.name.as_str()), c.clone()));
        Ok(c)
    };
    let mut part_error = |e: super::matcher::PartError| {
        RuleError::new(RuleErrorKind::InvalidConverter, &src, e.message.clone())
    };
    let parts = compile_parts(domain.as_ref(), &path, merge, &mut resolve, &mut part_error)?;
    // compile_parts resolves variables in rule order, domain first.
    if let Some(PartSpec::Dynamic(d)) = parts.first() {
        if d.is_final {
            return Err(RuleError::new(
                RuleErrorKind::InvalidConverter,
                &src,
                "a converter that spans segments (like path) cannot be used in a domain",
            ));
        }
    }
    let mut names = Vec::new();
    let domain_pieces = domain
        .as_ref()
        .map(|d| build_pieces(d, false, &mut names, true))
        .unwrap_or_default();
    let path_pieces = build_pieces(&path, merge, &mut names, false);
    debug_assert_eq!(names.len(), variables.len());
    for (name, _) in &rule.defaults {
        if let Some(v) = path
            .variables()
            .chain(domain.iter().flat_map(|d| d.variables()))
            .find(|v| &v.name == name)
        {
            return Err(RuleError::new(
                RuleErrorKind::DefaultForVariable,
                &src,
                format!(
                    "the variable '{name}' also has a default: a matched value would be overwritten; remove the default or the variable"
                ),
            )
            .with_span(Some(v.name_span.clone())));
        }
    }
    let mut arguments: Vec<String> = variables
        .iter()
        .map(|(n, _)| n.to_string())
        .chain(rule.defaults.iter().map(|(k, _)| k.clone()))
        .collect();
    arguments.sort();
    arguments.dedup();
    let trace = parts
        .iter()
        .map(|p| match p {
            PartSpec::Static(s) => format!("{s:?}"),
            PartSpec::Dynamic(d) => d.key.clone(),
        })
        .collect::<Vec<_>>()
        .join("|");
    let redirect = match &rule.redirect_to {
        None => None,
        Some(f @ RedirectTo::Function(_)) => Some(BoundRedirect::Function(f.clone())),
        Some(RedirectTo::Template(t)) => Some(bind_redirect_template(
            t,
            &src,
            &variables,
            &rule.defaults,
            registry,
        )?),
    };
    let bound = BoundRule {
        endpoint: rule.endpoint.as_deref().map(Arc::from),
        variables,
        domain_pieces,
        path_pieces,
        methods,
        merge_slashes: merge,
        websocket: rule.websocket,
        alias: rule.alias,
        build_only: rule.build_only,
        defaults: rule.defaults.clone(),
        arguments,
        trace,
        redirect,
        rule: Arc::new(rule),
    };
    Ok((bound, parts, strict))
}

fn bind_redirect_template(
    template: &str,
    src: &str,
    variables: &[(Arc<str>, ConverterRef)],
    defaults: &[(String, Value)],
    registry: &Registry,
) -> Result<BoundRedirect, RuleError> {
    let parsed = grammar(src, "redirect_to template", rule::parse_template(template))?;
    let mut pieces = Vec::new();
    for token in &parsed.tokens {
        match token {
            Token::Slash(_) => pieces.push((BuildPiece::Text("/".into()), None)),
            Token::Static(s) => pieces.push((BuildPiece::Text(s.text.clone()), None)),
            Token::Variable(v) => {
                let own = match &v.converter {
                    Some(_) => Some(resolve_converter(v, registry, src)?),
                    None => None,
                };
                if let Some(i) = variables.iter().position(|(n, _)| **n == *v.name) {
                    let conv = own.unwrap_or_else(|| variables[i].1.clone());
                    pieces.push((BuildPiece::Var(i), Some(conv)));
                } else if let Some(i) = defaults.iter().position(|(k, _)| *k == v.name) {
                    // Index past the variables: a default value.
                    let conv = match own {
                        Some(c) => c,
                        None => resolve_converter(v, registry, src)?,
                    };
                    pieces.push((BuildPiece::Var(variables.len() + i), Some(conv)));
                } else {
                    return Err(RuleError::new(
                        RuleErrorKind::Grammar,
                        src,
                        format!(
                            "the redirect_to placeholder '{}' is neither a rule variable nor a default",
                            v.name
                        ),
                    ));
                }
            }
        }
    }
    Ok(BoundRedirect::Template(pieces))
}
