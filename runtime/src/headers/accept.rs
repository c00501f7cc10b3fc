//! The `Accept` family: `Accept` (media types), `Accept-Language`, `Accept-Charset` and
//! `Accept-Encoding`, with quality values and content negotiation.

use std::fmt;
use std::marker::PhantomData;

use super::options::{dump_pairs_as_options, parse_options_header};
use super::quoting::parse_list_header;

/// How the values of one `Accept*` header compare: equality, specificity and fallbacks.
pub trait AcceptKind {
    /// Whether the server value `value` is matched by the client item `item`.
    /// `Err` when `value` is not a valid value for this header (a media type without `/`).
    fn value_matches(value: &str, item: &str) -> Result<bool, InvalidAcceptValue>;
    /// How specific a client item is; more specific items sort first and win ties.
    fn specificity(item: &str) -> Vec<bool> {
        vec![item != "*"]
    }
}

/// A server value that cannot be compared against an `Accept` header (for media types: a
/// value without `/`, or `*/subtype`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAcceptValue(pub String);

impl fmt::Display for InvalidAcceptValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid value for this Accept header: {:?}", self.0)
    }
}

impl std::error::Error for InvalidAcceptValue {}

/// Plain values compared case-insensitively (`Accept-Encoding`, generic lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plain;

impl AcceptKind for Plain {
    fn value_matches(value: &str, item: &str) -> Result<bool, InvalidAcceptValue> {
        Ok(item == "*" || item.eq_ignore_ascii_case(value))
    }
}

/// Media types: `*/*` and `type/*` wildcards; parameters take part in matching and
/// specificity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mime;

/// Splits a media type on `/` and on `;` (with surrounding whitespace), lower-cased.
fn split_mime(value: &str) -> Vec<String> {
    let lower = value.to_ascii_lowercase();
    let mut out = Vec::new();
    for (i, part) in lower.split(';').enumerate() {
        if i == 0 {
            out.extend(part.split('/').map(|s| s.trim_end().to_owned()));
        } else {
            out.push(part.trim().to_owned());
        }
    }
    out
}

impl AcceptKind for Mime {
    fn value_matches(value: &str, item: &str) -> Result<bool, InvalidAcceptValue> {
        if !item.contains('/') {
            return Ok(false);
        }
        if !value.contains('/') {
            return Err(InvalidAcceptValue(value.to_owned()));
        }
        let v = split_mime(value);
        let (v_type, v_sub) = (&v[0], &v[1]);
        let mut v_params: Vec<&String> = v[2..].iter().collect();
        v_params.sort();
        if v_type == "*" && v_sub != "*" {
            return Err(InvalidAcceptValue(value.to_owned()));
        }
        let it = split_mime(item);
        let (i_type, i_sub) = (&it[0], &it[1]);
        let mut i_params: Vec<&String> = it[2..].iter().collect();
        i_params.sort();
        if i_type == "*" && i_sub != "*" {
            return Ok(false);
        }
        let any = (i_type == "*" && i_sub == "*") || (v_type == "*" && v_sub == "*");
        Ok(any
            || (i_type == v_type
                && (i_sub == "*" || v_sub == "*" || (i_sub == v_sub && i_params == v_params))))
    }

    fn specificity(item: &str) -> Vec<bool> {
        let mut parts = Vec::new();
        for (i, part) in item.split(';').enumerate() {
            if i == 0 {
                parts.extend(part.split('/').map(|s| s.trim() != "*"));
            } else {
                parts.push(part.trim() != "*");
            }
        }
        parts
    }
}

/// Language tags: case-insensitive, `-` and `_` equivalent; [`Accept::best_match`] falls
/// back to the primary subtag (`en-US` ↔ `en`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language;

fn normalize_lang(value: &str) -> Vec<String> {
    value
        .to_ascii_lowercase()
        .split(['-', '_'])
        .map(str::to_owned)
        .collect()
}

fn primary_subtag(value: &str) -> &str {
    value.split(['-', '_']).next().unwrap_or(value)
}

impl AcceptKind for Language {
    fn value_matches(value: &str, item: &str) -> Result<bool, InvalidAcceptValue> {
        Ok(item == "*" || normalize_lang(value) == normalize_lang(item))
    }
}

/// Charsets: case-insensitive, with common aliases (`utf8` = `utf-8`, `latin1` =
/// `iso-8859-1`) treated as equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Charset;

fn normalize_charset(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase().replace('_', "-");
    match lower.as_str() {
        "utf8" | "u8" | "utf" => "utf-8".to_owned(),
        "latin1" | "latin-1" | "l1" | "iso8859-1" | "iso-8859-1" | "8859" | "cp819" => {
            "iso-8859-1".to_owned()
        }
        "ascii" | "us-ascii" | "646" => "ascii".to_owned(),
        _ => lower,
    }
}

impl AcceptKind for Charset {
    fn value_matches(value: &str, item: &str) -> Result<bool, InvalidAcceptValue> {
        Ok(item == "*" || normalize_charset(value) == normalize_charset(item))
    }
}

/// A parsed `Accept*` header: `(value, quality)` pairs sorted by specificity, then quality
/// (stable for ties, so the client's order is kept).
///
/// ```
/// use stellwerk_runtime::headers::MimeAccept;
/// let accept = MimeAccept::parse("text/html, application/json;q=0.9");
/// assert_eq!(accept.best(), Some("text/html"));
/// assert_eq!(accept.best_match(["application/json", "text/html"]), Some("text/html"));
/// assert_eq!(accept.quality("application/json"), 0.9);
/// ```
pub struct Accept<K: AcceptKind = Plain> {
    items: Vec<(String, f64)>,
    provided: bool,
    kind: PhantomData<K>,
}

/// `Accept`: media types.
pub type MimeAccept = Accept<Mime>;
/// `Accept-Language`.
pub type LanguageAccept = Accept<Language>;
/// `Accept-Charset`.
pub type CharsetAccept = Accept<Charset>;
/// `Accept-Encoding`.
pub type EncodingAccept = Accept<Plain>;

impl<K: AcceptKind> Clone for Accept<K> {
    fn clone(&self) -> Self {
        Accept {
            items: self.items.clone(),
            provided: self.provided,
            kind: PhantomData,
        }
    }
}

impl<K: AcceptKind> fmt::Debug for Accept<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Accept")
            .field("items", &self.items)
            .field("provided", &self.provided)
            .finish()
    }
}

impl<K: AcceptKind> PartialEq for Accept<K> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items && self.provided == other.provided
    }
}

impl<K: AcceptKind> Default for Accept<K> {
    fn default() -> Self {
        Accept {
            items: Vec::new(),
            provided: false,
            kind: PhantomData,
        }
    }
}

/// A quality value as RFC 9110 allows it: `-?digits(.digits)?`, ASCII only, within `0..=1`
/// (`.5`, `+0.5` and `0.5_1` are rejected).
fn parse_q(q: &str) -> Option<f64> {
    let q = q.trim();
    let body = q.strip_prefix('-').unwrap_or(q);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let value: f64 = q.parse().ok()?;
    (0.0..=1.0).contains(&value).then_some(value)
}

impl<K: AcceptKind> Accept<K> {
    /// Builds from `(value, quality)` pairs, sorting them by specificity then quality.
    pub fn new<I, S>(items: I) -> Self
    where
        I: IntoIterator<Item = (S, f64)>,
        S: Into<String>,
    {
        let mut items: Vec<(String, f64)> = items.into_iter().map(|(v, q)| (v.into(), q)).collect();
        items.sort_by(|a, b| {
            let ka = (K::specificity(&a.0), a.1);
            let kb = (K::specificity(&b.0), b.1);
            kb.partial_cmp(&ka).unwrap_or(std::cmp::Ordering::Equal)
        });
        Accept {
            items,
            provided: true,
            kind: PhantomData,
        }
    }

    /// Parses a header value. Items with an invalid `q` are dropped; other parameters stay
    /// attached to the value. An empty value gives an empty, not-provided header.
    pub fn parse(value: &str) -> Self {
        if value.is_empty() {
            return Self::default();
        }
        let mut items = Vec::new();
        for item in parse_list_header(value) {
            let (main, mut params) = parse_options_header(&item);
            let mut quality = 1.0;
            if let Some(pos) = params.iter().position(|(k, _)| k == "q") {
                let (_, q) = params.remove(pos);
                match parse_q(&q) {
                    Some(q) => quality = q,
                    None => continue,
                }
            }
            let value = if params.is_empty() {
                main
            } else {
                dump_pairs_as_options(&main, &params)
            };
            items.push((value, quality));
        }
        Self::new(items)
    }

    /// Whether the header was present (an absent header accepts everything in Werkzeug's
    /// sense of "no preference", but has no items).
    pub fn provided(&self) -> bool {
        self.provided
    }

    /// The `(value, quality)` pairs, most preferred first.
    pub fn items(&self) -> &[(String, f64)] {
        &self.items
    }

    /// The values, most preferred first.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(v, _)| v.as_str())
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The quality the client gives `key` (0 when nothing matches); an invalid `key`
    /// (a media type without `/`) is an error.
    pub fn try_quality(&self, key: &str) -> Result<f64, InvalidAcceptValue> {
        for (item, q) in &self.items {
            if K::value_matches(key, item)? {
                return Ok(*q);
            }
        }
        Ok(0.0)
    }

    /// The quality the client gives `key`; 0 when nothing matches or `key` is invalid.
    pub fn quality(&self, key: &str) -> f64 {
        self.try_quality(key).unwrap_or(0.0)
    }

    /// Whether some item matches `key` (whatever its quality).
    pub fn contains(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// The position of the first item that matches `key`.
    pub fn find(&self, key: &str) -> Option<usize> {
        self.items
            .iter()
            .position(|(item, _)| K::value_matches(key, item).unwrap_or(false))
    }

    /// The most preferred value.
    pub fn best(&self) -> Option<&str> {
        self.items.first().map(|(v, _)| v.as_str())
    }

    fn best_single_match(&self, server: &str) -> Option<(&str, f64)> {
        self.items
            .iter()
            .find(|(item, _)| K::value_matches(server, item).unwrap_or(false))
            .map(|(item, q)| (item.as_str(), *q))
    }

    /// Plain best match, without the language fallbacks.
    fn best_match_exact<'a, I>(&self, matches: I) -> Option<&'a str>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut result = None;
        let mut best_q = -1.0;
        let mut best_spec: Vec<bool> = Vec::new();
        for server in matches {
            let Some((client, q)) = self.best_single_match(server) else {
                continue;
            };
            let spec = K::specificity(client);
            // Quality 0 means "not acceptable": it never matches.
            if q <= 0.0 || q < best_q {
                continue;
            }
            if q > best_q || spec > best_spec {
                result = Some(server);
                best_q = q;
                best_spec = spec;
            }
        }
        result
    }

    /// Serialises the header: `value;q=0.5` items joined by `,` (`q=1` omitted).
    pub fn to_header(&self) -> String {
        self.items
            .iter()
            .map(|(v, q)| {
                if *q == 1.0 {
                    v.clone()
                } else {
                    format!("{v};q={q}")
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl<K: AcceptKind> fmt::Display for Accept<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

/// Negotiation for every kind except languages, which add fallbacks.
macro_rules! simple_best_match {
    ($($kind:ty),*) => {$(
        impl Accept<$kind> {
            /// The server value the client prefers most: highest quality, then the most
            /// specific client item, then the server's order. Quality 0 never matches.
            pub fn best_match<'a, I>(&self, matches: I) -> Option<&'a str>
            where
                I: IntoIterator<Item = &'a str>,
            {
                self.best_match_exact(matches)
            }
        }
    )*};
}
simple_best_match!(Plain, Mime, Charset);

impl Accept<Mime> {
    /// Whether HTML is acceptable (`text/html` or XHTML).
    pub fn accept_html(&self) -> bool {
        self.contains("text/html") || self.accept_xhtml()
    }

    /// Whether XHTML is acceptable (`application/xhtml+xml` or `application/xml`).
    pub fn accept_xhtml(&self) -> bool {
        self.contains("application/xhtml+xml") || self.contains("application/xml")
    }

    /// Whether JSON is acceptable.
    pub fn accept_json(&self) -> bool {
        self.contains("application/json")
    }
}

impl Accept<Language> {
    /// The best server language. When no tag matches exactly, the client's primary subtags
    /// are tried (`en-US` accepts a server `en`), then the server's (`en` accepts a server
    /// `en_US`); the server value is returned unchanged.
    ///
    /// ```
    /// use stellwerk_runtime::headers::LanguageAccept;
    /// assert_eq!(LanguageAccept::parse("en-us").best_match(["en"]), Some("en"));
    /// assert_eq!(LanguageAccept::parse("en").best_match(["en_US"]), Some("en_US"));
    /// assert_eq!(LanguageAccept::parse("en-GB").best_match(["en-US"]), None);
    /// ```
    pub fn best_match<'a, I>(&self, matches: I) -> Option<&'a str>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let matches: Vec<&'a str> = matches.into_iter().collect();
        if let Some(found) = self.best_match_exact(matches.iter().copied()) {
            return Some(found);
        }
        let client_primary: Accept<Plain> = Accept::new(
            self.items
                .iter()
                .map(|(v, q)| (primary_subtag(v).to_owned(), *q)),
        );
        if let Some(found) = client_primary.best_match_exact(matches.iter().copied()) {
            return Some(found);
        }
        let server_primary: Vec<&str> = matches.iter().map(|m| primary_subtag(m)).collect();
        let found = self.best_match_exact(server_primary.iter().copied())?;
        matches.iter().copied().find(|m| m.starts_with(found))
    }
}
