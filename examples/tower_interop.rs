//! stellwerk inside axum, behind tower-http layers: an `App` is a `tower::Service`, so it
//! nests in an axum `Router` (`nest_service`) and takes any tower layer.
//!
//! `cargo run --example tower_interop`, then try
//! `curl -i http://127.0.0.1:5000/health` (axum) and
//! `curl -i --compressed http://127.0.0.1:5000/site/users/7` (stellwerk, gzip by tower-http).
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue};
use stellwerk::app::{App, Handlers, RequestContext};
use stellwerk::extract::PathValues;
use stellwerk::routing::{Map, Rule};
use stellwerk::wrappers::RequestConfig;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The stellwerk part: its own rules, 405s and slash redirects, URLs built with the mount
/// prefix axum strips.
fn stellwerk_app() -> App {
    let map = Map::builder()
        .rule(Rule::new("/users/").endpoint("users").methods(["GET"]))
        .rule(
            Rule::new("/users/<int(min=1):id>")
                .endpoint("user")
                .methods(["GET"]),
        )
        .build()
        .expect("valid rules");
    let handlers = Handlers::new()
        .on("users", |cx: RequestContext| async move {
            // A long, repetitive body: worth compressing.
            (1..=200u32)
                .map(|id| cx.url_for("user", &[("id", id.into())]).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .on("user", |values: PathValues| async move {
            format!("user {}", values.text("id").unwrap_or_default())
        });
    App::new()
        // axum strips `/site` before the app sees the path (as a WSGI server sets
        // SCRIPT_NAME): the script root puts it back into built URLs and redirects.
        .config(RequestConfig::default().script_root("/site"))
        .mount_map("/", map, handlers)
        .build()
        .expect("every endpoint has a handler")
}

/// The whole service: axum's router with the stellwerk app under `/site`, then the
/// tower-http layers around both.
fn router() -> axum::Router {
    axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .nest_service("/site", stellwerk_app())
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(TraceLayer::new_for_http())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(5000u16);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        " * axum with stellwerk under /site on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, router())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    // Give in-flight requests' traces a moment to be written.
    tokio::time::sleep(Duration::from_millis(10)).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    async fn send(method: &str, path: &str, gzip: bool) -> (u16, axum::http::HeaderMap, Vec<u8>) {
        let mut request = axum::http::Request::builder()
            .method(method)
            .uri(path)
            .header("host", "example.com");
        if gzip {
            request = request.header("accept-encoding", "gzip");
        }
        let request = request
            .body(axum::body::Body::empty())
            .expect("valid request");
        let response = super::router().oneshot(request).await.expect("infallible");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        (status, headers, body)
    }

    #[tokio::test]
    async fn axum_and_stellwerk_routes_behind_layers() {
        for (method, path, status, body) in [
            ("GET", "/health", 200, Some("ok")),
            ("GET", "/site/users/7", 200, Some("user 7")),
            // int(min=1) rejects 0: stellwerk's 404, not axum's.
            ("GET", "/site/users/0", 404, None),
            // Wrong method: 405 with Allow, from inside the nested app.
            ("DELETE", "/site/users/7", 405, None),
            // The canonical URL has a slash: a 308 to it, with axum's prefix restored.
            ("GET", "/site/users", 308, None),
        ] {
            let (got, headers, bytes) = send(method, path, false).await;
            assert_eq!(got, status, "{method} {path}");
            assert_eq!(
                headers["x-content-type-options"], "nosniff",
                "{method} {path}: layer header"
            );
            if let Some(body) = body {
                assert_eq!(String::from_utf8_lossy(&bytes), body, "{method} {path}");
            }
            if status == 405 {
                assert_eq!(headers["allow"], "GET, HEAD, OPTIONS", "{method} {path}");
            }
            if status == 308 {
                let location = headers["location"].to_str().expect("ASCII");
                assert!(
                    location.ends_with("/site/users/"),
                    "{method} {path}: {location}"
                );
            }
        }
    }

    #[tokio::test]
    async fn compression_layer_gzips_stellwerk_responses() {
        let (status, headers, plain) = send("GET", "/site/users/", false).await;
        assert_eq!(status, 200);
        assert!(headers.get("content-encoding").is_none());
        let text = String::from_utf8(plain.clone()).expect("utf-8");
        assert!(
            text.starts_with("/site/users/1\n/site/users/2\n"),
            "URLs carry axum's prefix: {text:.40}"
        );
        let (status, headers, gzipped) = send("GET", "/site/users/", true).await;
        assert_eq!(status, 200);
        assert_eq!(headers["content-encoding"], "gzip");
        assert!(
            gzipped.len() * 2 < plain.len(),
            "{} gzipped vs {} plain",
            gzipped.len(),
            plain.len()
        );
    }
}
