#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/", host = "<tenant.example.com")]
fn index(tenant: String) {}

fn main() {}
