//! URL quoting helpers shared by query/form decoding and encoding.
//!
//! Werkzeug decodes percent-escapes as UTF-8 but, unlike most libraries, keeps bytes that
//! are not valid UTF-8 **percent-encoded** instead of replacing them with U+FFFD
//! (its `werkzeug.url_quote` codec error handler). [`unquote`] does the same, so `%FF`
//! survives a decode as the text `%FF`.

use std::fmt::Write as _;

/// Percent-decodes `input` into text, turning `+` into a space when `plus_as_space` is set.
///
/// A `%` not followed by two hex digits is kept literally. Decoded bytes that do not form
/// valid UTF-8 (and raw input bytes that are not UTF-8) are written back as `%XX` with
/// upper-case hex, exactly what Werkzeug's decoder produces.
///
/// ```
/// use stellwerk_runtime::urls::unquote;
///
/// assert_eq!(unquote(b"a+b%20c", true), "a b c");
/// assert_eq!(unquote(b"%C3%A4%ff", false), "ä%FF");
/// assert_eq!(unquote(b"100%", false), "100%");
/// ```
pub fn unquote(input: &[u8], plus_as_space: bool) -> String {
    let mut bytes = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        match b {
            b'%' => match (
                input.get(i + 1).and_then(|&h| hex_value(h)),
                input.get(i + 2).and_then(|&l| hex_value(l)),
            ) {
                (Some(h), Some(l)) => {
                    bytes.push(h << 4 | l);
                    i += 3;
                }
                _ => {
                    bytes.push(b'%');
                    i += 1;
                }
            },
            b'+' if plus_as_space => {
                bytes.push(b' ');
                i += 1;
            }
            _ => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    utf8_or_quoted(&bytes)
}

/// Text from `bytes`: valid UTF-8 runs as they are, every other byte as `%XX`.
pub fn utf8_or_quoted(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Appends `text` form-encoded to `out`: space as `+`, ASCII letters, digits and
/// `_.-~` plus Werkzeug's extra safe set `!$'()*,/:;?@` as they are, everything else
/// (including `+`, `&`, `=`, `#`, `%`) as `%XX` of its UTF-8 bytes.
///
/// ```
/// use stellwerk_runtime::urls::quote_form;
///
/// let mut out = String::new();
/// quote_form("a b+c/ä", &mut out);
/// assert_eq!(out, "a+b%2Bc/%C3%A4");
/// ```
pub fn quote_form(text: &str, out: &mut String) {
    for &b in text.as_bytes() {
        if b == b' ' {
            out.push('+');
        } else if b.is_ascii_alphanumeric() || b"_.-~!$'()*,/:;?@".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}
