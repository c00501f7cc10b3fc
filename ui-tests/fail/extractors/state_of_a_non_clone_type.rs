#![allow(unused)]
use stellwerk::extract::State;
use stellwerk::get;

struct Db;

// State is cloned out of the application, so its type must be `Clone`.
#[get("/")]
async fn index(State(db): State<Db>) {}

fn main() {}
