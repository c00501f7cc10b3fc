//! Werkzeug's response tests (§18.1, items 19 and 22–26) and the Response API.
#![cfg(feature = "web")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use stellwerk_runtime::body::Body;
use stellwerk_runtime::exceptions::HttpError;
use stellwerk_runtime::headers::{CookieOptions, ResponseCacheControl, SameSite, WwwAuthenticate};
use stellwerk_runtime::wrappers::response::*;

fn req(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.append(*k, v.parse().unwrap());
    }
    h
}

async fn text(r: http::Response<Body>) -> String {
    String::from_utf8(r.into_body().collect_bytes().await.unwrap().to_vec()).unwrap()
}

#[test]
fn defaults_and_mimetype() {
    let r = Response::new("x");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.mimetype().as_deref(), Some("text/plain"));
    for (mimetype, content_type) in [
        ("text/html", "text/html; charset=utf-8"),
        ("application/xml", "application/xml; charset=utf-8"),
        (
            "application/javascript",
            "application/javascript; charset=utf-8",
        ),
        ("image/svg+xml", "image/svg+xml; charset=utf-8"),
        ("application/json", "application/json"),
        ("image/png", "image/png"),
    ] {
        let mut r = Response::new("");
        r.set_mimetype(mimetype);
        assert_eq!(r.headers()["content-type"], content_type, "{mimetype}");
        assert_eq!(r.mimetype().as_deref(), Some(mimetype));
    }
}

#[tokio::test]
async fn conversions_both_ways() {
    let http_response = http::Response::builder()
        .status(StatusCode::ACCEPTED)
        .header("x-a", "1")
        .body(Body::from("hi"))
        .unwrap();
    let mut r = Response::from(http_response);
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert_eq!(r.as_http().headers()["x-a"], "1");
    *r.as_http_mut().status_mut() = StatusCode::OK;
    let back: http::Response<Body> = r.into();
    assert_eq!(back.status(), StatusCode::OK);
    assert_eq!(text(back).await, "hi");
}

#[tokio::test]
async fn streaming_body() {
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        vec![Ok(Bytes::from("a")), Ok(Bytes::from("bc"))];
    let mut r = Response::from_body(Body::from_stream(StreamOf(chunks.into_iter())));
    assert_eq!(r.data(), None);
    assert_eq!(r.buffer().await.unwrap(), "abc");
    assert!(r.add_etag(false, false));
}

/// A minimal `Stream` over an iterator, for tests.
struct StreamOf<I>(I);

impl<I: Iterator + Unpin> futures_core::Stream for StreamOf<I> {
    type Item = I::Item;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}

#[test]
fn set_and_delete_cookie_exact() {
    let mut r = Response::new("");
    let opts = CookieOptions::default()
        .max_age_secs(60)
        .expires(UNIX_EPOCH)
        .path(Some("/blub"))
        .domain("example.org")
        .samesite(SameSite::Strict);
    r.set_cookie("foo", "bar", &opts).unwrap();
    assert_eq!(
        r.headers()["set-cookie"],
        "foo=bar; Domain=example.org; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; Path=/blub; SameSite=Strict"
    );
    let mut r = Response::new("");
    r.delete_cookie("foo", &CookieOptions::default()).unwrap();
    assert_eq!(
        r.headers()["set-cookie"],
        "foo=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"
    );
    let mut r = Response::new("");
    r.delete_cookie("foo", &CookieOptions::default().secure(true).httponly(true))
        .unwrap();
    assert_eq!(
        r.headers()["set-cookie"],
        "foo=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; Path=/"
    );
    // Several cookies are several lines.
    let mut r = Response::new("");
    r.set_cookie("a", "1", &CookieOptions::default()).unwrap();
    r.set_cookie("b", "2", &CookieOptions::default()).unwrap();
    assert_eq!(r.headers().get_all("set-cookie").iter().count(), 2);
    assert!(r.set_cookie("a;b", "1", &CookieOptions::default()).is_err());
}

#[test]
fn etags() {
    let mut r = Response::new("Hello World");
    assert!(r.add_etag(false, false));
    assert_eq!(
        r.etag(),
        Some((
            "4Wf2jWVj11uyXzqknCnvYS1BNS3ABgbefL1jC7JmX1E".to_owned(),
            false
        ))
    );
    r.set_etag("custom", true).unwrap();
    assert!(r.add_etag(false, false), "existing tag kept");
    assert_eq!(r.etag(), Some(("custom".to_owned(), true)));
    assert_eq!(r.headers()["etag"], "W/\"custom\"");
    assert!(r.set_etag("a\"b", false).is_err());
}

#[test]
fn cache_control_and_www_authenticate() {
    let mut r = Response::new("");
    let mut cc = ResponseCacheControl::default();
    cc.set_no_store(true);
    r.set_cache_control(&cc);
    assert_eq!(r.headers()["cache-control"], "no-store");
    r.update_cache_control(|cc| {
        cc.set_no_store(false);
    });
    assert!(
        r.headers().get("cache-control").is_none(),
        "empty removes the header"
    );
    r.set_www_authenticate(&[
        WwwAuthenticate::basic("a b"),
        WwwAuthenticate::new("bearer"),
    ]);
    assert_eq!(r.www_authenticate().len(), 2);
    assert_eq!(r.www_authenticate()[0].realm(), Some("a b"));
    r.add_vary("Cookie")
        .add_vary("Content-Language")
        .add_vary("cookie");
    assert_eq!(r.headers()["vary"], "Cookie, Content-Language");
}

#[test]
fn dates() {
    let mut r = Response::new("");
    let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
    r.set_last_modified(t).set_expires(t).set_date(t);
    assert_eq!(
        r.headers()["last-modified"],
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    assert_eq!(
        (r.last_modified(), r.expires(), r.date()),
        (Some(t), Some(t), Some(t))
    );
}

#[test]
fn make_conditional_not_modified() {
    let mut r = Response::new("Hello World");
    r.add_etag(false, false);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let outcome = r
        .make_conditional(
            &(&Method::GET, &req(&[("if-none-match", &etag)])),
            ConditionalOptions::default(),
        )
        .unwrap();
    assert_eq!(outcome, ConditionalOutcome::NotModified);
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert!(r.headers().contains_key("date"));
    let sent = r.finalize_for(&Method::GET);
    assert!(sent.headers().get("content-length").is_none());
    assert!(
        sent.headers().get("content-type").is_none(),
        "entity headers dropped on 304"
    );
    assert!(sent.headers().contains_key("etag"));
}

#[tokio::test]
async fn make_conditional_if_match_fails() {
    let mut r = Response::new("Hello World");
    r.add_etag(false, false);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let wrong = format!("{}xyz\"", &etag[..etag.len() - 1]);
    let outcome = r
        .make_conditional(
            &(&Method::GET, &req(&[("if-match", &wrong)])),
            ConditionalOptions::default(),
        )
        .unwrap();
    assert_eq!(outcome, ConditionalOutcome::PreconditionFailed);
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        text(r.finalize_for(&Method::GET)).await,
        "Hello World",
        "412 keeps the body"
    );
}

#[test]
fn make_conditional_keeps_date_and_length_and_ignores_post() {
    let mut r = Response::new("Hello World");
    r.set_date(UNIX_EPOCH);
    r.set_content_length(42);
    r.make_conditional(
        &(&Method::GET, &HeaderMap::new()),
        ConditionalOptions::default(),
    )
    .unwrap();
    assert_eq!(r.headers()["date"], "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(r.headers()["content-length"], "42");
    let mut post = Response::new("x");
    let outcome = post
        .make_conditional(
            &(&Method::POST, &req(&[("if-none-match", "*")])),
            ConditionalOptions::default(),
        )
        .unwrap();
    assert_eq!(outcome, ConditionalOutcome::Unchanged);
    assert!(!post.headers().contains_key("date"));
}

#[tokio::test]
async fn make_conditional_ranges() {
    let ranges = ConditionalOptions {
        accept_ranges: true,
        complete_length: Some(11),
    };
    for (range, status, content_range, body) in [
        ("bytes=0-4", 206, Some("bytes 0-4/11"), "Hello"),
        ("bytes=6-666", 206, Some("bytes 6-10/11"), "World"),
        ("bytes=-5", 206, Some("bytes 6-10/11"), "World"),
    ] {
        let mut r = Response::new("Hello World");
        r.make_conditional(&(&Method::GET, &req(&[("range", range)])), ranges)
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{range}");
        assert_eq!(
            r.headers()
                .get("content-range")
                .map(|v| v.to_str().unwrap()),
            content_range
        );
        assert_eq!(
            r.headers()["content-length"],
            body.len().to_string().as_str()
        );
        assert_eq!(r.headers()["accept-ranges"], "bytes");
        assert_eq!(text(r.finalize_for(&Method::GET)).await, body, "{range}");
    }
    for bad in ["bytes=-", "bytes=20-30", "bytes=0-1,3-4", "lines=0-1"] {
        let mut r = Response::new("Hello World");
        let err = r
            .make_conditional(&(&Method::GET, &req(&[("range", bad)])), ranges)
            .unwrap_err();
        assert_eq!(err.status(), StatusCode::RANGE_NOT_SATISFIABLE, "{bad}");
        assert_eq!(err.headers()["content-range"], "bytes */11", "{bad}");
    }
    for length in [None, Some(0)] {
        let mut r = Response::new("Hello World");
        let opts = ConditionalOptions {
            accept_ranges: true,
            complete_length: length,
        };
        r.make_conditional(&(&Method::GET, &req(&[("range", "bytes=0-4")])), opts)
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{length:?}");
        assert_eq!(r.headers()["accept-ranges"], "bytes");
        assert_eq!(text(r.finalize_for(&Method::GET)).await, "Hello World");
    }
    let mut r = Response::new("Hello World");
    r.make_conditional(&(&Method::GET, &HeaderMap::new()), ranges)
        .unwrap();
    assert_eq!(
        (r.status(), &r.headers()["accept-ranges"]),
        (
            StatusCode::OK,
            &"bytes".parse::<http::HeaderValue>().unwrap()
        )
    );
}

#[tokio::test]
async fn range_of_streamed_body() {
    let chunks: Vec<Result<Bytes, std::io::Error>> = ["Hel", "lo W", "orld"]
        .into_iter()
        .map(|c| Ok(Bytes::from(c)))
        .collect();
    let mut r = Response::from_body(Body::from_stream(StreamOf(chunks.into_iter())));
    let ranges = ConditionalOptions {
        accept_ranges: true,
        complete_length: Some(11),
    };
    r.make_conditional(&(&Method::GET, &req(&[("range", "bytes=2-7")])), ranges)
        .unwrap();
    assert_eq!(r.headers()["content-length"], "6");
    assert_eq!(text(r.finalize_for(&Method::GET)).await, "llo Wo");
}

#[tokio::test]
async fn if_range() {
    let ranges = ConditionalOptions {
        accept_ranges: true,
        complete_length: Some(11),
    };
    for (if_range, partial) in [
        ("\"abc\"", true),
        ("\"other\"", false),
        ("W/\"abc\"", false),
    ] {
        let mut r = Response::new("Hello World");
        r.set_etag("abc", false).unwrap();
        r.make_conditional(
            &(
                &Method::GET,
                &req(&[("range", "bytes=0-4"), ("if-range", if_range)]),
            ),
            ranges,
        )
        .unwrap();
        assert_eq!(
            r.status() == StatusCode::PARTIAL_CONTENT,
            partial,
            "{if_range}"
        );
    }
}

#[tokio::test]
async fn finalize_rules() {
    for (status, method, body, length) in [
        (StatusCode::NO_CONTENT, Method::GET, "", None),
        (StatusCode::CONTINUE, Method::GET, "", None),
        (StatusCode::NOT_MODIFIED, Method::GET, "", None),
        (StatusCode::OK, Method::HEAD, "", Some("5")),
        (StatusCode::OK, Method::GET, "hello", Some("5")),
    ] {
        let r = Response::new("hello")
            .with_status(status)
            .finalize_for(&method);
        assert_eq!(
            r.headers()
                .get("content-length")
                .map(|v| v.to_str().unwrap().to_owned())
                .as_deref(),
            length,
            "{status} {method}"
        );
        assert_eq!(text(r).await, body, "{status} {method}");
    }
    let streamed = Response::from_body(Body::from_stream(StreamOf(
        vec![Ok::<_, std::io::Error>(Bytes::from("x"))].into_iter(),
    )));
    assert!(
        streamed
            .finalize_for(&Method::GET)
            .headers()
            .get("content-length")
            .is_none()
    );
}

#[tokio::test]
async fn redirect_body_and_location() {
    let r = redirect("http://example.com/");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "http://example.com/");
    assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(
        text(r.into_http()).await,
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"http://example.com/\">http://example.com/</a>. If not, click the link.\n"
    );
    let r = Response::redirect_with_status("/x", StatusCode::MOVED_PERMANENTLY);
    assert_eq!(r.status(), StatusCode::MOVED_PERMANENTLY);
}

#[test]
fn iri_to_uri_table() {
    for (iri, uri) in [
        ("/\\\\test.example?q", "/%5C%5Ctest.example?q"),
        (
            "http://üser:pässword@☃.net/påth",
            "http://%C3%BCser:p%C3%A4ssword@xn--n3h.net/p%C3%A5th",
        ),
        (
            "http://☃.net/p\u{e5}th?q=\u{e8}ry%DF",
            "http://xn--n3h.net/p%C3%A5th?q=%C3%A8ry%DF",
        ),
        ("/a b?c d#e f", "/a%20b?c%20d#e%20f"),
        ("http://h:8080/%41%zz", "http://h:8080/%41%zz"),
        ("mailto:ü@x", "mailto:%C3%BC@x"),
        ("HTTP://Example.COM/x", "http://example.com/x"),
        ("http://[::1]:80/", "http://[::1]:80/"),
        (
            "http://example.com/?xss=\"><script>alert(1)</script>",
            "http://example.com/?xss=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        ),
    ] {
        assert_eq!(iri_to_uri(iri), uri, "{iri}");
    }
}

#[tokio::test]
async fn into_response_impls() {
    let cases: Vec<(Response, StatusCode, &str, &str)> = vec![
        (
            "s".into_response(),
            StatusCode::OK,
            "text/plain; charset=utf-8",
            "s",
        ),
        (
            String::from("t").into_response(),
            StatusCode::OK,
            "text/plain; charset=utf-8",
            "t",
        ),
        (
            vec![1u8].into_response(),
            StatusCode::OK,
            "application/octet-stream",
            "\u{1}",
        ),
        (
            Bytes::from_static(b"b").into_response(),
            StatusCode::OK,
            "application/octet-stream",
            "b",
        ),
        (
            ().into_response(),
            StatusCode::OK,
            "text/plain; charset=utf-8",
            "",
        ),
        (
            StatusCode::ACCEPTED.into_response(),
            StatusCode::ACCEPTED,
            "text/plain; charset=utf-8",
            "",
        ),
        (
            (StatusCode::CREATED, "c").into_response(),
            StatusCode::CREATED,
            "text/plain; charset=utf-8",
            "c",
        ),
        (
            (StatusCode::OK, [("content-type", "text/csv")], "a,b").into_response(),
            StatusCode::OK,
            "text/csv",
            "a,b",
        ),
        (
            http::Response::builder()
                .status(202)
                .body(http_body_util::Full::new(Bytes::from("h")))
                .unwrap()
                .into_response(),
            StatusCode::ACCEPTED,
            "",
            "h",
        ),
        (
            Err::<&str, HttpError>(HttpError::not_found()).into_response(),
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            "",
        ),
        (
            Ok::<_, HttpError>((StatusCode::OK, "fine")).into_response(),
            StatusCode::OK,
            "text/plain; charset=utf-8",
            "fine",
        ),
        (
            (StatusCode::OK, [("bad header", "x")], "x").into_response(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html; charset=utf-8",
            "",
        ),
    ];
    for (i, (r, status, content_type, body)) in cases.into_iter().enumerate() {
        assert_eq!(r.status(), status, "case {i}");
        let ct = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert_eq!(ct, content_type, "case {i}");
        let data = r.into_data().await.unwrap();
        if !body.is_empty() || status.is_success() {
            assert_eq!(data, body.as_bytes(), "case {i}");
        } else {
            assert!(data.starts_with(b"<!doctype html>"), "case {i}");
        }
    }
    let mut headers = HeaderMap::new();
    headers.append("x-a", "1".parse().unwrap());
    headers.append("x-a", "2".parse().unwrap());
    let r = (StatusCode::OK, headers, "x").into_response();
    assert_eq!(r.headers().get_all("x-a").iter().count(), 2);
}

#[cfg(feature = "json")]
#[tokio::test]
async fn json_responses() {
    let r = Response::json(&serde_json::json!({"a": 1})).unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.into_data().await.unwrap(), "{\"a\":1}\n");
    let r = Json(vec!["x"]).into_response();
    assert_eq!(r.into_data().await.unwrap(), "[\"x\"]\n");
    let bad: std::collections::HashMap<Vec<u8>, u8> = [(vec![1u8], 1u8)].into_iter().collect();
    assert_eq!(
        Json(bad).into_response().status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[test]
fn set_header_rejects_injection() {
    let mut r = Response::new("");
    for bad in ["a\r\nb", "a\nb", "a\rb", "a\0b"] {
        assert!(r.set_header("x-test", bad).is_err(), "{bad:?}");
    }
    assert!(r.set_header("x-test", "fine").is_ok());
    let _ = SystemTime::now();
}
