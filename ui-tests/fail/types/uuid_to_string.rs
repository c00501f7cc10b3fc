#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/things/<uuid:id>")]
fn thing(id: String) {}

fn main() {}
