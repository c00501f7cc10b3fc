#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<nope:id>")]
fn show_user(id: u32) {}

fn use_it() {
    let _ = stellwerk::routes![show_user];
    let _ = show_user(1);
}

fn main() {}
