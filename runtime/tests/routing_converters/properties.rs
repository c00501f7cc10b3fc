//! The build/match round trip as a property, and hostile input.

use std::time::{Duration, Instant};

use http::Method;
use proptest::prelude::*;
use stellwerk_runtime::routing::{Map, MapBuilder, Rule, Value};
use uuid::Uuid;

use super::{outcome, regex_factory};

/// The round-trip map: each rule under its own prefix so no rule shadows another.
fn round_trip_map() -> Map {
    let rules = [
        ("/i/<int:x>", "int"),
        ("/is/<int(signed=true, fixed_digits=3):x>", "int_fixed"),
        ("/s/<x>", "string"),
        ("/sl/<string(minlength=2, maxlength=5):x>", "string_len"),
        ("/p/<path:x>", "path"),
        ("/pe/<path:x>/edit", "path_edit"),
        ("/pb/<path:x>/", "path_branch"),
        ("/f/<float(signed=true):x>", "float"),
        ("/u/<uuid:x>", "uuid"),
        ("/a/<any(red, 'dark blue', x.y, 'a/b'):x>", "any"),
        ("/j/<x>.json", "json"),
        ("/v/v<int:a>.<int:b>", "version"),
        ("/mix/<int:a>/<x>/<path:p>", "mix"),
    ];
    // `any` items cannot contain '/': drop that one.
    rules
        .iter()
        .map(|(r, e)| (r.replace(", 'a/b'", ""), *e))
        .fold(Map::builder(), |b: MapBuilder, (r, e)| {
            b.rule(Rule::new(r).endpoint(e))
        })
        .build()
        .unwrap()
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]{1,8}",
        any::<String>(),
        "[ -~]{1,12}",
        "[%/?#é☃. +]{1,6}",
    ]
    .prop_filter("non-empty", |s| !s.is_empty())
}

fn case() -> impl Strategy<Value = (&'static str, Vec<(&'static str, Value)>)> {
    prop_oneof![
        (0i128..=i128::MAX).prop_map(|n| ("int", vec![("x", Value::Int(n))])),
        (-999i128..=999).prop_map(|n| ("int_fixed", vec![("x", Value::Int(n))])),
        text().prop_map(|s| ("string", vec![("x", Value::Str(s))])),
        "[^\u{0}]{2,5}"
            .prop_filter("2 to 5 chars", |s| (2..=5).contains(&s.chars().count()))
            .prop_map(|s| ("string_len", vec![("x", Value::Str(s))])),
        text()
            .prop_filter("no leading slash", |s| !s.starts_with('/'))
            .prop_map(|s| ("path", vec![("x", Value::Str(s))])),
        text()
            .prop_filter("no leading slash", |s| !s.starts_with('/'))
            .prop_map(|s| ("path_edit", vec![("x", Value::Str(s))])),
        text()
            .prop_filter("no leading or trailing slash", |s| {
                !s.starts_with('/') && !s.ends_with('/')
            })
            .prop_map(|s| ("path_branch", vec![("x", Value::Str(s))])),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(|x| ("float", vec![("x", Value::Float(x))])),
        any::<u128>().prop_map(|u| ("uuid", vec![("x", Value::Uuid(Uuid::from_u128(u)))])),
        prop::sample::select(vec!["red", "dark blue", "x.y"])
            .prop_map(|s| ("any", vec![("x", Value::from(s))])),
        text().prop_map(|s| ("json", vec![("x", Value::Str(s))])),
        (any::<u32>(), any::<u32>()).prop_map(|(a, b)| {
            (
                "version",
                vec![("a", Value::from(a)), ("b", Value::from(b))],
            )
        }),
        (
            any::<u64>(),
            text(),
            text().prop_filter("no leading slash", |s| !s.starts_with('/'))
        )
            .prop_map(|(a, x, p)| {
                (
                    "mix",
                    vec![
                        ("a", Value::from(a)),
                        ("x", Value::Str(x)),
                        ("p", Value::Str(p)),
                    ],
                )
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Departure 2: `match(build(e, v)) == (e, v)` for every value a converter accepts.
    #[test]
    fn build_then_match_round_trips((endpoint, values) in case()) {
        let a = round_trip_map().bind("h", "/");
        let url = match a.build(endpoint, &values) {
            Ok(url) => url,
            // A value the converter rejects is a BuildError, never a wrong URL.
            Err(e) => {
                prop_assert!(e.rejected.is_some(), "{endpoint} {values:?}: {e}");
                return Ok(());
            }
        };
        let m = a.match_path(&url, &Method::GET);
        let m = m.map_err(|e| TestCaseError::fail(format!("{url} did not match: {e:?}")))?;
        prop_assert_eq!(&*m.endpoint, endpoint, "{}", url);
        let got: Vec<(&str, &Value)> = m.args.iter().map(|(k, v)| (&**k, v)).collect();
        let want: Vec<(&str, &Value)> = values.iter().map(|(k, v)| (*k, v)).collect();
        prop_assert_eq!(got, want, "{}", url);
    }

    /// Arbitrary bytes never panic the matcher.
    #[test]
    fn hostile_paths_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let a = round_trip_map().bind("h", "/");
        let path = String::from_utf8_lossy(&bytes);
        let _ = a.match_path(&path, &Method::GET);
        let _ = a.allowed_methods(&path);
        let raw: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
        let _ = a.match_path(&format!("/s/{raw}"), &Method::GET);
    }
}

/// A hang guard for hostile input (not a performance claim: that is the benchmarks' job).
fn quickly<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{what} took {:?}",
        start.elapsed()
    );
    out
}

#[test]
fn hostile_input_finishes() {
    let m = Map::builder()
        .converter("regex", regex_factory(true, false))
        .rule(Rule::new("/r/<regex('(a*)*b'):x>").endpoint("catastrophic"))
        .rule(Rule::new("/r2/<regex('(a|aa)+$'):x>/<y>").endpoint("alternation"))
        .rule(Rule::new("/<path:a>/<path:b>/<path:c>/end").endpoint("paths"))
        .rule(Rule::new("/<a>/<b>/<c>/<d>").endpoint("four"))
        .rule(Rule::new("/x<a>-<b>-<c>-<d>").endpoint("dashes"))
        .build()
        .unwrap();
    let a = m.bind("h", "/");
    let long_a = "a".repeat(100_000);
    assert_eq!(
        quickly("(a*)*b", || outcome(
            a.match_path(&format!("/r/{long_a}"), &Method::GET)
        )),
        "404"
    );
    let matched = quickly("(a*)*b match", || {
        a.match_path(&format!("/r/{long_a}b"), &Method::GET)
    });
    assert_eq!(
        matched.map(|m| m.endpoint.to_string()),
        Ok("catastrophic".to_string())
    );
    quickly("(a|aa)+", || {
        a.match_path(&format!("/r2/{long_a}c/x"), &Method::GET)
    })
    .ok();
    let many = "/s".repeat(1000);
    assert_eq!(
        quickly("1000 segments", || outcome(
            a.match_path(&many, &Method::GET)
        )),
        "404"
    );
    let many_end = format!("{}/end", "/s".repeat(1000));
    assert!(quickly("paths", || a.match_path(&many_end, &Method::GET)).is_ok());
    let dashes = format!("/x{}", "-".repeat(100_000));
    quickly("dashes", || a.match_path(&dashes, &Method::GET)).ok();
    let encoded = "%41".repeat(30_000);
    quickly("encoded", || {
        a.match_path(&format!("/{encoded}/b/c/d"), &Method::GET)
    })
    .ok();
    let slashes = "/".repeat(100_000);
    quickly("slashes", || {
        a.match_path(&format!("/a{slashes}b"), &Method::GET)
    })
    .ok();
}
