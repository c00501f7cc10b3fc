#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<>")]
fn show_user() {}

fn main() {}
