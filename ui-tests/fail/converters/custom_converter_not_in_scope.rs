#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/paint/<Colour:c>")]
fn paint(c: String) {}

fn main() {}
