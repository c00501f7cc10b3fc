//! Conditional request evaluation (`If-None-Match`, `If-Match`, `If-Modified-Since`,
//! `If-Range`) and the header lists used when answering 304.

use std::time::SystemTime;

use http::HeaderMap;
use http::header;

use super::date::{parse_date_unix, unix_seconds};
use super::etag::{ETags, generate_etag, unquote_etag};
use super::range::IfRange;

/// The validators of a resource, compared against a request's conditional headers (see
/// [`is_resource_modified`] for an example).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators<'a> {
    /// The resource's entity tag (quoted or not).
    pub etag: Option<&'a str>,
    /// The resource's last modification time.
    pub last_modified: Option<SystemTime>,
}

fn header_str<'h>(headers: &'h HeaderMap, name: &header::HeaderName) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Whether the resource counts as modified for the request `headers`; `false` means the
/// client's copy is current (answer 304, or 412 if `If-Match` was sent).
///
/// `If-None-Match` uses the weak comparison, `If-Match` the strong one, `If-Modified-Since`
/// compares whole seconds. With `ignore_if_range` off and a `Range` header present,
/// `If-Range` replaces both (its date or its strong tag). Any method is evaluated.
///
/// ```
/// use http::HeaderMap;
/// use stellwerk_runtime::headers::{is_resource_modified, Validators};
/// let mut headers = HeaderMap::new();
/// headers.insert("if-none-match", "\"abc\"".parse().unwrap());
/// let v = Validators { etag: Some("abc"), last_modified: None };
/// assert!(!is_resource_modified(&headers, &v, true));
/// ```
pub fn is_resource_modified(
    headers: &HeaderMap,
    validators: &Validators<'_>,
    ignore_if_range: bool,
) -> bool {
    let mut unmodified = false;
    let last_modified = validators.last_modified.map(unix_seconds);
    let if_range = if !ignore_if_range && headers.contains_key(header::RANGE) {
        Some(IfRange::parse(
            header_str(headers, &header::IF_RANGE).unwrap_or(""),
        ))
    } else {
        None
    };
    let modified_since = match &if_range {
        Some(IfRange::Date(d)) => Some(unix_seconds(*d)),
        _ => header_str(headers, &header::IF_MODIFIED_SINCE).and_then(parse_date_unix),
    };
    if let (Some(since), Some(last)) = (modified_since, last_modified)
        && last <= since
    {
        unmodified = true;
    }
    if let Some(etag) = validators.etag.filter(|e| !e.is_empty()) {
        let etag = unquote_etag(etag).map(|(t, _)| t).unwrap_or_default();
        if let Some(IfRange::ETag(tag)) = &if_range {
            unmodified = ETags::parse(tag).contains(&etag);
        } else {
            let if_none_match =
                ETags::parse(header_str(headers, &header::IF_NONE_MATCH).unwrap_or(""));
            if !if_none_match.is_empty() {
                unmodified = if_none_match.contains_weak(&etag);
            }
            let if_match = ETags::parse(header_str(headers, &header::IF_MATCH).unwrap_or(""));
            if !if_match.is_empty() {
                unmodified = !if_match.is_strong(&etag);
            }
        }
    }
    !unmodified
}

/// [`is_resource_modified`] with the entity tag computed from `data` by
/// [`generate_etag`].
pub fn is_data_modified(
    headers: &HeaderMap,
    data: &[u8],
    last_modified: Option<SystemTime>,
) -> bool {
    let etag = generate_etag(data);
    is_resource_modified(
        headers,
        &Validators {
            etag: Some(&etag),
            last_modified,
        },
        true,
    )
}

/// Entity headers: removed from 304 responses (except `Expires` and `Content-Location`).
pub const ENTITY_HEADERS: [&str; 10] = [
    "allow",
    "content-encoding",
    "content-language",
    "content-length",
    "content-location",
    "content-md5",
    "content-range",
    "content-type",
    "expires",
    "last-modified",
];

/// Hop-by-hop headers, which a proxy must not forward.
pub const HOP_BY_HOP_HEADERS: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Whether `name` is an entity header.
pub fn is_entity_header(name: &str) -> bool {
    ENTITY_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// Whether `name` is a hop-by-hop header.
pub fn is_hop_by_hop_header(name: &str) -> bool {
    HOP_BY_HOP_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
}

/// Removes entity headers except those named in `allowed` (Werkzeug keeps `Expires` and
/// `Content-Location` by default: pass `&["expires", "content-location"]`).
pub fn remove_entity_headers(headers: &mut HeaderMap, allowed: &[&str]) {
    for name in ENTITY_HEADERS {
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(name)) {
            headers.remove(name);
        }
    }
}

/// Removes all hop-by-hop headers.
pub fn remove_hop_by_hop_headers(headers: &mut HeaderMap) {
    for name in HOP_BY_HOP_HEADERS {
        headers.remove(name);
    }
}
