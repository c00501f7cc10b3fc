#![allow(unused)]
use stellwerk::{get, post, route};

#[route("/ws", methods = ["GET", "POST"], websocket = true)]
fn ws() {}

fn main() {}
