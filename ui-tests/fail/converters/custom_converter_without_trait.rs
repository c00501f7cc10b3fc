#![allow(unused)]
use stellwerk::{get, post, route};

pub struct Color;

#[get("/paint/<Color:c>")]
fn paint(c: String) {}

fn main() {}
