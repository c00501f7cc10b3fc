#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users", strict_slashes = "no")]
fn users() {}

fn main() {}
