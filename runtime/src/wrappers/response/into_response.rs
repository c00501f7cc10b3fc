//! [`IntoResponse`]: what a handler may return.

use bytes::Bytes;
use http::StatusCode;
use http::header::{HeaderMap, HeaderName, HeaderValue};

use super::Response;
use crate::body::{Body, BoxError};
use crate::exceptions::HttpError;

/// Converts a handler's return value into a [`Response`].
///
/// Implemented for strings and byte buffers (200, `text/plain; charset=utf-8` for text,
/// `application/octet-stream` for bytes), `()` (empty 200), [`StatusCode`] (empty body),
/// `(StatusCode, T)`, `(StatusCode, headers, T)`, [`Response`], `http::Response<B>` for any
/// body, [`HttpError`], `Result<T, E>` where both sides convert, and `Json<T>` (feature
/// `json`).
///
/// ```
/// use http::StatusCode;
/// use stellwerk_runtime::exceptions::HttpError;
/// use stellwerk_runtime::wrappers::response::IntoResponse;
/// let ok: Result<&'static str, HttpError> = Ok("hi");
/// assert_eq!(ok.into_response().status(), StatusCode::OK);
/// let created = (StatusCode::CREATED, "made").into_response();
/// assert_eq!(created.status(), StatusCode::CREATED);
/// let with_headers = (StatusCode::OK, [("x-a", "1")], "body").into_response();
/// assert_eq!(with_headers.headers()["x-a"], "1");
/// ```
pub trait IntoResponse {
    /// Performs the conversion.
    fn into_response(self) -> Response;
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

impl IntoResponse for &'static str {
    fn into_response(self) -> Response {
        Response::new(self)
    }
}

impl IntoResponse for String {
    fn into_response(self) -> Response {
        Response::new(self)
    }
}

impl IntoResponse for std::borrow::Cow<'static, str> {
    fn into_response(self) -> Response {
        Response::new(self.into_owned())
    }
}

impl IntoResponse for Vec<u8> {
    fn into_response(self) -> Response {
        Response::with_mimetype(self, "application/octet-stream")
    }
}

impl IntoResponse for &'static [u8] {
    fn into_response(self) -> Response {
        Response::with_mimetype(self, "application/octet-stream")
    }
}

impl IntoResponse for Bytes {
    fn into_response(self) -> Response {
        Response::with_mimetype(self, "application/octet-stream")
    }
}

impl IntoResponse for () {
    fn into_response(self) -> Response {
        Response::new(Bytes::new())
    }
}

impl IntoResponse for Body {
    fn into_response(self) -> Response {
        Response::from_body(self)
    }
}

impl IntoResponse for StatusCode {
    fn into_response(self) -> Response {
        Response::new(Bytes::new()).with_status(self)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        HttpError::into_response(self)
    }
}

impl<B> IntoResponse for http::Response<B>
where
    B: http_body::Body + Send + 'static,
    B::Data: Into<Bytes>,
    B::Error: Into<BoxError>,
{
    fn into_response(self) -> Response {
        Response::from(self.map(Body::new))
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(v) => v.into_response(),
            Err(e) => e.into_response(),
        }
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, T) {
    fn into_response(self) -> Response {
        self.1.into_response().with_status(self.0)
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, HeaderMap, T) {
    fn into_response(self) -> Response {
        let (status, headers, body) = self;
        let mut r = body.into_response().with_status(status);
        extend_headers(&mut r, headers);
        r
    }
}

impl<T: IntoResponse> IntoResponse for (HeaderMap, T) {
    fn into_response(self) -> Response {
        let mut r = self.1.into_response();
        extend_headers(&mut r, self.0);
        r
    }
}

/// Headers given with a response replace the body's defaults of the same name (such as
/// `Content-Type`); several values of one name are all kept.
fn extend_headers(r: &mut Response, headers: HeaderMap) {
    let mut last: Option<HeaderName> = None;
    for (name, value) in headers {
        let name = match name {
            Some(n) => n,
            None => match &last {
                Some(n) => n.clone(),
                None => continue,
            },
        };
        if last.as_ref() != Some(&name) {
            r.headers_mut().insert(name.clone(), value);
        } else {
            r.headers_mut().append(name.clone(), value);
        }
        last = Some(name);
    }
}

impl<K, V, const N: usize, T> IntoResponse for (StatusCode, [(K, V); N], T)
where
    K: TryInto<HeaderName>,
    V: TryInto<HeaderValue>,
    T: IntoResponse,
{
    fn into_response(self) -> Response {
        let (status, pairs, body) = self;
        let mut headers = HeaderMap::new();
        for (k, v) in pairs {
            match (k.try_into(), v.try_into()) {
                (Ok(k), Ok(v)) => {
                    headers.append(k, v);
                }
                // An invalid header is a bug in the handler, never client input: answer 500
                // rather than sending a half-built response.
                _ => {
                    return HttpError::internal_server_error()
                        .with_description("The handler returned an invalid header name or value.")
                        .into_response();
                }
            }
        }
        (status, headers, body).into_response()
    }
}

impl<K, V, const N: usize, T> IntoResponse for ([(K, V); N], T)
where
    K: TryInto<HeaderName>,
    V: TryInto<HeaderValue>,
    T: IntoResponse,
{
    fn into_response(self) -> Response {
        let (pairs, body) = self;
        (StatusCode::OK, pairs, body).into_response()
    }
}

/// A JSON response body (`application/json`), from any `serde::Serialize` value.
///
/// ```
/// use stellwerk_runtime::wrappers::response::{IntoResponse, Json};
/// let r = Json(vec![1, 2, 3]).into_response();
/// assert_eq!(r.headers()["content-type"], "application/json");
/// assert_eq!(r.data().unwrap(), "[1,2,3]\n");
/// ```
#[cfg(feature = "json")]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

#[cfg(feature = "json")]
impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match Response::json(&self.0) {
            Ok(r) => r,
            Err(e) => HttpError::internal_server_error()
                .with_source(e)
                .into_response(),
        }
    }
}
