//! What the `App` costs per request in-process, without a socket: one `GET /` through an
//! `App` with one `#[get("/")]` route, against the same answer from a bare
//! `tower::service_fn` and from an axum `Router` with one route, each called as a
//! `tower::Service` and its future polled to the end. The request is built inside the
//! timed loop for all three (a server hands each service a new request), so the
//! differences between the lines are the cost of the services themselves.
//!
//! Run: `cargo bench --bench app -- --measurement-time 3`

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use stellwerk::app::App;
use stellwerk::body::Body;
use stellwerk::{get, routes};
use tower::Service;

const HELLO: &str = "Hello, World!";

#[get("/")]
fn hello() -> &'static str {
    HELLO
}

/// Polls a future that never waits (none of these services do) to its end.
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// The request a server would hand over: a path, a `Host` and a `User-Agent`.
fn request() -> http::Request<Body> {
    http::Request::get("/")
        .header("host", "127.0.0.1:8080")
        .header("user-agent", "wrk")
        .body(Body::empty())
        .expect("a valid request")
}

fn services(c: &mut Criterion) {
    let mut app = App::new()
        .mount("/", routes![hello])
        .build()
        .expect("one route cannot conflict");
    let mut bare = tower::service_fn(|_request: http::Request<Body>| async {
        Ok::<_, Infallible>(http::Response::new(Body::from(HELLO)))
    });
    let mut axum = axum::Router::new().route("/", axum::routing::get(|| async { HELLO }));

    // The three answer the same before anything is timed.
    let answer = ready(app.call(request())).expect("infallible");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-length"], "13");
    let answer =
        ready(Service::<http::Request<Body>>::call(&mut axum, request())).expect("infallible");
    assert_eq!(answer.status(), 200);

    let mut group = c.benchmark_group("service call, GET /");
    group.bench_function("bare service_fn", |b| {
        b.iter(|| black_box(ready(bare.call(request()))))
    });
    group.bench_function("axum Router", |b| {
        b.iter(|| {
            black_box(ready(Service::<http::Request<Body>>::call(
                &mut axum,
                request(),
            )))
        })
    });
    group.bench_function("stellwerk App", |b| {
        b.iter(|| black_box(ready(app.call(request()))))
    });
    group.finish();
}

criterion_group!(benches, services);
criterion_main!(benches);
