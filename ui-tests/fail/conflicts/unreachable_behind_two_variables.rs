// Every variable of the earlier route binds to a type that accepts all its values
// (`String`, `i128`): the later route, whose language is included at every segment, can
// never match.
#![allow(unused_variables)]
use stellwerk::{get, routes};

#[get("/t/<name>/<int:n>")]
fn general(name: String, n: i128) {}

#[get("/t/<any(a, b):which>/<int:m>")]
fn specific(which: String, m: i128) {}

fn main() {
    let _ = routes![general, specific];
}
