//! shortly through the test client: the pages, the redirects, the API, the 404s.

use stellwerk::test::Client;

use crate::store::MemoryStore;
use crate::views::{ApiError, ApiLink};

fn client() -> Client<stellwerk::app::App> {
    Client::new(super::app(MemoryStore::shared()))
}

#[tokio::test]
async fn form_page_posts_to_itself() {
    let page = client().get("/").send().await;
    assert_eq!(page.status(), 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let text = page.text();
    assert!(text.contains("<form action=\"/\" method=post>"), "{text}");
    assert!(!text.contains("Recent links"), "no links yet: {text}");
}

#[tokio::test]
async fn shorten_follow_and_count_clicks() {
    let client = client();
    let created = client
        .post("/")
        .form(&[("url", "https://example.com/docs?a=1&b=2")])
        .send()
        .await;
    assert_eq!(
        (created.status().as_u16(), created.location()),
        (303, Some("/100+"))
    );

    let details = client.get("/100+").send().await;
    assert_eq!(details.status(), 200);
    let text = details.text();
    assert!(
        text.contains("<a href=\"http://localhost/100\">http://localhost/100</a>"),
        "{text}"
    );
    assert!(
        text.contains("https://example.com/docs?a=1&amp;b=2"),
        "escaped &: {text}"
    );
    assert!(text.contains("<dt>Clicks<dd>0"), "{text}");

    for _ in 0..2 {
        let hop = client.get("/100").send().await;
        assert_eq!(
            (hop.status().as_u16(), hop.location()),
            (302, Some("https://example.com/docs?a=1&b=2"))
        );
    }
    assert!(
        client
            .get("/100+")
            .send()
            .await
            .text()
            .contains("<dt>Clicks<dd>2")
    );

    // The same URL again: the same link. The form page lists it, linking its details.
    let again = client
        .post("/")
        .form(&[("url", "https://example.com/docs?a=1&b=2")])
        .send()
        .await;
    assert_eq!(again.location(), Some("/100+"));
    let form = client.get("/").send().await.text();
    assert!(form.contains("<li><a href=\"/100+\">100</a>"), "{form}");
}

#[tokio::test]
async fn invalid_urls_show_the_form_again_escaped() {
    let client = client();
    for (input, error) in [
        ("", "Please enter a URL."),
        (
            "example.com",
            "Only http:// and https:// URLs can be shortened.",
        ),
        ("\"><script>alert(1)</script>", "That is not a valid URL."),
    ] {
        let response = client.post("/").form(&[("url", input)]).send().await;
        assert_eq!(response.status(), 400, "{input:?}");
        let text = response.text();
        assert!(
            text.contains(&format!("<p class=error>{error}</p>")),
            "{input:?}: {text}"
        );
        assert!(!text.contains("<script>"), "{input:?} is escaped: {text}");
    }
    let text = client
        .post("/")
        .form(&[("url", "\"><script>")])
        .send()
        .await
        .text();
    assert!(text.contains("value=\"&#34;&gt;&lt;script&gt;\""), "{text}");
    // A form without the field is the Form extractor's 400; a body that is no form, 415.
    assert_eq!(
        client
            .post("/")
            .form(&[("link", "x")])
            .send()
            .await
            .status(),
        400
    );
    assert_eq!(client.post("/").body("url=x").send().await.status(), 415);
}

#[tokio::test]
async fn custom_404_page_and_405() {
    let client = client();
    for path in ["/nope", "/nope+", "/a/b/c"] {
        let response = client.get(path).send().await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(
            response.text().contains("There is no link at <code>"),
            "{path}: {}",
            response.text()
        );
    }
    let text = client.get("/%3Cb%3E").send().await.text();
    assert!(text.contains("<code>/&lt;b&gt;</code>"), "{text}");
    let wrong = client.delete("/").send().await;
    assert_eq!(
        (wrong.status().as_u16(), wrong.header("allow")),
        (405, Some("GET, HEAD, OPTIONS, POST"))
    );
}

#[tokio::test]
async fn json_api() {
    let client = client();
    let created = client
        .post("/api/links")
        .json(&serde_json::json!({"url": "https://example.org/x"}))
        .send()
        .await;
    assert_eq!(created.status(), 201, "{}", created.text());
    assert_eq!(created.location(), Some("/api/links/100"));
    let link: ApiLink = created.json();
    assert_eq!(
        link,
        ApiLink {
            short_id: "100".into(),
            target: "https://example.org/x".into(),
            clicks: 0,
            short_url: "http://localhost/100".into(),
            api_url: "/api/links/100".into(),
        }
    );
    client.get("/100").send().await;
    let fetched: ApiLink = client.get("/api/links/100").send().await.json();
    assert_eq!(fetched.clicks, 1);

    let refused = client
        .post("/api/links")
        .json(&serde_json::json!({"url": "mailto:a@b"}))
        .send()
        .await;
    assert_eq!(refused.status(), 400);
    assert_eq!(
        refused.json::<ApiError>().error,
        "Only http:// and https:// URLs can be shortened."
    );
    assert_eq!(
        client
            .post("/api/links")
            .form(&[("url", "https://example.org")])
            .send()
            .await
            .status(),
        415
    );
    assert_eq!(
        client
            .post("/api/links")
            .header("content-type", "application/json")
            .body("{")
            .send()
            .await
            .status(),
        400
    );

    for path in ["/api/links/zzz", "/api/nothing"] {
        let missing = client.get(path).send().await;
        assert_eq!(missing.status(), 404, "{path}");
        assert!(!missing.json::<ApiError>().error.is_empty(), "{path}");
    }
}

#[tokio::test]
async fn links_carry_the_script_root() {
    // Served under `/s` (a proxy strips it, as a WSGI server sets SCRIPT_NAME): every URL the
    // app renders puts it back, through the typed builders.
    let config = stellwerk::wrappers::RequestConfig::default().script_root("/s");
    let client = Client::new(super::app_with(MemoryStore::shared(), config));
    let created = client
        .post("/")
        .form(&[("url", "https://example.com/")])
        .send()
        .await;
    assert_eq!(created.location(), Some("/s/100+"));
    let form = client.get("/").send().await.text();
    assert!(form.contains("<form action=\"/s/\" method=post>"), "{form}");
    let link: ApiLink = client.get("/api/links/100").send().await.json();
    assert_eq!(
        (link.short_url.as_str(), link.api_url.as_str()),
        ("http://localhost/s/100", "/s/api/links/100")
    );
    let missing = client.get("/nope").send().await.text();
    assert!(missing.contains("<a href=\"/s/\">shortly</a>"), "{missing}");
}
