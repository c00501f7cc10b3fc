//! Reference vectors L: building with hosts, script_name, force_external, url_scheme.
//!
//! Not ported (Python-only): none.

mod common;
use common::*;

fn bb() -> Map {
    map(
        "bb",
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
    )
}

#[test]
fn basic_building() {
    let m = bb();
    let blah = m.bind("example.org", "/").subdomain("blah");
    let test = m.bind("example.org", "/test").subdomain("blah");
    let plain = m.bind("example.org", "/");
    let no_scheme = m.bind("example.org", "/").url_scheme("");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "565 bb build foo from subdomain blah",
            &blah,
            build("foo", vec![]),
            Url::Is("http://example.org/foo"),
        ),
        (
            "566 bb build bar",
            &blah,
            build("bar", vec![("baz", s("blub"))]),
            Url::Is("http://example.org/bar/blub"),
        ),
        (
            "568 bb build barf 0.815",
            &blah,
            build("barf", vec![("bazf", Value::Float(0.815))]),
            Url::Is("http://example.org/bar/0.815"),
        ),
        (
            "569 bb build barp la/di",
            &blah,
            build("barp", vec![("bazp", s("la/di"))]),
            Url::Is("http://example.org/bar/la/di"),
        ),
        (
            "571 bb build unknown endpoint urks",
            &blah,
            build("urks", vec![]),
            Url::Error("Could not build url for endpoint 'urks'. Did you mean 'ws' instead?"),
        ),
        (
            "572 bb /test build index",
            &test,
            build("index", vec![]),
            Url::Is("http://example.org/test/"),
        ),
        (
            "574 bb /test build barp",
            &test,
            build("barp", vec![("bazp", s("la/di"))]),
            Url::Is("http://example.org/test/bar/la/di"),
        ),
        (
            "575 bb /test build blah on the current subdomain",
            &test,
            build("blah", vec![]),
            Url::Is("/test/hehe"),
        ),
        (
            "577 bb build foo force_external",
            &plain,
            build("foo", vec![]).external(),
            Url::Is("http://example.org/foo"),
        ),
        (
            "578 bb url_scheme '' build foo",
            &no_scheme,
            build("foo", vec![]),
            Url::Is("/foo"),
        ),
        (
            "580 bb url_scheme '' build foo https force_external",
            &no_scheme,
            build("foo", vec![]).scheme("https").external(),
            Url::Is("https://example.org/foo"),
        ),
    ] {
        t.check_build(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn keyword_named_variables() {
    let m = map(
        "self",
        vec![r("/foo/<string:self>", "foo"), r("/k/<string:class>", "k")],
    );
    let a = m.bind("example.org", "/").subdomain("blah");
    let mut t = Table::new();
    for (case, input, expected) in [
        (
            "581 self build foo self=bar",
            build("foo", vec![("self", s("bar"))]),
            Url::Is("http://example.org/foo/bar"),
        ),
        // The setup's second rule has no numbered vector (test_build_url_with_arg_keyword).
        (
            "self (test_build_url_with_arg_keyword) build k class=bar",
            build("k", vec![("class", s("bar"))]),
            Url::Is("http://example.org/k/bar"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn script_name_and_scheme() {
    let m = map("sn", vec![r("/", "i"), r("/x", "x")]);
    let app = m.bind("h", "/app");
    let app_slash = m.bind("h", "/app/");
    let empty = m.bind("h", "");
    let bare = m.bind("h", "app");
    let https = m.bind("h", "/").url_scheme("https");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "583 sn /app build x",
            &app,
            build("x", vec![]),
            Url::Is("/app/x"),
        ),
        (
            "584 sn /app build x force_external",
            &app,
            build("x", vec![]).external(),
            Url::Is("http://h/app/x"),
        ),
        (
            "586 sn /app/ build x force_external",
            &app_slash,
            build("x", vec![]).external(),
            Url::Is("http://h/app/x"),
        ),
        (
            "587 sn '' build x",
            &empty,
            build("x", vec![]),
            Url::Is("/x"),
        ),
        // departure 15: script_name gets one leading and one trailing slash; Werkzeug
        // builds "app/x".
        (
            "589 sn 'app' build x (departure 15)",
            &bare,
            build("x", vec![]),
            Url::Is("/app/x"),
        ),
        // departure 15; Werkzeug builds "http://happ/x".
        (
            "590 sn 'app' build x force_external (departure 15)",
            &bare,
            build("x", vec![]).external(),
            Url::Is("http://h/app/x"),
        ),
        (
            "592 sn https bind, build with url_scheme http",
            &https,
            build("x", vec![]).external().scheme("http"),
            Url::Is("http://h/x"),
        ),
        (
            "593 sn https bind, url_scheme ftp becomes http",
            &https,
            build("x", vec![]).external().scheme("ftp"),
            Url::Is("http://h/x"),
        ),
    ] {
        t.check_build(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn protocol_joining() {
    let m = map("proto", vec![r("/<foo>", "x")]);
    let a = m.bind("example.org", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        (
            "595 proto build x:y",
            build("x", vec![("foo", s("x:y"))]),
            Url::Is("/x:y"),
        ),
        (
            "596 proto build x:y force_external",
            build("x", vec![("foo", s("x:y"))]).external(),
            Url::Is("http://example.org/x:y"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}
