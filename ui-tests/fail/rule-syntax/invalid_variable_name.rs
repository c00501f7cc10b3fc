#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<1id>")]
fn show_user() {}

fn main() {}
