// `/k/<x>` is tried before `/k/<uuid:id>` (same weight, listed first), accepts every segment
// the uuid route accepts, and its handler takes a `String`, which accepts every value: the
// uuid route can never match. (With `x: u8` the first handler could reject a value and the
// uuid route would stay reachable; see tests/group_args.rs.)
#![allow(unused_variables)]
use stellwerk::{get, routes};

#[get("/k/<x>")]
fn wide(x: String) {}

#[get("/k/<uuid:id>")]
fn by_uuid(id: uuid::Uuid) {}

fn main() {
    let _ = routes![wide, by_uuid];
}
