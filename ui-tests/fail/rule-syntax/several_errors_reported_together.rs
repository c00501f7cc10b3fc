#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/<>/<nope:x>/<a b>")]
fn many(x: String) {}

fn main() {}
