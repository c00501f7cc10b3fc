//! [`UrlFor`]: URL building for handlers.

use crate::exceptions::HttpError;
use crate::routing::macro_support::RouteInfo;
use crate::routing::{BuildError, Value};

use super::{FromRequestParts, RequestContext};
use crate::app::{App, RequestUrlParts};

/// Builds URLs of the application's endpoints as seen from the current request: the mount
/// prefix and script root are included, and [`external`](UrlFor::external) URLs take the
/// request's scheme and host (the forwarded ones only when
/// [`proxy_fix`](crate::app::AppBuilder::proxy_fix) trusts them).
///
/// The same as [`RequestContext::url_for`], for handlers that do not take the context.
///
/// ```
/// use stellwerk_runtime::app::{App, Handlers};
/// use stellwerk_runtime::extract::UrlFor;
/// use stellwerk_runtime::routing::{Map, Rule};
/// use stellwerk_runtime::test::Client;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let map = Map::builder()
///     .rule(Rule::new("/").endpoint("index"))
///     .rule(Rule::new("/users/<int:id>").endpoint("user"))
///     .build()
///     .unwrap();
/// let handlers = Handlers::new()
///     .on("user", || async { "a user" })
///     .on("index", |urls: UrlFor| async move {
///         format!("{} {}", urls.url_for("user", &[("id", 5.into())]).unwrap(),
///             urls.external("user", &[("id", 5.into())]).unwrap())
///     });
/// let client = Client::new(App::new().mount_map("/blog", map, handlers).build().unwrap());
/// assert_eq!(client.get("/blog/").send().await.text(), "/blog/users/5 http://localhost/blog/users/5");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct UrlFor {
    app: App,
    parts: RequestUrlParts,
}

impl UrlFor {
    /// The path (and query) of `endpoint` built from `values`; absolute only when the
    /// endpoint lives on another host or subdomain.
    pub fn url_for(&self, endpoint: &str, values: &[(&str, Value)]) -> Result<String, BuildError> {
        self.app
            .build_url(endpoint, values, Some(&self.parts), false)
    }

    /// The full URL of a typed URL a route's builder made (`show_user::url(5)`): the script
    /// root and the prefix of the mount that holds the route in front.
    pub fn route(
        &self,
        route: &RouteInfo,
        built: Result<String, BuildError>,
    ) -> Result<String, BuildError> {
        self.app.route_url(route, built, Some(&self.parts), false)
    }

    /// [`route`](Self::route) as an absolute URL (`scheme://host/...`).
    pub fn route_external(
        &self,
        route: &RouteInfo,
        built: Result<String, BuildError>,
    ) -> Result<String, BuildError> {
        self.app.route_url(route, built, Some(&self.parts), true)
    }

    /// The absolute URL (`scheme://host/...`) of `endpoint`.
    pub fn external(&self, endpoint: &str, values: &[(&str, Value)]) -> Result<String, BuildError> {
        self.app
            .build_url(endpoint, values, Some(&self.parts), true)
    }
}

impl FromRequestParts for UrlFor {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        Ok(UrlFor {
            app: cx.app().clone(),
            parts: cx.url_parts(),
        })
    }
}
