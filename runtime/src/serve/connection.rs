//! The per-request adapter between hyper and a `tower::Service`: clones the service,
//! runs it under the panic guard, turns failures into 500 pages, adds the `Server` header
//! and writes the request log line.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, PoisonError, TryLockError};
use std::task::{Context, Poll, Waker};
use std::time::{Instant, SystemTime};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;

use super::debug_page::{self, Failure, RequestInfo};
use super::guard::{Capture, CatchPanic, CatchPanicBody, PanicReport, guarded};
use super::log::{self, Logger};
use crate::body::{Body, BoxError};
use crate::exceptions::HttpError;
use crate::wrappers::RemoteAddr;
use crate::wrappers::request::FormRecorder;

/// Configuration every request handler shares. Each connection gets its own copy (it is
/// small), so the reference count a request takes is the connection's, not one that every
/// core writes.
#[derive(Clone)]
pub(crate) struct Shared {
    pub(crate) capture: Capture,
    pub(crate) debug: bool,
    pub(crate) server_header: Option<HeaderValue>,
    pub(crate) logger: Logger,
    pub(crate) log_requests: bool,
    pub(crate) drop_underscore_headers: bool,
}

/// The hyper service for one connection. It calls its own instance of the tower service
/// when that is ready at once (an `App` always is), and clones it for a request only when
/// it is not: a clone per request is a shared reference count that both cores write.
pub(crate) struct PerConnection<S> {
    /// Locked only by this connection's own requests (one at a time over HTTP/1.1).
    pub(crate) service: std::sync::Mutex<S>,
    pub(crate) peer: SocketAddr,
    pub(crate) shared: Arc<Shared>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B> hyper::service::Service<Request<Incoming>> for PerConnection<S>
where
    S: tower::Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response<ServedBody>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response<ServedBody>, Infallible>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let shared = Arc::clone(&self.shared);
        // Everything that does not wait happens here, so the boxed future holds only the
        // service's future and what the answer needs afterwards (a smaller box to fill).
        let (request, seen) = receive(request, self.peer, &shared);
        match self.call_now(request, shared.capture) {
            Now::Called(future) => Box::pin(answer(
                async move { future.await.map_err(Into::into) },
                seen,
                shared,
            )),
            Now::Failed(outcome) => {
                Box::pin(std::future::ready(Ok(respond(outcome, seen, &shared))))
            }
            Now::NotReady(request) => {
                let service = self
                    .service
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone();
                Box::pin(answer(call_service(service, request), seen, shared))
            }
        }
    }
}

/// The service's answer, awaited under the panic guard, made into the response to send.
async fn answer<F, B>(
    call: F,
    seen: Seen,
    shared: Arc<Shared>,
) -> Result<Response<ServedBody>, Infallible>
where
    F: Future<Output = Result<Response<B>, BoxError>>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let outcome = CatchPanic::new(std::pin::pin!(call), shared.capture).await;
    Ok(respond(outcome, seen, &shared))
}

/// What [`PerConnection::call_now`] did.
enum Now<F, B> {
    /// The service was ready and was called: await its future.
    Called(F),
    /// `poll_ready` or `call` failed or panicked.
    Failed(Result<Result<Response<B>, BoxError>, PanicReport>),
    /// Not ready at once (or the instance is busy): call a clone and wait for it.
    NotReady(Request<Body>),
}

impl<S> PerConnection<S> {
    /// Calls this connection's instance if it is ready without waiting, under the panic
    /// guard. Its readiness is asked with a waker that does nothing: a service that is not
    /// ready is left alone and a clone waits for readiness properly.
    fn call_now<B>(&self, request: Request<Body>, capture: Capture) -> Now<S::Future, B>
    where
        S: tower::Service<Request<Body>, Response = Response<B>>,
        S::Error: Into<BoxError>,
    {
        // A panic in an earlier call poisoned the lock; the service is used again anyway,
        // as a clone would be.
        let mut service = match self.service.try_lock() {
            Ok(service) => service,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return Now::NotReady(request),
        };
        let mut cx = Context::from_waker(Waker::noop());
        match guarded(capture, || service.poll_ready(&mut cx)) {
            Ok(Poll::Ready(Ok(()))) => {}
            Ok(Poll::Ready(Err(err))) => return Now::Failed(Ok(Err(err.into()))),
            Ok(Poll::Pending) => return Now::NotReady(request),
            Err(report) => return Now::Failed(Err(report)),
        }
        match guarded(capture, || service.call(request)) {
            Ok(future) => Now::Called(future),
            Err(report) => Now::Failed(Err(report)),
        }
    }
}

/// What the server sends: every body under the panic guard.
pub(crate) type ServedBody = CatchPanicBody<Body>;

/// What the server keeps of a request while the service answers it: for the log line, the
/// error log and the debug page.
struct Seen {
    started: Option<Instant>,
    method: http::Method,
    uri: http::Uri,
    version: http::Version,
    peer: SocketAddr,
    /// Debug mode: the headers, for the debug page.
    debug_headers: Option<Box<http::HeaderMap>>,
    /// Debug mode: the slot a stellwerk `Request` records the form it parses into.
    form: Option<FormRecorder>,
}

/// The request as the service gets it (the peer address in its extensions, headers with
/// `_` dropped if so configured), and what the server keeps of it.
fn receive(request: Request<Incoming>, peer: SocketAddr, shared: &Shared) -> (Request<Body>, Seen) {
    // Only the request log reads the clock.
    let started = shared.log_requests.then(Instant::now);
    let (mut parts, incoming) = request.into_parts();
    if shared.drop_underscore_headers {
        let names: Vec<_> = parts
            .headers
            .keys()
            .filter(|name| name.as_str().contains('_'))
            .cloned()
            .collect();
        for name in names {
            parts.headers.remove(&name);
        }
    }
    parts.extensions.insert(RemoteAddr(peer));
    // The headers are only needed again for the debug page.
    let debug_headers = shared.debug.then(|| Box::new(parts.headers.clone()));
    // Debug mode: a stellwerk `Request` made from this request (an `App`'s, or one a
    // service wraps itself) records the form it parses into this slot for the page.
    let form = shared.debug.then(|| {
        let recorder = FormRecorder::new();
        parts.extensions.insert(recorder.clone());
        recorder
    });
    let seen = Seen {
        started,
        method: parts.method.clone(),
        uri: parts.uri.clone(),
        version: parts.version,
        peer,
        debug_headers,
        form,
    };
    (Request::from_parts(parts, Body::new(incoming)), seen)
}

/// `poll_ready`, then `call`: everything the service does runs under the caller's guard.
async fn call_service<S, B>(mut service: S, request: Request<Body>) -> Result<Response<B>, BoxError>
where
    S: tower::Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
{
    std::future::poll_fn(|cx| service.poll_ready(cx))
        .await
        .map_err(Into::into)?;
    service.call(request).await.map_err(Into::into)
}

/// The response to send: the service's, or for an error or a panic a 500 (the debug page
/// in debug mode), with the `Server` header; the request log line is written here.
fn respond<B>(
    outcome: Result<Result<Response<B>, BoxError>, PanicReport>,
    seen: Seen,
    shared: &Shared,
) -> Response<ServedBody>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let Seen {
        started,
        method,
        uri,
        version,
        peer,
        debug_headers,
        form,
    } = seen;
    let failure = match outcome {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(err)) => Err(Failure::Error(error_chain(&err))),
        Err(report) => Err(Failure::Panic(report)),
    };

    let capture = shared.capture;
    let response = match failure {
        Ok(response) => response.map(Body::new),
        Err(failure) => {
            let target = uri.path_and_query().map_or("/", |p| p.as_str());
            shared.logger.write(&format!(
                "Error on request {} {}: {}",
                log::escape_control(method.as_str()),
                log::escape_control(target),
                log::escape_control(&failure.summary())
            ));
            if let Failure::Panic(PanicReport {
                backtrace: Some(trace),
                ..
            }) = &failure
            {
                shared.logger.write(trace);
            }
            match debug_headers {
                Some(headers) => {
                    let page = debug_page::render(
                        &failure,
                        &RequestInfo {
                            method: method.clone(),
                            uri: uri.clone(),
                            version,
                            headers: *headers,
                            remote: peer,
                            form,
                        },
                    );
                    let mut response = Response::new(Body::from(page));
                    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                    response.headers_mut().insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/html; charset=utf-8"),
                    );
                    response
                }
                // Outside debug mode the page says nothing about the failure: it is the
                // catalogue's 500 page, the same one an application's `HttpError` renders.
                None => HttpError::internal_server_error().into(),
            }
        }
    };
    let mut response = response.map(|body| CatchPanicBody::new(body, capture, log_body_panic));
    if let Some(value) = &shared.server_header
        && !response.headers().contains_key(header::SERVER)
    {
        response.headers_mut().insert(header::SERVER, value.clone());
    }
    if shared.log_requests {
        let target = match uri.path_and_query() {
            Some(path) => path.as_str().to_owned(),
            None => uri.to_string(),
        };
        let line = log::format_entry(
            &log::Entry {
                remote: peer,
                method: &method,
                target: &target,
                version,
                status: response.status(),
                elapsed: started.map(|at| at.elapsed()).unwrap_or_default(),
                time: SystemTime::now(),
            },
            shared.logger.colour(),
        );
        shared.logger.write(&line);
    }
    response
}

fn log_body_panic(report: &PanicReport) {
    Logger::for_stderr().write(&format!(
        "Error while streaming a response body, connection aborted: {}",
        log::escape_control(&report.message)
    ));
}

/// The error's message and its `source()` chain (bounded: a cyclic chain must not hang).
fn error_chain(err: &BoxError) -> Vec<String> {
    let mut chain = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        if chain.len() >= 16 {
            break;
        }
        chain.push(cause.to_string());
        source = cause.source();
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_chain_follows_sources() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("outer")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let err: BoxError = Box::new(Outer(std::io::Error::other("inner")));
        assert_eq!(error_chain(&err), ["outer", "inner"]);
    }
}
