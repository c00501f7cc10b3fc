//! Mounted `routes![]` groups: their handlers (the adapters the route attributes generate),
//! the names of their matched values, and typed URLs through the application.

use std::sync::Arc;

use crate::exceptions::HttpError;
use crate::routing::group::RouteGroup;
use crate::routing::macro_support::RouteInfo;
use crate::routing::{BuildError, Value};

use super::context::{RequestContext, RequestUrlParts};
use super::handler::{BoxFuture, HandlerFn, HandlerPtr};
use super::{App, Mount, Router};
use crate::extract::{FromRequest, FromRequestParts};

/// The handler of each route of a group, from the adapter in its `META`.
pub(crate) fn group_handlers(group: &RouteGroup) -> Vec<Option<HandlerFn>> {
    (0..group.routes().len())
        .map(|i| {
            let info = group.infos().get(i)?;
            let adapter = *info.adapter.get()?.downcast_ref::<HandlerPtr>()?;
            Some(Arc::new(move |cx: RequestContext| adapter(cx)) as HandlerFn)
        })
        .collect()
}

/// The names of a group route's matched values: its variables, then its defaults; `None`
/// for a hand-made group without metadata.
pub(crate) fn value_names(group: &RouteGroup, route: usize) -> Option<Vec<Arc<str>>> {
    let info = group.infos().get(route)?;
    Some(
        info.variables
            .iter()
            .map(|v| Arc::from(v.name))
            .chain(info.defaults.iter().map(|(k, _)| Arc::from(*k)))
            .collect(),
    )
}

/// The path values of a route, converted by its generated `Args::from_values` (values
/// looked up by the names in `info`). A value the handler's types reject answers 404: the
/// URL names nothing this handler can take.
///
/// Generated code calls this; it is public for that reason only.
pub fn route_args<A>(
    cx: &RequestContext,
    info: &RouteInfo,
    from_values: fn(&[Value]) -> Option<A>,
) -> Result<A, HttpError> {
    let mut values = Vec::with_capacity(info.variables.len());
    for var in info.variables {
        match cx.values().get(var.name) {
            Some(value) => values.push(value.clone()),
            None => {
                return Err(HttpError::internal_server_error().with_description(format!(
                    "The route matched without a value for {:?}.",
                    var.name
                )));
            }
        }
    }
    from_values(&values).ok_or_else(|| {
        HttpError::not_found()
            .with_description("A value in the URL does not fit the handler's argument types.")
    })
}

/// Runs a head extractor behind a boxed future. Generated adapters await this rather than
/// the extractor's own future: rustc checks a concrete `async` block's `Send` with every
/// lifetime erased, which fails for extractors of borrowed types such as
/// `State<&'static str>` ("implementation of `Clone` is not general enough"); a boxed
/// `dyn Future + Send` made in this generic function carries its `Send` in its type.
///
/// Generated code calls this; it is public for that reason only.
pub fn extract_parts<'a, T: FromRequestParts + 'a>(
    cx: &'a mut RequestContext,
) -> BoxFuture<'a, Result<T, HttpError>> {
    Box::pin(T::from_request_parts(cx))
}

/// [`extract_parts`] for the last argument, which may consume the body.
pub fn extract_request<T: FromRequest<M> + 'static, M: 'static>(
    cx: RequestContext,
) -> BoxFuture<'static, Result<T, HttpError>> {
    Box::pin(T::from_request(cx))
}

impl Mount {
    /// Whether this mount holds the route described by `info`.
    fn has_route(&self, info: &RouteInfo) -> bool {
        match &self.router {
            Router::Group(group) => group.infos().iter().any(|i| **i == *info),
            Router::Map(_) => false,
        }
    }
}

impl App {
    /// The full URL of a typed URL a route's builder made (`show_user::url(5)`,
    /// `url_for!(show_user, id = 5)`): the script root and the prefix of the mount that
    /// holds the route are put in front; a route mounted on a host gets an absolute URL.
    ///
    /// With the route macros: `app.url_of(&show_user::META, show_user::url(5))`. The route is
    /// found by its metadata, so one that is not mounted is an error:
    ///
    /// ```
    /// use stellwerk_runtime::app::App;
    /// use stellwerk_runtime::routing::macro_support::{build_url, RouteInfo, SourceLocation};
    ///
    /// const META: RouteInfo = RouteInfo::new("/about", "about", SourceLocation { file: "x.rs", line: 1, column: 1 });
    /// let app = App::new().build().unwrap();
    /// let err = app.url_of(&META, build_url(&META, &[], &[])).unwrap_err();
    /// assert!(err.to_string().contains("not mounted"));
    /// ```
    pub fn url_of(
        &self,
        route: &RouteInfo,
        built: Result<String, BuildError>,
    ) -> Result<String, BuildError> {
        self.route_url(route, built, None, false)
    }

    pub(crate) fn route_url(
        &self,
        route: &RouteInfo,
        built: Result<String, BuildError>,
        parts: Option<&RequestUrlParts>,
        external: bool,
    ) -> Result<String, BuildError> {
        let path = built?;
        let inner = &self.inner;
        let current = parts.and_then(|p| p.mount);
        let found = current
            .into_iter()
            .chain(0..inner.mounts.len())
            .find(|&i| inner.mounts.get(i).is_some_and(|m| m.has_route(route)));
        let Some(index) = found else {
            return Err(BuildError {
                endpoint: route.endpoint.to_owned(),
                method: None,
                values: Vec::new(),
                rejected: None,
                hint: Some(format!(
                    "The route {:?} (handler {}) is not mounted in this application.",
                    route.rule, route.handler
                )),
            });
        };
        let mount = &inner.mounts[index];
        let script_root = parts.map_or_else(
            || inner.config.get_script_root().to_owned(),
            |p| p.script_root.clone(),
        );
        let scheme = parts.map_or("http", |p| p.scheme.as_str());
        let request_host = parts.and_then(|p| p.host.clone());
        let mount_host = self.mount_host(mount);
        let full = format!("{script_root}{}{path}", mount.prefix);
        let other_host = mount_host.is_some() && mount_host != request_host;
        if external || other_host {
            let host = mount_host
                .or(request_host)
                .or_else(|| inner.server_name.clone())
                .unwrap_or_else(|| "localhost".to_owned());
            Ok(format!("{scheme}://{host}{full}"))
        } else {
            Ok(full)
        }
    }
}

impl RequestContext {
    /// The full URL of a typed URL a route's builder made, as seen from this request (see
    /// [`App::url_of`]).
    pub fn url_of(
        &self,
        route: &RouteInfo,
        built: Result<String, BuildError>,
    ) -> Result<String, BuildError> {
        self.app
            .route_url(route, built, Some(&self.url_parts()), false)
    }
}
