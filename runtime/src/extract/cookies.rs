//! [`Cookies`]: the request's cookies.

use crate::datastructures::MultiDict;
use crate::exceptions::HttpError;

use super::{FromRequestParts, RequestContext};

/// The cookies the client sent (all `Cookie` headers, parsed as
/// [`Request::cookies`](crate::wrappers::Request::cookies) does).
///
/// `Cookies` is read-only: to set or delete a cookie, return a response and call
/// [`Response::set_cookie`](crate::wrappers::response::Response::set_cookie) or
/// `delete_cookie` on it. Keeping the two apart means a handler's response says
/// everything it sends.
///
/// ```
/// use stellwerk_runtime::app::{App, Handlers};
/// use stellwerk_runtime::extract::Cookies;
/// use stellwerk_runtime::routing::{Map, Rule};
/// use stellwerk_runtime::test::Client;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let map = Map::builder().rule(Rule::new("/").endpoint("who")).build().unwrap();
/// let handlers = Handlers::new().on("who", |cookies: Cookies| async move {
///     cookies.get("user").unwrap_or("anonymous").to_owned()
/// });
/// let client = Client::new(App::new().mount_map("/", map, handlers).build().unwrap());
/// assert_eq!(client.get("/").send().await.text(), "anonymous");
/// client.set_cookie("user", "ada");
/// assert_eq!(client.get("/").send().await.text(), "ada");
/// # });
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cookies(pub MultiDict<String, String>);

impl Cookies {
    /// The first value of the cookie `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Every value sent for `name`, in order.
    pub fn get_all(&self, name: &str) -> &[String] {
        self.0.get_all(name)
    }

    /// Whether a cookie `name` was sent.
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

impl FromRequestParts for Cookies {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        Ok(Cookies(cx.request().cookies().clone()))
    }
}
