//! The test client: drive any `tower::Service` in-process, without a socket, the way
//! Werkzeug's `Client` drives a WSGI app.
//!
//! * [`Client::new`] takes the service; `get`, `post`, `put`, `patch`, `delete`, `head` and
//!   `options` start a [`RequestBuilder`] (query, headers, urlencoded form, multipart
//!   (feature `multipart`), JSON, raw body, Basic and Bearer auth);
//! * every request gets a full URI (`http://localhost/path`) and a `Host` header
//!   (`localhost` unless [`Client::base_url`] says otherwise);
//! * a cookie jar keeps `Set-Cookie`s across requests and sends matching cookies back
//!   (domain, path, `Secure`, `Max-Age`/`Expires`);
//! * [`Client::follow_redirects`] follows 301/302/303/307/308, switching methods as
//!   browsers do (303 → GET except for HEAD; 301/302 turn POST into GET; 307/308 keep
//!   method and body), with loop detection, a limit and the history on the final response;
//! * a panic in the service propagates into the test, where it belongs.
//!
//! ```
//! use std::convert::Infallible;
//! use stellwerk_runtime::body::Body;
//! use stellwerk_runtime::test::Client;
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let app = tower::service_fn(|request: http::Request<Body>| async move {
//!     let response = match request.uri().path() {
//!         "/login" => http::Response::builder()
//!             .status(303)
//!             .header("location", "/home")
//!             .header("set-cookie", "session=abc; Path=/")
//!             .body(Body::empty()),
//!         _ => {
//!             let cookie = request.headers().get("cookie").cloned();
//!             let text = format!("cookie: {:?}", cookie);
//!             http::Response::builder().body(Body::from(text))
//!         }
//!     };
//!     Ok::<_, Infallible>(response.unwrap())
//! });
//! let client = Client::new(app).follow_redirects(true);
//! let response = client.post("/login").form(&[("user", "ada")]).send().await;
//! assert_eq!(response.text(), "cookie: Some(\"session=abc\")");
//! assert_eq!(response.history().len(), 1);
//! assert_eq!(response.request().method(), "GET");
//! # });
//! ```

mod cookie;
mod error;
#[cfg(feature = "multipart")]
mod multipart;
mod request;
mod response;
mod url;

pub use cookie::Cookie;
pub use error::ClientError;
#[cfg(feature = "multipart")]
pub use multipart::{FilePart, MultipartBody};
pub use request::RequestBuilder;
pub use response::{SentRequest, TestResponse};

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use http::Method;

use cookie::CookieJar;
use url::Url;

/// A client for a `tower::Service` under test. Cheap to clone; clones share the cookie jar.
///
/// ```
/// use std::convert::Infallible;
/// use stellwerk_runtime::body::Body;
/// use stellwerk_runtime::test::Client;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let app = tower::service_fn(|request: http::Request<Body>| async move {
///     Ok::<_, Infallible>(http::Response::new(Body::from(request.uri().to_string())))
/// });
/// let client = Client::new(app).base_url("https://example.com");
/// let response = client.get("/search").query(&[("q", "a b")]).send().await;
/// assert_eq!(response.text(), "https://example.com/search?q=a+b");
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct Client<S> {
    service: S,
    base: Url,
    jar: Arc<Mutex<CookieJar>>,
    use_cookies: bool,
    follow_redirects: bool,
    max_redirects: usize,
    allow_subdomain_redirects: bool,
}

impl<S> Client<S> {
    /// A client for `service`, with base URL `http://localhost`, cookies on, redirects
    /// not followed.
    pub fn new(service: S) -> Self {
        Client {
            service,
            base: Url {
                scheme: "http".to_owned(),
                authority: "localhost".to_owned(),
                path_and_query: "/".to_owned(),
            },
            jar: Arc::default(),
            use_cookies: true,
            follow_redirects: false,
            max_redirects: 10,
            allow_subdomain_redirects: false,
        }
    }

    /// Sets the scheme and host requests go to, e.g. `https://example.com:8443`.
    ///
    /// # Panics
    ///
    /// When `url` is not an absolute `http` or `https` URL (a mistake in the test itself).
    pub fn base_url(mut self, url: &str) -> Self {
        match Url::parse_absolute(url) {
            Some(base) => self.base = base,
            None => panic!("base_url must be an absolute http(s) URL, got {url:?}"),
        }
        self
    }

    /// Follows redirects by default (each request may override it).
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = follow;
        self
    }

    /// The most redirects one request follows (default 10).
    pub fn max_redirects(mut self, limit: usize) -> Self {
        self.max_redirects = limit;
        self
    }

    /// Follows redirects to subdomains of the base host, too.
    pub fn allow_subdomain_redirects(mut self, allow: bool) -> Self {
        self.allow_subdomain_redirects = allow;
        self
    }

    /// Keeps and sends cookies (on by default).
    pub fn use_cookies(mut self, enabled: bool) -> Self {
        self.use_cookies = enabled;
        self
    }

    /// A request with any method.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder<'_, S> {
        RequestBuilder::new(self, method, path)
    }

    /// A `GET` request to `path` (which may carry a query, or be an absolute URL).
    pub fn get(&self, path: &str) -> RequestBuilder<'_, S> {
        self.request(Method::GET, path)
    }

    /// A `POST` request.
    pub fn post(&self, path: &str) -> RequestBuilder<'_, S> {
        self.request(Method::POST, path)
    }

    /// A `PUT` request.
    pub fn put(&self, path: &str) -> RequestBuilder<'_, S> {
        self.request(Method::PUT, path)
    }

    /// A `PATCH` request.
    pub fn patch(&self, path: &str) -> RequestBuilder<'_, S> {
        self.request(Method::PATCH, path)
    }

    /// A `DELETE` request.
    pub fn delete(&self, path: &str) -> RequestBuilder<'_, S> {
        self.request(Method::DELETE, path)
    }

    /// A `HEAD` request.
    pub fn head(&self, path: &str) -> RequestBuilder<'_, S> {
        self.request(Method::HEAD, path)
    }

    /// An `OPTIONS` request.
    pub fn options(&self, path: &str) -> RequestBuilder<'_, S> {
        self.request(Method::OPTIONS, path)
    }

    /// The cookie `name` the base host would get back (on any path), if the jar has one.
    pub fn cookie(&self, name: &str) -> Option<Cookie> {
        let now = SystemTime::now();
        let host = self.base.host().to_owned();
        self.jar()
            .all(now)
            .into_iter()
            .find(|c| c.name == name && c.matches(&host, &c.path, true, now))
    }

    /// Every cookie in the jar that has not expired.
    pub fn cookies(&self) -> Vec<Cookie> {
        self.jar().all(SystemTime::now())
    }

    /// Puts a cookie for the base host and path `/` into the jar.
    pub fn set_cookie(&self, name: &str, value: &str) {
        let host = self.base.host().to_owned();
        self.jar().set(name, value, &host);
    }

    /// Removes every cookie called `name` that would be sent to the base host.
    pub fn delete_cookie(&self, name: &str) {
        let host = self.base.host().to_owned();
        self.jar().remove(name, &host);
    }

    /// Empties the cookie jar.
    pub fn clear_cookies(&self) {
        self.jar().clear();
    }

    fn jar(&self) -> MutexGuard<'_, CookieJar> {
        // A test that panicked while holding the lock cannot leave the jar half-updated
        // in a way that matters; keep using it.
        self.jar.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
