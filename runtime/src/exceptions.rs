//! HTTP errors: [`HttpError`] covers Werkzeug's whole exception catalogue (every 4xx and 5xx
//! status it names), renders Werkzeug's HTML error page (or JSON for clients that prefer
//! it), and carries the special headers some statuses need (`Allow`, `WWW-Authenticate`,
//! `Retry-After`, `Content-Range`).
//!
//! Rust has no exceptions: a handler returns `Err(HttpError)` (or uses `?` on
//! [`abort`]'s result), and [`HttpError`] converts into a response.
//!
//! Reason phrases come from the `http` crate's table ([`StatusCode::canonical_reason`]),
//! so they follow the RFCs rather than a particular Python version (413 is "Payload Too
//! Large", 416 "Range Not Satisfiable", 418 "I'm a teapot").

use std::borrow::Cow;
use std::fmt;
use std::time::SystemTime;

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};

use crate::body::Body;
use crate::headers::{ContentRange, MimeAccept, WwwAuthenticate, http_date};
use crate::wrappers::response::Response;

/// Werkzeug's catalogue: every error status it defines, with its default description.
pub const CATALOGUE: [(u16, &str); 31] = [
    (
        400,
        "The browser (or proxy) sent a request that this server could not understand.",
    ),
    (
        401,
        "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
    ),
    (
        403,
        "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
    ),
    (
        404,
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
    ),
    (405, "The method is not allowed for the requested URL."),
    (
        406,
        "The resource identified by the request is only capable of generating response entities which have content characteristics not acceptable according to the accept headers sent in the request.",
    ),
    (
        408,
        "The server closed the network connection because the browser didn't finish the request within the specified time.",
    ),
    (
        409,
        "A conflict happened while processing the request. The resource might have been modified while the request was being processed.",
    ),
    (
        410,
        "The requested URL is no longer available on this server and there is no forwarding address. If you followed a link from a foreign page, please contact the author of this page.",
    ),
    (
        411,
        "A request with this method requires a valid <code>Content-Length</code> header.",
    ),
    (
        412,
        "The precondition on the request for the URL failed positive evaluation.",
    ),
    (
        413,
        "The data value transmitted exceeds the capacity limit.",
    ),
    (
        414,
        "The length of the requested URL exceeds the capacity limit for this server. The request cannot be processed.",
    ),
    (
        415,
        "The server does not support the media type transmitted in the request.",
    ),
    (416, "The server cannot provide the requested range."),
    (
        417,
        "The server could not meet the requirements of the Expect header",
    ),
    (418, "This server is a teapot, not a coffee machine"),
    (421, "The server is not able to produce a response."),
    (
        422,
        "The request was well-formed but was unable to be followed due to semantic errors.",
    ),
    (423, "The resource that is being accessed is locked."),
    (
        424,
        "The method could not be performed on the resource because the requested action depended on another action and that action failed.",
    ),
    (
        428,
        "This request is required to be conditional; try using \"If-Match\" or \"If-Unmodified-Since\".",
    ),
    (
        429,
        "This user has exceeded an allotted request count. Try again later.",
    ),
    (431, "One or more header fields exceeds the maximum size."),
    (451, "Unavailable for legal reasons."),
    (
        500,
        "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
    ),
    (
        501,
        "The server does not support the action requested by the browser.",
    ),
    (
        502,
        "The proxy server received an invalid response from an upstream server.",
    ),
    (
        503,
        "The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.",
    ),
    (504, "The connection to an upstream server timed out."),
    (
        505,
        "The server does not support the HTTP protocol version used in the request.",
    ),
];

/// The default description of a catalogued status.
pub fn default_description(status: StatusCode) -> Option<&'static str> {
    CATALOGUE
        .iter()
        .find(|(code, _)| *code == status.as_u16())
        .map(|(_, d)| *d)
}

/// Whether `status` is one of Werkzeug's exception classes (what [`abort`] accepts).
pub fn is_catalogued(status: StatusCode) -> bool {
    default_description(status).is_some()
}

/// HTML-escapes text the way Werkzeug's pages do (`&`, `<`, `>`, `'` as `&#39;`, `"` as
/// `&#34;`).
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a string for a JSON string literal (without the quotes).
fn escape_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// When to retry, for 429 and 503 (and 413, where servers may send it too).
///
/// ```
/// use stellwerk_runtime::exceptions::{HttpError, RetryAfter};
/// let e = HttpError::too_many_requests(Some(RetryAfter::Seconds(20)));
/// assert_eq!(e.headers()["retry-after"], "20");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// A number of seconds.
    Seconds(u64),
    /// A point in time, sent as an HTTP date.
    Date(SystemTime),
}

impl RetryAfter {
    fn to_header(self) -> String {
        match self {
            RetryAfter::Seconds(s) => s.to_string(),
            RetryAfter::Date(d) => http_date(d),
        }
    }
}

#[derive(Debug, Clone)]
enum Description {
    Text(Cow<'static, str>),
    Html(String),
}

/// What a response rendered from an [`HttpError`] carries in its extensions, so that the
/// application (`app::App`) can tell a returned error from an ordinary response and render
/// it again for the client (its error handlers, JSON for clients that prefer it).
#[derive(Clone)]
pub(crate) struct ErrorRecord {
    status: StatusCode,
    description: Option<Description>,
    headers: HeaderMap,
}

impl ErrorRecord {
    /// The error again (without its source, which is not `Clone`).
    pub(crate) fn into_error(self) -> HttpError {
        HttpError(Box::new(Inner {
            status: self.status,
            description: self.description,
            headers: self.headers,
            response: None,
            source: None,
        }))
    }
}

/// The error a handler returns to answer with an HTTP error status.
///
/// ```
/// use http::StatusCode;
/// use stellwerk_runtime::exceptions::{abort, HttpError};
///
/// fn find(id: u32) -> Result<String, HttpError> {
///     if id == 0 {
///         return Err(abort(StatusCode::NOT_FOUND));
///     }
///     Ok(format!("item {id}"))
/// }
/// let err = find(0).unwrap_err();
/// assert_eq!(err.status(), StatusCode::NOT_FOUND);
/// assert_eq!(err.name(), "Not Found");
/// assert!(err.body().starts_with("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>"));
/// ```
pub struct HttpError(Box<Inner>);

/// Boxed so that `Result<T, HttpError>` stays one pointer wide on the error side.
struct Inner {
    status: StatusCode,
    description: Option<Description>,
    headers: HeaderMap,
    response: Option<Response>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// [`try_abort`] was given a code that is not in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus(pub u16);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no HTTP error is defined for status code {}", self.0)
    }
}

impl std::error::Error for UnknownStatus {}

/// The error for `status`, to be returned as `Err(abort(...))`.
///
/// A status outside Werkzeug's catalogue (a 2xx, 3xx or unnamed code) is a programming
/// error: instead of panicking, `abort` answers 500 with a description naming the code.
/// Use [`try_abort`] to check a code first.
pub fn abort(status: StatusCode) -> HttpError {
    if is_catalogued(status) {
        HttpError::new(status)
    } else {
        HttpError::new(StatusCode::INTERNAL_SERVER_ERROR)
            .with_source(UnknownStatus(status.as_u16()))
    }
}

/// The error for a numeric code, or [`UnknownStatus`] if the catalogue has none.
///
/// ```
/// use stellwerk_runtime::exceptions::try_abort;
/// assert_eq!(try_abort(404).unwrap().status().as_u16(), 404);
/// assert!(try_abort(200).is_err());
/// assert!(try_abort(1).is_err());
/// ```
pub fn try_abort(code: u16) -> Result<HttpError, UnknownStatus> {
    let status = StatusCode::from_u16(code).map_err(|_| UnknownStatus(code))?;
    if is_catalogued(status) {
        Ok(HttpError::new(status))
    } else {
        Err(UnknownStatus(code))
    }
}

/// Wraps a ready response in an error, like Werkzeug's `abort(response)`: the response is
/// sent unchanged.
pub fn abort_with(response: impl Into<Response>) -> HttpError {
    let response: Response = response.into();
    HttpError::new(response.status()).with_response(response)
}

impl HttpError {
    /// The error for any status. Catalogued statuses get Werkzeug's description; others
    /// have none (an empty paragraph on the page).
    pub fn new(status: StatusCode) -> Self {
        HttpError(Box::new(Inner {
            status,
            description: default_description(status).map(|d| Description::Text(Cow::Borrowed(d))),
            headers: HeaderMap::new(),
            response: None,
            source: None,
        }))
    }

    /// 400 Bad Request.
    pub fn bad_request() -> Self {
        Self::new(StatusCode::BAD_REQUEST)
    }

    /// 401 Unauthorized with one `WWW-Authenticate` line per challenge (none when empty).
    pub fn unauthorized(challenges: &[WwwAuthenticate]) -> Self {
        Self::new(StatusCode::UNAUTHORIZED).with_www_authenticate(challenges)
    }

    /// 403 Forbidden.
    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN)
    }

    /// 404 Not Found.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND)
    }

    /// 405 Method Not Allowed with `Allow: GET, HEAD` (methods joined by `", "`).
    pub fn method_not_allowed<'a, I>(valid_methods: I) -> Self
    where
        I: IntoIterator<Item = &'a Method>,
    {
        Self::new(StatusCode::METHOD_NOT_ALLOWED).with_allow(valid_methods)
    }

    /// 413 Payload Too Large (what every body limit raises).
    pub fn payload_too_large() -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE)
    }

    /// 415 Unsupported Media Type.
    pub fn unsupported_media_type() -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE)
    }

    /// 416 Range Not Satisfiable with `Content-Range: bytes */length`.
    pub fn range_not_satisfiable(length: u64) -> Self {
        let mut e = Self::new(StatusCode::RANGE_NOT_SATISFIABLE);
        e.set_header(
            header::CONTENT_RANGE,
            &ContentRange::unsatisfied(length).to_header(),
        );
        e
    }

    /// 429 Too Many Requests, optionally with `Retry-After`.
    pub fn too_many_requests(retry_after: Option<RetryAfter>) -> Self {
        let e = Self::new(StatusCode::TOO_MANY_REQUESTS);
        match retry_after {
            Some(r) => e.with_retry_after(r),
            None => e,
        }
    }

    /// 500 Internal Server Error.
    pub fn internal_server_error() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// 503 Service Unavailable, optionally with `Retry-After`.
    pub fn service_unavailable(retry_after: Option<RetryAfter>) -> Self {
        let e = Self::new(StatusCode::SERVICE_UNAVAILABLE);
        match retry_after {
            Some(r) => e.with_retry_after(r),
            None => e,
        }
    }

    /// Replaces the description with plain text (escaped on the page; newlines become
    /// `<br>`).
    pub fn with_description(mut self, text: impl Into<Cow<'static, str>>) -> Self {
        self.0.description = Some(Description::Text(text.into()));
        self
    }

    /// Replaces the description with trusted HTML, inserted into the page unescaped.
    pub fn with_html_description(mut self, html: impl Into<String>) -> Self {
        self.0.description = Some(Description::Html(html.into()));
        self
    }

    /// Sends this response instead of the generated page (headers of the error are not
    /// added to it).
    pub fn with_response(mut self, response: impl Into<Response>) -> Self {
        self.0.response = Some(response.into());
        self
    }

    /// Keeps the error that caused this one (Werkzeug's `original_exception`).
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    /// Adds `Allow` (for 405).
    pub fn with_allow<'a, I>(mut self, methods: I) -> Self
    where
        I: IntoIterator<Item = &'a Method>,
    {
        let joined = methods
            .into_iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        self.set_header(header::ALLOW, &joined);
        self
    }

    /// Adds one `WWW-Authenticate` line per challenge (for 401).
    pub fn with_www_authenticate(mut self, challenges: &[WwwAuthenticate]) -> Self {
        self.0.headers.remove(header::WWW_AUTHENTICATE);
        for c in challenges {
            if let Ok(v) = HeaderValue::from_str(&c.to_header()) {
                self.0.headers.append(header::WWW_AUTHENTICATE, v);
            }
        }
        self
    }

    /// Adds `Retry-After` (for 413, 429, 503).
    pub fn with_retry_after(mut self, retry_after: RetryAfter) -> Self {
        self.set_header(header::RETRY_AFTER, &retry_after.to_header());
        self
    }

    /// Adds any header to the error page. A value that is not a valid header value (CR,
    /// LF, NUL) is dropped rather than risking header injection.
    pub fn with_header(mut self, name: HeaderName, value: &str) -> Self {
        self.set_header(name, value);
        self
    }

    fn set_header(&mut self, name: HeaderName, value: &str) {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.0.headers.insert(name, v);
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The status code as a number.
    pub fn code(&self) -> u16 {
        self.0.status.as_u16()
    }

    /// The reason phrase (`"Not Found"`), `"Unknown"` for codes without one.
    pub fn name(&self) -> &'static str {
        self.0.status.canonical_reason().unwrap_or("Unknown")
    }

    /// The description as given (plain text or HTML), if any.
    pub fn description(&self) -> Option<&str> {
        match &self.0.description {
            Some(Description::Text(t)) => Some(t),
            Some(Description::Html(h)) => Some(h),
            None => None,
        }
    }

    /// The headers the error adds to its page (not including `Content-Type`).
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// The custom response, if one was given.
    pub fn custom_response(&self) -> Option<&Response> {
        self.0.response.as_ref()
    }

    /// The description as the page shows it: `<p>…</p>`, escaped, newlines as `<br>`.
    pub fn description_html(&self) -> String {
        let inner = match &self.0.description {
            Some(Description::Text(t)) => escape_html(t).replace('\n', "<br>"),
            Some(Description::Html(h)) => h.clone(),
            None => String::new(),
        };
        format!("<p>{inner}</p>")
    }

    /// The HTML page, exactly as Werkzeug renders it.
    pub fn body(&self) -> String {
        let name = escape_html(self.name());
        format!(
            "<!doctype html>\n<html lang=en>\n<title>{} {name}</title>\n<h1>{name}</h1>\n{}\n",
            self.code(),
            self.description_html()
        )
    }

    /// The JSON body: `{"code": 404, "name": "Not Found", "description": "..."}`.
    pub fn json_body(&self) -> String {
        format!(
            "{{\"code\": {}, \"name\": \"{}\", \"description\": \"{}\"}}",
            self.code(),
            escape_json(self.name()),
            escape_json(self.description().unwrap_or(""))
        )
    }

    fn build(self, json: bool) -> Response {
        if let Some(response) = self.0.response {
            return response;
        }
        let (body, content_type) = if json {
            (self.json_body(), "application/json")
        } else {
            (self.body(), "text/html; charset=utf-8")
        };
        let record = ErrorRecord {
            status: self.0.status,
            description: self.0.description.clone(),
            headers: self.0.headers.clone(),
        };
        let mut response = Response::default();
        // Marked before the body is set: `as_http_mut` forgets buffered data.
        response.as_http_mut().extensions_mut().insert(record);
        response.set_data(body);
        response.set_status(self.0.status);
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        for (name, value) in &self.0.headers {
            headers.append(name.clone(), value.clone());
        }
        response
    }

    /// The HTML error response (or the custom response).
    pub fn into_response(self) -> Response {
        self.build(false)
    }

    /// The error response negotiated against the request's `Accept` header: JSON when the
    /// client prefers `application/json` over `text/html`, HTML otherwise.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use stellwerk_runtime::exceptions::HttpError;
    /// let mut request_headers = HeaderMap::new();
    /// request_headers.insert("accept", "application/json".parse().unwrap());
    /// let response = HttpError::not_found().to_response_for(&request_headers);
    /// assert_eq!(response.headers()["content-type"], "application/json");
    /// ```
    pub fn to_response_for(self, request_headers: &HeaderMap) -> Response {
        let accept = request_headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        let json = MimeAccept::parse(&accept).best_match(["text/html", "application/json"])
            == Some("application/json");
        self.build(json)
    }
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpError")
            .field("status", &self.0.status)
            .field("description", &self.description())
            .field("headers", &self.0.headers)
            .field("custom_response", &self.0.response.is_some())
            .field("source", &self.0.source)
            .finish()
    }
}

impl fmt::Display for HttpError {
    /// `404 Not Found: <description>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.code(),
            self.name(),
            self.description().unwrap_or("")
        )
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<HttpError> for Response {
    fn from(e: HttpError) -> Self {
        e.into_response()
    }
}

impl From<HttpError> for http::Response<Body> {
    fn from(e: HttpError) -> Self {
        e.into_response().into_http()
    }
}

impl From<UnknownStatus> for HttpError {
    fn from(e: UnknownStatus) -> Self {
        HttpError::internal_server_error().with_source(e)
    }
}
