//! The runtime half of [stellwerk](https://docs.rs/stellwerk).
//!
//! With default features off this crate is only the routing core: the rule grammar
//! ([`routing::rule`]), converters ([`routing::converter`]), the segment state machine
//! ([`routing::matcher`]) and the interpreted [`routing::Map`]. `stellwerk-macros` links
//! exactly that core at build time, so a rule means the same thing to the compiler and to
//! the running program.
//!
//! The `web` feature (on by default) adds Werkzeug's other half on top of the `http`
//! crate: request and response wrappers, [`HttpError`](exceptions::HttpError), the header
//! toolkit, form parsing, files and security helpers.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod routing;
pub mod urls;

#[cfg(feature = "web")]
pub mod app;
#[cfg(feature = "web")]
pub mod body;

#[cfg(feature = "web")]
pub mod datastructures;
#[cfg(feature = "web")]
pub mod exceptions;
#[cfg(feature = "web")]
pub mod extract;
#[cfg(feature = "web")]
pub mod files;
#[cfg(feature = "web")]
pub mod form;
#[cfg(feature = "web")]
pub mod headers;
#[cfg(feature = "web")]
pub mod security;
#[cfg(feature = "server")]
pub mod serve;
#[cfg(feature = "web")]
pub mod test;
#[cfg(feature = "web")]
pub mod wrappers;
