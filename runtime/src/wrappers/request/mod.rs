//! [`Request`]: Werkzeug's request object over `http::Request<Body>`.
//!
//! Everything is read lazily from the wrapped request: the query string becomes
//! [`args`](Request::args), the `Cookie` headers [`cookies`](Request::cookies), the body
//! [`form`](Request::form), [`files`](Request::files), [`data`](Request::data) or
//! `json` (feature `json`), the URI and `Host` header the reconstructed
//! [`url`](Request::url) and friends, other headers their typed values. The limits and the
//! deployment settings (trusted hosts, script root) come from [`RequestConfig`].
//!
//! # The body is read once
//!
//! A body can only be read once, so the accessors that read it keep what they read:
//!
//! | first call | then `data()` | then `form()` |
//! |---|---|---|
//! | `data()` / `text()` / `json()` | the cached bytes | parsed from the cached bytes |
//! | `form()` / `files()` / `values()` on a form body | **empty**: the form parser consumed the stream (as in Werkzeug); the form's error if parsing failed | the cached form (or error) |
//! | `form()` on a body that is not a form | the body (it was not touched) | the cached empty form |
//! | [`take_body`](Request::take_body) | an error (500): the handler took the stream | an error (500) |
//!
//! Read [`data`](Request::data) first when both the raw bytes and the form are needed.
//! An error while reading (a limit, a client that went away) is remembered: later calls
//! answer the same error.
//!
//! ```
//! use stellwerk_runtime::body::Body;
//! use stellwerk_runtime::wrappers::Request;
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let http = http::Request::post("/test/search?q=rust&page=2")
//!     .header("host", "example.com")
//!     .header("content-type", "application/x-www-form-urlencoded")
//!     .body(Body::from("name=Ada+Lovelace"))
//!     .unwrap();
//! let mut request = Request::new(http);
//! assert_eq!(request.args().get("q").unwrap(), "rust");
//! assert_eq!(request.url().unwrap(), "http://example.com/test/search?q=rust&page=2");
//! assert_eq!(request.form().await.unwrap().get("name").unwrap(), "Ada Lovelace");
//! # });
//! ```

mod config;
pub(crate) mod form_record;
mod headers;
mod url;

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::OnceLock;

use bytes::Bytes;
use http::{Extensions, HeaderMap, Method, StatusCode, Uri, Version};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::body::{Body, BoxError};
use crate::datastructures::{FileStorage, MultiDict};
use crate::exceptions::HttpError;
use crate::form::{FormData, FormError, parse_form, parse_query};
use crate::headers::request_cookies;

pub use config::RequestConfig;
pub(crate) use form_record::{FormRecorder, RecordedForm};

/// The address of the client: the TCP peer, or the address a trusted proxy reported
/// (see `serve::ProxyFix` with the `server` feature).
///
/// The development server inserts it into every request's extensions and
/// [`Request::remote_addr`] reads it. A forwarded address has no port (`X-Forwarded-For`
/// carries only the IP), so its port is `0` unless the proxy sent one.
///
/// ```
/// use stellwerk_runtime::wrappers::{RemoteAddr, Request};
/// let mut http = http::Request::new(stellwerk_runtime::body::Body::empty());
/// http.extensions_mut().insert(RemoteAddr("192.0.2.7:4711".parse().unwrap()));
/// assert_eq!(Request::new(http).remote_addr().unwrap().to_string(), "192.0.2.7");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RemoteAddr(pub std::net::SocketAddr);

/// Where the body is.
enum BodyState {
    /// Not read yet; the body is in `inner`.
    Unread,
    /// Read whole (by `data()` and friends).
    Buffered(Bytes),
    /// Consumed by the form parser.
    ParsedAsForm,
    /// Handed out by `take_body`.
    Taken,
    /// Reading failed; the same error answers again.
    Failed(CachedError),
}

/// An error remembered for the next call (an `HttpError` is not `Clone`).
#[derive(Clone)]
enum CachedError {
    /// The form parser's error, answered through `From<FormError> for HttpError`.
    Form(Arc<FormError>),
    /// An error of the wrapper itself (the body was taken, the stream failed).
    Other { status: StatusCode, message: String },
}

impl CachedError {
    fn to_http(&self) -> HttpError {
        match self {
            CachedError::Form(err) => HttpError::from(Arc::clone(err)),
            CachedError::Other { status, message } => {
                HttpError::new(*status).with_description(message.clone())
            }
        }
    }
}

impl From<FormError> for CachedError {
    fn from(err: FormError) -> Self {
        CachedError::Form(Arc::new(err))
    }
}

/// An HTTP request with Werkzeug's accessors: query arguments, form data and files,
/// cookies, JSON, the reconstructed URL and typed headers.
///
/// Build it from the `http::Request<Body>` a service receives with [`Request::new`]
/// (Werkzeug's defaults) or [`Request::with_config`]. Header-level accessors take `&self`
/// and cache what they parse; the accessors that read the body are `async` and take
/// `&mut self` (see the [module docs](self) on how they share the body).
///
/// ```
/// use stellwerk_runtime::body::Body;
/// use stellwerk_runtime::wrappers::{Request, RequestConfig};
///
/// let http = http::Request::get("/search?q=a+b&q=%FF")
///     .header("host", "evil.example")
///     .body(Body::empty())
///     .unwrap();
/// let request = Request::with_config(http, RequestConfig::default().trusted_hosts(["example.com"]));
/// assert_eq!(request.args().get_all("q"), ["a b", "%FF"]);
/// assert_eq!(request.full_path(), "/search?q=a+b&q=%FF");
/// assert_eq!(request.host().unwrap_err().code(), 400);
/// ```
pub struct Request {
    inner: http::Request<Body>,
    config: RequestConfig,
    /// The script root a trusted proxy reported; `None`: the configured one.
    forwarded_root: Option<String>,
    /// The decoded path under the script root; `None` when that is the raw path itself
    /// (see [`decoded_path`]).
    path: Option<String>,
    body: BodyState,
    // The parsed parts are boxed: most requests never parse them, and every request is
    // moved a few times on its way to the handler (a smaller struct is a shorter copy).
    form: Option<Box<Result<FormData, CachedError>>>,
    args: OnceLock<Box<MultiDict<String, String>>>,
    cookies: OnceLock<Box<MultiDict<String, String>>>,
}

impl Request {
    /// Wraps a request with Werkzeug's default limits ([`RequestConfig::default`]).
    pub fn new(request: http::Request<Body>) -> Self {
        Self::with_config(request, RequestConfig::default())
    }

    /// Wraps a request with the given limits and settings.
    ///
    /// The script root is the configured one, or the `X-Forwarded-Prefix` a trusted proxy
    /// reported (`ForwardedPrefix`, set by `ProxyFix`; the proxy has already removed it from
    /// the path).
    pub fn with_config(request: http::Request<Body>, config: RequestConfig) -> Self {
        let forwarded_root =
            forwarded_prefix(request.extensions()).map(config::normalize_script_root);
        // A proxy that reports the prefix has removed it from the path already.
        let strip = match forwarded_root {
            Some(_) => "",
            None => config.get_script_root(),
        };
        let path = decoded_path(request.uri().path(), strip);
        Request {
            inner: request,
            config,
            forwarded_root,
            path,
            body: BodyState::Unread,
            form: None,
            args: OnceLock::new(),
            cookies: OnceLock::new(),
        }
    }

    /// The configuration this request is read with.
    pub fn config(&self) -> &RequestConfig {
        &self.config
    }

    /// The wrapped request. After a body accessor ran, its body is empty (the data lives in
    /// the wrapper's cache; [`into_http`](Self::into_http) puts buffered data back).
    pub fn as_http(&self) -> &http::Request<Body> {
        &self.inner
    }

    /// Unwraps the request. A body that was buffered by [`data`](Self::data) is put back;
    /// one consumed by the form parser or taken by [`take_body`](Self::take_body) is empty.
    pub fn into_http(self) -> http::Request<Body> {
        let mut inner = self.inner;
        if let BodyState::Buffered(bytes) = self.body {
            *inner.body_mut() = Body::from(bytes);
        }
        inner
    }

    /// Takes the body to stream it yourself (no limits are applied to it). A body already
    /// buffered by [`data`](Self::data) is handed out as a copy and stays cached; after the
    /// form parser consumed it, or a previous `take_body`, the result is empty.
    pub fn take_body(&mut self) -> Body {
        match &self.body {
            BodyState::Unread => {
                self.body = BodyState::Taken;
                std::mem::take(self.inner.body_mut())
            }
            BodyState::Buffered(bytes) => Body::from(bytes.clone()),
            _ => Body::empty(),
        }
    }

    /// The method (`GET`, `POST`, ...).
    pub fn method(&self) -> &Method {
        self.inner.method()
    }

    /// The request URI as received (origin form `/path?query`, or absolute form for
    /// HTTP/2 and after `ProxyFix`).
    pub fn uri(&self) -> &Uri {
        self.inner.uri()
    }

    /// The HTTP version.
    pub fn version(&self) -> Version {
        self.inner.version()
    }

    /// All request headers.
    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    /// The request extensions (server and middleware data such as [`RemoteAddr`]).
    pub fn extensions(&self) -> &Extensions {
        self.inner.extensions()
    }

    /// The client's IP address from the [`RemoteAddr`] extension the server inserts (the
    /// forwarded one behind `ProxyFix`); `None` when nothing recorded it.
    pub fn remote_addr(&self) -> Option<IpAddr> {
        self.extensions()
            .get::<RemoteAddr>()
            .map(|addr| addr.0.ip())
    }

    /// The `X-Forwarded-For` list when the header is present (as sent, proxies appended
    /// last; **client-controlled**, use `ProxyFix` to trust a known number of proxies),
    /// else the [`remote_addr`](Self::remote_addr), else empty.
    pub fn access_route(&self) -> Vec<String> {
        match self.joined_header("x-forwarded-for") {
            Some(list) => crate::headers::parse_list_header(&list),
            None => self
                .remote_addr()
                .map(|ip| ip.to_string())
                .into_iter()
                .collect(),
        }
    }

    /// The query string arguments: `+` is a space, escapes are decoded, bytes that are not
    /// UTF-8 stay percent-encoded (`a=%FF` gives `"%FF"`), blank values are kept.
    pub fn args(&self) -> &MultiDict<String, String> {
        self.args
            .get_or_init(|| Box::new(parse_query(self.query_string().as_bytes())))
    }

    /// The cookies of all `Cookie` headers, parsed as Werkzeug does (nameless cookies
    /// dropped, quoted values unescaped, names never unquoted, duplicates kept in order).
    pub fn cookies(&self) -> &MultiDict<String, String> {
        self.cookies
            .get_or_init(|| Box::new(request_cookies(self.headers()).into_iter().collect()))
    }

    /// The whole body, read once and cached (Werkzeug's `get_data()`).
    ///
    /// A declared `Content-Length` above `max_content_length` is refused with 413 before a
    /// byte is read; a body that grows past the limit while being read gets 413 too. After
    /// the form parser consumed a form body the data is empty (see the module docs).
    pub async fn data(&mut self) -> Result<Bytes, HttpError> {
        match &self.body {
            BodyState::Buffered(bytes) => return Ok(bytes.clone()),
            BodyState::ParsedAsForm => return Ok(Bytes::new()),
            BodyState::Taken => return Err(body_taken()),
            BodyState::Failed(err) => return Err(err.to_http()),
            BodyState::Unread => {}
        }
        if let Some(err) = self.declared_too_large() {
            // Refused before reading: the body stays where it is.
            return Err(err.to_http());
        }
        let body = std::mem::take(self.inner.body_mut());
        let collected = match self.config.get_max_content_length() {
            Some(limit) => {
                let limit = usize::try_from(limit).unwrap_or(usize::MAX);
                Limited::new(body, limit).collect().await
            }
            None => body.collect().await,
        };
        match collected {
            Ok(collected) => {
                let bytes = collected.to_bytes();
                self.body = BodyState::Buffered(bytes.clone());
                Ok(bytes)
            }
            Err(err) => {
                let cached = self.read_error(&err);
                self.body = BodyState::Failed(cached.clone());
                Err(cached.to_http())
            }
        }
    }

    /// The same as [`data`](Self::data).
    pub async fn bytes(&mut self) -> Result<Bytes, HttpError> {
        self.data().await
    }

    /// The body as text: UTF-8, invalid sequences replaced by U+FFFD (as Werkzeug's
    /// `get_data(as_text=True)`).
    pub async fn text(&mut self) -> Result<String, HttpError> {
        let data = self.data().await?;
        Ok(String::from_utf8_lossy(&data).into_owned())
    }

    /// Whether the content type is JSON: `application/json` or `application/*+json`.
    pub fn is_json(&self) -> bool {
        let mimetype = self.mimetype();
        mimetype == "application/json"
            || (mimetype.starts_with("application/") && mimetype.ends_with("+json"))
    }

    /// The body parsed as JSON into `T` (the bytes are cached, so it can be called again).
    ///
    /// A content type other than `application/json` or `application/*+json` answers 415
    /// without reading the body; a body that is not valid JSON for `T` answers 400 naming
    /// serde's error.
    #[cfg(feature = "json")]
    pub async fn json<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, HttpError> {
        if !self.is_json() {
            return Err(HttpError::unsupported_media_type().with_description(
                "Did not attempt to load JSON data because the request Content-Type was not \
                 'application/json'.",
            ));
        }
        let data = self.data().await?;
        serde_json::from_slice(&data).map_err(|err| {
            HttpError::bad_request()
                .with_description(format!("Failed to decode JSON object: {err}"))
        })
    }

    /// The text fields of a urlencoded or multipart body (parsed once, cached).
    ///
    /// Any other content type, or none, gives an empty form and leaves the body unread.
    /// Limits answer 413 (a declared `Content-Length` above `max_content_length`, or for a
    /// urlencoded body above `max_form_memory_size`, before reading), a malformed body 400
    /// unless [`RequestConfig::silent_form_errors`] is set. Without the `multipart`
    /// feature a multipart body reads as an empty form.
    pub async fn form(&mut self) -> Result<&MultiDict<String, String>, HttpError> {
        Ok(&self.load_form().await?.fields)
    }

    /// The uploaded files of a multipart body (parsed with the form, see
    /// [`form`](Self::form)).
    pub async fn files(&mut self) -> Result<&MultiDict<String, FileStorage>, HttpError> {
        Ok(&self.load_form().await?.files)
    }

    /// The uploaded files, mutably (reading a [`FileStorage`] needs `&mut`).
    pub async fn files_mut(&mut self) -> Result<&mut MultiDict<String, FileStorage>, HttpError> {
        Ok(&mut self.load_form().await?.files)
    }

    /// [`args`](Self::args) and [`form`](Self::form) together, the arguments' values first
    /// for each key. A `GET` request's form is left out (Werkzeug: some caches ignore a GET
    /// body, so it must not be able to override the query).
    pub async fn values(&mut self) -> Result<MultiDict<String, String>, HttpError> {
        let mut values = self.args().clone();
        if self.method() != Method::GET {
            let form = self.form().await?;
            values.extend(form.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Ok(values)
    }

    async fn load_form(&mut self) -> Result<&mut FormData, HttpError> {
        let state = match self.form.take() {
            Some(state) => state,
            None => {
                let state = self.parse_form_now().await;
                // Debug mode only: the debug page lists the form after a panic.
                if let Some(recorder) = self.inner.extensions().get::<FormRecorder>() {
                    match &state {
                        Ok(form) => recorder.record_form(form),
                        Err(err) => recorder.record_error(err.to_http().to_string()),
                    }
                }
                if let (Err(err), BodyState::ParsedAsForm) = (&state, &self.body) {
                    // The stream is half read: later reads answer the same error rather
                    // than an empty or truncated body.
                    self.body = BodyState::Failed(err.clone());
                }
                Box::new(state)
            }
        };
        match &mut **self.form.insert(state) {
            Ok(form) => Ok(form),
            Err(err) => Err(err.to_http()),
        }
    }

    async fn parse_form_now(&mut self) -> Result<FormData, CachedError> {
        let mimetype = self.mimetype();
        let is_form = mimetype == "application/x-www-form-urlencoded"
            || (cfg!(feature = "multipart") && mimetype == "multipart/form-data");
        if !is_form {
            return Ok(FormData::default());
        }
        let body = match &self.body {
            BodyState::Unread => {
                if let Some(err) = self.declared_too_large() {
                    return Err(err);
                }
                if mimetype == "application/x-www-form-urlencoded"
                    && let (Some(declared), Some(limit)) = (
                        self.content_length(),
                        self.config.get_max_form_memory_size(),
                    )
                    && declared > limit as u64
                {
                    return Err(CachedError::from(FormError::FormMemoryExceeded { limit }));
                }
                self.body = BodyState::ParsedAsForm;
                std::mem::take(self.inner.body_mut())
            }
            BodyState::Buffered(bytes) => Body::from(bytes.clone()),
            BodyState::ParsedAsForm => return Ok(FormData::default()),
            BodyState::Taken => {
                return Err(CachedError::Other {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: body_taken_message().to_owned(),
                });
            }
            BodyState::Failed(err) => return Err(err.clone()),
        };
        match parse_form(self.headers(), body, &self.config.form_options()).await {
            Ok(form) => Ok(form),
            Err(FormError::UnsupportedContentType { .. }) => Ok(FormData::default()),
            Err(err) => Err(CachedError::from(err)),
        }
    }

    /// Makes this request record the form it parses for the debug page, into a
    /// [`FormRecorder`] in its extensions (the development server's when it put one there,
    /// else a new one). Called only in debug mode; without it the form is never copied.
    pub(crate) fn record_form_for_debug(&mut self) {
        let extensions = self.inner.extensions_mut();
        if extensions.get::<FormRecorder>().is_none() {
            extensions.insert(FormRecorder::new());
        }
    }

    /// 413 when the declared length is above `max_content_length`.
    fn declared_too_large(&self) -> Option<CachedError> {
        let limit = self.config.get_max_content_length()?;
        let declared = self.content_length()?;
        (declared > limit).then(|| CachedError::from(FormError::ContentTooLarge { limit }))
    }

    fn read_error(&self, err: &BoxError) -> CachedError {
        if err.is::<LengthLimitError>() {
            let limit = self.config.get_max_content_length().unwrap_or(0);
            CachedError::from(FormError::ContentTooLarge { limit })
        } else {
            CachedError::Other {
                status: StatusCode::BAD_REQUEST,
                message: format!("reading the request body failed: {err}"),
            }
        }
    }

    /// All lines of a header joined with `,` (as a WSGI server merges them), read as UTF-8
    /// with invalid bytes replaced.
    fn joined_header(&self, name: &str) -> Option<String> {
        let mut lines = self.headers().get_all(name).iter();
        let first = lines.next()?;
        let mut joined = String::from_utf8_lossy(first.as_bytes()).into_owned();
        for line in lines {
            joined.push(',');
            joined.push_str(&String::from_utf8_lossy(line.as_bytes()));
        }
        Some(joined)
    }
}

fn body_taken_message() -> &'static str {
    "the request body was taken with take_body() before it was read"
}

fn body_taken() -> HttpError {
    HttpError::internal_server_error().with_description(body_taken_message())
}

#[cfg(feature = "server")]
fn forwarded_prefix(extensions: &Extensions) -> Option<&str> {
    extensions
        .get::<crate::serve::ForwardedPrefix>()
        .map(|prefix| prefix.0.as_str())
}

/// The percent-decoded path under `script_root` with exactly one leading `/`, or `None`
/// when that is `raw` unchanged: one leading slash, no escape, no script root to strip.
/// That is nearly every request, and it then keeps no copy of its path.
fn decoded_path(raw: &str, script_root: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    if script_root.is_empty()
        && bytes.first() == Some(&b'/')
        && bytes.get(1) != Some(&b'/')
        && !bytes.contains(&b'%')
    {
        return None;
    }
    let decoded = crate::urls::unquote_lossy(raw);
    let mut path: &str = &decoded;
    if !script_root.is_empty() {
        // Servers that do not split SCRIPT_NAME from PATH_INFO pass the whole path.
        if let Some(rest) = path.strip_prefix(script_root)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            path = rest;
        }
    }
    Some(format!("/{}", path.trim_start_matches('/')))
}

#[cfg(not(feature = "server"))]
fn forwarded_prefix(_extensions: &Extensions) -> Option<&str> {
    None
}

impl From<http::Request<Body>> for Request {
    fn from(request: http::Request<Body>) -> Self {
        Request::new(request)
    }
}

/// `<Request 'http://localhost/foobar' [GET]>`, as Werkzeug's `repr`.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.url() {
            Ok(url) => write!(f, "<Request '{url}' [{}]>", self.method()),
            Err(_) => write!(f, "<Request (untrusted host) [{}]>", self.method()),
        }
    }
}

// Handlers may hold a `&Request` across an await (`async fn h(req: &Request)`), and the
// App runs on a multi-threaded runtime, so the handler future must be `Send`: that needs
// `Request: Sync`.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Request>();
    assert_send_sync::<RequestConfig>();
};
