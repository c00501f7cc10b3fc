//! Typed headers read through `Request` (reference items 1-4, 8, 9, 11, 14-16 of the
//! request vectors) and the raw header accessors.
#![cfg(feature = "web")]

use std::time::{Duration, SystemTime};

use http::HeaderValue;
use stellwerk_runtime::body::Body;
use stellwerk_runtime::headers::IfRange;
use stellwerk_runtime::wrappers::{RemoteAddr, Request};

fn with_headers(headers: &[(&str, &[u8])]) -> Request {
    let mut builder = http::Request::get("/");
    for (name, value) in headers {
        builder = builder.header(*name, HeaderValue::from_bytes(value).unwrap());
    }
    Request::new(builder.body(Body::empty()).unwrap())
}

fn with_header(name: &str, value: &str) -> Request {
    with_headers(&[(name, value.as_bytes())])
}

#[test]
fn accept_mimetypes_best_match() {
    let request = with_header(
        "accept",
        "text/xml,application/xml,application/xhtml+xml,text/html;q=0.9,text/plain;q=0.8,image/png",
    );
    let accept = request.accept_mimetypes();
    for (offers, best) in [
        (
            &["text/html", "application/xhtml+xml"][..],
            Some("application/xhtml+xml"),
        ),
        (&["foo/bar"], None),
        (&["application/xml", "text/xml"], Some("application/xml")),
        (&["text/plain", "text/html"], Some("text/html")),
    ] {
        assert_eq!(
            accept.best_match(offers.iter().copied()),
            best,
            "{offers:?}"
        );
    }
    assert!(accept.provided());

    let request = with_header("accept", "text/*, text/html, text/html;level=1, */*");
    let accept = request.accept_mimetypes();
    assert_eq!(
        accept.best_match(["text/html; version=1", "text/html"]),
        Some("text/html")
    );
    assert_eq!(
        accept.best_match(["text/html", "text/html; level=1"]),
        Some("text/html; level=1")
    );

    let request = with_header("accept", "text/html, */*;q=0.5");
    assert_eq!(request.accept_mimetypes().quality("foo/bar"), 0.5);

    // Several Accept lines are one list, as a WSGI server merges them.
    let request = with_headers(&[
        ("accept", b"text/html;q=0.1"),
        ("accept", b"application/json"),
    ]);
    assert_eq!(request.accept_mimetypes().best(), Some("application/json"));
    assert_eq!(request.accept_mimetypes().len(), 2);

    // Absent: not provided, no preference.
    let request = with_headers(&[]);
    assert!(!request.accept_mimetypes().provided());
    assert!(request.accept_mimetypes().is_empty());
}

#[test]
fn accept_languages_charsets_encodings() {
    let request = with_header("accept-language", "de-AT,de;q=0.8,en;q=0.5");
    let languages = request.accept_languages();
    assert_eq!(languages.best(), Some("de-AT"));
    assert!(languages.contains("de_AT"));
    assert_eq!(languages.quality("de-at"), 1.0);
    for (client, offers, best) in [
        ("en-us", &["en"][..], Some("en")),
        ("en", &["en_US"], Some("en_US")),
        ("en-GB", &["en-US"], None),
    ] {
        let request = with_header("accept-language", client);
        assert_eq!(
            request
                .accept_languages()
                .best_match(offers.iter().copied()),
            best,
            "{client}"
        );
    }

    let request = with_header("accept-encoding", "gzip;q=0.5, br, identity;q=0");
    let encodings = request.accept_encodings();
    assert_eq!(encodings.best_match(["gzip", "br"]), Some("br"));
    assert_eq!(
        encodings.best_match(["identity"]),
        None,
        "q=0 never matches"
    );

    let request = with_header("accept-charset", "ISO-8859-1, utf-8;q=0.7, *;q=0.1");
    assert_eq!(request.accept_charsets().best(), Some("ISO-8859-1"));

    // An item with an invalid quality is dropped.
    let request = with_header("accept-encoding", "gzip;q=.5, br;q=0.5_1, deflate");
    assert_eq!(
        request.accept_encodings().values().collect::<Vec<_>>(),
        ["deflate"]
    );
}

#[test]
fn caching_and_conditional_headers() {
    let request = with_header("cache-control", "max-age=0, no-cache");
    assert_eq!(request.cache_control().max_age(), Some(0));
    assert!(request.cache_control().no_cache());
    assert!(with_headers(&[]).cache_control().is_empty());

    let request = with_header("if-none-match", "\"foo\", \"bar\", W/\"baz\", blar");
    let etags = request.if_none_match();
    assert!(etags.contains("foo") && etags.contains("bar") && etags.contains("blar"));
    assert!(!etags.contains("baz"));
    assert!(etags.contains_weak("baz"));
    assert!(etags.contains_raw("W/\"baz\""));
    assert!(with_header("if-match", "*").if_match().is_star());
    assert!(with_headers(&[]).if_match().is_empty());

    let epoch = "Thu, 01 Jan 1970 00:00:00 GMT";
    assert_eq!(
        with_header("if-range", "W/\"Test\"").if_range(),
        IfRange::Empty
    );
    assert_eq!(
        with_header("if-range", "unquoted").if_range(),
        IfRange::ETag("unquoted".into())
    );
    assert_eq!(
        with_header("if-range", epoch).if_range(),
        IfRange::Date(SystemTime::UNIX_EPOCH)
    );
    assert_eq!(with_headers(&[]).if_range(), IfRange::Empty);

    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(
        with_header("if-modified-since", date).if_modified_since(),
        Some(when)
    );
    assert_eq!(
        with_header("if-unmodified-since", date).if_unmodified_since(),
        Some(when)
    );
    assert_eq!(with_header("date", date).date(), Some(when));
    assert_eq!(
        with_header("if-modified-since", "Thu, 33 Jan 1970 00:00:00 GMT").if_modified_since(),
        None
    );
}

#[test]
fn range_header_table() {
    for (value, expected) in [
        ("bytes=52", None),
        ("bytes=52-", Some(vec![(52, None)])),
        ("bytes=52-99", Some(vec![(52, Some(100))])),
        (
            "bytes=52-99,-1000",
            Some(vec![(52, Some(100)), (-1000, None)]),
        ),
        ("bytes = 1 - 100", Some(vec![(1, Some(101))])),
        ("bytes=-", None),
        ("bytes=bad", None),
        ("bytes=52-99, bad", None),
        ("bytes=1-1_23", None),
    ] {
        let range = with_header("range", value).range();
        assert_eq!(
            range.as_ref().map(|r| r.ranges().to_vec()),
            expected,
            "{value}"
        );
    }
    assert_eq!(
        with_header("range", "AWesomes=0-999")
            .range()
            .unwrap()
            .units(),
        "awesomes"
    );
}

#[test]
fn authorization_header() {
    let request = with_header("authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    let auth = request.authorization().unwrap();
    assert_eq!(auth.scheme(), "basic");
    assert_eq!(auth.username(), Some("Aladdin"));
    assert_eq!(auth.password(), Some("open sesame"));
    assert!(
        with_header("authorization", "Basic foo")
            .authorization()
            .is_none()
    );
    assert!(with_header("authorization", "").authorization().is_none());
    let bearer = with_header("authorization", "Bearer abc.def==")
        .authorization()
        .unwrap();
    assert_eq!(bearer.token(), Some("abc.def=="));
    let digest = with_header("authorization", "Digest foo, bar=, =qux, =")
        .authorization()
        .unwrap();
    assert_eq!(digest.to_header(), "Digest foo, bar=\"\"");
}

#[test]
fn content_length_table() {
    // Generated with Werkzeug 3.1.8's get_content_length.
    for (length, transfer_encoding, expected) in [
        (Some("10"), None, Some(10)),
        (Some(" 10 "), None, Some(10)),
        (Some("-5"), None, Some(0)),
        (Some("+1"), None, Some(0)),
        (Some("1_000"), None, Some(0)),
        (Some("١٢"), None, Some(0)),
        (Some("abc"), None, Some(0)),
        (Some(""), None, Some(0)),
        (Some("0"), None, Some(0)),
        (Some("-"), None, Some(0)),
        (Some("1e3"), None, Some(0)),
        (Some("0x10"), None, Some(0)),
        // Werkzeug keeps arbitrary precision; a u64 saturates.
        (Some("99999999999999999999999"), None, Some(u64::MAX)),
        (Some("10"), Some("chunked"), None),
        (Some("10"), Some("gzip, chunked"), None),
        (Some("10"), Some("Chunked"), None),
        (Some("10"), Some("gzip"), Some(10)),
        (None, None, None),
        (None, Some("chunked"), None),
    ] {
        let mut headers: Vec<(&str, &[u8])> = Vec::new();
        if let Some(length) = length {
            headers.push(("content-length", length.as_bytes()));
        }
        if let Some(te) = transfer_encoding {
            headers.push(("transfer-encoding", te.as_bytes()));
        }
        assert_eq!(
            with_headers(&headers).content_length(),
            expected,
            "Content-Length {length:?}, Transfer-Encoding {transfer_encoding:?}"
        );
    }
}

#[test]
fn content_type_mimetype_and_params() {
    let request = with_header("content-type", "Text/HTML; Charset=\"utf-8\"; x-foo=yep");
    assert_eq!(
        request.content_type(),
        Some("Text/HTML; Charset=\"utf-8\"; x-foo=yep")
    );
    assert_eq!(request.mimetype(), "text/html");
    assert_eq!(
        request.mimetype_params(),
        [
            ("charset".to_owned(), "utf-8".to_owned()),
            ("x-foo".to_owned(), "yep".to_owned())
        ]
    );
    let request = with_header("content-type", "text/plain; a*=UTF-8''%C2%B5; b*=BAD''%62");
    assert_eq!(
        request.mimetype_params(),
        [
            ("a".to_owned(), "µ".to_owned()),
            ("b".to_owned(), "%62".to_owned())
        ]
    );
    let request = with_headers(&[]);
    assert_eq!(request.content_type(), None);
    assert_eq!(request.mimetype(), "");
    assert!(request.mimetype_params().is_empty());
}

#[test]
fn raw_header_accessors() {
    let request = with_headers(&[
        ("user-agent", b"Mozilla/5.0 (X11)"),
        ("referer", b"https://example.com/from"),
        ("origin", b"https://example.com"),
        ("content-encoding", b"gzip"),
        ("max-forwards", b"10"),
    ]);
    assert_eq!(request.user_agent(), Some("Mozilla/5.0 (X11)"));
    assert_eq!(request.referrer(), Some("https://example.com/from"));
    assert_eq!(request.origin(), Some("https://example.com"));
    assert_eq!(request.content_encoding(), Some("gzip"));
    assert_eq!(request.max_forwards(), Some(10));
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(request.headers().len(), 5);
    assert_eq!(with_header("max-forwards", "+1").max_forwards(), None);

    // UTF-8 is text; other bytes are not.
    let request = with_headers(&[
        ("user-agent", "Bücher/1.0".as_bytes()),
        ("referer", b"\xff"),
    ]);
    assert_eq!(request.user_agent(), Some("Bücher/1.0"));
    assert_eq!(request.referrer(), None);
    let empty = with_headers(&[]);
    assert_eq!(
        (empty.user_agent(), empty.referrer(), empty.origin()),
        (None, None, None)
    );
}

#[test]
fn remote_addr_and_access_route() {
    let mut http = http::Request::get("/").body(Body::empty()).unwrap();
    http.extensions_mut()
        .insert(RemoteAddr("192.0.2.1:4711".parse().unwrap()));
    let request = Request::new(http);
    assert_eq!(request.remote_addr().unwrap().to_string(), "192.0.2.1");
    assert_eq!(request.access_route(), ["192.0.2.1"]);
    assert!(request.extensions().get::<RemoteAddr>().is_some());

    let mut http = http::Request::get("/")
        .header("x-forwarded-for", "203.0.113.1, 198.51.100.2")
        .header("x-forwarded-for", "192.0.2.9")
        .body(Body::empty())
        .unwrap();
    http.extensions_mut()
        .insert(RemoteAddr("[::1]:4711".parse().unwrap()));
    let request = Request::new(http);
    assert_eq!(request.remote_addr().unwrap().to_string(), "::1");
    assert_eq!(
        request.access_route(),
        ["203.0.113.1", "198.51.100.2", "192.0.2.9"]
    );

    let request = with_headers(&[]);
    assert_eq!(request.remote_addr(), None);
    assert!(request.access_route().is_empty());
}
