#![allow(unused)]
use stellwerk::get;

struct Api;

impl Api {
    #[get("/users")]
    fn users(&self) {}
}

fn main() {}
