//! `application/x-www-form-urlencoded`: query strings and urlencoded bodies.
//!
//! Decoding follows Werkzeug 3 (Python's `parse_qsl(keep_blank_values=True)` with
//! Werkzeug's error handler): pairs are split on `&` only (`;` is data), empty pairs are
//! skipped, a pair without `=` has an empty value, `+` is a space, `%XX` is decoded, and
//! bytes that are not valid UTF-8 stay percent-encoded (`%ff` reads as `%FF`).

use crate::body::BoxError;
use crate::datastructures::MultiDict;
use crate::urls::{quote_form, unquote};

use super::{FormData, FormError, FormOptions, read_body_limited};

/// Parses a query string or urlencoded body into a [`MultiDict`].
///
/// ```
/// use stellwerk_runtime::form::parse_query;
///
/// let q = parse_query(b"a=1&b=x+y&a=%C3%A4&flag&bad=%FF&&=v");
/// assert_eq!(q.get_all("a"), ["1", "ä"]);
/// assert_eq!(q.get("b").unwrap(), "x y");
/// assert_eq!(q.get("flag").unwrap(), "");
/// assert_eq!(q.get("bad").unwrap(), "%FF");
/// assert_eq!(q.get("").unwrap(), "v");
/// ```
pub fn parse_query(query: &[u8]) -> MultiDict<String, String> {
    query
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(eq) => (&pair[..eq], &pair[eq + 1..]),
                None => (pair, &b""[..]),
            };
            (unquote(name, true), unquote(value, true))
        })
        .collect()
}

/// Encodes pairs as `application/x-www-form-urlencoded` with Werkzeug's safe set
/// (`!$'()*,/:;?@` stay as they are, space becomes `+`, `+` becomes `%2B`).
///
/// Pairs are written in iteration order; a [`MultiDict`] iterates grouped by key.
///
/// ```
/// use stellwerk_runtime::datastructures::MultiDict;
/// use stellwerk_runtime::form::url_encode;
///
/// let md: MultiDict<&str, &str> = [("q", "a b+c"), ("path", "/x?y"), ("q", "ä")].into();
/// assert_eq!(url_encode(&md), "q=a+b%2Bc&q=%C3%A4&path=/x?y");
/// ```
pub fn url_encode<I, K, V>(pairs: I) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        quote_form(name.as_ref(), &mut out);
        out.push('=');
        quote_form(value.as_ref(), &mut out);
    }
    out
}

/// Reads and parses a urlencoded body. The whole body counts against
/// `max_form_memory_size` (checked against `declared_length` before reading, then while
/// reading); `max_form_parts` does not apply, as in Werkzeug.
pub(crate) async fn parse_urlencoded_body<B>(
    body: B,
    declared_length: Option<u64>,
    options: &FormOptions,
) -> Result<FormData, FormError>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let memory_limit = options.max_form_memory_size.map(|l| l as u64);
    if let (Some(declared), Some(limit)) = (declared_length, options.max_form_memory_size)
        && declared > limit as u64
    {
        return Err(FormError::FormMemoryExceeded { limit });
    }
    // Whichever limit is smaller is the one a growing body hits first.
    let (limit, content_limit_first) = match (options.max_content_length, memory_limit) {
        (Some(c), Some(m)) => (Some(c.min(m)), c <= m),
        (Some(c), None) => (Some(c), true),
        (None, m) => (m, false),
    };
    let too_large = || {
        if content_limit_first {
            FormError::ContentTooLarge {
                limit: options.max_content_length.unwrap_or(0),
            }
        } else {
            FormError::FormMemoryExceeded {
                limit: options.max_form_memory_size.unwrap_or(0),
            }
        }
    };
    let bytes = read_body_limited(body, limit, too_large).await?;
    // Werkzeug decodes the body as UTF-8 before splitting; a raw non-UTF-8 byte fails the
    // whole form (an empty form in silent mode). Escaped bytes (`%FF`) are fine.
    if std::str::from_utf8(&bytes).is_err() {
        return Err(FormError::InvalidUtf8);
    }
    Ok(FormData {
        fields: parse_query(&bytes),
        files: MultiDict::new(),
    })
}
