//! The plan evaluator against the interpreted map: tables and random route sets.
//!
//! What this covers: [`Plan::search`] runs the same steps, in the same order, as the Rust
//! code `routes![]` emits (one function per state; the same [`Search`] methods for segments,
//! decoding, final parts, method and slash checks), so the proptests below check the
//! generated matcher's *semantics* on random route sets (static, dynamic, multi-converter,
//! final and suffixed parts, methods, strict slashes) and random paths (percent-encoding,
//! invalid UTF-8, trailing and repeated slashes) against the [`Map`].
//!
//! What it does not cover: the translation of a plan into tokens (a wrong literal or a
//! missed transition in `macros/src/group/codegen.rs`). That is covered by the root tests
//! `tests/group_corpus.rs` (fixed route groups as real handlers, a table plus a proptest
//! over arbitrary paths against the map), `tests/group_500.rs` and the macro crate's
//! expansion tests; the handlers' `Args::from_values` fallback is in `tests/group_args.rs`.

use http::Method;
use proptest::prelude::*;

use super::*;
use crate::routing::{Map, RoutingError};

fn spec(rule: &str, endpoint: &str, methods: Option<&[&str]>, strict: Option<bool>) -> RouteSpec {
    RouteSpec {
        rule: Cow::Owned(rule.to_string()),
        endpoint: Cow::Owned(endpoint.to_string()),
        methods: methods
            .map(|ms| Cow::Owned(ms.iter().map(|m| Cow::Owned(m.to_string())).collect())),
        strict_slashes: strict,
        ..RouteSpec::new("", "")
    }
}

/// The map's answer in the group's terms.
fn map_outcome(
    map: &Map,
    path: &str,
    method: &Method,
) -> Result<(String, Vec<Value>), RoutingError> {
    map.bind("localhost", "/")
        .match_path(path, method)
        .map(|m| {
            (
                m.endpoint.to_string(),
                m.args.into_iter().map(|(_, v)| v).collect(),
            )
        })
}

fn group_outcome(
    g: &RouteGroup,
    path: &str,
    method: &Method,
) -> Result<(String, Vec<Value>), RoutingError> {
    g.match_path(path, method)
        .map(|m| (m.endpoint.to_string(), m.args))
}

#[test]
fn table_agrees_with_map() {
    let routes = [
        spec("/", "index", None, None),
        spec("/users/<int(min=1):id>", "user", Some(&["GET"]), None),
        spec("/users/<name>", "user_by_name", Some(&["GET"]), None),
        spec("/users/new", "new_user", Some(&["POST"]), None),
        spec("/docs/", "docs", None, None),
        spec("/files/<path:p>/edit", "edit", None, None),
        spec("/files/<path:p>", "file", None, None),
        spec("/v<int:major>.<int:minor>", "version", None, None),
        spec("/<x>.json", "json", None, None),
        spec("/loose", "loose", None, Some(false)),
    ];
    let plan = compile(&routes).unwrap();
    let map = plan.map.clone();
    let group = RouteGroup::from_plan(plan);
    for (path, method, expected) in [
        ("/", Method::GET, Ok("index")),
        ("/users/5", Method::GET, Ok("user")),
        ("/users/0", Method::GET, Ok("user_by_name")),
        ("/users/new", Method::POST, Ok("new_user")),
        ("/users/new", Method::GET, Ok("user_by_name")),
        ("/users/5", Method::DELETE, Err(405)),
        ("/docs", Method::GET, Err(308)),
        ("/docs/", Method::GET, Ok("docs")),
        ("/files/a/b/edit", Method::GET, Ok("edit")),
        ("/files/a/b/", Method::GET, Ok("file")),
        ("/v1.2", Method::GET, Ok("version")),
        ("/a.json", Method::GET, Ok("json")),
        ("/loose/", Method::GET, Ok("loose")),
        ("/users//5", Method::GET, Err(308)),
        ("/nothing/here", Method::GET, Err(404)),
        ("/%FF", Method::GET, Err(400)),
    ] {
        let got = group_outcome(&group, path, &method);
        assert_eq!(got, map_outcome(&map, path, &method), "{method} {path}");
        match (expected, got) {
            (Ok(e), Ok((endpoint, _))) => assert_eq!(endpoint, e, "{method} {path}"),
            (Err(status), Err(err)) => assert_eq!(err.status().as_u16(), status, "{method} {path}"),
            (e, g) => panic!("{method} {path}: expected {e:?}, got {g:?}"),
        }
    }
    assert_eq!(
        group.bind("h", "/").allowed_methods("/users/5"),
        map.bind("h", "/").allowed_methods("/users/5")
    );
}

#[test]
fn duplicates_are_located() {
    let routes = [
        spec("/a", "a", None, None),
        spec("/b/<x>", "b", Some(&["GET"]), None),
        spec("/c", "c", None, None),
        spec("/b/<y>", "d", Some(&["GET", "POST"]), None),
    ];
    assert_eq!(
        compile(&routes).unwrap_err(),
        GroupError::Duplicate {
            earlier: 1,
            later: 3
        }
    );
    let bad = [
        spec("/a", "a", None, None),
        spec("/<nope:x>", "b", None, None),
    ];
    assert!(matches!(
        compile(&bad),
        Err(GroupError::Rule { index: 1, .. })
    ));
}

#[test]
fn shadow_table() {
    // (rules in order, expected (earlier, later) pairs)
    for (rules, expected) in [
        (vec!["/<x>", "/<string(length=2):y>"], vec![(0, 1)]),
        (vec!["/<string(length=2):y>", "/<x>"], vec![]),
        (vec!["/<x>", "/<int:y>"], vec![]),
        (vec!["/<int:y>", "/<x>"], vec![]),
        (vec!["/<x>/a", "/<any(p,q):y>/a"], vec![(0, 1)]),
        (vec!["/<x>/<y>", "/<z>/b"], vec![]),
        (vec!["/<x>", "/a"], vec![]),
        (vec!["/<path:p>", "/<x>"], vec![]),
        (vec!["/<path:p>/edit", "/<x>/edit"], vec![]),
        (vec!["/<int(min=3):a>", "/<int(min=5):b>"], vec![]),
        (vec!["/<x>.json", "/<any(a.json,b.json):y>"], vec![(0, 1)]),
        (vec!["/<any(a.json,b.json):y>", "/<x>.json"], vec![(1, 0)]),
        (vec!["/k/<x>", "/k/<uuid:u>"], vec![(0, 1)]),
        (vec!["/<a>-<b>", "/<c>-x"], vec![]),
    ] {
        let specs: Vec<RouteSpec> = rules
            .iter()
            .enumerate()
            .map(|(i, r)| spec(r, &format!("e{i}"), None, None))
            .collect();
        let plan = compile(&specs).unwrap();
        let found: Vec<(usize, usize)> = shadowed(&plan)
            .iter()
            .map(|s| (s.earlier, s.later))
            .collect();
        assert_eq!(found, expected, "{rules:?}");
    }
    // Methods and slashes matter.
    let plan = compile(&[
        spec("/<x>", "a", Some(&["GET"]), None),
        spec("/<string(length=2):y>", "b", Some(&["GET", "POST"]), None),
        spec("/<string(length=3):z>", "c", None, Some(false)),
    ])
    .unwrap();
    assert!(shadowed(&plan).is_empty());
}

const PARTS: &[&str] = &[
    "a",
    "b",
    "",
    "<V>",
    "<int:V>",
    "<path:V>",
    "<string(length=2):V>",
    "<any(a,bb):V>",
    "x<V>",
    "<V>.json",
    "<float:V>",
    "<int(min=5):V>",
    "<V>-<W>",
];
const SEGMENTS: &[&str] = &[
    "a", "b", "bb", "1", "7", "x.json", "ab", "1.5", "a-b", "%2F", "", "xa", "%FF", "%61",
];

fn rule_strategy() -> impl Strategy<Value = (String, Option<Vec<&'static str>>, Option<bool>)> {
    (
        prop::collection::vec(prop::sample::select(PARTS), 1..4),
        prop::option::of(prop::sample::subsequence(vec!["GET", "POST", "PUT"], 1..3)),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(parts, methods, strict)| {
            let mut n = 0;
            let mut rule = String::new();
            for p in parts {
                rule.push('/');
                let mut p = p.to_string();
                for var in ["V", "W"] {
                    if p.contains(&format!("{var}>")) {
                        p = p.replacen(&format!("{var}>"), &format!("v{n}>"), 1);
                        n += 1;
                    }
                }
                rule.push_str(&p);
            }
            (rule, methods, strict)
        })
}

fn path_strategy() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(SEGMENTS), 0..4),
        0..3usize,
    )
        .prop_map(|(segs, slashes)| {
            let mut p = String::new();
            for s in segs {
                p.push('/');
                if slashes == 2 {
                    p.push('/');
                }
                p.push_str(s);
            }
            if slashes == 1 {
                p.push('/');
            }
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The evaluated plan (the generated matcher's steps) and the map agree on every path.
    #[test]
    fn plan_agrees_with_map(
        rules in prop::collection::vec(rule_strategy(), 1..7),
        paths in prop::collection::vec(path_strategy(), 1..12),
    ) {
        let specs: Vec<RouteSpec> = rules
            .iter()
            .enumerate()
            .map(|(i, (r, m, s))| spec(r, &format!("e{i}"), m.as_deref(), *s))
            .collect();
        let map = specs.iter().fold(Map::builder(), |b, r| b.rule(r.to_rule())).build();
        let plan = compile(&specs);
        prop_assert_eq!(map.is_ok(), plan.is_ok());
        let (Ok(map), Ok(plan)) = (map, plan) else { return Ok(()) };
        let group = RouteGroup::from_plan(plan);
        for path in &paths {
            for method in [Method::GET, Method::POST, Method::HEAD, Method::DELETE] {
                prop_assert_eq!(
                    group_outcome(&group, path, &method),
                    map_outcome(&map, path, &method),
                    "{} {}", method, path
                );
            }
            prop_assert_eq!(
                group.bind("h", "/").allowed_methods(path),
                map.bind("h", "/").allowed_methods(path)
            );
        }
    }

    /// A reported shadowing is real: on random paths, the later route never matches while
    /// the earlier one is in the set (the map never returns it).
    #[test]
    fn shadowed_routes_never_match(
        rules in prop::collection::vec(rule_strategy(), 2..6),
        paths in prop::collection::vec(path_strategy(), 1..16),
    ) {
        let specs: Vec<RouteSpec> = rules
            .iter()
            .enumerate()
            .map(|(i, (r, m, s))| spec(r, &format!("e{i}"), m.as_deref(), *s))
            .collect();
        let Ok(plan) = compile(&specs) else { return Ok(()) };
        let dead: Vec<usize> = shadowed(&plan).iter().map(|s| s.later).collect();
        let group = RouteGroup::from_plan(plan);
        for path in &paths {
            for method in [Method::GET, Method::POST, Method::PUT] {
                if let Ok(m) = group.match_path(path, &method) {
                    prop_assert!(!dead.contains(&m.route), "{} {} matched shadowed route {}", method, path, m.route);
                }
            }
        }
    }
}

#[test]
fn interpreted_routes_finish_in_the_map() {
    fn page_one() -> crate::routing::Rule {
        crate::routing::Rule::new("/list/")
            .endpoint("list")
            .defaults([("page", 1)])
    }
    fn page_n() -> crate::routing::Rule {
        crate::routing::Rule::new("/list/<int:page>").endpoint("list")
    }
    fn old() -> crate::routing::Rule {
        crate::routing::Rule::new("/old/<int:page>")
            .endpoint("list")
            .alias(true)
    }
    let routes = [
        RouteSpec {
            interpret: true,
            full_rule: Some(page_one),
            ..spec("/list/", "list", None, None)
        },
        RouteSpec {
            interpret: true,
            full_rule: Some(page_n),
            ..spec("/list/<int:page>", "list", None, None)
        },
        RouteSpec {
            interpret: true,
            full_rule: Some(old),
            ..spec("/old/<int:page>", "list", None, None)
        },
        spec("/plain", "plain", None, None),
    ];
    let plan = compile(&routes).unwrap();
    let map = plan.map.clone();
    let group = RouteGroup::from_plan(plan);
    for path in ["/list/", "/list/1", "/list/2", "/old/3", "/plain", "/list"] {
        assert_eq!(
            group_outcome(&group, path, &Method::GET),
            map_outcome(&map, path, &Method::GET),
            "{path}"
        );
    }
    assert_eq!(
        group
            .match_path("/list/", &Method::GET)
            .map(|m| (m.route, m.args)),
        Ok((0, vec![Value::Int(1)]))
    );
    assert!(matches!(
        group.match_path("/list/1", &Method::GET),
        Err(RoutingError::Redirect { location, .. }) if location == "http://localhost/list/"
    ));
}

#[test]
fn host_matching_groups() {
    let host = |rule: &str, endpoint: &str, h: &str| RouteSpec {
        host: Some(Cow::Owned(h.to_string())),
        ..spec(rule, endpoint, None, None)
    };
    let plan = compile(&[
        host("/", "main", "example.com"),
        host("/", "user", "<user>.example.org"),
        host("/docs/", "docs", "example.com"),
    ])
    .unwrap();
    let map = plan.map.clone();
    let group = RouteGroup::from_plan(plan);
    for (server, path) in [
        ("example.com", "/"),
        ("alice.example.org", "/"),
        ("other.test", "/"),
        ("example.com", "/docs"),
    ] {
        let g = group
            .bind(server, "/")
            .match_path(path, &Method::GET)
            .map(|m| (m.endpoint.to_string(), m.args));
        let m = map
            .bind(server, "/")
            .match_path(path, &Method::GET)
            .map(|m| {
                (
                    m.endpoint.to_string(),
                    m.args.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
                )
            });
        assert_eq!(g, m, "{server}{path}");
    }
    assert_eq!(
        group
            .bind("alice.example.org", "/")
            .match_path("/", &Method::GET)
            .map(|m| m.args),
        Ok(vec![Value::from("alice")])
    );
    // With host matching every route needs a host (departure 8).
    assert!(compile(&[host("/", "a", "example.com"), spec("/b", "b", None, None)]).is_err());
}

#[test]
fn match_ref_borrows_text_that_needed_no_decoding() {
    let plan = compile(&[
        spec("/u/<name>/<int:n>", "user", None, None),
        spec("/f/<path:p>", "file", None, None),
        spec("/x/v<string(length=2):c>.json", "code", None, None),
        spec("/m/<a>-<int:b>", "multi", None, None),
    ])
    .unwrap();
    let group = RouteGroup::from_plan(plan);
    let urls = group.bind("localhost", "/");
    // (path, expected values, which of them are borrowed from the path)
    let cases: [(&str, Vec<Value>, Vec<bool>); 7] = [
        (
            "/u/ada/7",
            vec![Value::from("ada"), Value::Int(7)],
            vec![true, false],
        ),
        (
            "/u/a%20b/7",
            vec![Value::from("a b"), Value::Int(7)],
            vec![false, false],
        ),
        ("/f/a/b/c", vec![Value::from("a/b/c")], vec![true]),
        ("/f/a/%62", vec![Value::from("a/b")], vec![false]),
        ("/x/vab.json", vec![Value::from("ab")], vec![true]),
        ("/x/v%61b.json", vec![Value::from("ab")], vec![false]),
        // A regex part (two converters in a segment) gives owned values.
        (
            "/m/q-3",
            vec![Value::from("q"), Value::Int(3)],
            vec![false, false],
        ),
    ];
    for (path, values, borrowed) in cases {
        let m = urls.match_ref(path, &Method::GET).unwrap();
        let kinds: Vec<bool> = m
            .args
            .iter()
            .map(|a| matches!(a, Arg::Text(Cow::Borrowed(_))))
            .collect();
        assert_eq!(kinds, borrowed, "{path}: borrowed");
        assert_eq!(m.clone().into_owned().args, values, "{path}: values");
        assert_eq!(
            urls.match_path(path, &Method::GET).unwrap(),
            m.into_owned(),
            "{path}: owned form"
        );
    }
}

#[test]
fn match_ref_answers_the_same_errors() {
    let group = RouteGroup::from_plan(
        compile(&[
            spec("/docs/", "docs", None, None),
            spec("/post/<int:id>", "post", Some(&["POST"]), None),
        ])
        .unwrap(),
    );
    let urls = group.bind("localhost", "/");
    for (path, method) in [
        ("/docs", Method::GET),
        ("/post/1", Method::GET),
        ("/nothing", Method::GET),
        ("/post/%FF", Method::POST),
        ("/post//1", Method::POST),
    ] {
        assert_eq!(
            urls.match_ref(path, &method).map(GroupMatchRef::into_owned),
            urls.match_path(path, &method),
            "{method} {path}"
        );
        assert!(urls.match_ref(path, &method).is_err(), "{method} {path}");
    }
}
