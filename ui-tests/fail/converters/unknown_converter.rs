#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<nope:id>")]
fn show_user(id: String) {}

fn main() {}
