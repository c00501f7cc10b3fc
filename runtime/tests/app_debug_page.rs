//! The App's debug page for a panicking handler: shown only in debug mode, with the panic
//! message, the backtrace, the matched route and the request, all escaped, credentials
//! masked.
#![cfg(all(feature = "server", feature = "json", feature = "multipart"))]

use stellwerk_runtime::app::{App, Handlers};
use stellwerk_runtime::extract::PathValues;
use stellwerk_runtime::routing::{Map, Rule};
use stellwerk_runtime::test::Client;

fn app(debug: bool) -> App {
    let map = Map::builder()
        .rule(Rule::new("/boom/<name>").endpoint("boom"))
        .build()
        .unwrap();
    let handlers = Handlers::new().on("boom", |values: PathValues| async move {
        let name = values
            .get("name")
            .map(ToString::to_string)
            .unwrap_or_default();
        if !name.is_empty() {
            panic!("<script>alert(1)</script> for {name}");
        }
        "unreachable for a non-empty name"
    });
    App::new()
        .mount_map("/api", map, handlers)
        .debug(debug)
        .build()
        .unwrap()
}

async fn panicking_request(debug: bool) -> (u16, Option<String>, String) {
    let response = Client::new(app(debug))
        .get("/api/boom/%3Cscript%3Ex?q=%3Cscript%3E")
        .header("authorization", "Bearer top-secret-token")
        .header("cookie", "session=cookie-secret")
        .header("x-trace", "<b>trace-me</b>")
        .send()
        .await;
    let content_type = response.header("content-type").map(str::to_owned);
    (response.status().as_u16(), content_type, response.text())
}

#[tokio::test]
async fn debug_mode_shows_message_route_request_escaped_and_masked() {
    let (status, content_type, page) = panicking_request(true).await;
    assert_eq!(status, 500);
    assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
    for (what, expected) in [
        (
            "message, escaped, with the decoded path value",
            "&lt;script&gt;alert(1)&lt;/script&gt; for &lt;script&gt;x",
        ),
        ("endpoint", "<tr><th>endpoint<td>boom"),
        ("rule with mount prefix, escaped", "/api/boom/&lt;name&gt;"),
        ("method", "<tr><th>method<td>GET"),
        ("URL", "/api/boom/%3Cscript%3Ex?q=%3Cscript%3E"),
        ("authorization masked", "<tr><th>authorization<td>[masked]"),
        ("cookie masked", "<tr><th>cookie<td>[masked]"),
        ("other header escaped", "&lt;b&gt;trace-me&lt;/b&gt;"),
        ("backtrace section", "<h2>Backtrace</h2>"),
        ("form note", "Form fields are not shown"),
    ] {
        assert!(
            page.contains(expected),
            "{what}: {expected:?} missing in\n{page}"
        );
    }
    for (what, leaked) in [
        ("raw script tag", "<script"),
        ("authorization value", "top-secret-token"),
        ("cookie value", "cookie-secret"),
        ("raw header markup", "<b>"),
    ] {
        assert!(
            !page.contains(leaked),
            "{what} leaked: {leaked:?} in\n{page}"
        );
    }
}

#[cfg(feature = "server")]
#[tokio::test]
async fn debug_mode_captures_location_and_backtrace() {
    let (_, _, page) = panicking_request(true).await;
    assert!(
        page.contains("app_debug_page.rs"),
        "location or frame missing:\n{page}"
    );
    assert!(
        page.contains("<pre class=trace>"),
        "backtrace missing:\n{page}"
    );
}

#[tokio::test]
async fn non_debug_mode_shows_nothing_of_it() {
    let (status, _, page) = panicking_request(false).await;
    assert_eq!(status, 500);
    for (what, hidden) in [
        ("message", "alert(1)"),
        ("escaped message", "&lt;script"),
        ("route", "boom"),
        ("rule", "&lt;name&gt;"),
        ("URL", "%3Cscript%3E"),
        ("authorization header", "authorization"),
        ("authorization value", "top-secret-token"),
        ("backtrace", "Backtrace"),
        ("header", "trace-me"),
    ] {
        assert!(
            !page.contains(hidden),
            "{what} shown outside debug mode: {hidden:?} in\n{page}"
        );
    }
}

#[tokio::test]
async fn debug_is_off_by_default() {
    let app = App::new().build().unwrap();
    assert!(!app.is_debug());
}

mod form_fields {
    //! The form a panicking handler had read, listed on the debug page.

    use stellwerk_runtime::app::{App, Handlers};
    use stellwerk_runtime::routing::{Map, Rule};
    use stellwerk_runtime::test::{Client, FilePart};
    use stellwerk_runtime::wrappers::Request;

    fn app(debug: bool) -> App {
        let map = Map::builder()
            .rule(Rule::new("/read").endpoint("read").methods(["POST"]))
            .rule(Rule::new("/unread").endpoint("unread").methods(["POST"]))
            .build()
            .unwrap();
        let handlers = Handlers::new()
            .on("read", |mut request: Request| async move {
                let fields = request.form().await.map(|f| f.len()).unwrap_or(0);
                // Always true; the `if` only gives the closure a response type.
                if request.method() == "POST" {
                    panic!("read {fields} fields");
                }
                "not a POST"
            })
            .on("unread", |request: Request| async move {
                if request.method() == "POST" {
                    panic!("never read the body");
                }
                "not a POST"
            });
        App::new()
            .mount_map("/", map, handlers)
            .debug(debug)
            .build()
            .unwrap()
    }

    const SCRIPT: &str = "<script>alert('x')</script>";

    async fn post_form(debug: bool, path: &str) -> (u16, String) {
        let long = "z".repeat(3000);
        let response = Client::new(app(debug))
            .post(path)
            .form(&[
                ("name", "Ada & Grace"),
                ("comment", SCRIPT),
                ("<b>field</b>", "plain"),
                ("essay", long.as_str()),
            ])
            .send()
            .await;
        (response.status().as_u16(), response.text())
    }

    #[tokio::test]
    async fn a_read_form_is_listed_escaped_and_cut() {
        let (status, page) = post_form(true, "/read").await;
        assert_eq!(status, 500);
        for (what, expected) in [
            ("message", "read 4 fields"),
            ("plain field", "<tr><th>name<td>Ada &amp; Grace"),
            (
                "script value escaped",
                "<tr><th>comment<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
            ),
            (
                "field name escaped",
                "<tr><th>&lt;b&gt;field&lt;/b&gt;<td>plain",
            ),
            ("long value cut", "[cut after 1024 of 3000 bytes]"),
        ] {
            assert!(
                page.contains(expected),
                "{what}: {expected:?} missing in\n{page}"
            );
        }
        assert!(!page.contains("<script"), "raw script tag in\n{page}");
        assert!(!page.contains("<b>field"), "raw field name in\n{page}");
        assert!(
            !page.contains(&"z".repeat(1025)),
            "the long value was not cut"
        );
        assert!(
            !page.contains("Form fields are not shown"),
            "note shown although the form was read"
        );
    }

    #[tokio::test]
    async fn an_unread_form_gets_the_note() {
        let (status, page) = post_form(true, "/unread").await;
        assert_eq!(status, 500);
        assert!(
            page.contains("the handler did not read the body"),
            "note missing in\n{page}"
        );
        for (what, hidden) in [("value", "Ada &amp; Grace"), ("name", "comment")] {
            assert!(
                !page.contains(hidden),
                "{what} shown: {hidden:?} in\n{page}"
            );
        }
    }

    #[tokio::test]
    async fn outside_debug_mode_no_field_is_shown() {
        for path in ["/read", "/unread"] {
            let (status, page) = post_form(false, path).await;
            assert_eq!(status, 500, "{path}");
            for (what, hidden) in [
                ("value", "Ada"),
                ("escaped script", "&lt;script"),
                ("script", "<script"),
                ("long value", "zzzz"),
                ("form section", "Form"),
                ("panic message", "fields"),
            ] {
                assert!(
                    !page.contains(hidden),
                    "{path}: {what} shown outside debug mode: {hidden:?} in\n{page}"
                );
            }
        }
    }

    #[tokio::test]
    async fn multipart_files_are_described_without_contents() {
        let response = Client::new(app(true))
            .post("/read")
            .multipart(
                &[("title", "<i>report</i>")],
                &[FilePart::new("doc", "<evil>.txt", "SECRET-FILE-CONTENTS")
                    .content_type("text/plain")],
            )
            .send()
            .await;
        assert_eq!(response.status(), 500);
        let page = response.text();
        for (what, expected) in [
            ("text field", "<tr><th>title<td>&lt;i&gt;report&lt;/i&gt;"),
            (
                "file row",
                "<tr><td>doc<td>&lt;evil&gt;.txt<td>text/plain<td>20 bytes",
            ),
        ] {
            assert!(
                page.contains(expected),
                "{what}: {expected:?} missing in\n{page}"
            );
        }
        for (what, hidden) in [
            ("file contents", "SECRET-FILE-CONTENTS"),
            ("raw file name", "<evil>"),
            ("raw field markup", "<i>"),
        ] {
            assert!(
                !page.contains(hidden),
                "{what} shown: {hidden:?} in\n{page}"
            );
        }
    }

    #[tokio::test]
    async fn a_form_that_failed_to_parse_says_why() {
        let response = Client::new(app(true))
            .post("/read")
            .header("content-type", "multipart/form-data; boundary=xyz")
            .body("not a multipart body")
            .send()
            .await;
        assert_eq!(response.status(), 500);
        let page = response.text();
        assert!(
            page.contains("The form could not be parsed: 400 Bad Request"),
            "parse error missing in\n{page}"
        );
    }
}
