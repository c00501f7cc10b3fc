#![allow(unused)]
use stellwerk::get;

#[get("/a")]
fn a() {}

#[get("/b")]
fn b() {}

fn main() {
    let _ = stellwerk::routes![a b];
}
