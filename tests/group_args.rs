//! The handler's argument conversion (`Args::from_values`) takes part in matching: a value
//! the handler's type cannot hold makes the generated matcher try the next route, as a
//! converter rejection does.

use http::Method;
use stellwerk::routing::Value;

mod h {
    use stellwerk::routing::macro_support::{RouteInfo, SourceLocation};
    const HERE: SourceLocation = SourceLocation {
        file: file!(),
        line: 1,
        column: 1,
    };

    pub mod user {
        pub const META: super::RouteInfo =
            super::RouteInfo::new("/users/<int:id>", "user", super::HERE);
        pub struct Args(pub u8);
        impl Args {
            pub fn from_values(v: &[stellwerk::routing::Value]) -> Option<Args> {
                u8::try_from(v.first()?.as_int()?).ok().map(Args)
            }
        }
    }
    pub mod name {
        pub const META: super::RouteInfo = super::RouteInfo::new("/users/<x>", "name", super::HERE);
        pub struct Args;
        impl Args {
            pub fn from_values(_: &[stellwerk::routing::Value]) -> Option<Args> {
                Some(Args)
            }
        }
    }
}

#[test]
fn args_rejection_falls_through() {
    let g = stellwerk::__private::routes_impl! {[
        { handler: (h::user) rule: "/users/<int:id>" meta: { methods: [GET] } }
        { handler: (h::name) rule: "/users/<x>" meta: { methods: [GET, POST] } }
        { handler: (h::name) rule: "/a/<path:p>/edit" meta: { endpoint: "edit" } }
        { handler: (h::name) rule: "/v<int:a>.<int:b>" meta: { endpoint: "v" } }
    ]};
    let m = g.match_path("/users/7", &Method::GET).unwrap();
    assert_eq!((m.route, &m.args), (0, &vec![Value::Int(7)]));
    assert_eq!(h::user::Args::from_values(&m.args).map(|a| a.0), Some(7));
    // 700 does not fit the handler's u8: the next route takes it.
    let m = g.match_path("/users/700", &Method::GET).unwrap();
    assert_eq!((m.route, m.args), (1, vec![Value::from("700")]));
    let m = g.match_path("/a/b/c/edit", &Method::GET).unwrap();
    assert_eq!((m.route, m.args), (2, vec![Value::from("b/c")]));
    let m = g.match_path("/v1.2", &Method::GET).unwrap();
    assert_eq!((m.route, m.args), (3, vec![Value::Int(1), Value::Int(2)]));
}

/// The expansion is a constant expression: a group can live in a `static`.
static STATIC_GROUP: stellwerk::__private::group::RouteGroup = stellwerk::__private::routes_impl! {[
    { handler: (h::name) rule: "/s/<x>" meta: { endpoint = "s" } }
]};

#[test]
fn groups_can_be_statics() {
    let m = STATIC_GROUP.match_path("/s/abc", &Method::GET).unwrap();
    assert_eq!((m.route, m.args), (0, vec![Value::from("abc")]));
}
