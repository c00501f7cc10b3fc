// Duplicates are found across modules; both spans point at their own attribute.
#![allow(unused_variables)]
use stellwerk::{get, routes};

mod users {
    use stellwerk::get;

    #[get("/users/<int:id>")]
    pub fn show(id: u32) {}
}

#[get("/users/<int:user_id>")]
fn profile(user_id: u64) {}

fn main() {
    let _ = routes![users::show, profile];
}
