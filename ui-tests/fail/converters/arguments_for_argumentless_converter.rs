#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/files/<path(1):p>")]
fn file(p: String) {}

fn main() {}
