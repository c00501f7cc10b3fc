//! The whole exception catalogue (reference §4.2) and Werkzeug's exception tests (§18.1,
//! items 31–35).
#![cfg(feature = "web")]

use std::time::{Duration, UNIX_EPOCH};

use http::{HeaderMap, Method, StatusCode};
use stellwerk_runtime::exceptions::*;
use stellwerk_runtime::headers::WwwAuthenticate;
use stellwerk_runtime::wrappers::response::Response;

/// (code, reason phrase of the `http` crate, description length in characters as measured
/// on Werkzeug, special header the default error carries)
const TABLE: [(u16, &str, usize); 31] = [
    (400, "Bad Request", 76),
    (401, "Unauthorized", 220),
    (403, "Forbidden", 122),
    (404, "Not Found", 120),
    (405, "Method Not Allowed", 48),
    (406, "Not Acceptable", 189),
    (408, "Request Timeout", 113),
    (409, "Conflict", 126),
    (410, "Gone", 175),
    (411, "Length Required", 79),
    (412, "Precondition Failed", 71),
    (413, "Payload Too Large", 54),
    (414, "URI Too Long", 108),
    (415, "Unsupported Media Type", 70),
    (416, "Range Not Satisfiable", 46),
    (417, "Expectation Failed", 63),
    (418, "I'm a teapot", 45),
    (421, "Misdirected Request", 45),
    (422, "Unprocessable Entity", 81),
    (423, "Locked", 46),
    (424, "Failed Dependency", 129),
    (428, "Precondition Required", 90),
    (429, "Too Many Requests", 66),
    (431, "Request Header Fields Too Large", 51),
    (451, "Unavailable For Legal Reasons", 30),
    (500, "Internal Server Error", 154),
    (501, "Not Implemented", 64),
    (502, "Bad Gateway", 70),
    (503, "Service Unavailable", 130),
    (504, "Gateway Timeout", 47),
    (505, "HTTP Version Not Supported", 74),
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;")
}

async fn body_text(r: Response) -> String {
    String::from_utf8(r.into_data().await.unwrap().to_vec()).unwrap()
}

#[tokio::test]
async fn every_catalogued_status() {
    assert_eq!(CATALOGUE.len(), TABLE.len());
    for (code, name, desc_len) in TABLE {
        let e = try_abort(code).unwrap_or_else(|_| panic!("{code} is catalogued"));
        assert_eq!(e.code(), code);
        assert_eq!(e.name(), name, "name of {code}");
        let description = e.description().unwrap();
        assert_eq!(
            description.chars().count(),
            desc_len,
            "description of {code}"
        );
        assert_eq!(e.to_string(), format!("{code} {name}: {description}"));
        assert!(
            e.headers().is_empty(),
            "{code} has no special header by default"
        );
        let expected_body = format!(
            "<!doctype html>\n<html lang=en>\n<title>{code} {n}</title>\n<h1>{n}</h1>\n<p>{d}</p>\n",
            n = escape(name),
            d = escape(description)
        );
        assert_eq!(e.body(), expected_body, "body of {code}");
        let r = e.into_response();
        assert_eq!(r.status().as_u16(), code);
        assert_eq!(
            r.headers()["content-type"],
            "text/html; charset=utf-8",
            "{code}"
        );
        assert_eq!(body_text(r).await, expected_body, "response body of {code}");
    }
}

#[test]
fn not_found_page_is_byte_exact() {
    let body = HttpError::not_found().body();
    assert_eq!(
        body,
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n"
    );
    assert_eq!(body.len(), 207);
}

#[test]
fn description_escaping_and_markup() {
    for (description, expected) in [
        (
            "a\nb \"x\" & <y>",
            "<p>a<br>b &#34;x&#34; &amp; &lt;y&gt;</p>",
        ),
        ("it's", "<p>it&#39;s</p>"),
    ] {
        let e = HttpError::not_found().with_description(description);
        assert_eq!(e.description_html(), expected, "{description:?}");
    }
    let length_required = HttpError::new(StatusCode::LENGTH_REQUIRED);
    assert!(
        length_required
            .body()
            .contains("&lt;code&gt;Content-Length&lt;/code&gt;")
    );
    let markup = HttpError::not_found().with_html_description("<b>Gone</b>");
    assert_eq!(markup.description_html(), "<p><b>Gone</b></p>");
}

#[test]
fn display_with_custom_description() {
    assert_eq!(
        HttpError::not_found()
            .with_description("Not There")
            .to_string(),
        "404 Not Found: Not There"
    );
}

#[test]
fn special_headers() {
    let e = HttpError::method_not_allowed([&Method::GET, &Method::HEAD, &Method::POST]);
    assert_eq!(e.headers()["allow"], "GET, HEAD, POST");

    let mut digest = WwwAuthenticate::new("digest");
    digest.set("realm", Some("r"));
    let basic = WwwAuthenticate::basic("x");
    let e = HttpError::unauthorized(&[digest, basic]);
    let lines: Vec<_> = e.headers().get_all("www-authenticate").iter().collect();
    assert_eq!(lines, ["Digest realm=\"r\"", "Basic realm=x"]);
    assert!(
        HttpError::unauthorized(&[])
            .headers()
            .get("www-authenticate")
            .is_none()
    );

    let e = HttpError::too_many_requests(Some(RetryAfter::Seconds(20)));
    assert_eq!(e.headers()["retry-after"], "20");
    let when = UNIX_EPOCH + Duration::from_secs(1_578_163_936);
    let e = HttpError::service_unavailable(Some(RetryAfter::Date(when)));
    assert_eq!(e.headers()["retry-after"], "Sat, 04 Jan 2020 18:52:16 GMT");
    let e = HttpError::payload_too_large().with_retry_after(RetryAfter::Seconds(5));
    assert_eq!(e.headers()["retry-after"], "5");

    let e = HttpError::range_not_satisfiable(100);
    assert_eq!(e.headers()["content-range"], "bytes */100");
    let r = e.into_response();
    assert_eq!(r.headers()["content-range"], "bytes */100");
    assert_eq!(r.status(), StatusCode::RANGE_NOT_SATISFIABLE);
}

#[test]
fn header_injection_is_refused() {
    let e = HttpError::not_found().with_header(
        http::header::HeaderName::from_static("x-a"),
        "a\r\nSet-Cookie: x=1",
    );
    assert!(e.headers().is_empty());
}

#[tokio::test]
async fn custom_response_is_returned_unchanged() {
    let mut custom = Response::new("Hello World");
    custom.set_status(StatusCode::IM_A_TEAPOT);
    custom
        .headers_mut()
        .insert("x-custom", "1".parse().unwrap());
    let e = abort_with(custom);
    assert_eq!(e.status(), StatusCode::IM_A_TEAPOT);
    let r = e.into_response();
    assert_eq!(r.headers()["x-custom"], "1");
    assert_eq!(body_text(r).await, "Hello World");

    let e = HttpError::forbidden().with_response(Response::new("nope"));
    let r = e.to_response_for(&HeaderMap::new());
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "a custom response keeps its own status"
    );
    assert_eq!(body_text(r).await, "nope");
}

#[test]
fn abort_lookup() {
    for code in [100, 200, 302, 402, 407, 599] {
        assert_eq!(try_abort(code).unwrap_err(), UnknownStatus(code), "{code}");
    }
    assert!(try_abort(1).is_err(), "not a status code at all");
    let fallback = abort(StatusCode::OK);
    assert_eq!(fallback.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let source = std::error::Error::source(&fallback).unwrap();
    assert!(source.to_string().contains("200"));
    assert_eq!(abort(StatusCode::NOT_FOUND).status(), StatusCode::NOT_FOUND);
    let e = HttpError::new(StatusCode::from_u16(499).unwrap());
    assert_eq!(e.name(), "Unknown");
    assert_eq!(e.description_html(), "<p></p>");
}

#[tokio::test]
async fn content_negotiation() {
    for (accept, json) in [
        (Some("application/json"), true),
        (Some("application/json, text/html;q=0.9"), true),
        (Some("text/html, application/json"), false),
        (Some("text/html;q=0.5, application/json;q=0.6"), true),
        (Some("*/*"), false),
        (Some("text/*, application/json"), true),
        (Some("garbage"), false),
        (None, false),
    ] {
        let mut headers = HeaderMap::new();
        if let Some(a) = accept {
            headers.insert("accept", a.parse().unwrap());
        }
        let r = HttpError::method_not_allowed([&Method::GET]).to_response_for(&headers);
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            r.headers()["allow"],
            "GET",
            "special headers kept for {accept:?}"
        );
        let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
        let body = body_text(r).await;
        if json {
            assert_eq!(ct, "application/json", "{accept:?}");
            assert_eq!(
                body,
                "{\"code\": 405, \"name\": \"Method Not Allowed\", \"description\": \"The method is not allowed for the requested URL.\"}"
            );
        } else {
            assert_eq!(ct, "text/html; charset=utf-8", "{accept:?}");
            assert!(
                body.starts_with("<!doctype html>\n<html lang=en>\n"),
                "{accept:?}"
            );
        }
    }
}

#[test]
fn json_body_escapes() {
    let e = HttpError::bad_request().with_description("a \"quote\"\n\\ \u{1}");
    assert_eq!(
        e.json_body(),
        "{\"code\": 400, \"name\": \"Bad Request\", \"description\": \"a \\\"quote\\\"\\n\\\\ \\u0001\"}"
    );
}

#[test]
fn converts_into_http_response() {
    let r: http::Response<stellwerk_runtime::body::Body> = HttpError::new(StatusCode::GONE).into();
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
}

#[cfg(feature = "json")]
mod json_body {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The hand-written JSON error body is valid JSON for any description.
        #[test]
        fn json_body_is_valid_json(description in ".*", code in prop::sample::select(CATALOGUE.iter().map(|(c, _)| *c).collect::<Vec<_>>())) {
            let e = try_abort(code).unwrap().with_description(description.clone());
            let value: serde_json::Value = serde_json::from_str(&e.json_body()).unwrap();
            prop_assert_eq!(value["code"].as_u64(), Some(u64::from(code)));
            prop_assert_eq!(value["name"].as_str(), Some(e.name()));
            prop_assert_eq!(value["description"].as_str(), Some(description.as_str()));
        }
    }
}
