#![allow(unused)]
use stellwerk::{get, post, route};

#[route("/users", method = ["GET"])]
fn users() {}

fn main() {}
