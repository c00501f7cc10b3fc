//! [`TestResponse`], the buffered answer of the service under test, and [`SentRequest`],
//! what the client actually sent for it.

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode, Uri, Version, header};

/// The request as the client sent it (after adding `Host`, `Cookie`, `Content-Type` and
/// `Content-Length`), for assertions.
#[derive(Clone, Debug)]
pub struct SentRequest {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl SentRequest {
    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full URI, `http://localhost/path?query`.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

/// A response from the service under test, with its body read into memory.
///
/// ```
/// use std::convert::Infallible;
/// use stellwerk_runtime::body::Body;
/// use stellwerk_runtime::test::Client;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let app = tower::service_fn(|_request: http::Request<Body>| async {
///     Ok::<_, Infallible>(
///         http::Response::builder()
///             .header("content-type", "text/plain")
///             .body(Body::from("hello"))
///             .unwrap(),
///     )
/// });
/// let response = Client::new(app).get("/").send().await;
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.header("content-type"), Some("text/plain"));
/// assert_eq!(response.text(), "hello");
/// assert_eq!(response.request().uri(), "http://localhost/");
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct TestResponse {
    pub(crate) status: StatusCode,
    pub(crate) version: Version,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) request: SentRequest,
    pub(crate) history: Vec<TestResponse>,
}

impl TestResponse {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The HTTP version the service answered with.
    pub fn version(&self) -> Version {
        self.version
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name` as text; `None` when absent or not visible ASCII.
    pub fn header(&self, name: impl header::AsHeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every value of header `name` as text (for `Set-Cookie`, `Vary`, ...), skipping values
    /// that are not visible ASCII.
    pub fn header_all(&self, name: impl header::AsHeaderName) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    /// The `Location` header.
    pub fn location(&self) -> Option<&str> {
        self.header(header::LOCATION)
    }

    /// The body.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body as text; invalid UTF-8 is replaced by U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    ///
    /// # Panics
    ///
    /// When the body is not JSON of type `T`; the message quotes the body. Use
    /// [`try_json`](TestResponse::try_json) to inspect the error instead.
    #[cfg(feature = "json")]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        match self.try_json() {
            Ok(value) => value,
            Err(err) => panic!(
                "response body is not the expected JSON ({err}): {}",
                self.text()
            ),
        }
    }

    /// The body parsed as JSON, or the parse error.
    #[cfg(feature = "json")]
    pub fn try_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The responses of the redirects followed before this one, oldest first (empty unless
    /// redirects were followed).
    pub fn history(&self) -> &[TestResponse] {
        &self.history
    }

    /// The request that produced this response.
    pub fn request(&self) -> &SentRequest {
        &self.request
    }
}
