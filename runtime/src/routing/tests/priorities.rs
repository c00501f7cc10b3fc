//! The wiki and complex setups of reference section C, double defaults, quoting.

use super::*;

#[test]
fn wiki_and_complex_priorities() {
    let wiki = map(vec![
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
    ]);
    let a = wiki.bind("example.org", "/");
    for (path, expected) in [
        ("/", "page {name=Str(\"FrontPage\")}"),
        ("/Special", "special {}"),
        ("/2007", "year {year=Int(2007)}"),
        ("/Some:foo", "foopage {name=Str(\"Some\")}"),
        (
            "/Some:bar",
            "twopage {name=Str(\"Some\"), name2=Str(\"bar\")}",
        ),
        ("/Some/Page", "page {name=Str(\"Some/Page\")}"),
        ("/Some/Page/edit", "editpage {name=Str(\"Some/Page\")}"),
        (
            "/Foo/silly/bar",
            "sillypage {name=Str(\"Foo\"), name2=Str(\"bar\")}",
        ),
        (
            "/Foo/silly/bar/edit",
            "editsillypage {name=Str(\"Foo\"), name2=Str(\"bar\")}",
        ),
        ("/Talk:Some/Page", "talk {name=Str(\"Some/Page\")}"),
        ("/User:thomas", "user {username=Str(\"thomas\")}"),
        (
            "/User:thomas/projects/werkzeug",
            "userpage {username=Str(\"thomas\"), name=Str(\"projects/werkzeug\")}",
        ),
        (
            "/User:thomas/comment/123-456",
            "usercomment {username=Str(\"thomas\"), id=Int(123), replyId=Int(456)}",
        ),
        (
            "/Files/downloads/werkzeug/0.2.zip",
            "files {file=Str(\"downloads/werkzeug/0.2.zip\")}",
        ),
        (
            "/Jerry/eats/cheese",
            "admin {admin=Str(\"Jerry\"), manage=Str(\"eats\"), things=Str(\"cheese\")}",
        ),
    ] {
        assert_eq!(get(&a, path), expected, "wiki GET {path}");
    }
    let complex = map(vec![
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
    ]);
    let a = complex.bind("example.com", "/");
    for (path, expected) in [
        ("/42", "an_int {blub=Int(42)}"),
        ("/blub", "a_string {blub=Str(\"blub\")}"),
        ("/foobar/", "nestedbar {}"),
        ("/foo/1/2/3/", "nested_show {testing=Str(\"1/2/3\")}"),
        ("/foo/1/2/3/edit", "nested_edit {testing=Str(\"1/2/3\")}"),
        ("/users/", "users {page=Int(1)}"),
        ("/users/page/2", "users {page=Int(2)}"),
        ("/users/page/1", "308 http://example.com/users/"),
        ("/foox", "foox {}"),
        (
            "/1/2/3",
            "barx_path_path {bar=Str(\"1\"), blub=Str(\"2/3\")}",
        ),
    ] {
        assert_eq!(get(&a, path), expected, "complex GET {path}");
    }
    for (endpoint, values, expected) in [
        (
            "nested_show",
            vec![("testing", Value::from("1/2/3"))],
            "/foo/1/2/3/",
        ),
        (
            "nested_edit",
            vec![("testing", Value::from("1/2/3"))],
            "/foo/1/2/3/edit",
        ),
        ("users", vec![("page", 2.into())], "/users/page/2"),
        ("users", vec![], "/users/"),
    ] {
        assert_eq!(
            a.build(endpoint, &values).unwrap(),
            expected,
            "build {endpoint}"
        );
    }
    let pw = map(vec![
        r("/<path:path>/c", "simple"),
        r("/<path:path>/<a>/<b>", "complex"),
    ]);
    assert_eq!(
        get(&pw.bind("h", "/"), "/a/b/c"),
        "simple {path=Str(\"a/b\")}"
    );
    let p6 = map(vec![
        r("/<x>/edit", "str_edit"),
        r("/<path:p>/edit", "path_edit"),
    ]);
    assert_eq!(
        get(&p6.bind("h", "/"), "/a/edit"),
        "path_edit {p=Str(\"a\")}"
    );
    let p7 = map(vec![
        r("/foo<x>", "foox"),
        r("/<x>", "x"),
        r("/fo<x>", "fox"),
    ]);
    let a7 = p7.bind("h", "/");
    assert_eq!(get(&a7, "/foobar"), "foox {x=Str(\"bar\")}");
    assert_eq!(get(&a7, "/foo"), "fox {x=Str(\"o\")}");
    let p5 = map(vec![r("/<a><b>", "ab"), r("/<int:c>", "c")]);
    assert_eq!(
        get(&p5.bind("h", "/"), "/12"),
        "ab {a=Str(\"1\"), b=Str(\"2\")}"
    );
}

#[test]
fn double_defaults_and_quoting() {
    let dd = map(vec![
        r("/", "x").defaults([("foo", Value::from(1)), ("bar", Value::from(false))]),
        r("/<int:foo>", "x").defaults([("bar", false)]),
        r("/bar/", "x").defaults([("foo", Value::from(1)), ("bar", Value::from(true))]),
        r("/bar/<int:foo>", "x").defaults([("bar", true)]),
    ]);
    let a = dd.bind("example.com", "/");
    assert_eq!(get(&a, "/2"), "x {foo=Int(2), bar=Bool(false)}");
    assert_eq!(get(&a, "/bar/"), "x {foo=Int(1), bar=Bool(true)}");
    assert_eq!(get(&a, "/1"), "308 http://example.com/");
    for (foo, bar, expected) in [
        (1, false, "/"),
        (2, false, "/2"),
        (1, true, "/bar/"),
        (2, true, "/bar/2"),
    ] {
        let values = [("foo", Value::from(foo)), ("bar", Value::from(bar))];
        assert_eq!(
            a.build("x", &values).unwrap(),
            expected,
            "build {foo} {bar}"
        );
    }
    let rpq = map(vec![
        r("/<category>", "category").defaults([("page", 1)]),
        r("/<category>/page/<int:page>", "category"),
    ]);
    assert_eq!(
        get(&rpq.bind("example.com", "/"), "/foo%20bar/page/1"),
        "308 http://example.com/foo%20bar"
    );
    let qt = map(vec![
        r("/s/<x>", "s"),
        r("/p/<path:x>", "p"),
        r("/st/ä ö+?/", "st"),
    ]);
    let a = qt.bind("h", "/");
    for (value, expected) in [
        ("a+b", "/s/a+b"),
        ("a?b", "/s/a%3Fb"),
        ("a&b=c", "/s/a&b=c"),
        ("[]", "/s/%5B%5D"),
        ("é", "/s/%C3%A9"),
        ("a%20b", "/s/a%2520b"),
        ("a/b", "/s/a%2Fb"),
    ] {
        assert_eq!(
            a.build("s", &[("x", value.into())]).unwrap(),
            expected,
            "{value}"
        );
    }
    assert_eq!(a.build("st", &[]).unwrap(), "/st/%C3%A4%20%C3%B6+%3F/");
    assert_eq!(get(&a, "/st/%C3%A4%20%C3%B6+%3F/"), "st {}");
    assert_eq!(get(&a, "/p/a%2Fb"), "p {x=Str(\"a/b\")}");
    assert_eq!(get(&a, "/s/a+b"), "s {x=Str(\"a+b\")}");
}
