//! `multipart/form-data` (feature `multipart`): a sans-IO [`MultipartDecoder`], the
//! form parser built on it ([`parse_multipart`]) and an [`Encoder`] for tests.
//!
//! The decoder is a port of Werkzeug's behaviour, not of its code: it accepts CRLF, bare
//! LF and bare CR line breaks, a first boundary without a leading line break, whitespace
//! after boundaries, folded header lines and RFC 2231 / UTF-8 file names, and it finds
//! boundaries in linear time with `memchr::memmem` (Werkzeug's CVE-2023-46136 was a
//! quadratic rescan).
//!
//! Where Werkzeug's results depend on how the input happens to be chunked (its decoder
//! checks `max_form_memory_size` against whatever is buffered per read), this decoder
//! gives the same result for every split: the text-field limit counts field bytes, and
//! headers, preamble and epilogue have their own size limits.

use std::fmt;
use std::io::Write;

use http::StatusCode;
use http_body_util::BodyExt;

use bytes::Buf;

use crate::body::BoxError;
use crate::datastructures::FileStorage;
use crate::headers::decode_safe_charset;

use super::{FormData, FormError, FormOptions};

mod decoder;
mod encoder;
mod part_headers;

pub use decoder::{DecoderLimits, Event, MAX_BOUNDARY_LEN, MultipartDecoder};
pub use encoder::{Encoder, encode_multipart};
pub use part_headers::Part;

/// What is wrong with a multipart body. [`status`](Self::status) is 413 for exceeded
/// limits and 400 for malformed input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MultipartError {
    /// The boundary is empty, longer than 200 bytes or contains a line break.
    InvalidBoundary,
    /// More parts than allowed.
    TooManyParts {
        /// The limit.
        limit: usize,
    },
    /// A part's header block is larger than allowed.
    HeadersTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The data before the first boundary is larger than allowed.
    PreambleTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The data after the closing boundary is larger than allowed.
    EpilogueTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A boundary line is padded with more than 1024 bytes of whitespace.
    BoundaryLineTooLong,
    /// A part has no `Content-Disposition` header.
    MissingContentDisposition,
    /// A part header is not UTF-8.
    InvalidHeader,
    /// The input ended before the closing boundary.
    UnexpectedEnd {
        /// Where the decoder was: "preamble", "part headers" or "part data".
        state: &'static str,
    },
}

impl MultipartError {
    /// 413 for exceeded limits, 400 otherwise.
    pub fn status(&self) -> StatusCode {
        match self {
            MultipartError::TooManyParts { .. }
            | MultipartError::HeadersTooLarge { .. }
            | MultipartError::PreambleTooLarge { .. }
            | MultipartError::EpilogueTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for MultipartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultipartError::InvalidBoundary => write!(f, "invalid boundary"),
            MultipartError::TooManyParts { limit } => write!(f, "more than {limit} parts"),
            MultipartError::HeadersTooLarge { limit } => {
                write!(f, "part headers larger than {limit} bytes")
            }
            MultipartError::PreambleTooLarge { limit } => {
                write!(f, "preamble larger than {limit} bytes")
            }
            MultipartError::EpilogueTooLarge { limit } => {
                write!(f, "epilogue larger than {limit} bytes")
            }
            MultipartError::BoundaryLineTooLong => write!(f, "boundary line too long"),
            MultipartError::MissingContentDisposition => {
                write!(f, "a part has no Content-Disposition header")
            }
            MultipartError::InvalidHeader => write!(f, "a part header is not UTF-8"),
            MultipartError::UnexpectedEnd { state } => {
                write!(
                    f,
                    "the body ended in the {state} before the closing boundary"
                )
            }
        }
    }
}

impl std::error::Error for MultipartError {}

impl From<MultipartError> for FormError {
    fn from(err: MultipartError) -> Self {
        match err {
            MultipartError::TooManyParts { limit } => FormError::TooManyParts { limit },
            other => FormError::Multipart(other),
        }
    }
}

/// The `boundary` parameter of a `multipart/form-data` content type, if present and
/// non-empty.
///
/// ```
/// use stellwerk_runtime::form::multipart::boundary_from_content_type;
///
/// assert_eq!(
///     boundary_from_content_type(r#"multipart/form-data; boundary="a b""#).as_deref(),
///     Some("a b"),
/// );
/// assert_eq!(boundary_from_content_type("multipart/form-data"), None);
/// ```
pub fn boundary_from_content_type(content_type: &str) -> Option<String> {
    let (_, params) = crate::headers::parse_options_header(content_type);
    part_headers::param(&params, "boundary")
        .filter(|b| !b.is_empty())
        .map(str::to_owned)
}

/// The part being collected by [`parse_multipart`].
enum Current {
    None,
    Field {
        part: Part,
        data: Vec<u8>,
    },
    File {
        part: Part,
        file: tempfile::SpooledTempFile,
        len: u64,
    },
}

/// Parses a `multipart/form-data` body with the given boundary into fields and files,
/// applying `max_content_length` (bytes read), `max_form_memory_size` (per text field),
/// `max_form_parts` and the header limits from `options`. Files above the spool threshold
/// go to a temporary file (written synchronously).
///
/// ```
/// use stellwerk_runtime::body::Body;
/// use stellwerk_runtime::form::FormOptions;
/// use stellwerk_runtime::form::multipart::{parse_multipart, Encoder};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let mut enc = Encoder::new("b").unwrap();
/// enc.field("name", "Ada").file("cv", "cv.txt", Some("text/plain"), b"hello");
/// let form = parse_multipart(Body::from(enc.finish()), "b", &FormOptions::default())
///     .await
///     .unwrap();
/// assert_eq!(form.fields.get("name").unwrap(), "Ada");
/// let mut cv = form.files.into_iter().next().unwrap().1;
/// assert_eq!(cv.filename(), Some("cv.txt"));
/// assert_eq!(cv.contents().unwrap(), "hello");
/// # });
/// ```
pub async fn parse_multipart<B>(
    body: B,
    boundary: &str,
    options: &FormOptions,
) -> Result<FormData, FormError>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let limits = DecoderLimits {
        max_parts: options.max_form_parts,
        max_header_size: options.max_part_header_size,
        max_preamble_size: options.max_part_header_size,
    };
    let mut decoder = MultipartDecoder::with_limits(boundary.as_bytes(), limits)?;
    let mut builder = FormBuilder {
        options,
        form: FormData::default(),
        current: Current::None,
    };
    let mut body = std::pin::pin!(body);
    let mut total: u64 = 0;
    let mut ended = false;
    loop {
        match body.frame().await {
            Some(frame) => {
                let frame = frame.map_err(|e| FormError::Body(e.into()))?;
                let Ok(mut data) = frame.into_data() else {
                    continue;
                };
                total += data.remaining() as u64;
                if let Some(limit) = options.max_content_length
                    && total > limit
                {
                    return Err(FormError::ContentTooLarge { limit });
                }
                while data.has_remaining() {
                    let chunk = data.chunk();
                    decoder.feed(chunk);
                    let n = chunk.len();
                    data.advance(n);
                }
            }
            None if ended => {
                // The decoder asks for data after the end: cannot happen, but never spin.
                return Err(MultipartError::UnexpectedEnd { state: "part data" }.into());
            }
            None => {
                ended = true;
                decoder.finish();
            }
        }
        loop {
            match decoder.next_event()? {
                Event::NeedData => break,
                Event::Finished => return Ok(builder.form),
                event => builder.handle(event)?,
            }
        }
    }
}

/// Turns decoder events into fields and files.
struct FormBuilder<'a> {
    options: &'a FormOptions,
    form: FormData,
    current: Current,
}

impl FormBuilder<'_> {
    fn handle(&mut self, event: Event) -> Result<(), FormError> {
        match event {
            Event::Part(part) => {
                self.current = if part.is_file() {
                    Current::File {
                        part,
                        file: tempfile::SpooledTempFile::new(self.options.spool_threshold),
                        len: 0,
                    }
                } else {
                    Current::Field {
                        part,
                        data: Vec::new(),
                    }
                };
            }
            Event::Data { data, more } => {
                match &mut self.current {
                    Current::Field { data: buf, .. } => {
                        // Counted over all pieces of the field (CVE-2024-49767).
                        if let Some(limit) = self.options.max_form_memory_size
                            && buf.len() + data.len() > limit
                        {
                            return Err(FormError::FormMemoryExceeded { limit });
                        }
                        buf.extend_from_slice(&data);
                    }
                    Current::File { file, len, .. } => {
                        file.write_all(&data)?;
                        *len += data.len() as u64;
                    }
                    Current::None => {}
                }
                if !more {
                    self.finish_part()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish_part(&mut self) -> Result<(), FormError> {
        match std::mem::replace(&mut self.current, Current::None) {
            Current::Field { part, data } => {
                // `charset()` is one of the safe charsets, or UTF-8.
                let value = decode_safe_charset(&data, part.charset());
                let (name, _, _) = part.into_parts();
                self.form.fields.append(name, value);
            }
            Current::File { part, file, len } => {
                let (name, filename, headers) = part.into_parts();
                let storage =
                    FileStorage::from_spooled(name.clone(), filename, headers, file, len)?;
                self.form.files.append(name, storage);
            }
            Current::None => {}
        }
        Ok(())
    }
}
