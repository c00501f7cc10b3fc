#![allow(unused)]
use stellwerk::get;

#[get("/pages/", defaults(page = 1, draft = "no", size = 300))]
fn pages(page: String, draft: bool, size: u8) {}

fn main() {}
