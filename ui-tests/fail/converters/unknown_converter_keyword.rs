#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int(minimum=1):id>")]
fn show_user(id: u32) {}

fn main() {}
