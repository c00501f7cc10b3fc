//! Reference vectors G: defaults, redirect_defaults, alias.
//!
//! Not ported (Python-only): none. Setups `rdd` and `rdds` have rules without endpoints
//! (Werkzeug's endpoint `None`, shared by both rules); the engine requires an endpoint
//! (`RuleErrorKind::MissingEndpoint`), so both rules share the endpoint `foo`, which keeps
//! the defaults redirect between them.

mod common;
use common::*;

#[test]
fn defaults_redirect_and_build() {
    let def = map(
        "def",
        vec![
            r("/foo/", "foo").defaults([("page", 1)]),
            r("/foo/<int:page>", "foo"),
        ],
    );
    let rdd = map(
        "rdd",
        vec![
            r("/foo", "foo").defaults([("bar", 42)]),
            r("/foo/<int:bar>", "foo"),
        ],
    );
    let rdds = map(
        "rdds",
        vec![
            r("/foo", "foo").defaults([("bar", 42)]).subdomain("test"),
            r("/foo/<int:bar>", "foo").subdomain("other"),
        ],
    );
    let all_rules = || {
        vec![
            r("/all/", "all_entries").defaults([("page", 1)]),
            r("/all/page/<int:page>", "all_entries"),
        ]
    };
    let all = map("all", all_rules());
    let all_off = build_map(
        "all, redirect_defaults=False",
        with_rules(Map::builder().redirect_defaults(false), all_rules()),
    );
    // No numbered vector uses `defrev`; reference §3.10: build order, not insertion order,
    // decides which rule provides the defaults.
    let defrev = map(
        "defrev",
        vec![
            r("/foo/<int:page>", "foo"),
            r("/foo/", "foo").defaults([("page", 1)]),
        ],
    );
    let def_a = def.bind("example.org", "/");
    let rdd_a = rdd.bind("localhost", "/");
    let rdds_a = rdds.bind("localhost", "/").subdomain("other");
    let all_a = all.bind("example.com", "/");
    let all_off_a = all_off.bind("example.com", "/");
    let defrev_a = defrev.bind("h", "/");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "379 def /foo/1 redirects to the defaults rule",
            &def_a,
            get("/foo/1"),
            redirect("http://example.org/foo/"),
        ),
        (
            "380 def /foo/2",
            &def_a,
            get("/foo/2"),
            ok("foo", &[("page", int(2))]),
        ),
        (
            "385 rdd /foo/42",
            &rdd_a,
            get("/foo/42"),
            redirect("http://localhost/foo"),
        ),
        (
            "386 rdds /foo/42 redirects to the other subdomain",
            &rdds_a,
            get("/foo/42"),
            redirect("http://test.localhost/foo"),
        ),
        (
            "388 all /all/page/2",
            &all_a,
            get("/all/page/2"),
            ok("all_entries", &[("page", int(2))]),
        ),
        (
            "389 all redirect_defaults=False /all/page/1",
            &all_off_a,
            get("/all/page/1"),
            ok("all_entries", &[("page", int(1))]),
        ),
        (
            "defrev (§3.10) /foo/1",
            &defrev_a,
            get("/foo/1"),
            redirect("http://h/foo/"),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    for (case, input, expected) in [
        (
            "382 def build page 1",
            build("foo", vec![("page", int(1))]),
            Url::Is("/foo/"),
        ),
        (
            "383 def build page 2",
            build("foo", vec![("page", int(2))]),
            Url::Is("/foo/2"),
        ),
    ] {
        t.check_build(case, &def_a, &input, &expected);
    }
    t.finish();
}

#[test]
fn defaults_with_methods_build_only_and_values() {
    let defm = map(
        "defm",
        vec![
            r("/foo/", "foo").defaults([("page", 1)]).methods(["POST"]),
            r("/foo/<int:page>", "foo"),
        ],
    );
    let defbo = map(
        "defbo",
        vec![
            r("/foo/", "foo").defaults([("page", 1)]).build_only(true),
            r("/foo/<int:page>", "foo"),
        ],
    );
    let defx = map("defx", vec![r("/foo", "f").defaults([("x", "y")])]);
    let [defm, defbo, defx] = [&defm, &defbo, &defx].map(|m| m.bind("h", "/"));
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "391 defm GET /foo/1 (defaults rule not suitable for GET)",
            &defm,
            get("/foo/1"),
            ok("foo", &[("page", int(1))]),
        ),
        (
            "392 defm POST /foo/1",
            &defm,
            req("POST", "/foo/1"),
            redirect("http://h/foo/"),
        ),
        (
            "394 defbo /foo/ (build_only never matches)",
            &defbo,
            get("/foo/"),
            NOT_FOUND,
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    for (case, adapter, input, expected) in [
        (
            "395 defbo build page 1 (build_only still builds)",
            &defbo,
            build("foo", vec![("page", int(1))]),
            Url::Is("/foo/"),
        ),
        (
            "400 defx build x=y (default key consumed)",
            &defx,
            build("f", vec![("x", s("y"))]),
            Url::Is("/foo"),
        ),
        (
            "401 defx build x=z",
            &defx,
            build("f", vec![("x", s("z"))]),
            Url::Error("Could not build url for endpoint 'f' with values ['x']."),
        ),
    ] {
        t.check_build(case, adapter, &input, &expected);
    }
    // departure 6: a rule variable that also has a default is an error when the map is
    // built; Werkzeug bakes the default in (397 builds /foo/1, 398 gives a BuildError).
    t.check(
        "397/398 defov default for the rule variable 'page' (departure 6)",
        rule_error(with_rules(
            Map::builder(),
            vec![r("/foo/<int:page>", "f").defaults([("page", 1)])],
        )),
        Some(RuleErrorKind::DefaultForVariable),
    );
    t.finish();
}

fn double_defaults(prefix: &str) -> Map {
    let p = |path: &str| format!("{prefix}{path}");
    map(
        &format!("double defaults, prefix {prefix:?}"),
        vec![
            Rule::new(p("/"))
                .endpoint("x")
                .defaults([("foo", Value::Int(1)), ("bar", Value::Bool(false))]),
            Rule::new(p("/<int:foo>"))
                .endpoint("x")
                .defaults([("bar", false)]),
            Rule::new(p("/bar/"))
                .endpoint("x")
                .defaults([("foo", Value::Int(1)), ("bar", Value::Bool(true))]),
            Rule::new(p("/bar/<int:foo>"))
                .endpoint("x")
                .defaults([("bar", true)]),
        ],
    )
}

#[test]
fn double_defaults_select_rules() {
    let dd = double_defaults("");
    let dda = double_defaults("/aaa");
    let dd_a = dd.bind("example.com", "/");
    let dda_a = dda.bind("example.com", "/");
    let f = Value::Bool(false);
    let tr = Value::Bool(true);
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "403 dd /2",
            &dd_a,
            get("/2"),
            ok("x", &[("foo", int(2)), ("bar", f.clone())]),
        ),
        (
            "404 dd /bar/",
            &dd_a,
            get("/bar/"),
            ok("x", &[("foo", int(1)), ("bar", tr.clone())]),
        ),
        (
            "412 dda /aaa/bar/2",
            &dda_a,
            get("/aaa/bar/2"),
            ok("x", &[("foo", int(2)), ("bar", tr.clone())]),
        ),
        (
            "413 dda /aaa/1",
            &dda_a,
            get("/aaa/1"),
            redirect("http://example.com/aaa/"),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    for (case, adapter, input, expected) in [
        (
            "406 dd build foo=1 bar=False",
            &dd_a,
            build("x", vec![("foo", int(1)), ("bar", f.clone())]),
            Url::Is("/"),
        ),
        (
            "407 dd build foo=2 bar=False",
            &dd_a,
            build("x", vec![("foo", int(2)), ("bar", f.clone())]),
            Url::Is("/2"),
        ),
        (
            "409 dd build foo=1 bar=True",
            &dd_a,
            build("x", vec![("foo", int(1)), ("bar", tr.clone())]),
            Url::Is("/bar/"),
        ),
        (
            "410 dd build foo=2 bar=True",
            &dd_a,
            build("x", vec![("foo", int(2)), ("bar", tr.clone())]),
            Url::Is("/bar/2"),
        ),
        (
            "415 dda build foo=2 bar=False",
            &dda_a,
            build("x", vec![("foo", int(2)), ("bar", f.clone())]),
            Url::Is("/aaa/2"),
        ),
    ] {
        t.check_build(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn alias_redirects() {
    let alias = map(
        "alias",
        vec![
            r("/", "index"),
            r("/index.html", "index").alias(true),
            r("/users/", "users").defaults([("page", 1)]),
            r("/users/index.html", "users")
                .defaults([("page", 1)])
                .alias(true),
            r("/users/page/<int:page>", "users"),
            r("/users/page-<int:page>.html", "users").alias(true),
        ],
    );
    let alias2 = build_map(
        "alias2",
        with_rules(
            Map::builder().redirect_defaults(false),
            vec![r("/", "index"), r("/index.html", "index").alias(true)],
        ),
    );
    let a = alias.bind("example.com", "/");
    let app = alias.bind("h", "/app").url_scheme("https");
    let alias2_a = alias2.bind("h", "/");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "416 alias /index.html",
            &a,
            get("/index.html"),
            redirect("http://example.com/"),
        ),
        (
            "418 alias /users/page-2.html",
            &a,
            get("/users/page-2.html"),
            redirect("http://example.com/users/page/2"),
        ),
        (
            "419 alias /users/page-1.html",
            &a,
            get("/users/page-1.html"),
            redirect("http://example.com/users/"),
        ),
        (
            "424 alias https /app keeps the query",
            &app,
            get("/index.html").query("a=1&b=2"),
            redirect("https://h/app/?a=1&b=2"),
        ),
        (
            "425 alias2 no redirect without redirect_defaults",
            &alias2_a,
            get("/index.html"),
            ok("index", &[]),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    for (case, input, expected) in [
        (
            "421 alias build index",
            build("index", vec![]),
            Url::Is("/"),
        ),
        (
            "422 alias build users page 1",
            build("users", vec![("page", int(1))]),
            Url::Is("/users/"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    // departure 9: an endpoint whose only rules are aliases is an error (Werkzeug's
    // `alias3` redirects to itself forever, reference §6 item 11).
    t.check(
        "alias3 alias-only endpoint (departure 9)",
        rule_error(with_rules(
            Map::builder(),
            vec![r("/index.html", "index").alias(true)],
        )),
        Some(RuleErrorKind::AliasOnly),
    );
    t.finish();
}
