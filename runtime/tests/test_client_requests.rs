//! The test client's request building: what the service receives must be exactly what the
//! builder was asked to send. The service echoes method, URI, headers and body.
#![cfg(feature = "web")]

use std::convert::Infallible;

use http::{Request, Response, StatusCode};
use stellwerk_runtime::body::{Body, BoxError};
use stellwerk_runtime::test::{Client, ClientError};

/// What the echo service saw.
#[derive(Debug)]
struct Seen {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Echoes the request in a line format the tests parse back: the method, the URI, one line
/// per header, an empty line, then the raw body.
fn echo() -> impl tower::Service<
    Request<Body>,
    Response = Response<Body>,
    Error = Infallible,
    Future = impl Future<Output = Result<Response<Body>, Infallible>>,
> + Clone {
    tower::service_fn(|request: Request<Body>| async move {
        let (parts, body) = request.into_parts();
        let body = body.collect_bytes().await.unwrap_or_default();
        let mut text = format!("{}\n{}\n", parts.method, parts.uri).into_bytes();
        for (name, value) in &parts.headers {
            text.extend_from_slice(name.as_str().as_bytes());
            text.extend_from_slice(b": ");
            text.extend_from_slice(value.as_bytes());
            text.push(b'\n');
        }
        text.push(b'\n');
        text.extend_from_slice(&body);
        Ok(Response::new(Body::from(text)))
    })
}

fn parse(bytes: &[u8]) -> Seen {
    let split = bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .expect("echo has a blank line");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.lines();
    let method = lines.next().unwrap().to_owned();
    let uri = lines.next().unwrap().to_owned();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(": ").unwrap();
            (n.to_owned(), v.to_owned())
        })
        .collect();
    Seen {
        method,
        uri,
        headers,
        body: bytes[split + 2..].to_vec(),
    }
}

#[tokio::test]
async fn methods_uri_and_host() {
    let client = Client::new(echo());
    for (builder, method) in [
        (client.get("/p"), "GET"),
        (client.post("/p"), "POST"),
        (client.put("/p"), "PUT"),
        (client.patch("/p"), "PATCH"),
        (client.delete("/p"), "DELETE"),
        (client.head("/p"), "HEAD"),
        (client.options("/p"), "OPTIONS"),
        (
            client.request(http::Method::from_bytes(b"PURGE").unwrap(), "/p"),
            "PURGE",
        ),
    ] {
        let response = builder.send().await;
        assert_eq!(response.status(), StatusCode::OK);
        let seen = parse(response.bytes());
        assert_eq!(seen.method, method);
        assert_eq!(seen.uri, "http://localhost/p", "{method}");
        assert_eq!(seen.header("host"), Some("localhost"), "{method}");
        assert_eq!(seen.header("content-length"), None, "no body: {method}");
        assert_eq!(response.request().method(), method);
    }
}

#[tokio::test]
async fn base_url_absolute_targets_and_host_override() {
    let client = Client::new(echo()).base_url("https://Example.com:8443");
    let seen = parse(client.get("/a").send().await.bytes());
    assert_eq!(seen.uri, "https://example.com:8443/a");
    assert_eq!(seen.header("host"), Some("example.com:8443"));

    let seen = parse(client.get("http://other.test/b?c=1").send().await.bytes());
    assert_eq!(seen.uri, "http://other.test/b?c=1");
    assert_eq!(seen.header("host"), Some("other.test"));

    let seen = parse(
        client
            .get("/c")
            .header("host", "virtual.test")
            .send()
            .await
            .bytes(),
    );
    assert_eq!(seen.header_all("host"), ["virtual.test"]);
}

#[tokio::test]
async fn query_and_path_encoding_table() {
    let client = Client::new(echo());
    for (path, query, expected) in [
        ("/s", &[][..], "http://localhost/s"),
        ("/s", &[("q", "a b")][..], "http://localhost/s?q=a+b"),
        (
            "/s",
            &[("q", "1+1=2")][..],
            "http://localhost/s?q=1%2B1%3D2",
        ),
        ("/s", &[("q", "ä&x")][..], "http://localhost/s?q=%C3%A4%26x"),
        (
            "/s",
            &[("a", "1"), ("a", "2")][..],
            "http://localhost/s?a=1&a=2",
        ),
        ("/s?x=1", &[("y", "2")][..], "http://localhost/s?x=1&y=2"),
        (
            "/with space/ü",
            &[][..],
            "http://localhost/with%20space/%C3%BC",
        ),
        ("/keep%2Fescape", &[][..], "http://localhost/keep%2Fescape"),
        ("no-slash", &[][..], "http://localhost/no-slash"),
        ("/frag#ment", &[][..], "http://localhost/frag"),
        (
            "/s",
            &[("url", "/a:b@c?d")][..],
            "http://localhost/s?url=/a:b@c?d",
        ),
    ] {
        let seen = parse(client.get(path).query(query).send().await.bytes());
        assert_eq!(seen.uri, expected, "path {path:?} query {query:?}");
    }
}

#[tokio::test]
async fn form_body_is_urlencoded_exactly() {
    let client = Client::new(echo());
    let response = client
        .post("/f")
        .form(&[("a", "1"), ("b", "x y"), ("c", "+&="), ("ü", "é")])
        .send()
        .await;
    let seen = parse(response.bytes());
    assert_eq!(seen.body, b"a=1&b=x+y&c=%2B%26%3D&%C3%BC=%C3%A9");
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(seen.header("content-length"), Some("35"));
    assert_eq!(response.request().body(), &seen.body[..]);
}

#[tokio::test]
async fn raw_body_headers_and_explicit_content_type() {
    let client = Client::new(echo());
    let seen = parse(
        client
            .put("/raw")
            .header("content-type", "application/octet-stream")
            .header("x-repeat", "1")
            .header("x-repeat", "2")
            .body(vec![0_u8, 1, 2, 255])
            .send()
            .await
            .bytes(),
    );
    assert_eq!(seen.body, [0, 1, 2, 255]);
    assert_eq!(seen.header("content-length"), Some("4"));
    assert_eq!(
        seen.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(seen.header_all("x-repeat"), ["1", "2"]);

    // An explicit Content-Type wins over the form's.
    let seen = parse(
        client
            .post("/f")
            .header("content-type", "text/x-custom")
            .form(&[("a", "1")])
            .send()
            .await
            .bytes(),
    );
    assert_eq!(seen.header_all("content-type"), ["text/x-custom"]);
}

#[tokio::test]
async fn auth_headers() {
    let client = Client::new(echo());
    for (builder, expected) in [
        (
            client.get("/").basic_auth("user", "pass"),
            "Basic dXNlcjpwYXNz",
        ),
        (
            client.get("/").basic_auth("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        ),
        (client.get("/").basic_auth("", ""), "Basic Og=="),
        (client.get("/").bearer_auth("t0k3n"), "Bearer t0k3n"),
    ] {
        let seen = parse(builder.send().await.bytes());
        assert_eq!(seen.header("authorization"), Some(expected));
    }
}

#[cfg(feature = "multipart")]
#[tokio::test]
async fn multipart_reaches_the_service() {
    use stellwerk_runtime::test::FilePart;

    let client = Client::new(echo());
    let response = client
        .post("/upload")
        .multipart(
            &[("title", "Hello"), ("title", "again")],
            &[
                FilePart::new("doc", "notes.txt", "line one\r\nline two"),
                FilePart::new("blob", "x.bin", vec![0_u8, 13, 10, 45, 45]),
            ],
        )
        .send()
        .await;
    let seen = parse(response.bytes());
    let content_type = seen.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type");
    let mut expected = Vec::new();
    for (name, value) in [("title", "Hello"), ("title", "again")] {
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    expected.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"notes.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nline one\r\nline two\r\n"
        )
        .as_bytes(),
    );
    expected.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"blob\"; filename=\"x.bin\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    expected.extend_from_slice(&[0, 13, 10, 45, 45]);
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(seen.body, expected);
    assert_eq!(
        seen.header("content-length"),
        Some(expected.len().to_string().as_str())
    );
}

#[cfg(feature = "json")]
#[tokio::test]
async fn json_request_and_response() {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Item {
        name: String,
        tags: Vec<String>,
    }
    let item = Item {
        name: "a \"quoted\" ü".into(),
        tags: vec!["x".into()],
    };
    let client = Client::new(echo());
    let seen = parse(client.post("/j").json(&item).send().await.bytes());
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.body, serde_json::to_vec(&item).unwrap());

    let json_app = tower::service_fn(|_: Request<Body>| async {
        Ok::<_, Infallible>(Response::new(Body::from(r#"{"name":"n","tags":["t"]}"#)))
    });
    let response = Client::new(json_app).get("/").send().await;
    assert_eq!(
        response.json::<Item>(),
        Item {
            name: "n".into(),
            tags: vec!["t".into()]
        }
    );
    assert!(response.try_json::<Vec<u8>>().is_err());
}

#[tokio::test]
async fn extensions_are_passed_through() {
    #[derive(Clone, Debug, PartialEq)]
    struct Marker(&'static str);
    let app = tower::service_fn(|request: Request<Body>| async move {
        let marker = request.extensions().get::<Marker>().cloned();
        Ok::<_, Infallible>(Response::new(Body::from(format!("{marker:?}"))))
    });
    let client = Client::new(app);
    let response = client.get("/").extension(Marker("hi")).send().await;
    assert_eq!(response.text(), "Some(Marker(\"hi\"))");
    assert_eq!(client.get("/").send().await.text(), "None");
}

#[tokio::test]
async fn invalid_requests_and_service_errors_are_reported() {
    let client = Client::new(echo());
    for (builder, needle) in [
        (client.get("/").header("bad header", "x"), "invalid header"),
        (
            client.get("/").header("x-ok", "line\nbreak"),
            "invalid header",
        ),
        (client.get("ftp://example.com/x"), "absolute http(s) URL"),
    ] {
        match builder.try_send().await {
            Err(ClientError::InvalidRequest(why)) => {
                assert!(why.contains(needle), "{why} should mention {needle}")
            }
            other => panic!("expected InvalidRequest({needle}), got {other:?}"),
        }
    }

    let failing = tower::service_fn(|_: Request<Body>| async {
        Err::<Response<Body>, BoxError>("backend down".into())
    });
    match Client::new(failing).get("/").try_send().await {
        Err(ClientError::Service(err)) => assert_eq!(err.to_string(), "backend down"),
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
#[should_panic(expected = "handler bug")]
async fn panics_in_the_service_propagate() {
    let app = tower::service_fn(|_: Request<Body>| async {
        if true {
            panic!("handler bug");
        }
        Ok::<_, Infallible>(Response::new(Body::empty()))
    });
    Client::new(app).get("/").send().await;
}

#[tokio::test]
#[should_panic(expected = "test request failed: invalid test request")]
async fn send_panics_with_the_reason() {
    Client::new(echo())
        .get("/")
        .header("bad header", "x")
        .send()
        .await;
}
