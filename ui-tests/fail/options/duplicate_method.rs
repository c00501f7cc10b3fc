#![allow(unused)]
use stellwerk::{get, post, route};

#[route("/users", methods = ["GET", "get"])]
fn users() {}

fn main() {}
