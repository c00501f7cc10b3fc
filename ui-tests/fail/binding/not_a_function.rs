#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/")]
struct Index;

fn main() {}
