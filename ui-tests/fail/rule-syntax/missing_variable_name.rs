#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int:>")]
fn show_user() {}

fn main() {}
