//! Extractors: what a handler may ask for besides its rule variables.
//!
//! A handler's arguments are its rule variables (bound by name by the route macros, or
//! read from [`PathValues`] in a dynamic handler) and extractors. An extractor is a type
//! that can be made from the request being handled:
//!
//! * [`FromRequestParts`]: made from the request's head (method, URI, headers, cookies,
//!   query string), the matched values and the application (its state, URL building).
//!   It cannot consume the body, so a handler may take any number of them.
//! * [`FromRequest`]: may consume the body ([`Form`], [`Json`], the whole
//!   [`Request`]). At most one per handler, as its **last** argument. Every
//!   `FromRequestParts` type is a `FromRequest` too.
//!
//! | extractor | fails with |
//! |---|---|
//! | [`Request`](crate::wrappers::Request) (also as `&Request` or `&mut Request` in a route macro handler, `async` or not), [`RequestContext`] | never |
//! | `http::Method`, `http::HeaderMap`, `http::Uri`, `http::Version`, `http::request::Parts` (a copy of the head), [`PathValues`], [`Cookies`], [`UrlFor`] | never |
//! | [`State<T>`] | 500 naming `T` when the application has no such state |
//! | [`Query<T>`] | 400 naming the field and what was wrong |
//! | [`Form<T>`] | 415 (not a form), 413 (limits), 400 (malformed, or a field error) |
//! | [`Json<T>`] (feature `json`) | 415 (not JSON), 413 (limit), 400 (invalid JSON for `T`) |
//! | [`Multipart`] (feature `multipart`) | 415 (not multipart), 413, 400 |
//! | `Option<T>` | never: `None` when `T` failed |
//! | `Result<T, HttpError>` | never: the error when `T` failed |
//!
//! Every failure is an [`HttpError`] whose description says what was wrong; the
//! application renders it (HTML, or JSON for clients that prefer it) or hands it to an
//! error handler.
//!
//! ```
//! use stellwerk_runtime::app::{App, Handlers};
//! use stellwerk_runtime::extract::{Query, State};
//! use stellwerk_runtime::routing::{Map, Rule};
//! use stellwerk_runtime::test::Client;
//!
//! #[derive(serde::Deserialize)]
//! struct Search { q: String, page: Option<u32> }
//!
//! async fn search(State(site): State<&'static str>, Query(s): Query<Search>) -> String {
//!     format!("{site}: {} (page {})", s.q, s.page.unwrap_or(1))
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let map = Map::builder().rule(Rule::new("/search").endpoint("search")).build().unwrap();
//! let app = App::new()
//!     .state("docs")
//!     .mount_map("/", map, Handlers::new().on("search", search))
//!     .build()
//!     .unwrap();
//! let client = Client::new(app);
//! assert_eq!(client.get("/search?q=rust").send().await.text(), "docs: rust (page 1)");
//! let bad = client.get("/search?q=rust&page=x").send().await;
//! assert_eq!(bad.status(), 400);
//! assert!(bad.text().contains("page"));
//! # });
//! ```

mod cookies;
mod form;
mod path;
mod query;
mod serde_multidict;
mod state;
mod url_for;

#[cfg(feature = "multipart")]
mod multipart;

use std::future::Future;

use http::request::Parts;
use http::{HeaderMap, Method, Uri, Version};

pub use crate::app::RequestContext;
use crate::exceptions::HttpError;
use crate::wrappers::Request;

pub use cookies::Cookies;
pub use form::Form;
#[cfg(feature = "multipart")]
pub use multipart::Multipart;
pub use path::PathValues;
pub use query::Query;
pub use serde_multidict::{FieldError, from_multidict};
pub use state::State;
pub use url_for::UrlFor;

// Extractors live in handler futures, which may hold borrows of them across awaits; the
// futures must be `Send`, so the extractors must be `Sync` too.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RequestContext>();
    assert_send_sync::<Cookies>();
    assert_send_sync::<PathValues>();
    assert_send_sync::<UrlFor>();
    assert_send_sync::<Form<()>>();
    assert_send_sync::<Query<()>>();
    assert_send_sync::<State<()>>();
    #[cfg(feature = "multipart")]
    assert_send_sync::<Multipart>();
};

/// The JSON body extractor: the same type as the JSON response
/// ([`wrappers::response::Json`](crate::wrappers::response::Json)), so a handler can take
/// `Json<In>` and return `Json<Out>`.
///
/// As an extractor it answers 415 unless the content type is `application/json` or
/// `application/*+json`, 413 above `max_content_length`, and 400 naming serde's error when
/// the body is not valid JSON for `T`.
#[cfg(feature = "json")]
pub use crate::wrappers::response::Json;

/// Types a handler can take from the request's head, the matched values and the
/// application, without touching the body.
///
/// Implement it for your own types (an authenticated user, a database connection from
/// [`State`]); an `async fn` in the impl is fine:
///
/// ```
/// use stellwerk_runtime::exceptions::HttpError;
/// use stellwerk_runtime::extract::{FromRequestParts, RequestContext};
///
/// struct ApiKey(String);
///
/// impl FromRequestParts for ApiKey {
///     async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
///         match cx.request().header_str("x-api-key") {
///             Some(key) => Ok(ApiKey(key.to_owned())),
///             None => Err(HttpError::unauthorized(&[]).with_description("An X-Api-Key header is required.")),
///         }
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an extractor that reads the request head",
    label = "not an extractor",
    note = "extractors that read the body (`Form<T>`, `Json<T>`, `Request`, `Multipart`) must be the handler's last argument",
    note = "a type becomes an extractor by implementing `FromRequestParts` (head only) or `FromRequest` (may read the body)"
)]
pub trait FromRequestParts: Sized + Send {
    /// Makes the value, or says (with an [`HttpError`]) why the request does not provide it.
    fn from_request_parts(
        cx: &mut RequestContext,
    ) -> impl Future<Output = Result<Self, HttpError>> + Send;
}

/// Marker for [`FromRequest`] implementations that read the body.
#[derive(Debug, Clone, Copy)]
pub enum ViaRequest {}

/// Marker for the [`FromRequest`] implementation every [`FromRequestParts`] type has.
#[derive(Debug, Clone, Copy)]
pub enum ViaParts {}

/// Types a handler can take as its last argument: they may consume the body.
///
/// The marker `M` only keeps the blanket implementation for [`FromRequestParts`] types
/// apart from body extractors; implement `FromRequest` (that is,
/// `FromRequest<ViaRequest>`) for your own body types.
///
/// ```
/// use stellwerk_runtime::exceptions::HttpError;
/// use stellwerk_runtime::extract::{FromRequest, RequestContext};
///
/// struct Upper(String);
///
/// impl FromRequest for Upper {
///     async fn from_request(mut cx: RequestContext) -> Result<Self, HttpError> {
///         Ok(Upper(cx.request_mut().text().await?.to_uppercase()))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an extractor",
    label = "not an extractor",
    note = "handler arguments are rule variables (by name) or extractors: `Request`, `State<T>`, `Query<T>`, `Form<T>`, `Json<T>`, `Cookies`, `PathValues`, `UrlFor`, `http::Method`, `http::HeaderMap`, `http::Uri`, `Option<E>`, `Result<E, HttpError>`",
    note = "a type becomes an extractor by implementing `FromRequestParts` (head only) or `FromRequest` (may read the body)"
)]
pub trait FromRequest<M = ViaRequest>: Sized + Send {
    /// Makes the value from the whole request context.
    fn from_request(cx: RequestContext) -> impl Future<Output = Result<Self, HttpError>> + Send;
}

impl<T: FromRequestParts> FromRequest<ViaParts> for T {
    async fn from_request(mut cx: RequestContext) -> Result<Self, HttpError> {
        T::from_request_parts(&mut cx).await
    }
}

impl FromRequest for Request {
    async fn from_request(cx: RequestContext) -> Result<Self, HttpError> {
        Ok(cx.into_request())
    }
}

impl FromRequest for RequestContext {
    async fn from_request(cx: RequestContext) -> Result<Self, HttpError> {
        Ok(cx)
    }
}

impl FromRequestParts for Method {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        Ok(cx.request().method().clone())
    }
}

impl FromRequestParts for HeaderMap {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        Ok(cx.request().headers().clone())
    }
}

impl FromRequestParts for Uri {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        Ok(cx.request().uri().clone())
    }
}

impl FromRequestParts for Version {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        Ok(cx.request().version())
    }
}

/// A copy of the request head (method, URI, version, headers, extensions); the body stays
/// with the request.
impl FromRequestParts for Parts {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        let request = cx.request();
        let mut head = http::Request::new(());
        *head.method_mut() = request.method().clone();
        *head.uri_mut() = request.uri().clone();
        *head.version_mut() = request.version();
        *head.headers_mut() = request.headers().clone();
        *head.extensions_mut() = request.extensions().clone();
        Ok(head.into_parts().0)
    }
}

impl<T: FromRequestParts> FromRequestParts for Option<T> {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        Ok(T::from_request_parts(cx).await.ok())
    }
}

impl<T: FromRequestParts> FromRequestParts for Result<T, HttpError> {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        Ok(T::from_request_parts(cx).await)
    }
}

impl<T: FromRequest<ViaRequest>> FromRequest<ViaRequest> for Option<T> {
    async fn from_request(cx: RequestContext) -> Result<Self, HttpError> {
        Ok(T::from_request(cx).await.ok())
    }
}

impl<T: FromRequest<ViaRequest>> FromRequest<ViaRequest> for Result<T, HttpError> {
    async fn from_request(cx: RequestContext) -> Result<Self, HttpError> {
        Ok(T::from_request(cx).await)
    }
}

#[cfg(feature = "json")]
impl<T: serde::de::DeserializeOwned + Send> FromRequest for Json<T> {
    async fn from_request(mut cx: RequestContext) -> Result<Self, HttpError> {
        cx.request_mut().json().await.map(Json)
    }
}
