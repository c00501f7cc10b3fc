//! One corpus, two engines: every case runs against the generated `routes![]` matcher and
//! against the interpreted `Map` of the same routes, and both must give the expected
//! outcome. The groups are real `#[route]`/`#[get]` handlers collected by `routes![]`.

#![allow(dead_code, unused_variables)]

use http::Method;
use proptest::prelude::*;
use stellwerk::__private::group::RouteGroup;
use stellwerk::routing::{Allowed, RoutingError, Value};

/// What a request should give: the endpoint and values, or an error status (with the
/// redirect location for 308).
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Route(&'static str, Vec<Value>),
    Status(u16),
    Redirect(&'static str),
}

use Expect::*;

fn s(text: &str) -> Value {
    Value::from(text)
}

fn i(n: i128) -> Value {
    Value::Int(n)
}

fn outcome(
    r: Result<(String, Vec<Value>), RoutingError>,
) -> Result<(String, Vec<Value>), (u16, Option<String>)> {
    r.map_err(|e| {
        let location = match &e {
            RoutingError::Redirect { location, .. } => Some(location.clone()),
            _ => None,
        };
        (e.status().as_u16(), location)
    })
}

fn run(name: &str, group: &RouteGroup, cases: &[(&str, Method, Expect)]) {
    let map = group.to_map().expect("the group's routes build a Map");
    let map = map.bind("example.com", "/");
    let adapter = group.bind("example.com", "/");
    for (path, method, expect) in cases {
        let generated = outcome(
            adapter
                .match_path(path, method)
                .map(|m| (m.endpoint.to_string(), m.args)),
        );
        let interpreted = outcome(map.match_path(path, method).map(|m| {
            (
                m.endpoint.to_string(),
                m.args.into_iter().map(|(_, v)| v).collect(),
            )
        }));
        assert_eq!(
            generated, interpreted,
            "{name}: {method} {path}: engines disagree"
        );
        let expected = match expect {
            Route(e, args) => Ok((e.to_string(), args.clone())),
            Status(code) => Err((*code, None)),
            Redirect(to) => Err((308, Some(format!("http://example.com{to}")))),
        };
        assert_eq!(generated, expected, "{name}: {method} {path}");
        let probe = adapter.allowed_methods(path);
        assert_eq!(
            probe,
            map.allowed_methods(path),
            "{name}: allowed_methods {path}"
        );
    }
}

mod priority {
    use stellwerk::route;
    #[route("/users/<int(min=1):id>", endpoint = "user")]
    pub fn user(id: i128) {}
    #[route("/users/<name>")]
    pub fn by_name(name: String) {}
    #[route("/users/new")]
    pub fn new() {}
    #[route("/a/<x>/c")]
    pub fn axc(x: String) {}
    #[route("/a/<path:p>")]
    pub fn apath(p: String) {}
    #[route("/files/<path:p>/edit")]
    pub fn edit(p: String) {}
    #[route("/files/<x>/edit")]
    pub fn xedit(x: String) {}
    #[route("/v<int:major>.<int:minor>")]
    pub fn version(major: i128, minor: i128) {}
    #[route("/<x>.json")]
    pub fn json(x: String) {}
    #[route("/<a>-<b>")]
    pub fn pair(a: String, b: String) {}
    #[route("/<x>")]
    pub fn any(x: String) {}
}

fn priority_group() -> RouteGroup {
    use priority::*;
    stellwerk::routes![
        user, by_name, new, axc, apath, edit, xedit, version, json, pair, any
    ]
}

#[test]
fn priority() {
    let group = priority_group();
    run(
        "priority",
        &group,
        &[
            ("/users/5", Method::GET, Route("user", vec![i(5)])),
            // A converter that rejects makes the matcher try the next route (departure 1).
            ("/users/0", Method::GET, Route("by_name", vec![s("0")])),
            ("/users/new", Method::GET, Route("new", vec![])),
            ("/a/b/c", Method::GET, Route("axc", vec![s("b")])),
            ("/a/b/d", Method::GET, Route("apath", vec![s("b/d")])),
            ("/files/a/edit", Method::GET, Route("edit", vec![s("a")])),
            // `%2F` stays inside the segment; the path converter rejects a leading '/'.
            ("/files/%2F/edit", Method::GET, Route("xedit", vec![s("/")])),
            ("/v1.2", Method::GET, Route("version", vec![i(1), i(2)])),
            ("/x.json", Method::GET, Route("json", vec![s("x")])),
            ("/a-b", Method::GET, Route("pair", vec![s("a"), s("b")])),
            ("/a-b-c", Method::GET, Route("pair", vec![s("a-b"), s("c")])),
            ("/plain", Method::GET, Route("any", vec![s("plain")])),
            ("/%66oo", Method::GET, Route("any", vec![s("foo")])),
            ("/caf%C3%A9", Method::GET, Route("any", vec![s("café")])),
            ("/%FF", Method::GET, Status(400)),
            ("/users/5/x", Method::GET, Status(404)),
        ],
    );
}

mod slashes {
    use stellwerk::{post, route};
    #[route("/docs/")]
    pub fn docs() {}
    #[route("/leaf")]
    pub fn leaf() {}
    #[route("/loose", strict_slashes = false)]
    pub fn loose() {}
    #[route("/branch/", strict_slashes = false)]
    pub fn branch() {}
    #[route("/p/<path:p>/")]
    pub fn pdir(p: String) {}
    #[route("/q/<path:p>")]
    pub fn pfile(p: String) {}
    #[route("/both")]
    pub fn both_leaf() {}
    #[route("/both/")]
    pub fn both_branch() {}
    #[post("/x/")]
    pub fn xpost() {}
    #[route("/nomerge/a", merge_slashes = false)]
    pub fn nomerge() {}
}

fn slashes_group() -> RouteGroup {
    use slashes::*;
    stellwerk::routes![
        docs,
        leaf,
        loose,
        branch,
        pdir,
        pfile,
        both_leaf,
        both_branch,
        xpost,
        nomerge
    ]
}

#[test]
fn slashes() {
    let group = slashes_group();
    run(
        "slashes",
        &group,
        &[
            ("/docs", Method::GET, Redirect("/docs/")),
            ("/docs/", Method::GET, Route("docs", vec![])),
            ("/leaf", Method::GET, Route("leaf", vec![])),
            ("/leaf/", Method::GET, Status(404)),
            ("/loose/", Method::GET, Route("loose", vec![])),
            ("/branch", Method::GET, Route("branch", vec![])),
            ("/branch/", Method::GET, Route("branch", vec![])),
            ("/p/a/b", Method::GET, Redirect("/p/a/b/")),
            ("/p/a/b/", Method::GET, Route("pdir", vec![s("a/b")])),
            ("/q/any/", Method::GET, Route("pfile", vec![s("any/")])),
            ("/both", Method::GET, Route("both_leaf", vec![])),
            ("/both/", Method::GET, Route("both_branch", vec![])),
            ("/x", Method::GET, Status(404)),
            ("/x/", Method::GET, Status(405)),
            ("//leaf", Method::GET, Route("leaf", vec![])),
            ("/docs//", Method::GET, Redirect("/docs/")),
            ("/p//a", Method::GET, Redirect("/p/a/")),
            ("/nomerge//a", Method::GET, Status(404)),
            ("/caf%C3%A9//", Method::GET, Status(404)),
        ],
    );
}

mod methods {
    use stellwerk::{delete, get, post, route};
    #[get("/items")]
    pub fn list() {}
    #[post("/items")]
    pub fn create() {}
    #[route("/items/<int:id>", methods = ["PUT", "patch"])]
    pub fn put(id: i128) {}
    #[delete("/items/<int:id>")]
    pub fn delete(id: i128) {}
    #[route("/any")]
    pub fn any() {}
    #[route("/ws", websocket = true)]
    pub fn ws() {}
}

fn methods_group() -> RouteGroup {
    use methods::*;
    stellwerk::routes![list, create, put, delete, any, ws]
}

#[test]
fn methods() {
    let group = methods_group();
    run(
        "methods",
        &group,
        &[
            ("/items", Method::GET, Route("list", vec![])),
            ("/items", Method::HEAD, Route("list", vec![])),
            ("/items", Method::POST, Route("create", vec![])),
            ("/items", Method::DELETE, Status(405)),
            ("/items/3", Method::PATCH, Route("put", vec![i(3)])),
            ("/items/3", Method::DELETE, Route("delete", vec![i(3)])),
            ("/items/3", Method::GET, Status(405)),
            ("/any", Method::OPTIONS, Route("any", vec![])),
            ("/ws", Method::GET, Status(400)),
        ],
    );
    let adapter = group.bind("h", "/");
    assert_eq!(
        adapter.allowed_methods("/items/3"),
        Allowed::Methods(vec![Method::DELETE, Method::PATCH, Method::PUT])
    );
    assert_eq!(adapter.allowed_methods("/any"), Allowed::Any);
    assert_eq!(adapter.allowed_methods("/none"), Allowed::NotFound);
    let ws = group.bind("h", "/").url_scheme("ws");
    assert_eq!(ws.match_path("/ws", &Method::GET).map(|m| m.route), Ok(5));
}

mod converters {
    use stellwerk::route;
    #[route("/i/<int(signed=true):n>")]
    pub fn signed(n: i128) {}
    #[route("/d/<int(fixed_digits=4):y>")]
    pub fn year(y: i128) {}
    #[route("/f/<float:x>")]
    pub fn float(x: f64) {}
    #[route("/f/<float(signed=true, min=-2.5):x>")]
    pub fn float_signed(x: f64) {}
    #[route("/u/<uuid:id>")]
    pub fn by_uuid(id: ::uuid::Uuid) {}
    #[route("/c/<any(red, green):c>")]
    pub fn color(c: String) {}
    #[route("/s/<string(length=2):code>")]
    pub fn code(code: String) {}
    #[route("/s/<string(minlength=3, maxlength=4):word>")]
    pub fn word(word: String) {}
}

fn converters_group() -> RouteGroup {
    use converters::*;
    stellwerk::routes![
        signed,
        year,
        float,
        float_signed,
        by_uuid,
        color,
        code,
        word
    ]
}

#[test]
fn converters() {
    let group = converters_group();
    run(
        "converters",
        &group,
        &[
            ("/i/-5", Method::GET, Route("signed", vec![i(-5)])),
            ("/i/5", Method::GET, Route("signed", vec![i(5)])),
            ("/i/５", Method::GET, Status(404)),
            ("/d/2024", Method::GET, Route("year", vec![i(2024)])),
            ("/d/24", Method::GET, Status(404)),
            (
                "/f/1.5",
                Method::GET,
                Route("float", vec![Value::Float(1.5)]),
            ),
            (
                "/f/-1.5",
                Method::GET,
                Route("float_signed", vec![Value::Float(-1.5)]),
            ),
            ("/f/-3.5", Method::GET, Status(404)),
            ("/f/1", Method::GET, Status(404)),
            (
                "/u/67e55044-10b1-426f-9247-bb680e5fe0c8",
                Method::GET,
                Route(
                    "by_uuid",
                    vec![Value::Uuid(
                        "67e55044-10b1-426f-9247-bb680e5fe0c8"
                            .parse()
                            .expect("uuid"),
                    )],
                ),
            ),
            ("/u/nope", Method::GET, Status(404)),
            ("/c/red", Method::GET, Route("color", vec![s("red")])),
            ("/c/blue", Method::GET, Status(404)),
            ("/s/ab", Method::GET, Route("code", vec![s("ab")])),
            ("/s/abc", Method::GET, Route("word", vec![s("abc")])),
            ("/s/abcde", Method::GET, Status(404)),
        ],
    );
}

mod subdomains {
    use stellwerk::route;
    #[route("/")]
    pub fn root() {}
    #[route("/", subdomain = "api")]
    pub fn api_root() {}
    #[route("/who", subdomain = "<user>")]
    pub fn user_home(user: String) {}
}

fn subdomains_group() -> RouteGroup {
    use subdomains::*;
    stellwerk::routes![root, api_root, user_home]
}

#[test]
fn subdomains() {
    let group = subdomains_group();
    let map = group.to_map().expect("map");
    for (sub, path, expected) in [
        ("", "/", Ok(("root", vec![]))),
        ("api", "/", Ok(("api_root", vec![]))),
        ("alice", "/who", Ok(("user_home", vec![s("alice")]))),
        ("alice", "/", Err(404)),
    ] {
        let g = group
            .bind("example.com", "/")
            .subdomain(sub)
            .match_path(path, &Method::GET)
            .map(|m| (m.endpoint.to_string(), m.args))
            .map_err(|e| e.status().as_u16());
        let m = map
            .bind("example.com", "/")
            .subdomain(sub)
            .match_path(path, &Method::GET)
            .map(|m| {
                (
                    m.endpoint.to_string(),
                    m.args.into_iter().map(|(_, v)| v).collect(),
                )
            })
            .map_err(|e| e.status().as_u16());
        assert_eq!(g, m, "{sub} {path}");
        assert_eq!(
            g,
            expected.map(|(e, v): (&str, Vec<Value>)| (e.to_string(), v)),
            "{sub} {path}"
        );
    }
}

mod finishing {
    use stellwerk::route;
    #[route("/list/", endpoint = "list", defaults(page = 1))]
    pub fn list_first() {}
    #[route("/list/<int:page>", endpoint = "list")]
    pub fn list_page(page: i128) {}
    #[route("/old/<int:page>", endpoint = "list", alias = true)]
    pub fn list_old(page: i128) {}
    #[route("/moved/<slug>", redirect_to = "/new/<slug>")]
    pub fn moved(slug: String) {}
    #[route("/new/<slug>")]
    pub fn new_place(slug: String) {}
}

fn finishing_group() -> RouteGroup {
    use finishing::*;
    stellwerk::routes![list_first, list_page, list_old, moved, new_place]
}

/// Defaults, aliases and `redirect_to`: the generated matcher finds the route, the group's
/// map finishes the request (redirects to the canonical URL).
#[test]
fn finishing() {
    let group = finishing_group();
    run(
        "finishing",
        &group,
        &[
            ("/list/", Method::GET, Route("list", vec![i(1)])),
            ("/list/1", Method::GET, Redirect("/list/")),
            ("/list/2", Method::GET, Route("list", vec![i(2)])),
            ("/old/3", Method::GET, Redirect("/list/3")),
            ("/moved/abc", Method::GET, Redirect("/new/abc")),
            ("/new/abc", Method::GET, Route("new_place", vec![s("abc")])),
        ],
    );
    assert_eq!(
        group.match_path("/list/2", &Method::GET).map(|m| m.route),
        Ok(1)
    );
}

mod hosts {
    use stellwerk::route;
    #[route("/", host = "example.com")]
    pub fn main_site() {}
    #[route("/", host = "<user>.example.org")]
    pub fn user_site(user: String) {}
    #[route("/docs/", host = "example.com")]
    pub fn docs() {}
}

/// A group in which routes have hosts matches by host (generated code for the domain
/// part), like a map with host matching.
#[test]
fn hosts() {
    use hosts::*;
    let group = stellwerk::routes![main_site, user_site, docs];
    let map = group.to_map().expect("map");
    assert!(map.host_matching());
    for (server, path, expected) in [
        ("example.com", "/", Ok(("main_site", vec![]))),
        (
            "Alice.Example.org",
            "/",
            Ok(("user_site", vec![s("alice")])),
        ),
        ("other.test", "/", Err(404)),
        ("example.com", "/docs", Err(308)),
    ] {
        let g = group
            .bind(server, "/")
            .match_path(path, &Method::GET)
            .map(|m| (m.endpoint.to_string(), m.args))
            .map_err(|e| e.status().as_u16());
        let m = map
            .bind(server, "/")
            .match_path(path, &Method::GET)
            .map(|m| {
                (
                    m.endpoint.to_string(),
                    m.args.into_iter().map(|(_, v)| v).collect(),
                )
            })
            .map_err(|e| e.status().as_u16());
        assert_eq!(g, m, "{server}{path}");
        assert_eq!(
            g,
            expected.map(|(e, v): (&str, Vec<Value>)| (e.to_string(), v)),
            "{server}{path}"
        );
    }
    let redirect = group
        .bind("example.com", "/")
        .match_path("/docs", &Method::GET);
    assert!(
        matches!(redirect, Err(RoutingError::Redirect { location, .. }) if location == "http://example.com/docs/")
    );
}

const SEGMENTS: &[&str] = &[
    "users",
    "new",
    "5",
    "0",
    "-5",
    "a",
    "b",
    "c",
    "d",
    "edit",
    "files",
    "%2F",
    "x.json",
    "v1.2",
    "a-b",
    "",
    "docs",
    "leaf",
    "loose",
    "branch",
    "p",
    "q",
    "both",
    "x",
    "items",
    "3",
    "any",
    "i",
    "f",
    "1.5",
    "u",
    "s",
    "ab",
    "abc",
    "%FF",
    "caf%C3%A9",
    "2024",
    "red",
    "nomerge",
    "67e55044-10b1-426f-9247-bb680e5fe0c8",
    "list",
    "old",
    "moved",
    "new",
    "1",
    "2",
];

fn arbitrary_path() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(SEGMENTS), 0..5),
        0..4usize,
    )
        .prop_map(|(segs, style)| {
            let mut p = String::new();
            for s in segs {
                p.push('/');
                if style == 2 {
                    p.push('/');
                }
                p.push_str(s);
            }
            if style == 1 {
                p.push('/');
            }
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// On arbitrary paths (not just the table's), every generated group answers like the
    /// map of its routes: same route and values, same status, same redirect, same allowed
    /// methods.
    #[test]
    fn generated_groups_agree_with_the_map_on_any_path(path in arbitrary_path()) {
        for group in [priority_group(), slashes_group(), methods_group(), converters_group(), subdomains_group(), finishing_group()] {
            let map = group.to_map().expect("map");
            let map = map.bind("example.com", "/");
            let adapter = group.bind("example.com", "/");
            for method in [Method::GET, Method::POST, Method::HEAD, Method::PUT, Method::DELETE] {
                let generated = outcome(adapter.match_path(&path, &method).map(|m| (m.endpoint.to_string(), m.args)));
                let interpreted = outcome(map.match_path(&path, &method).map(|m| {
                    (m.endpoint.to_string(), m.args.into_iter().map(|(_, v)| v).collect())
                }));
                prop_assert_eq!(generated, interpreted, "{} {}", method, path);
            }
            prop_assert_eq!(adapter.allowed_methods(&path), map.allowed_methods(&path), "{}", path);
        }
    }
}
