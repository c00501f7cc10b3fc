#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/price/<float:x>")]
fn price(x: u32) {}

fn main() {}
