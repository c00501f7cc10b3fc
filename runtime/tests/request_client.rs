//! The request wrapper inside a `tower` service, driven by the test client: what a handler
//! sees of the client's query, form, cookies, auth and host, and how its errors answer.
#![cfg(feature = "web")]

use std::convert::Infallible;

use stellwerk_runtime::body::Body;
use stellwerk_runtime::exceptions::HttpError;
use stellwerk_runtime::test::Client;
use stellwerk_runtime::wrappers::{Request, RequestConfig};

async fn summary(request: http::Request<Body>) -> Result<String, HttpError> {
    let config = RequestConfig::default()
        .trusted_hosts(["localhost", ".example.com"])
        .max_content_length(Some(1024));
    let mut request = Request::with_config(request, config);
    let url = request.url()?;
    let user = request
        .authorization()
        .and_then(|auth| auth.username().map(str::to_owned));
    let session = request.cookies().get("session").cloned();
    let values = request.values().await?;
    let pairs: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Ok(format!(
        "{} {url} values[{}] user={user:?} session={session:?}",
        request.method(),
        pairs.join(",")
    ))
}

fn app() -> Client<
    impl tower::Service<http::Request<Body>, Response = http::Response<Body>, Error = Infallible>
    + Clone,
> {
    Client::new(tower::service_fn(
        |request: http::Request<Body>| async move {
            let response = match summary(request).await {
                Ok(text) => http::Response::new(Body::from(text)),
                Err(err) => err.into(),
            };
            Ok::<_, Infallible>(response)
        },
    ))
}

#[tokio::test]
async fn a_handler_reads_what_the_client_sent() {
    let client = app();
    client.set_cookie("session", "abc");
    let response = client
        .post("/submit")
        .query(&[("q", "a b"), ("page", "2")])
        .form(&[("q", "form"), ("name", "Ada")])
        .basic_auth("ada", "secret")
        .send()
        .await;
    assert_eq!(response.status(), 200, "{}", response.text());
    assert_eq!(
        response.text(),
        "POST http://localhost/submit?q=a+b&page=2 values[q=a b,q=form,page=2,name=Ada] \
         user=Some(\"ada\") session=Some(\"abc\")"
    );
}

#[tokio::test]
async fn errors_from_the_request_answer_with_their_status() {
    let client = app();
    let response = client.get("/").header("host", "evil.test").send().await;
    assert_eq!(response.status(), 400);
    assert!(
        response.text().contains("is not trusted"),
        "{}",
        response.text()
    );

    let response = client
        .post("/")
        .header("host", "www.example.com")
        .form(&[("big", "x".repeat(2000))])
        .send()
        .await;
    assert_eq!(response.status(), 413);

    let response = client
        .get("/ok")
        .header("host", "www.example.com")
        .send()
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .starts_with("GET http://www.example.com/ok values[]"),
        "{}",
        response.text()
    );
}
