#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users", defaults(page = 1 + 1))]
fn users() {}

fn main() {}
