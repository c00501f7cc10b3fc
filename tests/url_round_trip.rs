//! Build then match: every URL a typed builder makes matches back, through the runtime
//! `Map` for the same rules, to the same endpoint, and `Args::from_values` gives back the
//! values the builder was called with.

#![allow(dead_code, unused_variables)]

use http::Method;
use proptest::prelude::*;
use stellwerk::get;
use stellwerk::routing::{Map, Value};

#[get("/users/<int(min=1):id>/<name>")]
fn user(id: u32, name: String) {}

#[get("/n/<int(signed=true):a>/<float(signed=true):b>")]
fn numbers(a: i16, b: f64) {}

#[get("/files/<path:p>")]
fn file(p: String) {}

fn map() -> Map {
    Map::builder()
        .rule(user::META.to_rule())
        .rule(numbers::META.to_rule())
        .rule(file::META.to_rule())
        .build()
        .unwrap()
}

fn matched(map: &Map, url: &str) -> (String, Vec<Value>) {
    let m = map
        .bind("example.com", "/")
        .match_path(url, &Method::GET)
        .unwrap();
    (
        m.endpoint.to_string(),
        m.args.into_iter().map(|(_, v)| v).collect(),
    )
}

proptest! {
    #[test]
    fn user_urls_round_trip(id in 1u32.., name in "\\PC{1,12}") {
        let map = map();
        let url = user::url(id, &name).unwrap();
        let (endpoint, values) = matched(&map, &url);
        prop_assert_eq!(endpoint, "user");
        let args = user::Args::from_values(&values).unwrap();
        prop_assert_eq!((args.id, args.name), (id, name));
    }

    #[test]
    fn signed_numbers_round_trip(a in any::<i16>(), b in -1e12f64..1e12) {
        let map = map();
        let url = numbers::url(a, b).unwrap();
        let (endpoint, values) = matched(&map, &url);
        prop_assert_eq!(endpoint, "numbers");
        let args = numbers::Args::from_values(&values).unwrap();
        prop_assert_eq!((args.a, args.b), (a, b));
    }

    #[test]
    fn paths_round_trip_or_are_rejected(p in "[a-z/ %é]{0,12}") {
        let map = map();
        match file::url(&p) {
            Ok(url) => {
                let (endpoint, values) = matched(&map, &url);
                prop_assert_eq!(endpoint, "file");
                prop_assert_eq!(file::Args::from_values(&values).unwrap().p, p);
            }
            // Only values the path converter cannot match back are refused.
            Err(_) => prop_assert!(p.is_empty() || p.starts_with('/')),
        }
    }
}

#[test]
fn path_values_with_empty_segments() {
    let map = map();
    let url = file::url("a//b").unwrap();
    let adapter = map.bind("example.com", "/");
    let built_by_map = adapter.build("file", &[("p", "a//b".into())]);
    assert_eq!(
        Ok(url.clone()),
        built_by_map,
        "same URL as the runtime builder"
    );
    let (endpoint, values) = matched(&map, &url);
    assert_eq!(endpoint, "file");
    assert_eq!(file::Args::from_values(&values).unwrap().p, "a//b");
}
