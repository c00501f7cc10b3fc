//! The interpreted router: build a `Map`, match a few requests, build a few URLs.
//!
//! Run with `cargo run --example routing`.

use http::Method;
use stellwerk::routing::{Allowed, BuildOptions, Map, Match, RoutingError, Rule, Submount, Value};

fn show(label: &str, result: Result<Match, RoutingError>) {
    match result {
        Ok(m) => {
            let args: Vec<String> = m.args.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
            println!("{label:<34} -> {} [{}]", m.endpoint, args.join(", "));
        }
        Err(RoutingError::MethodNotAllowed { allowed }) => {
            let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
            println!("{label:<34} -> 405, Allow: {}", names.join(", "));
        }
        Err(RoutingError::Redirect { location, status }) => {
            println!("{label:<34} -> {} to {location}", status.as_u16());
        }
        Err(other) => println!("{label:<34} -> {} ({other})", other.status().as_u16()),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let map = Map::builder()
        .rule(Rule::new("/").endpoint("index"))
        .rule(
            Rule::new("/users/")
                .endpoint("users")
                .defaults([("page", 1)]),
        )
        .rule(Rule::new("/users/page/<int(min=1):page>").endpoint("users"))
        // A converter that rejects makes the matcher try the next rule (`/3` below).
        .rule(Rule::new("/<int(min=5):n>").endpoint("big_number"))
        .rule(Rule::new("/<name>").endpoint("page"))
        .rule(Rule::new("/files/<path:file>").endpoint("file"))
        .rule(Rule::new("/api/v<int:major>.<int:minor>/status").endpoint("status"))
        .rule(
            Rule::new("/posts/<uuid:id>")
                .endpoint("post")
                .methods(["GET", "DELETE"]),
        )
        .add(Submount::new("/admin").rule(Rule::new("/settings/").endpoint("admin.settings")))
        .build()?;

    let urls = map.bind("example.com", "/");
    let get = Method::GET;
    show("GET /", urls.match_path("/", &get));
    show("GET /users/page/2", urls.match_path("/users/page/2", &get));
    show(
        "GET /users/page/1 (defaults)",
        urls.match_path("/users/page/1", &get),
    );
    show(
        "GET /admin/settings (slash)",
        urls.match_path("/admin/settings", &get),
    );
    show("GET /7", urls.match_path("/7", &get));
    show("GET /3 (converter fallback)", urls.match_path("/3", &get));
    show("GET /caf%C3%A9", urls.match_path("/caf%C3%A9", &get));
    show(
        "GET /files/a%2Fb/c.txt",
        urls.match_path("/files/a%2Fb/c.txt", &get),
    );
    show(
        "GET /api/v1.2/status",
        urls.match_path("/api/v1.2/status", &get),
    );
    let post = "/posts/a8098c1a-f86e-11da-bd1a-00112444be1e";
    show("GET /posts/<uuid>", urls.match_path(post, &get));
    show("PUT /posts/<uuid>", urls.match_path(post, &Method::PUT));
    show(
        "GET /users//page/2 (merge slashes)",
        urls.match_path("/users//page/2", &get),
    );
    show("GET /%FF (not UTF-8)", urls.match_path("/%FF", &get));
    match urls.allowed_methods(post) {
        Allowed::Methods(methods) => println!("allowed methods of {post}: {methods:?}"),
        other => println!("allowed methods of {post}: {other:?}"),
    }

    println!();
    println!("{}", urls.build("users", &[("page", 1.into())])?);
    println!(
        "{}",
        urls.build("users", &[("page", 3.into()), ("sort", "name desc".into())])?
    );
    println!("{}", urls.build("page", &[("name", "a/b c".into())])?);
    println!(
        "{}",
        urls.build("file", &[("file", "docs/read me.txt".into())])?
    );
    println!(
        "{}",
        urls.build_with(
            "status",
            &[("major", 2.into()), ("minor", 0.into())],
            BuildOptions {
                force_external: true,
                anchor: Some("top".into()),
                ..Default::default()
            },
        )?
    );
    match urls.build("users", &[("page", Value::Int(0))]) {
        Ok(url) => println!("unexpected: {url}"),
        Err(e) => println!("build error: {e}"),
    }
    Ok(())
}
