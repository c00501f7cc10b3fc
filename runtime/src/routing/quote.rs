//! Percent-encoding and decoding rules for paths, query strings and anchors, in one place so
//! that building, redirects and the macros all quote the same way (Werkzeug's safe sets).

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Characters kept as they are in a path: unreserved plus `!$&'()*+,/:;=@`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
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

/// The path set with `/` encoded: for values that live inside one segment.
const SEGMENT: &AsciiSet = &PATH.add(b'/');

/// Query keys and values (`quote_plus` with safe `!$'()*,/:;?@`); space is handled apart.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
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

/// Anchors: Flask's safe set `%!#$&'()*+,/:;=?@`.
const ANCHOR: &AsciiSet = &PATH.remove(b'%').remove(b'#').remove(b'?');

/// Quotes text for a path, keeping `/`.
///
/// ```
/// use stellwerk_runtime::routing::quote::quote_path;
/// assert_eq!(quote_path("a b/é"), "a%20b/%C3%A9");
/// ```
pub fn quote_path(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, PATH).into()
}

/// Quotes text that must stay inside one path segment (`/` becomes `%2F`).
///
/// ```
/// use stellwerk_runtime::routing::quote::quote_segment;
/// assert_eq!(quote_segment("a/b?"), "a%2Fb%3F");
/// ```
pub fn quote_segment(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, SEGMENT).into()
}

/// [`quote_segment`], appended to `out`.
pub(crate) fn quote_segment_into(text: &str, out: &mut String) {
    out.extend(utf8_percent_encode(text, SEGMENT));
}

/// Quotes a query key or value (`quote_plus`: a space becomes `+`).
pub fn quote_query(text: &str, out: &mut String) {
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.extend(utf8_percent_encode(piece, QUERY));
    }
}

/// Quotes a URL fragment.
pub fn quote_anchor(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, ANCHOR).into()
}

/// Percent-decodes one path segment; borrows when there is nothing to decode.
/// `None` when the decoded bytes are not UTF-8.
pub fn decode_segment(segment: &str) -> Option<Cow<'_, str>> {
    if !segment.as_bytes().contains(&b'%') {
        return Some(Cow::Borrowed(segment));
    }
    percent_decode_str(segment).decode_utf8().ok()
}
