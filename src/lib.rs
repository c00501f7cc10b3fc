//! stellwerk: Werkzeug's ideas for Rust web apps, with a routing DSL checked by the compiler.
//!
//! This facade re-exports the runtime (`stellwerk-runtime`) and the macros
//! (`stellwerk-macros`). See the README for a tour.
//!
//! ```
//! use stellwerk::app::App;
//! use stellwerk::exceptions::HttpError;
//! use stellwerk::extract::{Query, State};
//! use stellwerk::test::Client;
//! use stellwerk::{get, routes};
//!
//! #[derive(serde::Deserialize)]
//! struct Greeting { greeting: Option<String> }
//!
//! #[get("/users/<int(min=1):id>")]
//! async fn show_user(id: u32, State(site): State<&'static str>, Query(q): Query<Greeting>) -> Result<String, HttpError> {
//!     if id > 100 {
//!         return Err(HttpError::not_found().with_description("No such user."));
//!     }
//!     Ok(format!("{}, user {id} of {site}", q.greeting.as_deref().unwrap_or("hello")))
//! }
//!
//! # fn main() {
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let app = App::new().state("docs").mount("/api", routes![show_user]).build().unwrap();
//! assert_eq!(app.url_of(&show_user::META, show_user::url(7)).unwrap(), "/api/users/7");
//! let client = Client::new(app);
//! assert_eq!(client.get("/api/users/7?greeting=hi").send().await.text(), "hi, user 7 of docs");
//! assert_eq!(client.get("/api/users/0").send().await.status(), 404);
//! assert_eq!(client.post("/api/users/7").send().await.header("allow"), Some("GET, HEAD, OPTIONS"));
//! # });
//! # }
//! ```
#![forbid(unsafe_code)]

/// The README's Rust snippets, compiled and run as doctests so the quick tour cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use stellwerk_macros::{delete, get, options, patch, post, put, route, routes, url_for};
pub use stellwerk_runtime::*;

/// What macro-generated code refers to; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use std::borrow::Cow;
    pub use stellwerk_macros::{routes_impl, url_for_impl};
    pub use stellwerk_runtime::routing::converter::{
        AnyConverter, FloatConverter, IntConverter, PathConverter, StringConverter, UuidConverter,
    };
    pub use stellwerk_runtime::routing::group;
    pub use stellwerk_runtime::routing::macro_support::*;
    pub use stellwerk_runtime::routing::{BuildError, Converter, ValidationError, Value};

    // The handler adapters.
    pub use stellwerk_runtime::app::{
        BoxFuture, HandlerPtr, RequestContext, extract_parts, extract_request, route_args,
    };
    pub use stellwerk_runtime::extract::{FromRequest, FromRequestParts};
    pub use stellwerk_runtime::wrappers::response::{IntoResponse, Response};
}
