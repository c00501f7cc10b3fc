#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int:id>")]
fn show_user<T: Default>(id: u32) -> T { T::default() }

fn main() {}
