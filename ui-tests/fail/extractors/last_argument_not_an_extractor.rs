#![allow(unused)]
use stellwerk::get;

// `page` is no rule variable, so it must be an extractor; `u32` is not one.
#[get("/list")]
fn list(method: http::Method, page: u32) {}

fn main() {}
