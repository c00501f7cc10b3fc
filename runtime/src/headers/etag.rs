//! Entity tags: `quote_etag`, `unquote_etag`, `generate_etag` and the `If-Match` /
//! `If-None-Match` set [`ETags`].

use std::fmt;

use base64::Engine as _;
use sha3::{Digest, Sha3_256};

/// An ETag that cannot be quoted because it contains `"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidETag(pub String);

impl fmt::Display for InvalidETag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid etag (contains '\"'): {:?}", self.0)
    }
}

impl std::error::Error for InvalidETag {}

/// Quotes an entity tag: `"x"`, or `W/"x"` when weak. A tag containing `"` is an error.
///
/// ```
/// use stellwerk_runtime::headers::quote_etag;
/// assert_eq!(quote_etag("abc", false).unwrap(), "\"abc\"");
/// assert_eq!(quote_etag("abc", true).unwrap(), "W/\"abc\"");
/// assert!(quote_etag("a\"b", false).is_err());
/// ```
pub fn quote_etag(etag: &str, weak: bool) -> Result<String, InvalidETag> {
    if etag.contains('"') {
        return Err(InvalidETag(etag.to_owned()));
    }
    Ok(if weak {
        format!("W/\"{etag}\"")
    } else {
        format!("\"{etag}\"")
    })
}

/// Splits a single entity tag into `(tag, weak)`. Accepts `W/` or `w/`; quotes are removed
/// when present. `None` for an empty value.
///
/// ```
/// use stellwerk_runtime::headers::unquote_etag;
/// assert_eq!(unquote_etag("W/\"bar\""), Some(("bar".to_owned(), true)));
/// assert_eq!(unquote_etag("\"bar\""), Some(("bar".to_owned(), false)));
/// ```
pub fn unquote_etag(etag: &str) -> Option<(String, bool)> {
    if etag.is_empty() {
        return None;
    }
    let mut tag = etag.trim();
    let mut weak = false;
    if let Some(rest) = tag.strip_prefix("W/").or_else(|| tag.strip_prefix("w/")) {
        weak = true;
        tag = rest;
    }
    if tag.len() >= 2 && tag.starts_with('"') && tag.ends_with('"') {
        tag = &tag[1..tag.len() - 1];
    } else if tag == "\"" {
        tag = "";
    }
    Some((tag.to_owned(), weak))
}

/// An entity tag for `data`: SHA3-256, base64 (URL-safe alphabet) without padding, 43
/// characters, as Werkzeug 3.2 computes it.
///
/// ```
/// use stellwerk_runtime::headers::generate_etag;
/// assert_eq!(generate_etag(b"Hello World"), "4Wf2jWVj11uyXzqknCnvYS1BNS3ABgbefL1jC7JmX1E");
/// ```
pub fn generate_etag(data: &[u8]) -> String {
    let digest = Sha3_256::digest(data);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// A parsed `If-Match` / `If-None-Match` value: strong tags, weak tags, or `*`.
///
/// ```
/// use stellwerk_runtime::headers::ETags;
/// let tags = ETags::parse("\"foo\", W/\"bar\"");
/// assert!(tags.contains("foo"));
/// assert!(!tags.contains("bar"));
/// assert!(tags.contains_weak("bar"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ETags {
    strong: Vec<String>,
    weak: Vec<String>,
    star: bool,
}

impl ETags {
    /// Builds a set from strong and weak tags.
    pub fn new<S, W>(strong: S, weak: W) -> Self
    where
        S: IntoIterator,
        S::Item: Into<String>,
        W: IntoIterator,
        W::Item: Into<String>,
    {
        // Sets in Werkzeug: duplicates dropped, first occurrence kept (hashing keeps this
        // linear for long headers).
        fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
            let mut seen = std::collections::HashSet::new();
            items.filter(|t| seen.insert(t.clone())).collect()
        }
        ETags {
            strong: dedup(strong.into_iter().map(Into::into)),
            weak: dedup(weak.into_iter().map(Into::into)),
            star: false,
        }
    }

    /// The set that matches everything (`*`).
    pub fn star() -> Self {
        ETags {
            star: true,
            ..ETags::default()
        }
    }

    /// Parses a comma-separated list of tags. Unquoted tags are tolerated; `*` anywhere makes
    /// the set match everything.
    pub fn parse(value: &str) -> Self {
        let mut strong = Vec::new();
        let mut weak = Vec::new();
        let b = value.as_bytes();
        let closers = closing_quotes(b);
        let mut pos = 0;
        while pos < b.len() {
            let mut is_weak = false;
            if b.len() - pos >= 2 && (b[pos] == b'W' || b[pos] == b'w') && b[pos + 1] == b'/' {
                is_weak = true;
                pos += 2;
            }
            let tag: &str;
            if let Some((close, next)) = quoted_tag_end(b, &closers, pos) {
                tag = &value[pos + 1..close];
                pos = next;
            } else {
                // An unquoted tag runs up to the next `,` (with surrounding whitespace).
                let (end, next) = next_separator(b, pos);
                let raw = &value[pos..end];
                if raw == "*" {
                    return ETags::star();
                }
                tag = raw;
                pos = next;
            }
            if tag.is_empty() {
                continue;
            }
            if is_weak {
                weak.push(tag.to_owned());
            } else {
                strong.push(tag.to_owned());
            }
        }
        ETags::new(strong, weak)
    }

    /// Whether `etag` is in the set (strong match) or the set is `*`.
    pub fn contains(&self, etag: &str) -> bool {
        self.star || self.strong.iter().any(|t| t == etag)
    }

    /// Whether `etag` is in the set as a strong or weak tag (weak comparison).
    pub fn contains_weak(&self, etag: &str) -> bool {
        self.contains(etag) || self.weak.iter().any(|t| t == etag)
    }

    /// Like [`contains`](Self::contains) for a quoted tag; a weak quoted tag uses the weak
    /// comparison.
    pub fn contains_raw(&self, etag: &str) -> bool {
        match unquote_etag(etag) {
            Some((tag, true)) => self.contains_weak(&tag),
            Some((tag, false)) => self.contains(&tag),
            None => false,
        }
    }

    /// Whether `etag` is a weak tag in the set.
    pub fn is_weak(&self, etag: &str) -> bool {
        self.weak.iter().any(|t| t == etag)
    }

    /// Whether `etag` is a strong tag in the set.
    pub fn is_strong(&self, etag: &str) -> bool {
        self.strong.iter().any(|t| t == etag)
    }

    /// Whether this is `*`.
    pub fn is_star(&self) -> bool {
        self.star
    }

    /// Whether the set has no tags and is not `*` (an absent header).
    pub fn is_empty(&self) -> bool {
        !self.star && self.strong.is_empty() && self.weak.is_empty()
    }

    /// The strong tags.
    pub fn strong(&self) -> &[String] {
        &self.strong
    }

    /// The weak tags.
    pub fn weak(&self) -> &[String] {
        &self.weak
    }

    /// Serialises the set: `*`, or quoted tags joined by `", "` (strong first).
    pub fn to_header(&self) -> String {
        if self.star {
            return "*".to_owned();
        }
        let strong = self.strong.iter().map(|t| format!("\"{t}\""));
        let weak = self.weak.iter().map(|t| format!("W/\"{t}\""));
        strong.chain(weak).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for ETags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

/// For a quoted tag opening at `pos`: the index of the quote that closes it (the first quote
/// followed by a separator or the end) and where the next tag starts.
fn quoted_tag_end(b: &[u8], closers: &[Option<usize>], pos: usize) -> Option<(usize, usize)> {
    if b.get(pos) != Some(&b'"') {
        return None;
    }
    let close = closers[pos + 1]?;
    Some((close, separator_end(b, close + 1)?))
}

/// For every index, the first quote at or after it that is followed by a separator or the
/// end. One right-to-left pass keeps parsing linear however the quotes are arranged.
fn closing_quotes(b: &[u8]) -> Vec<Option<usize>> {
    let mut table = vec![None; b.len() + 2];
    for i in (0..b.len()).rev() {
        table[i] = if b[i] == b'"' && separator_end(b, i + 1).is_some() {
            Some(i)
        } else {
            table[i + 1]
        };
    }
    table
}

/// After a quoted tag ending before `at`: the position after `\s*,\s*`, or the end of
/// input. `None` when something else follows (then the quote did not end the tag); as in
/// Werkzeug, whitespace is only skipped around a comma.
fn separator_end(b: &[u8], at: usize) -> Option<usize> {
    if at == b.len() {
        return Some(at);
    }
    let mut i = at;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if b.get(i) != Some(&b',') {
        return None;
    }
    i += 1;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    Some(i)
}

/// For an unquoted tag starting at `pos`: where the tag ends and where the next one starts.
fn next_separator(b: &[u8], pos: usize) -> (usize, usize) {
    match b[pos..].iter().position(|&c| c == b',') {
        Some(off) => {
            let comma = pos + off;
            let mut end = comma;
            while end > pos && b[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            let mut next = comma + 1;
            while next < b.len() && b[next].is_ascii_whitespace() {
                next += 1;
            }
            (end, next)
        }
        None => (b.len(), b.len()),
    }
}
