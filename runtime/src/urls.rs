//! Percent-encoding, in one place: the safe sets of every part of a URL (and of the two
//! header values that are percent-encoded) and the quote/unquote functions. Routing, the
//! request and response wrappers, cookies, files, forms and the test client all quote
//! through this module, so a character is treated the same wherever it appears.
//!
//! Each set lists what is **encoded** (the `percent-encoding` convention); bytes outside
//! ASCII are always encoded as their UTF-8 bytes. The sets are Werkzeug's (Python's
//! `quote` with the `safe` argument Werkzeug passes for that part).
//!
//! Werkzeug decodes percent-escapes as UTF-8 but, unlike most libraries, keeps bytes that
//! are not valid UTF-8 **percent-encoded** instead of replacing them with U+FFFD
//! (its `werkzeug.url_quote` codec error handler). [`unquote`] does the same, so `%FF`
//! survives a decode as the text `%FF`.
//!
//! This module needs no feature: the routing core uses it too.

use std::borrow::Cow;
use std::fmt::Write as _;

pub use percent_encoding::AsciiSet;
use percent_encoding::{CONTROLS, NON_ALPHANUMERIC, percent_decode, utf8_percent_encode};

/// Python's `quote(text, safe="")`: everything but ASCII letters, digits and the
/// unreserved `-._~`. The other sets re-allow their part's reserved characters.
const UNRESERVED_ONLY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A URL path: unreserved plus the sub-delimiters and `/:@`, i.e. `!$&'()*+,/:;=@` stay.
pub const PATH: &AsciiSet = &UNRESERVED_ONLY
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b'/')
    .remove(b':')
    .remove(b';')
    .remove(b'=')
    .remove(b'@');

/// One path segment: [`PATH`] with `/` encoded too.
pub const PATH_SEGMENT: &AsciiSet = &PATH.add(b'/');

/// A path that may already contain escapes (IRI to URI conversion, URL reconstruction):
/// [`PATH`] with `%` kept.
pub const IRI_PATH: &AsciiSet = &PATH.remove(b'%');

/// A query string that may already contain escapes: [`IRI_PATH`] with `?` kept.
pub const IRI_QUERY: &AsciiSet = &IRI_PATH.remove(b'?');

/// A fragment: [`IRI_QUERY`] with `#` kept (Flask's anchor set `%!#$&'()*+,/:;=?@`).
pub const FRAGMENT: &AsciiSet = &IRI_QUERY.remove(b'#');

/// User name, password, port and unconvertible host text in an authority:
/// `%!$&'()*+,;=` stay (no `/`, `:`, `@`, `?`, `#`).
pub const USERINFO: &AsciiSet = &IRI_PATH.add(b'/').add(b':').add(b'@');

/// A query or `application/x-www-form-urlencoded` key or value (Python's `quote_plus` with
/// Werkzeug's safe set `!$'()*,/:;?@`). `&`, `=`, `+` and `#` are encoded so they cannot
/// change the structure; a space is written as `+` by [`quote_form`].
pub const QUERY_COMPONENT: &AsciiSet = &UNRESERVED_ONLY
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b'/')
    .remove(b':')
    .remove(b';')
    .remove(b'?')
    .remove(b'@');

/// A cookie's `Path` attribute: [`IRI_PATH`] with `;` encoded, since it would end the
/// attribute.
pub const COOKIE_PATH: &AsciiSet = &IRI_PATH.add(b';');

/// RFC 5987 `attr-char` for `filename*=UTF-8''...` values: letters, digits and
/// `!#$&+-.^_`|~` stay.
pub const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// Only what may never appear raw in a URI: controls, space and `"<>\^`{|}` (RFC 3986
/// excludes them). Everything else, `%` and the delimiters included, stays, so a target
/// that is already a URI passes through unchanged.
pub const URI_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes the UTF-8 bytes of `text` that are in `set`; borrows when nothing
/// needs encoding.
///
/// ```
/// use stellwerk_runtime::urls::{PATH, PATH_SEGMENT, quote};
///
/// assert_eq!(quote("a b/é", PATH), "a%20b/%C3%A9");
/// assert_eq!(quote("a/b?", PATH_SEGMENT), "a%2Fb%3F");
/// ```
pub fn quote<'a>(text: &'a str, set: &'static AsciiSet) -> Cow<'a, str> {
    utf8_percent_encode(text, set).into()
}

/// [`quote`], appending to `out`.
///
/// ```
/// use stellwerk_runtime::urls::{FRAGMENT, quote_into};
///
/// let mut out = String::from("#");
/// quote_into("sec 1?", FRAGMENT, &mut out);
/// assert_eq!(out, "#sec%201?");
/// ```
pub fn quote_into(text: &str, set: &'static AsciiSet, out: &mut String) {
    out.extend(utf8_percent_encode(text, set));
}

/// Appends `text` form-encoded to `out`: space as `+`, the rest with
/// [`QUERY_COMPONENT`] (ASCII letters, digits, `_.-~` and `!$'()*,/:;?@` as they are,
/// everything else, `+`, `&`, `=`, `#` and `%` included, as `%XX` of its UTF-8 bytes).
///
/// ```
/// use stellwerk_runtime::urls::quote_form;
///
/// let mut out = String::new();
/// quote_form("a b+c/ä", &mut out);
/// assert_eq!(out, "a+b%2Bc/%C3%A4");
/// ```
pub fn quote_form(text: &str, out: &mut String) {
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        quote_into(piece, QUERY_COMPONENT, out);
    }
}

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
    // `+` becomes a space before decoding, so an encoded `%2B` stays a plus sign.
    let input: Cow<'_, [u8]> = if plus_as_space && input.contains(&b'+') {
        input
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect()
    } else {
        Cow::Borrowed(input)
    };
    let bytes: Cow<'_, [u8]> = percent_decode(&input).into();
    utf8_or_quoted(&bytes)
}

/// Percent-decodes `text` to bytes (a `%` without two hex digits is kept literally).
///
/// ```
/// use stellwerk_runtime::urls::unquote_to_bytes;
/// assert_eq!(unquote_to_bytes("a%20b%FF%"), &b"a b\xFF%"[..]);
/// ```
pub fn unquote_to_bytes(text: &str) -> Cow<'_, [u8]> {
    percent_decode(text.as_bytes()).into()
}

/// Percent-decodes `text` as UTF-8; `None` when the decoded bytes are not UTF-8. Borrows
/// when there is nothing to decode.
///
/// ```
/// use stellwerk_runtime::urls::unquote_utf8;
/// assert_eq!(unquote_utf8("caf%C3%A9").as_deref(), Some("café"));
/// assert_eq!(unquote_utf8("%FF"), None);
/// ```
pub fn unquote_utf8(text: &str) -> Option<Cow<'_, str>> {
    if !text.as_bytes().contains(&b'%') {
        return Some(Cow::Borrowed(text));
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
}

/// Percent-decodes `text` as UTF-8, replacing invalid sequences with U+FFFD.
///
/// ```
/// use stellwerk_runtime::urls::unquote_lossy;
/// assert_eq!(unquote_lossy("caf%C3%A9%FF"), "café\u{FFFD}");
/// ```
pub fn unquote_lossy(text: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy()
}

/// Werkzeug's per-part unquoting in `uri_to_iri`: every escape is decoded (invalid UTF-8
/// stays quoted) except escapes of controls, space, `%`, DEL and the part's `reserved`
/// characters, which are kept exactly as written (so decoding cannot change the URL's
/// structure).
///
/// ```
/// use stellwerk_runtime::urls::unquote_keeping;
/// assert_eq!(unquote_keeping("a%2Fb%C3%A4%20", b"/?#"), "a%2Fbä%20");
/// ```
pub fn unquote_keeping(input: &str, reserved: &[u8]) -> String {
    let keep = |b: u8| b <= 0x20 || b == b'%' || b == 0x7f || reserved.contains(&b);
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&high), Some(&low)) => hex_value(high).zip(hex_value(low)),
            _ => None,
        };
        match escaped {
            Some((high, low)) if keep(high << 4 | low) => {
                out.push_str(&unquote(&bytes[start..i], false));
                out.push_str(&input[i..i + 3]);
                i += 3;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&unquote(&bytes[start..], false));
    out
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

/// `text` in ASCII lower case, copied only when it has upper-case letters (host names
/// and schemes, which are nearly always sent in lower case already).
pub(crate) fn ascii_lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote_keeping_leaves_reserved_escapes() {
        assert_eq!(
            unquote_keeping("a%2Fb%2fc%C3%A4%FF%20", b"/?#"),
            "a%2Fb%2fcä%FF%20"
        );
        assert_eq!(
            unquote_keeping("q=%26%3D%2B%23%3F", b"&=+#"),
            "q=%26%3D%2B%23?"
        );
    }

    /// Which printable ASCII characters each set keeps, written out once so a change to a
    /// set is a visible change here.
    #[test]
    fn safe_sets_table() {
        let kept = |set: &'static AsciiSet| -> String {
            (b'!'..=b'~')
                .filter(|b| !b.is_ascii_alphanumeric())
                .map(char::from)
                .filter(|c| quote(&c.to_string(), set).len() == 1)
                .collect()
        };
        for (name, set, expected) in [
            ("PATH", PATH, "!$&'()*+,-./:;=@_~"),
            ("PATH_SEGMENT", PATH_SEGMENT, "!$&'()*+,-.:;=@_~"),
            ("IRI_PATH", IRI_PATH, "!$%&'()*+,-./:;=@_~"),
            ("IRI_QUERY", IRI_QUERY, "!$%&'()*+,-./:;=?@_~"),
            ("FRAGMENT", FRAGMENT, "!#$%&'()*+,-./:;=?@_~"),
            ("USERINFO", USERINFO, "!$%&'()*+,-.;=_~"),
            ("QUERY_COMPONENT", QUERY_COMPONENT, "!$'()*,-./:;?@_~"),
            ("COOKIE_PATH", COOKIE_PATH, "!$%&'()*+,-./:=@_~"),
            ("ATTR_CHAR", ATTR_CHAR, "!#$&+-.^_`|~"),
            ("URI_UNSAFE", URI_UNSAFE, "!#$%&'()*+,-./:;=?@[]_~"),
        ] {
            assert_eq!(kept(set), expected, "{name}");
        }
        for set in [PATH, QUERY_COMPONENT, URI_UNSAFE, ATTR_CHAR] {
            assert_eq!(quote("é \u{7f}", set), "%C3%A9%20%7F");
        }
    }

    proptest::proptest! {
        #[test]
        fn quote_then_unquote_round_trips(text in "\\PC{0,40}") {
            // Sets that encode `%` (the IRI sets and USERINFO keep existing escapes).
            for set in [PATH, PATH_SEGMENT, QUERY_COMPONENT, ATTR_CHAR] {
                let quoted = quote(&text, set);
                proptest::prop_assert!(quoted.is_ascii());
                proptest::prop_assert_eq!(unquote(quoted.as_bytes(), false), text.clone());
            }
            let mut form = String::new();
            quote_form(&text, &mut form);
            proptest::prop_assert_eq!(unquote(form.as_bytes(), true), text);
        }

        #[test]
        fn unquote_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let text = unquote(&bytes, true);
            let _ = unquote_keeping(&text, b"/?#");
        }
    }

    #[test]
    fn lowercase_copies_only_when_needed() {
        for (input, expected, copied) in [
            ("example.com", "example.com", false),
            ("Example.COM", "example.com", true),
            ("HTTPS", "https", true),
            ("", "", false),
        ] {
            let out = ascii_lowercase(input);
            assert_eq!(out, expected, "{input:?}");
            assert_eq!(
                matches!(out, std::borrow::Cow::Owned(_)),
                copied,
                "{input:?}"
            );
        }
    }
}
