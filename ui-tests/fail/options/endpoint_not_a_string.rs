#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users", endpoint = users_list)]
fn users() {}

fn main() {}
