#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int:id>")]
fn show_user() {}

fn main() {}
