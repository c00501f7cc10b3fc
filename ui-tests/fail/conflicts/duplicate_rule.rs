// Two routes with the same language and methods: variable names do not matter.
#![allow(unused_variables)]
use stellwerk::{get, routes};

#[get("/page/<a>")]
fn first(a: String) {}

#[get("/page/<b>")]
fn second(b: String) {}

fn main() {
    let _ = routes![first, second];
}
