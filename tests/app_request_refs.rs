//! `async fn` handlers that borrow the request: `&Request` held across an await (the
//! request is `Sync`, so the handler future is `Send`) and `&mut Request` reading the body.

use stellwerk::app::App;
use stellwerk::test::Client;
use stellwerk::wrappers::Request;
use stellwerk::{get, post, routes};

/// Awaits between reading the head and answering, so the `&Request` lives across an
/// await point.
#[get("/greet")]
async fn greet(request: &Request) -> String {
    let agent = request.header_str("x-agent").unwrap_or("nobody").to_owned();
    tokio::task::yield_now().await;
    let name = request.args().get("name").cloned().unwrap_or_default();
    format!("{agent} greets {name}")
}

#[post("/sign")]
async fn sign(request: &mut Request) -> String {
    let name = match request.form().await {
        Ok(form) => form.get("name").cloned().unwrap_or_default(),
        Err(err) => return format!("error {}", err.code()),
    };
    tokio::task::yield_now().await;
    format!("{} signed by {name}", request.method())
}

fn app() -> App {
    App::new().mount("/", routes![greet, sign]).build().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_request_reads_header_and_query() {
    let client = Client::new(app());
    for (agent, query, expected) in [
        (Some("curl"), "name=Ada", "curl greets Ada"),
        (None, "name=Grace+Hopper", "nobody greets Grace Hopper"),
        (Some("bot"), "other=1", "bot greets "),
    ] {
        let mut request = client.get(&format!("/greet?{query}"));
        if let Some(agent) = agent {
            request = request.header("x-agent", agent);
        }
        let response = request.send().await;
        assert_eq!(response.status(), 200, "{agent:?} {query}");
        assert_eq!(response.text(), expected, "{agent:?} {query}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mutable_request_awaits_the_form() {
    let client = Client::new(app());
    let response = client
        .post("/sign")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=Ada+Lovelace&x=1")
        .send()
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "POST signed by Ada Lovelace");
}

/// The handler future itself is `Send` (what `tokio::spawn` and the App require).
#[test]
fn borrowing_handler_futures_are_send() {
    fn assert_send<F: std::future::Future + Send>(_: F) {}
    let mut request = Request::new(http::Request::new(stellwerk::body::Body::empty()));
    assert_send(greet(&request));
    assert_send(sign(&mut request));
}
