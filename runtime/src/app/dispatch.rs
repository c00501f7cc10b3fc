//! The request path through an [`App`]: mounts, routing outcomes, handlers, errors and
//! finalisation (see the [module docs](super) for the rules).

use std::convert::Infallible;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Extensions, HeaderMap, Method, StatusCode, Uri, Version};

use crate::body::{Body, BoxError};
use crate::exceptions::{ErrorRecord, HttpError};
use crate::extract::PathValues;
use crate::routing::{RoutingError, Value};
use crate::wrappers::Request;
use crate::wrappers::response::Response;

use super::context::RequestContext;
use super::group::value_names;
use super::panic::{CatchUnwind, PanicSite, panic_message};
use super::static_files::StaticCursor;
use super::{App, Mount, Router};

impl<B> tower_service::Service<http::Request<B>> for App
where
    B: http_body::Body + Send + 'static,
    B::Data: Into<Bytes>,
    B::Error: Into<BoxError>,
{
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = super::BoxFuture<'static, Result<http::Response<Body>, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let app = self.clone();
        Box::pin(async move { Ok(app.handle(request.map(Body::new)).await) })
    }
}

/// The request head, kept to render errors after the handler took the request.
pub(crate) struct Head {
    method: Method,
    uri: Uri,
    version: Version,
    headers: HeaderMap,
    extensions: Extensions,
}

impl Head {
    fn of(request: &http::Request<Body>) -> Self {
        Head {
            method: request.method().clone(),
            uri: request.uri().clone(),
            version: request.version(),
            headers: request.headers().clone(),
            extensions: request.extensions().clone(),
        }
    }

    /// A request with this head and an empty body, for error handlers.
    fn to_request(&self, app: &App) -> Request {
        let mut request = http::Request::new(Body::empty());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.version_mut() = self.version;
        *request.headers_mut() = self.headers.clone();
        *request.extensions_mut() = self.extensions.clone();
        Request::with_config(request, app.inner.config.clone())
    }
}

/// The host name without its port (IPv6 literals keep their brackets).
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

impl Mount {
    fn accepts_host(&self, host: &str, server_name: Option<&str>) -> bool {
        if let Some(wanted) = &self.host {
            // A mount host with a port wants that port; without one, any port.
            let matches = if host_name(wanted) != wanted {
                host == wanted
            } else {
                host_name(host) == host_name(wanted)
            };
            if !matches {
                return false;
            }
        }
        if let Some(sub) = &self.subdomain {
            let Some(server) = server_name else {
                return false;
            };
            let wanted = if sub.is_empty() {
                server.to_owned()
            } else {
                format!("{sub}.{server}")
            };
            if host_name(host) != host_name(&wanted) {
                return false;
            }
        }
        true
    }

    /// The rest of the raw path under this mount's prefix, if the path is under it.
    fn strip_prefix<'p>(&self, raw_path: &'p str) -> Option<&'p str> {
        let rest = raw_path.strip_prefix(self.prefix.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then_some(rest)
    }
}

/// What every mount matches the request against.
struct Target<'a> {
    host: &'a str,
    script_root: &'a str,
    scheme: &'a str,
    query: &'a str,
    method: &'a Method,
}

/// How a mount's router answered.
enum Routed {
    /// Endpoint, named values, and for a group the route's index.
    Found(Arc<str>, Vec<(Arc<str>, Value)>, Option<usize>),
    Failed(RoutingError),
}

impl App {
    async fn handle(&self, request: http::Request<Body>) -> http::Response<Body> {
        #[cfg(feature = "server")]
        let request = {
            let mut request = request;
            if let Some(fix) = &self.inner.proxy_fix {
                fix.apply(&mut request);
            }
            request
        };
        let head = Head::of(&request);
        let request = Request::with_config(request, self.inner.config.clone());
        let mut response = self.route(request, &head).await;
        response
            .as_http_mut()
            .extensions_mut()
            .remove::<ErrorRecord>();
        if !response.headers().contains_key(header::DATE) {
            response.set_date(SystemTime::now());
        }
        response.finalize_for(&head.method)
    }

    fn routed(&self, mount: &Mount, target: &Target<'_>, path: &str) -> Routed {
        let Target {
            host,
            script_root,
            scheme,
            query,
            method,
        } = *target;
        let script_name = format!("{script_root}{}", mount.prefix);
        // Subdomains are the router's business only when its rules name some and the mount
        // is not itself restricted to one (Flask's default: no subdomain matching);
        // otherwise it is bound to the request's host, which redirects keep.
        let server_name = self
            .inner
            .server_name
            .as_deref()
            .filter(|_| mount.subdomain_rules && mount.subdomain.is_none());
        let subdomain = server_name.and_then(|server| {
            host_name(host)
                .strip_suffix(host_name(server))
                .and_then(|sub| sub.strip_suffix('.'))
        });
        match &mount.router {
            Router::Map(map) => {
                let mut adapter = match server_name {
                    Some(server) if !map.host_matching() => map.bind(server, &script_name),
                    _ => map.bind(host, &script_name),
                };
                if let Some(sub) = subdomain.filter(|_| !map.host_matching()) {
                    adapter = adapter.subdomain(sub);
                }
                let adapter = adapter.url_scheme(scheme).query_args(query);
                match adapter.match_path(path, method) {
                    Ok(m) => Routed::Found(m.endpoint, m.args, None),
                    Err(e) => Routed::Failed(e),
                }
            }
            Router::Group(group) => {
                let host_matching = group.routes().iter().any(|r| r.host.is_some());
                let mut adapter = match server_name {
                    Some(server) if !host_matching => group.bind(server, &script_name),
                    _ => group.bind(host, &script_name),
                };
                if let Some(sub) = subdomain.filter(|_| !host_matching) {
                    adapter = adapter.subdomain(sub);
                }
                let adapter = adapter.url_scheme(scheme).query_args(query);
                match adapter.match_path(path, method) {
                    Ok(m) => {
                        let names = value_names(group, m.route, m.args.len());
                        let args = names.into_iter().zip(m.args).collect();
                        Routed::Found(Arc::from(&*m.endpoint), args, Some(m.route))
                    }
                    Err(e) => Routed::Failed(e),
                }
            }
        }
    }

    async fn route(&self, request: Request, head: &Head) -> Response {
        let host = match request.host() {
            Ok(host) => host.to_ascii_lowercase(),
            Err(err) => return self.render_error(None, err, head),
        };
        let raw_path = relative_raw_path(&request);
        let query = request.query_string().to_owned();
        let scheme = request.scheme();
        let script_root = request.script_root().to_owned();
        let method = request.method().clone();
        let server_name = self.inner.server_name.as_deref();
        let target = Target {
            host: &host,
            script_root: &script_root,
            scheme: &scheme,
            query: &query,
            method: &method,
        };
        let mut allowed: Vec<Method> = Vec::new();
        let mut first_mount = None;
        let (mut statics, files) = (
            StaticCursor::default(),
            (&*raw_path, &*script_root, &method, &head.headers),
        );
        for &index in &self.inner.order {
            let mount = &self.inner.mounts[index];
            if !mount.accepts_host(&host, server_name) {
                continue;
            }
            let Some(path) = mount.strip_prefix(&raw_path) else {
                continue;
            };
            if let Some(found) = self
                .serve_static(Some(mount.prefix.len()), &mut statics, files)
                .await
            {
                return found;
            }
            first_mount.get_or_insert(index);
            match self.routed(mount, &target, path) {
                Routed::Found(endpoint, args, route) => {
                    let handler = match route {
                        Some(i) => mount.route_handlers.get(i).cloned().flatten(),
                        None => mount.handlers.get(&*endpoint).cloned(),
                    };
                    let Some(handler) = handler else {
                        // `build` checks this; a map shared with other code could still
                        // gain endpoints only through a new build, so this is defensive.
                        let err = HttpError::internal_server_error()
                            .with_description(format!("The endpoint {endpoint:?} has no handler."));
                        return self.render_error(Some(index), err, head);
                    };
                    let site_endpoint = endpoint.clone();
                    let cx = RequestContext {
                        request,
                        values: PathValues(args.into()),
                        endpoint,
                        app: self.clone(),
                        mount: index,
                    };
                    return match CatchUnwind::new(handler(cx), self.inner.debug).await {
                        Ok(response) => self.after_handler(index, response, head),
                        Err(caught) => {
                            let site = PanicSite {
                                mount: index,
                                endpoint: &site_endpoint,
                                route,
                            };
                            let parts = (&head.method, &head.uri, head.version, &head.headers);
                            self.handler_panicked(site, caught, head, parts)
                        }
                    };
                }
                Routed::Failed(RoutingError::Redirect { location, status }) => {
                    return Response::redirect_with_status(&location, status);
                }
                Routed::Failed(RoutingError::MethodNotAllowed { allowed: more }) => {
                    allowed.extend(more);
                }
                Routed::Failed(RoutingError::NotFound) => {}
                Routed::Failed(err) => {
                    let err = HttpError::bad_request()
                        .with_description(format!("The URL was not understood: {err}."));
                    return self.render_error(Some(index), err, head);
                }
            }
        }
        if let Some(found) = self.serve_static(None, &mut statics, files).await {
            return found;
        }
        if allowed.is_empty() {
            return self.render_error(first_mount, HttpError::not_found(), head);
        }
        // OPTIONS is answered automatically for every path that exists.
        allowed.push(Method::OPTIONS);
        allowed.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        allowed.dedup();
        if method == Method::OPTIONS {
            let mut response = Response::new(Bytes::new()).with_status(StatusCode::NO_CONTENT);
            let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
            if let Ok(value) = HeaderValue::from_str(&names.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response.headers_mut().remove(header::CONTENT_TYPE);
            return response;
        }
        let err = HttpError::method_not_allowed(&allowed);
        self.render_error(first_mount, err, head)
    }

    fn panic_error(&self, message: &str) -> HttpError {
        let err = HttpError::internal_server_error();
        if self.inner.debug {
            err.with_description(format!("The handler panicked: {message}"))
        } else {
            err
        }
    }

    /// A handler's response; one rendered from an [`HttpError`] is rendered again through
    /// the error handlers.
    fn after_handler(&self, mount: usize, mut response: Response, head: &Head) -> Response {
        match response
            .as_http_mut()
            .extensions_mut()
            .remove::<ErrorRecord>()
        {
            Some(record) => self.render_error(Some(mount), record.into_error(), head),
            None => response,
        }
    }

    /// The response for an error: the mount's handler for its status, else the
    /// application's, else the negotiated error page.
    pub(crate) fn render_error(
        &self,
        mount: Option<usize>,
        err: HttpError,
        head: &Head,
    ) -> Response {
        let status = err.status();
        let handler = mount
            .and_then(|i| self.inner.mounts[i].error_handlers.get(&status))
            .or_else(|| self.inner.error_handlers.get(&status))
            .cloned();
        let Some(handler) = handler else {
            return err.to_response_for(&head.headers);
        };
        let request = head.to_request(self);
        match catch_unwind(AssertUnwindSafe(|| handler(err, &request))) {
            Ok(mut response) => {
                // An error handler that answers with an error gets the plain page for it,
                // not another round of handlers.
                let record = response
                    .as_http_mut()
                    .extensions_mut()
                    .remove::<ErrorRecord>();
                match record {
                    Some(record) => record.into_error().to_response_for(&head.headers),
                    None => response,
                }
            }
            Err(payload) => {
                let message = panic_message(payload);
                let err = self.panic_error(&format!("(in the error handler) {message}"));
                err.to_response_for(&head.headers)
            }
        }
    }
}

/// The raw (still percent-encoded) path under the script root.
fn relative_raw_path(request: &Request) -> String {
    let raw = request.raw_path();
    let root = request.script_root();
    let forwarded = cfg!(feature = "server") && forwarded_prefix(request);
    if !forwarded
        && !root.is_empty()
        && let Some(rest) = raw.strip_prefix(root)
        && (rest.is_empty() || rest.starts_with('/'))
    {
        return rest.to_owned();
    }
    raw.to_owned()
}

#[cfg(feature = "server")]
fn forwarded_prefix(request: &Request) -> bool {
    request
        .extensions()
        .get::<crate::serve::ForwardedPrefix>()
        .is_some()
}

#[cfg(not(feature = "server"))]
fn forwarded_prefix(_request: &Request) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::host_name;

    #[test]
    fn host_names_drop_the_port() {
        for (host, name) in [
            ("example.com", "example.com"),
            ("example.com:8080", "example.com"),
            ("[::1]:80", "[::1]"),
            ("[::1]", "[::1]"),
            ("", ""),
        ] {
            assert_eq!(host_name(host), name, "{host:?}");
        }
    }
}
