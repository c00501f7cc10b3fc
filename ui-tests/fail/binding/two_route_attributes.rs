#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/a")]
#[post("/b")]
fn both() {}

fn main() {}
