//! Reference vectors D: strict_slashes and trailing-slash redirects.
//!
//! Not ported: none. Werkzeug's `match()` takes decoded paths; rows with unicode or
//! reserved characters give the raw, percent-encoded path (departure 14).
//! Setup `charset` has a rule without an endpoint; the engine requires one
//! (`RuleErrorKind::MissingEndpoint`), so the rule gets one; the vector only looks at the
//! redirect.

mod common;
use common::*;

#[test]
fn strict_slashes_redirect() {
    let ssr = map(
        "ssr",
        vec![
            r("/bar/", "get").methods(["GET"]),
            r("/bar", "post").methods(["POST"]),
            r("/foo/", "foo").methods(["POST"]),
            r("/<path:var>/", "path").methods(["GET"]),
        ],
    );
    let ssr2 = map(
        "ssr2",
        vec![
            r("/bar", "post").methods(["POST"]),
            r("/bar/", "get").methods(["GET"]),
        ],
    );
    let ssr3 = map("ssr3", vec![r("/bar/", "get").methods(["GET"])]);
    let [ssr, ssr2, ssr3] = [&ssr, &ssr2, &ssr3].map(|m| m.bind("example.org", "/"));
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "271 ssr POST /bar",
            &ssr,
            req("POST", "/bar"),
            ok("post", &[]),
        ),
        (
            "272 ssr GET /abc/",
            &ssr,
            req("GET", "/abc/"),
            ok("path", &[("var", s("abc"))]),
        ),
        (
            "274 ssr POST /bar/",
            &ssr,
            req("POST", "/bar/"),
            not_allowed(&["GET", "HEAD"]),
        ),
        (
            "275 ssr POST /foo",
            &ssr,
            req("POST", "/foo"),
            redirect("http://example.org/foo/"),
        ),
        (
            "277 ssr GET /foo (the GET path rule supplies the redirect)",
            &ssr,
            req("GET", "/foo"),
            redirect("http://example.org/foo/"),
        ),
        (
            "278 ssr GET /foo/ (POST-only static skipped)",
            &ssr,
            req("GET", "/foo/"),
            ok("path", &[("var", s("foo"))]),
        ),
        (
            "280 ssr2 POST /bar",
            &ssr2,
            req("POST", "/bar"),
            ok("post", &[]),
        ),
        (
            "281 ssr2 GET /bar",
            &ssr2,
            req("GET", "/bar"),
            redirect("http://example.org/bar/"),
        ),
        (
            "283 ssr3 GET /bar/",
            &ssr3,
            req("GET", "/bar/"),
            ok("get", &[]),
        ),
        (
            "284 ssr3 GET /bar",
            &ssr3,
            req("GET", "/bar"),
            redirect("http://example.org/bar/"),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn leaves_dont_consume_and_non_strict() {
    let ldc = build_map(
        "ldc",
        with_rules(
            Map::builder().strict_slashes(false),
            vec![
                r("/path1", "leaf"),
                r("/path1/", "branch"),
                r("/path2", "leaf").strict_slashes(false),
                r("/path2/", "branch"),
                r("/path3", "leaf"),
                r("/path3/", "branch").strict_slashes(false),
                r("/path4", "leaf").strict_slashes(false),
                r("/path4/", "branch").strict_slashes(false),
                r("/path5", "leaf"),
            ],
        ),
    );
    let ssf = map(
        "ssf",
        vec![
            r("/path1", "leaf_path").strict_slashes(false),
            r("/path2/", "branch_path").strict_slashes(false),
            r("/<path:path>", "leaf_path_converter").strict_slashes(false),
        ],
    );
    let [ldc, ssf] = [&ldc, &ssf].map(|m| m.bind("example.org", "/"));
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        ("286 ldc /path1", &ldc, get("/path1"), ok("leaf", &[])),
        ("287 ldc /path1/", &ldc, get("/path1/"), ok("branch", &[])),
        ("289 ldc /path2/", &ldc, get("/path2/"), ok("branch", &[])),
        ("290 ldc /path3", &ldc, get("/path3"), ok("leaf", &[])),
        ("292 ldc /path4", &ldc, get("/path4"), ok("leaf", &[])),
        ("293 ldc /path4/", &ldc, get("/path4/"), ok("branch", &[])),
        ("295 ssf /path1", &ssf, get("/path1"), ok("leaf_path", &[])),
        (
            "296 ssf /path1/",
            &ssf,
            get("/path1/"),
            ok("leaf_path", &[]),
        ),
        (
            "298 ssf /path2/",
            &ssf,
            get("/path2/"),
            ok("branch_path", &[]),
        ),
        (
            "299 ssf /any",
            &ssf,
            get("/any"),
            ok("leaf_path_converter", &[("path", s("any"))]),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn strict_leaves_branches_and_preemption() {
    let ss1 = build_map(
        "ss1",
        with_rules(
            Map::builder().strict_slashes(false),
            vec![r("/x", "x").strict_slashes(true), r("/y/", "y")],
        ),
    );
    let ss2 = map(
        "ss2",
        vec![r("/<x>/", "x"), r("/n/<int:x>/", "n").strict_slashes(false)],
    );
    let ss3 = map("ss3", vec![r("/<path:p>/", "pb").strict_slashes(false)]);
    let ss4 = map("ss4", vec![r("/a/", "branch"), r("/<x>", "leaf")]);
    let ss5 = map(
        "ss5",
        vec![r("/a/", "branch").methods(["POST"]), r("/<x>", "leaf")],
    );
    let ss6 = map(
        "ss6",
        vec![
            r("/x/", "x").methods(["POST"]),
            r("/y", "y").methods(["POST"]).strict_slashes(false),
        ],
    );
    let [ss1, ss2, ss3, ss4, ss5, ss6] =
        [&ss1, &ss2, &ss3, &ss4, &ss5, &ss6].map(|m| m.bind("h", "/"));
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        ("301 ss1 strict leaf /x/", &ss1, get("/x/"), NOT_FOUND),
        (
            "302 ss1 non-strict branch /y",
            &ss1,
            get("/y"),
            ok("y", &[]),
        ),
        ("304 ss2 /n/1", &ss2, get("/n/1"), ok("n", &[("x", int(1))])),
        ("305 ss3 /a", &ss3, get("/a"), ok("pb", &[("p", s("a"))])),
        // SURPRISE kept (no departure): the strict-slash redirect pre-empts /<x>.
        ("307 ss4 /a", &ss4, get("/a"), redirect("http://h/a/")),
        ("308 ss5 /a", &ss5, get("/a"), ok("leaf", &[("x", s("a"))])),
        (
            "310 ss6 POST /x (308 keeps the method)",
            &ss6,
            req("POST", "/x"),
            redirect("http://h/x/"),
        ),
        (
            "311 ss6 GET /y/",
            &ss6,
            req("GET", "/y/"),
            not_allowed(&["POST"]),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn unicode_quoting_and_schemes() {
    let charset = map("charset", vec![r("/öäü/", "charset")]);
    let uni = map("uni", vec![r("/войти/", "enter"), r("/foo+bar/", "foobar")]);
    let q = map("q", vec![r("/s/<x>/", "s")]);
    let wsr = map("wsr", vec![r("/b/", "b").websocket(true)]);
    let charset_a = charset.bind("localhost", "/");
    let uni_a = uni.bind("☃.example.com", "/");
    let q_a = q.bind("h", "/");
    let wsr_a = wsr.bind("h", "/").url_scheme("ws");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        // Werkzeug matched the decoded "/öäü" (departure 14: raw path).
        (
            "313 charset /öäü (percent-encoded)",
            &charset_a,
            get("/%C3%B6%C3%A4%C3%BC"),
            redirect("http://localhost/%C3%B6%C3%A4%C3%BC/"),
        ),
        // Werkzeug matched the decoded "/войти" (departure 14: raw path).
        (
            "314 uni /войти (percent-encoded), IDNA host",
            &uni_a,
            get("/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8"),
            redirect("http://xn--n3h.example.com/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/"),
        ),
        (
            "316 uni /foo+bar",
            &uni_a,
            get("/foo+bar"),
            redirect("http://xn--n3h.example.com/foo+bar/"),
        ),
        (
            "317 uni /foo+bar/",
            &uni_a,
            get("/foo+bar/"),
            ok("foobar", &[]),
        ),
        // Werkzeug matched the decoded "/s/a b?#%" (departure 14: raw path).
        (
            "320 q /s/a b?#% (percent-encoded)",
            &q_a,
            get("/s/a%20b%3F%23%25"),
            redirect("http://h/s/a%20b%3F%23%25/"),
        ),
        (
            "322 q string query_args copied verbatim",
            &q_a,
            get("/s/x").query("raw=%20&x"),
            redirect("http://h/s/x/?raw=%20&x"),
        ),
        (
            "323 wsr redirect keeps the ws scheme",
            &wsr_a,
            get("/b"),
            redirect("ws://h/b/"),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.check_build(
        "319 uni build foobar force_external, IDNA host",
        &uni_a,
        &build("foobar", vec![]).external(),
        &Url::Is("http://xn--n3h.example.com/foo+bar/"),
    );
    t.finish();
}
