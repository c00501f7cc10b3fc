//! Query strings and urlencoded bodies: Werkzeug's decoding table, encoding, limits.
#![cfg(feature = "web")]

use std::convert::Infallible;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use proptest::prelude::*;
use stellwerk_runtime::body::Body;
use stellwerk_runtime::datastructures::MultiDict;
use stellwerk_runtime::form::{FormError, FormOptions, parse_form, parse_query, url_encode};

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

fn pairs(md: &MultiDict<String, String>) -> Vec<(&str, &str)> {
    md.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[test]
fn parse_query_matches_werkzeug() {
    // Expected values produced by Werkzeug 3.1.9 (`parse_qsl(keep_blank_values=True,
    // errors="werkzeug.url_quote")`).
    type Case = (&'static [u8], &'static [(&'static str, &'static str)]);
    let cases: [Case; 22] = [
        (b"a=1&b=2", &[("a", "1"), ("b", "2")]),
        (b"a=1;b=2", &[("a", "1;b=2")]),
        (b"a+b=c+d", &[("a b", "c d")]),
        (b"%41%42=%e4", &[("AB", "%E4")]),
        (b"=v", &[("", "v")]),
        (b"k", &[("k", "")]),
        (b"k=", &[("k", "")]),
        (b"&&a=1&&", &[("a", "1")]),
        (b"a=%ff%fe", &[("a", "%FF%FE")]),
        (b"a=%zz", &[("a", "%zz")]),
        (b"a=%", &[("a", "%")]),
        (b"a=%4", &[("a", "%4")]),
        (b"a=%C3%A4%FF", &[("a", "ä%FF")]),
        (b"a==b", &[("a", "=b")]),
        (b"a=1&a=2", &[("a", "1"), ("a", "2")]),
        (b"%2B=%2b", &[("+", "+")]),
        (b"a%00=b", &[("a\0", "b")]),
        (b"a=%e2%82", &[("a", "%E2%82")]),
        (b"a=%f0%9f%98%80x", &[("a", "😀x")]),
        (b"+", &[(" ", "")]),
        (b"a=b=c", &[("a", "b=c")]),
        (b"", &[]),
    ];
    for (query, expected) in cases {
        assert_eq!(
            pairs(&parse_query(query)),
            expected,
            "query {:?}",
            String::from_utf8_lossy(query)
        );
    }
    // Raw bytes that are not UTF-8 are quoted like undecodable escapes.
    assert_eq!(pairs(&parse_query(b"a=\xff")), [("a", "%FF")]);
}

#[test]
fn url_encode_uses_werkzeugs_safe_set() {
    // Werkzeug 3.1.9: _urlencode([("a b", "c+d"), ("x", "ä/?:@!$'()*,;=&#~")])
    let md: MultiDict<&str, &str> = [("a b", "c+d"), ("x", "ä/?:@!$'()*,;=&#~")].into();
    assert_eq!(url_encode(&md), "a+b=c%2Bd&x=%C3%A4/?:@!$'()*,;%3D%26%23~");
    assert_eq!(url_encode(Vec::<(&str, &str)>::new()), "");
}

fn urlencoded_headers(content_length: Option<&'static str>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
    );
    if let Some(cl) = content_length {
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static(cl));
    }
    headers
}

/// A body that fails if anyone reads it: proves a limit was applied before reading.
fn unreadable() -> Body {
    Body::from_stream(futures_util::stream::iter([Err::<Bytes, _>(
        std::io::Error::other("must not be read"),
    )]))
}

#[test]
fn urlencoded_limits() {
    let body = "foo=Hello+World&bar=baz";
    // max_form_memory_size = 7 → 413, = 400 → parsed (Werkzeug test_formparser).
    let err = block_on(parse_form(
        &urlencoded_headers(None),
        Body::from(body),
        &FormOptions::default().max_form_memory_size(Some(7)),
    ))
    .unwrap_err();
    assert!(
        matches!(err, FormError::FormMemoryExceeded { limit: 7 }),
        "{err}"
    );
    assert_eq!(err.status(), 413);
    let form = block_on(parse_form(
        &urlencoded_headers(None),
        Body::from(body),
        &FormOptions::default().max_form_memory_size(Some(400)),
    ))
    .unwrap();
    assert_eq!(form.fields.get("foo").unwrap(), "Hello World");
}

/// Werkzeug 2.3.0 hardening: `max_content_length` is enforced on a declared
/// `Content-Length` before reading (the input stays untouched) and on streamed bodies
/// while reading.
#[test]
fn hardening_2_3_0_max_content_length_before_and_while_reading() {
    // max_content_length = 4 with Content-Length 10 → 413 before reading.
    let err = block_on(parse_form(
        &urlencoded_headers(Some("10")),
        unreadable(),
        &FormOptions::default().max_content_length(Some(4)),
    ))
    .unwrap_err();
    assert!(
        matches!(err, FormError::ContentTooLarge { limit: 4 }),
        "{err}"
    );

    // A streamed (chunked) body over max_content_length → 413 while reading.
    let chunks = Body::from_stream(futures_util::stream::iter(
        ["a=1&", "b=2&", "c=3"].map(|c| Ok::<_, Infallible>(Bytes::from(c))),
    ));
    let err = block_on(parse_form(
        &urlencoded_headers(None),
        chunks,
        &FormOptions::default().max_content_length(Some(6)),
    ))
    .unwrap_err();
    assert!(
        matches!(err, FormError::ContentTooLarge { limit: 6 }),
        "{err}"
    );
}

/// Werkzeug 2.3.0 / 2.3.5 hardening: numbers in headers are ASCII digits only, so
/// `Content-Length: ١٢` is no length at all.
#[test]
fn hardening_2_3_5_content_length_ascii_digits_only() {
    // Non-ASCII digits in Content-Length do not count as a length.
    let mut headers = urlencoded_headers(None);
    headers.insert(
        CONTENT_LENGTH,
        HeaderValue::from_bytes("\u{661}\u{662}".as_bytes()).unwrap(),
    );
    let options = FormOptions::default().max_content_length(Some(1));
    let err = block_on(parse_form(&headers, unreadable(), &options)).unwrap_err();
    // Not refused up front as "12 > 1": the body was read (and failed).
    assert!(matches!(err, FormError::Body(_)), "{err}");
    let form = block_on(parse_form(
        &headers,
        Body::from("a=1"),
        &FormOptions::default(),
    ))
    .unwrap();
    assert_eq!(form.fields.get("a").unwrap(), "1");
}

/// Werkzeug 3.1.0 hardening: max_form_memory_size defaults to 500 kB, so a urlencoded
/// body declaring 600 001 bytes is refused without being read.
#[test]
fn hardening_3_1_0_default_form_memory_limit_applies_to_urlencoded_bodies() {
    let err = block_on(parse_form(
        &urlencoded_headers(Some("600001")),
        unreadable(),
        &FormOptions::default(),
    ))
    .unwrap_err();
    assert!(
        matches!(err, FormError::FormMemoryExceeded { limit: 500_000 }),
        "{err}"
    );
    // Without a Content-Length the limit applies while reading.
    let big = format!("a={}", "x".repeat(600_000));
    let err = block_on(parse_form(
        &urlencoded_headers(None),
        Body::from(big),
        &FormOptions::default(),
    ))
    .unwrap_err();
    assert_eq!(err.status(), 413);
}

#[test]
fn urlencoded_body_that_is_not_utf8() {
    // Werkzeug: b"\x80" → empty form, no error (silent). Strict mode says 400.
    let err = block_on(parse_form(
        &urlencoded_headers(None),
        Body::from(&b"\x80"[..]),
        &FormOptions::default(),
    ))
    .unwrap_err();
    assert!(matches!(err, FormError::InvalidUtf8), "{err}");
    assert_eq!(err.status(), 400);
    let form = block_on(parse_form(
        &urlencoded_headers(None),
        Body::from(&b"\x80"[..]),
        &FormOptions::default().silent(true),
    ))
    .unwrap();
    assert!(form.fields.is_empty());
    // Escaped invalid bytes are fine and stay escaped.
    let form = block_on(parse_form(
        &urlencoded_headers(None),
        Body::from("a=%80"),
        &FormOptions::default(),
    ))
    .unwrap();
    assert_eq!(form.fields.get("a").unwrap(), "%80");
}

proptest! {
    #[test]
    fn parse_query_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let parsed = parse_query(&bytes);
        // Every pair came from a non-empty `&`-separated piece.
        prop_assert!(parsed.value_count() <= bytes.split(|&b| b == b'&').filter(|p| !p.is_empty()).count());
    }

    #[test]
    fn url_encode_then_parse_round_trips(pairs in prop::collection::vec((any::<String>(), any::<String>()), 0..8)) {
        let md: MultiDict<String, String> = pairs.into_iter().collect();
        let encoded = url_encode(&md);
        prop_assert!(encoded.is_ascii());
        prop_assert_eq!(parse_query(encoded.as_bytes()), md);
    }

    #[test]
    fn parse_then_encode_then_parse_is_stable(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let once = parse_query(&bytes);
        let twice = parse_query(url_encode(&once).as_bytes());
        prop_assert_eq!(once, twice);
    }
}
