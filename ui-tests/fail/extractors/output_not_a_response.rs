#![allow(unused)]
use stellwerk::get;

struct Page;

// What a handler returns must convert into a response.
#[get("/")]
fn index() -> Page {
    Page
}

fn main() {}
