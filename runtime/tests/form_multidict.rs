//! MultiDict (Werkzeug test_datastructures behaviours) and FileStorage.
#![cfg(feature = "web")]

use proptest::prelude::*;
use std::io::{Read, Seek, SeekFrom};
use stellwerk_runtime::datastructures::{FileStorage, MultiDict};

fn sample() -> MultiDict<&'static str, i32> {
    [
        ("a", 1),
        ("b", 2),
        ("a", 2),
        ("d", 3),
        ("a", 1),
        ("a", 3),
        ("d", 4),
        ("c", 3),
    ]
    .into()
}

#[test]
fn multidict_basic_behaviour() {
    let mut md = sample();
    assert_eq!(md.get("a"), Some(&1), "first value");
    assert_eq!(md.get_all("a"), [1, 2, 1, 3]);
    assert_eq!(md.get_all("d"), [3, 4]);
    assert!(md.get_all("x").is_empty(), "missing key → empty list");
    assert_eq!(md.get("x"), None);
    assert_eq!(md.len(), 4, "distinct keys");
    assert_eq!(md.value_count(), 8);
    assert_eq!(
        md.keys().copied().collect::<Vec<_>>(),
        ["a", "b", "d", "c"],
        "first-seen order"
    );
    assert_eq!(
        md.iter_first().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(),
        [("a", 1), ("b", 2), ("d", 3), ("c", 3)]
    );

    // md["a"] = 42 replaces all values and keeps the key's position.
    assert_eq!(md.insert("a", 42), [1, 2, 1, 3]);
    assert_eq!(md.get_all("a"), [42]);
    assert_eq!(md.keys().next(), Some(&"a"));

    // update/extend appends.
    md.extend([("a", 43), ("e", 5)]);
    assert_eq!(md.get_all("a"), [42, 43]);
    assert_eq!(md.get_all("e"), [5]);

    // pop returns the first value and drops the key.
    let mut foo: MultiDict<&str, i32> = [("foo", 1), ("foo", 2), ("foo", 3), ("foo", 4)].into();
    assert_eq!(foo.pop("foo"), Some(1));
    assert!(!foo.contains_key("foo"));
    assert_eq!(foo.pop("foo"), None);

    // set_all with an empty list removes; remove returns every value.
    md.set_all("d", vec![]);
    assert!(!md.contains_key("d"));
    assert_eq!(md.remove("a"), [42, 43]);
    assert!(md.remove("a").is_empty());
    if let Some(v) = md.get_mut("b") {
        *v = 20;
    }
    assert_eq!(md.get("b"), Some(&20));
    md.clear();
    assert!(md.is_empty());
}

#[test]
fn multidict_typed_access_and_required_keys() {
    let md: MultiDict<String, String> = [("n", "5"), ("n", "x"), ("n", "7"), ("s", "abc")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
    assert_eq!(md.get_as::<i32, _>("n"), Some(5));
    assert_eq!(
        md.get_as::<i32, _>("s"),
        None,
        "conversion failure → default"
    );
    assert_eq!(
        md.get_all_as::<i32, _>("n"),
        [5, 7],
        "unconvertible items dropped"
    );
    assert_eq!(md.require("s").unwrap(), "abc");
    let missing = md.require("missing").unwrap_err();
    assert_eq!(missing.status(), 400, "BadRequestKeyError");
    assert!(missing.to_string().contains("missing"));
}

#[test]
fn multidict_iteration_and_equality() {
    let md = sample();
    let all: Vec<(&str, i32)> = md.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        all,
        [
            ("a", 1),
            ("a", 2),
            ("a", 1),
            ("a", 3),
            ("b", 2),
            ("d", 3),
            ("d", 4),
            ("c", 3)
        ]
    );
    let owned: Vec<(&str, i32)> = md.clone().into_iter().collect();
    assert_eq!(owned, all);
    let lists: Vec<(&str, Vec<i32>)> = md.iter_all().map(|(k, v)| (*k, v.to_vec())).collect();
    assert_eq!(lists[0], ("a", vec![1, 2, 1, 3]));
    // Key order does not matter for equality, value order does.
    let x: MultiDict<&str, i32> = [("a", 1), ("b", 2)].into();
    let y: MultiDict<&str, i32> = [("b", 2), ("a", 1)].into();
    let z: MultiDict<&str, i32> = [("a", 1), ("a", 2)].into();
    let w: MultiDict<&str, i32> = [("a", 2), ("a", 1)].into();
    assert_eq!(x, y);
    assert_ne!(z, w);
    assert_eq!(format!("{x:?}"), r#"[("a", 1), ("b", 2)]"#);
}

#[test]
fn file_storage_in_memory() {
    let mut f = FileStorage::from_bytes("upload", "r\u{e9}sum\u{e9}.pdf", &b"%PDF-1.4 data"[..])
        .with_content_type("Application/PDF; name=x")
        .with_header("Content-Length", "13")
        .with_header("X-Extra", "1");
    assert_eq!(f.name(), "upload");
    assert_eq!(f.filename(), Some("résumé.pdf"));
    assert_eq!(f.mimetype(), "application/pdf");
    assert_eq!(f.content_length(), 13);
    assert_eq!(f.header("x-extra"), Some("1"));
    assert_eq!((f.len(), f.is_empty(), f.is_in_memory()), (13, false, true));
    let mut start = [0u8; 4];
    f.read_exact(&mut start).unwrap();
    assert_eq!(&start, b"%PDF");
    // bytes() and save() always cover the whole content.
    assert_eq!(f.contents().unwrap(), &b"%PDF-1.4 data"[..]);
    f.seek(SeekFrom::Start(9)).unwrap();
    let mut out = Vec::new();
    assert_eq!(f.save_to(&mut out).unwrap(), 13);
    assert_eq!(out, b"%PDF-1.4 data");
    for (value, expected) in [("+1", 0), ("1_000", 0), ("", 0), (" 42 ", 42)] {
        let f = FileStorage::from_bytes("n", "f", "").with_header("Content-Length", value);
        assert_eq!(f.content_length(), expected, "Content-Length {value:?}");
    }
}

proptest! {
    #[test]
    fn multidict_get_all_matches_a_filter_over_the_input(pairs in prop::collection::vec((0u8..5, any::<i16>()), 0..30)) {
        let md: MultiDict<u8, i16> = pairs.iter().copied().collect();
        for key in 0u8..5 {
            let expected: Vec<i16> = pairs.iter().filter(|(k, _)| *k == key).map(|(_, v)| *v).collect();
            prop_assert_eq!(md.get_all(&key), expected.as_slice());
            prop_assert_eq!(md.get(&key), expected.first());
        }
        prop_assert_eq!(md.value_count(), pairs.len());
    }
}

/// Handlers run on multi-threaded runtimes: forms, files, errors and the parsing future
/// itself must be `Send`.
#[test]
fn form_types_and_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_type<T: Send>() {}
    assert_send_type::<stellwerk_runtime::form::FormData>();
    assert_send_type::<FileStorage>();
    assert_send_type::<stellwerk_runtime::form::FormError>();
    assert_send_type::<MultiDict<String, String>>();
    let headers = http::HeaderMap::new();
    let options = stellwerk_runtime::form::FormOptions::default();
    let future = stellwerk_runtime::form::parse_form(
        &headers,
        stellwerk_runtime::body::Body::empty(),
        &options,
    );
    assert_send(&future);
    // Without a content type there is no form to parse.
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    assert_eq!(rt.block_on(future).unwrap_err().status(), 415);
}
