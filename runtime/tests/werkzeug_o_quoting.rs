//! Reference vectors O: quoting and percent-encoding.
//!
//! Not ported (Python-only): none.

mod common;
use common::*;

fn qt() -> Map {
    map(
        "qt",
        vec![
            r("/s/<x>", "s"),
            r("/p/<path:x>", "p"),
            r("/st/ä ö+?/", "st"),
        ],
    )
}

#[test]
fn path_quoting_when_building() {
    let m = qt();
    let a = m.bind("h", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        (
            "691 qt build s a+b",
            build("s", vec![("x", s("a+b"))]),
            Url::Is("/s/a+b"),
        ),
        (
            "692 qt build s a?b",
            build("s", vec![("x", s("a?b"))]),
            Url::Is("/s/a%3Fb"),
        ),
        (
            "694 qt build s a&b=c",
            build("s", vec![("x", s("a&b=c"))]),
            Url::Is("/s/a&b=c"),
        ),
        // departure 2: a '/' inside a string value is encoded (the URL must match back to
        // the same value); Werkzeug builds "/s/!$&'()*+,/:;=@".
        (
            "695 qt build s with the path safe set (departure 2)",
            build("s", vec![("x", s("!$&'()*+,/:;=@"))]),
            Url::Is("/s/!$&'()*+,%2F:;=@"),
        ),
        (
            "697 qt build s []",
            build("s", vec![("x", s("[]"))]),
            Url::Is("/s/%5B%5D"),
        ),
        (
            "698 qt build s é",
            build("s", vec![("x", s("é"))]),
            Url::Is("/s/%C3%A9"),
        ),
        (
            "700 qt build s a%20b (encoded again)",
            build("s", vec![("x", s("a%20b"))]),
            Url::Is("/s/a%2520b"),
        ),
        // departure 2: '/' in a string value is encoded; Werkzeug builds "/s/a/b".
        (
            "701 qt build s a/b (departure 2)",
            build("s", vec![("x", s("a/b"))]),
            Url::Is("/s/a%2Fb"),
        ),
        (
            "703 qt build st (static text quoted the same way)",
            build("st", vec![]),
            Url::Is("/st/%C3%A4%20%C3%B6+%3F/"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn decoding_when_matching() {
    let m = qt();
    let a = m.bind("h", "/");
    let rpq = map(
        "rpq",
        vec![
            r("/<category>", "category").defaults([("page", 1)]),
            r("/<category>/page/<int:page>", "category"),
        ],
    );
    let rpq_a = rpq.bind("example.com", "/");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        // departure 14: segments are percent-decoded after splitting, so %2F stays inside
        // the value; Werkzeug's match() does no decoding and gives 'a%2Fb'.
        (
            "704 qt /s/a%2Fb (departure 14)",
            &a,
            get("/s/a%2Fb"),
            ok("s", &[("x", s("a/b"))]),
        ),
        (
            "706 qt /p/a%2Fb",
            &a,
            get("/p/a%2Fb"),
            ok("p", &[("x", s("a/b"))]),
        ),
        (
            "707 qt /s/%E2%98%83",
            &a,
            get("/s/%E2%98%83"),
            ok("s", &[("x", s("☃"))]),
        ),
        (
            "709 qt /s/a+b ('+' is not a space in paths)",
            &a,
            get("/s/a+b"),
            ok("s", &[("x", s("a+b"))]),
        ),
        // Werkzeug matched the decoded "/foo bar/page/1" (departure 14: raw path).
        (
            "710 rpq /foo bar/page/1 (percent-encoded) redirects with a quoted Location",
            &rpq_a,
            get("/foo%20bar/page/1"),
            redirect("http://example.com/foo%20bar"),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}
