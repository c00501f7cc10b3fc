//! Attack tests for the request wrapper, named after the advisories and hardening items of
//! the reference's security history (section 17) that concern requests.
#![cfg(feature = "web")]

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use stellwerk_runtime::body::Body;
use stellwerk_runtime::wrappers::{Request, RequestConfig};

fn post(content_type: &str, body: impl Into<Body>, config: RequestConfig) -> Request {
    let http = http::Request::post("/")
        .header(CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap();
    Request::with_config(http, config)
}

/// The body in pieces of `size` bytes, without a `Content-Length`.
#[cfg(feature = "multipart")]
fn in_pieces(body: &[u8], size: usize) -> Body {
    let pieces: Vec<Result<Bytes, std::io::Error>> = body
        .chunks(size)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    Body::from_stream(futures_util::stream::iter(pieces))
}

#[cfg(feature = "multipart")]
fn multipart_field(name: &str, value: &str) -> String {
    format!("--b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
}

#[cfg(feature = "multipart")]
const MULTIPART: &str = "multipart/form-data; boundary=b";

/// CVE-2024-49767: a text field larger than `max_form_memory_size` sent in small pieces
/// must still hit the limit.
#[cfg(feature = "multipart")]
#[tokio::test]
async fn ghsa_q34m_jh98_gwm2_field_over_form_memory_in_small_pieces() {
    let body = format!("{}--b--\r\n", multipart_field("f", "123456789012345"));
    let config = RequestConfig::default().max_form_memory_size(Some(10));
    let mut request = post(MULTIPART, in_pieces(body.as_bytes(), 5), config);
    let err = request.form().await.unwrap_err();
    assert_eq!(err.code(), 413);
    assert!(
        err.description().unwrap().contains("10 bytes"),
        "{:?}",
        err.description()
    );

    // 600 kB with the default limit of 500 000 bytes.
    let body = format!("{}--b--\r\n", multipart_field("f", &"x".repeat(600_000)));
    let mut request = post(
        MULTIPART,
        in_pieces(body.as_bytes(), 4096),
        RequestConfig::default(),
    );
    assert_eq!(request.form().await.unwrap_err().code(), 413);

    // A file is not held in memory and is not limited by it.
    let body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n\r\n{}\r\n--b--\r\n",
        "x".repeat(600_000)
    );
    let mut request = post(
        MULTIPART,
        in_pieces(body.as_bytes(), 4096),
        RequestConfig::default(),
    );
    assert_eq!(
        request.files().await.unwrap().get("f").unwrap().len(),
        600_000
    );
}

/// CVE-2023-46136: file data starting with `\r` followed by a long run without line
/// breaks made the parser rescan a growing buffer (quadratic). It must parse, and the
/// file must come out intact.
#[cfg(feature = "multipart")]
#[tokio::test]
async fn ghsa_hrfv_mqp8_q5rw_cr_then_megabytes_without_line_breaks() {
    let size = 4 * 1024 * 1024;
    let mut body =
        b"--b\r\nContent-Disposition: form-data; name=f; filename=\"x\"\r\n\r\n\r".to_vec();
    body.resize(body.len() + size, b'a');
    body.extend_from_slice(b"\r\n--b--\r\n");
    let mut request = post(
        MULTIPART,
        in_pieces(&body, 64 * 1024),
        RequestConfig::default(),
    );
    let files = request.files_mut().await.unwrap();
    let file = files.get_mut("f").unwrap();
    assert_eq!(file.len(), size as u64 + 1);
    let contents = file.contents().unwrap();
    assert_eq!(contents[0], b'\r');
    assert!(contents[1..].iter().all(|&b| b == b'a'));
}

/// CVE-2023-25577: unlimited numbers of small parts. 1001 parts exceed the default of
/// 1000; urlencoded fields are not parts.
#[cfg(feature = "multipart")]
#[tokio::test]
async fn ghsa_xg9f_g7g7_2323_too_many_parts() {
    let many = |n: usize| {
        let mut body: String = (0..n)
            .map(|i| multipart_field(&format!("f{i}"), "v"))
            .collect();
        body.push_str("--b--\r\n");
        body
    };
    let mut request = post(MULTIPART, many(1000), RequestConfig::default());
    assert_eq!(request.form().await.unwrap().len(), 1000);

    let mut request = post(MULTIPART, many(1001), RequestConfig::default());
    let err = request.form().await.unwrap_err();
    assert_eq!(err.code(), 413);
    assert!(
        err.description().unwrap().contains("1000 parts"),
        "{:?}",
        err.description()
    );

    let config = RequestConfig::default().max_form_parts(Some(1));
    let mut request = post(MULTIPART, many(2), config.clone());
    assert_eq!(request.form().await.unwrap_err().code(), 413);

    let mut request = post("application/x-www-form-urlencoded", "a=1&b=2", config);
    assert_eq!(request.form().await.unwrap().len(), 2);
}

/// CVE-2023-23934: a nameless cookie `=__Host-test=bad` must not become `__Host-test`.
#[test]
fn ghsa_px8h_6qxv_m22q_nameless_cookie_is_not_a_host_cookie() {
    for (header, expected) in [
        ("=__Host-test=bad; __Host-test=good", &["good"][..]),
        ("==__Host-eq=bad", &[]),
        ("=__Host-eq=bad;__Host-eq=good;", &["good"]),
    ] {
        let http = http::Request::get("/")
            .header("cookie", header)
            .body(Body::empty())
            .unwrap();
        let request = Request::new(http);
        let name = if header.contains("test") {
            "__Host-test"
        } else {
            "__Host-eq"
        };
        assert_eq!(request.cookies().get_all(name), expected, "{header}");
    }
}

/// Werkzeug 2.0.0: quoted cookie names were unquoted, so `"__Secure-c"=d` passed as a
/// `__Secure-` cookie.
#[test]
fn werkzeug_2_0_0_cookie_names_are_never_unquoted() {
    let http = http::Request::get("/")
        .header("cookie", "\"__Secure-c\"=d")
        .body(Body::empty())
        .unwrap();
    let request = Request::new(http);
    assert_eq!(request.cookies().get("\"__Secure-c\"").unwrap(), "d");
    assert!(!request.cookies().contains_key("__Secure-c"));
}

/// Werkzeug 3.1.0 hardening: `max_form_memory_size` defaults to 500 kB, and a urlencoded
/// body declared larger is refused without reading it.
#[tokio::test]
async fn hardening_3_1_0_urlencoded_over_default_form_memory_is_refused_unread() {
    let body = format!("a={}", "x".repeat(599_999));
    assert_eq!(body.len(), 600_001);
    let http = http::Request::post("/")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("content-length", "600001")
        .body(Body::from(body.clone()))
        .unwrap();
    let mut request = Request::new(http);
    assert_eq!(request.form().await.unwrap_err().code(), 413);
    // Nothing was read: the raw data is still there.
    assert_eq!(request.data().await.unwrap().len(), 600_001);
}

/// Werkzeug 2.3.0 hardening: `max_content_length` holds for every body access, before
/// reading when a length is declared and while reading otherwise.
#[tokio::test]
async fn hardening_2_3_0_max_content_length_on_every_access() {
    let config = RequestConfig::default().max_content_length(Some(4));
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json",
    ] {
        let http = http::Request::post("/")
            .header(CONTENT_TYPE, content_type)
            .header("content-length", "10")
            .body(Body::from("a=34567890"))
            .unwrap();
        let mut request = Request::with_config(http, config.clone());
        let err = match content_type {
            "application/x-www-form-urlencoded" => request.form().await.map(|_| ()).unwrap_err(),
            _ => request.data().await.map(|_| ()).unwrap_err(),
        };
        assert_eq!(err.code(), 413, "{content_type}");
        let rest = request
            .into_http()
            .into_body()
            .collect_bytes()
            .await
            .unwrap();
        assert_eq!(rest, "a=34567890", "{content_type}: input untouched");

        // Streamed without a length: refused while reading.
        let stream = futures_util::stream::iter(
            [&b"a=345"[..], b"67890"].map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c))),
        );
        let mut request = post(content_type, Body::from_stream(stream), config.clone());
        assert_eq!(
            request.text().await.unwrap_err().code(),
            413,
            "{content_type}"
        );
    }
}

/// Werkzeug 2.3.0 hardening: `X_Forwarded_For` (underscores) is not `X-Forwarded-For`.
/// The dev server drops such headers; the request never reads them either.
#[test]
fn hardening_2_3_0_underscore_forwarded_for_is_ignored() {
    let http = http::Request::get("/")
        .header("x_forwarded_for", "1.2.3.4")
        .body(Body::empty())
        .unwrap();
    let request = Request::new(http);
    assert!(request.access_route().is_empty());
}

/// Werkzeug 2.3.0/2.3.5 hardening: numbers in headers are ASCII digits only; RFC 2231
/// charsets are limited to ASCII, UTF-8 and ISO-8859-1.
#[test]
fn hardening_2_3_5_ascii_digits_and_known_charsets_only() {
    let build = |name: &str, value: &str| {
        let http = http::Request::get("/")
            .header(name, value)
            .body(Body::empty())
            .unwrap();
        Request::new(http)
    };
    assert_eq!(build("content-length", "١٢").content_length(), Some(0));
    assert_eq!(build("content-length", "+12").content_length(), Some(0));
    assert!(build("range", "bytes=1-1_23").range().is_none());
    assert_eq!(build("max-forwards", "١").max_forwards(), None);
    let params = build("content-type", "text/plain; a*=BAD''%62").mimetype_params();
    assert_eq!(params, [("a".to_owned(), "%62".to_owned())]);
}

/// CVE-2020-28724 (in public records): a request target `//evil.com/path` is a path, not a
/// host; the host stays the `Host` header's.
#[test]
fn cve_2020_28724_double_slash_target_is_a_path() {
    let http = http::Request::get("//evil.com/path")
        .header("host", "example.com")
        .body(Body::empty())
        .unwrap();
    let request = Request::new(http);
    assert_eq!(request.host().unwrap(), "example.com");
    assert_eq!(request.path(), "/evil.com/path");
    assert_eq!(request.url().unwrap(), "http://example.com/evil.com/path");
}

/// Werkzeug 3.1.7/3.1.8/3.2 hardening: Host header characters are validated. Bad values
/// read as an empty host, or 400 when trusted hosts are configured; an untrusted host is
/// 400 on `host()` and every URL accessor (host header injection).
#[test]
fn hardening_3_1_7_host_header_injection() {
    let build = |host: &str, trusted: &[&str]| {
        let http = http::Request::get("/reset?token=1")
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        Request::with_config(
            http,
            RequestConfig::default().trusted_hosts(trusted.iter().copied()),
        )
    };
    let request = build("evil.com", &["example.com"]);
    assert_eq!(request.host().unwrap_err().code(), 400);
    assert_eq!(request.url().unwrap_err().code(), 400);
    assert_eq!(request.root_url().unwrap_err().code(), 400);

    for bad in [
        "a.test:8080@b.test",
        "a.test:port",
        "[z:443]:8080",
        "example.com/evil",
        "example.com?x",
        "example.com#x",
        "evil.com\\example.com",
        "example.com:8:8080",
        "user:pass@example.com",
    ] {
        let request = build(bad, &[]);
        assert_eq!(request.host().unwrap(), "", "{bad}");
        assert_eq!(request.url().unwrap(), "http:///reset?token=1", "{bad}");
        let request = build(bad, &["example.com", "a.test", "b.test"]);
        assert_eq!(
            request.host().unwrap_err().code(),
            400,
            "{bad} with trusted hosts"
        );
    }
    // Only one default port is removed, exactly as Werkzeug's `removesuffix(":80")`.
    assert_eq!(
        build("example.com:80:80", &[]).host().unwrap(),
        "example.com:80"
    );
}
