//! Property tests: no header value, query string or path a client can send makes any
//! accessor of `Request` panic, and the reconstructed URLs nest as they should.
#![cfg(feature = "web")]

use http::HeaderValue;
use proptest::prelude::*;
use stellwerk_runtime::body::Body;
use stellwerk_runtime::wrappers::{Request, RequestConfig};

const HEADERS: [&str; 25] = [
    "host",
    "accept",
    "accept-language",
    "accept-charset",
    "accept-encoding",
    "cache-control",
    "if-match",
    "if-none-match",
    "if-modified-since",
    "if-unmodified-since",
    "if-range",
    "range",
    "authorization",
    "content-type",
    "content-length",
    "transfer-encoding",
    "cookie",
    "x-forwarded-for",
    "user-agent",
    "referer",
    "origin",
    "content-encoding",
    "max-forwards",
    "date",
    "x-forwarded-prefix",
];

/// Header bytes: mostly printable ASCII with the separators parsers care about, some
/// obs-text (non-UTF-8) bytes; whatever `HeaderValue` accepts.
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    let interesting = prop_oneof![
        4 => proptest::char::range(' ', '~').prop_map(|c| c as u8),
        1 => prop::sample::select(b"\"\\;,=:/[]@%*-.\t".to_vec()),
        1 => any::<u8>(),
    ];
    proptest::collection::vec(interesting, 0..48)
}

/// Query or path text: printable ASCII, escapes (valid or not) and separators.
fn uri_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::char::range('!', '~').prop_map(String::from),
        1 => any::<u8>().prop_map(|b| format!("%{b:02X}")),
        1 => prop::sample::select(vec!["%", "%z", "+", "&", "=", "&&", "//", "%C3", "%E2%98"]).prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn exercise(request: &Request) {
    let _ = request.args().len();
    let _ = request.cookies().len();
    let _ = request.host();
    let url = request.url();
    let base = request.base_url();
    let root = request.root_url();
    let host_url = request.host_url();
    if let (Ok(url), Ok(base), Ok(root), Ok(host_url)) = (url, base, root, host_url) {
        assert!(url.starts_with(&base), "{url} / {base}");
        assert!(base.starts_with(&root), "{base} / {root}");
        assert!(root.starts_with(&host_url), "{root} / {host_url}");
    }
    assert!(request.full_path().contains('?'));
    assert!(request.path().starts_with('/'));
    let _ = (
        request.scheme(),
        request.is_secure(),
        request.script_root(),
        request.query_string(),
    );
    let _ = (request.remote_addr(), request.access_route());
    let _ = request
        .accept_mimetypes()
        .best_match(["text/html", "application/json"]);
    let _ = request.accept_languages().best_match(["en", "de-AT"]);
    let _ = request.accept_charsets().best();
    let _ = request.accept_encodings().best_match(["gzip", "br"]);
    let _ = request.cache_control().max_age();
    let _ = (
        request.if_match().is_empty(),
        request.if_none_match().is_star(),
    );
    let _ = (
        request.if_modified_since(),
        request.if_unmodified_since(),
        request.date(),
    );
    let _ = (request.if_range(), request.range(), request.authorization());
    let _ = (
        request.content_type(),
        request.mimetype(),
        request.mimetype_params(),
    );
    let _ = (
        request.content_length(),
        request.content_encoding(),
        request.max_forwards(),
    );
    let _ = (
        request.user_agent(),
        request.referrer(),
        request.origin(),
        request.is_json(),
    );
    let _ = format!("{request:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_headers_never_panic(
        values in proptest::collection::vec((0..HEADERS.len(), header_value()), 0..8),
        body in proptest::collection::vec(any::<u8>(), 0..64),
        trusted in any::<bool>(),
    ) {
        let mut builder = http::Request::post("/p?q=1");
        for (index, value) in &values {
            if let Ok(value) = HeaderValue::from_bytes(value) {
                builder = builder.header(HEADERS[*index], value);
            }
        }
        let http = builder.body(Body::from(body)).unwrap();
        let config = if trusted {
            RequestConfig::default().trusted_hosts([".example.com"]).max_content_length(Some(32))
        } else {
            RequestConfig::default()
        };
        let mut request = Request::with_config(http, config);
        exercise(&request);
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let _ = request.form().await.map(|f| f.len());
            let _ = request.files().await.map(|f| f.len());
            let _ = request.values().await;
            let _ = request.data().await;
            let _ = request.text().await;
            #[cfg(feature = "json")]
            let _ = request.json::<serde_json::Value>().await;
        });
    }

    #[test]
    fn arbitrary_paths_and_queries_never_panic(
        path in uri_text(),
        query in proptest::option::of(uri_text()),
        root in uri_text(),
        host in header_value(),
    ) {
        let target = match &query {
            Some(query) => format!("/{path}?{query}"),
            None => format!("/{path}"),
        };
        // A fragment is never part of a request target.
        prop_assume!(!target.contains('#') && !path.contains('?'));
        let Ok(uri) = target.parse::<http::Uri>() else {
            // Not a request target hyper would hand us.
            return Ok(());
        };
        let mut builder = http::Request::get(uri);
        if let Ok(host) = HeaderValue::from_bytes(&host) {
            builder = builder.header("host", host);
        }
        let request = Request::with_config(
            builder.body(Body::empty()).unwrap(),
            RequestConfig::default().script_root(root),
        );
        exercise(&request);
        prop_assert_eq!(request.query_string(), query.as_deref().unwrap_or(""));
    }
}
