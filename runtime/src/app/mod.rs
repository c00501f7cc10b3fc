//! [`App`]: route groups and dynamic maps mounted under prefixes and hosts, served as one
//! `tower::Service`.
//!
//! An application is built once ([`App::new`] returns an [`AppBuilder`]) and then only
//! read: it is cheap to clone (one `Arc`) and answers `http::Request<B>` for any body type,
//! so it runs on the development server, on hyper, nested in axum
//! (`Router::nest_service`) or behind tower-http layers.
//!
//! # How a request is dispatched
//!
//! 1. With [`proxy_fix`](AppBuilder::proxy_fix), trusted `X-Forwarded-*` headers rewrite
//!    the request first. The request is wrapped in [`Request`] with the application's
//!    [`RequestConfig`] (limits, trusted hosts, script root); an untrusted host is 400.
//! 2. The mounts that accept the host are tried by prefix, **longest first** (at segment
//!    boundaries: `/blog` takes `/blog` and `/blog/x`, not `/blogs`), mounts restricted
//!    to a host or subdomain before unrestricted ones. A mount that does not know the
//!    path lets the next one try. Each matches the rest
//!    of the path with Werkzeug's semantics (converters, strict and merged slashes,
//!    defaults, aliases, `redirect_to`).
//! 3. The first match runs its handler; a redirect (308 by default, to the canonical URL
//!    with the script root, mount prefix and query string) is answered at once; a path no
//!    mount knows is 404; a path known only for other methods is 405 with `Allow` merged
//!    across every mount that knows it. `HEAD` runs the `GET` handler without sending the
//!    body; `OPTIONS` answers 204 with `Allow` unless a rule takes `OPTIONS` itself.
//! 4. Errors (routing, extractors, [`HttpError`]s a handler returns, panics: 500) go to the
//!    mount's error handler for their status, else the application's, else
//!    [`HttpError::to_response_for`] (HTML, or JSON for clients that prefer it). A panic
//!    never takes the server down.
//! 5. Finalisation: `Content-Length` for known bodies, no body for `HEAD`/204/304. The
//!    server adds `Server`, and hyper adds `Date` (as a WSGI server does for Werkzeug).
//!
//! ```
//! use http::StatusCode;
//! use stellwerk_runtime::app::{App, Handlers};
//! use stellwerk_runtime::extract::PathValues;
//! use stellwerk_runtime::exceptions::HttpError;
//! use stellwerk_runtime::routing::{Map, Rule};
//! use stellwerk_runtime::test::Client;
//!
//! async fn user(values: PathValues) -> Result<String, HttpError> {
//!     let id: u32 = values.int("id")?;
//!     if id == 0 { return Err(HttpError::not_found().with_description("No user 0.")) }
//!     Ok(format!("user {id}"))
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let map = Map::builder()
//!     .rule(Rule::new("/users/<int:id>").endpoint("user").methods(["GET"]))
//!     .build()
//!     .unwrap();
//! let app = App::new()
//!     .mount_map("/api", map, Handlers::new().on("user", user))
//!     .error_handler(StatusCode::NOT_FOUND, |err: HttpError, _req: &_| {
//!         (StatusCode::NOT_FOUND, format!("nothing here: {}", err.description().unwrap_or("")))
//!     })
//!     .build()
//!     .unwrap();
//! let client = Client::new(app);
//! assert_eq!(client.get("/api/users/7").send().await.text(), "user 7");
//! assert_eq!(client.get("/api/users/0").send().await.text(), "nothing here: No user 0.");
//! let wrong = client.delete("/api/users/7").send().await;
//! assert_eq!((wrong.status().as_u16(), wrong.header("allow")), (405, Some("GET, HEAD, OPTIONS")));
//! # });
//! ```

mod builder;
mod conflict;
mod context;
pub(crate) mod debug_page;
mod dispatch;
mod error;
mod future;
mod group;
mod handler;
mod panic;
mod static_files;
mod url;

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use http::StatusCode;

use crate::exceptions::HttpError;
use crate::routing::group::RouteGroup;
use crate::routing::{BuildError, Map, Value};
use crate::wrappers::response::Response;
use crate::wrappers::{Request, RequestConfig};

pub use builder::{AppBuilder, MountPoint};
pub use context::RequestContext;
pub(crate) use context::RequestUrlParts;
pub use error::{AppError, RouteRef};
pub use future::ResponseFuture;
pub use group::{extract_parts, extract_request, route_args};
pub use handler::{BoxFuture, Handler, HandlerFn, HandlerPtr, Handlers, handler_fn};

/// An error handler: gets the error and the request (whose body may already have been
/// read by the handler) and answers.
pub type ErrorHandlerFn = Arc<dyn Fn(HttpError, &Request) -> Response + Send + Sync>;

/// The routes a mount answers with.
pub(crate) enum Router {
    /// A dynamic map, Werkzeug style.
    Map(Map),
    /// A `routes![]` group with its generated matcher.
    Group(Arc<RouteGroup>),
}

impl Router {
    /// The interpreted map of the routes, for URL building and build-time checks (`None`
    /// only for a hand-made group whose routes do not compile).
    pub(crate) fn map(&self) -> Option<&Map> {
        match self {
            Router::Map(map) => Some(map),
            Router::Group(group) => group.to_map().ok(),
        }
    }
}

/// One mounted map or group.
pub(crate) struct Mount {
    /// `""` or `/segment...` without a trailing slash.
    pub prefix: String,
    /// Only requests for this host (lower-case, port optional).
    pub host: Option<String>,
    /// Only requests for this subdomain of the application's server name.
    pub subdomain: Option<String>,
    pub router: Router,
    /// Whether the router has rules for particular subdomains.
    pub subdomain_rules: bool,
    /// Handlers by endpoint (maps).
    pub handlers: HashMap<String, HandlerFn>,
    /// Handlers by route index (groups: two routes may share an endpoint).
    pub route_handlers: Vec<Option<HandlerFn>>,
    /// Endpoint names by route index (groups), made once so a match shares them.
    pub route_endpoints: Vec<context::EndpointName>,
    /// The names of each route's matched values (groups), made once so a match shares
    /// them; `None` for a hand-made route without metadata (positions stand in).
    pub route_value_names: Vec<Option<Vec<Arc<str>>>>,
    /// Whether any route of the group names a host (groups; maps know it themselves).
    pub group_host_matching: bool,
    pub error_handlers: HashMap<StatusCode, ErrorHandlerFn>,
}

pub(crate) struct AppInner {
    pub mounts: Vec<Mount>,
    /// Mount indexes in dispatch order: longest prefix first, then mount order.
    pub order: Vec<usize>,
    pub state: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
    pub config: RequestConfig,
    pub error_handlers: HashMap<StatusCode, ErrorHandlerFn>,
    pub debug: bool,
    pub server_name: Option<String>,
    /// Whether routing needs the request's host: some mount is bound to a host or a
    /// subdomain or routes by them, or only trusted hosts may be served (a request for
    /// another answers 400). Otherwise the host is read only for a redirect's location.
    pub host_needed: bool,
    /// Whether an error can need the application after its handler ran: some error
    /// handler is registered, or debug mode is on.
    pub errors_need_app: bool,
    #[cfg(feature = "server")]
    pub proxy_fix: Option<crate::serve::ProxyFix>,
    /// Static directories, longest prefix first.
    #[cfg(feature = "static-files")]
    pub statics: Vec<static_files::StaticMount>,
}

/// A built application: mounts, state, configuration and error handlers, behind one
/// `Arc`. See the [module docs](self) for how it dispatches.
#[derive(Clone)]
pub struct App {
    pub(crate) inner: Arc<AppHandle>,
}

/// The application behind a reference count of its own. Clones of an [`App`] share a
/// handle; [`App::fork`] makes a new handle to the same application, so that the counts a
/// connection's requests take (one per request, for the handler's context) are written by
/// that connection only, not by every core at once.
pub(crate) struct AppHandle {
    app: Arc<AppInner>,
    /// The request configuration, copied per handle for the same reason: every request
    /// clones it.
    pub(crate) request_config: RequestConfig,
}

impl AppHandle {
    fn new(app: Arc<AppInner>) -> Self {
        AppHandle {
            request_config: app.config.deep_copy(),
            app,
        }
    }
}

impl std::ops::Deref for AppHandle {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.app
    }
}

impl App {
    pub(crate) fn from_inner(inner: AppInner) -> Self {
        App {
            inner: Arc::new(AppHandle::new(Arc::new(inner))),
        }
    }

    /// The same application behind a new handle (see [`AppHandle`]); the server makes one
    /// per connection.
    pub(crate) fn fork(&self) -> Self {
        App {
            inner: Arc::new(AppHandle::new(Arc::clone(&self.inner.app))),
        }
    }
}

impl App {
    /// Starts building an application (Flask's `Flask(__name__)`, Rocket's `build()`).
    // `new` hands out the builder on purpose: the app itself is immutable once built, and
    // `App::new()...build()` reads as what it does.
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> AppBuilder {
        AppBuilder::default()
    }

    /// A clone of the state of type `T`, if the application has one.
    pub fn state<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        self.inner
            .state
            .get(&TypeId::of::<T>())
            .and_then(|value| value.downcast_ref::<T>())
            .cloned()
    }

    /// Whether debug mode is on (a panicking handler answers the debug page).
    pub fn is_debug(&self) -> bool {
        self.inner.debug
    }

    /// The request configuration every request is read with.
    pub fn config(&self) -> &RequestConfig {
        &self.inner.config
    }

    /// The URL path of `endpoint` outside of a request: the configured script root, the
    /// mount prefix, the rule, and the values that are not rule variables as a query
    /// string. Mounts are searched in the order they were added. An endpoint mounted on a
    /// host gets an absolute `http://` URL.
    ///
    /// ```
    /// use stellwerk_runtime::app::{App, Handlers};
    /// use stellwerk_runtime::routing::{Map, Rule};
    /// use stellwerk_runtime::wrappers::RequestConfig;
    ///
    /// let map = Map::builder().rule(Rule::new("/users/<int:id>").endpoint("user")).build().unwrap();
    /// let app = App::new()
    ///     .config(RequestConfig::default().script_root("/site"))
    ///     .mount_map("/api", map, Handlers::new().on("user", || async { "" }))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(app.url_for("user", &[("id", 3.into()), ("v", "x y".into())]).unwrap(), "/site/api/users/3?v=x+y");
    /// assert!(app.url_for("user", &[("id", "x".into())]).is_err());
    /// ```
    pub fn url_for(&self, endpoint: &str, values: &[(&str, Value)]) -> Result<String, BuildError> {
        self.build_url(endpoint, values, None, false)
    }

    /// The prefix of mount `index` (`""` for an unknown index).
    pub(crate) fn mount_prefix(&self, index: usize) -> &str {
        self.inner
            .mounts
            .get(index)
            .map_or("", |m| m.prefix.as_str())
    }

    /// Serves the application on `addr` with the development server until Ctrl-C
    /// (`serve::serve(addr, app)`).
    ///
    /// ```no_run
    /// use stellwerk_runtime::app::App;
    /// # async fn run() -> std::io::Result<()> {
    /// let app = App::new().build().unwrap();
    /// app.run("127.0.0.1:3000").await
    /// # }
    /// ```
    #[cfg(feature = "server")]
    pub async fn run(self, addr: impl std::net::ToSocketAddrs) -> std::io::Result<()> {
        let server = crate::serve::Server::bind(addr).debug(self.inner.debug);
        server.serve(self).await
    }
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mounts: Vec<String> = self
            .inner
            .mounts
            .iter()
            .map(|m| {
                let host = m
                    .host
                    .clone()
                    .or_else(|| m.subdomain.as_ref().map(|s| format!("{s}.*")))
                    .unwrap_or_default();
                format!("{host}{}/", m.prefix)
            })
            .collect();
        f.debug_struct("App")
            .field("mounts", &mounts)
            .field("debug", &self.inner.debug)
            .finish()
    }
}
