//! [`Rule`] and the rule factories ([`Submount`], [`Subdomain`], [`EndpointPrefix`],
//! [`RuleTemplate`]). Factories keep every setting of the rules they wrap (departure 7).

use std::fmt;
use std::sync::Arc;

use super::error::{RuleError, RuleErrorKind};
use super::map::MapAdapter;
use super::value::Value;

/// Computes a `redirect_to` target from the adapter and the matched values.
pub type RedirectFn = dyn Fn(&MapAdapter, &[(Arc<str>, Value)]) -> String + Send + Sync;

/// Where a `redirect_to` rule sends the client.
#[derive(Clone)]
pub enum RedirectTo {
    /// A template such as `/new/<id>` or `https://other.test/<int:id>`; placeholders are
    /// built with their converter. Relative targets resolve against the script root.
    Template(String),
    /// A function of the adapter and the matched values.
    Function(Arc<RedirectFn>),
}

impl RedirectTo {
    /// A redirect computed by a function of the adapter and the matched values.
    ///
    /// ```
    /// use stellwerk_runtime::routing::{Map, RedirectTo, Rule, RoutingError};
    /// use http::Method;
    ///
    /// let map = Map::builder()
    ///     .rule(Rule::new("/old/<int:id>").redirect_to(RedirectTo::function(|_, values| {
    ///         format!("/new/{}", values[0].1)
    ///     })))
    ///     .build()
    ///     .unwrap();
    /// let err = map.bind("h", "/").match_path("/old/7", &Method::GET).unwrap_err();
    /// assert!(matches!(err, RoutingError::Redirect { location, .. } if location == "http://h/new/7"));
    /// ```
    pub fn function(
        f: impl Fn(&MapAdapter, &[(Arc<str>, Value)]) -> String + Send + Sync + 'static,
    ) -> Self {
        RedirectTo::Function(Arc::new(f))
    }
}

impl fmt::Debug for RedirectTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectTo::Template(t) => f.debug_tuple("Template").field(t).finish(),
            RedirectTo::Function(_) => f.write_str("Function(..)"),
        }
    }
}

impl From<&str> for RedirectTo {
    fn from(s: &str) -> Self {
        RedirectTo::Template(s.to_string())
    }
}

impl From<String> for RedirectTo {
    fn from(s: String) -> Self {
        RedirectTo::Template(s)
    }
}

/// One URL rule and its settings (Werkzeug's `Rule`).
///
/// ```
/// use stellwerk_runtime::routing::Rule;
///
/// let rule = Rule::new("/users/<int:id>").endpoint("user").methods(["get"]);
/// assert_eq!(rule.rule(), "/users/<int:id>");
/// assert_eq!(rule.endpoint_name(), Some("user"));
/// ```
#[derive(Clone, Debug)]
pub struct Rule {
    pub(crate) rule: String,
    pub(crate) endpoint: Option<String>,
    pub(crate) methods: Option<Vec<String>>,
    pub(crate) defaults: Vec<(String, Value)>,
    pub(crate) strict_slashes: Option<bool>,
    pub(crate) merge_slashes: Option<bool>,
    pub(crate) subdomain: Option<String>,
    pub(crate) host: Option<String>,
    pub(crate) redirect_to: Option<RedirectTo>,
    pub(crate) alias: bool,
    pub(crate) websocket: bool,
    pub(crate) build_only: bool,
}

impl Rule {
    /// A rule for this rule string (it must start with `/`; checked when the map is built).
    pub fn new(rule: impl Into<String>) -> Self {
        Rule {
            rule: rule.into(),
            endpoint: None,
            methods: None,
            defaults: Vec::new(),
            strict_slashes: None,
            merge_slashes: None,
            subdomain: None,
            host: None,
            redirect_to: None,
            alias: false,
            websocket: false,
            build_only: false,
        }
    }

    /// The endpoint name that a match returns and that building looks up.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The accepted methods (any case; `HEAD` is added when `GET` is listed). Without this
    /// call every method is accepted.
    pub fn methods<M: AsRef<str>>(mut self, methods: impl IntoIterator<Item = M>) -> Self {
        self.methods = Some(
            methods
                .into_iter()
                .map(|m| m.as_ref().to_ascii_uppercase())
                .collect(),
        );
        self
    }

    /// Values added to every match; for building, a rule is only chosen when the given
    /// values equal its defaults.
    pub fn defaults<K: Into<String>, V: Into<Value>>(
        mut self,
        defaults: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.defaults = defaults
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self
    }

    /// Overrides the map's `strict_slashes`.
    pub fn strict_slashes(mut self, on: bool) -> Self {
        self.strict_slashes = Some(on);
        self
    }

    /// Overrides the map's `merge_slashes` for this rule.
    pub fn merge_slashes(mut self, on: bool) -> Self {
        self.merge_slashes = Some(on);
        self
    }

    /// The subdomain this rule answers on (may contain placeholders).
    pub fn subdomain(mut self, subdomain: impl Into<String>) -> Self {
        self.subdomain = Some(subdomain.into());
        self
    }

    /// The host this rule answers on with host matching (may contain placeholders).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Redirects (308 by default) matching requests to this target.
    pub fn redirect_to(mut self, target: impl Into<RedirectTo>) -> Self {
        self.redirect_to = Some(target.into());
        self
    }

    /// Marks an alias: it matches, then redirects to the endpoint's canonical URL.
    pub fn alias(mut self, on: bool) -> Self {
        self.alias = on;
        self
    }

    /// Marks a websocket rule (matches only websocket requests).
    pub fn websocket(mut self, on: bool) -> Self {
        self.websocket = on;
        self
    }

    /// Only for building, never matched.
    pub fn build_only(mut self, on: bool) -> Self {
        self.build_only = on;
        self
    }

    /// The rule string.
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// The endpoint name.
    pub fn endpoint_name(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The methods as given (upper-cased), before `HEAD` is added.
    pub fn method_names(&self) -> Option<&[String]> {
        self.methods.as_deref()
    }

    /// The defaults.
    pub fn default_values(&self) -> &[(String, Value)] {
        &self.defaults
    }

    /// The subdomain setting.
    pub fn subdomain_name(&self) -> Option<&str> {
        self.subdomain.as_deref()
    }

    /// The host setting.
    pub fn host_name(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// The `redirect_to` setting.
    pub fn redirect_target(&self) -> Option<&RedirectTo> {
        self.redirect_to.as_ref()
    }

    /// Is this an alias?
    pub fn is_alias(&self) -> bool {
        self.alias
    }

    /// Is this a websocket rule?
    pub fn is_websocket(&self) -> bool {
        self.websocket
    }

    /// Is this rule only for building?
    pub fn is_build_only(&self) -> bool {
        self.build_only
    }

    /// The rule's own `strict_slashes` (None: inherit the map's).
    pub fn strict_slashes_setting(&self) -> Option<bool> {
        self.strict_slashes
    }

    /// The rule's own `merge_slashes` (None: inherit the map's).
    pub fn merge_slashes_setting(&self) -> Option<bool> {
        self.merge_slashes
    }
}

/// Something that yields rules: a [`Rule`] or a factory.
pub trait RuleFactory {
    /// The rules, or the first error (e.g. a template placeholder without a value).
    fn get_rules(&self) -> Result<Vec<Rule>, RuleError>;
}

impl RuleFactory for Rule {
    fn get_rules(&self) -> Result<Vec<Rule>, RuleError> {
        Ok(vec![self.clone()])
    }
}

/// Rules gathered by a factory builder.
#[derive(Clone, Debug, Default)]
struct RuleList {
    rules: Vec<Rule>,
    error: Option<RuleError>,
}

impl RuleList {
    fn add(&mut self, factory: &dyn RuleFactory) {
        match factory.get_rules() {
            Ok(rules) => self.rules.extend(rules),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }

    fn map(&self, f: impl Fn(Rule) -> Result<Rule, RuleError>) -> Result<Vec<Rule>, RuleError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        self.rules.iter().cloned().map(f).collect()
    }
}

macro_rules! factory_builders {
    ($t:ty) => {
        impl $t {
            /// Adds a rule.
            pub fn rule(mut self, rule: Rule) -> Self {
                self.list.add(&rule);
                self
            }

            /// Adds the rules of another factory (factories nest).
            // `add` is Werkzeug's name (and the map builder's); this is not `ops::Add`.
            #[allow(clippy::should_implement_trait)]
            pub fn add(mut self, factory: impl RuleFactory) -> Self {
                self.list.add(&factory);
                self
            }
        }
    };
}

/// Prefixes the rule strings of its rules with a path.
///
/// ```
/// use stellwerk_runtime::routing::{Rule, RuleFactory, Submount};
///
/// let rules = Submount::new("/blog/").rule(Rule::new("/").endpoint("i")).get_rules().unwrap();
/// assert_eq!(rules[0].rule(), "/blog/");
/// ```
#[derive(Clone, Debug)]
pub struct Submount {
    path: String,
    list: RuleList,
}

impl Submount {
    /// A submount at `path` (a trailing `/` is dropped before the rules are appended).
    pub fn new(path: impl Into<String>) -> Self {
        Submount {
            path: path.into(),
            list: RuleList::default(),
        }
    }
}
factory_builders!(Submount);

impl RuleFactory for Submount {
    fn get_rules(&self) -> Result<Vec<Rule>, RuleError> {
        let prefix = self.path.trim_end_matches('/');
        self.list.map(|mut r| {
            r.rule = format!("{prefix}{}", r.rule);
            Ok(r)
        })
    }
}

/// Sets the subdomain of its rules (overriding theirs).
#[derive(Clone, Debug)]
pub struct Subdomain {
    subdomain: String,
    list: RuleList,
}

impl Subdomain {
    /// Rules on this subdomain (may contain placeholders).
    pub fn new(subdomain: impl Into<String>) -> Self {
        Subdomain {
            subdomain: subdomain.into(),
            list: RuleList::default(),
        }
    }
}
factory_builders!(Subdomain);

impl RuleFactory for Subdomain {
    fn get_rules(&self) -> Result<Vec<Rule>, RuleError> {
        self.list.map(|mut r| {
            r.subdomain = Some(self.subdomain.clone());
            Ok(r)
        })
    }
}

/// Prefixes the endpoints of its rules.
#[derive(Clone, Debug)]
pub struct EndpointPrefix {
    prefix: String,
    list: RuleList,
}

impl EndpointPrefix {
    /// Endpoints prefixed with `prefix`.
    pub fn new(prefix: impl Into<String>) -> Self {
        EndpointPrefix {
            prefix: prefix.into(),
            list: RuleList::default(),
        }
    }
}
factory_builders!(EndpointPrefix);

impl RuleFactory for EndpointPrefix {
    fn get_rules(&self) -> Result<Vec<Rule>, RuleError> {
        self.list.map(|mut r| {
            if let Some(e) = &r.endpoint {
                r.endpoint = Some(format!("{}{e}", self.prefix));
            }
            Ok(r)
        })
    }
}

/// A set of rules with `$name` / `${name}` placeholders, applied with [`RuleTemplate::apply`].
///
/// ```
/// use stellwerk_runtime::routing::{Rule, RuleFactory, RuleTemplate};
///
/// let t = RuleTemplate::new().rule(Rule::new("/$name/").endpoint("$name.list"));
/// let rules = t.apply([("name", "user")]).get_rules().unwrap();
/// assert_eq!((rules[0].rule(), rules[0].endpoint_name()), ("/user/", Some("user.list")));
/// ```
#[derive(Clone, Debug, Default)]
pub struct RuleTemplate {
    list: RuleList,
}

impl RuleTemplate {
    /// An empty template.
    pub fn new() -> Self {
        RuleTemplate::default()
    }

    /// Substitutes the placeholders with these values.
    pub fn apply<K: Into<String>, V: Into<String>>(
        &self,
        context: impl IntoIterator<Item = (K, V)>,
    ) -> RuleTemplateFactory {
        RuleTemplateFactory {
            list: self.list.clone(),
            context: context
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}
factory_builders!(RuleTemplate);

/// A [`RuleTemplate`] with values for its placeholders.
#[derive(Clone, Debug)]
pub struct RuleTemplateFactory {
    list: RuleList,
    context: Vec<(String, String)>,
}

fn substitute(text: &str, ctx: &[(String, String)], rule: &str) -> Result<String, RuleError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(r) = after.strip_prefix('$') {
            out.push('$');
            rest = r;
            continue;
        }
        let (name, next) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => (inner, ""),
            }
        } else {
            let len = after
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            (&after[..len], &after[len..])
        };
        match ctx.iter().find(|(k, _)| k == name) {
            Some((_, v)) => out.push_str(v),
            None => {
                return Err(RuleError::new(
                    RuleErrorKind::Template,
                    rule,
                    format!("the template placeholder '${name}' has no value: pass it to apply()"),
                ));
            }
        }
        rest = next;
    }
    out.push_str(rest);
    Ok(out)
}

impl RuleFactory for RuleTemplateFactory {
    fn get_rules(&self) -> Result<Vec<Rule>, RuleError> {
        let ctx = &self.context;
        self.list.map(|mut r| {
            let src = r.rule.clone();
            let sub = |t: &str| substitute(t, ctx, &src);
            r.rule = sub(&r.rule)?;
            if let Some(e) = &r.endpoint {
                r.endpoint = Some(sub(e)?);
            }
            for (_, v) in &mut r.defaults {
                if let Value::Str(s) = v {
                    *s = sub(s)?;
                }
            }
            if let Some(s) = &r.subdomain {
                r.subdomain = Some(sub(s)?);
            }
            if let Some(h) = &r.host {
                r.host = Some(sub(h)?);
            }
            if let Some(RedirectTo::Template(t)) = &r.redirect_to {
                r.redirect_to = Some(RedirectTo::Template(sub(t)?));
            }
            Ok(r)
        })
    }
}
