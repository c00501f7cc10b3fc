#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/", host = "<tenant>.example.com")]
fn index() {}

fn main() {}
