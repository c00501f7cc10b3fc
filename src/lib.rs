//! stellwerk: Werkzeug's ideas for Rust web apps, with a routing DSL checked by the compiler.
//!
//! This facade re-exports the runtime (`stellwerk-runtime`) and the macros
//! (`stellwerk-macros`). See the README for a tour.
#![forbid(unsafe_code)]

pub use stellwerk_runtime::*;

/// Items generated code refers to. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use stellwerk_macros::routes_impl;
    pub use stellwerk_runtime::routing::group;
}
