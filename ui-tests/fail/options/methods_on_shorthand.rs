#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users", methods = ["POST"])]
fn users() {}

fn main() {}
