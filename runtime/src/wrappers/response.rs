//! [`Response`]: Werkzeug's response object over `http::Response<Body>`, with its header
//! helpers (mimetype and charset, cookies, ETags, caching, redirects), conditional and range
//! responses ([`Response::make_conditional`]), [`IntoResponse`] and the final clean-up
//! before sending ([`Response::finalize_for`]).

mod conditional;
mod header_helpers;
mod into_response;
mod location;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use http_body::Body as _;

use crate::body::{Body, BoxError};
use crate::exceptions::escape_html;

pub use conditional::{ConditionalOptions, ConditionalOutcome, RequestHead};
pub use into_response::IntoResponse;
#[cfg(feature = "json")]
pub use into_response::Json;
pub use location::iri_to_uri;

/// Media types that get `; charset=utf-8` although they are not `text/*`.
const CHARSET_MIMETYPES: [&str; 6] = [
    "application/ecmascript",
    "application/javascript",
    "application/sql",
    "application/xml",
    "application/xml-dtd",
    "application/xml-external-parsed-entity",
];

/// The `Content-Type` for a mimetype: text-like types (`text/*`, `*+xml` and a few
/// application types) get `; charset=utf-8`, others are unchanged.
///
/// ```
/// use stellwerk_runtime::wrappers::response::content_type_for;
/// assert_eq!(content_type_for("text/html"), "text/html; charset=utf-8");
/// assert_eq!(content_type_for("image/svg+xml"), "image/svg+xml; charset=utf-8");
/// assert_eq!(content_type_for("application/json"), "application/json");
/// ```
pub fn content_type_for(mimetype: &str) -> String {
    if mimetype.starts_with("text/")
        || CHARSET_MIMETYPES.contains(&mimetype)
        || mimetype.ends_with("+xml")
    {
        format!("{mimetype}; charset=utf-8")
    } else {
        mimetype.to_owned()
    }
}

/// An HTTP response: status, headers and a [`Body`], with Werkzeug's helpers.
///
/// The default status is 200 and the default `Content-Type` is
/// `text/plain; charset=utf-8`. A response built from a buffer remembers the bytes, so
/// [`add_etag`](Self::add_etag) and range requests work without reading the body; a
/// streamed body is sliced while it streams.
///
/// ```
/// use http::StatusCode;
/// use stellwerk_runtime::wrappers::response::Response;
/// let mut response = Response::new("Hello World");
/// response.set_status(StatusCode::CREATED);
/// assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
/// assert_eq!(response.data().map(|b| b.as_ref()), Some(&b"Hello World"[..]));
/// let http_response: http::Response<_> = response.into_http();
/// assert_eq!(http_response.status(), 201);
/// ```
#[derive(Debug)]
pub struct Response {
    inner: http::Response<Body>,
    /// The body's bytes when the body is a known buffer. Cleared whenever the body may be
    /// changed through a `&mut` escape hatch.
    data: Option<Bytes>,
}

// A handler may keep a `&Response` across an await as it may a `&Request`.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Response>();
};

impl Default for Response {
    fn default() -> Self {
        Response::new(Bytes::new())
    }
}

impl Response {
    /// A 200 response with a fixed body and `Content-Type: text/plain; charset=utf-8`.
    pub fn new(body: impl Into<Bytes>) -> Self {
        let data: Bytes = body.into();
        let mut inner = http::Response::new(Body::from(data.clone()));
        inner.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        Response {
            inner,
            data: Some(data),
        }
    }

    /// A 200 response with a fixed body and the given mimetype (charset rule applied).
    pub fn with_mimetype(body: impl Into<Bytes>, mimetype: &str) -> Self {
        let mut r = Response::new(body);
        r.set_mimetype(mimetype);
        r
    }

    /// A 200 `text/html; charset=utf-8` response.
    pub fn html(body: impl Into<Bytes>) -> Self {
        Response::with_mimetype(body, "text/html")
    }

    /// A 200 response with a streamed body (sent without `Content-Length` unless set).
    pub fn from_body(body: Body) -> Self {
        let mut inner = http::Response::new(body);
        inner.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        Response { inner, data: None }
    }

    /// A JSON response (`application/json`) of a serialisable value.
    #[cfg(feature = "json")]
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        let mut data = serde_json::to_vec(value)?;
        data.push(b'\n');
        Ok(Response::with_mimetype(data, "application/json"))
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.inner.status()
    }

    /// Sets the status.
    pub fn set_status(&mut self, status: StatusCode) -> &mut Self {
        *self.inner.status_mut() = status;
        self
    }

    /// Builder form of [`set_status`](Self::set_status).
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.set_status(status);
        self
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    /// The headers, mutably.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.inner.headers_mut()
    }

    /// Sets a header from a string; a value with CR, LF or NUL is rejected (header
    /// injection), as is an invalid name.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<&mut Self, http::Error> {
        let name = HeaderName::from_bytes(name.as_bytes())?;
        let value = HeaderValue::from_str(value)?;
        self.inner.headers_mut().insert(name, value);
        Ok(self)
    }

    /// The body bytes, when the body is a known buffer.
    pub fn data(&self) -> Option<&Bytes> {
        self.data.as_ref()
    }

    /// Replaces the body with a buffer (and drops a stale `Content-Length`).
    pub fn set_data(&mut self, data: impl Into<Bytes>) -> &mut Self {
        let data: Bytes = data.into();
        *self.inner.body_mut() = Body::from(data.clone());
        self.data = Some(data);
        self.inner.headers_mut().remove(header::CONTENT_LENGTH);
        self
    }

    /// Replaces the body with any [`Body`] (and drops a stale `Content-Length`).
    pub fn set_body(&mut self, body: Body) -> &mut Self {
        *self.inner.body_mut() = body;
        self.data = None;
        self.inner.headers_mut().remove(header::CONTENT_LENGTH);
        self
    }

    /// The body, mutably. The response then forgets its buffered copy of the data.
    pub fn body_mut(&mut self) -> &mut Body {
        self.data = None;
        self.inner.body_mut()
    }

    /// Buffers a streamed body so that [`data`](Self::data) is available (Werkzeug's
    /// `freeze`, without the ETag).
    pub async fn buffer(&mut self) -> Result<&Bytes, BoxError> {
        if self.data.is_none() {
            let body = std::mem::take(self.inner.body_mut());
            let bytes = body.collect_bytes().await?;
            *self.inner.body_mut() = Body::from(bytes.clone());
            self.data = Some(bytes);
        }
        Ok(self.data.get_or_insert_with(Bytes::new))
    }

    /// Consumes the response and reads the whole body.
    pub async fn into_data(self) -> Result<Bytes, BoxError> {
        match self.data {
            Some(d) => Ok(d),
            None => self.inner.into_body().collect_bytes().await,
        }
    }

    /// The `http` response.
    pub fn as_http(&self) -> &http::Response<Body> {
        &self.inner
    }

    /// The `http` response, mutably. The response then forgets its buffered copy of the
    /// data (the body may be replaced through it).
    pub fn as_http_mut(&mut self) -> &mut http::Response<Body> {
        self.data = None;
        &mut self.inner
    }

    /// Converts into the `http` response.
    pub fn into_http(self) -> http::Response<Body> {
        self.inner
    }

    /// The mimetype: `Content-Type` without parameters, lower-cased.
    pub fn mimetype(&self) -> Option<String> {
        let ct = self
            .inner
            .headers()
            .get(header::CONTENT_TYPE)?
            .to_str()
            .ok()?;
        Some(
            ct.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase(),
        )
    }

    /// The parameters of `Content-Type` (`charset`, ...), keys lower-cased.
    ///
    /// ```
    /// use stellwerk_runtime::wrappers::response::Response;
    /// let r = Response::html("");
    /// assert_eq!(r.mimetype_params(), [("charset".to_owned(), "utf-8".to_owned())]);
    /// ```
    pub fn mimetype_params(&self) -> Vec<(String, String)> {
        self.inner
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| crate::headers::parse_options_header(ct).1)
            .unwrap_or_default()
    }

    /// Sets `Content-Type` from a mimetype with the charset rule of [`content_type_for`].
    pub fn set_mimetype(&mut self, mimetype: &str) -> &mut Self {
        if let Ok(v) = HeaderValue::from_str(&content_type_for(mimetype)) {
            self.inner.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        self
    }

    /// `Content-Length`, if set and valid.
    pub fn content_length(&self) -> Option<u64> {
        let v = self
            .inner
            .headers()
            .get(header::CONTENT_LENGTH)?
            .to_str()
            .ok()?;
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        v.parse().ok()
    }

    /// Sets `Content-Length`.
    pub fn set_content_length(&mut self, length: u64) -> &mut Self {
        self.inner
            .headers_mut()
            .insert(header::CONTENT_LENGTH, decimal_header_value(length));
        self
    }

    /// The body length when it is known without reading (a buffer, or an exact size
    /// hint).
    pub fn known_length(&self) -> Option<u64> {
        match &self.data {
            Some(d) => Some(d.len() as u64),
            None => self.inner.body().size_hint().exact(),
        }
    }

    /// A redirect (303 See Other, Werkzeug 3.2's default) with Werkzeug's HTML body.
    ///
    /// ```
    /// use stellwerk_runtime::wrappers::response::Response;
    /// let r = Response::redirect("/über");
    /// assert_eq!(r.status(), 303);
    /// assert_eq!(r.headers()["location"], "/%C3%BCber");
    /// ```
    pub fn redirect(location: &str) -> Self {
        Response::redirect_with_status(location, StatusCode::SEE_OTHER)
    }

    /// A redirect with a chosen status. The `Location` header is the location converted to
    /// a URI; the body links to it with the text escaped.
    pub fn redirect_with_status(location: &str, status: StatusCode) -> Self {
        let escaped = escape_html(location);
        let body = format!(
            "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{escaped}\">{escaped}</a>. If not, click the link.\n"
        );
        let mut r = Response::html(body);
        r.set_status(status);
        r.set_location(location);
        r
    }

    /// Prepares the response for sending to a request with `method`: 1xx, 204 and 304
    /// responses lose their body and `Content-Length` (304 also its other entity headers
    /// except `Expires` and `Content-Location`); a known body length becomes
    /// `Content-Length` if missing; a `HEAD` response keeps its headers but sends no body;
    /// `Location` and `Content-Location` are converted to URIs.
    ///
    /// ```
    /// use http::{Method, StatusCode};
    /// use stellwerk_runtime::wrappers::response::Response;
    /// let r = Response::new("hello").finalize_for(&Method::GET);
    /// assert_eq!(r.headers()["content-length"], "5");
    /// let r = Response::new("hello").with_status(StatusCode::NO_CONTENT).finalize_for(&Method::GET);
    /// assert!(r.headers().get("content-length").is_none());
    /// ```
    pub fn finalize_for(mut self, method: &Method) -> http::Response<Body> {
        let status = self.status();
        // One pass over the (few) response headers instead of a hashed lookup for each name.
        let (mut relocates, mut has_length) = (false, false);
        for name in self.inner.headers().keys() {
            relocates |= name == header::LOCATION || name == header::CONTENT_LOCATION;
            has_length |= name == header::CONTENT_LENGTH;
        }
        if relocates {
            for name in [header::LOCATION, header::CONTENT_LOCATION] {
                let converted = self
                    .inner
                    .headers()
                    .get(&name)
                    .map(|v| iri_to_uri(&String::from_utf8_lossy(v.as_bytes())));
                if let Some(uri) = converted
                    && let Ok(v) = HeaderValue::from_str(&uri)
                {
                    self.inner.headers_mut().insert(name, v);
                }
            }
        }
        let no_body = status.is_informational()
            || status == StatusCode::NO_CONTENT
            || status == StatusCode::NOT_MODIFIED;
        if no_body {
            let headers = self.inner.headers_mut();
            headers.remove(header::CONTENT_LENGTH);
            if status == StatusCode::NOT_MODIFIED {
                crate::headers::remove_entity_headers(headers, &["expires", "content-location"]);
            }
            *self.inner.body_mut() = Body::empty();
            return self.inner;
        }
        if !has_length && let Some(len) = self.known_length() {
            self.set_content_length(len);
        }
        if method == Method::HEAD {
            *self.inner.body_mut() = Body::empty();
        }
        self.inner
    }
}

impl From<http::Response<Body>> for Response {
    fn from(inner: http::Response<Body>) -> Self {
        Response { inner, data: None }
    }
}

impl From<Response> for http::Response<Body> {
    fn from(r: Response) -> Self {
        r.inner
    }
}

/// Werkzeug's `redirect(location)`: 303 See Other. See [`Response::redirect_with_status`]
/// for other codes.
pub fn redirect(location: &str) -> Response {
    Response::redirect(location)
}

/// `n` in decimal as a header value. Lengths below 10 000 (nearly every fixed body) are
/// slices of a table built at compile time, so they cost no allocation; larger ones one
/// (`HeaderValue::from(u64)` makes two: a buffer, then a shared handle when the digits do
/// not fill it).
fn decimal_header_value(value: u64) -> HeaderValue {
    if let Some(text) = small_decimal(value) {
        return HeaderValue::from_static(text);
    }
    let mut n = value;
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Digits are always a valid value; the fallback only keeps this free of `unwrap`.
    HeaderValue::from_bytes(&digits[start..]).unwrap_or_else(|_| HeaderValue::from(value))
}

/// The decimal digits of 0 to 9 999, one after the other (10 one-digit numbers, 90
/// two-digit, 900 three-digit, 9 000 four-digit).
static DECIMALS: [u8; DECIMALS_LEN] = decimals();
const DECIMALS_LEN: usize = 10 + 90 * 2 + 900 * 3 + 9000 * 4;

const fn decimals() -> [u8; DECIMALS_LEN] {
    let mut out = [0u8; DECIMALS_LEN];
    let (mut n, mut at) = (0, 0);
    while n < 10_000 {
        let width = decimal_width(n);
        let (mut i, mut rest) = (width, n);
        while i > 0 {
            i -= 1;
            out[at + i] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        at += width;
        n += 1;
    }
    out
}

const fn decimal_width(n: usize) -> usize {
    match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        _ => 4,
    }
}

/// `n` in decimal from [`DECIMALS`], for `n` below 10 000.
fn small_decimal(n: u64) -> Option<&'static str> {
    let n = usize::try_from(n).ok().filter(|&n| n < 10_000)?;
    // Where the numbers of each width start in the table.
    let start = match decimal_width(n) {
        1 => n,
        2 => 10 + (n - 10) * 2,
        3 => 190 + (n - 100) * 3,
        _ => 2890 + (n - 1000) * 4,
    };
    let digits = DECIMALS.get(start..start + decimal_width(n))?;
    std::str::from_utf8(digits).ok()
}

#[cfg(test)]
mod tests {
    use super::decimal_header_value;

    #[test]
    fn decimal_header_values() {
        for n in [
            0,
            7,
            9,
            10,
            13,
            99,
            100,
            999,
            1000,
            9999,
            10_000,
            1_000_000,
            u64::MAX,
        ] {
            assert_eq!(decimal_header_value(n), n.to_string().as_str(), "{n}");
        }
        // Every entry of the table.
        for n in 0..10_000_u64 {
            assert_eq!(decimal_header_value(n), n.to_string().as_str(), "{n}");
        }
    }
}
