#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int(min=5, max=1):id>")]
fn show_user(id: u32) {}

fn main() {}
