//! The built-in converters' matching (hand-written, no regex engine) and building.

use std::borrow::Cow;

use uuid::Uuid;

use super::*;
use crate::routing::quote::{quote_path, quote_segment, quote_segment_into};
use crate::routing::text::same;
use crate::routing::value::{Value, format_float};

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
        self.accepts(text).then(|| Value::Str(text.to_string()))
    }

    /// Whether matched text has an accepted length (generated code keeps the `&str`).
    #[inline]
    pub fn accepts(&self, text: &str) -> bool {
        char_count_in(text, self.minlength, self.maxlength)
    }

    pub(super) fn build(&self, value: &Value) -> Result<String, ValidationError> {
        let mut out = String::new();
        self.write(value, &mut out)?;
        Ok(out)
    }

    fn write(&self, value: &Value, out: &mut String) -> Result<(), ValidationError> {
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
        quote_segment_into(&text, out);
        Ok(())
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
        self.parse(text).map(Value::Int)
    }

    /// Parses matched text (ASCII digits, sign if signed, fixed digits, range).
    #[inline]
    pub fn parse(&self, text: &str) -> Option<i128> {
        let (_, digits) = split_digits(text, self.signed)?;
        if self.fixed_digits != 0 && digits.len() != self.fixed_digits {
            return None;
        }
        let n: i128 = text.parse().ok()?;
        self.in_range(n).then_some(n)
    }

    fn in_range(&self, n: i128) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }

    pub(super) fn build(&self, value: &Value) -> Result<String, ValidationError> {
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
            let range = match (self.min, self.max) {
                (Some(min), Some(max)) => format!("between {min} and {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => String::new(),
            };
            return Err(ValidationError::new(format!(
                "{n} is out of range: it must be {range}"
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
        self.parse(text).map(Value::Float)
    }

    /// Parses matched text (`digits.digits`, sign if signed, range).
    #[inline]
    pub fn parse(&self, text: &str) -> Option<f64> {
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
        self.in_range(x).then_some(x)
    }

    fn in_range(&self, x: f64) -> bool {
        self.min.is_none_or(|m| x >= m) && self.max.is_none_or(|m| x <= m)
    }

    pub(super) fn build(&self, value: &Value) -> Result<String, ValidationError> {
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
        self.accepts(text).then(|| Value::Str(text.to_string()))
    }

    /// Whether matched text is a path value (non-empty, not starting with `/`).
    #[inline]
    pub fn accepts(&self, text: &str) -> bool {
        !text.is_empty() && !text.starts_with('/')
    }

    pub(super) fn build(&self, value: &Value) -> Result<String, ValidationError> {
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
        self.accepts(text).then(|| Value::Str(text.to_string()))
    }

    /// Whether matched text is one of the items.
    #[inline]
    pub fn accepts(&self, text: &str) -> bool {
        self.items.iter().any(|i| same(i, text))
    }

    pub(super) fn build(&self, value: &Value) -> Result<String, ValidationError> {
        let text = scalar_text(value, "an 'any' variable")?;
        if self.items.contains(&text) {
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
        self.parse(text).map(Value::Uuid)
    }

    /// Parses matched text (hyphenated, any case).
    #[inline]
    pub fn parse(&self, text: &str) -> Option<Uuid> {
        if !is_uuid_shape(text) {
            return None;
        }
        Uuid::parse_str(text).ok()
    }

    pub(super) fn build(&self, value: &Value) -> Result<String, ValidationError> {
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

    /// Whether matched text is in this converter's language and passes its checks,
    /// without building a [`Value`].
    #[inline]
    pub fn accepts(&self, text: &str) -> bool {
        match self {
            Builtin::String(c) => c.accepts(text),
            Builtin::Int(c) => c.parse(text).is_some(),
            Builtin::Float(c) => c.parse(text).is_some(),
            Builtin::Path(c) => c.accepts(text),
            Builtin::Any(c) => c.accepts(text),
            Builtin::Uuid(c) => c.parse(text).is_some(),
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

impl Builtin {
    /// Appends the URL form of `value` to `out` ([`Converter::to_url`] without the
    /// intermediate string for `string`, the common case).
    pub(crate) fn write_url(&self, value: &Value, out: &mut String) -> Result<(), ValidationError> {
        match self {
            Builtin::String(c) => c.write(value, out),
            other => {
                out.push_str(&other.to_url(value)?);
                Ok(())
            }
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

/// Each built-in is also a [`Converter`] on its own, so generated code can hold the
/// concrete struct (a constant) and call it without the [`Builtin`] enum.
macro_rules! standalone {
    ($($t:ident => $variant:ident),*) => {$(
        impl Converter for $t {
            fn regex(&self) -> Cow<'_, str> {
                Cow::Owned(Builtin::$variant(self.clone()).regex().into_owned())
            }

            fn weight(&self) -> u32 {
                Builtin::$variant(self.clone()).weight()
            }

            fn part_isolating(&self) -> bool {
                Builtin::$variant(self.clone()).part_isolating()
            }

            fn to_value(&self, text: &str) -> Result<Value, ValidationError> {
                self.convert(text).ok_or_else(|| {
                    ValidationError::new(format!("{text:?} is not accepted by {self:?}"))
                })
            }

            fn to_url(&self, value: &Value) -> Result<String, ValidationError> {
                self.build(value)
            }

            fn key(&self) -> String {
                Builtin::$variant(self.clone()).key()
            }
        }
    )*};
}
standalone!(
    StringConverter => String,
    IntConverter => Int,
    FloatConverter => Float,
    PathConverter => Path,
    AnyConverter => Any,
    UuidConverter => Uuid
);
