// Repeated slashes in a rule are merged before comparison: `/a//b` is `/a/b`.
use stellwerk::{get, routes};

#[get("/a/b")]
fn plain() {}

#[get("/a//b")]
fn doubled() {}

fn main() {
    let _ = routes![plain, doubled];
}
