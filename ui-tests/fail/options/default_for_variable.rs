#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int:page>", defaults(page = 1))]
fn users(page: u32) {}

fn main() {}
