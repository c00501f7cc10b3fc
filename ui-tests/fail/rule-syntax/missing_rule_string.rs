#![allow(unused)]
use stellwerk::{get, post, route};

#[get]
fn index() {}

fn main() {}
