//! [`HeaderSet`]: an ordered, case-insensitive set of tokens (`Vary`, `Allow`,
//! `Content-Language`).

use std::fmt;

use super::quoting::{dump_header, parse_list_header};

/// An ordered set of header tokens compared case-insensitively; the first spelling of each
/// token is kept.
///
/// ```
/// use stellwerk_runtime::headers::HeaderSet;
/// let mut vary = HeaderSet::parse("Accept-Encoding");
/// vary.add("Cookie");
/// vary.add("cookie");
/// assert_eq!(vary.to_header(), "Accept-Encoding, Cookie");
/// assert!(vary.contains("COOKIE"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderSet {
    items: Vec<String>,
}

impl HeaderSet {
    /// An empty set.
    pub fn new() -> Self {
        HeaderSet::default()
    }

    /// Parses a comma-separated header value (see
    /// [`parse_list_header`](super::parse_list_header)).
    pub fn parse(value: &str) -> Self {
        let mut set = HeaderSet::new();
        for item in parse_list_header(value) {
            set.add(&item);
        }
        set
    }

    /// Adds a token unless an equal one (ignoring case) is present.
    pub fn add(&mut self, token: &str) -> &mut Self {
        if self.find(token).is_none() {
            self.items.push(token.to_owned());
        }
        self
    }

    /// Adds several tokens.
    pub fn extend<'a, I: IntoIterator<Item = &'a str>>(&mut self, tokens: I) -> &mut Self {
        for t in tokens {
            self.add(t);
        }
        self
    }

    /// Removes a token if present (a missing token is not an error).
    pub fn discard(&mut self, token: &str) -> &mut Self {
        if let Some(i) = self.find(token) {
            self.items.remove(i);
        }
        self
    }

    /// The position of a token, ignoring case.
    pub fn find(&self, token: &str) -> Option<usize> {
        self.items
            .iter()
            .position(|t| t.eq_ignore_ascii_case(token))
    }

    /// Whether the set holds a token, ignoring case.
    pub fn contains(&self, token: &str) -> bool {
        self.find(token).is_some()
    }

    /// The tokens in order, as first spelled.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(String::as_str)
    }

    /// The tokens, lower-cased unless `preserve_casing`.
    pub fn as_vec(&self, preserve_casing: bool) -> Vec<String> {
        self.items
            .iter()
            .map(|t| {
                if preserve_casing {
                    t.clone()
                } else {
                    t.to_ascii_lowercase()
                }
            })
            .collect()
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the set is empty (then the header should be omitted).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Removes every token.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// Serialises the set: tokens joined by `", "`, quoted when not tokens.
    pub fn to_header(&self) -> String {
        dump_header(self.iter())
    }
}

impl fmt::Display for HeaderSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

impl<'a> FromIterator<&'a str> for HeaderSet {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut set = HeaderSet::new();
        set.extend(iter);
        set
    }
}
