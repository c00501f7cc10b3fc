#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<id")]
fn show_user(id: String) {}

fn main() {}
