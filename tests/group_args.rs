//! The handler's argument conversion (`Args::from_values`) takes part in matching: a value
//! the handler's type cannot hold makes the generated matcher try the next route, as a
//! converter rejection does. And a group is a constant expression.

#![allow(dead_code, unused_variables)]

use http::Method;
use stellwerk::__private::group::RouteGroup;
use stellwerk::routing::Value;
use stellwerk::{get, routes};

#[get("/users/<int:id>")]
fn small_id(id: u8) {}

#[get("/users/<x>")]
fn by_text(x: String) {}

#[derive(Debug, PartialEq)]
struct Slug(String);

impl std::str::FromStr for Slug {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        if s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            Ok(Slug(s.to_string()))
        } else {
            Err(())
        }
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[get("/posts/<slug>")]
fn post_by_slug(slug: Slug) {}

#[get("/posts/<path:raw>")]
fn post_by_raw(raw: String) {}

#[test]
fn args_rejection_falls_through() {
    let g = routes![small_id, by_text, post_by_slug, post_by_raw];
    for (path, route, args) in [
        ("/users/7", 0, vec![Value::Int(7)]),
        // 700 does not fit the handler's u8: the next route takes it.
        ("/users/700", 1, vec![Value::from("700")]),
        ("/posts/a-b", 2, vec![Value::from("a-b")]),
        // The FromStr type rejects upper case: the next route takes it.
        ("/posts/A-B", 3, vec![Value::from("A-B")]),
    ] {
        let m = g.match_path(path, &Method::GET).expect(path);
        assert_eq!((m.route, &m.args), (route, &args), "{path}");
    }
    assert_eq!(g.infos()[0].endpoint, "small_id");
    assert_eq!(
        small_id::Args::from_values(&[Value::Int(7)]).map(|a| a.id),
        Some(7)
    );
}

/// The expansion is a constant expression: a group can live in a `static`.
static STATIC_GROUP: RouteGroup = routes![by_text];

#[test]
fn groups_can_be_statics() {
    let m = STATIC_GROUP.match_path("/users/abc", &Method::GET).unwrap();
    assert_eq!((m.route, m.args), (0, vec![Value::from("abc")]));
}

#[test]
fn an_empty_group_matches_nothing() {
    let g = routes![];
    assert!(g.routes().is_empty());
    assert_eq!(
        g.match_path("/", &Method::GET)
            .unwrap_err()
            .status()
            .as_u16(),
        404
    );
}

#[get("/k/<x>")]
fn k_small(x: u8) {}

#[get("/k/<string(length=2):y>")]
fn k_two(y: String) {}

/// `/k/<x>` is tried first and accepts every segment `/k/<string(length=2):y>` accepts, but
/// its handler's `u8` rejects most of them, so the second route is reachable: the group
/// compiles (with `x: String` it would not; see ui-tests/fail/conflicts).
#[test]
fn a_rejecting_handler_keeps_the_next_route_reachable() {
    let g = routes![k_small, k_two];
    assert_eq!(g.match_path("/k/7", &Method::GET).map(|m| m.route), Ok(0));
    assert_eq!(g.match_path("/k/ab", &Method::GET).map(|m| m.route), Ok(1));
    assert_eq!(g.match_path("/k/12", &Method::GET).map(|m| m.route), Ok(0));
}
