//! Reference vectors C: basic matching, priority and ordering.
//!
//! Not ported (Python-only, no Rust meaning): none. Environ-based vectors (`E(...)`) bind
//! with [`Map::bind_to_host`] (the host and scheme of the URL) and match the raw path;
//! where Werkzeug reads the websocket mode from `Connection`/`Upgrade` headers (175, 176),
//! the bind uses the scheme `bind_to_environ` derives from them (`ws`), since header
//! parsing belongs to the request layer.

mod common;
use common::*;

fn basic() -> Map {
    map(
        "basic",
        vec![
            r("/", "index"),
            r("/foo", "foo"),
            r("/bar/", "bar"),
            r("/ws", "ws").websocket(true),
            r("/", "indexws").websocket(true),
        ],
    )
}

#[test]
fn basic_routing() {
    let m = basic();
    let a = m.bind("example.org", "/");
    let ws = m.bind("example.org", "/").url_scheme("ws");
    let test = m.bind("example.org", "/test");
    let wss = m.bind("example.org", "/ws").url_scheme("wss");
    // E("/bar?foo=bar", "http://example.org/"): the environ's query string is kept.
    let env_q = m
        .bind_to_host("example.org", None, "/", "http")
        .query_args("foo=bar");
    // E("/ws?foo=bar", ..., Connection: Upgrade, Upgrade: websocket): a ws-scheme bind.
    let env_ws = m
        .bind_to_host("example.org", None, "/", "ws")
        .query_args("foo=bar");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        ("161 basic /", &a, get("/"), ok("index", &[])),
        ("163 basic /bar/", &a, get("/bar/"), ok("bar", &[])),
        (
            "164 basic /bar slash redirect",
            &a,
            get("/bar"),
            redirect("http://example.org/bar/"),
        ),
        ("166 basic ws /", &ws, get("/"), ok("indexws", &[])),
        (
            "167 basic script_name /test",
            &test,
            get("/bar"),
            redirect("http://example.org/test/bar/"),
        ),
        (
            "169 basic redirect keeps query_args",
            &a,
            get("/bar").query("aha=muhaha"),
            redirect("http://example.org/bar/?aha=muhaha"),
        ),
        (
            "170 basic environ query kept",
            &env_q,
            get("/bar"),
            redirect("http://example.org/bar/?foo=bar"),
        ),
        (
            "172 basic wss websocket=False on ws rule",
            &wss,
            get("/ws").websocket(false),
            WS_MISMATCH,
        ),
        (
            "173 basic wss websocket=True on http rule",
            &wss,
            get("/foo").websocket(true),
            WS_MISMATCH,
        ),
        (
            "175 basic upgrade headers, websocket=False",
            &env_ws,
            get("/ws").websocket(false),
            WS_MISMATCH,
        ),
        (
            "176 basic upgrade headers",
            &env_ws,
            get("/ws"),
            ok("ws", &[]),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn return_rule_is_the_map_rule() {
    // 178: match(..., return_rule=True)[0] is rule. The Match carries the rule itself.
    let m = map("ret", vec![r("/foo/", "foo")]);
    let a = m.bind("localhost", "/");
    let found = a
        .match_path("/foo/", &Method::GET)
        .unwrap_or_else(|e| panic!("vector 178 ret: /foo/ should match, got {e:?}"));
    let rule = m
        .rules()
        .next()
        .expect("vector 178 ret: the map has a rule");
    assert!(
        std::ptr::eq(&*found.rule, rule),
        "vector 178 ret: the returned rule is the map's rule object"
    );
}

#[test]
fn environ_and_unicode_paths() {
    let env = map("env", vec![r("/foo", "foo"), r("/bar", "bar")]);
    let env_a = env.bind_to_host("localhost", None, "/", "http");
    let horse = map("horse", vec![r("/", "index"), r("/лошадь", "horse")]);
    let horse_a = horse.bind_to_host("localhost", None, "/", "http");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        ("179 env /foo", &env_a, get("/foo"), ok("foo", &[])),
        ("181 env /bar", &env_a, get("/bar"), ok("bar", &[])),
        ("182 env /bars", &env_a, get("/bars"), NOT_FOUND),
        // Werkzeug matched the decoded "/лошадь"; stellwerk takes the raw path (departure 14).
        (
            "184 horse /лошадь (percent-encoded)",
            &horse_a,
            get("/%D0%BB%D0%BE%D1%88%D0%B0%D0%B4%D1%8C"),
            ok("horse", &[]),
        ),
        // 185: the same path as a client may send it, lower-case hex (departure 14).
        (
            "185 horse /лошадь (lower-case percent-encoding)",
            &horse_a,
            get("/%d0%bb%d0%be%d1%88%d0%b0%d0%b4%d1%8c"),
            ok("horse", &[]),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn root_and_empty_path() {
    let m = map("root", vec![r("/", "index")]);
    // 187/190: Werkzeug's path_info defaults to "/" when neither bind nor match gives one.
    let a = m.bind("example.org", "/");
    let approot = m.bind("example.com", "/approot");
    let local = m.bind("localhost", "/");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "187 root no path_info (defaults to /)",
            &a,
            get("/"),
            ok("index", &[]),
        ),
        (
            "188 root empty path redirects to script root",
            &approot,
            get(""),
            redirect("http://example.com/approot/"),
        ),
        (
            "190 root bind path_info=/",
            &local,
            get("/"),
            ok("index", &[]),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn greedy() {
    let m = map(
        "greedy",
        vec![
            r("/foo", "foo"),
            r("/<path:bar>", "bar"),
            r("/<path:bar>/<path:blub>", "bar"),
        ],
    );
    let a = m.bind("example.org", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        ("191 greedy /foo", get("/foo"), ok("foo", &[])),
        (
            "193 greedy /he/he",
            get("/he/he"),
            ok("bar", &[("bar", s("he")), ("blub", s("he"))]),
        ),
    ] {
        t.check_match(case, &a, &input, &expected);
    }
    for (case, input, expected) in [
        (
            "194 greedy build foo",
            build("foo", vec![]),
            Url::Is("/foo"),
        ),
        (
            "196 greedy build bar with two values",
            build("bar", vec![("bar", s("blub")), ("blub", s("bar"))]),
            Url::Is("/blub/bar"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn wiki_paths() {
    let m = map(
        "wiki",
        vec![
            r("/", "page").defaults([("name", "FrontPage")]),
            r("/Special", "special"),
            r("/<int:year>", "year"),
            r("/<path:name>:foo", "foopage"),
            r("/<path:name>:<path:name2>", "twopage"),
            r("/<path:name>", "page"),
            r("/<path:name>/edit", "editpage"),
            r("/<path:name>/silly/<path:name2>", "sillypage"),
            r("/<path:name>/silly/<path:name2>/edit", "editsillypage"),
            r("/Talk:<path:name>", "talk"),
            r("/User:<username>", "user"),
            r("/User:<username>/<path:name>", "userpage"),
            r(
                "/User:<username>/comment/<int:id>-<int:replyId>",
                "usercomment",
            ),
            r("/Files/<path:file>", "files"),
            r("/<admin>/<manage>/<things>", "admin"),
        ],
    );
    let a = m.bind("example.org", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        (
            "197 wiki /",
            get("/"),
            ok("page", &[("name", s("FrontPage"))]),
        ),
        ("199 wiki /Special", get("/Special"), ok("special", &[])),
        (
            "200 wiki /2007",
            get("/2007"),
            ok("year", &[("year", int(2007))]),
        ),
        (
            "202 wiki /Some:bar",
            get("/Some:bar"),
            ok("twopage", &[("name", s("Some")), ("name2", s("bar"))]),
        ),
        (
            "203 wiki /Some/Page",
            get("/Some/Page"),
            ok("page", &[("name", s("Some/Page"))]),
        ),
        (
            "205 wiki /Foo/silly/bar",
            get("/Foo/silly/bar"),
            ok("sillypage", &[("name", s("Foo")), ("name2", s("bar"))]),
        ),
        (
            "206 wiki /Foo/silly/bar/edit",
            get("/Foo/silly/bar/edit"),
            ok("editsillypage", &[("name", s("Foo")), ("name2", s("bar"))]),
        ),
        (
            "208 wiki /User:thomas",
            get("/User:thomas"),
            ok("user", &[("username", s("thomas"))]),
        ),
        (
            "209 wiki /User:thomas/projects/werkzeug",
            get("/User:thomas/projects/werkzeug"),
            ok(
                "userpage",
                &[("username", s("thomas")), ("name", s("projects/werkzeug"))],
            ),
        ),
        (
            "211 wiki /Files/downloads/werkzeug/0.2.zip",
            get("/Files/downloads/werkzeug/0.2.zip"),
            ok("files", &[("file", s("downloads/werkzeug/0.2.zip"))]),
        ),
        (
            "212 wiki /Jerry/eats/cheese",
            get("/Jerry/eats/cheese"),
            ok(
                "admin",
                &[
                    ("admin", s("Jerry")),
                    ("manage", s("eats")),
                    ("things", s("cheese")),
                ],
            ),
        ),
    ] {
        t.check_match(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn complex_routing_rules() {
    let m = map(
        "complex",
        vec![
            r("/", "index"),
            r("/<int:blub>", "an_int"),
            r("/<blub>", "a_string"),
            r("/foo/", "nested"),
            r("/foobar/", "nestedbar"),
            r("/foo/<path:testing>/", "nested_show"),
            r("/foo/<path:testing>/edit", "nested_edit"),
            r("/users/", "users").defaults([("page", 1)]),
            r("/users/page/<int:page>", "users"),
            r("/foox", "foox"),
            r("/<path:bar>/<path:blub>", "barx_path_path"),
        ],
    );
    let a = m.bind("example.com", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        (
            "214 complex /42",
            get("/42"),
            ok("an_int", &[("blub", int(42))]),
        ),
        (
            "215 complex /blub",
            get("/blub"),
            ok("a_string", &[("blub", s("blub"))]),
        ),
        (
            "217 complex /foobar/",
            get("/foobar/"),
            ok("nestedbar", &[]),
        ),
        (
            "218 complex /foo/1/2/3/",
            get("/foo/1/2/3/"),
            ok("nested_show", &[("testing", s("1/2/3"))]),
        ),
        (
            "220 complex /users/",
            get("/users/"),
            ok("users", &[("page", int(1))]),
        ),
        (
            "221 complex /users/page/2",
            get("/users/page/2"),
            ok("users", &[("page", int(2))]),
        ),
        (
            "223 complex /1/2/3",
            get("/1/2/3"),
            ok("barx_path_path", &[("bar", s("1")), ("blub", s("2/3"))]),
        ),
    ] {
        t.check_match(case, &a, &input, &expected);
    }
    for (case, input, expected) in [
        (
            "224 complex build index",
            build("index", vec![]),
            Url::Is("/"),
        ),
        (
            "226 complex build a_string",
            build("a_string", vec![("blub", s("test"))]),
            Url::Is("/test"),
        ),
        (
            "227 complex build nested",
            build("nested", vec![]),
            Url::Is("/foo/"),
        ),
        (
            "229 complex build nested_show",
            build("nested_show", vec![("testing", s("1/2/3"))]),
            Url::Is("/foo/1/2/3/"),
        ),
        (
            "230 complex build nested_edit",
            build("nested_edit", vec![("testing", s("1/2/3"))]),
            Url::Is("/foo/1/2/3/edit"),
        ),
        (
            "232 complex build users page 2",
            build("users", vec![("page", int(2))]),
            Url::Is("/users/page/2"),
        ),
        (
            "233 complex build foox",
            build("foox", vec![]),
            Url::Is("/foox"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn path_weighting_newlines_and_doc_example() {
    let pw = map(
        "pw",
        vec![
            r("/<path:path>/c", "simple"),
            r("/<path:path>/<a>/<b>", "complex"),
        ],
    );
    let nl = map("nl", vec![r("/hello", "hello")]);
    let nl2 = map("nl2", vec![r("/hello", "hello"), r("/<x>", "x")]);
    let dl = map(
        "dl",
        vec![
            r("/", "index"),
            r("/downloads/", "downloads/index"),
            r("/downloads/<int:id>", "downloads/show"),
        ],
    );
    let pw_a = pw.bind("localhost", "/");
    let nl_a = nl.bind("localhost", "/");
    let nl2_a = nl2.bind_to_host("h", None, "/", "http");
    let dl_a = dl.bind("example.com", "/");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        // bind(path_info="/a/b/c").match()
        (
            "235 pw /a/b/c",
            &pw_a,
            get("/a/b/c"),
            ok("simple", &[("path", s("a/b"))]),
        ),
        // Werkzeug matched the decoded "/hello\n"; the raw form is "/hello%0A" (departure 14).
        ("236 nl /hello\\n", &nl_a, get("/hello%0A"), NOT_FOUND),
        (
            "238 nl2 /hello%0A",
            &nl2_a,
            get("/hello%0A"),
            ok("x", &[("x", s("hello\n"))]),
        ),
        ("239 dl / GET", &dl_a, get("/"), ok("index", &[])),
        (
            "241 dl /downloads",
            &dl_a,
            get("/downloads"),
            redirect("http://example.com/downloads/"),
        ),
        ("242 dl /missing", &dl_a, get("/missing"), NOT_FOUND),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn priority() {
    let p1 = map("p1", vec![r("/<a>/b", "Ab"), r("/a/<b>", "aB")]);
    let p2 = map("p2", vec![r("/<x>", "str"), r("/<uuid:x>", "uuid")]);
    let p3 = map(
        "p3",
        vec![
            r("/<path:p>", "path"),
            r("/<x>", "str"),
            r("/<int:x>", "int"),
            r("/<float:x>", "float"),
        ],
    );
    let p4 = map(
        "p4",
        vec![r("/<x>", "x"), r("/<x>.json", "json"), r("/<x>.<y>", "xy")],
    );
    let p5 = map("p5", vec![r("/<a><b>", "ab"), r("/<int:c>", "c")]);
    let p6 = map(
        "p6",
        vec![r("/<x>/edit", "str_edit"), r("/<path:p>/edit", "path_edit")],
    );
    let p7 = map(
        "p7",
        vec![r("/foo<x>", "foox"), r("/<x>", "x"), r("/fo<x>", "fox")],
    );
    let p8 = map(
        "p8",
        vec![
            r("/a/<x>/c", "axc"),
            r("/a/<path:p>", "ap"),
            r("/<path:p>/c", "pc"),
        ],
    );
    let p9 = map("p9", vec![r("/<int(min=5):x>", "int"), r("/<y>", "str")]);
    let [p1, p2, p3, p4, p5, p6, p7, p8, p9] =
        [&p1, &p2, &p3, &p4, &p5, &p6, &p7, &p8, &p9].map(|m| m.bind("h", "/"));
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        ("244 p1 /x/b", &p1, get("/x/b"), ok("Ab", &[("a", s("x"))])),
        (
            "245 p2 uuid-shaped text goes to the first-added /<x>",
            &p2,
            get("/2b5b0911-fdcf-4dd2-921b-28ace88db8a0"),
            ok("str", &[("x", s("2b5b0911-fdcf-4dd2-921b-28ace88db8a0"))]),
        ),
        (
            "247 p3 /1.5",
            &p3,
            get("/1.5"),
            ok("float", &[("x", Value::Float(1.5))]),
        ),
        ("248 p3 /a", &p3, get("/a"), ok("str", &[("x", s("a"))])),
        (
            "250 p4 /a.json",
            &p4,
            get("/a.json"),
            ok("json", &[("x", s("a"))]),
        ),
        (
            "251 p4 /a.b",
            &p4,
            get("/a.b"),
            ok("xy", &[("x", s("a")), ("y", s("b"))]),
        ),
        ("253 p4 /a", &p4, get("/a"), ok("x", &[("x", s("a"))])),
        (
            "254 p5 /12",
            &p5,
            get("/12"),
            ok("ab", &[("a", s("1")), ("b", s("2"))]),
        ),
        // p6 has no numbered vector; reference §3.3.3 states this result (SURPRISE).
        (
            "p6 (§3.3.3) /a/edit: /<path:p>/edit beats /<x>/edit",
            &p6,
            get("/a/edit"),
            ok("path_edit", &[("p", s("a"))]),
        ),
        (
            "256 p7 /foobar",
            &p7,
            get("/foobar"),
            ok("foox", &[("x", s("bar"))]),
        ),
        ("257 p7 /foo", &p7, get("/foo"), ok("fox", &[("x", s("o"))])),
        (
            "259 p8 /a/b/c",
            &p8,
            get("/a/b/c"),
            ok("axc", &[("x", s("b"))]),
        ),
        (
            "260 p8 /a/b/d backtracks",
            &p8,
            get("/a/b/d"),
            ok("ap", &[("p", s("b/d"))]),
        ),
        // departure 1: converter rejection falls back to the next rule; Werkzeug gives 404.
        (
            "262 p9 /3 (departure 1)",
            &p9,
            get("/3"),
            ok("str", &[("y", s("3"))]),
        ),
        ("263 p9 /7", &p9, get("/7"), ok("int", &[("x", int(7))])),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn leading_slashes_case_and_dots() {
    let m = map("lead", vec![r("/foo", "foo"), r("/", "root")]);
    let a = m.bind("h", "/app");
    let mut t = Table::new();
    for (case, input, expected) in [
        ("265 lead //foo", get("//foo"), ok("foo", &[])),
        (
            "266 lead foo (no leading slash)",
            get("foo"),
            ok("foo", &[]),
        ),
        ("268 lead /FOO is case-sensitive", get("/FOO"), NOT_FOUND),
        (
            "269 lead /./foo is not normalised",
            get("/./foo"),
            NOT_FOUND,
        ),
    ] {
        t.check_match(case, &a, &input, &expected);
    }
    t.finish();
}
