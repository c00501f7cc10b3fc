//! Extractors through an `App`: what each one takes and how each one fails (status and a
//! description that says what was wrong).
#![cfg(all(feature = "server", feature = "json", feature = "multipart"))]

use std::sync::Arc;

use http::{HeaderMap, Method, StatusCode, Uri};
use stellwerk_runtime::app::{App, Handlers, RequestContext};
use stellwerk_runtime::exceptions::HttpError;
use stellwerk_runtime::extract::{Cookies, Form, PathValues, Query, State};
use stellwerk_runtime::routing::{Map, Rule};
use stellwerk_runtime::test::Client;
use stellwerk_runtime::wrappers::{Request, RequestConfig};

#[derive(serde::Deserialize)]
struct Search {
    q: String,
    page: Option<u32>,
    tag: Option<Vec<String>>,
}

#[derive(serde::Deserialize)]
struct Signup {
    name: String,
    age: u8,
}

#[derive(Clone)]
struct Site(Arc<str>);

#[derive(Clone)]
struct NotRegistered;

fn app(config: RequestConfig) -> App {
    let map = Map::builder()
        .rule(Rule::new("/search").endpoint("search"))
        .rule(Rule::new("/maybe").endpoint("maybe"))
        .rule(Rule::new("/signup").endpoint("signup").methods(["POST"]))
        .rule(Rule::new("/site").endpoint("site"))
        .rule(Rule::new("/missing-state").endpoint("missing_state"))
        .rule(Rule::new("/parts/<name>").endpoint("parts"))
        .rule(Rule::new("/raw").endpoint("raw").methods(["POST"]))
        .rule(Rule::new("/context/<int:n>").endpoint("context"))
        .rule(Rule::new("/cookies").endpoint("cookies"))
        .rule(Rule::new("/checked").endpoint("checked").methods(["POST"]))
        .build()
        .unwrap();
    let handlers = Handlers::new()
        .on("search", |Query(s): Query<Search>| async move {
            format!(
                "{} {} {:?}",
                s.q,
                s.page.unwrap_or(1),
                s.tag.unwrap_or_default()
            )
        })
        .on("maybe", |q: Option<Query<Search>>| async move {
            match q {
                Some(Query(s)) => format!("some {}", s.q),
                None => "none".to_owned(),
            }
        })
        .on("signup", |Form(f): Form<Signup>| async move {
            format!("{} is {}", f.name, f.age)
        })
        .on("site", |State(site): State<Site>| async move {
            site.0.to_string()
        })
        .on("missing_state", |State(_): State<NotRegistered>| async {
            "never"
        })
        .on(
            "parts",
            |m: Method, h: HeaderMap, u: Uri, p: http::request::Parts, v: PathValues| async move {
                format!(
                    "{m} {} {} {} {}",
                    p.method,
                    h.get("x-test").and_then(|v| v.to_str().ok()).unwrap_or("-"),
                    u.path(),
                    v.text("name").unwrap_or_default()
                )
            },
        )
        .on("raw", |mut request: Request| async move {
            request.text().await.unwrap_or_else(|e| e.to_string())
        })
        .on("context", |cx: RequestContext| async move {
            format!("{} {}", cx.endpoint(), cx.values().get("n").unwrap())
        })
        .on("cookies", |c: Cookies| async move {
            format!("{:?} {}", c.get_all("a"), c.contains("b"))
        })
        .on(
            "checked",
            |form: Result<Form<Signup>, HttpError>| async move {
                match form {
                    Ok(Form(f)) => format!("ok {}", f.name),
                    Err(e) => format!("rejected {}", e.code()),
                }
            },
        );
    App::new()
        .config(config)
        .state(Site(Arc::from("stellwerk")))
        .mount_map("/", map, handlers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn query_extracts_and_rejects_with_the_field_name() {
    let client = Client::new(app(RequestConfig::default()));
    for (path, status, needle) in [
        ("/search?q=rust", 200, "rust 1 []"),
        (
            "/search?q=rust&page=3&tag=a&tag=b",
            200,
            "rust 3 [\"a\", \"b\"]",
        ),
        ("/search?q=a+b&page=", 200, "a b 1 []"),
        (
            "/search?q=x&page=three",
            400,
            "invalid value for &#34;page&#34;",
        ),
        ("/search?q=x&page=-1", 400, "not a valid u32"),
        ("/search", 400, "missing field `q`"),
        ("/maybe?q=yes", 200, "some yes"),
        ("/maybe", 200, "none"),
    ] {
        let response = client.get(path).send().await;
        assert_eq!(
            response.status().as_u16(),
            status,
            "{path}: {}",
            response.text()
        );
        assert!(
            response.text().contains(needle),
            "{path}: {}",
            response.text()
        );
    }
}

#[tokio::test]
async fn form_answers_415_413_and_400() {
    let client = Client::new(app(RequestConfig::default().max_content_length(Some(1024))));
    let ok = client
        .post("/signup")
        .form(&[("name", "ada"), ("age", "36")])
        .send()
        .await;
    assert_eq!(ok.text(), "ada is 36");
    let multipart = client
        .post("/signup")
        .multipart(&[("name", "bob"), ("age", "7")], &[])
        .send()
        .await;
    // A multipart body of text fields works the same (with the multipart feature).
    if cfg!(feature = "multipart") {
        assert_eq!(multipart.text(), "bob is 7");
    } else {
        assert_eq!(multipart.status(), 415);
    }
    for (content_type, body, status, needle) in [
        (
            "text/plain",
            "name=a&age=1",
            415,
            "Content-Type &#34;text/plain&#34;",
        ),
        ("", "name=a&age=1", 415, "no Content-Type"),
        (
            "application/x-www-form-urlencoded",
            "name=a&age=300",
            400,
            "invalid value for &#34;age&#34;",
        ),
        (
            "application/x-www-form-urlencoded",
            "age=3",
            400,
            "missing field `name`",
        ),
        (
            "application/x-www-form-urlencoded",
            &format!("name={}&age=1", "x".repeat(2000)),
            413,
            "",
        ),
    ] {
        let mut request = client.post("/signup").body(body.to_owned());
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await;
        assert_eq!(
            response.status().as_u16(),
            status,
            "{content_type} {body}: {}",
            response.text()
        );
        assert!(
            response.text().contains(needle),
            "{content_type}: {}",
            response.text()
        );
    }
    // Result<Form<_>, HttpError> lets the handler see the failure.
    let checked = client.post("/checked").body("x").send().await;
    assert_eq!(checked.text(), "rejected 415");
}

#[tokio::test]
async fn state_head_parts_request_and_context() {
    let client = Client::new(app(RequestConfig::default()));
    assert_eq!(client.get("/site").send().await.text(), "stellwerk");
    let missing = client.get("/missing-state").send().await;
    assert_eq!(missing.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        missing.text().contains("NotRegistered"),
        "{}",
        missing.text()
    );
    let parts = client
        .put("/parts/a%2Fb?x=1")
        .header("x-test", "yes")
        .send()
        .await;
    assert_eq!(parts.text(), "PUT PUT yes /parts/a%2Fb a/b");
    let raw = client.post("/raw").body("the body").send().await;
    assert_eq!(raw.text(), "the body");
    assert_eq!(client.get("/context/9").send().await.text(), "context 9");
    let cookies = client
        .get("/cookies")
        .header("cookie", "a=1; a=2; b=3")
        .send()
        .await;
    assert_eq!(cookies.text(), "[\"1\", \"2\"] true");
}

#[cfg(feature = "json")]
#[tokio::test]
async fn json_answers_415_413_and_400() {
    use stellwerk_runtime::extract::Json;
    #[derive(serde::Deserialize, serde::Serialize)]
    struct Point {
        x: i32,
        y: i32,
    }
    let map = Map::builder()
        .rule(Rule::new("/p").endpoint("p").methods(["POST"]))
        .build()
        .unwrap();
    let handlers = Handlers::new().on("p", |Json(p): Json<Point>| async move {
        Json(Point { x: p.y, y: p.x })
    });
    let app = App::new()
        .config(RequestConfig::default().max_content_length(Some(32)))
        .mount_map("/", map, handlers)
        .build()
        .unwrap();
    let client = Client::new(app);
    let ok = client
        .post("/p")
        .json(&serde_json::json!({"x": 1, "y": 2}))
        .send()
        .await;
    assert_eq!(ok.text(), "{\"x\":2,\"y\":1}\n");
    for (content_type, body, status, needle) in [
        ("text/plain", "{}", 415, "application/json"),
        ("application/json", "{\"x\": 1}", 400, "missing field `y`"),
        ("application/json", "{nope", 400, "Failed to decode JSON"),
        (
            "application/vnd.api+json",
            "{\"x\":1,\"y\":1}",
            200,
            "{\"x\":1,\"y\":1}",
        ),
        (
            "application/json",
            &format!("{{\"x\": 1, \"y\": 1, \"pad\": \"{}\"}}", "p".repeat(40)),
            413,
            "",
        ),
    ] {
        let response = client
            .post("/p")
            .header("content-type", content_type)
            .header("accept", "application/json")
            .body(body.to_owned())
            .send()
            .await;
        assert_eq!(
            response.status().as_u16(),
            status,
            "{content_type} {body}: {}",
            response.text()
        );
        assert!(
            response.text().contains(needle),
            "{content_type} {body}: {}",
            response.text()
        );
        if status != 200 {
            // Errors for a JSON client are JSON, with the description.
            let error: serde_json::Value = response.json();
            assert_eq!(error["code"], status);
        }
    }
}

#[cfg(feature = "multipart")]
#[tokio::test]
async fn multipart_reads_fields_and_files_and_refuses_other_bodies() {
    use stellwerk_runtime::extract::Multipart;
    use stellwerk_runtime::test::FilePart;
    let map = Map::builder()
        .rule(Rule::new("/up").endpoint("up").methods(["POST"]))
        .build()
        .unwrap();
    let handlers = Handlers::new().on("up", |mut m: Multipart| async move {
        let mut names = Vec::new();
        for (field, file) in m.files.iter_mut() {
            let len = file.contents().map(|b| b.len()).unwrap_or(0);
            names.push(format!("{field}={}:{len}", file.filename().unwrap_or("")));
        }
        format!(
            "{} {}",
            m.form.get("title").map_or("-", String::as_str),
            names.join(",")
        )
    });
    let app = App::new()
        .config(RequestConfig::default().max_content_length(Some(4096)))
        .mount_map("/", map, handlers)
        .build()
        .unwrap();
    let client = Client::new(app);
    let ok = client
        .post("/up")
        .multipart(
            &[("title", "t")],
            &[
                FilePart::new("a", "a.txt", "hello"),
                FilePart::new("b", "b.bin", vec![0u8; 100]),
            ],
        )
        .send()
        .await;
    assert_eq!(ok.text(), "t a=a.txt:5,b=b.bin:100");
    let wrong = client.post("/up").form(&[("title", "t")]).send().await;
    assert_eq!(wrong.status(), 415);
    let big = client
        .post("/up")
        .multipart(&[("t", "t")], &[FilePart::new("a", "a", vec![1u8; 5000])])
        .send()
        .await;
    assert_eq!(big.status(), 413);
    let broken = client
        .post("/up")
        .header("content-type", "multipart/form-data; boundary=xyz")
        .body("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end")
        .send()
        .await;
    assert_eq!(broken.status(), 400, "{}", broken.text());
}
