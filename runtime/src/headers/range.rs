//! `Range`, `Content-Range` and `If-Range`.

use std::fmt;
use std::time::SystemTime;

use super::date::{http_date, parse_date};
use super::etag::unquote_etag;

/// At most this many ranges are read from one `Range` header; more make the header invalid.
/// Werkzeug has no such cap, but it only ever serves a single range, so a longer list can
/// only be an attempt to make the server work.
pub const MAX_RANGES: usize = 100;

/// A `(start, stop)` pair is invalid for [`Range::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRange(pub i64, pub Option<i64>);

impl fmt::Display for InvalidRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {:?}) is not a valid range", self.0, self.1)
    }
}

impl std::error::Error for InvalidRange {}

/// A parsed `Range` header: units and `(start, stop)` pairs with an exclusive `stop`; a
/// suffix range (`-500`, the last 500 bytes) has a negative `start` and no `stop`.
///
/// ```
/// use stellwerk_runtime::headers::Range;
/// let range = Range::parse("bytes=52-99").unwrap();
/// assert_eq!(range.ranges(), [(52, Some(100))]);
/// assert_eq!(range.range_for_length(Some(80)), Some((52, 80)));
/// assert_eq!(range.to_content_range_header(80).as_deref(), Some("bytes 52-79/80"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    units: String,
    ranges: Vec<(i64, Option<i64>)>,
}

/// An integer as headers write it: optional `-`, ASCII digits, surrounding whitespace.
pub(crate) fn plain_int(value: &str) -> Option<i64> {
    let v = value.trim();
    let digits = v.strip_prefix('-').unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

impl Range {
    /// Builds a range set; a pair with `stop` that is negative-started, empty or reversed
    /// is an error.
    pub fn new(
        units: impl Into<String>,
        ranges: Vec<(i64, Option<i64>)>,
    ) -> Result<Self, InvalidRange> {
        for &(start, stop) in &ranges {
            if let Some(stop) = stop
                && (start < 0 || start >= stop)
            {
                return Err(InvalidRange(start, Some(stop)));
            }
        }
        Ok(Range {
            units: units.into(),
            ranges,
        })
    }

    /// Parses a `Range` header. Ranges must be in ascending order without overlap and a
    /// suffix range must come last; anything malformed gives `None`.
    pub fn parse(value: &str) -> Option<Self> {
        let (units, spec) = value.split_once('=')?;
        let units = units.trim().to_ascii_lowercase();
        let mut ranges = Vec::new();
        let mut last_end: i64 = 0;
        for item in spec.split(',') {
            if ranges.len() == MAX_RANGES {
                return None;
            }
            let item = item.trim();
            if !item.contains('-') {
                return None;
            }
            if item.starts_with('-') {
                if last_end < 0 {
                    return None;
                }
                let begin = plain_int(item)?;
                last_end = -1;
                ranges.push((begin, None));
            } else {
                let (begin, end) = item.split_once('-')?;
                let begin = plain_int(begin)?;
                if begin < last_end || last_end < 0 {
                    return None;
                }
                let end = end.trim();
                let end = if end.is_empty() {
                    None
                } else {
                    let end = plain_int(end)?.checked_add(1)?;
                    if begin >= end {
                        return None;
                    }
                    Some(end)
                };
                last_end = end.unwrap_or(-1);
                ranges.push((begin, end));
            }
        }
        Some(Range { units, ranges })
    }

    /// The units, lower-cased (`bytes`).
    pub fn units(&self) -> &str {
        &self.units
    }

    /// The `(start, stop)` pairs.
    pub fn ranges(&self) -> &[(i64, Option<i64>)] {
        &self.ranges
    }

    /// For a single `bytes` range, the satisfiable `(start, stop)` within `length` (stop
    /// clamped to it); `None` for other units, several ranges or an unsatisfiable one.
    pub fn range_for_length(&self, length: Option<u64>) -> Option<(u64, u64)> {
        let length = i64::try_from(length?).ok()?;
        if self.units != "bytes" || self.ranges.len() != 1 {
            return None;
        }
        let (mut start, end) = self.ranges[0];
        let end = match end {
            Some(end) => end,
            None => {
                if start < 0 {
                    start += length;
                }
                length
            }
        };
        if is_byte_range_valid(Some(start), Some(end), Some(length)) {
            Some((
                u64::try_from(start).ok()?,
                u64::try_from(end.min(length)).ok()?,
            ))
        } else {
            None
        }
    }

    /// The [`ContentRange`] answering this range for a body of `length` bytes.
    pub fn make_content_range(&self, length: u64) -> Option<ContentRange> {
        let (start, stop) = self.range_for_length(Some(length))?;
        Some(ContentRange {
            units: self.units.clone(),
            range: Some((start, stop)),
            length: Some(length),
        })
    }

    /// The `Content-Range` header value answering this range, e.g. `bytes 0-4/11`.
    pub fn to_content_range_header(&self, length: u64) -> Option<String> {
        self.make_content_range(length).map(|c| c.to_header())
    }

    /// Serialises the header, e.g. `bytes=0-4,-10`.
    pub fn to_header(&self) -> String {
        let parts: Vec<String> = self
            .ranges
            .iter()
            .map(|&(begin, end)| match end {
                None if begin >= 0 => format!("{begin}-"),
                None => begin.to_string(),
                Some(end) => format!("{begin}-{}", end - 1),
            })
            .collect();
        format!("{}={}", self.units, parts.join(","))
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

/// Whether `start..stop` is a valid byte range for `length` (all `None` with a known or
/// unknown length stands for `*/length`).
pub fn is_byte_range_valid(start: Option<i64>, stop: Option<i64>, length: Option<i64>) -> bool {
    match (start, stop, length) {
        (None, None, length) => length.is_none_or(|l| l >= 0),
        (Some(start), Some(stop), None) => 0 <= start && start < stop,
        (Some(start), Some(stop), Some(length)) => start < stop && 0 <= start && start < length,
        _ => false,
    }
}

/// A `Content-Range` value: units, an optional `(start, stop)` with exclusive stop, and
/// the complete length (`None` for `*`).
///
/// ```
/// use stellwerk_runtime::headers::ContentRange;
/// let cr = ContentRange::parse("bytes 0-98/*").unwrap();
/// assert_eq!(cr.range(), Some((0, 99)));
/// assert_eq!(cr.length(), None);
/// assert_eq!(ContentRange::unsatisfied(100).to_header(), "bytes */100");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentRange {
    units: String,
    range: Option<(u64, u64)>,
    length: Option<u64>,
}

impl ContentRange {
    /// A `bytes start-(stop-1)/length` value; `None` if the range is invalid.
    pub fn new(
        units: impl Into<String>,
        range: Option<(u64, u64)>,
        length: Option<u64>,
    ) -> Option<Self> {
        let as_i = |v: u64| i64::try_from(v).ok();
        let (start, stop) = match range {
            Some((a, b)) => (Some(as_i(a)?), Some(as_i(b)?)),
            None => (None, None),
        };
        let len = match length {
            Some(l) => Some(as_i(l)?),
            None => None,
        };
        is_byte_range_valid(start, stop, len).then(|| ContentRange {
            units: units.into(),
            range,
            length,
        })
    }

    /// `bytes */length`: what a 416 response carries.
    pub fn unsatisfied(length: u64) -> Self {
        ContentRange {
            units: "bytes".to_owned(),
            range: None,
            length: Some(length),
        }
    }

    /// Parses `units start-end/length`, `units */length` or `units start-end/*`.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        let split = value.find(|c: char| c.is_whitespace())?;
        let units = &value[..split];
        let spec = value[split..].trim_start();
        let (rng, length) = spec.split_once('/')?;
        let length = if length == "*" {
            None
        } else {
            Some(plain_int(length)?)
        };
        let to_u = |v: i64| u64::try_from(v).ok();
        if rng == "*" {
            if !is_byte_range_valid(None, None, length) {
                return None;
            }
            return Some(ContentRange {
                units: units.to_owned(),
                range: None,
                length: length.and_then(to_u),
            });
        }
        let (start, stop) = rng.split_once('-')?;
        let start = plain_int(start)?;
        let stop = plain_int(stop)?.checked_add(1)?;
        if !is_byte_range_valid(Some(start), Some(stop), length) {
            return None;
        }
        Some(ContentRange {
            units: units.to_owned(),
            range: Some((to_u(start)?, to_u(stop)?)),
            length: match length {
                Some(l) => Some(to_u(l)?),
                None => None,
            },
        })
    }

    /// The units.
    pub fn units(&self) -> &str {
        &self.units
    }

    /// `(start, stop)` with exclusive stop, or `None` for `*`.
    pub fn range(&self) -> Option<(u64, u64)> {
        self.range
    }

    /// The complete length, `None` for `*`.
    pub fn length(&self) -> Option<u64> {
        self.length
    }

    /// Removes the range, leaving `units */length`.
    pub fn unset_range(&mut self) {
        self.range = None;
    }

    /// Serialises the header.
    pub fn to_header(&self) -> String {
        let length = self
            .length
            .map_or_else(|| "*".to_owned(), |l| l.to_string());
        match self.range {
            None => format!("{} */{length}", self.units),
            Some((start, stop)) => format!("{} {start}-{}/{length}", self.units, stop - 1),
        }
    }
}

impl fmt::Display for ContentRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

/// An `If-Range` value: a date, or a strong entity tag (a weak tag is discarded, since
/// ranges need strong validators).
///
/// ```
/// use stellwerk_runtime::headers::IfRange;
/// assert_eq!(IfRange::parse("\"abc\""), IfRange::ETag("abc".into()));
/// assert_eq!(IfRange::parse("W/\"abc\""), IfRange::Empty);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfRange {
    /// No usable validator.
    Empty,
    /// A strong entity tag (unquoted).
    ETag(String),
    /// A date.
    Date(SystemTime),
}

impl IfRange {
    /// Parses the header.
    pub fn parse(value: &str) -> Self {
        if value.is_empty() {
            return IfRange::Empty;
        }
        if let Some(date) = parse_date(value) {
            return IfRange::Date(date);
        }
        match unquote_etag(value) {
            Some((tag, false)) => IfRange::ETag(tag),
            _ => IfRange::Empty,
        }
    }

    /// Serialises the header (`""` for [`IfRange::Empty`]).
    pub fn to_header(&self) -> String {
        match self {
            IfRange::Empty => String::new(),
            IfRange::ETag(tag) => format!("\"{tag}\""),
            IfRange::Date(date) => http_date(*date),
        }
    }
}
