#![allow(unused)]
use stellwerk::get;

#[get("/a")]
fn a() {}

/// A function without a route attribute has no callback.
fn plain() {}

fn main() {
    let _ = stellwerk::routes![a, plain];
}
