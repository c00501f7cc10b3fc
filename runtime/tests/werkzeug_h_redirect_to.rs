//! Reference vectors H: redirect_to.
//!
//! Not ported (Python-only): none. Werkzeug's `KeyError` crashes (431, 433) become
//! redirects: departure 10 lets placeholders carry converters, and a placeholder naming a
//! default resolves to the default's value, so neither request can crash the server.

mod common;
use common::*;

fn rt() -> Map {
    // Werkzeug's `foo_with_slug(adapter, id)`.
    let foo_with_slug = RedirectTo::function(|_adapter, values| {
        let id = values
            .iter()
            .find(|(name, _)| &**name == "id")
            .map(|(_, v)| v.to_string())
            .unwrap_or_default();
        format!("foo/slug-{id}")
    });
    map(
        "rt",
        vec![
            r("/foo/<slug>", "foo"),
            Rule::new("/some/old/url/<slug>").redirect_to("foo/<slug>"),
            Rule::new("/other/old/url/<int:id>").redirect_to(foo_with_slug),
            Rule::new("/abs/<int:id>").redirect_to("/abs2/<id>"),
            Rule::new("/ext").redirect_to("https://other.test/x?y=1"),
            Rule::new("/typed/<int:id>").redirect_to("/t/<int:id>"),
            Rule::new("/rel/<s>").redirect_to("../up/<s>"),
            Rule::new("/d")
                .defaults([("k", "v")])
                .redirect_to("/dd/<k>"),
            Rule::new("/post/<int:id>")
                .redirect_to("/p/<id>")
                .methods(["POST"]),
        ],
    )
}

#[test]
fn redirect_to_targets() {
    let m = rt();
    let a = m.bind("example.com", "/");
    let app = m.bind("example.com", "/app").url_scheme("https");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        // departure 10: redirect_to keeps the query string; Werkzeug drops it. The path is
        // raw (departure 14): Werkzeug's decoded "a b" is "a%20b".
        (
            "427 rt relative target, converter to_url, query kept (departure 10)",
            &a,
            get("/some/old/url/a%20b").query("q=1"),
            redirect("http://example.com/foo/a%20b?q=1"),
        ),
        (
            "428 rt callable target",
            &a,
            get("/other/old/url/42"),
            redirect("http://example.com/foo/slug-42"),
        ),
        (
            "430 rt absolute target used as is",
            &a,
            get("/ext"),
            redirect("https://other.test/x?y=1"),
        ),
        // departure 10: placeholders may carry converters; Werkzeug raises KeyError 'int:id'.
        (
            "431 rt typed placeholder <int:id> (departure 10)",
            &a,
            get("/typed/3"),
            redirect("http://example.com/t/3"),
        ),
        // Werkzeug raises KeyError 'k' (a crash); the default's value fills the placeholder.
        (
            "433 rt placeholder naming a default",
            &a,
            get("/d"),
            redirect("http://example.com/dd/v"),
        ),
        (
            "434 rt POST-only redirect rule on GET",
            &a,
            get("/post/1"),
            not_allowed(&["POST"]),
        ),
        (
            "436 rt relative target resolves against the script root",
            &app,
            get("/some/old/url/x"),
            redirect("https://example.com/app/foo/x"),
        ),
        (
            "437 rt leading '/' ignores the script root",
            &app,
            get("/abs/7"),
            redirect("https://example.com/abs2/7"),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}
