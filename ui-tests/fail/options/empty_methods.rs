#![allow(unused)]
use stellwerk::{get, post, route};

#[route("/users", methods = [])]
fn users() {}

fn main() {}
