//! Typed request headers through the header toolkit.
//!
//! Headers that may be sent as several lines (`Accept`, `Cache-Control`, `If-Match`, ...)
//! are read with all lines joined by `,`, as a WSGI server merges them. A value that does
//! not parse gives the type's empty value or `None`, never an error, as in Werkzeug.

use std::time::SystemTime;

use http::header;

use crate::headers::{
    Authorization, CharsetAccept, ETags, EncodingAccept, IfRange, LanguageAccept, MimeAccept,
    Range, RequestCacheControl, parse_date, parse_list_header, parse_options_header,
};

use super::Request;

impl Request {
    /// A header's first line as text; `None` when absent or not UTF-8.
    pub fn header_str(&self, name: impl header::AsHeaderName) -> Option<&str> {
        std::str::from_utf8(self.headers().get(name)?.as_bytes()).ok()
    }

    fn joined_or_empty(&self, name: &str) -> String {
        self.joined_header(name).unwrap_or_default()
    }

    /// `Accept`, for content negotiation with `best_match`.
    ///
    /// ```
    /// use stellwerk_runtime::body::Body;
    /// use stellwerk_runtime::wrappers::Request;
    ///
    /// let http = http::Request::get("/")
    ///     .header("accept", "text/html;q=0.9, application/json")
    ///     .body(Body::empty())
    ///     .unwrap();
    /// let request = Request::new(http);
    /// let accept = request.accept_mimetypes();
    /// assert_eq!(accept.best_match(["text/html", "application/json"]), Some("application/json"));
    /// assert!(accept.accept_json());
    /// ```
    pub fn accept_mimetypes(&self) -> MimeAccept {
        MimeAccept::parse(&self.joined_or_empty("accept"))
    }

    /// `Accept-Language` (`en-US` and `en_us` are the same tag; `best_match` falls back to
    /// the primary subtag).
    pub fn accept_languages(&self) -> LanguageAccept {
        LanguageAccept::parse(&self.joined_or_empty("accept-language"))
    }

    /// `Accept-Charset` (deprecated by browsers and by Werkzeug 3.2, kept for completeness).
    pub fn accept_charsets(&self) -> CharsetAccept {
        CharsetAccept::parse(&self.joined_or_empty("accept-charset"))
    }

    /// `Accept-Encoding`.
    pub fn accept_encodings(&self) -> EncodingAccept {
        EncodingAccept::parse(&self.joined_or_empty("accept-encoding"))
    }

    /// `Cache-Control` (empty when absent).
    pub fn cache_control(&self) -> RequestCacheControl {
        RequestCacheControl::parse(&self.joined_or_empty("cache-control"))
    }

    /// `If-Match` (empty when absent).
    pub fn if_match(&self) -> ETags {
        ETags::parse(&self.joined_or_empty("if-match"))
    }

    /// `If-None-Match` (empty when absent).
    pub fn if_none_match(&self) -> ETags {
        ETags::parse(&self.joined_or_empty("if-none-match"))
    }

    /// `If-Modified-Since`; `None` when absent or not a date.
    pub fn if_modified_since(&self) -> Option<SystemTime> {
        parse_date(self.header_str(header::IF_MODIFIED_SINCE)?)
    }

    /// `If-Unmodified-Since`; `None` when absent or not a date.
    pub fn if_unmodified_since(&self) -> Option<SystemTime> {
        parse_date(self.header_str(header::IF_UNMODIFIED_SINCE)?)
    }

    /// `Date`; `None` when absent or not a date.
    pub fn date(&self) -> Option<SystemTime> {
        parse_date(self.header_str(header::DATE)?)
    }

    /// `If-Range` ([`IfRange::Empty`] when absent; a weak ETag is discarded).
    pub fn if_range(&self) -> IfRange {
        self.header_str(header::IF_RANGE)
            .map_or(IfRange::Empty, IfRange::parse)
    }

    /// `Range`; `None` when absent or malformed.
    pub fn range(&self) -> Option<Range> {
        Range::parse(self.header_str(header::RANGE)?)
    }

    /// `Authorization`; `None` when absent or when Basic credentials do not decode.
    pub fn authorization(&self) -> Option<Authorization> {
        Authorization::parse(self.header_str(header::AUTHORIZATION)?)
    }

    /// `Max-Forwards` as a number (ASCII digits only); `None` otherwise.
    pub fn max_forwards(&self) -> Option<u64> {
        plain_uint(self.header_str(header::MAX_FORWARDS)?)
    }

    /// The raw `Content-Type`.
    pub fn content_type(&self) -> Option<&str> {
        self.header_str(header::CONTENT_TYPE)
    }

    /// The media type of `Content-Type`, lower-cased and without parameters (`""` when
    /// there is none).
    pub fn mimetype(&self) -> String {
        let (value, _) = parse_options_header(self.content_type().unwrap_or(""));
        value.to_ascii_lowercase()
    }

    /// The parameters of `Content-Type` (`charset`, `boundary`, ...), keys lower-cased.
    pub fn mimetype_params(&self) -> Vec<(String, String)> {
        parse_options_header(self.content_type().unwrap_or("")).1
    }

    /// `Content-Length` as Werkzeug reads it: `None` when absent or when
    /// `Transfer-Encoding` includes `chunked`; `0` when it is not a plain non-negative
    /// number (ASCII digits, optionally `-`, surrounding whitespace allowed).
    pub fn content_length(&self) -> Option<u64> {
        if let Some(te) = self.joined_header("transfer-encoding")
            && parse_list_header(&te)
                .iter()
                .any(|coding| coding.eq_ignore_ascii_case("chunked"))
        {
            return None;
        }
        let value = self.headers().get(header::CONTENT_LENGTH)?;
        let text = std::str::from_utf8(value.as_bytes()).unwrap_or("").trim();
        if text
            .strip_prefix('-')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        {
            // Negative lengths count as 0.
            return Some(0);
        }
        Some(plain_uint(text).unwrap_or(0))
    }

    /// The raw `Content-Encoding`.
    pub fn content_encoding(&self) -> Option<&str> {
        self.header_str(header::CONTENT_ENCODING)
    }

    /// The raw `User-Agent` (Werkzeug 2.1+ no longer parses it).
    pub fn user_agent(&self) -> Option<&str> {
        self.header_str(header::USER_AGENT)
    }

    /// The raw `Referer`.
    pub fn referrer(&self) -> Option<&str> {
        self.header_str(header::REFERER)
    }

    /// The raw `Origin`.
    pub fn origin(&self) -> Option<&str> {
        self.header_str(header::ORIGIN)
    }
}

/// ASCII digits only, surrounding whitespace allowed; huge values saturate.
fn plain_uint(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u64::MAX))
}
