//! Attacks from Werkzeug's security history (reference §17) on header parsing, each shown
//! to do no harm.
#![cfg(feature = "web")]

use http::header::{HeaderName, HeaderValue};
use stellwerk_runtime::headers::*;

/// GHSA-px8h-6qxv-m22q / CVE-2023-23934: a sibling subdomain sets a nameless cookie
/// `=__Host-test=bad`; stripping the leading `=` would make it a `__Host-` cookie.
#[test]
fn ghsa_px8h_6qxv_m22q_nameless_cookie_is_ignored() {
    let cookies = parse_cookie("=__Host-test=bad; __Host-test=good");
    assert_eq!(cookies, [("__Host-test".to_owned(), "good".to_owned())]);
    assert!(parse_cookie("==__Host-eq=bad").is_empty());
    assert!(parse_cookie("=").is_empty());
    assert!(parse_cookie(" =x; ;=").is_empty());
}

/// Werkzeug 2.0.0: cookie names were unquoted, so `"__Secure-c"=d` became a `__Secure-c`
/// cookie.
#[test]
fn quoted_cookie_names_stay_quoted() {
    let cookies = parse_cookie("\"__Secure-c\"=d");
    assert_eq!(cookies, [("\"__Secure-c\"".to_owned(), "d".to_owned())]);
}

/// Werkzeug 2.3 hardening: only ASCII, UTF-8 and ISO-8859-1 are decoded in RFC 2231
/// values; numbers in headers are ASCII digits only.
#[test]
fn rfc2231_charsets_and_ascii_digits_only() {
    for charset in ["BAD", "utf-7", "UTF-16", "cp1252", "rot13"] {
        let (_, params) = parse_options_header(&format!("v;a*={charset}''%62"));
        assert_eq!(params[0].1, "%62", "{charset} must not be decoded");
    }
    for (charset, expected) in [
        ("utf-8", "b"),
        ("ISO-8859-1", "b"),
        ("us-ascii", "b"),
        ("ascii", "b"),
    ] {
        let (_, params) = parse_options_header(&format!("v;a*={charset}''%62"));
        assert_eq!(params[0].1, expected, "{charset}");
    }
    for range in ["bytes=1-1_23", "bytes=+1-2", "bytes=١-٢", "bytes=0x1-2"] {
        assert_eq!(Range::parse(range), None, "{range}");
    }
    assert_eq!(RequestCacheControl::parse("max-age=١٢").max_age(), None);
    assert_eq!(ContentRange::parse("bytes 0-1/١٢"), None);
}

/// Werkzeug 0.8: header values with newlines were rejected to stop response splitting.
/// `HeaderValue` refuses CR, LF and NUL, and every serialiser's output goes through it.
#[test]
fn header_injection_is_impossible() {
    for bad in ["foo\r\n bar", "foo\nbar", "foo\rbar", "a\0b"] {
        assert!(HeaderValue::from_str(bad).is_err(), "{bad:?}");
        // Inside a parameter, too.
        let header = dump_options_header(Some("attachment"), [("filename", Some(bad))]);
        assert!(HeaderValue::from_str(&header).is_err(), "param {bad:?}");
    }
    assert!(HeaderName::from_bytes(b"X-Example\r\n").is_err());
    // Cookie values are octal-escaped, so CR/LF cannot leave the Set-Cookie line.
    let line = dump_cookie("a", "x\r\nSet-Cookie: admin=1", &CookieOptions::default()).unwrap();
    assert_eq!(line, "a=\"x\\015\\012Set-Cookie: admin=1\"; Path=/");
    assert!(HeaderValue::from_str(&line).is_ok());
    assert!(dump_cookie("a\r\nb", "x", &CookieOptions::default()).is_err());
}

/// Werkzeug 3.0.4: a quoted value of 400 backslashes made `parse_options_header` slow; every
/// parser here is linear however the quotes and separators are arranged.
#[test]
fn pathological_inputs_stay_linear() {
    let n = 200_000;
    let inputs = [
        format!("v;a=\"{}", "\\".repeat(n)),
        format!("v{}", ";a=\"".repeat(n / 4)),
        "\"".repeat(n),
        format!("W/\"a\"b{}", ", \"a\"b".repeat(n / 6)),
        ",".repeat(n),
        format!("a=\"{}", "\\\"".repeat(n / 2)),
        // Many distinct keys and tags: deduplication must not compare every pair.
        (0..n / 8)
            .map(|i| format!("k{i}=v"))
            .collect::<Vec<_>>()
            .join(", "),
        (0..n / 8)
            .map(|i| format!("v; k{i}=v"))
            .collect::<Vec<_>>()
            .join(""),
        (0..n / 8)
            .map(|i| format!("\"t{i}\", W/\"w{i}\""))
            .collect::<Vec<_>>()
            .join(", "),
    ];
    let start = std::time::Instant::now();
    for input in &inputs {
        let _ = parse_options_header(input);
        let _ = parse_list_header(input);
        let _ = parse_dict_header(input);
        let _ = ETags::parse(input);
        let _ = parse_cookie(input);
        let _ = MimeAccept::parse(input);
        let _ = Range::parse(input);
        let _ = ResponseCacheControl::parse(input);
        let _ = parse_options_header(&format!("v;{}", input.replace(", ", ";")));
    }
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
}
