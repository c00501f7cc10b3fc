#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int(min='a'):id>")]
fn show_user(id: u32) {}

fn main() {}
