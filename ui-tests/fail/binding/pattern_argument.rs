#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int:id>")]
fn show_user((id, other): (u32, u32)) {}

fn main() {}
