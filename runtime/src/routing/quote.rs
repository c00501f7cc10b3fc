//! Percent-encoding and decoding rules for paths, query strings and anchors as URL building,
//! redirects and the macros use them. The safe sets and the quoting itself live in
//! [`crate::urls`] (one source of truth for the whole crate); these are the router's names
//! for them.

use std::borrow::Cow;

use crate::urls;

/// Quotes text for a path, keeping `/` ([`urls::PATH`]).
///
/// ```
/// use stellwerk_runtime::routing::quote::quote_path;
/// assert_eq!(quote_path("a b/é"), "a%20b/%C3%A9");
/// ```
pub fn quote_path(text: &str) -> Cow<'_, str> {
    urls::quote(text, urls::PATH)
}

/// Quotes text that must stay inside one path segment (`/` becomes `%2F`,
/// [`urls::PATH_SEGMENT`]).
///
/// ```
/// use stellwerk_runtime::routing::quote::quote_segment;
/// assert_eq!(quote_segment("a/b?"), "a%2Fb%3F");
/// ```
pub fn quote_segment(text: &str) -> Cow<'_, str> {
    urls::quote(text, urls::PATH_SEGMENT)
}

/// [`quote_segment`], appended to `out`.
pub(crate) fn quote_segment_into(text: &str, out: &mut String) {
    urls::quote_into(text, urls::PATH_SEGMENT, out);
}

/// Quotes a query key or value (`quote_plus`: a space becomes `+`; [`urls::quote_form`]).
pub fn quote_query(text: &str, out: &mut String) {
    urls::quote_form(text, out);
}

/// Quotes a URL fragment ([`urls::FRAGMENT`]).
pub fn quote_anchor(text: &str) -> Cow<'_, str> {
    urls::quote(text, urls::FRAGMENT)
}

/// Percent-decodes one path segment; borrows when there is nothing to decode.
/// `None` when the decoded bytes are not UTF-8 ([`urls::unquote_utf8`]).
pub fn decode_segment(segment: &str) -> Option<Cow<'_, str>> {
    urls::unquote_utf8(segment)
}
