#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users")]
fn list_users(page: u32) {}

fn main() {}
