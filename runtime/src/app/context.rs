//! [`RequestContext`]: everything a handler can draw on for one request.

use std::sync::Arc;

use crate::extract::PathValues;
use crate::routing::{BuildError, Value};
use crate::wrappers::Request;

use super::App;

/// The request being handled, the values its rule matched, the endpoint, and the
/// application (state, URL building). Extractors are made from it; a handler may also
/// take it whole (as its last argument).
///
/// ```
/// use stellwerk_runtime::app::{App, Handlers, RequestContext};
/// use stellwerk_runtime::routing::{Map, Rule};
/// use stellwerk_runtime::test::Client;
///
/// async fn page(cx: RequestContext) -> String {
///     let next = cx.url_for("page", &[("n", 2.into())]).unwrap();
///     format!("{} {} -> {next}", cx.endpoint(), cx.values().get("n").unwrap())
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let map = Map::builder().rule(Rule::new("/p/<int:n>").endpoint("page")).build().unwrap();
/// let app = App::new().mount_map("/docs", map, Handlers::new().on("page", page)).build().unwrap();
/// assert_eq!(Client::new(app).get("/docs/p/1").send().await.text(), "page 1 -> /docs/p/2");
/// # });
/// ```
pub struct RequestContext {
    pub(crate) request: Request,
    pub(crate) values: PathValues,
    pub(crate) endpoint: EndpointName,
    pub(crate) app: App,
    pub(crate) mount: usize,
}

/// An endpoint's name: static text for the routes the macros made (copied without touching
/// a shared reference count), shared text for a dynamic map's.
#[derive(Clone, Debug)]
pub(crate) enum EndpointName {
    Static(&'static str),
    Shared(Arc<str>),
}

impl EndpointName {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            EndpointName::Static(name) => name,
            EndpointName::Shared(name) => name,
        }
    }
}

/// What URL building needs to know about the current request.
#[derive(Debug, Clone)]
pub(crate) struct RequestUrlParts {
    /// `http` or `https` (after `ProxyFix`, if trusted).
    pub scheme: String,
    /// The request's host (with a non-default port), when it is valid and trusted.
    pub host: Option<String>,
    /// The script root (no trailing slash).
    pub script_root: String,
    /// The mount that handles the request, tried first.
    pub mount: Option<usize>,
}

impl RequestContext {
    /// The request.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// The request, mutably (reading the body needs it).
    pub fn request_mut(&mut self) -> &mut Request {
        &mut self.request
    }

    /// The request, by value.
    pub fn into_request(self) -> Request {
        self.request
    }

    /// The values the rule matched (variables, then defaults), by name.
    pub fn values(&self) -> &PathValues {
        &self.values
    }

    /// The endpoint that matched.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// The application.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The path prefix of the mount that handles this request (`""` at the root), without
    /// the script root.
    pub fn mount_prefix(&self) -> &str {
        self.app.mount_prefix(self.mount)
    }

    /// A clone of the application state of type `T`, if there is one.
    pub fn state<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        self.app.state::<T>()
    }

    /// The URL of `endpoint`: its path with the script root and mount prefix (the current
    /// mount is searched first, then the others in the order they were mounted), plus a
    /// query string of the values that are not rule variables. Absolute only when the
    /// endpoint is mounted on another host.
    pub fn url_for(&self, endpoint: &str, values: &[(&str, Value)]) -> Result<String, BuildError> {
        self.app
            .build_url(endpoint, values, Some(&self.url_parts()), false)
    }

    /// The absolute URL (`scheme://host/...`) of `endpoint`, with the request's scheme and
    /// host (the forwarded ones only when [`proxy_fix`](super::AppBuilder::proxy_fix)
    /// trusts them).
    pub fn url_for_external(
        &self,
        endpoint: &str,
        values: &[(&str, Value)],
    ) -> Result<String, BuildError> {
        self.app
            .build_url(endpoint, values, Some(&self.url_parts()), true)
    }

    pub(crate) fn url_parts(&self) -> RequestUrlParts {
        RequestUrlParts {
            scheme: self.request.scheme(),
            host: self.request.host().ok().filter(|h| !h.is_empty()),
            script_root: self.request.script_root().to_owned(),
            mount: Some(self.mount),
        }
    }
}

impl std::fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestContext")
            .field("request", &self.request)
            .field("endpoint", &self.endpoint.as_str())
            .field("values", &self.values)
            .field("mount", &self.mount)
            .finish()
    }
}
