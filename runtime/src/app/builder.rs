//! [`AppBuilder`] and [`MountPoint`]: how an application is put together.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

use http::StatusCode;

use crate::exceptions::HttpError;
use crate::routing::Map;
use crate::routing::group::RouteGroup;
use crate::wrappers::response::IntoResponse;
use crate::wrappers::{Request, RequestConfig};

use super::context::EndpointName;
use super::error::AppError;
use super::{App, AppInner, ErrorHandlerFn, Handlers, Mount, Router};

/// Where a map or group is mounted: a path prefix, optionally only on one host or
/// subdomain, with its own error handlers.
///
/// A `&str` or `String` converts into a mount point with just the prefix.
///
/// ```
/// use http::StatusCode;
/// use stellwerk_runtime::app::MountPoint;
/// use stellwerk_runtime::exceptions::HttpError;
///
/// let api = MountPoint::new("/api/")
///     .host("api.example.com")
///     .error_handler(StatusCode::NOT_FOUND, |_e: HttpError, _r: &_| (StatusCode::NOT_FOUND, "no such API"));
/// assert_eq!(api.prefix(), "/api");
/// ```
pub struct MountPoint {
    prefix: String,
    host: Option<String>,
    subdomain: Option<String>,
    error_handlers: HashMap<StatusCode, ErrorHandlerFn>,
}

impl MountPoint {
    /// A mount point at `prefix` (`"/"` or `""` for the root; a trailing slash is
    /// dropped, a missing leading one added).
    pub fn new(prefix: impl Into<String>) -> Self {
        let prefix: String = prefix.into();
        let trimmed = prefix.trim_end_matches('/');
        let prefix = if trimmed.is_empty() || trimmed.starts_with('/') {
            trimmed.to_owned()
        } else {
            format!("/{trimmed}")
        };
        MountPoint {
            prefix,
            host: None,
            subdomain: None,
            error_handlers: HashMap::new(),
        }
    }

    /// Only requests for this host (`example.com`, or `example.com:8080` to require the
    /// port too), compared case-insensitively.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into().to_ascii_lowercase());
        self
    }

    /// Only requests for this subdomain of the application's
    /// [`server_name`](AppBuilder::server_name) (`api` takes `api.example.com`).
    pub fn subdomain(mut self, subdomain: impl Into<String>) -> Self {
        self.subdomain = Some(subdomain.into().to_ascii_lowercase());
        self
    }

    /// Handles errors with this status raised under this mount (routing errors under
    /// its prefix, extractor failures, returned [`HttpError`]s, panics as 500), before
    /// the application's handlers.
    pub fn error_handler<F, R>(mut self, status: StatusCode, handler: F) -> Self
    where
        F: Fn(HttpError, &Request) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.error_handlers
            .insert(status, erase_error_handler(handler));
        self
    }

    /// The normalised prefix.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

impl From<&str> for MountPoint {
    fn from(prefix: &str) -> Self {
        MountPoint::new(prefix)
    }
}

impl From<String> for MountPoint {
    fn from(prefix: String) -> Self {
        MountPoint::new(prefix)
    }
}

fn erase_error_handler<F, R>(handler: F) -> ErrorHandlerFn
where
    F: Fn(HttpError, &Request) -> R + Send + Sync + 'static,
    R: IntoResponse,
{
    Arc::new(move |err, request| handler(err, request).into_response())
}

/// Builds an [`App`]; [`App::new`] starts one.
///
/// ```
/// use stellwerk_runtime::app::{App, Handlers, MountPoint};
/// use stellwerk_runtime::routing::{Map, Rule};
/// use stellwerk_runtime::wrappers::RequestConfig;
///
/// let site = Map::builder().rule(Rule::new("/").endpoint("index")).build().unwrap();
/// let api = Map::builder().rule(Rule::new("/").endpoint("index")).build().unwrap();
/// let app = App::new()
///     .config(RequestConfig::default().max_content_length(Some(1 << 20)))
///     .mount_map("/", site, Handlers::new().on("index", || async { "site" }))
///     .mount_map(MountPoint::new("/").host("api.example.com"), api, Handlers::new().on("index", || async { "api" }))
///     .debug(true)
///     .build()
///     .unwrap();
/// assert!(app.is_debug());
/// ```
#[derive(Default)]
pub struct AppBuilder {
    mounts: Vec<Mount>,
    state: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
    config: RequestConfig,
    error_handlers: HashMap<StatusCode, ErrorHandlerFn>,
    debug: bool,
    server_name: Option<String>,
    #[cfg(feature = "server")]
    proxy_fix: Option<crate::serve::ProxyFix>,
    #[cfg(feature = "static-files")]
    statics: Vec<super::static_files::StaticMount>,
    errors: Vec<AppError>,
}

impl AppBuilder {
    /// Mounts a dynamic [`Map`] with the handlers of its endpoints at `at` (a prefix or a
    /// [`MountPoint`]). Every endpoint that a request can reach must have a handler, and
    /// every handler an endpoint ([`build`](Self::build) checks both).
    pub fn mount_map(mut self, at: impl Into<MountPoint>, map: Map, handlers: Handlers) -> Self {
        let at = at.into();
        self.push_mount(at, Router::Map(map), handlers);
        self
    }

    /// Mounts a `routes![...]` group at `at` (a prefix or a [`MountPoint`]): each route
    /// runs the adapter its attribute generated (path values by name, the other arguments
    /// by extractor). A group without adapters (made by hand from a plan) cannot be
    /// served:
    ///
    /// ```
    /// use stellwerk_runtime::app::{App, AppError};
    /// use stellwerk_runtime::routing::group::{compile, RouteGroup, RouteSpec};
    ///
    /// let group = RouteGroup::from_plan(compile(&[RouteSpec::new("/", "index")]).unwrap());
    /// let err = App::new().mount("/", group).build().unwrap_err();
    /// assert!(matches!(err, AppError::MissingHandler { ref endpoint, .. } if endpoint == "index"));
    /// ```
    pub fn mount(mut self, at: impl Into<MountPoint>, group: RouteGroup) -> Self {
        let route_handlers = super::group::group_handlers(&group);
        let at = at.into();
        self.push_mount(at, Router::Group(Arc::new(group)), Handlers::new());
        if let Some(mount) = self.mounts.last_mut() {
            mount.route_handlers = route_handlers;
        }
        self
    }

    pub(crate) fn push_mount(&mut self, at: MountPoint, router: Router, handlers: Handlers) {
        if let Some(reason) = invalid_prefix(&at.prefix) {
            self.errors.push(AppError::InvalidPrefix {
                prefix: at.prefix.clone(),
                reason,
            });
        }
        let subdomain_rules = match &router {
            Router::Map(map) => map.rules().any(|r| r.subdomain_name().is_some()),
            Router::Group(group) => group.routes().iter().any(|r| r.subdomain.is_some()),
        };
        let (route_endpoints, route_value_names, group_host_matching) = match &router {
            Router::Map(_) => (Vec::new(), Vec::new(), false),
            Router::Group(group) => (
                group
                    .routes()
                    .iter()
                    .map(|r| match &r.endpoint {
                        std::borrow::Cow::Borrowed(name) => EndpointName::Static(name),
                        std::borrow::Cow::Owned(name) => {
                            EndpointName::Shared(Arc::from(name.as_str()))
                        }
                    })
                    .collect(),
                (0..group.routes().len())
                    .map(|i| super::group::value_names(group, i))
                    .collect(),
                group.routes().iter().any(|r| r.host.is_some()),
            ),
        };
        self.mounts.push(Mount {
            prefix: at.prefix,
            host: at.host,
            subdomain: at.subdomain,
            subdomain_rules,
            router,
            handlers: handlers.by_endpoint,
            route_handlers: Vec::new(),
            route_endpoints,
            route_value_names,
            group_host_matching,
            error_handlers: at.error_handlers,
        });
    }

    /// Adds shared state, looked up by type ([`State<T>`](crate::extract::State),
    /// [`RequestContext::state`](super::RequestContext::state)). A second value of the same
    /// type replaces the first.
    pub fn state<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(TypeId::of::<T>(), Box::new(value));
        self
    }

    /// The limits and deployment settings requests are read with (body limits, trusted
    /// hosts, script root).
    pub fn config(mut self, config: RequestConfig) -> Self {
        self.config = config;
        self
    }

    /// Handles errors with this status anywhere in the application (Flask's
    /// `errorhandler`, Rocket's catchers), unless the mount has its own.
    pub fn error_handler<F, R>(mut self, status: StatusCode, handler: F) -> Self
    where
        F: Fn(HttpError, &Request) -> R + Send + Sync + 'static,
        R: IntoResponse,
    {
        self.error_handlers
            .insert(status, erase_error_handler(handler));
        self
    }

    /// Debug mode (off by default): a handler that panics answers the debug page (panic
    /// message, location and backtrace, matched endpoint and rule, the request's method,
    /// URL and headers with `Authorization`/`Cookie` masked, and the form fields if the
    /// handler had read the form (values cut after 1 KiB; files by name, type and size),
    /// all HTML-escaped) instead of the plain 500, and [`App::run`] starts the server with
    /// its debug page. Backtraces need the `server` feature (its panic hook records them).
    /// Never turn it on where others can reach the application.
    pub fn debug(mut self, on: bool) -> Self {
        self.debug = on;
        self
    }

    /// The host the application is served as (`example.com`, with a port if it is not
    /// the default): needed for [`MountPoint::subdomain`] and for maps that match
    /// subdomains, and used for absolute URLs built outside a request.
    pub fn server_name(mut self, name: impl Into<String>) -> Self {
        self.server_name = Some(name.into().to_ascii_lowercase());
        self
    }

    /// Trusts `X-Forwarded-For`, `-Proto`, `-Host`, `-Port` and `-Prefix` from this many
    /// proxies ([`ProxyFix::new`](crate::serve::ProxyFix::new)). Without it those headers
    /// are ignored, for redirects and external URLs too.
    #[cfg(feature = "server")]
    pub fn proxy_fix(mut self, trusted_proxies: usize) -> Self {
        self.proxy_fix = Some(crate::serve::ProxyFix::new(trusted_proxies));
        self
    }

    /// Serves the files under `dir` at `prefix` with tower-http's `ServeDir`: the content
    /// type by extension, `HEAD`, conditional and range requests, `index.html` for a
    /// directory, and never a file outside `dir` (`..` is refused). It is tried like a
    /// mount (after route mounts with a longer or equal prefix) and answers only `GET` and
    /// `HEAD` for files that exist, so a missing file lets the next mount try.
    ///
    /// ```
    /// use stellwerk_runtime::app::App;
    /// use stellwerk_runtime::test::Client;
    ///
    /// let dir = std::env::temp_dir().join(format!("stellwerk-doc-static-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("hello.txt"), "hello").unwrap();
    /// let app = App::new().static_files("/static", &dir).build().unwrap();
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let response = Client::new(app).get("/static/hello.txt").send().await;
    /// assert_eq!((response.status().as_u16(), response.text()), (200, "hello".to_owned()));
    /// # });
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    #[cfg(feature = "static-files")]
    pub fn static_files(
        mut self,
        prefix: impl Into<String>,
        dir: impl AsRef<std::path::Path>,
    ) -> Self {
        let prefix = MountPoint::new(prefix.into()).prefix;
        if let Some(reason) = invalid_prefix(&prefix) {
            self.errors.push(AppError::InvalidPrefix {
                prefix: prefix.clone(),
                reason,
            });
        }
        self.statics.push(super::static_files::StaticMount {
            prefix,
            dir: tower_http::services::ServeDir::new(dir),
        });
        self
    }

    /// Trusts forwarded headers as configured in detail.
    #[cfg(feature = "server")]
    pub fn proxy_fix_with(mut self, fix: crate::serve::ProxyFix) -> Self {
        self.proxy_fix = Some(fix);
        self
    }

    /// Checks the application and freezes it: invalid prefixes, endpoints without
    /// handlers, handlers without endpoints, subdomain mounts without a server name, and
    /// routes of different mounts that match the same requests (both named, with their
    /// source locations when they come from route macros).
    pub fn build(self) -> Result<App, AppError> {
        if let Some(e) = self.errors.into_iter().next() {
            return Err(e);
        }
        for mount in &self.mounts {
            if mount.subdomain.is_some() && self.server_name.is_none() {
                return Err(AppError::SubdomainWithoutServerName {
                    prefix: mount.prefix.clone(),
                });
            }
            super::conflict::check_handlers(mount)?;
        }
        super::conflict::check_mounts(&self.mounts)?;
        let mut order: Vec<usize> = (0..self.mounts.len()).collect();
        // Host- and subdomain-restricted mounts first (a host is more specific than any
        // path), then longest prefix first; the sort is stable, so ties keep mount order.
        order.sort_by_key(|&i| {
            let m = &self.mounts[i];
            (
                m.host.is_none() && m.subdomain.is_none(),
                std::cmp::Reverse(m.prefix.len()),
            )
        });
        Ok(App::from_inner(AppInner {
            errors_need_app: self.debug
                || !self.error_handlers.is_empty()
                || self.mounts.iter().any(|m| !m.error_handlers.is_empty()),
            host_needed: !self.config.get_trusted_hosts().is_empty()
                || self.mounts.iter().any(Mount::routes_by_host),
            mounts: self.mounts,
            order,
            state: self.state,
            config: self.config,
            error_handlers: self.error_handlers,
            debug: self.debug,
            server_name: self.server_name,
            #[cfg(feature = "server")]
            proxy_fix: self.proxy_fix,
            #[cfg(feature = "static-files")]
            statics: {
                let mut statics = self.statics;
                // Longest prefix first; stable, so ties keep the order they were added.
                statics.sort_by_key(|m| std::cmp::Reverse(m.prefix.len()));
                statics
            },
        }))
    }
}

/// Why a prefix cannot be a mount point, if it cannot.
fn invalid_prefix(prefix: &str) -> Option<String> {
    if let Some(c) = prefix
        .chars()
        .find(|c| matches!(c, '?' | '#' | '<' | '>' | '%') || c.is_whitespace() || c.is_control())
    {
        return Some(format!(
            "{c:?} is not allowed in a mount prefix (prefixes are literal path segments)"
        ));
    }
    if prefix.contains("//") {
        return Some("empty segments (`//`) are not allowed in a mount prefix".to_owned());
    }
    None
}
