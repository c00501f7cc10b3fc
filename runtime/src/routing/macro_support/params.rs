//! The traits that bind rule variables to handler argument types, one per converter kind
//! (the other arguments are extractors, checked by the handler adapter). Their
//! `on_unimplemented` messages are what a user reads when a type does not fit.

use std::fmt::Display;
use std::str::FromStr;

use crate::routing::value::Value;

/// Types an `int` rule variable binds to: every primitive integer type. A matched value
/// outside the type's range makes the route not match (the next candidate is tried).
#[diagnostic::on_unimplemented(
    message = "the `int` converter binds to integer types, not `{Self}`",
    label = "this type is not an integer type",
    note = "use one of i8..i128, u8..u128, isize or usize, or change the rule's converter (e.g. `<string:name>` for text)"
)]
pub trait IntParam: Sized {
    /// The integer, if it fits this type.
    fn from_int(value: i128) -> Option<Self>;
    /// The value for building.
    fn int_value(&self) -> Value;
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl IntParam for $t {
            fn from_int(value: i128) -> Option<Self> {
                <$t>::try_from(value).ok()
            }
            fn int_value(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
int_param!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, usize);

impl IntParam for u128 {
    fn from_int(value: i128) -> Option<Self> {
        u128::try_from(value).ok()
    }
    fn int_value(&self) -> Value {
        // Above i128::MAX no converter can carry the value: the text form makes `to_url`
        // reject it with a clear message instead of wrapping around.
        i128::try_from(*self).map_or_else(|_| Value::Str(self.to_string()), Value::Int)
    }
}

/// Types a `float` rule variable binds to: `f32` and `f64`.
#[diagnostic::on_unimplemented(
    message = "the `float` converter binds to `f32` or `f64`, not `{Self}`",
    label = "this type is not a float type",
    note = "use f32 or f64, or change the rule's converter (e.g. `<int:n>` for integers)"
)]
pub trait FloatParam: Sized {
    /// The float as this type (`None` when an `f32` would overflow to infinity).
    fn from_float(value: f64) -> Option<Self>;
    /// The value for building.
    fn float_value(&self) -> Value;
}

impl FloatParam for f64 {
    fn from_float(value: f64) -> Option<Self> {
        Some(value)
    }
    fn float_value(&self) -> Value {
        Value::Float(*self)
    }
}

impl FloatParam for f32 {
    fn from_float(value: f64) -> Option<Self> {
        let x = value as f32;
        (x.is_finite() || !value.is_finite()).then_some(x)
    }
    fn float_value(&self) -> Value {
        Value::Float(f64::from(*self))
    }
}

/// Types a `uuid` rule variable binds to: `uuid::Uuid`.
#[diagnostic::on_unimplemented(
    message = "the `uuid` converter binds to `uuid::Uuid`, not `{Self}`",
    label = "this type is not `uuid::Uuid`",
    note = "use uuid::Uuid, or change the rule's converter"
)]
pub trait UuidParam: Sized {
    /// The UUID.
    fn from_uuid(value: uuid::Uuid) -> Self;
    /// The value for building.
    fn uuid_value(&self) -> Value;
}

impl UuidParam for uuid::Uuid {
    fn from_uuid(value: uuid::Uuid) -> Self {
        value
    }
    fn uuid_value(&self) -> Value {
        Value::Uuid(*self)
    }
}

/// Types a text rule variable (`default`, `string`, `any`, `path`) binds to, besides
/// `String`, `&str` and `Cow<str>` (which the macro recognises by their spelling): any type
/// that parses from the text (`FromStr`; a parse failure means "no match") and prints back
/// (`Display`, for the URL builder).
#[diagnostic::on_unimplemented(
    message = "a text converter binds to `String`, `&str`, `Cow<str>` or a type implementing `FromStr + Display`, not `{Self}`",
    label = "`{Self}` does not implement `FromStr + Display`",
    note = "implement `FromStr` and `Display` for it, or use `String`"
)]
pub trait TextParam: Sized {
    /// Parses matched (decoded) text.
    fn from_text(text: &str) -> Option<Self>;
    /// The value for building.
    fn text_value(&self) -> Value;
}

impl<T: FromStr + Display> TextParam for T {
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
    fn text_value(&self) -> Value {
        Value::Str(self.to_string())
    }
}
