#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int(min=1):id>")]
fn show_user(id: u32) {}

fn build() {
    let _ = show_user::url("5");
}

fn main() {}
