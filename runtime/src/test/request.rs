//! [`RequestBuilder`]: one test request, and the loop that sends it and follows redirects.

use std::collections::HashSet;
use std::time::SystemTime;

use base64::Engine as _;
use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{Extensions, HeaderMap, Method, Request, Response, StatusCode, Uri};
use http_body_util::BodyExt;
use tower_service::Service;

use super::Client;
use super::error::ClientError;
#[cfg(feature = "multipart")]
use super::multipart::{FilePart, MultipartBody};
use super::response::{SentRequest, TestResponse};
use super::url::{Url, encode_path, form_encode, has_scheme};
use crate::body::{Body, BoxError};

/// A request being built by a [`Client`]; finish it with [`send`](RequestBuilder::send).
///
/// Mistakes in the test (an invalid header name, a value that does not serialise) are kept
/// until `send`, which panics with the reason, or `try_send`, which returns it.
///
/// ```
/// use std::convert::Infallible;
/// use stellwerk_runtime::body::Body;
/// use stellwerk_runtime::test::Client;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let echo = tower::service_fn(|request: http::Request<Body>| async move {
///     let (parts, body) = request.into_parts();
///     let body = body.collect_bytes().await.unwrap();
///     let text = format!(
///         "{} {} {:?} {}",
///         parts.method,
///         parts.uri,
///         parts.headers.get("content-type").unwrap(),
///         String::from_utf8_lossy(&body)
///     );
///     Ok::<_, Infallible>(http::Response::new(Body::from(text)))
/// });
/// let client = Client::new(echo);
/// let response = client
///     .post("/items")
///     .query(&[("page", "2")])
///     .form(&[("name", "a & b")])
///     .send()
///     .await;
/// assert_eq!(
///     response.text(),
///     "POST http://localhost/items?page=2 \"application/x-www-form-urlencoded\" name=a+%26+b"
/// );
/// # });
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RequestBuilder<'a, S> {
    client: &'a Client<S>,
    state: Prepared,
    follow_redirects: Option<bool>,
    error: Option<String>,
}

/// Everything needed to (re)send the request; redirects modify it.
#[derive(Clone, Debug)]
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    content_type: Option<HeaderValue>,
    extensions: Extensions,
}

impl<'a, S> RequestBuilder<'a, S> {
    pub(crate) fn new(client: &'a Client<S>, method: Method, target: &str) -> Self {
        let (url, error) = if has_scheme(target) {
            match Url::parse_absolute(target) {
                Some(url) => (url, None),
                None => (
                    client.base.clone(),
                    Some(format!("not an absolute http(s) URL: {target:?}")),
                ),
            }
        } else {
            let url = Url {
                scheme: client.base.scheme.clone(),
                authority: client.base.authority.clone(),
                path_and_query: encode_path(target),
            };
            (url, None)
        };
        RequestBuilder {
            client,
            state: Prepared {
                method,
                url,
                headers: HeaderMap::new(),
                body: None,
                content_type: None,
                extensions: Extensions::new(),
            },
            follow_redirects: None,
            error,
        }
    }

    /// Appends `key=value` pairs to the query string (urlencoded; a space becomes `+`).
    pub fn query<K: AsRef<str>, V: AsRef<str>>(mut self, pairs: &[(K, V)]) -> Self {
        if pairs.is_empty() {
            return self;
        }
        let encoded = form_encode(pairs);
        let path_and_query = &mut self.state.url.path_and_query;
        path_and_query.push(if path_and_query.contains('?') {
            '&'
        } else {
            '?'
        });
        path_and_query.push_str(&encoded);
        self
    }

    /// Adds a header (repeating a name adds another value). A `Host` header set here
    /// replaces the default one.
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        let name = HeaderName::try_from(name).map_err(Into::into);
        let value = HeaderValue::try_from(value).map_err(Into::into);
        match (name, value) {
            (Ok(name), Ok(value)) => {
                self.state.headers.append(name, value);
            }
            (Err(err), _) | (_, Err(err)) => self.fail(format!("invalid header: {err}")),
        }
        self
    }

    /// Sends `pairs` as an `application/x-www-form-urlencoded` body.
    pub fn form<K: AsRef<str>, V: AsRef<str>>(self, pairs: &[(K, V)]) -> Self {
        let body = form_encode(pairs);
        self.with_body(
            Bytes::from(body),
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        )
    }

    /// Sends text `fields` and `files` as a `multipart/form-data` body (feature
    /// `multipart`; the body comes from the form module's encoder).
    #[cfg(feature = "multipart")]
    pub fn multipart<K: AsRef<str>, V: AsRef<str>>(
        self,
        fields: &[(K, V)],
        files: &[FilePart],
    ) -> Self {
        let encoded = MultipartBody::encode(fields, files);
        match HeaderValue::try_from(encoded.content_type()) {
            Ok(content_type) => self.with_body(encoded.into_body(), content_type),
            Err(err) => {
                let mut this = self;
                this.fail(format!("invalid multipart content type: {err}"));
                this
            }
        }
    }

    /// Sends `value` serialised as JSON with `Content-Type: application/json`.
    #[cfg(feature = "json")]
    pub fn json<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => self.with_body(
                Bytes::from(body),
                HeaderValue::from_static("application/json"),
            ),
            Err(err) => {
                self.fail(format!("the JSON body does not serialise: {err}"));
                self
            }
        }
    }

    /// Sends `body` as it is (no `Content-Type` unless set with [`header`](Self::header)).
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.state.body = Some(body.into());
        self.state.content_type = None;
        self
    }

    /// `Authorization: Basic` with `user:password`.
    pub fn basic_auth(self, user: &str, password: &str) -> Self {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.header(header::AUTHORIZATION, format!("Basic {token}"))
    }

    /// `Authorization: Bearer <token>`.
    pub fn bearer_auth(self, token: &str) -> Self {
        self.header(header::AUTHORIZATION, format!("Bearer {token}"))
    }

    /// Inserts a value into the request's extensions, as a server or middleware would
    /// (for example a `RemoteAddr`).
    pub fn extension<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.extensions.insert(value);
        self
    }

    /// Follows redirects for this request, overriding the client's setting.
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = Some(follow);
        self
    }

    fn with_body(mut self, body: Bytes, content_type: HeaderValue) -> Self {
        self.state.body = Some(body);
        self.state.content_type = Some(content_type);
        self
    }

    fn fail(&mut self, why: String) {
        // The first mistake is the one to report.
        self.error.get_or_insert(why);
    }
}

impl<S, B> RequestBuilder<'_, S>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    /// Sends the request (following redirects if asked to) and reads the response.
    ///
    /// # Panics
    ///
    /// When [`try_send`](Self::try_send) would return an error: the request is invalid,
    /// the service or the body failed, or a redirect could not be followed. A panic inside
    /// the service propagates as well.
    pub async fn send(self) -> TestResponse {
        match self.try_send().await {
            Ok(response) => response,
            Err(err) => panic!("test request failed: {err}"),
        }
    }

    /// Sends the request and reads the response, returning failures as [`ClientError`].
    pub async fn try_send(self) -> Result<TestResponse, ClientError> {
        if let Some(why) = self.error {
            return Err(ClientError::InvalidRequest(why));
        }
        let client = self.client;
        let follow = self.follow_redirects.unwrap_or(client.follow_redirects);
        let mut state = self.state;
        let mut history = Vec::new();
        let mut seen = HashSet::new();
        loop {
            let mut response = dispatch(client, &state).await?;
            let location = response
                .location()
                .filter(|_| follow && is_redirect(response.status))
                .map(str::to_owned);
            let Some(location) = location else {
                response.history = history;
                return Ok(response);
            };
            if history.len() >= client.max_redirects {
                return Err(ClientError::TooManyRedirects(client.max_redirects));
            }
            let next = state.url.join(&location).ok_or_else(|| {
                ClientError::InvalidRequest(format!("redirect to an invalid location {location:?}"))
            })?;
            if next.host() != state.url.host() {
                let subdomain = next
                    .host()
                    .strip_suffix(client.base.host())
                    .is_some_and(|rest| rest.ends_with('.'));
                if !(client.allow_subdomain_redirects && subdomain) {
                    return Err(ClientError::ExternalRedirect(next.to_string()));
                }
                state.headers.remove(header::HOST);
            }
            if !seen.insert((next.to_string(), response.status)) {
                return Err(ClientError::RedirectLoop(next.to_string()));
            }
            state.after_redirect(response.status);
            state.url = next;
            history.push(response);
        }
    }
}

fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The method after a redirect and whether the body is sent again, per the fetch standard
/// (which Werkzeug 3.2 follows): 303 turns everything but HEAD into a GET without body;
/// 301 and 302 turn POST into GET; 307 and 308 repeat the request as it was.
pub(crate) fn redirect_method(status: StatusCode, method: &Method) -> (Method, bool) {
    match status.as_u16() {
        303 if method == Method::HEAD => (Method::HEAD, false),
        303 => (Method::GET, false),
        301 | 302 if method == Method::POST => (Method::GET, false),
        _ => (method.clone(), true),
    }
}

impl Prepared {
    fn after_redirect(&mut self, status: StatusCode) {
        let (method, keep_body) = redirect_method(status, &self.method);
        self.method = method;
        if !keep_body {
            self.body = None;
            self.content_type = None;
            for name in [
                header::CONTENT_TYPE,
                header::CONTENT_LENGTH,
                header::CONTENT_ENCODING,
                header::CONTENT_LANGUAGE,
                header::CONTENT_LOCATION,
                header::TRANSFER_ENCODING,
            ] {
                self.headers.remove(name);
            }
        }
    }
}

async fn dispatch<S, B>(client: &Client<S>, state: &Prepared) -> Result<TestResponse, ClientError>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone,
    S::Error: Into<BoxError>,
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let url = &state.url;
    let uri: Uri = url
        .to_string()
        .parse()
        .map_err(|err| ClientError::InvalidRequest(format!("invalid URL {url}: {err}")))?;
    let mut headers = state.headers.clone();
    if !headers.contains_key(header::HOST) {
        let host = HeaderValue::try_from(url.authority.as_str())
            .map_err(|err| ClientError::InvalidRequest(format!("invalid host: {err}")))?;
        headers.insert(header::HOST, host);
    }
    if let Some(content_type) = &state.content_type
        && !headers.contains_key(header::CONTENT_TYPE)
    {
        headers.insert(header::CONTENT_TYPE, content_type.clone());
    }
    if let Some(body) = &state.body
        && !headers.contains_key(header::CONTENT_LENGTH)
    {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    }
    if client.use_cookies {
        let jar_cookies =
            client
                .jar()
                .header_for(url.host(), url.path(), url.is_https(), SystemTime::now());
        if let Some(jar_cookies) = jar_cookies {
            // Cookies set by hand with `.header("cookie", ..)` go first, the jar's after.
            let combined = match headers.get(header::COOKIE).and_then(|v| v.to_str().ok()) {
                Some(own) => format!("{own}; {jar_cookies}"),
                None => jar_cookies,
            };
            let value = HeaderValue::try_from(combined)
                .map_err(|err| ClientError::InvalidRequest(format!("invalid cookie: {err}")))?;
            headers.insert(header::COOKIE, value);
        }
    }
    let body = state.body.clone().unwrap_or_default();
    let sent = SentRequest {
        method: state.method.clone(),
        uri: uri.clone(),
        headers: headers.clone(),
        body: body.clone(),
    };
    let mut request = Request::new(if state.body.is_some() {
        Body::from(body)
    } else {
        Body::empty()
    });
    *request.method_mut() = state.method.clone();
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    *request.extensions_mut() = state.extensions.clone();

    let mut service = client.service.clone();
    std::future::poll_fn(|cx| service.poll_ready(cx))
        .await
        .map_err(|err| ClientError::Service(err.into()))?;
    let response = service
        .call(request)
        .await
        .map_err(|err| ClientError::Service(err.into()))?;
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|err| ClientError::Body(err.into()))?
        .to_bytes();
    if client.use_cookies {
        let now = SystemTime::now();
        let mut jar = client.jar();
        for value in parts.headers.get_all(header::SET_COOKIE) {
            if let Ok(value) = value.to_str() {
                jar.store(value, url.host(), url.path(), now);
            }
        }
    }
    Ok(TestResponse {
        status: parts.status,
        version: parts.version,
        headers: parts.headers,
        body,
        request: sent,
        history: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_method_table() {
        use Method as M;
        for (status, method, expected, keeps_body) in [
            (301, M::GET, M::GET, true),
            (301, M::POST, M::GET, false),
            (301, M::PUT, M::PUT, true),
            (302, M::POST, M::GET, false),
            (302, M::DELETE, M::DELETE, true),
            (302, M::HEAD, M::HEAD, true),
            (303, M::GET, M::GET, false),
            (303, M::POST, M::GET, false),
            (303, M::PUT, M::GET, false),
            (303, M::HEAD, M::HEAD, false),
            (307, M::POST, M::POST, true),
            (307, M::PATCH, M::PATCH, true),
            (308, M::POST, M::POST, true),
            (308, M::GET, M::GET, true),
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                redirect_method(status, &method),
                (expected, keeps_body),
                "{status} after {method}"
            );
        }
    }
}
