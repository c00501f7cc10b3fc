//! Conditional and range responses: [`Response::make_conditional`].

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use http_body::{Frame, SizeHint};

use super::Response;
use crate::body::{Body, BoxError};
use crate::exceptions::HttpError;
use crate::headers::{ETags, Range, Validators, http_date, is_resource_modified, parse_date};

/// What [`Response::make_conditional`] needs to know about the request: its method and
/// headers. Implemented for the [`Request`](crate::wrappers::Request) wrapper,
/// `http::request::Parts`, `http::Request<B>` and `(&Method, &HeaderMap)`.
///
/// ```
/// use stellwerk_runtime::body::Body;
/// use stellwerk_runtime::wrappers::response::{ConditionalOptions, RequestHead, Response};
/// use stellwerk_runtime::wrappers::Request;
///
/// let request = http::Request::get("/").header("if-none-match", "*").body(()).unwrap();
/// let (parts, _) = request.into_parts();
/// assert!(RequestHead::headers(&parts).contains_key("if-none-match"));
///
/// // The wrapper works directly: an ETag matching `If-None-Match: *` answers 304.
/// let request = Request::new(
///     http::Request::get("/").header("if-none-match", "*").body(Body::empty()).unwrap(),
/// );
/// let mut response = Response::new("hello");
/// response.set_etag("v1", false).unwrap();
/// response.make_conditional(&request, ConditionalOptions::default()).unwrap();
/// assert_eq!(response.status(), 304);
/// ```
pub trait RequestHead {
    /// The request method.
    fn method(&self) -> &Method;
    /// The request headers.
    fn headers(&self) -> &HeaderMap;
}

impl RequestHead for http::request::Parts {
    fn method(&self) -> &Method {
        &self.method
    }
    fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<B> RequestHead for http::Request<B> {
    fn method(&self) -> &Method {
        self.method()
    }
    fn headers(&self) -> &HeaderMap {
        self.headers()
    }
}

impl RequestHead for crate::wrappers::Request {
    fn method(&self) -> &Method {
        crate::wrappers::Request::method(self)
    }
    fn headers(&self) -> &HeaderMap {
        crate::wrappers::Request::headers(self)
    }
}

impl RequestHead for (&Method, &HeaderMap) {
    fn method(&self) -> &Method {
        self.0
    }
    fn headers(&self) -> &HeaderMap {
        self.1
    }
}

/// Options of [`Response::make_conditional`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConditionalOptions {
    /// Answer `Range` requests and send `Accept-Ranges: bytes`.
    pub accept_ranges: bool,
    /// The complete length of the resource; ranges are only served when it is known and
    /// not zero.
    pub complete_length: Option<u64>,
}

/// What [`Response::make_conditional`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionalOutcome {
    /// Not a GET/HEAD request, or no condition applied: the response is unchanged.
    Unchanged,
    /// 206 Partial Content for bytes `start..end` (exclusive).
    Partial {
        /// First byte.
        start: u64,
        /// One past the last byte.
        end: u64,
    },
    /// 304 Not Modified.
    NotModified,
    /// 412 Precondition Failed.
    PreconditionFailed,
}

fn header_str<'a>(headers: &'a HeaderMap, name: &header::HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

impl Response {
    fn validators_owned(&self) -> (Option<String>, Option<SystemTime>) {
        let etag = header_str(self.headers(), &header::ETAG).map(str::to_owned);
        let last_modified = header_str(self.headers(), &header::LAST_MODIFIED).and_then(parse_date);
        (etag, last_modified)
    }

    /// Makes the response conditional on the request, as Werkzeug does for GET and HEAD:
    ///
    /// * adds `Date` if missing;
    /// * with `accept_ranges`, sets `Accept-Ranges: bytes` and answers a satisfiable single
    ///   `bytes` range (honouring `If-Range`) with 206, `Content-Range`, `Content-Length`
    ///   and the sliced body; an unparsable or unsatisfiable range is a 416 error carrying
    ///   `Content-Range: bytes */length`;
    /// * otherwise compares `ETag`/`Last-Modified` with `If-None-Match`, `If-Match` and
    ///   `If-Modified-Since`: a current client copy gives 304 (412 when `If-Match` was sent);
    /// * sets `Content-Length` when the body length is known.
    ///
    /// ```
    /// use http::{HeaderMap, Method, StatusCode};
    /// use stellwerk_runtime::wrappers::response::{ConditionalOptions, Response};
    /// let mut headers = HeaderMap::new();
    /// headers.insert("range", "bytes=0-4".parse().unwrap());
    /// let mut r = Response::new("Hello World");
    /// let opts = ConditionalOptions { accept_ranges: true, complete_length: Some(11) };
    /// r.make_conditional(&(&Method::GET, &headers), opts).unwrap();
    /// assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
    /// assert_eq!(r.headers()["content-range"], "bytes 0-4/11");
    /// assert_eq!(r.data().unwrap(), "Hello");
    /// ```
    pub fn make_conditional<R: RequestHead + ?Sized>(
        &mut self,
        request: &R,
        options: ConditionalOptions,
    ) -> Result<ConditionalOutcome, HttpError> {
        let method = request.method();
        if method != Method::GET && method != Method::HEAD {
            return Ok(ConditionalOutcome::Unchanged);
        }
        let req_headers = request.headers();
        if !self.headers().contains_key(header::DATE)
            && let Ok(v) = HeaderValue::from_str(&http_date(SystemTime::now()))
        {
            self.headers_mut().insert(header::DATE, v);
        }
        let mut outcome = ConditionalOutcome::Unchanged;
        if let Some((start, end)) = self.process_range(req_headers, options)? {
            outcome = ConditionalOutcome::Partial { start, end };
        } else {
            let (etag, last_modified) = self.validators_owned();
            let validators = Validators {
                etag: etag.as_deref(),
                last_modified,
            };
            if !is_resource_modified(req_headers, &validators, true) {
                let if_match =
                    ETags::parse(header_str(req_headers, &header::IF_MATCH).unwrap_or(""));
                if if_match.is_empty() {
                    self.set_status(StatusCode::NOT_MODIFIED);
                    outcome = ConditionalOutcome::NotModified;
                } else {
                    self.set_status(StatusCode::PRECONDITION_FAILED);
                    outcome = ConditionalOutcome::PreconditionFailed;
                }
            }
        }
        if !self.headers().contains_key(header::CONTENT_LENGTH)
            && let Some(len) = self.known_length()
        {
            self.set_content_length(len);
        }
        Ok(outcome)
    }

    fn process_range(
        &mut self,
        req_headers: &HeaderMap,
        options: ConditionalOptions,
    ) -> Result<Option<(u64, u64)>, HttpError> {
        if !options.accept_ranges {
            return Ok(None);
        }
        self.headers_mut()
            .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
        let Some(length) = options.complete_length.filter(|&l| l > 0) else {
            return Ok(None);
        };
        let Some(range_header) = req_headers.get(header::RANGE) else {
            return Ok(None);
        };
        if req_headers.contains_key(header::IF_RANGE) {
            let (etag, last_modified) = self.validators_owned();
            let validators = Validators {
                etag: etag.as_deref(),
                last_modified,
            };
            if is_resource_modified(req_headers, &validators, false) {
                // The client's copy is stale: send the whole resource.
                return Ok(None);
            }
        }
        let parsed = range_header.to_str().ok().and_then(Range::parse);
        let Some((start, end)) = parsed
            .as_ref()
            .and_then(|r| r.range_for_length(Some(length)))
        else {
            return Err(HttpError::range_not_satisfiable(length));
        };
        let content_range = format!("bytes {start}-{}/{length}", end - 1);
        if let Ok(v) = HeaderValue::from_str(&content_range) {
            self.headers_mut().insert(header::CONTENT_RANGE, v);
        }
        self.set_status(StatusCode::PARTIAL_CONTENT);
        match self.data().cloned() {
            Some(data) => {
                let lo = usize::try_from(start).unwrap_or(usize::MAX).min(data.len());
                let hi = usize::try_from(end).unwrap_or(usize::MAX).min(data.len());
                self.set_data(data.slice(lo..hi));
            }
            None => {
                let body = std::mem::take(self.body_mut());
                self.set_body(Body::new(RangeBody {
                    inner: body,
                    skip: start,
                    remaining: end - start,
                }));
            }
        }
        self.set_content_length(end - start);
        Ok(Some((start, end)))
    }
}

/// Slices a streamed body: skips `skip` bytes, then yields at most `remaining` bytes.
struct RangeBody {
    inner: Body,
    skip: u64,
    remaining: u64,
}

impl http_body::Body for RangeBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        loop {
            if self.remaining == 0 {
                return Poll::Ready(None);
            }
            let frame = match Pin::new(&mut self.inner).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(frame))) => frame,
            };
            let Ok(mut data) = frame.into_data() else {
                // Trailers of a sliced body are meaningless; drop them.
                continue;
            };
            let len = data.len() as u64;
            if self.skip >= len {
                self.skip -= len;
                continue;
            }
            let from = usize::try_from(self.skip).unwrap_or(usize::MAX);
            self.skip = 0;
            data = data.slice(from..);
            let take = usize::try_from(self.remaining.min(data.len() as u64)).unwrap_or(usize::MAX);
            data.truncate(take);
            self.remaining -= take as u64;
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        let mut hint = SizeHint::new();
        hint.set_upper(self.remaining);
        hint
    }
}
