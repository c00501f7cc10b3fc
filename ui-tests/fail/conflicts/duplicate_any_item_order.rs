// `any(a, b)` and `any(b, a)` accept the same segments: a duplicate (departure 12).
#![allow(unused_variables)]
use stellwerk::{get, routes};

#[get("/color/<any(red, blue):c>")]
fn color(c: String) {}

#[get("/color/<any(blue, red):shade>")]
fn shade(shade: String) {}

fn main() {
    let _ = routes![color, shade];
}
