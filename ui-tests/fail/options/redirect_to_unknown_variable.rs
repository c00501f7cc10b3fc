#![allow(unused)]
use stellwerk::{get, post, route};

#[get("/old/<int:id>", redirect_to = "/new/<idd>")]
fn old(id: u32) {}

fn main() {}
