#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/users/<int(min=1):id>")]
fn show_user(id: u32) {}

fn build() {
    let _ = stellwerk::url_for!(show_user, id = 1, id = 2);
}

fn main() {}
