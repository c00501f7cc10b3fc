#![allow(unused)]
use stellwerk::{get, post, route};

#[get(42)]
fn index() {}

fn main() {}
