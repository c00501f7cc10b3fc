//! [`Value`]: what a converter produces when matching and consumes when building.

use std::borrow::Cow;
use std::fmt;

use uuid::Uuid;

/// A rule value: a converted path variable, a default, or a value passed to `build`.
///
/// ```
/// use stellwerk_runtime::routing::Value;
///
/// assert_eq!(Value::from(5u32), Value::Int(5));
/// assert_eq!(Value::from("x").as_str(), Some("x"));
/// assert_eq!(Value::from(vec![1, 2]).to_string(), "1,2");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text (`default`, `string`, `path`, `any`).
    Str(String),
    /// An integer (`int`).
    Int(i128),
    /// A float (`float`).
    Float(f64),
    /// A UUID (`uuid`).
    Uuid(Uuid),
    /// A boolean (defaults and query values).
    Bool(bool),
    /// Several values (query strings with repeated keys, custom converters).
    List(Vec<Value>),
}

impl Value {
    /// The text, for [`Value::Str`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, for [`Value::Int`].
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The float, for [`Value::Float`].
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Value::Float(x) => Some(*x),
            _ => None,
        }
    }

    /// The UUID, for [`Value::Uuid`].
    pub fn as_uuid(&self) -> Option<Uuid> {
        match self {
            Value::Uuid(u) => Some(*u),
            _ => None,
        }
    }

    /// The boolean, for [`Value::Bool`].
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The text form used in URLs when no converter applies (query strings): floats always
    /// carry a decimal point (`1.0`), UUIDs are lower-case and hyphenated, lists are joined
    /// with `,`.
    pub fn to_text(&self) -> Cow<'_, str> {
        match self {
            Value::Str(s) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_string()),
        }
    }
}

/// Formats a float so that the `float` converter matches it back: `1.0`, `0.00001`, never
/// `1.` or exponent notation.
pub fn format_float(x: f64) -> String {
    let mut s = format!("{x}");
    if x.is_finite() && !s.contains('.') {
        s.push_str(".0");
    }
    s
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&format_float(*x)),
            Value::Uuid(u) => write!(f, "{}", u.hyphenated()),
            Value::Bool(b) => write!(f, "{b}"),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::Int(v as i128)
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, usize);

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}

impl From<f32> for Value {
    fn from(v: f32) -> Self {
        Value::Float(f64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Str(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Str(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Str(v.clone())
    }
}

impl From<Cow<'_, str>> for Value {
    fn from(v: Cow<'_, str>) -> Self {
        Value::Str(v.into_owned())
    }
}

impl From<Uuid> for Value {
    fn from(v: Uuid) -> Self {
        Value::Uuid(v)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}
