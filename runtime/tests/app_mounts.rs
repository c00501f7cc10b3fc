//! Mounts under prefixes, hosts and subdomains; state; URL building through the app and
//! the request (mount prefix, script root, absolute URLs, trusted proxies).
#![cfg(feature = "server")]

use stellwerk_runtime::app::{App, Handlers, MountPoint, RequestContext};
use stellwerk_runtime::extract::UrlFor;
use stellwerk_runtime::routing::{Map, Rule};
use stellwerk_runtime::test::Client;
use stellwerk_runtime::wrappers::RequestConfig;

fn echo_map(label: &'static str) -> (Map, Handlers) {
    let map = Map::builder()
        .rule(Rule::new("/").endpoint("index"))
        .rule(Rule::new("/page/<int:n>").endpoint("page"))
        .build()
        .unwrap();
    let handlers = Handlers::new()
        .on("index", move || async move { label })
        .on("page", move |cx: RequestContext| async move {
            format!(
                "{label} {} next={} other={}",
                cx.mount_prefix(),
                cx.url_for("page", &[("n", 2.into())]).unwrap(),
                cx.url_for("about", &[]).unwrap_or_else(|e| e.to_string()),
            )
        });
    (map, handlers)
}

fn app() -> App {
    let (root, root_h) = echo_map("root");
    let (docs, docs_h) = echo_map("docs");
    let (deep, deep_h) = echo_map("deep");
    let (api, api_h) = echo_map("api");
    let (shop, shop_h) = echo_map("shop");
    let about = Map::builder()
        .rule(Rule::new("/about").endpoint("about"))
        .build()
        .unwrap();
    let status = Map::builder()
        .rule(Rule::new("/status").endpoint("status"))
        .build()
        .unwrap();
    App::new()
        .server_name("example.com")
        .mount_map("/", root, root_h)
        .mount_map("/docs", docs, docs_h)
        .mount_map("/docs/v2/", deep, deep_h)
        .mount_map(MountPoint::new("/").host("api.example.org"), api, api_h)
        .mount_map(MountPoint::new("/").subdomain("shop"), shop, shop_h)
        .mount_map(
            "/info",
            about,
            Handlers::new().on("about", || async { "about" }),
        )
        .mount_map(
            MountPoint::new("/v1").host("api.example.org"),
            status,
            Handlers::new().on("status", |urls: UrlFor| async move {
                urls.url_for("status", &[]).unwrap()
            }),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn longest_prefix_first_then_hosts() {
    let app = app();
    for (base, path, body) in [
        ("http://example.com", "/", "root"),
        ("http://example.com", "/docs/", "docs"),
        ("http://example.com", "/docs/v2/", "deep"),
        ("http://example.com", "/docsx", ""),
        ("http://api.example.org", "/", "api"),
        ("http://API.example.org:8080", "/", "api"),
        ("http://shop.example.com", "/", "shop"),
        ("http://other.example.com", "/", "root"),
        ("http://example.com", "/info/about", "about"),
        // The host-restricted mount answers first on its host, but falls through to the
        // unrestricted mounts for paths it does not know.
        ("http://api.example.org", "/info/about", "about"),
    ] {
        let client = Client::new(app.clone()).base_url(base);
        let response = client.get(path).send().await;
        if body.is_empty() {
            assert_eq!(response.status(), 404, "{base}{path}");
        } else {
            assert_eq!(response.text(), body, "{base}{path}");
        }
    }
}

#[tokio::test]
async fn urls_carry_the_mount_prefix_and_the_host_when_it_differs() {
    let app = app();
    for (base, path, body) in [
        (
            "http://example.com",
            "/page/1",
            "root  next=/page/2 other=/info/about",
        ),
        (
            "http://example.com",
            "/docs/v2/page/1",
            "deep /docs/v2 next=/docs/v2/page/2 other=/info/about",
        ),
        (
            "http://api.example.org",
            "/page/1",
            "api  next=/page/2 other=/info/about",
        ),
    ] {
        let client = Client::new(app.clone()).base_url(base);
        assert_eq!(client.get(path).send().await.text(), body, "{base}{path}");
    }
    // Outside a request: mount order decides, the first mount with the endpoint builds.
    assert_eq!(app.url_for("page", &[("n", 7.into())]).unwrap(), "/page/7");
    assert_eq!(
        app.url_for("about", &[("x", "1".into())]).unwrap(),
        "/info/about?x=1"
    );
    // An endpoint that lives on another host is absolute.
    assert_eq!(
        app.url_for("status", &[]).unwrap(),
        "http://api.example.org/v1/status"
    );
    let on_api = Client::new(app.clone()).base_url("http://api.example.org");
    assert_eq!(on_api.get("/v1/status").send().await.text(), "/v1/status");
    let err = app.url_for("nowhere", &[]).unwrap_err();
    assert!(err.to_string().contains("No mounted map"), "{err}");
}

#[tokio::test]
async fn script_root_and_external_urls() {
    let map = Map::builder()
        .rule(Rule::new("/u/<int:id>").endpoint("user"))
        .rule(Rule::new("/dir/").endpoint("dir"))
        .build()
        .unwrap();
    let handlers = Handlers::new()
        .on("user", |urls: UrlFor| async move {
            format!(
                "{} {}",
                urls.url_for("user", &[("id", 1.into())]).unwrap(),
                urls.external("user", &[("id", 1.into())]).unwrap()
            )
        })
        .on("dir", || async { "dir" });
    let app = App::new()
        .config(RequestConfig::default().script_root("/site"))
        .mount_map("/m", map, handlers)
        .build()
        .unwrap();
    let client = Client::new(app.clone()).base_url("https://example.com:8443");
    let response = client.get("/site/m/u/5").send().await;
    assert_eq!(
        response.text(),
        "/site/m/u/1 https://example.com:8443/site/m/u/1"
    );
    // The slash redirect keeps the script root, the prefix, the port and the query.
    let redirect = client.get("/site/m/dir?a=b").send().await;
    assert_eq!(redirect.status(), 308);
    assert_eq!(
        redirect.header("location"),
        Some("https://example.com:8443/site/m/dir/?a=b")
    );
    assert_eq!(
        app.url_for("user", &[("id", 2.into())]).unwrap(),
        "/site/m/u/2"
    );
}

#[cfg(feature = "server")]
#[tokio::test]
async fn forwarded_headers_count_only_with_proxy_fix() {
    let build = |trusted: Option<usize>| {
        let map = Map::builder()
            .rule(Rule::new("/u").endpoint("user"))
            .rule(Rule::new("/dir/").endpoint("dir"))
            .build()
            .unwrap();
        let handlers = Handlers::new()
            .on("user", |urls: UrlFor| async move {
                urls.external("user", &[]).unwrap()
            })
            .on("dir", || async { "dir" });
        let builder = App::new().mount_map("/", map, handlers);
        match trusted {
            Some(n) => builder.proxy_fix(n),
            None => builder,
        }
        .build()
        .unwrap()
    };
    for (trusted, expected_url, expected_redirect) in [
        (None, "http://localhost/u", "http://localhost/dir/"),
        (
            Some(1),
            "https://public.example/prefix/u",
            "https://public.example/prefix/dir/",
        ),
    ] {
        let client = Client::new(build(trusted));
        let send = |path: &'static str| {
            client
                .get(path)
                .header("x-forwarded-proto", "https")
                .header("x-forwarded-host", "public.example")
                .header("x-forwarded-prefix", "/prefix")
                .send()
        };
        assert_eq!(send("/u").await.text(), expected_url, "trusted {trusted:?}");
        assert_eq!(
            send("/dir").await.header("location"),
            Some(expected_redirect),
            "trusted {trusted:?}"
        );
    }
}

#[tokio::test]
async fn untrusted_hosts_are_400() {
    let (map, handlers) = echo_map("x");
    let app = App::new()
        .config(RequestConfig::default().trusted_hosts(["example.com"]))
        .mount_map("/", map, handlers)
        .build()
        .unwrap();
    let ok = Client::new(app.clone())
        .base_url("http://example.com")
        .get("/")
        .send()
        .await;
    assert_eq!(ok.text(), "x");
    let bad = Client::new(app)
        .base_url("http://evil.example")
        .get("/")
        .send()
        .await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().contains("not trusted"));
}

#[tokio::test]
async fn maps_with_subdomain_rules_use_the_server_name() {
    let map = Map::builder()
        .rule(Rule::new("/").endpoint("home"))
        .rule(Rule::new("/").subdomain("<user>").endpoint("user_home"))
        .build()
        .unwrap();
    let handlers = Handlers::new()
        .on("home", |urls: UrlFor| async move {
            format!(
                "home, ada at {}",
                urls.url_for("user_home", &[("user", "ada".into())])
                    .unwrap()
            )
        })
        .on(
            "user_home",
            |v: stellwerk_runtime::extract::PathValues| async move {
                format!("home of {}", v.text("user").unwrap())
            },
        );
    let app = App::new()
        .server_name("example.com")
        .mount_map("/", map, handlers)
        .build()
        .unwrap();
    for (base, body) in [
        ("http://example.com", "home, ada at http://ada.example.com/"),
        ("http://ada.example.com", "home of ada"),
        ("http://Bob.Example.com", "home of bob"),
    ] {
        let response = Client::new(app.clone())
            .base_url(base)
            .get("/")
            .send()
            .await;
        assert_eq!(response.text(), body, "{base}");
    }
}
