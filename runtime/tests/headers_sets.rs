//! `HeaderSet` and the `HeaderMap` extension (reference §18.1, items 29, 46 and 47).
#![cfg(feature = "web")]

use http::HeaderMap;
use proptest::prelude::*;
use stellwerk_runtime::headers::{HeaderMapExt, HeaderSet};
use stellwerk_runtime::wrappers::response::Response;

#[test]
fn header_set_vectors() {
    let mut hs = HeaderSet::new();
    hs.add("foo").add("bar");
    assert!(hs.contains("Bar"));
    assert_eq!(hs.find("BAR"), Some(1));
    assert_eq!(hs.find("missing"), None);
    hs.discard("missing");
    assert_eq!(hs.len(), 2);
    hs.add("Foo");
    assert_eq!(hs.len(), 2, "adding Foo when foo exists keeps one entry");
    assert_eq!(hs.iter().collect::<Vec<_>>(), ["foo", "bar"]);
    hs.discard("FOO");
    assert_eq!(hs.to_header(), "bar");
    let parsed = HeaderSet::parse("Accept, \"x y\", accept");
    assert_eq!(parsed.as_vec(true), ["Accept", "x y"]);
    assert_eq!(parsed.as_vec(false), ["accept", "x y"]);
    assert_eq!(parsed.to_header(), "Accept, \"x y\"");
}

#[test]
fn header_map_add_with_params() {
    let mut h = HeaderMap::new();
    h.add_with_params("content-disposition", "attachment", [("filename", "foo")])
        .unwrap();
    assert_eq!(h["content-disposition"], "attachment; filename=foo");
    h.add_with_params("x", "y", [("z", "\"")]).unwrap();
    assert_eq!(h["x"], "y; z=\"\\\"\"");
    for bad in ["foo\r\n bar", "foo\nbar", "foo\rbar"] {
        assert!(
            h.add_with_params("x-example", bad, []).is_err(),
            "value {bad:?}"
        );
        assert!(
            h.add_with_params("x-example", "ok", [("p", bad)]).is_err(),
            "param {bad:?}"
        );
    }
    assert!(!h.contains_key("x-example"), "nothing added on error");
}

#[test]
fn header_map_typed_reads() {
    let mut h = HeaderMap::new();
    h.insert("content-length", "42".parse().unwrap());
    h.insert("x-bad", "4x".parse().unwrap());
    h.append("vary", "Cookie".parse().unwrap());
    h.append("vary", "accept-encoding, cookie".parse().unwrap());
    assert_eq!(h.get_as::<u64>("content-length"), Some(42));
    assert_eq!(h.get_as::<u64>("x-bad"), None);
    assert_eq!(h.get_as::<u64>("missing"), None);
    assert_eq!(h.get_str("content-length"), Some("42"));
    assert_eq!(h.get_set("vary").to_header(), "Cookie, accept-encoding");
}

#[test]
fn response_vary_and_allow() {
    let mut r = Response::new("");
    r.add_vary("Cookie").add_vary("Content-Language");
    assert_eq!(r.headers()["vary"], "Cookie, Content-Language");
    let mut allow = r.allow();
    allow.extend(["GET", "POST"]);
    r.set_allow(&allow);
    assert_eq!(r.headers()["allow"], "GET, POST");
    r.set_allow(&HeaderSet::new());
    assert!(
        r.headers().get("allow").is_none(),
        "empty set removes the header"
    );
}

proptest! {
    #[test]
    fn header_set_round_trip(items in proptest::collection::vec("[A-Za-z0-9 -]{1,10}", 0..8)) {
        let set: HeaderSet = items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
        prop_assert_eq!(HeaderSet::parse(&set.to_header()), set);
    }

    #[test]
    fn header_set_never_panics(input in ".*") {
        let _ = HeaderSet::parse(&input).to_header();
    }
}
