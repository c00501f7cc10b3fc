//! Form parsing: `application/x-www-form-urlencoded` and (feature `multipart`)
//! `multipart/form-data`, with Werkzeug 3's limits on by default.
//!
//! [`parse_form`] reads a request body according to its `Content-Type` and returns the
//! text fields and uploaded files as [`FormData`]. The limits live in [`FormOptions`]:
//!
//! | limit | default | applies to | exceeded |
//! |---|---|---|---|
//! | `max_content_length` | none | the whole body: declared `Content-Length` before reading, bytes read while reading | 413 |
//! | `max_form_memory_size` | 500 000 bytes | each multipart text field; the whole urlencoded body | 413 |
//! | `max_form_parts` | 1000 | multipart parts (not urlencoded fields) | 413 |
//!
//! Multipart files larger than 500 KiB are spooled to a temporary file.
//!
//! Errors are [`FormError`]s; [`FormError::status`] says which HTTP status answers them
//! (400 malformed, 413 too large, 415 not a form). Werkzeug by default answers a malformed
//! form with an empty one instead; [`FormOptions::silent`] restores that.
//!
//! ```
//! use stellwerk_runtime::body::Body;
//! use stellwerk_runtime::form::{parse_form, FormOptions};
//! use http::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let mut headers = HeaderMap::new();
//! headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
//! let form = parse_form(&headers, Body::from("name=Ada+Lovelace&tag=a&tag=b"), &FormOptions::default())
//!     .await
//!     .unwrap();
//! assert_eq!(form.fields.get("name").unwrap(), "Ada Lovelace");
//! assert_eq!(form.fields.get_all("tag"), ["a", "b"]);
//! # });
//! ```

use std::fmt;
use std::sync::Arc;

use bytes::{Buf, Bytes, BytesMut};
use http::StatusCode;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap};
use http_body_util::BodyExt;

use crate::body::BoxError;
use crate::datastructures::{FileStorage, MultiDict};
use crate::exceptions::HttpError;

pub mod urlencoded;

#[cfg(feature = "multipart")]
pub mod multipart;

pub use urlencoded::{parse_query, url_encode};

/// Werkzeug's default `max_form_memory_size`: 500 000 bytes.
pub const DEFAULT_MAX_FORM_MEMORY_SIZE: usize = 500_000;
/// Werkzeug's default `max_form_parts`: 1000.
pub const DEFAULT_MAX_FORM_PARTS: usize = 1000;
/// Files larger than this (500 KiB) are spooled to disk.
pub const DEFAULT_SPOOL_THRESHOLD: usize = 500 * 1024;
/// Default limit on one multipart part's header block (and on preamble and epilogue).
pub const DEFAULT_MAX_PART_HEADER_SIZE: usize = 16 * 1024;

/// Limits and behaviour of form parsing; `FormOptions::default()` has Werkzeug 3's
/// defaults.
///
/// ```
/// use stellwerk_runtime::form::FormOptions;
///
/// let options = FormOptions::default()
///     .max_content_length(Some(16 * 1024 * 1024))
///     .max_form_parts(Some(20));
/// assert_eq!(options.get_max_form_memory_size(), Some(500_000));
/// ```
#[derive(Debug, Clone)]
pub struct FormOptions {
    max_content_length: Option<u64>,
    max_form_memory_size: Option<usize>,
    max_form_parts: Option<usize>,
    max_part_header_size: usize,
    spool_threshold: usize,
    silent: bool,
}

impl Default for FormOptions {
    fn default() -> Self {
        FormOptions {
            max_content_length: None,
            max_form_memory_size: Some(DEFAULT_MAX_FORM_MEMORY_SIZE),
            max_form_parts: Some(DEFAULT_MAX_FORM_PARTS),
            max_part_header_size: DEFAULT_MAX_PART_HEADER_SIZE,
            spool_threshold: DEFAULT_SPOOL_THRESHOLD,
            silent: false,
        }
    }
}

impl FormOptions {
    /// Maximum body size in bytes (`None`: unlimited, the default).
    pub fn max_content_length(mut self, limit: Option<u64>) -> Self {
        self.max_content_length = limit;
        self
    }

    /// Maximum size of one multipart text field, and of a whole urlencoded body.
    pub fn max_form_memory_size(mut self, limit: Option<usize>) -> Self {
        self.max_form_memory_size = limit;
        self
    }

    /// Maximum number of multipart parts.
    pub fn max_form_parts(mut self, limit: Option<usize>) -> Self {
        self.max_form_parts = limit;
        self
    }

    /// Maximum size of one part's header block, the preamble and the epilogue.
    pub fn max_part_header_size(mut self, limit: usize) -> Self {
        self.max_part_header_size = limit;
        self
    }

    /// Files up to this size stay in memory; larger ones are spooled to disk.
    pub fn spool_threshold(mut self, bytes: usize) -> Self {
        self.spool_threshold = bytes;
        self
    }

    /// With `true`, a malformed form (any 400 error) parses as an empty form, as in
    /// Werkzeug (`silent=True`). Limits (413) and body errors are still reported.
    pub fn silent(mut self, silent: bool) -> Self {
        self.silent = silent;
        self
    }

    /// The configured `max_content_length`.
    pub fn get_max_content_length(&self) -> Option<u64> {
        self.max_content_length
    }

    /// The configured `max_form_memory_size`.
    pub fn get_max_form_memory_size(&self) -> Option<usize> {
        self.max_form_memory_size
    }

    /// The configured `max_form_parts`.
    pub fn get_max_form_parts(&self) -> Option<usize> {
        self.max_form_parts
    }
}

/// The result of parsing a form: text fields and uploaded files.
#[derive(Debug, Default)]
pub struct FormData {
    /// Text fields by name (Werkzeug's `request.form`).
    pub fields: MultiDict<String, String>,
    /// Uploaded files by field name (Werkzeug's `request.files`).
    pub files: MultiDict<String, FileStorage>,
}

/// Why a form could not be parsed. [`status`](Self::status) gives the HTTP status.
#[derive(Debug)]
#[non_exhaustive]
pub enum FormError {
    /// The body is larger than `max_content_length` (413).
    ContentTooLarge {
        /// The configured limit in bytes.
        limit: u64,
    },
    /// A multipart text field, or a whole urlencoded body, is larger than
    /// `max_form_memory_size` (413).
    FormMemoryExceeded {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// More multipart parts than `max_form_parts` (413).
    TooManyParts {
        /// The configured limit.
        limit: usize,
    },
    /// The `Content-Type` is not a form type this parser handles (415).
    UnsupportedContentType {
        /// The media type that was sent (lower-cased, without parameters); empty when
        /// there was no `Content-Type`.
        mimetype: String,
    },
    /// A `multipart/form-data` content type without a usable `boundary` (400).
    MissingBoundary,
    /// A urlencoded body that is not UTF-8 text (400).
    InvalidUtf8,
    /// A malformed multipart body (400), or one whose headers, preamble or epilogue
    /// exceed their limit (413).
    #[cfg(feature = "multipart")]
    Multipart(multipart::MultipartError),
    /// Reading the body failed, e.g. the client went away (400).
    Body(BoxError),
    /// Writing a spooled file failed (500).
    Io(std::io::Error),
}

impl FormError {
    /// The HTTP status that answers this error.
    ///
    /// ```
    /// use stellwerk_runtime::form::FormError;
    ///
    /// assert_eq!(FormError::TooManyParts { limit: 1000 }.status(), 413);
    /// assert_eq!(FormError::MissingBoundary.status(), 400);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            FormError::ContentTooLarge { .. }
            | FormError::FormMemoryExceeded { .. }
            | FormError::TooManyParts { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            FormError::UnsupportedContentType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            FormError::MissingBoundary | FormError::InvalidUtf8 | FormError::Body(_) => {
                StatusCode::BAD_REQUEST
            }
            #[cfg(feature = "multipart")]
            FormError::Multipart(err) => err.status(),
            FormError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether this error means "the body is not a well-formed form" (what Werkzeug's
    /// silent mode turns into an empty form).
    pub fn is_malformed(&self) -> bool {
        match self {
            FormError::MissingBoundary | FormError::InvalidUtf8 => true,
            #[cfg(feature = "multipart")]
            FormError::Multipart(err) => err.status() == StatusCode::BAD_REQUEST,
            _ => false,
        }
    }
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::ContentTooLarge { limit } => {
                write!(
                    f,
                    "the request body is larger than the limit of {limit} bytes"
                )
            }
            FormError::FormMemoryExceeded { limit } => {
                write!(f, "a form field is larger than the limit of {limit} bytes")
            }
            FormError::TooManyParts { limit } => {
                write!(f, "the form has more than the limit of {limit} parts")
            }
            FormError::UnsupportedContentType { mimetype } if mimetype.is_empty() => {
                write!(f, "the request has no form content type")
            }
            FormError::UnsupportedContentType { mimetype } => {
                write!(f, "{mimetype:?} is not a form content type")
            }
            FormError::MissingBoundary => {
                write!(f, "the multipart content type has no boundary")
            }
            FormError::InvalidUtf8 => write!(f, "the urlencoded form is not valid UTF-8"),
            #[cfg(feature = "multipart")]
            FormError::Multipart(err) => write!(f, "invalid multipart form: {err}"),
            FormError::Body(err) => write!(f, "reading the request body failed: {err}"),
            FormError::Io(err) => write!(f, "storing an uploaded file failed: {err}"),
        }
    }
}

impl std::error::Error for FormError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            #[cfg(feature = "multipart")]
            FormError::Multipart(err) => Some(err),
            FormError::Body(err) => Some(&**err),
            FormError::Io(err) => Some(err),
            _ => None,
        }
    }
}

/// A form error answers with its [status](FormError::status) and its message as the page's
/// description.
///
/// ```
/// use stellwerk_runtime::exceptions::HttpError;
/// use stellwerk_runtime::form::FormError;
///
/// let err = HttpError::from(FormError::TooManyParts { limit: 1000 });
/// assert_eq!(err.code(), 413);
/// assert_eq!(err.description(), Some("the form has more than the limit of 1000 parts"));
/// ```
impl From<FormError> for HttpError {
    fn from(err: FormError) -> Self {
        HttpError::from(Arc::new(err))
    }
}

/// The same conversion for an error that is shared (the request wrapper remembers a failed
/// form and answers it again on every later call).
impl From<Arc<FormError>> for HttpError {
    fn from(err: Arc<FormError>) -> Self {
        HttpError::new(err.status())
            .with_description(err.to_string())
            .with_source(err)
    }
}

impl From<std::io::Error> for FormError {
    fn from(err: std::io::Error) -> Self {
        FormError::Io(err)
    }
}

/// The media type of a `Content-Type` value: the part before `;`, trimmed, lower-cased.
pub fn mimetype_of(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A `Content-Length` made of ASCII digits only (Werkzeug rejects `+1`, `1_000`, and
/// non-ASCII digits); anything else counts as absent.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    let value = headers.get(CONTENT_LENGTH)?.to_str().ok()?.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// Parses a request body as a form according to the `Content-Type` in `headers`.
///
/// `application/x-www-form-urlencoded` and (with the `multipart` feature)
/// `multipart/form-data` are forms; anything else is
/// [`FormError::UnsupportedContentType`] (Werkzeug's `request.form` shows an empty form
/// then; a `Form` extractor answers 415). A declared `Content-Length` above
/// `max_content_length` (or, for urlencoded bodies, above `max_form_memory_size`) is
/// refused before a byte is read.
///
/// Any [`http_body::Body`] works, so an async byte stream can be passed as
/// [`Body::from_stream`](crate::body::Body::from_stream).
pub async fn parse_form<B>(
    headers: &HeaderMap,
    body: B,
    options: &FormOptions,
) -> Result<FormData, FormError>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mimetype = mimetype_of(content_type);
    let declared = content_length(headers);
    if let (Some(declared), Some(limit)) = (declared, options.max_content_length)
        && declared > limit
    {
        return Err(FormError::ContentTooLarge { limit });
    }
    let result = match mimetype.as_str() {
        "application/x-www-form-urlencoded" => {
            urlencoded::parse_urlencoded_body(body, declared, options).await
        }
        #[cfg(feature = "multipart")]
        "multipart/form-data" => match multipart::boundary_from_content_type(content_type) {
            Some(boundary) => multipart::parse_multipart(body, &boundary, options).await,
            None => Err(FormError::MissingBoundary),
        },
        _ => return Err(FormError::UnsupportedContentType { mimetype }),
    };
    match result {
        Err(err) if options.silent && err.is_malformed() => Ok(FormData::default()),
        other => other,
    }
}

/// Reads a whole body, refusing to buffer more than `limit` bytes; `too_large` builds the
/// error for an exceeded limit.
pub(crate) async fn read_body_limited<B>(
    body: B,
    limit: Option<u64>,
    too_large: impl Fn() -> FormError,
) -> Result<Bytes, FormError>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let mut body = std::pin::pin!(body);
    let mut out = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| FormError::Body(e.into()))?;
        if let Ok(mut data) = frame.into_data() {
            let total = out.len() as u64 + data.remaining() as u64;
            if limit.is_some_and(|limit| total > limit) {
                return Err(too_large());
            }
            while data.has_remaining() {
                let chunk = data.chunk();
                out.extend_from_slice(chunk);
                let n = chunk.len();
                data.advance(n);
            }
        }
    }
    Ok(out.freeze())
}
