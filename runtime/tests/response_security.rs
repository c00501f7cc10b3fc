//! Attacks from Werkzeug's security history (reference §17) on responses, each shown to do
//! no harm.
#![cfg(feature = "web")]

use http::{HeaderMap, Method, StatusCode};
use stellwerk_runtime::headers::{MAX_RANGES, Range};
use stellwerk_runtime::wrappers::response::{ConditionalOptions, Response, redirect};

/// test_redirect_xss: a location carrying markup is only ever written escaped.
#[tokio::test]
async fn redirect_xss_is_escaped() {
    let r = redirect("http://example.com/?xss=\"><script>alert(1)</script>");
    assert_eq!(
        r.headers()["location"],
        "http://example.com/?xss=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    );
    let body = String::from_utf8(r.into_data().await.unwrap().to_vec()).unwrap();
    assert!(!body.contains("<script>"), "{body}");
    assert!(
        body.contains("&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
}

/// Werkzeug 0.8 (header injection): CR/LF in a redirect target are percent-encoded in
/// `Location`, so no header can be smuggled in.
#[test]
fn redirect_location_cannot_split_headers() {
    let r = redirect("/next\r\nSet-Cookie: admin=1");
    assert_eq!(r.headers()["location"], "/next%0D%0ASet-Cookie:%20admin=1");
    assert!(r.headers().get("set-cookie").is_none());
    let mut r = Response::new("");
    r.set_location("http://a.test/\u{0}x\ny");
    assert_eq!(r.headers()["location"], "http://a.test/%00x%0Ay");
}

/// Range requests that try to make the server work: thousands of ranges, overflowing
/// numbers, overlapping or reversed ranges. None is served and none panics; only a single
/// satisfiable range is ever answered.
#[test]
fn range_dos_is_refused() {
    let many = format!(
        "bytes={}",
        (0..10_000)
            .map(|i| format!("{}-{}", i * 2, i * 2))
            .collect::<Vec<_>>()
            .join(",")
    );
    let limit = format!(
        "bytes={}",
        (0..MAX_RANGES)
            .map(|i| format!("{}-{}", i * 2, i * 2))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!(
        Range::parse(&limit).is_some(),
        "up to MAX_RANGES ranges parse"
    );
    for header in [
        many.as_str(),
        "bytes=0-99999999999999999999999999",
        "bytes=9223372036854775807-",
        "bytes=0-5,0-5,0-5",
        "bytes=5-9,0-4",
        "bytes=0-1,3-4",
    ] {
        let mut headers = HeaderMap::new();
        headers.insert("range", header.parse().unwrap());
        let mut r = Response::new("Hello World");
        let outcome = r.make_conditional(
            &(&Method::GET, &headers),
            ConditionalOptions {
                accept_ranges: true,
                complete_length: Some(11),
            },
        );
        match outcome {
            Err(e) => assert_eq!(
                e.status(),
                StatusCode::RANGE_NOT_SATISFIABLE,
                "{}",
                &header[..header.len().min(40)]
            ),
            Ok(o) => panic!("{o:?} for {}", &header[..header.len().min(40)]),
        }
    }
    // A satisfiable single range whose end overflows the length is clamped, not trusted.
    let parsed = Range::parse("bytes=0-9223372036854775806").unwrap();
    assert_eq!(parsed.range_for_length(Some(11)), Some((0, 11)));
}
