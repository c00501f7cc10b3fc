//! [`Server`]: the builder, the accept loop and the per-request adapter between hyper and a
//! `tower::Service`.

use std::convert::Infallible;
use std::io;
use std::net::{SocketAddr, TcpListener as StdTcpListener, ToSocketAddrs};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;

use super::debug_page::{self, Failure, RequestInfo};
use super::guard::{self, Capture, CatchPanic, CatchPanicBody, PanicReport};
use super::log::{self, Logger};
use super::proxy_fix::RemoteAddr;
use crate::body::{Body, BoxError};

/// The default value of the `Server` header: `stellwerk/<version>`.
pub const DEFAULT_SERVER_HEADER: &str = concat!("stellwerk/", env!("CARGO_PKG_VERSION"));

/// A development server for any `tower::Service`, on hyper (HTTP/1.1 and HTTP/2).
///
/// Built with [`Server::bind`] or [`Server::from_listener`], configured with the methods
/// below, started with [`serve`](Server::serve) (stops on Ctrl-C or SIGTERM) or
/// [`serve_with_shutdown`](Server::serve_with_shutdown).
///
/// | setting | default |
/// |---|---|
/// | [`debug`](Server::debug): the debug page for panics and service errors | off |
/// | [`server_header`](Server::server_header) | `stellwerk/<version>` (none in [`production`](Server::production) mode) |
/// | [`log`](Server::log): one line per request on stderr | on |
/// | [`banner`](Server::banner): the `* Running on` lines | on |
/// | [`header_read_timeout`](Server::header_read_timeout) | 30 s |
/// | [`shutdown_timeout`](Server::shutdown_timeout): how long to wait for open requests | 30 s |
/// | [`drop_underscore_headers`](Server::drop_underscore_headers) | on |
///
/// ```no_run
/// use std::convert::Infallible;
/// use stellwerk_runtime::body::Body;
/// use stellwerk_runtime::serve::Server;
///
/// # async fn run() -> std::io::Result<()> {
/// let app = tower::service_fn(|_request: http::Request<Body>| async {
///     Ok::<_, Infallible>(http::Response::new(Body::from("Hello, World!")))
/// });
/// Server::bind("127.0.0.1:3000").debug(true).serve(app).await
/// # }
/// ```
#[derive(Debug)]
pub struct Server {
    listener: io::Result<StdTcpListener>,
    debug: bool,
    production: bool,
    server_header: Option<String>,
    log: bool,
    banner: bool,
    header_read_timeout: Option<Duration>,
    shutdown_timeout: Option<Duration>,
    drop_underscore_headers: bool,
}

impl Server {
    /// Binds a listening socket to `addr` now (`"127.0.0.1:3000"`, `([127, 0, 0, 1], 0)`,
    /// a `SocketAddr`, ...). Port `0` lets the OS choose; [`local_addr`](Server::local_addr)
    /// and the banner tell which port it chose. A bind error is reported by `serve`.
    pub fn bind(addr: impl ToSocketAddrs) -> Self {
        Server::with_listener(StdTcpListener::bind(addr))
    }

    /// Serves on a listener that is already bound, for example one inherited from
    /// `systemfd` through the `listenfd` crate (see the [module docs](super)).
    pub fn from_listener(listener: StdTcpListener) -> Self {
        Server::with_listener(Ok(listener))
    }

    fn with_listener(listener: io::Result<StdTcpListener>) -> Self {
        Server {
            listener,
            debug: false,
            production: false,
            server_header: Some(DEFAULT_SERVER_HEADER.to_owned()),
            log: true,
            banner: true,
            header_read_timeout: Some(Duration::from_secs(30)),
            shutdown_timeout: Some(Duration::from_secs(30)),
            drop_underscore_headers: true,
        }
    }

    /// The address the server listens on (with the real port when bound to port 0).
    ///
    /// ```
    /// use stellwerk_runtime::serve::Server;
    /// let server = Server::bind("127.0.0.1:0");
    /// assert_ne!(server.local_addr().unwrap().port(), 0);
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        match &self.listener {
            Ok(listener) => listener.local_addr(),
            Err(err) => Err(io::Error::new(err.kind(), err.to_string())),
        }
    }

    /// Shows the debug page (panic message, backtrace, request) for a panic or a service
    /// error. Off by default; never turn it on where others can reach the server. Ignored in
    /// production mode.
    pub fn debug(mut self, enabled: bool) -> Self {
        self.debug = enabled;
        self
    }

    /// Production mode: never the debug page, no `Server` header (unless set again after
    /// this call) and no development-server warning in the banner.
    pub fn production(mut self, enabled: bool) -> Self {
        self.production = enabled;
        if enabled {
            self.server_header = None;
        }
        self
    }

    /// The `Server` header added to responses that have none; `None` sends no header.
    pub fn server_header(mut self, value: Option<String>) -> Self {
        self.server_header = value;
        self
    }

    /// Writes one line per request to stderr (on by default).
    pub fn log(mut self, enabled: bool) -> Self {
        self.log = enabled;
        self
    }

    /// Prints the `* Running on http://...` banner on start (on by default).
    pub fn banner(mut self, enabled: bool) -> Self {
        self.banner = enabled;
        self
    }

    /// How long a client may take to send a request's headers before the connection is
    /// closed (HTTP/1); `None` waits forever. Defends against slow-header clients.
    pub fn header_read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long graceful shutdown waits for requests in flight; `None` waits until they
    /// are done.
    pub fn shutdown_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.shutdown_timeout = timeout;
        self
    }

    /// Drops request headers whose name contains `_` (on by default), as Werkzeug's dev
    /// server does: a proxy that strips `X-Forwarded-For` may pass `X_Forwarded_For`, which
    /// CGI-style code would read as the same header.
    pub fn drop_underscore_headers(mut self, enabled: bool) -> Self {
        self.drop_underscore_headers = enabled;
        self
    }

    /// Serves `service` until Ctrl-C (or SIGTERM on Unix), then shuts down gracefully.
    pub async fn serve<S, B>(self, service: S) -> io::Result<()>
    where
        S: tower::Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        self.run(service, shutdown_signal(), true).await
    }

    /// Serves `service` until `signal` completes, then stops accepting connections and
    /// waits (up to the [`shutdown_timeout`](Server::shutdown_timeout)) for requests in
    /// flight to finish.
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use stellwerk_runtime::body::Body;
    /// use stellwerk_runtime::serve::Server;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let app = tower::service_fn(|_request: http::Request<Body>| async {
    ///     Ok::<_, Infallible>(http::Response::new(Body::from("hi")))
    /// });
    /// let server = Server::bind("127.0.0.1:0").banner(false);
    /// println!("listening on {}", server.local_addr()?);
    /// // Stops at once here; a real program would wait for something.
    /// server.serve_with_shutdown(app, async {}).await
    /// # }
    /// ```
    pub async fn serve_with_shutdown<S, B, F>(self, service: S, signal: F) -> io::Result<()>
    where
        S: tower::Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
        F: Future<Output = ()>,
    {
        self.run(service, signal, false).await
    }

    async fn run<S, B, F>(self, service: S, signal: F, ctrl_c: bool) -> io::Result<()>
    where
        S: tower::Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
        F: Future<Output = ()>,
    {
        let server_header = match self.server_header.as_deref().map(HeaderValue::try_from) {
            None => None,
            Some(Ok(value)) => Some(value),
            Some(Err(_)) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the Server header value contains characters not allowed in a header",
                ));
            }
        };
        let listener = self.listener?;
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let local = listener.local_addr()?;
        let logger = Logger::for_stderr();
        let debug = self.debug && !self.production;
        if self.banner {
            logger.write(&banner(
                local,
                debug,
                self.production,
                ctrl_c,
                logger.colour(),
            ));
        }
        guard::install_hook();

        let shared = Arc::new(Shared {
            capture: if debug {
                Capture::Backtrace
            } else {
                Capture::Location
            },
            debug,
            server_header,
            logger,
            log_requests: self.log,
            drop_underscore_headers: self.drop_underscore_headers,
        });
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_read_timeout);
        builder.http2().timer(TokioTimer::new());

        let graceful = GracefulShutdown::new();
        let mut signal = pin!(signal);
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        if !is_per_connection_error(&err) {
                            // Out of file descriptors and the like: back off instead of
                            // spinning, and keep serving once resources free up.
                            logger.write(&format!(" * accept failed: {err}"));
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                        continue;
                    }
                },
                () = &mut signal => break,
            };
            // Small responses should not wait for Nagle's algorithm; failure is harmless.
            let _ = stream.set_nodelay(true);
            let per_connection = PerConnection {
                service: service.clone(),
                peer,
                shared: Arc::clone(&shared),
            };
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), per_connection)
                .into_owned();
            let connection = graceful.watch(connection);
            let log_errors = self.log;
            tokio::spawn(async move {
                if let Err(err) = connection.await
                    && log_errors
                {
                    logger.write(&format!(" * connection from {peer} ended: {err}"));
                }
            });
        }
        drop(listener);
        if self.banner {
            logger.write(&format!(
                " * Shutting down, waiting for {} open connection(s)",
                graceful.count()
            ));
        }
        match self.shutdown_timeout {
            Some(limit) => {
                if tokio::time::timeout(limit, graceful.shutdown())
                    .await
                    .is_err()
                {
                    logger.write(" * Shutdown timeout: closing the remaining connections");
                }
            }
            None => graceful.shutdown().await,
        }
        Ok(())
    }
}

/// Errors that concern one connection only; the listener itself is fine.
fn is_per_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    )
}

/// Ctrl-C, or SIGTERM on Unix. A platform without signal support never signals.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

fn banner(local: SocketAddr, debug: bool, production: bool, ctrl_c: bool, colour: bool) -> String {
    let mut lines = Vec::new();
    if !production {
        let warning = "WARNING: development server. For a deployment, use \
                       Server::production(true) behind a reverse proxy.";
        lines.push(if colour {
            format!("\x1b[1;31m{warning}\x1b[0m")
        } else {
            warning.to_owned()
        });
        lines.push(format!(
            " * Debug mode: {}",
            if debug { "on" } else { "off" }
        ));
    }
    let shown = if local.ip().is_unspecified() {
        lines.push(format!(" * Running on all addresses ({})", local.ip()));
        let loopback: std::net::IpAddr = if local.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        };
        SocketAddr::new(loopback, local.port())
    } else {
        local
    };
    let quit = if ctrl_c {
        " (Press CTRL+C to quit)"
    } else {
        ""
    };
    lines.push(format!(" * Running on http://{shown}{quit}"));
    lines.join("\n")
}

/// Configuration every request handler shares.
struct Shared {
    capture: Capture,
    debug: bool,
    server_header: Option<HeaderValue>,
    logger: Logger,
    log_requests: bool,
    drop_underscore_headers: bool,
}

/// The hyper service for one connection: clones the tower service for each request.
struct PerConnection<S> {
    service: S,
    peer: SocketAddr,
    shared: Arc<Shared>,
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
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response<Body>, Infallible>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let service = self.service.clone();
        let shared = Arc::clone(&self.shared);
        let peer = self.peer;
        Box::pin(async move { Ok(answer(service, request, peer, &shared).await) })
    }
}

async fn answer<S, B>(
    mut service: S,
    request: Request<Incoming>,
    peer: SocketAddr,
    shared: &Shared,
) -> Response<Body>
where
    S: tower::Service<Request<Body>, Response = Response<B>> + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let started = Instant::now();
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
    let method = parts.method.clone();
    let uri = parts.uri.clone();
    let version = parts.version;
    // The headers are only needed again for the debug page.
    let debug_headers = shared.debug.then(|| parts.headers.clone());
    let request = Request::from_parts(parts, Body::new(incoming));

    // Everything the service does (poll_ready, call and its future) runs under the guard.
    let outcome = CatchPanic::new(
        async move {
            std::future::poll_fn(|cx| service.poll_ready(cx))
                .await
                .map_err(Into::into)?;
            service.call(request).await.map_err(Into::into)
        },
        shared.capture,
    )
    .await;
    let failure = match outcome {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(err)) => Err(Failure::Error(error_chain(&err))),
        Err(report) => Err(Failure::Panic(report)),
    };

    let mut response = match failure {
        Ok(response) => {
            let capture = shared.capture;
            response.map(|body| Body::new(CatchPanicBody::new(body, capture, log_body_panic)))
        }
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
            let page = match debug_headers {
                Some(headers) => debug_page::render(
                    &failure,
                    &RequestInfo {
                        method: method.clone(),
                        uri: uri.clone(),
                        version,
                        headers,
                        remote: peer,
                    },
                ),
                None => debug_page::PLAIN_500.to_owned(),
            };
            let mut response = Response::new(Body::from(page));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        }
    };
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
                elapsed: started.elapsed(),
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
    fn banner_table() {
        for (addr, production, ctrl_c, expected) in [
            (
                "127.0.0.1:3000",
                false,
                true,
                "WARNING: development server. For a deployment, use Server::production(true) behind a reverse proxy.\n \
                 * Debug mode: off\n * Running on http://127.0.0.1:3000 (Press CTRL+C to quit)",
            ),
            (
                "0.0.0.0:8000",
                true,
                true,
                " * Running on all addresses (0.0.0.0)\n * Running on http://127.0.0.1:8000 (Press CTRL+C to quit)",
            ),
            (
                "[::]:8000",
                true,
                false,
                " * Running on all addresses (::)\n * Running on http://[::1]:8000",
            ),
            ("[::1]:9", true, false, " * Running on http://[::1]:9"),
        ] {
            let local: SocketAddr = addr.parse().unwrap();
            assert_eq!(
                banner(local, false, production, ctrl_c, false),
                expected,
                "{addr} production={production}"
            );
        }
    }

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

    #[test]
    fn bind_error_is_reported_by_local_addr() {
        let taken = StdTcpListener::bind("127.0.0.1:0").unwrap();
        let server = Server::bind(taken.local_addr().unwrap());
        // SO_REUSEADDR does not allow two listeners on one port.
        assert!(server.local_addr().is_err());
    }
}
