use stellwerk::routing::ValidationError;
use stellwerk::routing::macro_support::RouteConverter;
use stellwerk::{get, url_for};

/// Lower-case hexadecimal numbers.
pub struct Hex;

impl RouteConverter for Hex {
    type Output = u64;
    const REGEX: &'static str = "[0-9a-f]+";
    const WEIGHT: u32 = 60;
    fn to_value(text: &str) -> Option<u64> {
        u64::from_str_radix(text, 16).ok()
    }
    fn to_url(value: &u64) -> Result<String, ValidationError> {
        Ok(format!("{value:x}"))
    }
}

#[get("/c/<Hex:n>")]
fn color(n: u64) {}

fn main() {
    assert_eq!(color::url(255).unwrap(), "/c/ff");
    assert_eq!(url_for!(color, n = 16).unwrap(), "/c/10");
}
