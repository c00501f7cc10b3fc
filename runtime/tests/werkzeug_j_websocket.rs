//! Reference vectors J: WebSocket rules.
//!
//! Not ported (Python-only): none.

mod common;
use common::*;

#[test]
fn websocket_matching() {
    let m = map(
        "ws",
        vec![
            r("/ws", "ws").websocket(true),
            r("/ws", "http").methods(["POST"]),
            r("/both", "bh"),
            r("/both", "bw").websocket(true),
            r("/foo", "foo"),
        ],
    );
    let a = m.bind("h", "/");
    let ws = m.bind("h", "/").url_scheme("ws");
    let wss = m.bind("h", "/").url_scheme("wss");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "532 ws GET /ws: 405 beats the websocket mismatch",
            &a,
            get("/ws"),
            not_allowed(&["POST"]),
        ),
        ("533 ws POST /ws", &a, req("POST", "/ws"), ok("http", &[])),
        ("535 ws ws-scheme /both", &ws, get("/both"), ok("bw", &[])),
        (
            "536 ws wss POST /ws (websocket rule without methods accepts any)",
            &wss,
            req("POST", "/ws"),
            ok("ws", &[]),
        ),
        (
            "538 ws websocket=True /foo",
            &a,
            get("/foo").websocket(true),
            WS_MISMATCH,
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    for (case, adapter, input, expected) in [
        (
            "539 ws build ws",
            &a,
            build("ws", vec![]),
            Url::Is("ws://h/ws"),
        ),
        (
            "541 ws ws-scheme build http force_external",
            &ws,
            build("http", vec![]).external(),
            Url::Is("http://h/ws"),
        ),
        (
            "542 ws wss-scheme build foo force_external",
            &wss,
            build("foo", vec![]).external(),
            Url::Is("https://h/foo"),
        ),
    ] {
        t.check_build(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn websocket_bind_builds_http_links() {
    let m = map(
        "wsb",
        vec![
            r("/", "index"),
            r("/foo", "foo"),
            r("/bar/<baz>", "bar"),
            r("/bar/<int:bazi>", "bari"),
            r("/bar/<float:bazf>", "barf"),
            r("/bar/<path:bazp>", "barp"),
            r("/hehe", "blah").subdomain("blah"),
            r("/ws", "ws").websocket(true),
        ],
    );
    let a = m.bind("example.org", "/").url_scheme("ws");
    let mut t = Table::new();
    for (case, input, expected) in [
        (
            "544 wsb build foo force_external",
            build("foo", vec![]).external(),
            Url::Is("http://example.org/foo"),
        ),
        ("545 wsb build foo", build("foo", vec![]), Url::Is("/foo")),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}
