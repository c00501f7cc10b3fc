//! [`Server`]: the builder and the accept loop.

use std::io;
use std::net::{SocketAddr, TcpListener as StdTcpListener, ToSocketAddrs};
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;

use super::connection::{PerConnection, Shared};
use super::guard::{self, Capture};
use super::log::Logger;
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
        Server::with_listener(bind_with_context(addr))
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
        let server_header = match self.server_header.as_deref() {
            None => None,
            // The default is static text: a copy per response touches no shared count.
            Some(DEFAULT_SERVER_HEADER) => Some(HeaderValue::from_static(DEFAULT_SERVER_HEADER)),
            Some(text) => match HeaderValue::try_from(text) {
                Ok(value) => Some(value),
                Err(_) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "the Server header value contains characters not allowed in a header",
                    ));
                }
            },
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
                service: std::sync::Mutex::new(connection_copy(&service)),
                peer,
                shared: Arc::new(Shared::clone(&shared)),
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

/// Binds like `TcpListener::bind`, with an error message that names the address and, for
/// the most common failure, says what to do about it.
fn bind_with_context(addr: impl ToSocketAddrs) -> io::Result<StdTcpListener> {
    let addrs: Vec<SocketAddr> = addr.to_socket_addrs()?.collect();
    StdTcpListener::bind(&addrs[..]).map_err(|err| {
        let shown: Vec<String> = addrs.iter().map(ToString::to_string).collect();
        let hint = if err.kind() == io::ErrorKind::AddrInUse {
            "; another program is using this port: stop it or choose another port"
        } else {
            ""
        };
        io::Error::new(
            err.kind(),
            format!("cannot listen on {}: {err}{hint}", shown.join(", ")),
        )
    })
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

/// A connection's own copy of the service: for an [`App`](crate::app::App), a fork, so
/// the reference counts its requests take are the connection's own (see `App::fork`);
/// any other service is cloned.
fn connection_copy<S: Clone + 'static>(service: &S) -> S {
    if let Some(app) = (service as &dyn std::any::Any).downcast_ref::<crate::app::App>() {
        let forked: Box<dyn std::any::Any> = Box::new(app.fork());
        if let Ok(forked) = forked.downcast::<S>() {
            return *forked;
        }
    }
    service.clone()
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
    fn bind_error_is_reported_by_local_addr() {
        let taken = StdTcpListener::bind("127.0.0.1:0").unwrap();
        let server = Server::bind(taken.local_addr().unwrap());
        // SO_REUSEADDR does not allow two listeners on one port.
        let err = server.local_addr().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "cannot listen on {}: ",
                taken.local_addr().unwrap()
            )) && message.contains("choose another port"),
            "{message}"
        );
    }
}
