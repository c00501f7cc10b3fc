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
