#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/paint/<Color(dark):c>")]
fn paint(c: String) {}

fn main() {}
