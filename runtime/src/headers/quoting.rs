//! Quoting and the comma/semicolon list formats shared by most headers: `quote_header_value`,
//! `unquote_header_value`, `dump_header`, `dump_options_header`, `parse_list_header`,
//! `parse_dict_header`.

use std::collections::HashMap;

/// An ordered list of `(key, value)` pairs in which a repeated key replaces the earlier
/// value in place. The index keeps insertion linear for headers with many distinct keys.
pub(crate) struct OrderedPairs<V> {
    pairs: Vec<(String, V)>,
    index: HashMap<String, usize>,
}

impl<V> OrderedPairs<V> {
    pub(crate) fn new() -> Self {
        OrderedPairs {
            pairs: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The value stored for `key`, inserting `default()` first if absent.
    pub(crate) fn entry(&mut self, key: String, default: impl FnOnce() -> V) -> &mut V {
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                self.index.insert(key.clone(), self.pairs.len());
                self.pairs.push((key, default()));
                self.pairs.len() - 1
            }
        };
        &mut self.pairs[i].1
    }

    /// Sets `key` to `value`, keeping the key's first position.
    pub(crate) fn set(&mut self, key: String, value: V) {
        match self.index.get(&key) {
            Some(&i) => self.pairs[i].1 = value,
            None => {
                self.index.insert(key.clone(), self.pairs.len());
                self.pairs.push((key, value));
            }
        }
    }

    pub(crate) fn into_vec(self) -> Vec<(String, V)> {
        self.pairs
    }
}

/// Whether `b` is an RFC 9110 token character.
pub(crate) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether `s` is a non-empty RFC 9110 token.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_byte)
}

/// Quotes a header value unless it is a token: `"` and `\` are escaped with a backslash, the
/// empty string becomes `""`.
///
/// ```
/// use stellwerk_runtime::headers::quote_header_value;
/// assert_eq!(quote_header_value("token"), "token");
/// assert_eq!(quote_header_value("a b"), "\"a b\"");
/// assert_eq!(quote_header_value("a\"b"), "\"a\\\"b\"");
/// assert_eq!(quote_header_value(""), "\"\"");
/// ```
pub fn quote_header_value(value: &str) -> String {
    if is_token(value) {
        return value.to_owned();
    }
    quote_always(value)
}

/// Quotes `value` even when it is a token (used where a header's grammar demands quotes).
pub(crate) fn quote_always(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Removes surrounding double quotes and the backslash before any escaped character. A value
/// that is not wrapped in quotes is returned unchanged.
///
/// ```
/// use stellwerk_runtime::headers::unquote_header_value;
/// assert_eq!(unquote_header_value("\"a\\\"b\""), "a\"b");
/// assert_eq!(unquote_header_value("plain"), "plain");
/// ```
pub fn unquote_header_value(value: &str) -> String {
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        let inner = &value[1..value.len() - 1];
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                // A trailing lone backslash has nothing to escape and is kept.
                match chars.next() {
                    Some(next) => out.push(next),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    value.to_owned()
}

/// Serialises `key=value` parameters after a main value, joined by `"; "`: the
/// `Content-Type`/`Content-Disposition` form. Values are quoted when they are not tokens;
/// `None` values are skipped; keys ending in `*` carry an RFC 2231 value that is written
/// as is.
///
/// ```
/// use stellwerk_runtime::headers::dump_options_header;
/// assert_eq!(
///     dump_options_header(Some("text/html"), [("charset", Some("utf-8"))]),
///     "text/html; charset=utf-8"
/// );
/// assert_eq!(
///     dump_options_header(Some("attachment"), [("filename", Some("a b.txt")), ("x", None)]),
///     "attachment; filename=\"a b.txt\""
/// );
/// ```
pub fn dump_options_header<'a, I>(value: Option<&str>, options: I) -> String
where
    I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
{
    let mut segments: Vec<String> = Vec::new();
    if let Some(value) = value {
        segments.push(value.to_owned());
    }
    for (key, val) in options {
        let Some(val) = val else { continue };
        segments.push(dump_param(key, val));
    }
    segments.join("; ")
}

fn dump_param(key: &str, value: &str) -> String {
    if key.ends_with('*') {
        format!("{key}={value}")
    } else {
        format!("{key}={}", quote_header_value(value))
    }
}

/// Serialises a list of items, joined by `", "`, quoting items that are not tokens. The
/// reverse of [`parse_list_header`].
///
/// ```
/// use stellwerk_runtime::headers::dump_header;
/// assert_eq!(dump_header(["foo", "bar baz"]), "foo, \"bar baz\"");
/// ```
pub fn dump_header<'a, I>(items: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    items
        .into_iter()
        .map(quote_header_value)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Serialises `key=value` pairs joined by `", "`; a `None` value writes the key alone. The
/// reverse of [`parse_dict_header`].
///
/// ```
/// use stellwerk_runtime::headers::dump_dict_header;
/// assert_eq!(dump_dict_header([("foo", Some("bar baz")), ("x", None)]), "foo=\"bar baz\", x");
/// ```
pub fn dump_dict_header<'a, I>(items: I) -> String
where
    I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
{
    items
        .into_iter()
        .map(|(k, v)| match v {
            None => k.to_owned(),
            Some(v) => dump_param(k, v),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Splits an RFC 9110 comma-separated list. Commas inside quoted strings are kept; items that
/// are wholly quoted are unquoted, items only partly quoted are kept as written; empty items
/// are dropped; an unclosed quoted string makes the whole list empty.
///
/// ```
/// use stellwerk_runtime::headers::parse_list_header;
/// assert_eq!(parse_list_header("a b, \"c, d\""), ["a b", "c, d"]);
/// assert_eq!(parse_list_header("a, ,,b,"), ["a", "b"]);
/// assert!(parse_list_header("a, \"b").is_empty());
/// ```
pub fn parse_list_header(value: &str) -> Vec<String> {
    let mut raw_items: Vec<&str> = Vec::new();
    let bytes = value.as_bytes();
    let mut start = 0;
    let mut in_quote = false;
    let mut escape = false;
    for (i, &b) in bytes.iter().enumerate() {
        if escape {
            escape = false;
        } else if in_quote {
            match b {
                b'\\' => escape = true,
                b'"' => in_quote = false,
                _ => {}
            }
        } else if b == b',' {
            raw_items.push(&value[start..i]);
            start = i + 1;
        } else if b == b'"' {
            in_quote = true;
        }
    }
    if in_quote {
        return Vec::new();
    }
    raw_items.push(&value[start..]);
    raw_items
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(unquote_header_value)
        .collect()
}

/// Parses a comma-separated list of `key=value` items (via [`parse_list_header`]). A key
/// without `=` maps to `None`; an item with an empty key is dropped; `key*=charset'lang'value`
/// is percent-decoded for the charsets ASCII, US-ASCII, UTF-8 and ISO-8859-1 only (any other
/// charset leaves the value as written). Later duplicates replace earlier ones, keeping the
/// first position.
///
/// ```
/// use stellwerk_runtime::headers::parse_dict_header;
/// let d = parse_dict_header("foo=\"bar baz\", blah=42, flag");
/// assert_eq!(d, [
///     ("foo".to_owned(), Some("bar baz".to_owned())),
///     ("blah".to_owned(), Some("42".to_owned())),
///     ("flag".to_owned(), None),
/// ]);
/// ```
pub fn parse_dict_header(value: &str) -> Vec<(String, Option<String>)> {
    let mut result: OrderedPairs<Option<String>> = OrderedPairs::new();
    for item in parse_list_header(value) {
        let (key, val) = match item.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v.trim())),
            None => (item.trim(), None),
        };
        if key.is_empty() {
            continue;
        }
        let (key, val) = match val {
            None => (key.to_owned(), None),
            Some(v) => {
                if let Some(stripped) = key.strip_suffix('*') {
                    let mut decoded = v.to_owned();
                    if let Some((charset, encoded)) = split_charset_value(v) {
                        if let Some(text) = percent_decode_charset(encoded, &charset) {
                            decoded = text;
                        } else {
                            decoded = encoded.to_owned();
                        }
                    }
                    (stripped.to_owned(), Some(unquote_header_value(&decoded)))
                } else {
                    (key.to_owned(), Some(unquote_header_value(v)))
                }
            }
        };
        result.set(key, val);
    }
    result.into_vec()
}

fn is_charset_byte(b: u8) -> bool {
    is_token_byte(b) && b != b'\''
}

/// Matches the prefix `charset'language'value` of an RFC 2231 extended value, returning the
/// lower-cased charset and the (still percent-encoded) value. Anything after the token
/// characters of the value is ignored, as in Werkzeug.
pub(crate) fn split_charset_value(v: &str) -> Option<(String, &str)> {
    let b = v.as_bytes();
    let mut i = 0;
    while i < b.len() && is_charset_byte(b[i]) {
        i += 1;
    }
    let charset = &v[..i];
    if b.get(i) != Some(&b'\'') {
        return None;
    }
    i += 1;
    while i < b.len() && is_charset_byte(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'\'') {
        return None;
    }
    i += 1;
    let start = i;
    while i < b.len() && is_token_byte(b[i]) {
        i += 1;
    }
    if i == start {
        return None;
    }
    Some((charset.to_ascii_lowercase(), &v[start..i]))
}

/// Whether `charset` (lower-cased) is one the header parsers decode. The list is deliberately
/// closed: only ASCII, UTF-8 and ISO-8859-1 are accepted (Werkzeug 2.3 hardening).
pub(crate) fn is_safe_charset(charset: &str) -> bool {
    matches!(charset, "ascii" | "us-ascii" | "utf-8" | "iso-8859-1")
}

/// Percent-decodes `encoded` and decodes the bytes with `charset`; invalid bytes become
/// U+FFFD. `None` when the charset is not one of the safe ones.
pub(crate) fn percent_decode_charset(encoded: &str, charset: &str) -> Option<String> {
    if !is_safe_charset(charset) {
        return None;
    }
    Some(decode_safe_charset(
        &crate::urls::unquote_to_bytes(encoded),
        charset,
    ))
}

/// Decodes bytes with one of the [safe charsets](is_safe_charset): ISO-8859-1 byte for
/// byte, ASCII with U+FFFD for bytes above 127, anything else as UTF-8 with U+FFFD for
/// invalid sequences. Shared by RFC 2231 parameters and multipart text fields.
pub(crate) fn decode_safe_charset(bytes: &[u8], charset: &str) -> String {
    match charset {
        "iso-8859-1" => bytes.iter().map(|&b| char::from(b)).collect(),
        "ascii" | "us-ascii" => bytes
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}
