//! `#[get]` handlers mounted with `routes![]`: path values by name, extractors, `fn` and
//! `async fn`, outputs through `IntoResponse`.

use http::{HeaderMap, Method, StatusCode};
use stellwerk::app::App;
use stellwerk::exceptions::HttpError;
use stellwerk::extract::{Query, State};
use stellwerk::test::Client;
use stellwerk::{get, post, route, routes};

#[get("/")]
fn index() -> &'static str {
    "index"
}

#[get("/users/<int(min=1):id>")]
async fn show_user(id: u32, State(site): State<&'static str>) -> String {
    format!("{site}: user {id}")
}

#[get("/hello/<name>")]
fn hello(name: &str, headers: &HeaderMap) -> String {
    format!("hello {name} ({} headers)", headers.len())
}

#[derive(serde::Deserialize)]
struct Page {
    n: u32,
}

#[get("/list")]
async fn list(Query(page): Query<Page>) -> Result<String, HttpError> {
    if page.n == 0 {
        return Err(HttpError::not_found().with_description("There is no page 0."));
    }
    Ok(format!("page {}", page.n))
}

#[post("/echo")]
async fn echo(method: Method, body: stellwerk::wrappers::Request) -> (StatusCode, String) {
    let mut body = body;
    let text = body.text().await.unwrap_or_default();
    (StatusCode::CREATED, format!("{method} {text}"))
}

#[route("/any/<path:rest>")]
fn any(rest: String, method: Method) -> String {
    format!("{method} {rest}")
}

fn app() -> App {
    App::new()
        .state("site")
        .mount("/", routes![index, show_user, hello, list, echo, any])
        .build()
        .unwrap()
}

#[tokio::test]
async fn routes_dispatch_through_the_adapters() {
    let client = Client::new(app());
    for (method, path, status, body) in [
        ("GET", "/", 200, "index"),
        ("GET", "/users/7", 200, "site: user 7"),
        ("GET", "/users/0", 404, ""),
        ("GET", "/users/99999999999", 404, ""),
        ("GET", "/hello/ada%20l", 200, "hello ada l (1 headers)"),
        ("GET", "/list?n=2", 200, "page 2"),
        ("GET", "/list?n=0", 404, "There is no page 0."),
        ("GET", "/list?n=x", 400, "invalid value for &#34;n&#34;"),
        ("POST", "/echo", 201, "POST "),
        ("GET", "/echo", 405, ""),
        ("DELETE", "/any/a/b", 200, "DELETE a/b"),
        ("HEAD", "/", 200, ""),
    ] {
        let response = client.request(method.parse().unwrap(), path).send().await;
        assert_eq!(
            response.status().as_u16(),
            status,
            "{method} {path}: {}",
            response.text()
        );
        assert!(
            response.text().contains(body),
            "{method} {path}: {}",
            response.text()
        );
    }
}
