//! [`RouteSpec`]: what a group needs to know about one route to match it.

use std::borrow::Cow;

use crate::routing::factory::Rule;

/// One route of a group, in a form generated code can write as a constant.
///
/// ```
/// use std::borrow::Cow;
/// use stellwerk_runtime::routing::group::RouteSpec;
///
/// let spec = RouteSpec {
///     methods: Some(Cow::Borrowed(&[Cow::Borrowed("GET")])),
///     ..RouteSpec::new("/users/<int:id>", "show_user")
/// };
/// assert_eq!(spec.to_rule().method_names(), Some(&["GET".to_string()][..]));
/// ```
#[derive(Clone, Debug)]
pub struct RouteSpec {
    /// The rule string, as written.
    pub rule: Cow<'static, str>,
    /// The endpoint name.
    pub endpoint: Cow<'static, str>,
    /// The accepted methods as written (any case; `HEAD` is added with `GET`), `None` for
    /// any method.
    pub methods: Option<Cow<'static, [Cow<'static, str>]>>,
    /// Overrides the default strict slashes (on).
    pub strict_slashes: Option<bool>,
    /// Overrides the default slash merging (on).
    pub merge_slashes: Option<bool>,
    /// The subdomain (may contain placeholders); `None` for the default subdomain.
    pub subdomain: Option<Cow<'static, str>>,
    /// The host (may contain placeholders). A group in which any route has a host matches
    /// by host, and then every route needs one (as a [`Map`](crate::routing::Map) with
    /// host matching).
    pub host: Option<Cow<'static, str>>,
    /// A websocket route.
    pub websocket: bool,
    /// Only for building, never matched.
    pub build_only: bool,
    /// The match needs the interpreter's finishing steps (defaults, alias or `redirect_to`
    /// redirects): the group hands such requests to its [`Map`](crate::routing::Map).
    pub interpret: bool,
    /// The complete rule (with defaults, aliases, redirects) for the group's map, when it
    /// says more than the fields above.
    pub full_rule: Option<fn() -> Rule>,
}

impl RouteSpec {
    /// A route accepting any method, with default settings.
    pub const fn new(rule: &'static str, endpoint: &'static str) -> Self {
        RouteSpec {
            rule: Cow::Borrowed(rule),
            endpoint: Cow::Borrowed(endpoint),
            methods: None,
            strict_slashes: None,
            merge_slashes: None,
            subdomain: None,
            host: None,
            websocket: false,
            build_only: false,
            interpret: false,
            full_rule: None,
        }
    }

    /// The equivalent [`Rule`] for the interpreted [`Map`](crate::routing::Map).
    pub fn to_rule(&self) -> Rule {
        if let Some(full) = self.full_rule {
            return full();
        }
        let mut rule = Rule::new(self.rule.to_string()).endpoint(self.endpoint.to_string());
        if let Some(ms) = &self.methods {
            rule = rule.methods(ms.iter().map(|m| m.as_ref()));
        }
        if let Some(s) = self.strict_slashes {
            rule = rule.strict_slashes(s);
        }
        if let Some(m) = self.merge_slashes {
            rule = rule.merge_slashes(m);
        }
        if let Some(d) = &self.subdomain {
            rule = rule.subdomain(d.to_string());
        }
        if let Some(h) = &self.host {
            rule = rule.host(h.to_string());
        }
        rule.websocket(self.websocket).build_only(self.build_only)
    }
}
