//! The request path through an [`App`]: mounts, routing outcomes, handlers, errors and
//! finalisation (see the [module docs](super) for the rules).

use std::borrow::Cow;
use std::convert::Infallible;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Extensions, HeaderMap, Method, StatusCode, Uri, Version};

use crate::body::{Body, BoxError};
use crate::exceptions::{ErrorRecord, HttpError};
use crate::extract::PathValues;
use crate::routing::RoutingError;
use crate::urls::ascii_lowercase;
use crate::wrappers::Request;
use crate::wrappers::response::Response;

use super::context::{EndpointName, RequestContext};
use super::future::{ResponseFuture, RunningHandler};
use super::handler::HandlerFn;
use super::panic::{CatchUnwind, panic_message};
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
    type Future = ResponseFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    /// Routes the request right away (routing never waits) and answers with a future
    /// that only runs the handler, or serves files for static mounts (see
    /// [`ResponseFuture`]).
    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let (method, started) = self.start(request.map(Body::new));
        // Only an error handler or the debug page needs the application once the handler
        // ran: other apps skip a shared reference count per request.
        let app = self.inner.errors_need_app.then(|| self.clone());
        match started {
            Started::Done(response) => ResponseFuture::ready(app, method, response),
            Started::Handler(running) => ResponseFuture::handler(app, method, running),
            Started::Files(files) => {
                let (request, progress) = *files;
                let files = self.clone();
                let future =
                    Box::pin(async move { files.route_with_files(request, progress).await });
                ResponseFuture::files(app, method, future)
            }
        }
    }
}

/// What [`App::start`] made of a request.
enum Started {
    /// Answered without a handler.
    Done(Response),
    /// A handler runs.
    Handler(RunningHandler),
    /// Static mounts are due before the next route mount (they read files, so they wait).
    /// Boxed, so that the other answers are not moved around at a request's size.
    Files(Box<(Request, Progress)>),
}

/// The request head, kept to render errors after the handler took the request.
pub(crate) struct Head {
    pub(crate) method: Method,
    /// The request's URI when the head is kept whole (debug mode, error handlers); `/`
    /// otherwise, since the built-in error page does not show it.
    pub(crate) uri: Uri,
    pub(crate) version: Version,
    /// All the headers when an error handler may see the request; otherwise only `Accept`,
    /// the one header the built-in error page reads (copying the whole map and the
    /// extensions on every request, for the rare error, was a measurable cost).
    pub(crate) headers: HeaderMap,
    /// The extensions, kept only when an error handler may see the request or in debug
    /// mode (the debug page finds the request's form slot in them).
    pub(crate) extensions: Option<Extensions>,
}

impl Head {
    /// The head of `request`; `full` keeps every header and the extensions (for error
    /// handlers), otherwise only what the built-in error page needs.
    fn of(request: &http::Request<Body>, full: bool) -> Self {
        if full {
            return Head {
                method: request.method().clone(),
                uri: request.uri().clone(),
                version: request.version(),
                headers: request.headers().clone(),
                extensions: Some(request.extensions().clone()),
            };
        }
        // The built-in error page reads only `Accept` (the URI is shown only by the debug
        // page, which keeps the full head): no reference counts for the URI's parts.
        let mut accept = HeaderMap::new();
        for value in request.headers().get_all(header::ACCEPT) {
            accept.append(header::ACCEPT, value.clone());
        }
        Head {
            method: request.method().clone(),
            uri: Uri::default(),
            version: request.version(),
            headers: accept,
            extensions: None,
        }
    }

    /// A request with this head and an empty body, for error handlers.
    fn to_request(&self, app: &App) -> Request {
        let mut request = http::Request::new(Body::empty());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.version_mut() = self.version;
        *request.headers_mut() = self.headers.clone();
        if let Some(extensions) = &self.extensions {
            *request.extensions_mut() = extensions.clone();
        }
        Request::with_config(request, app.inner.request_config.clone())
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
    /// Whether this mount's matching depends on the request's host.
    pub(crate) fn routes_by_host(&self) -> bool {
        self.host.is_some()
            || self.subdomain.is_some()
            || self.subdomain_rules
            || self.group_host_matching
            || matches!(&self.router, Router::Map(map) if map.host_matching())
    }

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
        // The root mount takes every path (and an empty comparison is not free).
        if self.prefix.is_empty() {
            return Some(raw_path);
        }
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
    Found(EndpointName, PathValues, Option<usize>),
    Failed(RoutingError),
}

/// How far the mounts got with a request. Routing itself never waits; only static mounts
/// (files) do, so [`App::find`] stops before each of them and carries on from here.
#[derive(Default)]
struct Progress {
    /// The position in the mount order to try next.
    next: usize,
    /// Whether the static mounts due before the mount at `next` (or, past the last mount,
    /// the remaining ones) were tried.
    statics_tried: bool,
    statics: StaticCursor,
    /// The static mounts due when `find` stopped for them: those with a prefix longer than
    /// this (all remaining ones for `None`).
    due: Option<usize>,
    /// The methods the path allows in the mounts tried so far (for 405 and `OPTIONS`).
    allowed: Vec<Method>,
    /// The first mount the path fell under (its error handlers answer 404 and 405).
    first_mount: Option<usize>,
}

/// What the mounts made of a request so far.
#[allow(clippy::large_enum_variant)] // made and matched at once, never stored
enum Outcome<'a> {
    /// An answer without a handler: a redirect, 404, 405, `OPTIONS`, a bad host.
    Respond(Response),
    /// Static mounts come before the next route mount (which ones: `Progress::due`).
    TryStatic,
    /// A route matched.
    Handler(Found<'a>),
}

/// A matched route and its handler.
struct Found<'a> {
    mount: usize,
    /// Borrowed from the mount: no reference count is touched to call it.
    handler: &'a HandlerFn,
    endpoint: EndpointName,
    values: PathValues,
    route: Option<usize>,
}

impl App {
    /// Wraps and routes a request, as far as that goes without waiting; the method is
    /// kept for [`App::finish`] (a `HEAD` response loses its body there).
    fn start(&self, request: http::Request<Body>) -> (Method, Started) {
        #[cfg(feature = "server")]
        let request = {
            let mut request = request;
            if let Some(fix) = &self.inner.proxy_fix {
                fix.apply(&mut request);
            }
            request
        };
        let method = request.method().clone();
        let request = Request::with_config(request, self.inner.request_config.clone());
        let mut progress = Progress::default();
        let started = match self.find(&request, &mut progress) {
            Outcome::Respond(response) => Started::Done(response),
            Outcome::Handler(found) => Started::Handler(self.run_handler(request, found)),
            Outcome::TryStatic => Started::Files(Box::new((request, progress))),
        };
        (method, started)
    }

    fn routed(&self, mount: &Mount, target: &Target<'_>, path: &str) -> Routed {
        let Target {
            host,
            script_root,
            scheme,
            query,
            method,
        } = *target;
        let script_name: Cow<'_, str> = if script_root.is_empty() {
            Cow::Borrowed(&mount.prefix)
        } else {
            Cow::Owned(format!("{script_root}{}", mount.prefix))
        };
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
                // `bind` starts at `http`; setting it again would only copy the string.
                if scheme != "http" {
                    adapter = adapter.url_scheme(scheme);
                }
                let adapter = adapter.query_args(query);
                match adapter.match_path(path, method) {
                    Ok(m) => {
                        Routed::Found(EndpointName::Shared(m.endpoint), PathValues(m.args), None)
                    }
                    Err(e) => Routed::Failed(e),
                }
            }
            Router::Group(group) => {
                let host_matching = mount.group_host_matching;
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
                        let args = match mount.route_value_names.get(m.route) {
                            // Most routes have no values: no allocation for them.
                            _ if m.args.is_empty() => PathValues::default(),
                            Some(Some(names)) if names.len() == m.args.len() => {
                                PathValues(names.iter().cloned().zip(m.args).collect())
                            }
                            // A hand-made group has no metadata: positions stand in for names.
                            _ => PathValues(
                                m.args
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, value)| (Arc::from(i.to_string()), value))
                                    .collect(),
                            ),
                        };
                        let endpoint = match mount.route_endpoints.get(m.route) {
                            Some(endpoint) => endpoint.clone(),
                            None => EndpointName::Shared(Arc::from(&*m.endpoint)),
                        };
                        Routed::Found(endpoint, args, Some(m.route))
                    }
                    Err(e) => Routed::Failed(e),
                }
            }
        }
    }

    /// Whether an error handler could answer for errors under `mount`.
    fn has_error_handlers(&self, mount: Option<usize>) -> bool {
        !self.inner.error_handlers.is_empty()
            || mount.is_some_and(|i| !self.inner.mounts[i].error_handlers.is_empty())
    }

    /// Renders an error while the request is still at hand.
    fn reject(&self, mount: Option<usize>, err: HttpError, request: &Request) -> Response {
        let head = Head::of(request.as_http(), self.has_error_handlers(mount));
        self.render_error(mount, err, &head)
    }

    /// The response of the mounts for `request` from where `progress` stands, when static
    /// mounts are due: they are tried, then routing goes on.
    async fn route_with_files(&self, request: Request, mut progress: Progress) -> Response {
        // `find` stopped before the static mounts; `progress.due` says which.
        loop {
            let files = (
                relative_raw_path(&request),
                request.script_root(),
                request.method(),
                request.headers(),
            );
            if let Some(response) = self
                .serve_static(progress.due, &mut progress.statics, files)
                .await
            {
                return response;
            }
            match self.find(&request, &mut progress) {
                Outcome::Respond(response) => return response,
                Outcome::Handler(found) => {
                    let mut handler = self.run_handler(request, found);
                    let ended = (&mut handler.running).await;
                    return handler.answer(Some(self), ended);
                }
                Outcome::TryStatic => {}
            }
        }
    }

    /// Routes `request` through the mounts from where `progress` stands, without waiting:
    /// to a handler, to an answer, or to the static mounts due next.
    fn find(&self, request: &Request, progress: &mut Progress) -> Outcome<'_> {
        // Most apps route by path alone: then the host is read only for a redirect.
        let host = if self.inner.host_needed {
            match request_host(request) {
                Ok(host) => host,
                Err(err) => return Outcome::Respond(self.reject(None, err, request)),
            }
        } else {
            Cow::Borrowed("")
        };
        let raw_path = relative_raw_path(request);
        let scheme = request.scheme_ref();
        let target = Target {
            host: &host,
            script_root: request.script_root(),
            scheme: &scheme,
            query: request.query_string(),
            method: request.method(),
        };
        let server_name = self.inner.server_name.as_deref();
        let statics = self.has_static_mounts();
        while let Some(&index) = self.inner.order.get(progress.next) {
            let mount = &self.inner.mounts[index];
            let path = mount
                .strip_prefix(raw_path)
                .filter(|_| mount.accepts_host(&host, server_name));
            let Some(path) = path else {
                progress.next += 1;
                continue;
            };
            if statics && !progress.statics_tried {
                progress.statics_tried = true;
                progress.due = Some(mount.prefix.len());
                return Outcome::TryStatic;
            }
            progress.next += 1;
            progress.statics_tried = false;
            progress.first_mount.get_or_insert(index);
            match self.routed(mount, &target, path) {
                Routed::Found(endpoint, values, route) => {
                    let handler = match route {
                        Some(i) => mount.route_handlers.get(i).and_then(Option::as_ref),
                        None => mount.handlers.get(endpoint.as_str()),
                    };
                    let Some(handler) = handler else {
                        // `build` checks this; a map shared with other code could still
                        // gain endpoints only through a new build, so this is defensive.
                        let err = HttpError::internal_server_error().with_description(format!(
                            "The endpoint {:?} has no handler.",
                            endpoint.as_str()
                        ));
                        return Outcome::Respond(self.reject(Some(index), err, request));
                    };
                    return Outcome::Handler(Found {
                        mount: index,
                        handler,
                        endpoint,
                        values,
                        route,
                    });
                }
                Routed::Failed(RoutingError::Redirect { location, status }) => {
                    if self.inner.host_needed {
                        return Outcome::Respond(Response::redirect_with_status(&location, status));
                    }
                    // Matched without the host: match again with it, for the location.
                    // (No trusted-host list, so reading the host cannot fail.)
                    let host = request_host(request).unwrap_or(Cow::Borrowed(""));
                    let target = Target {
                        host: &host,
                        ..target
                    };
                    let location = match self.routed(mount, &target, path) {
                        Routed::Failed(RoutingError::Redirect { location, .. }) => location,
                        _ => location,
                    };
                    return Outcome::Respond(Response::redirect_with_status(&location, status));
                }
                Routed::Failed(RoutingError::MethodNotAllowed { allowed }) => {
                    progress.allowed.extend(allowed);
                }
                Routed::Failed(RoutingError::NotFound) => {}
                Routed::Failed(err) => {
                    let err = HttpError::bad_request()
                        .with_description(format!("The URL was not understood: {err}."));
                    return Outcome::Respond(self.reject(Some(index), err, request));
                }
            }
        }
        if statics && !progress.statics_tried {
            progress.statics_tried = true;
            progress.due = None;
            return Outcome::TryStatic;
        }
        Outcome::Respond(self.not_routed(request, progress))
    }

    /// The answer when no mount has a route for the request: 404, or for a path that
    /// exists with other methods 405 (`OPTIONS` gets 204 with the `Allow` list).
    fn not_routed(&self, request: &Request, progress: &mut Progress) -> Response {
        let allowed = &mut progress.allowed;
        if allowed.is_empty() {
            return self.reject(progress.first_mount, HttpError::not_found(), request);
        }
        // OPTIONS is answered automatically for every path that exists.
        allowed.push(Method::OPTIONS);
        allowed.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        allowed.dedup();
        if request.method() == Method::OPTIONS {
            let mut response = Response::new(Bytes::new()).with_status(StatusCode::NO_CONTENT);
            let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
            if let Ok(value) = HeaderValue::from_str(&names.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response.headers_mut().remove(header::CONTENT_TYPE);
            return response;
        }
        let err = HttpError::method_not_allowed(&*allowed);
        self.reject(progress.first_mount, err, request)
    }

    /// Starts the matched handler (a panic in it becomes a 500, or the debug page in
    /// debug mode, once it is awaited).
    fn run_handler(&self, mut request: Request, found: Found<'_>) -> RunningHandler {
        let Found {
            mount,
            handler,
            endpoint,
            values,
            route,
        } = found;
        if self.inner.debug {
            // The request records the form it parses; the head keeps the slot.
            request.record_form_for_debug();
        }
        // The debug page shows every header, so debug mode keeps the full head.
        let head = Head::of(
            request.as_http(),
            self.inner.debug || self.has_error_handlers(Some(mount)),
        );
        // A group route's endpoint can be looked up again should the handler panic; a
        // map's is kept (one reference count less per request for groups).
        let kept = route.is_none().then(|| endpoint.clone());
        let cx = RequestContext {
            request,
            values,
            endpoint,
            app: self.clone(),
            mount,
        };
        RunningHandler {
            running: CatchUnwind::new(handler(cx), self.inner.debug),
            head,
            mount,
            endpoint: kept,
            route,
        }
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
    pub(crate) fn after_handler(
        &self,
        mount: usize,
        mut response: Response,
        head: &Head,
    ) -> Response {
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

/// The response as it leaves the application: [`Response::finalize_for`] the request's
/// method. `Date` is the server's to add (hyper does, once per second), as in WSGI.
pub(crate) fn finish(mut response: Response, method: &Method) -> http::Response<Body> {
    response
        .as_http_mut()
        .extensions_mut()
        .remove::<ErrorRecord>();
    response.finalize_for(method)
}

/// The request's host in lower case, as routing compares it.
fn request_host(request: &Request) -> Result<Cow<'_, str>, HttpError> {
    Ok(match request.host_ref()? {
        Cow::Borrowed(host) => ascii_lowercase(host),
        Cow::Owned(mut host) => {
            host.make_ascii_lowercase();
            Cow::Owned(host)
        }
    })
}

/// The raw (still percent-encoded) path under the script root.
fn relative_raw_path(request: &Request) -> &str {
    let raw = request.raw_path();
    let root = request.script_root();
    // A proxy that reported the prefix (`X-Forwarded-Prefix`) removed it from the path.
    if !root.is_empty()
        && !request.script_root_forwarded()
        && let Some(rest) = raw.strip_prefix(root)
        && (rest.is_empty() || rest.starts_with('/'))
    {
        return rest;
    }
    raw
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
