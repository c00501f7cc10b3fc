#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<name>")]
fn user(name: Vec<u8>) {}

fn main() {}
