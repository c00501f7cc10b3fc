//! How an `App` answers: status codes, `Allow`, automatic HEAD and OPTIONS, redirects with
//! the mount prefix and query, panics, finalisation. One table, one app.
#![cfg(feature = "server")]

use http::{Method, StatusCode};
use stellwerk_runtime::app::{App, Handlers};
use stellwerk_runtime::exceptions::HttpError;
use stellwerk_runtime::extract::PathValues;
use stellwerk_runtime::routing::{Map, Rule};
use stellwerk_runtime::test::Client;

fn app() -> App {
    let blog = Map::builder()
        .rule(Rule::new("/").endpoint("index").methods(["GET"]))
        .rule(
            Rule::new("/users/<int:id>")
                .endpoint("user")
                .methods(["GET"]),
        )
        .rule(
            Rule::new("/users/<int:id>")
                .endpoint("user_put")
                .methods(["PUT"]),
        )
        .rule(Rule::new("/docs/").endpoint("docs"))
        .rule(Rule::new("/any").endpoint("any"))
        .rule(Rule::new("/panic").endpoint("panic"))
        .rule(Rule::new("/gone").endpoint("gone"))
        .rule(
            Rule::new("/opt")
                .endpoint("opt")
                .methods(["OPTIONS", "GET"]),
        )
        .build()
        .unwrap();
    let blog_handlers = Handlers::new()
        .on("index", || async { "index" })
        .on("user", |v: PathValues| async move {
            format!("user {}", v.int::<u32>("id").unwrap_or(0))
        })
        .on("user_put", |v: PathValues| async move {
            format!("put {}", v.text("id").unwrap_or_default())
        })
        .on("docs", || async { "docs" })
        .on("any", |m: Method| async move { format!("any {m}") })
        .on("panic", || async {
            if true {
                panic!("boom in a handler");
            }
            "unreachable"
        })
        .on("gone", || async {
            Err::<String, _>(HttpError::new(StatusCode::GONE))
        })
        .on("opt", |m: Method| async move { format!("explicit {m}") });
    // A second mount at the root knows other methods for the same paths and other paths
    // under /blog: `Allow` merges across both, and dispatch falls through to it.
    let root = Map::builder()
        .rule(
            Rule::new("/blog/users/<int:id>")
                .endpoint("delete")
                .methods(["DELETE"]),
        )
        .rule(Rule::new("/blog/extra").endpoint("extra"))
        .rule(Rule::new("/").endpoint("home"))
        .build()
        .unwrap();
    let root_handlers = Handlers::new()
        .on("delete", |v: PathValues| async move {
            format!("deleted {}", v.text("id").unwrap_or_default())
        })
        .on("extra", || async { "extra" })
        .on("home", || async { "home" });
    App::new()
        .mount_map("/", root, root_handlers)
        .mount_map("/blog", blog, blog_handlers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn status_codes_allow_and_redirects() {
    let client = Client::new(app());
    /// (method, path, status, body, Allow, Location)
    type Case = (
        Method,
        &'static str,
        u16,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
    );
    let table: &[Case] = &[
        (Method::GET, "/", 200, "home", None, None),
        (Method::GET, "/blog/", 200, "index", None, None),
        (Method::GET, "/blog/users/5", 200, "user 5", None, None),
        (Method::PUT, "/blog/users/5", 200, "put 5", None, None),
        (
            Method::DELETE,
            "/blog/users/5",
            200,
            "deleted 5",
            None,
            None,
        ),
        (Method::GET, "/blog/extra", 200, "extra", None, None),
        (Method::POST, "/blog/any", 200, "any POST", None, None),
        (Method::OPTIONS, "/blog/any", 200, "any OPTIONS", None, None),
        (
            Method::OPTIONS,
            "/blog/opt",
            200,
            "explicit OPTIONS",
            None,
            None,
        ),
        (Method::GET, "/blog/users/x", 404, "", None, None),
        (Method::GET, "/nothing", 404, "", None, None),
        (Method::GET, "/blogs", 404, "", None, None),
        (Method::GET, "/blog/gone", 410, "", None, None),
        (Method::GET, "/blog/%FF", 400, "", None, None),
        (
            Method::PATCH,
            "/blog/users/5",
            405,
            "",
            Some("DELETE, GET, HEAD, OPTIONS, PUT"),
            None,
        ),
        (
            Method::OPTIONS,
            "/blog/users/5",
            204,
            "",
            Some("DELETE, GET, HEAD, OPTIONS, PUT"),
            None,
        ),
        (
            Method::POST,
            "/blog/",
            405,
            "",
            Some("GET, HEAD, OPTIONS"),
            None,
        ),
        (
            Method::GET,
            "/blog/docs?x=1&y=%20",
            308,
            "",
            None,
            Some("http://localhost/blog/docs/?x=1&y=%20"),
        ),
        (
            Method::GET,
            "/blog/users//5?q=1",
            308,
            "",
            None,
            Some("http://localhost/blog/users/5?q=1"),
        ),
        (
            Method::GET,
            "/blog",
            308,
            "",
            None,
            Some("http://localhost/blog/"),
        ),
        (
            Method::POST,
            "/blog/docs",
            308,
            "",
            None,
            Some("http://localhost/blog/docs/"),
        ),
    ];
    for (method, path, status, body, allow, location) in table {
        let response = client.request(method.clone(), path).send().await;
        let case = format!("{method} {path}");
        assert_eq!(
            response.status().as_u16(),
            *status,
            "{case}: {}",
            response.text()
        );
        if !body.is_empty() {
            assert_eq!(response.text(), *body, "{case}");
        }
        assert_eq!(response.header("allow"), *allow, "{case}");
        assert_eq!(response.header("location"), *location, "{case}");
        // `Date` is the server's (hyper's) to add, as in WSGI; app_tower.rs checks it
        // on served responses.
        assert_eq!(response.header("date"), None, "{case}: Date header");
        if *status == 204 {
            assert!(response.bytes().is_empty(), "{case}: 204 has no body");
            assert_eq!(response.header("content-length"), None, "{case}");
        }
    }
}

#[tokio::test]
async fn head_runs_the_get_handler_without_a_body() {
    let client = Client::new(app());
    let get = client.get("/blog/users/42").send().await;
    let head = client.head("/blog/users/42").send().await;
    assert_eq!(head.status(), 200);
    assert!(head.bytes().is_empty());
    assert_eq!(head.header("content-length"), get.header("content-length"));
    assert_eq!(get.header("content-length"), Some("7"));
    // HEAD of an error page: headers, no body.
    let missing = client.head("/missing").send().await;
    assert_eq!(missing.status(), 404);
    assert!(missing.bytes().is_empty());
    assert!(missing.header("content-length").is_some());
}

#[tokio::test]
async fn a_panic_is_a_500_and_the_app_keeps_serving() {
    let client = Client::new(app());
    for _ in 0..3 {
        let response = client.get("/blog/panic").send().await;
        assert_eq!(response.status(), 500);
        // Not in debug mode: the message stays private.
        assert!(!response.text().contains("boom"));
        assert_eq!(client.get("/blog/").send().await.text(), "index");
    }
}

#[tokio::test]
async fn debug_mode_shows_the_panic_message() {
    let map = Map::builder()
        .rule(Rule::new("/").endpoint("p"))
        .build()
        .unwrap();
    let handlers = Handlers::new().on("p", || async {
        let v: Vec<u8> = Vec::new();
        // An index out of bounds, as real bugs go.
        format!("{}", v[usize::from(v.is_empty())])
    });
    let app = App::new()
        .mount_map("/", map, handlers)
        .debug(true)
        .build()
        .unwrap();
    let response = Client::new(app).get("/").send().await;
    assert_eq!(response.status(), 500);
    assert!(
        response.text().contains("index out of bounds"),
        "{}",
        response.text()
    );
}

#[tokio::test]
async fn errors_are_json_for_clients_that_prefer_it() {
    let client = Client::new(app());
    for (accept, path, content_type) in [
        ("application/json", "/missing", "application/json"),
        ("text/html", "/missing", "text/html; charset=utf-8"),
        ("application/json", "/blog/gone", "application/json"),
        (
            "application/json, text/html;q=0.5",
            "/blog/panic",
            "application/json",
        ),
    ] {
        let response = client.get(path).header("accept", accept).send().await;
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{accept} {path}"
        );
        if content_type == "application/json" {
            let text = response.text();
            assert!(
                text.starts_with(&format!("{{\"code\": {}", response.status().as_u16())),
                "{text}"
            );
        }
    }
    let json = client
        .patch("/blog/users/1")
        .header("accept", "application/json")
        .send()
        .await;
    assert_eq!(json.status(), 405);
    assert_eq!(
        json.header("allow"),
        Some("DELETE, GET, HEAD, OPTIONS, PUT")
    );
}

#[tokio::test]
async fn an_empty_app_answers_404() {
    let app = App::new().build().unwrap();
    let response = Client::new(app).get("/x").send().await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_app_is_a_cheap_clone_and_serves_any_body_type() {
    use http_body_util::Full;
    use tower::ServiceExt;
    let app = app();
    let request = http::Request::get("http://localhost/blog/users/3")
        .body(Full::new(bytes::Bytes::new()))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let request = http::Request::get("/blog/users/3")
        .header("host", "example.com")
        .body(String::new())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.headers()["content-length"], "6");
}

proptest::proptest! {
    /// Whatever path and method a client sends, the app answers with a status from the
    /// dispatch rules and never panics.
    #[test]
    fn arbitrary_requests_get_a_defined_answer(
        path in "/[a-z0-9/%._~-]{0,24}",
        query in "[a-z0-9=&%+]{0,12}",
        method in proptest::sample::select(vec!["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"]),
    ) {
        use tower::ServiceExt;
        let uri = format!("http://localhost{path}?{query}");
        let Ok(uri) = uri.parse::<http::Uri>() else { return Ok(()) };
        let request = http::Request::builder()
            .method(method)
            .uri(uri)
            .body(String::new())
            .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let response = runtime.block_on(app().oneshot(request)).unwrap();
        let status = response.status().as_u16();
        proptest::prop_assert!(
            [200, 204, 308, 400, 404, 405, 410, 500].contains(&status),
            "{method} {path}?{query}: {status}"
        );
        if status == 405 || status == 204 {
            proptest::prop_assert!(response.headers().contains_key("allow"));
        }
    }
}
