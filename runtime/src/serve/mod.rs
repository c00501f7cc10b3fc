//! The development server: any `tower::Service` on hyper (HTTP/1.1 and HTTP/2), with
//! Werkzeug's conveniences.
//!
//! * a start-up banner with the URL (`* Running on http://127.0.0.1:3000 (Press CTRL+C to
//!   quit)`); binding port 0 lets the OS pick a port, which the banner and
//!   [`Server::local_addr`] report;
//! * a request log line per request on stderr,
//!   `127.0.0.1 - - [24/Nov/2026 10:00:00] "GET /path HTTP/1.1" 200 - 1.20ms`, coloured by
//!   status when stderr is a terminal (and `NO_COLOR` is unset), with control characters in
//!   the path escaped so a request cannot forge log lines;
//! * a `Server: stellwerk/<version>` header (configurable, off in production mode);
//! * a panic guard: a panic in the service becomes a 500 response and the server keeps
//!   serving; a panic while a body streams aborts that connection only;
//! * in [debug mode](Server::debug) only, an HTML page with the panic message, backtrace
//!   and request (all escaped, credentials masked; the form fields when the service read
//!   them through stellwerk's `Request`) instead of the plain 500 page;
//! * graceful shutdown on Ctrl-C or SIGTERM (requests in flight finish), or on any future
//!   with [`Server::serve_with_shutdown`];
//! * defences against misbehaving clients: a header read timeout for slow clients,
//!   malformed requests answered 400 by hyper, aborted uploads only end their connection,
//!   header names with `_` dropped;
//! * the peer address in every request's extensions as [`RemoteAddr`], and
//!   [`ProxyFix`] to trust `X-Forwarded-*` headers from a known number of proxies.
//!
//! Request body limits are the application's job (the request wrapper's
//! `max_content_length`), not the server's.
//!
//! ```no_run
//! use std::convert::Infallible;
//! use stellwerk_runtime::body::Body;
//!
//! #[tokio::main]
//! async fn main() -> std::io::Result<()> {
//!     let app = tower::service_fn(|request: http::Request<Body>| async move {
//!         let text = format!("You asked for {}", request.uri().path());
//!         Ok::<_, Infallible>(http::Response::new(Body::from(text)))
//!     });
//!     stellwerk_runtime::serve::serve("127.0.0.1:3000", app).await
//! }
//! ```
//!
//! # Reloading on code changes
//!
//! A compiled program cannot reload its code the way Werkzeug's reloader re-imports Python
//! modules; it has to be rebuilt and restarted. Let a file watcher do that:
//!
//! ```text
//! cargo install cargo-watch
//! cargo watch -x run
//! ```
//!
//! Between the old process exiting and the new one binding, requests are refused. To keep the
//! socket open across restarts, let `systemfd` own it and pass it to each new process:
//!
//! ```text
//! cargo install systemfd cargo-watch
//! systemfd --no-pid -s http::3000 -- cargo watch -x run
//! ```
//!
//! and take the inherited socket with the [`listenfd`](https://docs.rs/listenfd) crate,
//! falling back to binding when started without `systemfd`:
//!
//! ```ignore
//! let mut fds = listenfd::ListenFd::from_env();
//! let server = match fds.take_tcp_listener(0)? {
//!     Some(listener) => stellwerk_runtime::serve::Server::from_listener(listener),
//!     None => stellwerk_runtime::serve::Server::bind("127.0.0.1:3000"),
//! };
//! server.debug(true).serve(app).await
//! ```

mod connection;
mod debug_page;
pub(crate) mod guard;
mod log;
mod proxy_fix;
mod server;

pub use proxy_fix::{ForwardedPrefix, ProxyFix, ProxyFixOriginal, ProxyFixService, RemoteAddr};
pub use server::{DEFAULT_SERVER_HEADER, Server};

use std::io;
use std::net::ToSocketAddrs;

use bytes::Bytes;
use http::{Request, Response};

use crate::body::{Body, BoxError};

/// Serves `service` on `addr` with the default settings until Ctrl-C (or SIGTERM); the
/// same as `Server::bind(addr).serve(service)`.
///
/// ```no_run
/// use std::convert::Infallible;
/// use stellwerk_runtime::body::Body;
///
/// # async fn run() -> std::io::Result<()> {
/// let app = tower::service_fn(|_request: http::Request<Body>| async {
///     Ok::<_, Infallible>(http::Response::new(Body::from("Hello")))
/// });
/// stellwerk_runtime::serve::serve(("127.0.0.1", 3000), app).await
/// # }
/// ```
pub async fn serve<S, B>(addr: impl ToSocketAddrs, service: S) -> io::Result<()>
where
    S: tower::Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    Server::bind(addr).serve(service).await
}
