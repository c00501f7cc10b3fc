#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/say/\"hi\"/<x y>")]
fn say() {}

fn main() {}
