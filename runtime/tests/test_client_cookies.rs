//! The test client's cookie jar over real exchanges with a service.
#![cfg(feature = "web")]

use std::convert::Infallible;

use http::{Request, Response};
use stellwerk_runtime::body::Body;
use stellwerk_runtime::test::Client;

/// `/set?<raw Set-Cookie>` answers with that `Set-Cookie` (percent-decoded); `/redirect?<raw>`
/// does the same on a 302 to `/`; every response body is the `Cookie` header received.
fn app() -> impl tower::Service<
    Request<Body>,
    Response = Response<Body>,
    Error = Infallible,
    Future = impl Future<Output = Result<Response<Body>, Infallible>>,
> + Clone {
    tower::service_fn(|request: Request<Body>| async move {
        let received = request
            .headers()
            .get("cookie")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let set_cookie = request.uri().query().map(|q| {
            percent_encoding::percent_decode_str(q)
                .decode_utf8()
                .unwrap()
                .into_owned()
        });
        let mut response = Response::builder();
        if request.uri().path().ends_with("/redirect") {
            response = response.status(302).header("location", "/");
        }
        if let Some(set_cookie) = set_cookie {
            response = response.header("set-cookie", set_cookie);
        }
        Ok(response.body(Body::from(received)).unwrap())
    })
}

fn set(path: &str, cookie: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(cookie, percent_encoding::NON_ALPHANUMERIC);
    format!("{path}?{encoded}")
}

#[tokio::test]
async fn set_send_and_delete() {
    let client = Client::new(app());
    assert_eq!(client.get("/").send().await.text(), "");
    client.get(&set("/set", "a=1; Path=/")).send().await;
    client
        .get(&set("/set", "b=2; Path=/; HttpOnly"))
        .send()
        .await;
    assert_eq!(client.get("/").send().await.text(), "a=1; b=2");
    let cookie = client.cookie("b").expect("b is in the jar");
    assert_eq!(
        (
            cookie.value.as_str(),
            cookie.path.as_str(),
            cookie.http_only
        ),
        ("2", "/", true)
    );

    // Max-Age=0 deletes.
    client
        .get(&set("/set", "a=; Path=/; Max-Age=0"))
        .send()
        .await;
    assert_eq!(client.get("/").send().await.text(), "b=2");
    // So does an Expires in the past.
    client
        .get(&set(
            "/set",
            "b=x; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ))
        .send()
        .await;
    assert_eq!(client.get("/").send().await.text(), "");
    assert!(client.cookies().is_empty());
    // A future Expires keeps it.
    client
        .get(&set(
            "/set",
            "c=3; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
        ))
        .send()
        .await;
    assert_eq!(client.get("/").send().await.text(), "c=3");
}

#[tokio::test]
async fn path_scoping() {
    let client = Client::new(app());
    client.get(&set("/set", "root=r; Path=/")).send().await;
    client.get(&set("/set", "app=a; Path=/app")).send().await;
    // Default path: the directory of the request path.
    client.get(&set("/docs/set", "doc=d")).send().await;
    for (path, expected) in [
        ("/", "root=r"),
        ("/app", "app=a; root=r"),
        ("/app/deep/x", "app=a; root=r"),
        ("/application", "root=r"),
        ("/docs", "doc=d; root=r"),
        ("/docs/page", "doc=d; root=r"),
        ("/documents", "root=r"),
    ] {
        assert_eq!(
            client.get(path).send().await.text(),
            expected,
            "path {path}"
        );
    }
    // Deleting at the wrong path leaves the cookie.
    client
        .get(&set("/set", "app=; Path=/; Max-Age=0"))
        .send()
        .await;
    assert_eq!(client.get("/app").send().await.text(), "app=a; root=r");
    client
        .get(&set("/set", "app=; Path=/app; Max-Age=0"))
        .send()
        .await;
    assert_eq!(client.get("/app").send().await.text(), "root=r");
}

#[tokio::test]
async fn domain_and_secure_rules() {
    let client = Client::new(app()).base_url("http://example.test");
    client
        .get(&set("/set", "shared=s; Domain=example.test; Path=/"))
        .send()
        .await;
    client.get(&set("/set", "own=o; Path=/")).send().await;
    client
        .get(&set("/set", "sec=x; Path=/; Secure"))
        .send()
        .await;
    // A Domain the host does not belong to is refused.
    client
        .get(&set("/set", "foreign=f; Domain=other.test; Path=/"))
        .send()
        .await;
    for (url, expected) in [
        ("http://example.test/", "shared=s; own=o"),
        ("https://example.test/", "shared=s; own=o; sec=x"),
        ("http://www.example.test/", "shared=s"),
        ("http://example.test:8080/", "shared=s; own=o"),
        ("http://other.test/", ""),
    ] {
        assert_eq!(client.get(url).send().await.text(), expected, "{url}");
    }
}

#[tokio::test]
async fn cookies_persist_across_redirects() {
    let client = Client::new(app()).follow_redirects(true);
    let response = client
        .post(&set("/login/redirect", "session=abc; Path=/"))
        .send()
        .await;
    assert_eq!(response.text(), "session=abc");
    assert_eq!(response.history().len(), 1);
    assert_eq!(
        response.history()[0].header("set-cookie"),
        Some("session=abc; Path=/")
    );
}

#[tokio::test]
async fn manual_jar_access_and_disabling() {
    let client = Client::new(app());
    client.set_cookie("manual", "1");
    assert_eq!(client.get("/x").send().await.text(), "manual=1");
    // A hand-set Cookie header is kept, jar cookies follow it.
    let response = client.get("/").header("cookie", "own=2").send().await;
    assert_eq!(response.text(), "own=2; manual=1");
    // Clones share the jar.
    let clone = client.clone();
    clone.set_cookie("shared", "3");
    assert_eq!(client.get("/").send().await.text(), "manual=1; shared=3");
    client.delete_cookie("manual");
    assert_eq!(client.get("/").send().await.text(), "shared=3");
    client.clear_cookies();
    assert_eq!(client.get("/").send().await.text(), "");

    let no_jar = Client::new(app()).use_cookies(false);
    no_jar.get(&set("/set", "a=1")).send().await;
    assert_eq!(no_jar.get("/").send().await.text(), "");
}
