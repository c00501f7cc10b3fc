// The same handler listed twice in one group.
use stellwerk::{get, routes};

#[get("/about")]
fn about() {}

fn main() {
    let _ = routes![about, about];
}
