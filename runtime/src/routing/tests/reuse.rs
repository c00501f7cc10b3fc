//! [`MapAdapter::match_in`] against [`MapAdapter::match_path`]: the same outcome for any
//! path, with one buffer reused across lookups.

use proptest::prelude::*;

use super::*;

fn sample_map() -> Map {
    Map::builder()
        .rule(r("/", "index"))
        .rule(r("/users/<int:id>", "user"))
        .rule(r("/users/<int:id>/<name>", "user_name"))
        .rule(r("/users/me", "me"))
        .rule(r("/files/<path:p>", "file"))
        .rule(r("/files/<path:p>/", "dir"))
        .rule(r("/v<int:major>.<int:minor>/<any(a, b):x>", "version"))
        .rule(r("/list/", "list").defaults([("page", 1)]))
        .rule(r("/list/<int:page>", "list"))
        .rule(r("/old/<int:n>", "old").redirect_to("/users/<n>"))
        .rule(r("/posts/<x>", "post").methods(["POST"]))
        .rule(r("/u/<uuid:u>/<float:f>", "uf"))
        .build()
        .unwrap()
}

/// The owned outcome, and the borrowed one compared field by field.
fn compare(a: &MapAdapter, buffer: &mut MatchBuffer, path: &str, method: &Method) {
    let owned = a.match_path(path, method);
    let borrowed = a.match_in(path, method, buffer);
    match (&owned, borrowed) {
        (Ok(m), Ok(b)) => {
            assert_eq!(&*m.endpoint, b.endpoint(), "{path:?}");
            assert!(std::ptr::eq(&*m.rule, b.rule()), "{path:?}");
            let args: Vec<(&str, &Value)> = m.args.iter().map(|(k, v)| (&**k, v)).collect();
            assert_eq!(args, b.args().collect::<Vec<_>>(), "{path:?}");
            for (name, value) in &m.args {
                assert_eq!(b.get(name), Some(value), "{path:?} {name}");
            }
            assert_eq!(b.to_match(), *m, "{path:?}");
        }
        (Err(e), Err(f)) => assert_eq!(*e, f, "{path:?}"),
        (o, b) => panic!(
            "{path:?}: match_path {o:?}, match_in {:?}",
            b.map(|m| m.to_match())
        ),
    }
}

#[test]
fn match_in_agrees_on_a_table() {
    let map = sample_map();
    let a = map.bind("example.org", "/");
    let mut buffer = MatchBuffer::new();
    for path in [
        "/",
        "/users/7",
        "/users/7/ada",
        "/users/8/a%20much%20longer%20name",
        "/users/9/x",
        "/users/me",
        "/files/a/b/c",
        "/files/a/b/",
        "/files/%2F",
        "/v1.2/a",
        "/v1.2/c",
        "/list/",
        "/list/1",
        "/list/2",
        "/old/5",
        "/posts/p",
        "/u/6ba7b810-9dad-11d1-80b4-00c04fd430c8/1.5",
        "/users//7",
        "/users/%ff",
        "",
        "/nothing",
    ] {
        for method in [Method::GET, Method::POST, Method::HEAD] {
            compare(&a, &mut buffer, path, &method);
        }
    }
}

proptest! {
    #[test]
    fn match_in_agrees_on_any_path(
        segments in proptest::collection::vec(
            prop_oneof![
                Just("users".to_string()),
                Just("files".to_string()),
                Just("list".to_string()),
                Just("me".to_string()),
                Just(String::new()),
                "[0-9]{1,3}",
                "[a-z%0-9./]{0,6}",
                "v[0-9]\\.[0-9]",
            ],
            0..5,
        ),
        post in any::<bool>(),
    ) {
        let map = sample_map();
        let a = map.bind("example.org", "/");
        let mut buffer = MatchBuffer::new();
        let path = format!("/{}", segments.join("/"));
        let method = if post { Method::POST } else { Method::GET };
        // Twice: the second lookup reuses what the first left in the buffer.
        compare(&a, &mut buffer, &path, &method);
        compare(&a, &mut buffer, "/users/1/someone", &method);
        compare(&a, &mut buffer, &path, &method);
    }
}
