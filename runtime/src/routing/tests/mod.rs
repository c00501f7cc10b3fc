//! Behaviour checks of the interpreted map against a selection of the reference's vectors
//! (sections C–P), written as compact tables. The full port lives in `runtime/tests/`.

use http::Method;

use super::*;

mod priorities;
mod reuse;

/// Summarises a match outcome in the reference's notation.
fn outcome(r: Result<Match, RoutingError>) -> String {
    match r {
        Ok(m) => {
            let args: Vec<String> = m.args.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
            format!("{} {{{}}}", m.endpoint, args.join(", "))
        }
        Err(RoutingError::Redirect { location, status }) => {
            format!("{} {location}", status.as_u16())
        }
        Err(RoutingError::MethodNotAllowed { allowed }) => {
            let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
            format!("405 {names:?}")
        }
        Err(e) => format!("{}", e.status().as_u16()),
    }
}

thread_local! {
    /// One buffer for every lookup of a test thread, so reuse across lookups (strings
    /// overwritten in place, shorter and longer value lists) is exercised by every table.
    static BUFFER: std::cell::RefCell<MatchBuffer> = std::cell::RefCell::new(MatchBuffer::new());
}

/// Matches with [`MapAdapter::match_path`] and checks that [`MapAdapter::match_in`]
/// (reusing a buffer) gives the same outcome.
fn both(a: &MapAdapter, path: &str, method: &Method) -> String {
    let owned = outcome(a.match_path(path, method));
    let borrowed = BUFFER.with(|b| {
        let mut buffer = b.borrow_mut();
        outcome(a.match_in(path, method, &mut buffer).map(|m| m.to_match()))
    });
    assert_eq!(
        owned, borrowed,
        "match_in differs from match_path for {method} {path:?}"
    );
    owned
}

fn get(a: &MapAdapter, path: &str) -> String {
    both(a, path, &Method::GET)
}

fn with(a: &MapAdapter, path: &str, method: &str) -> String {
    both(a, path, &Method::from_bytes(method.as_bytes()).unwrap())
}

fn map(rules: Vec<Rule>) -> Map {
    rules
        .into_iter()
        .fold(Map::builder(), MapBuilder::rule)
        .build()
        .unwrap()
}

fn r(rule: &str, endpoint: &str) -> Rule {
    Rule::new(rule).endpoint(endpoint)
}

#[test]
fn basic_priority_and_paths() {
    let m = map(vec![
        r("/", "index"),
        r("/foo", "foo"),
        r("/bar/", "bar"),
        r("/<int:n>", "int"),
        r("/<x>.json", "json"),
        r("/<x>.<y>", "xy"),
        r("/<x>", "x"),
        r("/a/<x>/c", "axc"),
        r("/a/<path:p>", "ap"),
        r("/<path:p>/edit", "pe"),
        r("/s/<x>", "s"),
        r("/v<int:major>.<int:minor>", "version"),
    ]);
    let a = m.bind("example.org", "/");
    for (path, expected) in [
        ("/", "index {}"),
        ("/foo", "foo {}"),
        ("/bar/", "bar {}"),
        ("/bar", "308 http://example.org/bar/"),
        ("/42", "int {n=Int(42)}"),
        ("/a.json", "json {x=Str(\"a\")}"),
        ("/a.b", "xy {x=Str(\"a\"), y=Str(\"b\")}"),
        ("/zz", "x {x=Str(\"zz\")}"),
        ("/a/b/c", "axc {x=Str(\"b\")}"),
        ("/a/b/d", "ap {p=Str(\"b/d\")}"),
        ("/q/r/edit", "pe {p=Str(\"q/r\")}"),
        ("//foo", "foo {}"),
        ("foo", "foo {}"),
        ("/FOO", "x {x=Str(\"FOO\")}"),
        ("/%66oo", "foo {}"),
        ("/s/a%2Fb", "s {x=Str(\"a/b\")}"),
        ("/s/%E2%98%83", "s {x=Str(\"☃\")}"),
        ("/s/%FF", "400"),
        ("/v1.2", "version {major=Int(1), minor=Int(2)}"),
        ("/s/a b?#%/x", "404"),
        ("", "308 http://example.org/"),
    ] {
        assert_eq!(get(&a, path), expected, "GET {path}");
    }
}

#[test]
fn slashes() {
    let m = Map::builder()
        .rule(r("/path1", "leaf"))
        .rule(r("/path1/", "branch"))
        .rule(r("/path5", "leaf5"))
        .rule(r("/x/", "x").methods(["POST"]))
        .rule(r("/s/<x>/", "s").strict_slashes(true))
        .rule(r("/b/<path:p>/", "b").strict_slashes(true))
        .rule(r("/no//merge", "nm").merge_slashes(false))
        .rule(r("/yes/tail/", "yt").strict_slashes(true))
        .strict_slashes(false)
        .build()
        .unwrap();
    let a = m.bind("h", "/");
    for (path, expected) in [
        ("/path1", "leaf {}"),
        ("/path1/", "branch {}"),
        ("/path5/", "leaf5 {}"),
        ("/x", "404"),
        ("/x/", "405 [\"POST\"]"),
        ("/s/a b?#%", "308 http://h/s/a%20b%3F%23%25/"),
        ("/b/a/b/", "b {p=Str(\"a/b\")}"),
        ("/b/a//", "308 http://h/b/a/"),
        ("/b/a", "308 http://h/b/a/"),
        ("/no//merge", "nm {}"),
        ("/yes//tail", "308 http://h/yes/tail/"),
        ("/yes/tail//", "308 http://h/yes/tail/"),
    ] {
        assert_eq!(get(&a, path), expected, "GET {path}");
    }
}

#[test]
fn methods_and_websockets() {
    let m = map(vec![
        r("/a", "a").methods(["get"]),
        r("/a", "ap").methods(["POST", "put"]),
        r("/none", "none").methods(Vec::<String>::new()),
        r("/ws", "ws").websocket(true),
        r("/ws", "http").methods(["POST"]),
        r("/foo", "foo"),
    ]);
    let a = m.bind("h", "/");
    for (path, method, expected) in [
        ("/a", "GET", "a {}"),
        ("/a", "HEAD", "a {}"),
        ("/a", "put", "ap {}"),
        ("/a", "DELETE", "405 [\"GET\", \"HEAD\", \"POST\", \"PUT\"]"),
        ("/none", "GET", "404"),
        ("/ws", "GET", "405 [\"POST\"]"),
    ] {
        assert_eq!(with(&a, path, method), expected, "{method} {path}");
    }
    // Departure 1: a rejecting converter falls back to the next candidate.
    let v = map(vec![
        r("/<int(min=5):x>", "int").methods(["POST"]),
        r("/<y>", "str"),
    ]);
    let va = v.bind("h", "/");
    assert_eq!(with(&va, "/3", "GET"), "str {y=Str(\"3\")}");
    assert_eq!(with(&va, "/3", "POST"), "str {y=Str(\"3\")}");
    assert_eq!(with(&va, "/7", "POST"), "int {x=Int(7)}");
    let ws = m.bind("h", "/").url_scheme("ws");
    assert_eq!(get(&ws, "/ws"), "ws {}");
    assert_eq!(get(&ws, "/foo"), "400");
    assert_eq!(
        a.allowed_methods("/a"),
        Allowed::Methods(vec![Method::GET, Method::HEAD, Method::POST, Method::PUT])
    );
    assert_eq!(a.allowed_methods("/foo"), Allowed::Any);
    assert_eq!(m.bind("h", "/").allowed_methods("/x/y"), Allowed::NotFound);
    assert_eq!(a.build("ws", &[]).unwrap(), "ws://h/ws");
}

#[test]
fn defaults_aliases_redirects() {
    let m = map(vec![
        r("/foo/", "foo").defaults([("page", 1)]),
        r("/foo/<int:page>", "foo"),
        r("/", "index"),
        r("/index.html", "index").alias(true),
        r("/users/page-<int:page>.html", "foo").alias(true),
        Rule::new("/old/<slug>").redirect_to("new/<slug>"),
        Rule::new("/abs/<int:id>").redirect_to("/abs2/<id>"),
        Rule::new("/typed/<int:id>").redirect_to("/t/<int:id>"),
        Rule::new("/ext").redirect_to("https://other.test/x?y=1"),
    ]);
    let a = m.bind("example.org", "/app");
    for (path, expected) in [
        ("/foo/1", "308 http://example.org/app/foo/"),
        ("/foo/2", "foo {page=Int(2)}"),
        ("/foo/", "foo {page=Int(1)}"),
        ("/index.html", "308 http://example.org/app/"),
        ("/users/page-2.html", "308 http://example.org/app/foo/2"),
        ("/users/page-1.html", "308 http://example.org/app/foo/"),
        ("/old/a b", "308 http://example.org/app/new/a%20b"),
        ("/abs/7", "308 http://example.org/abs2/7"),
        ("/typed/3", "308 http://example.org/t/3"),
        ("/ext", "308 https://other.test/x?y=1"),
    ] {
        assert_eq!(get(&a, path), expected, "GET {path}");
    }
    let q = a.clone().query_args("q=1");
    assert_eq!(get(&q, "/abs/7"), "308 http://example.org/abs2/7?q=1");
    assert_eq!(a.build("foo", &[("page", 1.into())]).unwrap(), "/app/foo/");
    assert_eq!(a.build("foo", &[("page", 2.into())]).unwrap(), "/app/foo/2");
    assert_eq!(a.build("index", &[]).unwrap(), "/app/");
}

#[test]
fn subdomains_and_hosts() {
    let m = Map::builder()
        .rule(r("/", "static/index"))
        .add(
            Subdomain::new("kb")
                .rule(r("/browse/", "kb/browse"))
                .rule(r("/browse/<int:id>/", "kb/browse")),
        )
        .rule(r("/", "user").subdomain("<username>"))
        .default_subdomain("www")
        .build()
        .unwrap();
    let a = m.bind("example.com", "/");
    assert_eq!(get(&a, "/"), "static/index {}");
    let kb = m.bind("example.com", "/").subdomain("kb");
    assert_eq!(get(&kb, "/browse"), "308 http://kb.example.com/browse/");
    assert_eq!(
        get(&m.bind("example.com", "/").subdomain("a.b"), "/"),
        "user {username=Str(\"a.b\")}"
    );
    assert_eq!(
        a.build("kb/browse", &[("id", 42.into())]).unwrap(),
        "http://kb.example.com/browse/42/"
    );
    assert_eq!(
        a.build("user", &[("username", "al".into())]).unwrap(),
        "http://al.example.com/"
    );
    assert_eq!(
        a.build_with(
            "static/index",
            &[],
            BuildOptions {
                force_external: true,
                ..Default::default()
            }
        )
        .unwrap(),
        "http://www.example.com/"
    );

    let hosts = Map::builder()
        .rule(r("/", "index").host("www.<domain>"))
        .rule(r("/", "files").host("files.<domain>"))
        .rule(r("/x", "upper").host("H.test"))
        .host_matching(true)
        .build()
        .unwrap();
    let h = hosts.bind("www.example.com", "/");
    assert_eq!(get(&h, "/"), "index {domain=Str(\"example.com\")}");
    assert_eq!(get(&hosts.bind("h.test", "/"), "/x"), "upper {}");
    assert_eq!(
        h.build("files", &[("domain", "example.com".into())])
            .unwrap(),
        "http://files.example.com/"
    );
    let missing = Map::builder().rule(r("/", "i")).host_matching(true).build();
    assert_eq!(missing.unwrap_err().kind, RuleErrorKind::MissingHost);
}

#[test]
fn building_and_errors() {
    let m = map(vec![
        r("/a", "e"),
        r("/b/<x>", "e"),
        r("/c/<x>/<y>", "e"),
        r("/search_get", "search").methods(["GET"]),
        r("/search_post", "search").methods(["POST"]),
        r("/select", "sel").methods(["POST"]),
        r("/foo/<id>/", "world").methods(["GET"]),
    ]);
    let a = m.bind("h", "/");
    for (endpoint, values, expected) in [
        ("e", vec![], "/a"),
        ("e", vec![("x", Value::from(1))], "/b/1"),
        ("e", vec![("x", 1.into()), ("y", 2.into())], "/c/1/2"),
        ("e", vec![("y", 2.into())], "/a?y=2"),
        ("e", vec![("v", vec![1, 2].into())], "/a?v=1&v=2"),
        ("e", vec![("a", "x&y=z".into())], "/a?a=x%26y%3Dz"),
        ("e", vec![("a", "!$'()*,/:;?@".into())], "/a?a=!$'()*,/:;?@"),
        ("e", vec![("é", "k".into())], "/a?%C3%A9=k"),
        ("search", vec![], "/search_get"),
        ("sel", vec![], "/select"),
    ] {
        assert_eq!(
            a.build(endpoint, &values).unwrap(),
            expected,
            "{endpoint} {values:?}"
        );
    }
    let err = a
        .build_with(
            "sel",
            &[],
            BuildOptions {
                method: Some(Method::GET),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Could not build url for endpoint 'sel' ('GET'). Did you mean to use methods ['POST']?"
    );
    assert_eq!(
        a.build("helloworld", &[]).unwrap_err().to_string(),
        "Could not build url for endpoint 'helloworld'. Did you mean 'world' instead?"
    );
    let err = a
        .build_with(
            "world",
            &[("id", 2.into())],
            BuildOptions {
                method: Some(Method::POST),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Could not build url for endpoint 'world' ('POST') with values ['id']. Did you mean to use methods ['GET', 'HEAD']?"
    );
}

#[test]
fn duplicates_and_rule_errors() {
    let dup = |rules: Vec<Rule>| map_result(rules).err().map(|e| e.kind);
    assert_eq!(
        dup(vec![r("/page/<a>", "a"), r("/page/<b>", "b")]),
        Some(RuleErrorKind::Duplicate)
    );
    assert_eq!(dup(vec![r("/<a>", "a"), r("/<int:b>", "b")]), None);
    assert_eq!(
        dup(vec![r("/<any(a,b):x>", "a"), r("/<any(b,a):x>", "b")]),
        Some(RuleErrorKind::Duplicate)
    );
    assert_eq!(dup(vec![r("/x/", "a"), r("/x", "b")]), None);
    assert_eq!(
        dup(vec![r("/x//y", "a"), r("/x/y", "b")]),
        Some(RuleErrorKind::Duplicate)
    );
    assert_eq!(
        dup(vec![
            r("/", "a").methods(["GET", "OPTIONS"]),
            r("/", "b").methods(["POST", "OPTIONS"])
        ]),
        None
    );
    assert_eq!(dup(vec![r("/x", "a").build_only(true), r("/x", "b")]), None);
    assert_eq!(
        dup(vec![r("/foo/<int:page>", "f").defaults([("page", 1)])]),
        Some(RuleErrorKind::DefaultForVariable)
    );
    assert_eq!(
        dup(vec![r("/i.html", "i").alias(true)]),
        Some(RuleErrorKind::AliasOnly)
    );
    assert_eq!(
        dup(vec![r("/<nope:x>", "i")]),
        Some(RuleErrorKind::UnknownConverter)
    );
    assert_eq!(
        dup(vec![r("/<int(foo=1):x>", "i")]),
        Some(RuleErrorKind::ConverterArgs)
    );
}

fn map_result(rules: Vec<Rule>) -> Result<Map, RuleError> {
    rules
        .into_iter()
        .fold(Map::builder(), MapBuilder::rule)
        .build()
}

#[test]
fn factories_keep_settings() {
    let m = Map::builder()
        .add(
            Submount::new("/x")
                .rule(r("/ws", "ws").websocket(true))
                .rule(r("/a//b", "nm").merge_slashes(false)),
        )
        .add(EndpointPrefix::new("blog/").add(Submount::new("/blog").rule(r("/", "index"))))
        .add(
            RuleTemplate::new()
                .rule(r("/$name/", "$name.list"))
                .apply([("name", "user")]),
        )
        .build()
        .unwrap();
    let rules: Vec<(&str, Option<&str>, bool)> = m
        .rules()
        .map(|r| (r.rule(), r.endpoint_name(), r.is_websocket()))
        .collect();
    assert_eq!(
        rules,
        [
            ("/x/ws", Some("ws"), true),
            ("/x/a//b", Some("nm"), false),
            ("/blog/", Some("blog/index"), false),
            ("/user/", Some("user.list"), false),
        ]
    );
    let a = m.bind("h", "/");
    assert_eq!(get(&a.clone().url_scheme("ws"), "/x/ws"), "ws {}");
    assert_eq!(get(&a, "/x/a//b"), "nm {}");
    assert_eq!(get(&a, "/blog"), "308 http://h/blog/");
    let missing = Map::builder()
        .add(
            RuleTemplate::new()
                .rule(r("/$missing", "x"))
                .apply(Vec::<(String, String)>::new()),
        )
        .build();
    assert_eq!(missing.unwrap_err().kind, RuleErrorKind::Template);
}

#[test]
fn unicode_hosts_and_paths() {
    let m = map(vec![r("/войти/", "enter"), r("/foo+bar/", "foobar")]);
    let a = m.bind("☃.example.com", "/");
    assert_eq!(
        get(&a, "/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8"),
        "308 http://xn--n3h.example.com/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/"
    );
    assert_eq!(
        get(&a, "/foo+bar"),
        "308 http://xn--n3h.example.com/foo+bar/"
    );
    assert_eq!(get(&a, "/foo+bar/"), "foobar {}");
    let external = BuildOptions {
        force_external: true,
        ..Default::default()
    };
    assert_eq!(
        a.build_with("foobar", &[], external).unwrap(),
        "http://xn--n3h.example.com/foo+bar/"
    );
    let long = m.bind(&format!("🐍{}:8443", "a".repeat(52)), "/");
    let (name, port) = long.server_name().split_once(':').unwrap();
    assert_eq!((name.len(), port), (63, "8443"));
    assert_eq!(idna::punycode("bücher").as_deref(), Some("bcher-kva"));
}

#[test]
fn fallible_bind_refuses_what_idna_refuses() {
    let m = map(vec![r("/", "index")]);
    let long_unicode = format!("🐍{}", "a".repeat(53));
    for (host, expected) in [
        // Vector I 529: an empty label is a BadHost (400).
        ("a..b", Err("it has an empty label")),
        (".example.com", Err("it has an empty label")),
        ("example.com.", Ok("example.com.")),
        ("", Ok("")),
        ("Example.COM:8080", Ok("example.com:8080")),
        ("☃.example.com", Ok("xn--n3h.example.com")),
        ("a..b:80", Err("it has an empty label")),
    ] {
        let got = m.try_bind(host, "/");
        match (expected, got) {
            (Ok(name), Ok(a)) => assert_eq!(a.server_name(), name, "{host:?}"),
            (Err(why), Err(e)) => {
                assert_eq!(e.message, why, "{host:?}");
                assert_eq!(e.status(), http::StatusCode::BAD_REQUEST, "{host:?}");
            }
            (expected, got) => panic!("{host:?}: expected {expected:?}, got {got:?}"),
        }
    }
    // 63 bytes encoded is the limit (vector I 527 uses 52 ASCII letters: 63 bytes).
    let at_limit = format!("🐍{}", "a".repeat(52));
    assert_eq!(m.try_bind(&at_limit, "/").unwrap().server_name().len(), 63);
    assert!(m.try_bind(&long_unicode, "/").is_err());
    assert!(m.try_bind(&"a".repeat(64), "/").is_err());
    assert!(
        m.try_bind_to_host("ok.example.com:443", Some("example.com"), "/", "https")
            .is_ok()
    );
    assert!(
        m.try_bind_to_host("ok.example.com", Some("bad..com"), "/", "http")
            .is_err()
    );
}

#[test]
fn shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Map>();
    send_sync::<MapAdapter>();
    send_sync::<Match>();
    send_sync::<RoutingError>();
    send_sync::<BuildError>();
    send_sync::<RuleError>();
    let m = map(vec![r("/<int:n>", "n")]);
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let m = m.clone();
            std::thread::spawn(move || get(&m.bind("h", "/"), &format!("/{i}")))
        })
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        assert_eq!(h.join().unwrap(), format!("n {{n=Int({i})}}"));
    }
}
