//! Error handlers (Flask's `errorhandler`, Rocket's catchers): per status, per mount before
//! the application, for routing errors, extractor failures, returned `HttpError`s and
//! panics.
#![cfg(feature = "server")]

use http::StatusCode;
use stellwerk_runtime::app::{App, Handlers, MountPoint};
use stellwerk_runtime::exceptions::HttpError;
use stellwerk_runtime::extract::Query;
use stellwerk_runtime::routing::{Map, Rule};
use stellwerk_runtime::test::Client;
use stellwerk_runtime::wrappers::Request;

#[derive(serde::Deserialize)]
struct N {
    #[allow(dead_code)]
    n: u8,
}

fn map() -> (Map, Handlers) {
    let map = Map::builder()
        .rule(Rule::new("/ok").endpoint("ok").methods(["GET"]))
        .rule(Rule::new("/teapot").endpoint("teapot"))
        .rule(Rule::new("/query").endpoint("query"))
        .rule(Rule::new("/panic").endpoint("panic"))
        .build()
        .unwrap();
    let handlers = Handlers::new()
        .on("ok", || async { "ok" })
        .on("teapot", || async {
            Err::<(), _>(
                HttpError::new(StatusCode::IM_A_TEAPOT).with_description("short and stout"),
            )
        })
        .on("query", |_q: Query<N>| async { "fine" })
        .on("panic", || async {
            if true {
                panic!("handler bug");
            }
        });
    (map, handlers)
}

fn app() -> App {
    let (site, site_handlers) = map();
    let (api, api_handlers) = map();
    App::new()
        .mount_map("/", site, site_handlers)
        .mount_map(
            MountPoint::new("/api")
                .error_handler(StatusCode::NOT_FOUND, |e: HttpError, r: &Request| {
                    (e.status(), format!("api 404 for {}", r.path()))
                })
                .error_handler(StatusCode::BAD_REQUEST, |e: HttpError, _r: &Request| {
                    (
                        e.status(),
                        format!("api 400: {}", e.description().unwrap_or("")),
                    )
                }),
            api,
            api_handlers,
        )
        .error_handler(StatusCode::NOT_FOUND, |e: HttpError, r: &Request| {
            (
                e.status(),
                format!("site 404 for {} ({})", r.path(), r.method()),
            )
        })
        .error_handler(
            StatusCode::METHOD_NOT_ALLOWED,
            |e: HttpError, _r: &Request| {
                // The error's headers (Allow) are the handler's to keep or drop: keep them.
                let allow = e.headers().get("allow").cloned();
                let mut response =
                    stellwerk_runtime::wrappers::response::Response::new("wrong method");
                response.set_status(e.status());
                if let Some(allow) = allow {
                    response.headers_mut().insert("allow", allow);
                }
                response
            },
        )
        .error_handler(StatusCode::IM_A_TEAPOT, |e: HttpError, _r: &Request| {
            (
                e.status(),
                format!("teapot: {}", e.description().unwrap_or("")),
            )
        })
        .error_handler(
            StatusCode::INTERNAL_SERVER_ERROR,
            |_e: HttpError, r: &Request| {
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("sorry, {} failed", r.path()),
                )
            },
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn handlers_by_status_and_mount() {
    let client = Client::new(app());
    for (method, path, status, body) in [
        ("GET", "/ok", 200, "ok"),
        ("GET", "/nope", 404, "site 404 for /nope (GET)"),
        ("DELETE", "/nope", 404, "site 404 for /nope (DELETE)"),
        ("GET", "/api/nope", 404, "api 404 for /api/nope"),
        ("POST", "/ok", 405, "wrong method"),
        ("POST", "/api/ok", 405, "wrong method"),
        ("GET", "/teapot", 418, "teapot: short and stout"),
        ("GET", "/api/teapot", 418, "teapot: short and stout"),
        ("GET", "/panic", 500, "sorry, /panic failed"),
        ("GET", "/api/panic", 500, "sorry, /api/panic failed"),
        (
            "GET",
            "/api/query?n=300",
            400,
            "api 400: The query string was not understood",
        ),
    ] {
        let response = client.request(method.parse().unwrap(), path).send().await;
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        assert!(
            response.text().starts_with(body),
            "{method} {path}: {}",
            response.text()
        );
        if status == 405 {
            assert_eq!(
                response.header("allow"),
                Some("GET, HEAD, OPTIONS"),
                "{path}"
            );
        }
    }
    // The site mount has no 400 handler: the default page, naming the field.
    let response = client.get("/query?n=x").send().await;
    assert_eq!(response.status(), 400);
    assert!(
        response.text().contains("invalid value for &#34;n&#34;"),
        "{}",
        response.text()
    );
}

#[tokio::test]
async fn an_error_handler_that_fails_gets_the_plain_page() {
    let (map, handlers) = map();
    let app = App::new()
        .mount_map("/", map, handlers)
        .error_handler(StatusCode::NOT_FOUND, |_e: HttpError, _r: &Request| {
            HttpError::new(StatusCode::GONE)
        })
        .error_handler(
            StatusCode::IM_A_TEAPOT,
            |_e: HttpError, _r: &Request| -> &'static str {
                panic!("the error handler itself is broken")
            },
        )
        .build()
        .unwrap();
    let client = Client::new(app);
    // Answering an error with another error renders that one, without another round.
    let gone = client.get("/nope").send().await;
    assert_eq!(gone.status(), 410);
    assert!(gone.text().contains("<title>410 Gone</title>"));
    let broken = client.get("/teapot").send().await;
    assert_eq!(broken.status(), 500);
    assert_eq!(client.get("/ok").send().await.text(), "ok");
}

#[tokio::test]
async fn custom_error_responses_pass_through_untouched() {
    let map = Map::builder()
        .rule(Rule::new("/").endpoint("i"))
        .build()
        .unwrap();
    let handlers = Handlers::new().on("i", || async {
        let custom = stellwerk_runtime::wrappers::response::Response::new("custom body")
            .with_status(StatusCode::FORBIDDEN);
        Err::<(), _>(stellwerk_runtime::exceptions::abort_with(custom))
    });
    let app = App::new()
        .mount_map("/", map, handlers)
        .error_handler(
            StatusCode::FORBIDDEN,
            |_e: HttpError, _r: &Request| "handler",
        )
        .build()
        .unwrap();
    let response = Client::new(app).get("/").send().await;
    // abort_with(response) sends the response as it is (Werkzeug's abort(response)).
    assert_eq!(
        (response.status().as_u16(), response.text()),
        (403, "custom body".to_owned())
    );
}
