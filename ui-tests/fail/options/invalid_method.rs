#![allow(unused)]
use stellwerk::{get, post, route};

#[route("/users", methods = ["GETT", "FETCH"])]
fn users() {}

fn main() {}
