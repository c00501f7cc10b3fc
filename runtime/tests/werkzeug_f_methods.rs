//! Reference vectors F: methods, HEAD, 405, allowed_methods, test, dispatch.
//!
//! Translated, not copied:
//! * `dispatch()` (373, 374, 376) is Werkzeug's convenience that calls a view with the
//!   match result and returns a redirect instead of raising it. The routing engine has no
//!   dispatcher (handlers are called by the app layer), so these rows check the match
//!   outcome that the dispatcher would act on: a match, a 308 redirect, a 404.
//! * 377 sets `RequestRedirect.code = 307` on an exception object; stellwerk configures
//!   the redirect status on the map instead (departure 16), so the row checks a 307 map.
//! * `allowed_methods` answers [`Allowed`] (departure 11): `NotFound` where Werkzeug
//!   returns `[]` for "no such path", `Methods(sorted)` for a 405 set.
//! * Setup `amq` has rules without endpoints; the engine requires one
//!   (`RuleErrorKind::MissingEndpoint`), so they get one; the vector only reads methods.
//!
//! Not ported (Python-only): none in this section.

mod common;
use common::*;

#[test]
fn implicit_head_and_method_case() {
    let head = map(
        "head",
        vec![
            r("/get", "a").methods(["GET"]),
            r("/post", "b").methods(["POST"]),
        ],
    );
    let a = head.bind("example.org", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        ("350 head HEAD /get", req("HEAD", "/get"), ok("a", &[])),
        (
            "352 head method 'get' is upper-cased",
            req("get", "/get"),
            ok("a", &[]),
        ),
        // The routing engine adds no OPTIONS (the app layer answers OPTIONS, DESIGN.md).
        (
            "353 head OPTIONS /get",
            req("OPTIONS", "/get"),
            not_allowed(&["GET", "HEAD"]),
        ),
    ] {
        t.check_match(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn method_lists_allowed_methods_and_test() {
    let amq = map(
        "amq",
        vec![
            r("/<foo>", "foo_var").methods(["GET", "HEAD"]),
            r("/foo", "foo").methods(["POST"]),
        ],
    );
    let meth = map(
        "meth",
        vec![
            r("/a", "a").methods(["get"]),
            r("/a", "ap").methods(["POST", "put"]),
            r("/any", "any"),
            r("/none", "none").methods(Vec::<String>::new()),
        ],
    );
    let mtest = map("mtest", vec![r("/b/", "b")]);
    let amq_a = amq.bind("example.org", "/");
    let [meth_a, mtest_a] = [&meth, &mtest].map(|m| m.bind("h", "/"));
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        ("356 meth GET /a", &meth_a, req("GET", "/a"), ok("a", &[])),
        ("358 meth PUT /a", &meth_a, req("PUT", "/a"), ok("ap", &[])),
        (
            "359 meth DELETE /a",
            &meth_a,
            req("DELETE", "/a"),
            not_allowed(&["GET", "HEAD", "POST", "PUT"]),
        ),
        (
            "361 meth methods=[] never matches",
            &meth_a,
            get("/none"),
            NOT_FOUND,
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    let methods = |names: &[&str]| Allowed::Methods(names.iter().map(|n| method(n)).collect());
    for (case, adapter, path, expected) in [
        (
            "355 amq allowed_methods /foo",
            &amq_a,
            "/foo",
            methods(&["GET", "HEAD", "POST"]),
        ),
        (
            "362 meth allowed_methods /a",
            &meth_a,
            "/a",
            methods(&["GET", "HEAD", "POST", "PUT"]),
        ),
        // departure 11: "no such path" is told apart from "any method"; Werkzeug gives [].
        (
            "364 meth allowed_methods /nope (departure 11)",
            &meth_a,
            "/nope",
            Allowed::NotFound,
        ),
    ] {
        t.check(case, adapter.allowed_methods(path), expected);
    }
    for (case, adapter, path, expected) in [
        ("365 meth test /a", &meth_a, "/a", true),
        ("367 meth test /a/", &meth_a, "/a/", false),
        (
            "368 mtest test /b (a redirect counts)",
            &mtest_a,
            "/b",
            true,
        ),
    ] {
        t.check(case, adapter.test(path, &Method::GET), expected);
    }
    t.finish();
}

#[test]
fn method_not_allowed_sets_and_validation() {
    let m405 = map(
        "m405",
        vec![
            r("/foo", "foo").methods(["POST"]),
            r("/<x>", "x").methods(["GET"]),
        ],
    );
    let m405v = map(
        "m405v",
        vec![
            r("/<int(min=5):x>", "int").methods(["POST"]),
            r("/<y>", "str"),
        ],
    );
    let [m405, m405v] = [&m405, &m405v].map(|m| m.bind("h", "/"));
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "370 m405 PUT /foo accumulates allowed methods",
            &m405,
            req("PUT", "/foo"),
            not_allowed(&["GET", "HEAD", "POST"]),
        ),
        (
            "371 m405v GET /3",
            &m405v,
            req("GET", "/3"),
            ok("str", &[("y", s("3"))]),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn dispatch_outcomes_and_redirect_status() {
    let disp = map("disp", vec![r("/", "root"), r("/foo/", "foo")]);
    let a = disp.bind("h", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        ("373 disp dispatch /", get("/"), ok("root", &[])),
        (
            "374 disp dispatch /foo returns the redirect (308)",
            get("/foo"),
            redirect("http://h/foo/"),
        ),
        ("376 disp dispatch /bar NotFound", get("/bar"), NOT_FOUND),
    ] {
        t.check_match(case, &a, &input, &expected);
    }
    // departure 16: the redirect status is configured on the map (Werkzeug: e.code = 307).
    let m307 = build_map(
        "377 redirect status 307",
        with_rules(
            Map::builder().redirect_status(StatusCode::TEMPORARY_REDIRECT),
            vec![r("/foo/", "foo")],
        ),
    );
    t.check_match(
        "377 redirect with status 307 (departure 16)",
        &m307.bind("h", "/"),
        &get("/foo"),
        &Expect::Redirect(307, "http://h/foo/".to_string()),
    );
    t.finish();
}
