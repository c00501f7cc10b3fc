#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/", subdomain = "<path:tenant>")]
fn index(tenant: String) {}

fn main() {}
