//! Typed URL builders: `handler::url(..)` and `url_for!` build what the runtime `Map`
//! builds for the same rule, converters validate every value, extra names go to the query.

#![allow(dead_code, unused_variables)]

use std::borrow::Cow;

use stellwerk::routing::macro_support::{RouteConverter, RouteInfo};
use stellwerk::routing::quote::quote_segment;
use stellwerk::routing::{Map, ValidationError, Value};
use stellwerk::{get, route, url_for};

#[get("/users/<int(min=1):id>")]
fn show_user(id: u32) {}

#[get("/files/<path:file>/<string(maxlength=5):name>.<any(json, 'x ml'):ext>")]
fn file(file: &str, name: Cow<'_, str>, ext: String) {}

#[route(
    "/v<int(fixed_digits=2):major>.<float:minor>//<uuid:id>",
    endpoint = "versioned"
)]
fn versioned(major: i16, minor: f64, id: uuid::Uuid) {}

#[get("/list/", defaults(page = 1))]
fn list() {}

#[get("/nomerge//x", merge_slashes = false)]
fn nomerge() {}

/// Red, green or blue.
pub struct Color;

/// What `Color` converts to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rgb {
    Red,
    Green,
    Blue,
}

impl RouteConverter for Color {
    type Output = Rgb;
    const REGEX: &'static str = "red|green|blue|[0-9a-f]{6}";
    fn to_value(text: &str) -> Option<Rgb> {
        match text {
            "red" => Some(Rgb::Red),
            "green" => Some(Rgb::Green),
            "blue" => Some(Rgb::Blue),
            _ => None,
        }
    }
    fn to_url(value: &Rgb) -> Result<String, ValidationError> {
        let text = match value {
            Rgb::Red => "red",
            Rgb::Green => "green",
            Rgb::Blue => "blue",
        };
        Ok(quote_segment(text).into_owned())
    }
}

#[get("/paint/<Color:c>/<name>")]
fn paint(c: Rgb, name: String) {}

mod admin {
    use stellwerk::get;

    #[get("/admin/<int:id>")]
    pub(crate) fn edit(id: u64) {}
}

/// What the runtime `Map` builds for the same route and values.
fn map_build(meta: &RouteInfo, values: &[(&str, Value)]) -> String {
    let map = Map::builder().rule(meta.to_rule()).build().unwrap();
    map.bind("example.com", "/")
        .build(meta.endpoint, values)
        .unwrap()
}

#[test]
fn url_matches_the_runtime_builder() {
    let u = uuid::Uuid::from_u128(0x1234);
    type Case<'a> = (String, &'a RouteInfo, Vec<(&'a str, Value)>);
    let cases: Vec<Case<'_>> = vec![
        (
            show_user::url(5).unwrap(),
            &show_user::META,
            vec![("id", 5.into())],
        ),
        (
            file::url("a b/c", "n%m", "x ml").unwrap(),
            &file::META,
            vec![
                ("file", "a b/c".into()),
                ("name", "n%m".into()),
                ("ext", "x ml".into()),
            ],
        ),
        (
            versioned::url(3, 2.0, u).unwrap(),
            &versioned::META,
            vec![("major", 3.into()), ("minor", 2.0.into()), ("id", u.into())],
        ),
        (list::url().unwrap(), &list::META, vec![]),
        (
            list::url_with_query(&[("page", 1.into())]).unwrap(),
            &list::META,
            vec![("page", 1.into())],
        ),
        (nomerge::url().unwrap(), &nomerge::META, vec![]),
        (
            show_user::url_with_query(9, &[("q", "a b&c".into()), ("tag", vec!["x", "y"].into())])
                .unwrap(),
            &show_user::META,
            vec![
                ("id", 9.into()),
                ("q", "a b&c".into()),
                ("tag", vec!["x", "y"].into()),
            ],
        ),
    ];
    for (built, meta, values) in cases {
        assert_eq!(built, map_build(meta, &values), "route {}", meta.rule);
    }
}

#[test]
fn urls_are_what_werkzeug_builds() {
    for (built, expected) in [
        (show_user::url(5).unwrap(), "/users/5"),
        (
            file::url("a b/c", "n%m", "json").unwrap(),
            "/files/a%20b/c/n%25m.json",
        ),
        (
            versioned::url(3, 2.0, uuid::Uuid::nil()).unwrap(),
            "/v03.2.0/00000000-0000-0000-0000-000000000000",
        ),
        (nomerge::url().unwrap(), "/nomerge//x"),
        (paint::url(Rgb::Green, "a/b").unwrap(), "/paint/green/a%2Fb"),
        (admin::edit::url(7).unwrap(), "/admin/7"),
    ] {
        assert_eq!(built, expected);
    }
}

#[test]
fn rejected_values_are_build_errors() {
    let too_small = show_user::url(0).unwrap_err();
    assert_eq!(too_small.endpoint, "show_user");
    assert!(
        too_small.rejected.as_deref().unwrap().contains("'id'"),
        "{too_small}"
    );
    assert!(
        file::url("/abs", "n", "json").is_err(),
        "a path cannot start with '/'"
    );
    assert!(file::url("a", "toolong", "json").is_err(), "maxlength=5");
    assert!(
        file::url("a", "n", "xml").is_err(),
        "not one of the any items"
    );
    assert!(
        versioned::url(100, 1.0, uuid::Uuid::nil()).is_err(),
        "fixed_digits=2"
    );
    assert!(
        versioned::url(-1, 1.0, uuid::Uuid::nil()).is_err(),
        "unsigned int"
    );
    assert!(
        versioned::url(1, f64::NAN, uuid::Uuid::nil()).is_err(),
        "NaN"
    );
    assert!(
        versioned::url(1, -1.5, uuid::Uuid::nil()).is_err(),
        "unsigned float"
    );
    assert!(
        list::url_with_query(&[("page", 2.into())]).is_err(),
        "defaults must match"
    );
}

#[test]
fn url_for_names_values_and_sends_the_rest_to_the_query() {
    assert_eq!(url_for!(show_user, id = 5).unwrap(), "/users/5");
    assert_eq!(
        url_for!(show_user, id = 5, page = 2).unwrap(),
        "/users/5?page=2"
    );
    assert_eq!(
        url_for!(file, ext = "json", name = "n", file = "d/f", q = "x y").unwrap(),
        "/files/d/f/n.json?q=x+y"
    );
    assert_eq!(
        url_for!(admin::edit, id = 1).unwrap(),
        admin::edit::url(1).unwrap()
    );
    use admin::edit;
    assert_eq!(url_for!(edit, id = 2,).unwrap(), "/admin/2");
    assert_eq!(
        url_for!(paint, c = Rgb::Blue, name = "n").unwrap(),
        "/paint/blue/n"
    );
    assert_eq!(url_for!(list).unwrap(), "/list/");
    assert!(url_for!(show_user, id = 0).is_err());
}

#[test]
fn custom_converters_bind_their_output_type() {
    let a = paint::Args::from_values(&["red".into(), "n".into()]).unwrap();
    assert_eq!((a.c, a.name.as_str()), (Rgb::Red, "n"));
    assert!(
        paint::Args::from_values(&["ff0000".into(), "n".into()]).is_none(),
        "regex-only match rejected by to_value"
    );
    assert_eq!(paint::META.variables[0].converter, "Color");
}

#[get("/kinds/<type>/<int:match>")]
fn kinds(r#type: String, r#match: u8) {}

#[test]
fn keyword_variables_are_written_raw_in_rust_and_plain_in_url_for() {
    assert_eq!(kinds::url("a", 1).unwrap(), "/kinds/a/1");
    assert_eq!(
        url_for!(kinds, type = "a", match = 2, fn = "q").unwrap(),
        "/kinds/a/2?fn=q"
    );
    assert_eq!(
        url_for!(kinds, r#type = "b", r#match = 3).unwrap(),
        "/kinds/b/3"
    );
    let args = kinds::Args::from_values(&["t".into(), Value::Int(4)]).unwrap();
    assert_eq!((args.r#type.as_str(), args.r#match), ("t", 4));
}

#[test]
fn a_map_built_from_meta_knows_the_custom_converters() {
    let map = paint::META.add_to(Map::builder()).build().unwrap();
    let urls = map.bind("example.com", "/");
    let m = urls
        .match_path("/paint/blue/x", &http::Method::GET)
        .unwrap();
    let values: Vec<Value> = m.args.iter().map(|(_, v)| v.clone()).collect();
    assert_eq!(paint::Args::from_values(&values).unwrap().c, Rgb::Blue);
    assert!(
        urls.match_path("/paint/ff0000/x", &http::Method::GET)
            .is_err(),
        "to_value rejects"
    );
    assert_eq!(
        urls.build("paint", &[("c", "red".into()), ("name", "n".into())])
            .unwrap(),
        paint::url(Rgb::Red, "n").unwrap()
    );
}
