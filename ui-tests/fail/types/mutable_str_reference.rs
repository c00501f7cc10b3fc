#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<name>")]
fn user(name: &mut str) {}

fn main() {}
