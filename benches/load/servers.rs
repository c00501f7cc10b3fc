//! The load test's servers, one "Hello, World!" handler each:
//!
//! * `stellwerk`: an `App` with one `#[get("/")]` route, on stellwerk's server (`Server`, request log and
//!   banner off), as `App::run` would serve it;
//! * `stellwerk-server`: the bare handler (a `tower::service_fn`, no `App`) on stellwerk's
//!   server, to tell the server's cost from the application's;
//! * `hyper`: the same answer from a bare `hyper` service on hyper-util's connection
//!   builder (the floor: no routing, no wrappers);
//! * `app-on-hyper`: the same `App` as `stellwerk`, on hyper-util's connection builder
//!   directly (no stellwerk server: no panic guard, header-read timer, `Server` header or
//!   peer address);
//! * `axum`: an axum `Router` with one route, on `axum::serve`.
//!
//! `cargo run --release --example load_server -- <stellwerk|stellwerk-server|app-on-hyper|hyper|axum> [port]`; it prints
//! `listening on <addr>` once it accepts connections. `benches/load/run.sh` drives it.
use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use stellwerk::app::App;
use stellwerk::serve::Server;
use stellwerk::{get, routes};

const HELLO: &str = "Hello, World!";

#[get("/")]
fn hello() -> &'static str {
    HELLO
}

/// stellwerk's server as the load test runs it: no request log, no banner. With
/// `HEADER_READ_TIMEOUT=off` in the environment, also without the slow-client defence (a
/// timer per request), to measure what that defence costs.
fn quiet_server(addr: SocketAddr) -> Server {
    let server = Server::bind(addr).log(false).banner(false);
    match std::env::var("HEADER_READ_TIMEOUT").as_deref() {
        Ok("off") => server.header_read_timeout(None),
        _ => server,
    }
}

async fn stellwerk(addr: SocketAddr) -> std::io::Result<()> {
    let app = App::new()
        .mount("/", routes![hello])
        .build()
        .expect("one route cannot conflict");
    let server = quiet_server(addr);
    println!("listening on {}", server.local_addr()?);
    server.serve(app).await
}

/// The bare handler on stellwerk's server: separates the server's cost (panic guard, log
/// switch, `Server` header, peer address) from the `App`'s (routing, wrappers, finalisation).
async fn stellwerk_server_only(addr: SocketAddr) -> std::io::Result<()> {
    let service = tower::service_fn(|_request: http::Request<stellwerk::body::Body>| async {
        Ok::<_, Infallible>(http::Response::new(stellwerk::body::Body::from(HELLO)))
    });
    let server = quiet_server(addr);
    println!("listening on {}", server.local_addr()?);
    server.serve(service).await
}

async fn bare_hyper(addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on {}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let service = hyper::service::service_fn(|_request| async {
                Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from_static(
                    HELLO.as_bytes(),
                ))))
            });
            // A client closing mid-request is not the server's failure.
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The same `App` as `stellwerk`, served by hyper-util's connection builder directly (as
/// `hyper` is), without stellwerk's server: tells the `App`'s cost from the server's.
async fn app_on_hyper(addr: SocketAddr) -> std::io::Result<()> {
    let app = App::new()
        .mount("/", routes![hello])
        .build()
        .expect("one route cannot conflict");
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on {}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        let app = app.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let mut app = app.clone();
                tower::Service::call(&mut app, request)
            });
            // A client closing mid-request is not the server's failure.
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn axum(addr: SocketAddr) -> std::io::Result<()> {
    let router = axum::Router::new().route("/", axum::routing::get(|| async { HELLO }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, router).await
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let variant = args.next().unwrap_or_default();
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    match variant.as_str() {
        "stellwerk" => stellwerk(addr).await,
        "stellwerk-server" => stellwerk_server_only(addr).await,
        "hyper" => bare_hyper(addr).await,
        "axum" => axum(addr).await,
        "app-on-hyper" => app_on_hyper(addr).await,
        other => {
            eprintln!(
                "usage: load_server <stellwerk|stellwerk-server|app-on-hyper|hyper|axum> [port] (got {other:?})"
            );
            std::process::exit(2);
        }
    }
}
