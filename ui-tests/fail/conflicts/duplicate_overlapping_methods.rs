// The method lists overlap (POST): the later route duplicates the earlier one.
use stellwerk::{post, route, routes};

#[route("/items", methods = ["GET", "POST"])]
fn items() {}

#[post("/items")]
fn create_item() {}

fn main() {
    let _ = routes![items, create_item];
}
