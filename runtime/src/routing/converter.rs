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

use uuid::Uuid;

use super::quote::{quote_path, quote_segment};
use super::rule::{Arg, Literal, Span};
use super::value::{Value, format_float};

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

fn as_usize(conv: &str, arg: &Arg, i: usize) -> Result<usize, ConverterArgError> {
    match arg.value {
        Literal::Int(n) if n >= 0 => usize::try_from(n)
            .map_err(|_| ConverterArgError::at(conv, arg, i, "this number is too large")),
        _ => Err(ConverterArgError::at(
            conv,
            arg,
            i,
            format!(
                "{}{} must be a non-negative integer, got {}",
                conv,
                arg.keyword
                    .as_ref()
                    .map(|k| format!("'s '{k}'"))
                    .unwrap_or_default(),
                arg.value
            ),
        )),
    }
}

fn as_int(conv: &str, arg: &Arg, i: usize) -> Result<i128, ConverterArgError> {
    match arg.value {
        Literal::Int(n) => Ok(n),
        _ => Err(ConverterArgError::at(
            conv,
            arg,
            i,
            format!(
                "this argument must be an integer (e.g. 5 or -5), got {}",
                arg.value
            ),
        )),
    }
}

fn as_float(conv: &str, arg: &Arg, i: usize) -> Result<f64, ConverterArgError> {
    match arg.value {
        Literal::Int(n) => Ok(n as f64),
        Literal::Float(x) => Ok(x),
        _ => Err(ConverterArgError::at(
            conv,
            arg,
            i,
            format!(
                "this argument must be a number (e.g. 1.5 or -2), got {}",
                arg.value
            ),
        )),
    }
}

fn as_bool(conv: &str, arg: &Arg, i: usize) -> Result<bool, ConverterArgError> {
    match arg.value {
        Literal::Bool(b) => Ok(b),
        _ => Err(ConverterArgError::at(
            conv,
            arg,
            i,
            format!("this argument must be true or false, got {}", arg.value),
        )),
    }
}

/// Assigns positional and keyword arguments to the parameter names `params`, rejecting
/// unknown keywords, too many positional arguments and repeated parameters.
fn bind_params<'a>(
    conv: &str,
    params: &[&str],
    args: &'a [Arg],
) -> Result<Vec<Option<(usize, &'a Arg)>>, ConverterArgError> {
    let mut slots: Vec<Option<(usize, &Arg)>> = vec![None; params.len()];
    let mut positional = 0;
    let accepted = if params.is_empty() {
        format!("'{conv}' takes no arguments")
    } else {
        format!("'{conv}' accepts {}", params.join(", "))
    };
    for (i, arg) in args.iter().enumerate() {
        let slot = match &arg.keyword {
            Some(k) => params.iter().position(|p| p == k).ok_or_else(|| {
                ConverterArgError::at(conv, arg, i, format!("unknown argument '{k}': {accepted}"))
            })?,
            None => {
                let p = positional;
                positional += 1;
                if p >= params.len() {
                    return Err(ConverterArgError::at(
                        conv,
                        arg,
                        i,
                        format!("too many arguments: {accepted}"),
                    ));
                }
                p
            }
        };
        if slots[slot].is_some() {
            return Err(ConverterArgError::at(
                conv,
                arg,
                i,
                format!("'{}' is given twice", params[slot]),
            ));
        }
        slots[slot] = Some((i, arg));
    }
    Ok(slots)
}

/// Builds a built-in converter from parsed arguments, validating them. `None` when `name`
/// is not a built-in.
pub fn builtin(name: &str, args: &[Arg]) -> Option<Result<Builtin, ConverterArgError>> {
    let result = match name {
        "default" | "string" => string_from_args(name, args).map(Builtin::String),
        "int" => int_from_args(args).map(Builtin::Int),
        "float" => float_from_args(args).map(Builtin::Float),
        "path" => bind_params("path", &[], args).map(|_| Builtin::Path(PathConverter)),
        "uuid" => bind_params("uuid", &[], args).map(|_| Builtin::Uuid(UuidConverter)),
        "any" => any_from_args(args).map(Builtin::Any),
        _ => return None,
    };
    Some(result)
}

fn string_from_args(name: &str, args: &[Arg]) -> Result<StringConverter, ConverterArgError> {
    let slots = bind_params(name, &["minlength", "maxlength", "length"], args)?;
    let mut conv = StringConverter::default();
    if let Some((i, arg)) = slots[2] {
        if slots[0].is_some() || slots[1].is_some() {
            return Err(ConverterArgError::at(
                name,
                arg,
                i,
                "give either 'length' or 'minlength'/'maxlength', not both",
            ));
        }
        let n = as_usize(name, arg, i)?;
        return Ok(StringConverter {
            minlength: n,
            maxlength: Some(n),
        });
    }
    if let Some((i, arg)) = slots[0] {
        conv.minlength = as_usize(name, arg, i)?;
    }
    if let Some((i, arg)) = slots[1] {
        let max = as_usize(name, arg, i)?;
        if max < conv.minlength {
            return Err(ConverterArgError::at(
                name,
                arg,
                i,
                format!(
                    "maxlength ({max}) is smaller than minlength ({})",
                    conv.minlength
                ),
            ));
        }
        conv.maxlength = Some(max);
    }
    Ok(conv)
}

fn int_from_args(args: &[Arg]) -> Result<IntConverter, ConverterArgError> {
    let slots = bind_params("int", &["fixed_digits", "min", "max", "signed"], args)?;
    let mut conv = IntConverter::default();
    if let Some((i, arg)) = slots[0] {
        conv.fixed_digits = as_usize("int", arg, i)?;
        if conv.fixed_digits > 38 {
            return Err(ConverterArgError::at(
                "int",
                arg,
                i,
                "fixed_digits must be at most 38",
            ));
        }
    }
    if let Some((i, arg)) = slots[1] {
        conv.min = Some(as_int("int", arg, i)?);
    }
    if let Some((i, arg)) = slots[2] {
        let max = as_int("int", arg, i)?;
        if let Some(min) = conv.min.filter(|&min| min > max) {
            return Err(ConverterArgError::at(
                "int",
                arg,
                i,
                format!("max ({max}) is smaller than min ({min})"),
            ));
        }
        conv.max = Some(max);
    }
    if let Some((i, arg)) = slots[3] {
        conv.signed = as_bool("int", arg, i)?;
    }
    Ok(conv)
}

fn float_from_args(args: &[Arg]) -> Result<FloatConverter, ConverterArgError> {
    let slots = bind_params("float", &["min", "max", "signed"], args)?;
    let mut conv = FloatConverter::default();
    if let Some((i, arg)) = slots[0] {
        conv.min = Some(as_float("float", arg, i)?);
    }
    if let Some((i, arg)) = slots[1] {
        let max = as_float("float", arg, i)?;
        if let Some(min) = conv.min.filter(|&min| min > max) {
            return Err(ConverterArgError::at(
                "float",
                arg,
                i,
                format!("max ({max}) is smaller than min ({min})"),
            ));
        }
        conv.max = Some(max);
    }
    if let Some((i, arg)) = slots[2] {
        conv.signed = as_bool("float", arg, i)?;
    }
    Ok(conv)
}

fn any_from_args(args: &[Arg]) -> Result<AnyConverter, ConverterArgError> {
    let mut items = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        if arg.keyword.is_some() {
            return Err(ConverterArgError::at(
                "any",
                arg,
                i,
                "'any' takes only positional items, e.g. any(a, b, 'c d')",
            ));
        }
        let item = match &arg.value {
            Literal::Str(s) => s.clone(),
            Literal::Int(n) => n.to_string(),
            other => {
                return Err(ConverterArgError::at(
                    "any",
                    arg,
                    i,
                    format!("'any' items are words, quoted strings or integers, got {other}"),
                ));
            }
        };
        if item.is_empty() || item.contains('/') {
            return Err(ConverterArgError::at(
                "any",
                arg,
                i,
                "an 'any' item must be non-empty and cannot contain '/'",
            ));
        }
        items.push(Cow::Owned(item));
    }
    if items.is_empty() {
        return Err(ConverterArgError::new(
            "any",
            "'any' needs at least one item, e.g. any(a, b)",
        ));
    }
    Ok(AnyConverter {
        items: Cow::Owned(items),
    })
}

/// Escapes regex meta characters.
pub fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn char_count_in(text: &str, min: usize, max: Option<usize>) -> bool {
    // Most rules use the default (1..): avoid counting characters then.
    if min <= 1 && max.is_none() {
        return min == 0 || !text.is_empty();
    }
    let n = text.chars().count();
    n >= min && max.is_none_or(|m| n <= m)
}

fn scalar_text<'a>(value: &'a Value, what: &str) -> Result<Cow<'a, str>, ValidationError> {
    match value {
        Value::List(_) => Err(ValidationError::new(format!(
            "{what} needs a single value, not a list"
        ))),
        other => Ok(other.to_text()),
    }
}

impl StringConverter {
    /// Checks and converts matched text.
    pub fn convert(&self, text: &str) -> Option<Value> {
        char_count_in(text, self.minlength, self.maxlength).then(|| Value::Str(text.to_string()))
    }

    fn build(&self, value: &Value) -> Result<String, ValidationError> {
        let text = scalar_text(value, "a string variable")?;
        if !char_count_in(&text, self.minlength, self.maxlength) {
            return Err(ValidationError::new(match self.maxlength {
                Some(max) if max == self.minlength => {
                    format!("{text:?} must be exactly {max} characters long")
                }
                Some(max) => format!(
                    "{text:?} must be {} to {max} characters long",
                    self.minlength
                ),
                None => format!(
                    "{text:?} must be at least {} characters long",
                    self.minlength
                ),
            }));
        }
        Ok(quote_segment(&text).into_owned())
    }
}

/// Splits an optional sign; `None` when the digits part is empty or not all ASCII digits.
fn split_digits(text: &str, signed: bool) -> Option<(bool, &str)> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) if signed => (true, rest),
        _ => (false, text),
    };
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some((neg, digits))
}

impl IntConverter {
    /// Checks and converts matched text.
    pub fn convert(&self, text: &str) -> Option<Value> {
        let (_, digits) = split_digits(text, self.signed)?;
        if self.fixed_digits != 0 && digits.len() != self.fixed_digits {
            return None;
        }
        let n: i128 = text.parse().ok()?;
        self.in_range(n).then_some(Value::Int(n))
    }

    fn in_range(&self, n: i128) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }

    fn build(&self, value: &Value) -> Result<String, ValidationError> {
        let n = match value {
            Value::Int(n) => *n,
            Value::Str(s) => match split_digits(s, true).and_then(|_| s.parse::<i128>().ok()) {
                Some(n) => n,
                None => {
                    return Err(ValidationError::new(format!("{s:?} is not an integer")));
                }
            },
            other => {
                return Err(ValidationError::new(format!("{other} is not an integer")));
            }
        };
        if n < 0 && !self.signed {
            return Err(ValidationError::new(format!(
                "{n} is negative but the converter is not signed (use int(signed=true))"
            )));
        }
        if !self.in_range(n) {
            return Err(ValidationError::new(format!(
                "{n} is out of range ({}..={})",
                self.min.map(|m| m.to_string()).unwrap_or_default(),
                self.max.map(|m| m.to_string()).unwrap_or_default()
            )));
        }
        let digits = n.unsigned_abs().to_string();
        if self.fixed_digits != 0 && digits.len() > self.fixed_digits {
            return Err(ValidationError::new(format!(
                "{n} has more than {} digits",
                self.fixed_digits
            )));
        }
        let sign = if n < 0 { "-" } else { "" };
        Ok(format!(
            "{sign}{digits:0>width$}",
            width = self.fixed_digits
        ))
    }
}

impl FloatConverter {
    /// Checks and converts matched text.
    pub fn convert(&self, text: &str) -> Option<Value> {
        let unsigned = match text.strip_prefix('-') {
            Some(rest) if self.signed => rest,
            _ => text,
        };
        let (int, frac) = unsigned.split_once('.')?;
        if int.is_empty()
            || frac.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let x: f64 = text.parse().ok()?;
        self.in_range(x).then_some(Value::Float(x))
    }

    fn in_range(&self, x: f64) -> bool {
        self.min.is_none_or(|m| x >= m) && self.max.is_none_or(|m| x <= m)
    }

    fn build(&self, value: &Value) -> Result<String, ValidationError> {
        let x = match value {
            Value::Float(x) => *x,
            Value::Int(n) => *n as f64,
            Value::Str(s) => s
                .parse::<f64>()
                .map_err(|_| ValidationError::new(format!("{s:?} is not a number")))?,
            other => return Err(ValidationError::new(format!("{other} is not a number"))),
        };
        if !x.is_finite() {
            return Err(ValidationError::new(format!(
                "{x} cannot be written in a URL the float converter matches"
            )));
        }
        if x.is_sign_negative() && x != 0.0 && !self.signed {
            return Err(ValidationError::new(format!(
                "{x} is negative but the converter is not signed (use float(signed=true))"
            )));
        }
        if !self.in_range(x) {
            return Err(ValidationError::new(format!("{x} is out of range")));
        }
        // -0.0 would build as "-0.0", which an unsigned converter cannot match back.
        let x = if x == 0.0 { 0.0 } else { x };
        Ok(format_float(x))
    }
}

impl PathConverter {
    /// Checks and converts matched text.
    pub fn convert(&self, text: &str) -> Option<Value> {
        (!text.is_empty() && !text.starts_with('/')).then(|| Value::Str(text.to_string()))
    }

    fn build(&self, value: &Value) -> Result<String, ValidationError> {
        let text = scalar_text(value, "a path variable")?;
        if text.is_empty() || text.starts_with('/') {
            return Err(ValidationError::new(format!(
                "{text:?}: a path value must be non-empty and cannot start with '/'"
            )));
        }
        Ok(quote_path(&text).into_owned())
    }
}

impl AnyConverter {
    /// Checks and converts matched text.
    pub fn convert(&self, text: &str) -> Option<Value> {
        self.items
            .iter()
            .any(|i| i == text)
            .then(|| Value::Str(text.to_string()))
    }

    fn build(&self, value: &Value) -> Result<String, ValidationError> {
        let text = scalar_text(value, "an 'any' variable")?;
        if self.items.iter().any(|i| *i == text) {
            Ok(quote_segment(&text).into_owned())
        } else {
            let mut sorted: Vec<&str> = self.items.iter().map(|c| c.as_ref()).collect();
            sorted.sort_unstable();
            let list: Vec<String> = sorted.iter().map(|s| format!("'{s}'")).collect();
            Err(ValidationError::new(format!(
                "'{text}' is not one of {}",
                list.join(", ")
            )))
        }
    }
}

fn is_uuid_shape(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

impl UuidConverter {
    /// Checks and converts matched text.
    pub fn convert(&self, text: &str) -> Option<Value> {
        if !is_uuid_shape(text) {
            return None;
        }
        Uuid::parse_str(text).ok().map(Value::Uuid)
    }

    fn build(&self, value: &Value) -> Result<String, ValidationError> {
        match value {
            Value::Uuid(u) => Ok(u.hyphenated().to_string()),
            Value::Str(s) if is_uuid_shape(s) => Uuid::parse_str(s)
                .map(|u| u.hyphenated().to_string())
                .map_err(|e| ValidationError::new(e.to_string())),
            other => Err(ValidationError::new(format!("{other} is not a UUID"))),
        }
    }
}

impl Builtin {
    /// Checks matched text against this converter's language and converts it; `None`
    /// rejects. This is the hand-written fast path the matcher uses (no regex engine).
    pub fn convert(&self, text: &str) -> Option<Value> {
        match self {
            Builtin::String(c) => c.convert(text),
            Builtin::Int(c) => c.convert(text),
            Builtin::Float(c) => c.convert(text),
            Builtin::Path(c) => c.convert(text),
            Builtin::Any(c) => c.convert(text),
            Builtin::Uuid(c) => c.convert(text),
        }
    }

    /// The regex for this converter when it lives inside a single segment (decoded, so `/`
    /// can appear in it): like [`Converter::regex`] but with `[^/]` widened to any
    /// character.
    pub fn segment_regex(&self) -> String {
        match self {
            Builtin::String(c) => match (c.minlength, c.maxlength) {
                (n, Some(m)) if n == m => format!("(?s:.){{{n}}}"),
                (n, Some(m)) => format!("(?s:.){{{n},{m}}}"),
                (n, None) => format!("(?s:.){{{n},}}"),
            },
            other => other.regex().into_owned(),
        }
    }
}

impl Converter for Builtin {
    fn regex(&self) -> Cow<'_, str> {
        match self {
            Builtin::String(c) => Cow::Owned(match (c.minlength, c.maxlength) {
                (n, Some(m)) if n == m => format!("[^/]{{{n}}}"),
                (n, Some(m)) => format!("[^/]{{{n},{m}}}"),
                (n, None) => format!("[^/]{{{n},}}"),
            }),
            Builtin::Int(c) => Cow::Borrowed(if c.signed { "-?[0-9]+" } else { "[0-9]+" }),
            Builtin::Float(c) => Cow::Borrowed(if c.signed {
                "-?[0-9]+\\.[0-9]+"
            } else {
                "[0-9]+\\.[0-9]+"
            }),
            Builtin::Path(_) => Cow::Borrowed("[^/](?s:.)*?"),
            Builtin::Any(c) => {
                let alts: Vec<String> = c.items.iter().map(|i| regex_escape(i)).collect();
                Cow::Owned(format!("(?:{})", alts.join("|")))
            }
            Builtin::Uuid(_) => Cow::Borrowed(
                "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}",
            ),
        }
    }

    fn weight(&self) -> u32 {
        match self {
            Builtin::Int(_) | Builtin::Float(_) => 50,
            Builtin::Path(_) => 200,
            _ => 100,
        }
    }

    fn part_isolating(&self) -> bool {
        !matches!(self, Builtin::Path(_))
    }

    fn to_value(&self, text: &str) -> Result<Value, ValidationError> {
        self.convert(text)
            .ok_or_else(|| ValidationError::new(format!("{text:?} is not accepted by {self:?}")))
    }

    fn to_url(&self, value: &Value) -> Result<String, ValidationError> {
        match self {
            Builtin::String(c) => c.build(value),
            Builtin::Int(c) => c.build(value),
            Builtin::Float(c) => c.build(value),
            Builtin::Path(c) => c.build(value),
            Builtin::Any(c) => c.build(value),
            Builtin::Uuid(c) => c.build(value),
        }
    }

    fn key(&self) -> String {
        match self {
            // Item order does not change the language (departure 12).
            Builtin::Any(c) => {
                let mut items: Vec<&str> = c.items.iter().map(|c| c.as_ref()).collect();
                items.sort_unstable();
                items.dedup();
                format!("any({})", items.join("\u{0}"))
            }
            other => format!("{other:?}"),
        }
    }
}

/// A factory for a custom converter: receives the parsed arguments of the placeholder.
pub type ConverterFactory =
    dyn Fn(&[Arg]) -> Result<Box<dyn Converter>, ConverterArgError> + Send + Sync;
