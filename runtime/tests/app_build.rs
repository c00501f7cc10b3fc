//! What `AppBuilder::build` refuses: conflicts between mounts (both routes named), missing
//! and unknown handlers, bad prefixes, subdomain mounts without a server name.
#![cfg(feature = "server")]

use stellwerk_runtime::app::{App, AppError, Handlers, MountPoint};
use stellwerk_runtime::routing::{Map, Rule};

fn map(rules: &[(&str, &str, Option<&[&str]>)]) -> (Map, Handlers) {
    let mut builder = Map::builder();
    let mut handlers = Handlers::new();
    for &(rule, endpoint, methods) in rules {
        let mut r = Rule::new(rule).endpoint(endpoint);
        if let Some(methods) = methods {
            r = r.methods(methods.iter().copied());
        }
        builder = builder.rule(r);
        handlers = handlers.on(endpoint, || async { "" });
    }
    (builder.build().unwrap(), handlers)
}

#[test]
fn conflicts_between_mounts_name_both_routes() {
    // (mount a, rules a, mount b, rules b, conflict: (first endpoint, second endpoint))
    type Case<'a> = (
        &'a str,
        &'a [(&'a str, &'a str, Option<&'a [&'a str]>)],
        &'a str,
        &'a [(&'a str, &'a str, Option<&'a [&'a str]>)],
        Option<(&'a str, &'a str)>,
    );
    let cases: &[Case<'_>] = &[
        // The same URL through two mounts: the longer prefix answers, the other is dead.
        (
            "/",
            &[("/blog/x", "root_x", None)],
            "/blog",
            &[("/x", "blog_x", None)],
            Some(("blog_x", "root_x")),
        ),
        // Equal prefixes: the first mounted answers.
        (
            "/a",
            &[("/<name>", "first", None)],
            "/a",
            &[("/<other>", "second", None)],
            Some(("first", "second")),
        ),
        // Different methods are not a conflict.
        (
            "/",
            &[("/blog/x", "get", Some(&["GET"]))],
            "/blog",
            &[("/x", "post", Some(&["POST"]))],
            None,
        ),
        // Priority resolves static against dynamic: no conflict.
        (
            "/",
            &[("/blog/<x>", "dynamic", None)],
            "/blog",
            &[("/new", "static", None)],
            None,
        ),
        // Different converters accept different URLs: not a duplicate. (Known limit: the
        // `/blog` mount is tried first and its `str` route answers `/blog/5` too, so the
        // root's `int` route is hidden; only duplicates are reported.)
        (
            "/",
            &[("/blog/<int:x>", "int", None)],
            "/blog",
            &[("/<string:x>", "str", None)],
            None,
        ),
        // Prefixes that do not nest never conflict.
        (
            "/blog",
            &[("/x", "a", None)],
            "/blogs",
            &[("/x", "b", None)],
            None,
        ),
    ];
    for (prefix_a, rules_a, prefix_b, rules_b, expected) in cases {
        let (map_a, handlers_a) = map(rules_a);
        let (map_b, handlers_b) = map(rules_b);
        let result = App::new()
            .mount_map(*prefix_a, map_a, handlers_a)
            .mount_map(*prefix_b, map_b, handlers_b)
            .build();
        let case = format!("{prefix_a} {rules_a:?} / {prefix_b} {rules_b:?}");
        match (result, expected) {
            (Ok(_), None) => {}
            (Err(AppError::Conflict { first, second }), Some((e1, e2))) => {
                assert_eq!(
                    (first.endpoint.as_str(), second.endpoint.as_str()),
                    (*e1, *e2),
                    "{case}"
                );
                let message = AppError::Conflict { first, second }.to_string();
                assert!(
                    message.contains(e1) && message.contains(e2),
                    "{case}: {message}"
                );
                assert!(message.contains("mounted at"), "{case}: {message}");
            }
            (other, _) => panic!("{case}: unexpected {:?}", other.map(|_| ())),
        }
    }
}

#[test]
fn host_restricted_mounts_do_not_conflict_with_unrestricted_ones() {
    let (a, ha) = map(&[("/", "a", None)]);
    let (b, hb) = map(&[("/", "b", None)]);
    assert!(
        App::new()
            .mount_map("/", a, ha)
            .mount_map(MountPoint::new("/").host("api.example.com"), b, hb)
            .build()
            .is_ok()
    );
    let (a, ha) = map(&[("/", "a", None)]);
    let (b, hb) = map(&[("/", "b", None)]);
    let same_host = App::new()
        .mount_map(MountPoint::new("/").host("api.example.com"), a, ha)
        .mount_map(MountPoint::new("/").host("api.example.com"), b, hb)
        .build();
    assert!(matches!(same_host, Err(AppError::Conflict { .. })));
}

#[test]
fn handlers_must_match_endpoints() {
    let map = Map::builder()
        .rule(Rule::new("/a").endpoint("a"))
        .rule(Rule::new("/b").endpoint("b"))
        .rule(Rule::new("/old").redirect_to("/a"))
        .rule(Rule::new("/built/<x>").endpoint("built").build_only(true))
        .build()
        .unwrap();
    let missing = App::new()
        .mount_map("/", map.clone(), Handlers::new().on("a", || async { "" }))
        .build()
        .unwrap_err();
    assert_eq!(
        missing,
        AppError::MissingHandler {
            prefix: String::new(),
            endpoint: "b".into(),
            rule: "/b".into()
        }
    );
    assert!(
        missing.to_string().contains(".on(\"b\", handler)"),
        "{missing}"
    );
    let unknown = App::new()
        .mount_map(
            "/",
            map.clone(),
            Handlers::new()
                .on("a", || async { "" })
                .on("b", || async { "" })
                .on("c", || async { "" }),
        )
        .build()
        .unwrap_err();
    assert!(matches!(unknown, AppError::UnknownEndpoint { ref endpoint, .. } if endpoint == "c"));
    // Redirect and build-only rules need no handler.
    assert!(
        App::new()
            .mount_map(
                "/",
                map,
                Handlers::new()
                    .on("a", || async { "" })
                    .on("b", || async { "" })
            )
            .build()
            .is_ok()
    );
}

#[test]
fn prefixes_and_subdomains_are_checked() {
    for (prefix, valid) in [
        ("/", true),
        ("", true),
        ("api", true),
        ("/api/v1/", true),
        ("/a b", false),
        ("/a?b", false),
        ("/<x>", false),
        ("/a//b", false),
        ("/%41", false),
    ] {
        let (m, h) = map(&[("/", "i", None)]);
        let result = App::new().mount_map(prefix, m, h).build();
        assert_eq!(result.is_ok(), valid, "{prefix:?}: {:?}", result.err());
        if !valid {
            assert!(
                matches!(result, Err(AppError::InvalidPrefix { .. })),
                "{prefix:?}"
            );
        }
    }
    let (m, h) = map(&[("/", "i", None)]);
    let result = App::new()
        .mount_map(MountPoint::new("/").subdomain("shop"), m, h)
        .build();
    assert!(matches!(
        result,
        Err(AppError::SubdomainWithoutServerName { .. })
    ));
}
