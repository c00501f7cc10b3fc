use std::borrow::Cow;
use std::net::Ipv4Addr;

use stellwerk::get;

#[get("/i/<int:a>/<int:b>/<int:c>/<int:d>/<int:e>/<int:f>")]
fn ints(a: i8, b: u16, c: i64, d: u128, e: isize, f: usize) {}

#[get("/f/<float:a>/<float:b>")]
fn floats(a: f32, b: f64) {}

#[get("/u/<uuid:id>")]
fn uuids(id: uuid::Uuid) {}

#[get("/t/<a>/<string:b>/<any(x, y):c>/<path:d>")]
fn texts<'a>(a: &'a str, b: Cow<'a, str>, c: std::string::String, d: &str) {}

#[get("/ip/<addr>")]
fn parsed(addr: Ipv4Addr) {}

fn main() {
    let _ = ints::url(1, 2, 3, 4, 5, 6);
    let _ = floats::url(1.0, 2.0);
    let _ = uuids::url(uuid::Uuid::nil());
    let _ = texts::url("a", "b", "x", "d/e");
    let _ = parsed::url(Ipv4Addr::LOCALHOST);
}
