//! Route groups: the matcher that `routes![]` generates as Rust code, and its runtime side.
//!
//! `routes![a, m::b]` compiles its routes at build time with [`compile`] (the interpreted
//! [`Map`]'s own builder, so both agree on priority), rejects duplicates and unreachable
//! routes ([`shadowed`]), and emits one Rust function per state of the state machine: a
//! `match` on segment text for static transitions, built-in converter calls for dynamic
//! ones, backtracking in priority order. The functions drive a [`Search`]; the result is a
//! [`RouteGroup`].
//!
//! A [`RouteGroup`] can also be made from a [`Plan`] at run time
//! ([`RouteGroup::from_plan`]): it then evaluates the plan with the same steps, which is
//! how the tests compare the generated matcher's semantics with the [`Map`] on random route
//! sets.
//!
//! Two forms of a match: [`GroupAdapter::match_path`] answers a [`GroupMatch`] with owned
//! [`Value`]s (every text value copied into a `String`);
//! [`GroupAdapter::match_ref`] answers a [`GroupMatchRef`], whose [`Arg`]s borrow the
//! request path when a value needed no percent-decoding, with numbers and UUIDs converted
//! and up to [`ArgList::INLINE`] values inline: no allocation per lookup. Servers use the
//! borrowed form and build a handler's `Args` with `Args::from_args` (emitted by the route
//! attributes next to `Args::from_values`).
//!
//! Routes with defaults, aliases or `redirect_to` are matched by the generated code and
//! finished by the group's [`Map`] (which builds the redirects). Custom converters are Rust
//! types the macro cannot see: a group using one is matched by its [`Map`]
//! ([`RouteGroup::interpreted`]), with the same outcomes but no compile-time conflict
//! checks and no generated code.
//!
//! # Large groups and `recursion_limit`
//!
//! `routes![]` visits its routes through a chain of `macro_rules!` callbacks, one level of
//! macro expansion per route, so a group of more than about 120 routes exceeds rustc's
//! default `recursion_limit` of 128. rustc then reports
//! `recursion limit reached while expanding ...` with the help
//! `consider increasing the recursion limit by adding a #![recursion_limit = "256"] attribute
//! to your crate`. Add `#![recursion_limit = "N"]` to the crate root with N a little above
//! the number of routes in the largest group (measured: 500 routes need 510, fail at 500;
//! `routes + 16` is enough, the tests use `2 * routes + 64`).
//!
//! ```
//! use stellwerk_runtime::routing::group::{compile, RouteGroup, RouteSpec};
//! use stellwerk_runtime::routing::{RoutingError, Value};
//! use http::Method;
//!
//! let plan = compile(&[
//!     RouteSpec::new("/users/<int:id>", "user"),
//!     RouteSpec::new("/docs/", "docs"),
//! ]).unwrap();
//! let group = RouteGroup::from_plan(plan);
//! let m = group.match_path("/users/7", &Method::GET).unwrap();
//! assert_eq!((m.route, &*m.endpoint, &m.args[..]), (0, "user", &[Value::Int(7)][..]));
//! assert!(matches!(group.match_path("/docs", &Method::GET), Err(RoutingError::Redirect { .. })));
//! ```

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use http::Method;

use super::adapter::{merge_slashes, requote};
use super::error::{RoutingError, RuleError};
use super::macro_support::RouteInfo;
use super::map::{Allowed, Map};
use super::quote::decode_segment;
use super::value::Value;
use crate::urls::ascii_lowercase;

mod arg;
#[doc(hidden)]
pub mod codegen;
mod conflict;
mod plan;
mod search;
mod spec;
#[cfg(test)]
mod tests;

pub use arg::{Arg, ArgList};
pub use conflict::{Shadow, shadowed};
pub use plan::{GroupError, Plan, compile};
pub use search::{Abort, Pos, Search, Step, method_mask};
pub use spec::RouteSpec;

/// A generated matcher: runs the search from the root and answers a route index.
pub type MatchFn = fn(&mut Search<'_>) -> Step;

/// One state of a generated matcher: continues the search at a position.
pub type StateFn = fn(&mut Search<'_>, Pos) -> Step;

#[derive(Clone)]
enum Matcher {
    Generated(MatchFn),
    Plan(Arc<Plan>),
    /// Routes the macro could not compile (custom converters): the group's map matches.
    Interpreted,
}

/// A group of routes with its matcher (generated code, or an evaluated [`Plan`]).
pub struct RouteGroup {
    routes: Cow<'static, [RouteSpec]>,
    infos: &'static [&'static RouteInfo],
    host_matching: bool,
    matcher: Matcher,
    map: OnceLock<Result<Map, RuleError>>,
}

impl std::fmt::Debug for RouteGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rules: Vec<&str> = self.routes.iter().map(|r| r.rule.as_ref()).collect();
        f.debug_struct("RouteGroup").field("rules", &rules).finish()
    }
}

/// A route of a group matched a request.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupMatch {
    /// The route's index in the group (`routes![]` order).
    pub route: usize,
    /// The route's endpoint name.
    pub endpoint: Cow<'static, str>,
    /// The converted variables in rule order (then the route's defaults, for a route that
    /// has some).
    pub args: Vec<Value>,
}

/// A route of a group matched a request: the borrowed form, which allocates nothing for
/// routes with up to [`ArgList::INLINE`] variables. Text values borrow the request path
/// (or the adapter's server name, for host and subdomain variables) unless they needed
/// percent-decoding; numbers and UUIDs are converted. [`GroupAdapter::match_ref`] answers
/// it; [`GroupAdapter::match_path`] answers the owned [`GroupMatch`].
///
/// ```
/// use stellwerk_runtime::routing::group::{compile, Arg, RouteGroup, RouteSpec};
/// use stellwerk_runtime::routing::Value;
/// use http::Method;
///
/// let group = RouteGroup::from_plan(
///     compile(&[RouteSpec::new("/users/<name>/repos/<int:page>", "repos")]).unwrap(),
/// );
/// let urls = group.bind("localhost", "/");
/// let m = urls.match_ref("/users/ada%20l/repos/2", &Method::GET).unwrap();
/// assert_eq!((m.route, m.endpoint()), (0, "repos"));
/// assert_eq!(m.args[0].as_str(), Some("ada l"));
/// assert_eq!(m.args[1], Arg::Int(2));
/// assert_eq!(m.into_owned().args, vec![Value::from("ada l"), Value::Int(2)]);
/// ```
#[derive(Clone, Debug)]
pub struct GroupMatchRef<'a> {
    /// The route's index in the group (`routes![]` order).
    pub route: usize,
    /// The route (its endpoint): a reference, not the name, keeps the match at 128 bytes,
    /// which the compiler moves without calling `memcpy`.
    spec: &'a RouteSpec,
    /// The converted variables in rule order (then the route's defaults, for a route that
    /// has some).
    pub args: ArgList<'a>,
}

impl PartialEq for GroupMatchRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.route, self.endpoint(), &self.args) == (other.route, other.endpoint(), &other.args)
    }
}

impl<'a> GroupMatchRef<'a> {
    /// The route's endpoint name.
    pub fn endpoint(&self) -> &'a str {
        &self.spec.endpoint
    }

    /// The owned form.
    pub fn into_owned(self) -> GroupMatch {
        GroupMatch {
            route: self.route,
            endpoint: self.spec.endpoint.clone(),
            args: self.args.into_values(),
        }
    }
}

impl RouteGroup {
    /// The group `routes![]` generates: its routes, whether they match by host (any route
    /// has a host) and the generated matcher.
    pub const fn generated(
        routes: &'static [RouteSpec],
        infos: &'static [&'static RouteInfo],
        host_matching: bool,
        matcher: MatchFn,
    ) -> Self {
        RouteGroup {
            routes: Cow::Borrowed(routes),
            infos,
            host_matching,
            matcher: Matcher::Generated(matcher),
            map: OnceLock::new(),
        }
    }

    /// The group `routes![]` emits when a route uses a custom converter (a Rust type whose
    /// regex and weight the macro cannot see): every request is matched by the group's
    /// [`Map`], built on first use from the routes' metadata with their converters
    /// registered. Duplicates among such routes are reported when the map is built
    /// ([`RouteGroup::to_map`]), not at compile time.
    pub const fn interpreted(
        routes: &'static [RouteSpec],
        infos: &'static [&'static RouteInfo],
        host_matching: bool,
    ) -> Self {
        RouteGroup {
            routes: Cow::Borrowed(routes),
            infos,
            host_matching,
            matcher: Matcher::Interpreted,
            map: OnceLock::new(),
        }
    }

    /// A group that evaluates a plan (same steps as the generated code).
    pub fn from_plan(plan: Plan) -> Self {
        let map = OnceLock::new();
        let _ = map.set(Ok(plan.map.clone()));
        RouteGroup {
            routes: Cow::Owned(plan.routes.clone()),
            infos: &[],
            host_matching: plan.map.host_matching(),
            matcher: Matcher::Plan(Arc::new(plan)),
            map,
        }
    }

    /// The routes in `routes![]` order.
    pub fn routes(&self) -> &[RouteSpec] {
        &self.routes
    }

    /// The route attributes' metadata (`<handler>::META`) in `routes![]` order; empty for a
    /// group made from a [`Plan`] or from handler-less entries.
    pub fn infos(&self) -> &'static [&'static RouteInfo] {
        self.infos
    }

    /// The interpreted [`Map`] of the same routes, for URL building (built on first use;
    /// an error only for a hand-made group whose routes do not compile).
    pub fn to_map(&self) -> Result<&Map, RuleError> {
        self.map
            .get_or_init(|| {
                if matches!(self.matcher, Matcher::Interpreted) {
                    // The metadata knows the custom converters; the specs do not.
                    self.infos
                        .iter()
                        .fold(
                            Map::builder().host_matching(self.host_matching),
                            |b, info| info.add_to(b),
                        )
                        .build()
                } else {
                    plan::build_map(&self.routes)
                }
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Binds the group to a server name and script name (as [`Map::bind`]).
    ///
    /// The adapter borrows its strings (copying only a server name or subdomain that is
    /// not in lower case), so binding per request costs no allocation.
    pub fn bind<'a>(&'a self, server_name: &'a str, script_name: &'a str) -> GroupAdapter<'a> {
        GroupAdapter {
            group: self,
            server_name: ascii_lowercase(server_name),
            script_name,
            subdomain: Cow::Borrowed(""),
            url_scheme: "http",
            query_args: None,
        }
    }

    /// Matches a raw path and method, bound to `localhost` at `/` (redirect locations are
    /// `http://localhost/...`).
    pub fn match_path(&self, path: &str, method: &Method) -> Result<GroupMatch, RoutingError> {
        self.bind("localhost", "/").match_path(path, method)
    }

    #[inline]
    fn run(&self, s: &mut Search<'_>) -> Step {
        s.args.clear();
        match &self.matcher {
            Matcher::Generated(f) => f(s),
            Matcher::Plan(p) => p.search(s),
            // Not reached: the adapter hands interpreted groups to the map first.
            Matcher::Interpreted => Ok(None),
        }
    }
}

/// A [`RouteGroup`] bound to a server (the group's [`MapAdapter`](super::MapAdapter)).
///
/// ```
/// use stellwerk_runtime::routing::group::{compile, RouteGroup, RouteSpec};
/// use stellwerk_runtime::routing::{Allowed, RoutingError};
/// use http::Method;
///
/// let group = RouteGroup::from_plan(compile(&[RouteSpec::new("/docs/", "docs")]).unwrap());
/// let urls = group.bind("example.com", "/app").query_args("q=1");
/// assert_eq!(
///     urls.match_path("/docs", &Method::GET).unwrap_err(),
///     RoutingError::Redirect {
///         location: "http://example.com/app/docs/?q=1".into(),
///         status: http::StatusCode::PERMANENT_REDIRECT,
///     }
/// );
/// assert_eq!(urls.allowed_methods("/docs/"), Allowed::Any);
/// ```
#[derive(Clone, Debug)]
pub struct GroupAdapter<'g> {
    group: &'g RouteGroup,
    server_name: Cow<'g, str>,
    /// As given to `bind`; [`GroupAdapter::script_name`] normalises it when a redirect
    /// needs it.
    script_name: &'g str,
    subdomain: Cow<'g, str>,
    url_scheme: &'g str,
    query_args: Option<&'g str>,
}

impl<'g> GroupAdapter<'g> {
    /// The current subdomain (default `""`).
    pub fn subdomain(mut self, subdomain: &'g str) -> Self {
        self.subdomain = ascii_lowercase(subdomain);
        self
    }

    /// The URL scheme (`ws`/`wss` match websocket routes).
    pub fn url_scheme(mut self, scheme: &'g str) -> Self {
        self.url_scheme = scheme;
        self
    }

    /// The raw query string kept on redirects.
    pub fn query_args(mut self, query: &'g str) -> Self {
        self.query_args = Some(query);
        self
    }

    /// The script name with one slash on each side (`/` at the root).
    fn script_name(&self) -> Cow<'g, str> {
        let inner = self.script_name.trim_matches('/');
        if inner.is_empty() {
            Cow::Borrowed("/")
        } else {
            Cow::Owned(format!("/{inner}/"))
        }
    }

    /// Matches a raw (percent-encoded) path and method; the same outcomes as
    /// [`MapAdapter::match_path`](super::MapAdapter::match_path), with owned values.
    /// [`GroupAdapter::match_ref`] is the same match without allocating.
    pub fn match_path(&self, path: &str, method: &Method) -> Result<GroupMatch, RoutingError> {
        self.match_ref(path, method).map(GroupMatchRef::into_owned)
    }

    /// Matches a raw (percent-encoded) path and method, answering borrowed values (see
    /// [`GroupMatchRef`]): the fast form, for servers that convert the values right away.
    /// The outcomes are [`GroupAdapter::match_path`]'s.
    pub fn match_ref<'a>(
        &'a self,
        path: &'a str,
        method: &Method,
    ) -> Result<GroupMatchRef<'a>, RoutingError> {
        if matches!(self.group.matcher, Matcher::Interpreted) {
            return self.interpret(path, method);
        }
        let websocket = matches!(self.url_scheme, "ws" | "wss");
        let stripped = path.trim_start_matches('/');
        let mut s = Search::new(
            self.domain(),
            (!path.is_empty()).then_some(stripped),
            Some(method),
            websocket,
        );
        // Leading slashes carry no '%': the stripped path tells whether decoding can fail.
        if !s.is_plain() && path.split('/').any(|seg| decode_segment(seg).is_none()) {
            return Err(RoutingError::BadPath);
        }
        match self.group.run(&mut s) {
            Ok(Some(route)) if self.group.routes[route].interpret => {
                return self.interpret(path, method);
            }
            Ok(Some(route)) => {
                return Ok(GroupMatchRef {
                    route,
                    spec: &self.group.routes[route],
                    // Moved, not swapped out: the search ends here.
                    args: s.args,
                });
            }
            Err(Abort::SlashRequired) => {
                return Err(self.redirect(&format!("{}/", requote(stripped))));
            }
            Err(Abort::BadPath) => return Err(RoutingError::BadPath),
            Ok(None) => {}
        }
        // Only now (nothing matched) is the slash-merged path worth computing.
        if stripped.contains("//") {
            let merged = merge_slashes(stripped);
            let mut again = Search::new(self.domain(), Some(&merged), Some(method), websocket);
            again.allowed = std::mem::take(&mut s.allowed);
            again.websocket_mismatch = s.websocket_mismatch;
            match self.group.run(&mut again) {
                Ok(Some(route)) if self.group.routes[route].merge_slashes.unwrap_or(true) => {
                    return Err(self.redirect(&requote(&merged)));
                }
                Err(Abort::SlashRequired) => {
                    return Err(self.redirect(&format!("{}/", requote(&merged))));
                }
                Err(Abort::BadPath) => return Err(RoutingError::BadPath),
                _ => {}
            }
            return Err(not_found(again));
        }
        Err(not_found(s))
    }

    /// Which methods the path accepts (as
    /// [`MapAdapter::allowed_methods`](super::MapAdapter::allowed_methods)).
    pub fn allowed_methods(&self, path: &str) -> Allowed {
        if matches!(self.group.matcher, Matcher::Interpreted) {
            return match self.group.to_map() {
                Ok(map) => self.map_adapter(map).allowed_methods(path),
                Err(_) => Allowed::NotFound,
            };
        }
        let stripped = path.trim_start_matches('/');
        let websocket = matches!(self.url_scheme, "ws" | "wss");
        let mut s = Search::new(
            self.domain(),
            (!path.is_empty()).then_some(stripped),
            None,
            websocket,
        );
        match self.group.run(&mut s) {
            Ok(Some(_)) => Allowed::Any,
            _ if !s.allowed.is_empty() => {
                s.allowed.sort_by(|a, b| a.as_str().cmp(b.as_str()));
                Allowed::Methods(s.allowed)
            }
            _ => Allowed::NotFound,
        }
    }

    /// The domain part: the server name with host matching, else the subdomain.
    fn domain(&self) -> &str {
        if self.group.host_matching {
            &self.server_name
        } else {
            &self.subdomain
        }
    }

    /// The generated matcher found a route whose match needs the interpreter's finishing
    /// steps (defaults, alias, `redirect_to`): the map matches the request (it finds the
    /// same route, the engines agree) and finishes it.
    fn interpret(&self, path: &str, method: &Method) -> Result<GroupMatchRef<'_>, RoutingError> {
        let map = self.group.to_map().map_err(|_| RoutingError::NotFound)?;
        let m = self.map_adapter(map).match_path(path, method)?;
        let route = map
            .rules()
            .position(|r| std::ptr::eq(r, &*m.rule))
            .ok_or(RoutingError::NotFound)?;
        Ok(GroupMatchRef {
            route,
            spec: &self.group.routes[route],
            args: m.args.into_iter().map(|(_, v)| Arg::from(v)).collect(),
        })
    }

    /// The map bound like this adapter.
    fn map_adapter(&self, map: &Map) -> super::MapAdapter {
        let mut adapter = map
            .bind(&self.server_name, &self.script_name())
            .url_scheme(self.url_scheme);
        if !self.group.host_matching {
            adapter = adapter.subdomain(&self.subdomain);
        }
        if let Some(q) = self.query_args {
            adapter = adapter.query_args(q);
        }
        adapter
    }

    fn redirect(&self, path: &str) -> RoutingError {
        let scheme = if self.url_scheme.is_empty() {
            "http"
        } else {
            self.url_scheme
        };
        let host = if self.group.host_matching || self.subdomain.is_empty() {
            self.server_name.to_string()
        } else {
            format!("{}.{}", self.subdomain, self.server_name)
        };
        let mut location = format!(
            "{scheme}://{host}{}{}",
            self.script_name(),
            path.trim_start_matches('/')
        );
        if let Some(q) = self.query_args.filter(|q| !q.is_empty()) {
            location.push(if location.contains('?') { '&' } else { '?' });
            location.push_str(q);
        }
        RoutingError::Redirect {
            location,
            status: http::StatusCode::PERMANENT_REDIRECT,
        }
    }
}

fn not_found(s: Search<'_>) -> RoutingError {
    if !s.allowed.is_empty() {
        let mut allowed = s.allowed;
        allowed.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        RoutingError::MethodNotAllowed { allowed }
    } else if s.websocket_mismatch {
        RoutingError::WebsocketMismatch
    } else {
        RoutingError::NotFound
    }
}
