//! Reference vectors N: building — rule selection, methods, BuildError.
//!
//! `BuildError.suggested` (683, 685, 686) is Werkzeug's closest rule. stellwerk's
//! [`BuildError`](stellwerk_runtime::routing::BuildError) reports the suggestion as its
//! hint text, so these rows assert the exact message: the suggested endpoint appears as
//! "Did you mean '...' instead?", and no suggestion means no hint.
//! `m.iter_rules(endpoint)` is [`Map::rules_for`], which answers `None` where Werkzeug
//! raises `KeyError`.
//!
//! Not ported (Python-only): none. Setup `clv` has no numbered vector.

use std::borrow::Cow;

mod common;
use common::*;

#[test]
fn method_fallback() {
    let m = map(
        "mf",
        vec![
            r("/", "index").methods(["GET"]),
            r("/<name>", "hello_name").methods(["GET"]),
            r("/select", "hello_select").methods(["POST"]),
            r("/search_get", "search").methods(["GET"]),
            r("/search_post", "search").methods(["POST"]),
        ],
    );
    let a = m.bind("example.com", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        ("655 mf build index", build("index", vec![]), Url::Is("/")),
        (
            "656 mf build index GET",
            build("index", vec![]).method("GET"),
            Url::Is("/"),
        ),
        (
            "658 mf build hello_select (POST-only, no method given)",
            build("hello_select", vec![]),
            Url::Is("/select"),
        ),
        (
            "659 mf build hello_select POST",
            build("hello_select", vec![]).method("POST"),
            Url::Is("/select"),
        ),
        (
            "661 mf build search GET",
            build("search", vec![]).method("GET"),
            Url::Is("/search_get"),
        ),
        (
            "662 mf build search POST",
            build("search", vec![]).method("POST"),
            Url::Is("/search_post"),
        ),
        (
            "664 mf build hello_select GET",
            build("hello_select", vec![]).method("GET"),
            Url::Error(
                "Could not build url for endpoint 'hello_select' ('GET'). Did you mean to use methods ['POST']?",
            ),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn rule_selection_by_arguments() {
    let m = map(
        "sel",
        vec![r("/a", "e"), r("/b/<x>", "e"), r("/c/<x>/<y>", "e")],
    );
    let a = m.bind("h", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        ("665 sel build {}", build("e", vec![]), Url::Is("/a")),
        (
            "667 sel build x=1",
            build("e", vec![("x", int(1))]),
            Url::Is("/b/1"),
        ),
        (
            "668 sel build x=1 append_unknown=False",
            build("e", vec![("x", int(1))]).no_unknown(),
            Url::Is("/b/1"),
        ),
        (
            "670 sel build x=1 y=2 append_unknown=False",
            build("e", vec![("x", int(1)), ("y", int(2))]).no_unknown(),
            Url::Is("/c/1/2"),
        ),
        (
            "671 sel build y=2",
            build("e", vec![("y", int(2))]),
            Url::Is("/a?y=2"),
        ),
        (
            "673 sel build x=1 z=3",
            build("e", vec![("x", int(1)), ("z", int(3))]),
            Url::Is("/b/1?z=3"),
        ),
        (
            "674 sel build x=1 z=3 append_unknown=False",
            build("e", vec![("x", int(1)), ("z", int(3))]).no_unknown(),
            Url::Is("/b/1"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}

/// vbuild's custom "vc" converter: any segment; refuses to build the value "bad".
#[derive(Debug)]
struct RefusesBad;

impl Converter for RefusesBad {
    fn regex(&self) -> Cow<'_, str> {
        "[^/]+".into()
    }

    fn to_value(&self, text: &str) -> Result<Value, ValidationError> {
        Ok(s(text))
    }

    fn to_url(&self, value: &Value) -> Result<String, ValidationError> {
        match value.as_str() {
            Some("bad") => Err(ValidationError::new("'bad' is refused")),
            Some(text) => Ok(text.to_string()),
            None => Err(ValidationError::new("not text")),
        }
    }
}

#[test]
fn converter_validation_while_building() {
    let m = build_map(
        "vbuild",
        with_rules(
            Map::builder().converter("vc", |_args| Ok(Box::new(RefusesBad))),
            vec![r("/v/<vc:x>", "e"), r("/s/<x>", "e")],
        ),
    );
    let a = m.bind("h", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        (
            "676 vbuild build x=ok",
            build("e", vec![("x", s("ok"))]),
            Url::Is("/v/ok"),
        ),
        // No numbered vector; reference §4.1: a ValidationError in to_url makes the next
        // rule of the endpoint try.
        (
            "vbuild (§4.1) build x=bad falls back to the next rule",
            build("e", vec![("x", s("bad"))]),
            Url::Is("/s/bad"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn build_error_messages() {
    let err = map("err", vec![r("/foo/<id>/", "world").methods(["GET"])]);
    let err2 = map("err2", vec![r("/foo/", "world").methods(["GET"])]);
    let cl = map(
        "cl",
        vec![
            r("/foo/", "users.here"),
            r("/wat/", "admin.users"),
            r("/woop", "foo.users"),
        ],
    );
    let clm = map(
        "clm",
        vec![
            r("/post/", "foobar").methods(["POST"]),
            r("/get/", "foobar").methods(["GET"]),
            r("/put/", "foobar").methods(["PUT"]),
        ],
    );
    let empty = build_map("686 empty map", Map::builder());
    let err_a = err.bind("example.com", "/");
    let err2_a = err2.bind("example.com", "/");
    let cl_a = cl.bind("example.com", "/");
    let clm_a = clm.bind("example.com", "/");
    let empty_a = empty.bind("test.com", "/");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "677 err build helloworld",
            &err_a,
            build("helloworld", vec![]),
            Url::Error(
                "Could not build url for endpoint 'helloworld'. Did you mean 'world' instead?",
            ),
        ),
        (
            "679 err build world id=2 POST",
            &err_a,
            build("world", vec![("id", int(2))]).method("POST"),
            Url::Error(
                "Could not build url for endpoint 'world' ('POST') with values ['id']. Did you mean to use methods ['GET', 'HEAD']?",
            ),
        ),
        (
            "680 err2 build urks",
            &err2_a,
            build("urks", vec![]),
            Url::Error("Could not build url for endpoint 'urks'. Did you mean 'world' instead?"),
        ),
        (
            "682 err2 build urks user_id=5",
            &err2_a,
            build("urks", vec![("user_id", int(5))]),
            Url::Error(
                "Could not build url for endpoint 'urks' with values ['user_id']. Did you mean 'world' instead?",
            ),
        ),
        (
            "683 cl closest endpoint to admin.user is admin.users",
            &cl_a,
            build("admin.user", vec![]),
            Url::Error(
                "Could not build url for endpoint 'admin.user'. Did you mean 'admin.users' instead?",
            ),
        ),
        // 685: Werkzeug's suggested rule follows the method ('/post/', '/get/', '/put/');
        // the hint names the endpoint, which is the same for all three.
        (
            "685 clm closest rule for POST",
            &clm_a,
            build("invalid", vec![]).method("POST"),
            Url::Error(
                "Could not build url for endpoint 'invalid' ('POST'). Did you mean 'foobar' instead?",
            ),
        ),
        (
            "685 clm closest rule for GET",
            &clm_a,
            build("invalid", vec![]).method("GET"),
            Url::Error(
                "Could not build url for endpoint 'invalid' ('GET'). Did you mean 'foobar' instead?",
            ),
        ),
        (
            "685 clm closest rule for PUT",
            &clm_a,
            build("invalid", vec![]).method("PUT"),
            Url::Error(
                "Could not build url for endpoint 'invalid' ('PUT'). Did you mean 'foobar' instead?",
            ),
        ),
        (
            "686 empty map: no suggestion",
            &empty_a,
            build("invalid", vec![]),
            Url::Error("Could not build url for endpoint 'invalid'."),
        ),
    ] {
        t.check_build(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn rules_of_an_endpoint_in_build_order() {
    let m = map(
        "iee",
        vec![r("/a/<x>", "e"), r("/b", "e").defaults([("y", 1)])],
    );
    let strings = |endpoint: &str| {
        m.rules_for(endpoint).map(|rules| {
            rules
                .iter()
                .map(|r| r.rule().to_string())
                .collect::<Vec<_>>()
        })
    };
    let mut t = Table::new();
    t.check(
        "688 iee rules_for e in build order",
        strings("e"),
        Some(vec!["/b".to_string(), "/a/<x>".to_string()]),
    );
    // Werkzeug raises KeyError 'nope'.
    t.check("689 iee rules_for unknown endpoint", strings("nope"), None);
    t.finish();
}
