//! `AppBuilder::static_files`: a directory served by tower-http's ServeDir under a prefix.

#![cfg(feature = "static-files")]

use std::path::PathBuf;

use stellwerk_runtime::app::{App, Handlers};
use stellwerk_runtime::routing::{Map, Rule};
use stellwerk_runtime::test::Client;

/// A fresh directory tree: `root/secret.txt` outside the served `root/public`.
struct Tree {
    root: PathBuf,
}

impl Tree {
    fn new(name: &str) -> Tree {
        let root = std::env::temp_dir().join(format!(
            "stellwerk-app-static-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("public/sub")).unwrap();
        std::fs::write(root.join("secret.txt"), "TOP-SECRET").unwrap();
        std::fs::write(root.join("public/hello.txt"), "hello, world").unwrap();
        std::fs::write(root.join("public/style.css"), "body{color:red}").unwrap();
        std::fs::write(root.join("public/sub/index.html"), "<p>index</p>").unwrap();
        Tree { root }
    }

    fn public(&self) -> PathBuf {
        self.root.join("public")
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn app(tree: &Tree) -> App {
    let map = Map::builder()
        .rule(Rule::new("/").endpoint("index"))
        .rule(Rule::new("/static/generated.txt").endpoint("generated"))
        .build()
        .unwrap();
    let api = Map::builder()
        .rule(Rule::new("/hello.txt").endpoint("api"))
        .build()
        .unwrap();
    App::new()
        .mount_map(
            "/",
            map,
            Handlers::new()
                .on("index", || async { "route index" })
                .on("generated", || async { "from a route" }),
        )
        .mount_map(
            "/static/api",
            api,
            Handlers::new().on("api", || async { "longer route mount" }),
        )
        .static_files("/static", tree.public())
        .build()
        .unwrap()
}

#[tokio::test]
async fn files_are_served_with_their_content_type() {
    let tree = Tree::new("types");
    let client = Client::new(app(&tree));
    for (path, content_type, body) in [
        ("/static/hello.txt", "text/plain", "hello, world"),
        ("/static/style.css", "text/css", "body{color:red}"),
        ("/static/sub/", "text/html", "<p>index</p>"),
        ("/static/sub/index.html", "text/html", "<p>index</p>"),
    ] {
        let response = client.get(path).send().await;
        assert_eq!(response.status(), 200, "{path}");
        let got = response.header("content-type").unwrap_or_default();
        assert!(got.starts_with(content_type), "{path}: {got}");
        assert_eq!(response.text(), body, "{path}");
    }
}

#[tokio::test]
async fn mounts_are_tried_by_prefix_and_missing_files_fall_through() {
    let tree = Tree::new("order");
    let client = Client::new(app(&tree));
    for (path, status, body) in [
        // A route mount with a longer prefix goes first.
        ("/static/api/hello.txt", 200, Some("longer route mount")),
        // A missing file lets the shorter route mount try...
        ("/static/generated.txt", 200, Some("from a route")),
        // ...which knows nothing of this one.
        ("/static/missing.txt", 404, None),
        ("/", 200, Some("route index")),
    ] {
        let response = client.get(path).send().await;
        assert_eq!(response.status(), status, "{path}");
        if let Some(body) = body {
            assert_eq!(response.text(), body, "{path}");
        }
    }
}

#[tokio::test]
async fn traversal_never_reaches_a_file_outside() {
    let tree = Tree::new("traversal");
    let client = Client::new(app(&tree));
    for path in [
        "/static/../secret.txt",
        "/static/sub/../../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/..%5csecret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/sub/%2e%2e/%2e%2e/secret.txt",
    ] {
        let response = client.get(path).send().await;
        let status = response.status().as_u16();
        assert!(matches!(status, 400 | 404), "{path}: {status}");
        assert!(
            !response.text().contains("TOP-SECRET"),
            "{path} leaked the file"
        );
    }
}

#[tokio::test]
async fn head_range_and_conditional_requests() {
    let tree = Tree::new("http");
    let client = Client::new(app(&tree));

    let head = client.head("/static/hello.txt").send().await;
    assert_eq!(head.status(), 200);
    assert_eq!(head.header("content-length"), Some("12"));
    assert_eq!(head.text(), "", "HEAD has no body");

    let range = client
        .get("/static/hello.txt")
        .header("range", "bytes=0-4")
        .send()
        .await;
    assert_eq!(range.status(), 206);
    assert_eq!(range.text(), "hello");
    assert_eq!(range.header("content-range"), Some("bytes 0-4/12"));

    let full = client.get("/static/hello.txt").send().await;
    let modified = full.header("last-modified").unwrap().to_owned();
    let again = client
        .get("/static/hello.txt")
        .header("if-modified-since", modified.as_str())
        .send()
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.text(), "");
}

#[tokio::test]
async fn a_directory_without_its_slash_redirects_under_the_prefix() {
    let tree = Tree::new("redirect");
    let response = Client::new(app(&tree)).get("/static/sub").send().await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.header("location"), Some("/static/sub/"));
}

#[tokio::test]
async fn only_get_and_head_are_answered() {
    let tree = Tree::new("methods");
    let response = Client::new(app(&tree))
        .post("/static/hello.txt")
        .send()
        .await;
    // The static mount leaves other methods to the route mounts, which do not know the path.
    assert_eq!(response.status(), 404);
}
