//! Converters: what a placeholder accepts, what value it produces, how it is built back.
//!
//! The built-ins are concrete structs with public fields so that generated code can write
//! them as constants (`IntConverter { fixed_digits: 0, min: Some(1), max: None, signed: false }`).
//! [`builtin`] turns parsed rule arguments into one of them, validating the arguments; the
//! macros call exactly this function at build time to report converter errors.
//!
//! ```
//! use stellwerk_runtime::routing::converter::{builtin, Builtin, Converter, IntConverter};
//! use stellwerk_runtime::routing::rule::parse_args;
//! use stellwerk_runtime::routing::Value;
//!
//! let args = parse_args("min=1").unwrap();
//! let int = builtin("int", &args).unwrap().unwrap();
//! assert_eq!(int, Builtin::Int(IntConverter { fixed_digits: 0, min: Some(1), max: None, signed: false }));
//! assert_eq!(int.to_value("42").unwrap(), Value::Int(42));
//! assert!(int.to_value("0").is_err());
//! assert_eq!(int.to_url(&Value::Int(7)).unwrap(), "7");
//! ```

use std::borrow::Cow;
use std::fmt;

use super::rule::{Arg, Span};
use super::value::Value;

mod args;
mod builtins;

pub use args::builtin;
pub use builtins::regex_escape;

/// A converter rejected a value (while matching: try the next candidate; while building: this
/// rule cannot build that value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Why the value was rejected.
    pub message: String,
}

impl ValidationError {
    /// A validation error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        ValidationError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValidationError {}

/// A converter: the language of a placeholder, its priority weight, and both directions of
/// conversion.
///
/// A custom converter implements this trait and is registered on the map by name with a
/// factory that receives the parsed arguments:
///
/// ```
/// use std::borrow::Cow;
/// use stellwerk_runtime::routing::converter::{Converter, ValidationError};
/// use stellwerk_runtime::routing::{Map, Rule, Value};
/// use http::Method;
///
/// #[derive(Debug)]
/// struct Hex;
/// impl Converter for Hex {
///     fn regex(&self) -> Cow<'_, str> { "[0-9a-f]+".into() }
///     fn to_value(&self, text: &str) -> Result<Value, ValidationError> {
///         i64::from_str_radix(text, 16).map(Value::from).map_err(|e| ValidationError::new(e.to_string()))
///     }
///     fn to_url(&self, value: &Value) -> Result<String, ValidationError> {
///         value.as_int().map(|i| format!("{i:x}")).ok_or_else(|| ValidationError::new("not an integer"))
///     }
/// }
///
/// let map = Map::builder()
///     .converter("hex", |_args| Ok(Box::new(Hex)))
///     .rule(Rule::new("/c/<hex:n>").endpoint("c"))
///     .build()
///     .unwrap();
/// let m = map.bind("h", "/").match_path("/c/ff", &Method::GET).unwrap();
/// assert_eq!(m.args[0].1, Value::Int(255));
/// ```
pub trait Converter: Send + Sync + fmt::Debug {
    /// The regular expression (regex-automata syntax, no anchors) of the text this converter
    /// accepts.
    fn regex(&self) -> Cow<'_, str>;

    /// The priority weight: lower sorts first (int/float 50, string/any/uuid 100, path 200).
    fn weight(&self) -> u32 {
        100
    }

    /// False when the converter may span several segments (like `path`). By default a
    /// converter whose regex mentions `/` spans segments, as in Werkzeug.
    fn part_isolating(&self) -> bool {
        !self.regex().contains('/')
    }

    /// Converts matched text to a value; an error makes the matcher try the next candidate.
    fn to_value(&self, text: &str) -> Result<Value, ValidationError>;

    /// Converts a value to URL text (already percent-encoded); an error makes this rule
    /// unsuitable for building that value.
    fn to_url(&self, value: &Value) -> Result<String, ValidationError>;

    /// What identifies this converter's language: two placeholders whose converters have
    /// the same key share a transition and make rules duplicates. Defaults to the `Debug`
    /// form, which includes the arguments.
    fn key(&self) -> String {
        format!("{self:?}")
    }
}

/// An error in a converter's arguments, found when a rule is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConverterArgError {
    /// The converter name.
    pub converter: String,
    /// The offending argument's keyword (or `#n` for the n-th positional one), if any.
    pub argument: Option<String>,
    /// What is wrong and what is accepted.
    pub message: String,
    /// The span of the offending argument, relative to the string the arguments were
    /// parsed from.
    pub span: Option<Span>,
}

impl fmt::Display for ConverterArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConverterArgError {}

impl ConverterArgError {
    /// An error about the converter as a whole.
    pub fn new(converter: &str, message: impl Into<String>) -> Self {
        ConverterArgError {
            converter: converter.to_string(),
            argument: None,
            message: message.into(),
            span: None,
        }
    }

    fn at(converter: &str, arg: &Arg, index: usize, message: impl Into<String>) -> Self {
        ConverterArgError {
            converter: converter.to_string(),
            argument: Some(arg.keyword.clone().unwrap_or_else(|| format!("#{index}"))),
            message: message.into(),
            span: Some(arg.span()),
        }
    }
}

/// `default` / `string`: one segment of `minlength..=maxlength` characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StringConverter {
    /// Minimum length in characters (default 1).
    pub minlength: usize,
    /// Maximum length in characters.
    pub maxlength: Option<usize>,
}

impl Default for StringConverter {
    fn default() -> Self {
        StringConverter {
            minlength: 1,
            maxlength: None,
        }
    }
}

/// `int`: ASCII digits, optionally signed, with range and fixed-digit checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IntConverter {
    /// When non-zero, the number of digits (the sign does not count).
    pub fixed_digits: usize,
    /// Smallest accepted value (inclusive).
    pub min: Option<i128>,
    /// Largest accepted value (inclusive).
    pub max: Option<i128>,
    /// Accept a leading `-`.
    pub signed: bool,
}

/// `float`: `digits.digits`, optionally signed, with range checks.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FloatConverter {
    /// Smallest accepted value (inclusive).
    pub min: Option<f64>,
    /// Largest accepted value (inclusive).
    pub max: Option<f64>,
    /// Accept a leading `-`.
    pub signed: bool,
}

/// `path`: the rest of the path, slashes included (never starts with `/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathConverter;

/// `any(a, b, ...)`: one of the listed items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnyConverter {
    /// The accepted items, in declaration order.
    pub items: Cow<'static, [Cow<'static, str>]>,
}

/// `uuid`: a hyphenated UUID, any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UuidConverter;

/// One of the built-in converters, dispatched with a `match` (no virtual call) on the hot
/// path.
#[derive(Debug, Clone, PartialEq)]
pub enum Builtin {
    /// `default` and `string`.
    String(StringConverter),
    /// `int`.
    Int(IntConverter),
    /// `float`.
    Float(FloatConverter),
    /// `path`.
    Path(PathConverter),
    /// `any`.
    Any(AnyConverter),
    /// `uuid`.
    Uuid(UuidConverter),
}

/// The names of the built-in converters.
pub const BUILTIN_NAMES: [&str; 7] = ["default", "string", "int", "float", "path", "any", "uuid"];

/// A factory for a custom converter: receives the parsed arguments of the placeholder.
pub type ConverterFactory =
    dyn Fn(&[Arg]) -> Result<Box<dyn Converter>, ConverterArgError> + Send + Sync;
