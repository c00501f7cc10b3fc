#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/upload")]
fn upload(body: Vec<u8>) {}

fn main() {}
