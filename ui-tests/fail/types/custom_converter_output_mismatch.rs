#![allow(unused)]
use stellwerk::{get, post, route};

use stellwerk::routing::ValidationError;
use stellwerk::routing::macro_support::RouteConverter;

pub struct Color;

impl RouteConverter for Color {
    type Output = u8;
    const REGEX: &'static str = "[0-9]+";
    fn to_value(text: &str) -> Option<u8> {
        text.parse().ok()
    }
    fn to_url(value: &u8) -> Result<String, ValidationError> {
        Ok(value.to_string())
    }
}

#[get("/paint/<Color:c>")]
fn paint(c: String) {}

fn main() {}
