#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/lang/<any():l>")]
fn lang(l: String) {}

fn main() {}
