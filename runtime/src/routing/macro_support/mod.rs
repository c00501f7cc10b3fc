//! What the route macros of `stellwerk-macros` generate code against.
//!
//! `#[get("/users/<int:id>")] fn show_user(id: u32)` emits, next to the function, a hidden
//! module `show_user` whose `META` is a [`RouteInfo`], whose `Args::from_values` converts
//! matched [`Value`](crate::routing::Value)s with the traits below ([`IntParam`],
//! [`FloatParam`], [`UuidParam`], [`TextParam`], [`RouteConverter`]) and whose typed `url()`
//! calls [`build_url`]. Handler arguments that are not rule variables must be extractors
//! (the `extract` module of the `web` feature); the route's adapter for the application
//! travels in `META` as a [`HandlerSlot`].
//!
//! Users meet these traits only in compiler errors (their `on_unimplemented` messages) and
//! when they write a custom converter ([`RouteConverter`]).

mod custom;
mod info;
mod params;

pub use custom::{CustomConverter, CustomFns, RouteConverter, custom_fns};
pub use info::{
    CustomConverterInfo, DefaultValue, HandlerSlot, RouteInfo, SourceLocation, VarInfo, VarPart,
    build_url,
};
pub use params::{FloatParam, IntParam, TextParam, UuidParam};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::{ValidationError, Value};

    const LOC: SourceLocation = SourceLocation {
        file: "t.rs",
        line: 1,
        column: 1,
    };

    #[test]
    fn int_params_check_their_range() {
        for (value, u8_ok, i8_ok) in [
            (0i128, true, true),
            (255, true, false),
            (256, false, false),
            (-1, false, true),
            (-129, false, false),
        ] {
            assert_eq!(u8::from_int(value).is_some(), u8_ok, "u8 {value}");
            assert_eq!(i8::from_int(value).is_some(), i8_ok, "i8 {value}");
        }
        assert_eq!(u128::from_int(-1), None);
        assert_eq!(u128::MAX.int_value(), Value::Str(u128::MAX.to_string()));
    }

    #[test]
    fn build_url_quotes_static_text_merges_slashes_and_encodes_the_query() {
        const INFO: RouteInfo = RouteInfo {
            variables: &[VarInfo {
                name: "x",
                converter: "default",
                args: "",
                part: VarPart::Path,
            }],
            ..RouteInfo::new("/a b//<x>", "e", LOC)
        };
        let url = build_url(
            &INFO,
            &[Ok("v".into())],
            &[("q", "1&2".into()), ("l", vec![1, 2].into())],
        )
        .unwrap();
        assert_eq!(url, "/a%20b/v?q=1%262&l=1&l=2");
        let err = build_url(&INFO, &[Err(ValidationError::new("bad"))], &[]).unwrap_err();
        assert_eq!(
            err.rejected.as_deref(),
            Some("The value for 'x' was rejected: bad")
        );
    }

    #[test]
    fn query_keys_that_are_defaults_must_equal_them() {
        const INFO: RouteInfo = RouteInfo {
            defaults: &[("page", DefaultValue::Int(1))],
            ..RouteInfo::new("/list", "list", LOC)
        };
        assert_eq!(
            build_url(&INFO, &[], &[("page", 1.into())]).unwrap(),
            "/list"
        );
        assert!(build_url(&INFO, &[], &[("page", 2.into())]).is_err());
    }
}
