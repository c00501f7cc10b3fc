//! A group whose routes use a custom converter (a Rust type the macro cannot see): it is
//! matched by its map, built from the handlers' metadata with the converter registered,
//! and gives the same outcomes as that map.

#![allow(dead_code, unused_variables)]

use http::Method;
use stellwerk::routing::ValidationError;
use stellwerk::routing::macro_support::RouteConverter;
use stellwerk::{get, routes};

/// `red`, `green` or `blue`.
pub struct Color;

/// What `Color` converts to.
#[derive(Debug, PartialEq)]
pub enum Rgb {
    Red,
    Green,
    Blue,
}

impl RouteConverter for Color {
    type Output = Rgb;
    const REGEX: &'static str = "red|green|blue";
    fn to_value(text: &str) -> Option<Rgb> {
        match text {
            "red" => Some(Rgb::Red),
            "green" => Some(Rgb::Green),
            "blue" => Some(Rgb::Blue),
            _ => None,
        }
    }
    fn to_url(value: &Rgb) -> Result<String, ValidationError> {
        Ok(match value {
            Rgb::Red => "red",
            Rgb::Green => "green",
            Rgb::Blue => "blue",
        }
        .to_string())
    }
}

#[get("/paint/<Color:c>")]
fn paint(c: Rgb) {}

#[get("/paint/<other>")]
fn paint_other(other: String) {}

#[get("/")]
fn home() {}

#[test]
fn custom_converter_groups_match_through_their_map() {
    let group = routes![paint, paint_other, home];
    let map = group
        .to_map()
        .expect("the map builds with the converter registered");
    for (path, expected) in [
        ("/paint/green", Ok((0, "paint"))),
        ("/paint/purple", Ok((1, "paint_other"))),
        ("/", Ok((2, "home"))),
        ("/nothing", Err(404)),
    ] {
        let got = group
            .match_path(path, &Method::GET)
            .map(|m| (m.route, m.endpoint.to_string()))
            .map_err(|e| e.status().as_u16());
        assert_eq!(got, expected.map(|(r, e)| (r, e.to_string())), "{path}");
        let m = map
            .bind("localhost", "/")
            .match_path(path, &Method::GET)
            .map(|m| m.endpoint.to_string())
            .map_err(|e| e.status().as_u16());
        assert_eq!(got.map(|(_, e)| e), m, "{path}");
    }
    assert_eq!(
        group
            .match_path("/paint/green", &Method::GET)
            .map(|m| m.args),
        Ok(vec![stellwerk::routing::Value::from("green")])
    );
}
