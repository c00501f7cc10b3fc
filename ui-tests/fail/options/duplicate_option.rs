#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users", strict_slashes = true, strict_slashes = false)]
fn users() {}

fn main() {}
