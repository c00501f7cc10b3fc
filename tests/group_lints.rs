//! The generated matcher is warning-free in a crate that denies warnings: small and large
//! states, a build-only route (which never reaches a leaf), all converter kinds.
#![deny(warnings)]

use http::Method;
use stellwerk::{get, route, routes};

#[get("/")]
fn index() {}

#[route("/only/for/building", build_only = true)]
fn built() {}

#[get("/a/<int:n>/<float:x>/<uuid:u>/<any(p, q):w>/<path:rest>")]
fn every(n: i64, x: f64, u: uuid::Uuid, w: String, rest: String) {
    let _ = (n, x, u, w, rest);
}

#[get("/m/<a>-<b>")]
fn multi(a: String, b: String) {
    let _ = (a, b);
}

#[get("/s1")]
fn s1() {}
#[get("/s2")]
fn s2() {}
#[get("/s3")]
fn s3() {}
#[get("/s4")]
fn s4() {}
#[get("/s5")]
fn s5() {}

#[test]
fn generated_code_has_no_warnings() {
    let small = routes![index, built];
    assert_eq!(small.match_path("/", &Method::GET).map(|m| m.route), Ok(0));
    let large = routes![index, every, multi, s1, s2, s3, s4, s5];
    assert_eq!(
        large.match_path("/s5", &Method::GET).map(|m| m.route),
        Ok(7)
    );
    assert_eq!(
        large.match_path("/m/x-y", &Method::GET).map(|m| m.route),
        Ok(2)
    );
}
