//! The `App` as a plain `tower::Service`: nested in axum, wrapped in a tower-http layer,
//! served by the development server over a real socket.
#![cfg(feature = "server")]

use http::{HeaderValue, StatusCode};
use http_body_util::BodyExt;
use stellwerk_runtime::app::{App, Handlers, RequestContext};
use stellwerk_runtime::extract::PathValues;
use stellwerk_runtime::routing::{Map, Rule};
use stellwerk_runtime::test::Client;
use tower::ServiceExt;

fn app() -> App {
    let map = Map::builder()
        .rule(Rule::new("/").endpoint("index"))
        .rule(
            Rule::new("/users/<int:id>")
                .endpoint("user")
                .methods(["GET"]),
        )
        .rule(Rule::new("/dir/").endpoint("dir"))
        .build()
        .unwrap();
    let handlers = Handlers::new()
        .on("index", |cx: RequestContext| async move {
            format!(
                "index, user 3 is at {}",
                cx.url_for("user", &[("id", 3.into())]).unwrap()
            )
        })
        .on("user", |v: PathValues| async move {
            format!("user {}", v.text("id").unwrap())
        })
        .on("dir", || async { "dir" });
    App::new().mount_map("/", map, handlers).build().unwrap()
}

async fn text(response: http::Response<axum::body::Body>) -> (StatusCode, String) {
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn nested_in_axum() {
    let router = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "axum ok" }))
        .nest_service("/stellwerk", app());
    for (path, status, body) in [
        ("/health", 200, "axum ok"),
        ("/stellwerk/users/9", 200, "user 9"),
        ("/stellwerk/users/x", 404, ""),
    ] {
        let request = http::Request::get(path)
            .header("host", "example.com")
            .body(axum::body::Body::empty())
            .unwrap();
        let (got_status, got_body) = text(router.clone().oneshot(request).await.unwrap()).await;
        assert_eq!(got_status.as_u16(), status, "{path}");
        if !body.is_empty() {
            assert_eq!(got_body, body, "{path}");
        }
    }
    // axum strips the prefix; a 405 from inside keeps its Allow header.
    let request = http::Request::post("/stellwerk/users/9")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD, OPTIONS");
}

#[tokio::test]
async fn behind_a_tower_http_layer() {
    let layered = tower::ServiceBuilder::new()
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            http::header::HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .service(app());
    let client = Client::new(layered);
    for (path, status) in [("/users/1", 200), ("/missing", 404), ("/dir", 308)] {
        let response = client.get(path).send().await;
        assert_eq!(response.status().as_u16(), status, "{path}");
        assert_eq!(response.header("x-frame-options"), Some("DENY"), "{path}");
    }
}

#[cfg(feature = "server")]
#[tokio::test]
async fn served_over_a_socket() {
    use hyper_util::client::legacy::Client as HyperClient;
    use hyper_util::rt::TokioExecutor;
    use std::time::Duration;
    use stellwerk_runtime::serve::Server;

    let server = Server::bind("127.0.0.1:0").banner(false).log(false);
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server.serve_with_shutdown(app(), async {
        let _ = stopped.await;
    }));
    let client = HyperClient::builder(TokioExecutor::new())
        .build_http::<http_body_util::Empty<bytes::Bytes>>();
    for (path, status, body) in [
        ("/users/5", 200, "user 5".to_owned()),
        ("/", 200, "index, user 3 is at /users/3".to_owned()),
    ] {
        let uri: http::Uri = format!("http://{addr}{path}").parse().unwrap();
        let response = tokio::time::timeout(Duration::from_secs(5), client.get(uri))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{path}");
        assert!(
            response.headers().contains_key("server"),
            "{path}: Server header"
        );
        assert!(
            response.headers().contains_key("date"),
            "{path}: Date header"
        );
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(String::from_utf8_lossy(&bytes), body, "{path}");
    }
    // The redirect names the host and port the client used.
    let uri: http::Uri = format!("http://{addr}/dir?a=1").parse().unwrap();
    let response = client.get(uri).await.unwrap();
    assert_eq!(response.status(), 308);
    assert_eq!(
        response.headers()["location"],
        format!("http://{addr}/dir/?a=1").as_str()
    );
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
