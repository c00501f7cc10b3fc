//! stellwerk: Werkzeug's ideas for Rust web apps, with a routing DSL checked by the compiler.
//!
//! This facade re-exports the runtime (`stellwerk-runtime`) and the macros
//! (`stellwerk-macros`). See the README for a tour.
#![forbid(unsafe_code)]

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
