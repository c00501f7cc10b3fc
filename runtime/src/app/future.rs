//! [`ResponseFuture`]: what [`App`]'s `Service::call` answers.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::Method;

use crate::body::Body;
use crate::exceptions::{ErrorRecord, HttpError};
use crate::wrappers::response::Response;

use super::App;
use super::context::EndpointName;
use super::dispatch::{Head, finish};
use super::handler::BoxFuture;
use super::panic::{CatchUnwind, Caught, PanicSite};

/// The response to a request the [`App`] has already routed: `call` matches the request
/// at once (routing never waits), so this future only runs the handler, or serves a
/// file, or hands over an answer made without either (a redirect, 404, 405, `OPTIONS`).
///
/// It is a named type rather than a boxed future, so a request costs no allocation for
/// it; all of its parts are `Unpin`.
///
/// ```
/// use stellwerk_runtime::app::{App, Handlers, ResponseFuture};
/// use stellwerk_runtime::body::Body;
/// use stellwerk_runtime::routing::{Map, Rule};
/// use tower::Service;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let map = Map::builder().rule(Rule::new("/").endpoint("index")).build().unwrap();
/// let mut app = App::new().mount_map("/", map, Handlers::new().on("index", || async { "hi" })).build().unwrap();
/// let future: ResponseFuture = app.call(http::Request::get("/").body(Body::empty()).unwrap());
/// let response = future.await.unwrap();
/// assert_eq!(response.status(), 200);
/// # });
/// ```
#[must_use = "futures do nothing unless awaited"]
pub struct ResponseFuture {
    state: State,
    /// The request's method: a `HEAD` response loses its body in [`finish`].
    method: Method,
    /// The application, when an error could need it (error handlers, debug mode); the
    /// others answer errors with the plain page, and skip a shared reference count.
    app: Option<App>,
}

enum State {
    /// Answered while routing; taken on the first poll.
    Ready(Option<Response>),
    /// A handler runs.
    Handler(RunningHandler),
    /// Static mounts are tried (they read files), then routing goes on.
    Files(BoxFuture<'static, Response>),
}

/// A running handler and what its error page needs once it ends.
pub(crate) struct RunningHandler {
    pub(crate) running: CatchUnwind<BoxFuture<'static, Response>>,
    pub(crate) head: Head,
    pub(crate) mount: usize,
    /// The endpoint of a map route (a group route's is in its mount).
    pub(crate) endpoint: Option<EndpointName>,
    pub(crate) route: Option<usize>,
}

impl RunningHandler {
    /// The response once the handler ended: its own (an `HttpError` it answered goes
    /// through the error handlers), or for a panic a 500 or the debug page.
    pub(crate) fn answer(&self, app: Option<&App>, ended: Result<Response, Caught>) -> Response {
        let Some(app) = app else {
            // No error handlers and no debug mode: the plain page for any error.
            return match ended {
                Ok(mut response) => match response
                    .as_http_mut()
                    .extensions_mut()
                    .remove::<ErrorRecord>()
                {
                    Some(record) => record.into_error().to_response_for(&self.head.headers),
                    None => response,
                },
                Err(_) => HttpError::internal_server_error().to_response_for(&self.head.headers),
            };
        };
        match ended {
            Ok(response) => app.after_handler(self.mount, response, &self.head),
            Err(caught) => {
                let head = &self.head;
                let endpoint = match (&self.endpoint, self.route) {
                    (Some(endpoint), _) => endpoint.as_str(),
                    (None, Some(route)) => app
                        .inner
                        .mounts
                        .get(self.mount)
                        .and_then(|mount| mount.route_endpoints.get(route))
                        .map_or("", EndpointName::as_str),
                    (None, None) => "",
                };
                let site = PanicSite {
                    mount: self.mount,
                    endpoint,
                    route: self.route,
                };
                let parts = (&head.method, &head.uri, head.version, &head.headers);
                app.handler_panicked(site, caught, head, parts)
            }
        }
    }
}

impl ResponseFuture {
    pub(crate) fn ready(app: Option<App>, method: Method, response: Response) -> Self {
        ResponseFuture {
            state: State::Ready(Some(response)),
            method,
            app,
        }
    }

    pub(crate) fn handler(app: Option<App>, method: Method, running: RunningHandler) -> Self {
        ResponseFuture {
            state: State::Handler(running),
            method,
            app,
        }
    }

    pub(crate) fn files(
        app: Option<App>,
        method: Method,
        files: BoxFuture<'static, Response>,
    ) -> Self {
        ResponseFuture {
            state: State::Files(files),
            method,
            app,
        }
    }
}

impl Future for ResponseFuture {
    type Output = Result<http::Response<Body>, std::convert::Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let response = match &mut this.state {
            State::Ready(response) => match response.take() {
                Some(response) => response,
                // Polled again after it answered: a caller's bug, answered with a 500
                // rather than a panic.
                None => HttpError::internal_server_error()
                    .with_description("The response future was polled after it finished.")
                    .to_response_for(&http::HeaderMap::new()),
            },
            State::Handler(handler) => match Pin::new(&mut handler.running).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(ended) => handler.answer(this.app.as_ref(), ended),
            },
            State::Files(files) => match files.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(response) => response,
            },
        };
        Poll::Ready(Ok(finish(response, &this.method)))
    }
}

impl fmt::Debug for ResponseFuture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Ready(_) => "ready",
            State::Handler(_) => "handler",
            State::Files(_) => "files",
        };
        f.debug_struct("ResponseFuture")
            .field("state", &state)
            .field("method", &self.method)
            .finish()
    }
}
