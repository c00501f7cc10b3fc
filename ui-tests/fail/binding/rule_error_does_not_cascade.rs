#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<nope:id>")]
fn show_user(id: u32) {}

#[get("/a")]
fn a() {}

fn use_it() {
    let _ = stellwerk::routes![a, show_user];
    let _ = show_user(1);
    let _ = show_user::META.rule;
    let _ = stellwerk::url_for!(show_user, id = 1);
}

fn main() {}
