//! Route groups under prefixes and hosts: typed URLs through the app (mount prefix, script
//! root), redirects, 405 merged with a dynamic map, conflicts between groups named with
//! their source locations, extractor failures, panics.

use http::StatusCode;
use stellwerk::app::{App, AppError, Handlers, MountPoint, RequestContext};
use stellwerk::exceptions::HttpError;
use stellwerk::extract::{Form, UrlFor};
use stellwerk::routing::{Map, Rule};
use stellwerk::test::Client;
use stellwerk::wrappers::RequestConfig;
use stellwerk::{get, post, routes, url_for};

mod blog {
    use super::*;

    #[get("/")]
    pub fn index(urls: UrlFor) -> String {
        let post = urls
            .route(&post::META, post::url(3, "hello world"))
            .unwrap();
        let typed = urls
            .route(&post::META, url_for!(post, id = 4, slug = "x"))
            .unwrap();
        format!("{post} {typed}")
    }

    #[get("/posts/<int:id>/<slug>")]
    pub async fn post(id: u64, slug: String, cx: RequestContext) -> String {
        let back = cx.url_of(&index::META, index::url()).unwrap();
        format!("post {id} {slug}, back to {back}")
    }

    #[get("/drafts/")]
    pub fn drafts() -> &'static str {
        "drafts"
    }

    #[derive(serde::Deserialize)]
    pub struct Comment {
        pub text: String,
    }

    #[post("/posts/<int:id>/comments")]
    pub async fn comment(id: u64, Form(c): Form<Comment>) -> (StatusCode, String) {
        (StatusCode::CREATED, format!("{id}: {}", c.text))
    }

    #[get("/boom")]
    pub fn boom() -> String {
        let parts: Vec<&str> = Vec::new();
        parts[1].to_owned()
    }
}

fn app() -> App {
    let legacy = Map::builder()
        .rule(
            Rule::new("/blog/posts/<int:id>/<slug>")
                .endpoint("delete")
                .methods(["DELETE"]),
        )
        .build()
        .unwrap();
    App::new()
        .config(RequestConfig::default().script_root("/site"))
        .mount(
            "/blog",
            routes![
                blog::index,
                blog::post,
                blog::drafts,
                blog::comment,
                blog::boom
            ],
        )
        .mount_map(
            "/",
            legacy,
            Handlers::new().on("delete", || async { "deleted" }),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn groups_dispatch_build_and_redirect_under_their_prefix() {
    let client = Client::new(app());
    for (method, path, status, body, header) in [
        (
            "GET",
            "/site/blog/",
            200,
            "/site/blog/posts/3/hello%20world /site/blog/posts/4/x",
            None,
        ),
        (
            "GET",
            "/site/blog/posts/7/a%2Fb",
            200,
            "post 7 a/b, back to /site/blog/",
            None,
        ),
        ("GET", "/site/blog/posts/x/y", 404, "", None),
        (
            "GET",
            "/site/blog/drafts?page=2",
            308,
            "",
            Some(("location", "http://localhost/site/blog/drafts/?page=2")),
        ),
        ("DELETE", "/site/blog/posts/1/a", 200, "deleted", None),
        (
            "PUT",
            "/site/blog/posts/1/a",
            405,
            "",
            Some(("allow", "DELETE, GET, HEAD, OPTIONS")),
        ),
        (
            "OPTIONS",
            "/site/blog/posts/1/a",
            204,
            "",
            Some(("allow", "DELETE, GET, HEAD, OPTIONS")),
        ),
        ("GET", "/site/blog/boom", 500, "", None),
        (
            "HEAD",
            "/site/blog/drafts/",
            200,
            "",
            Some(("content-length", "6")),
        ),
    ] {
        let response = client.request(method.parse().unwrap(), path).send().await;
        let case = format!("{method} {path}");
        assert_eq!(
            response.status().as_u16(),
            status,
            "{case}: {}",
            response.text()
        );
        if !body.is_empty() {
            assert_eq!(response.text(), body, "{case}");
        }
        if let Some((name, value)) = header {
            assert_eq!(response.header(name), Some(value), "{case}");
        }
    }
}

#[tokio::test]
async fn body_extractors_fail_with_their_status() {
    let client = Client::new(app());
    let ok = client
        .post("/site/blog/posts/2/comments")
        .form(&[("text", "nice")])
        .send()
        .await;
    assert_eq!(
        (ok.status().as_u16(), ok.text()),
        (201, "2: nice".to_owned())
    );
    let not_a_form = client
        .post("/site/blog/posts/2/comments")
        .header("accept", "application/json")
        .body("text=nice")
        .send()
        .await;
    assert_eq!(not_a_form.status(), 415);
    assert_eq!(not_a_form.header("content-type"), Some("application/json"));
    let missing = client
        .post("/site/blog/posts/2/comments")
        .form(&[("other", "x")])
        .send()
        .await;
    assert_eq!(missing.status(), 400);
    assert!(
        missing.text().contains("missing field `text`"),
        "{}",
        missing.text()
    );
}

#[test]
fn typed_urls_through_the_app() {
    let app = app();
    assert_eq!(
        app.url_of(&blog::post::META, blog::post::url(1, "a b"))
            .unwrap(),
        "/site/blog/posts/1/a%20b"
    );
    // A route that is not mounted says so.
    let other = App::new().build().unwrap();
    let err = other
        .url_of(&blog::post::META, blog::post::url(1, "a"))
        .unwrap_err();
    assert!(err.to_string().contains("not mounted"), "{err}");
    // Endpoint names work as well (the handler's name by default).
    assert_eq!(
        app.url_for("post", &[("id", 9.into()), ("slug", "s".into())])
            .unwrap(),
        "/site/blog/posts/9/s"
    );
}

mod api {
    use super::*;

    #[get("/status")]
    pub fn status() -> &'static str {
        "api status"
    }

    #[get("/blog/drafts/")]
    pub fn drafts_again() -> &'static str {
        "shadowed"
    }
}

#[test]
fn conflicting_groups_are_reported_with_source_locations() {
    let err = App::new()
        .mount("/", routes![api::status, api::drafts_again])
        .mount("/blog", routes![blog::index, blog::drafts])
        .build()
        .unwrap_err();
    let AppError::Conflict { first, second } = &err else {
        panic!("expected a conflict, got {err:?}");
    };
    assert_eq!(
        (first.endpoint.as_str(), second.endpoint.as_str()),
        ("drafts", "drafts_again")
    );
    let first_at = first.location.as_deref().unwrap();
    let second_at = second.location.as_deref().unwrap();
    assert!(
        first_at.starts_with("tests/app_macros_mounts.rs:"),
        "{first_at}"
    );
    assert!(
        second_at.starts_with("tests/app_macros_mounts.rs:"),
        "{second_at}"
    );
    let message = err.to_string();
    assert!(
        message.contains(first_at) && message.contains(second_at),
        "{message}"
    );
}

#[tokio::test]
async fn groups_on_hosts_and_error_handlers_per_mount() {
    let app = App::new()
        .mount(
            MountPoint::new("/").host("api.example.com").error_handler(
                StatusCode::NOT_FOUND,
                |_e: HttpError, _r: &stellwerk::wrappers::Request| "no such API",
            ),
            routes![api::status],
        )
        .mount("/blog", routes![blog::index, blog::drafts])
        .build()
        .unwrap();
    let api = Client::new(app.clone()).base_url("http://api.example.com");
    assert_eq!(api.get("/status").send().await.text(), "api status");
    assert_eq!(api.get("/nope").send().await.text(), "no such API");
    let site = Client::new(app).base_url("http://www.example.com");
    assert_eq!(site.get("/status").send().await.status(), 404);
    assert_eq!(site.get("/blog/drafts/").send().await.text(), "drafts");
}
