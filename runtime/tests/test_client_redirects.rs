//! The test client following redirects: method switching per status, history, limits,
//! loops, relative and external locations.
#![cfg(feature = "web")]

use std::convert::Infallible;

use http::{Method, Request, Response, StatusCode};
use stellwerk_runtime::body::Body;
use stellwerk_runtime::test::{Client, ClientError};

/// * `/r/<status number>?to=<location>`: answers `status` with `Location: location` (default
///   `/target`); the query value is taken verbatim after `to=`
/// * `/chain/<n>`: redirects (302) to `/chain/<n-1>`, `/chain/0` to `/target`
/// * `/loop`: redirects to itself
/// * anything else: echoes method, content type and body as `METHOD|type|body`
fn app() -> impl tower::Service<
    Request<Body>,
    Response = Response<Body>,
    Error = Infallible,
    Future = impl Future<Output = Result<Response<Body>, Infallible>>,
> + Clone {
    tower::service_fn(|request: Request<Body>| async move {
        let path = request.uri().path().to_owned();
        let redirect = |status: u16, location: &str| {
            Response::builder()
                .status(status)
                .header("location", location)
                .body(Body::from(format!("redirecting to {location}")))
                .unwrap()
        };
        let status = path.strip_prefix("/r/").and_then(|s| s.parse::<u16>().ok());
        let response = if let Some(status) = status {
            let to = request
                .uri()
                .query()
                .and_then(|q| q.strip_prefix("to="))
                .unwrap_or("/target");
            redirect(status, to)
        } else if let Some(n) = path.strip_prefix("/chain/") {
            let n: u32 = n.parse().unwrap();
            if n == 0 {
                redirect(302, "/target")
            } else {
                redirect(302, &format!("/chain/{}", n - 1))
            }
        } else if path == "/loop" {
            redirect(307, "/loop")
        } else {
            let method = request.method().clone();
            let content_type = request
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            let body = request.into_body().collect_bytes().await.unwrap();
            Response::new(Body::from(format!(
                "{method}|{content_type}|{}",
                String::from_utf8_lossy(&body)
            )))
        };
        Ok(response)
    })
}

#[tokio::test]
async fn method_switching_table() {
    let client = Client::new(app()).follow_redirects(true);
    // (status, method sent, method that reaches the target, whether the form body survives)
    for (status, method, final_method, keeps_body) in [
        (301, Method::GET, "GET", false),
        (301, Method::POST, "GET", false),
        (301, Method::PUT, "PUT", true),
        (302, Method::GET, "GET", false),
        (302, Method::POST, "GET", false),
        (302, Method::DELETE, "DELETE", true),
        (303, Method::GET, "GET", false),
        (303, Method::POST, "GET", false),
        (303, Method::PUT, "GET", false),
        (303, Method::HEAD, "HEAD", false),
        (307, Method::GET, "GET", false),
        (307, Method::POST, "POST", true),
        (307, Method::PATCH, "PATCH", true),
        (308, Method::GET, "GET", false),
        (308, Method::POST, "POST", true),
    ] {
        let expected = if keeps_body {
            format!("{final_method}|application/x-www-form-urlencoded|a=1")
        } else {
            format!("{final_method}||")
        };
        let mut builder = client.request(method.clone(), &format!("/r/{status}"));
        // GET and HEAD are sent without a body; the others carry a form.
        if method != Method::GET && method != Method::HEAD {
            builder = builder.form(&[("a", "1")]);
        }
        let response = builder.send().await;
        assert_eq!(response.status(), StatusCode::OK, "{status} {method}");
        assert_eq!(response.text(), expected, "{status} after {method}");
        assert_eq!(response.request().method(), final_method);
        assert_eq!(response.history().len(), 1, "{status} {method}");
        let first = &response.history()[0];
        assert_eq!(first.status().as_u16(), status);
        assert_eq!(first.request().method(), method);
        assert_eq!(first.location(), Some("/target"));
        assert_eq!(response.request().uri(), "http://localhost/target");
        // A switched request drops its body headers too.
        if response.request().body().is_empty() {
            assert!(
                response.request().headers().get("content-length").is_none(),
                "{status} {method}"
            );
        }
    }
}

#[tokio::test]
async fn not_following_by_default() {
    let client = Client::new(app());
    let response = client.post("/r/302").send().await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.location(), Some("/target"));
    assert!(response.history().is_empty());
    // Per-request override both ways.
    let followed = client.get("/r/302").follow_redirects(true).send().await;
    assert_eq!(followed.text(), "GET||");
    let client = Client::new(app()).follow_redirects(true);
    let held = client.get("/r/302").follow_redirects(false).send().await;
    assert_eq!(held.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn history_keeps_every_hop_in_order() {
    let client = Client::new(app()).follow_redirects(true);
    let response = client.get("/chain/3").send().await;
    assert_eq!(response.text(), "GET||");
    let hops: Vec<String> = response
        .history()
        .iter()
        .map(|r| r.request().uri().path().to_owned())
        .collect();
    assert_eq!(hops, ["/chain/3", "/chain/2", "/chain/1", "/chain/0"]);
    assert!(
        response.history()[0]
            .text()
            .contains("redirecting to /chain/2"),
        "intermediate bodies are kept"
    );
}

#[tokio::test]
async fn redirect_limit_and_loop_detection() {
    let client = Client::new(app()).follow_redirects(true).max_redirects(2);
    match client.get("/chain/5").try_send().await {
        Err(ClientError::TooManyRedirects(2)) => {}
        other => panic!("expected TooManyRedirects(2), got {other:?}"),
    }
    let client = Client::new(app()).follow_redirects(true);
    match client.get("/loop").try_send().await {
        Err(ClientError::RedirectLoop(url)) => assert_eq!(url, "http://localhost/loop"),
        other => panic!("expected a redirect loop, got {other:?}"),
    }
}

#[tokio::test]
async fn locations_resolve_relative_to_the_current_url() {
    let client = Client::new(app()).follow_redirects(true);
    for (location, expected_path) in [
        ("/abs", "/abs"),
        ("rel", "/r/rel"),
        ("../up", "/up"),
        ("http://localhost/full?x=1", "/full"),
        ("//localhost/network", "/network"),
        ("https://localhost/secure", "/secure"),
    ] {
        let response = client.get(&format!("/r/302?to={location}")).send().await;
        assert_eq!(response.status(), StatusCode::OK, "{location}");
        assert_eq!(
            response.request().uri().path(),
            expected_path,
            "location {location}"
        );
    }
    let response = client.get("/r/302?to=https://localhost/s").send().await;
    assert_eq!(response.request().uri().scheme_str(), Some("https"));
}

#[tokio::test]
async fn external_and_subdomain_redirects() {
    let client = Client::new(app()).follow_redirects(true);
    match client.get("/r/302?to=http://evil.test/").try_send().await {
        Err(ClientError::ExternalRedirect(url)) => assert_eq!(url, "http://evil.test/"),
        other => panic!("expected an external redirect error, got {other:?}"),
    }
    let location = "/r/302?to=http://api.localhost/x";
    assert!(matches!(
        client.get(location).try_send().await,
        Err(ClientError::ExternalRedirect(_))
    ));
    let client = client.allow_subdomain_redirects(true);
    let response = client.get(location).send().await;
    assert_eq!(response.request().uri(), "http://api.localhost/x");
    assert_eq!(response.request().headers()["host"], "api.localhost");
}
