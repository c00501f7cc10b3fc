#![allow(unused)]
use stellwerk::{get, post, route};

#[route("/users", methods = "GET")]
fn users() {}

fn main() {}
