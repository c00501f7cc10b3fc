#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/<int:a>/<a>")]
fn pair(a: u32) {}

fn main() {}
