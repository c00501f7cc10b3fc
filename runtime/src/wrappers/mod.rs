//! Request and response wrappers over the `http` crate's types.

pub mod request;
pub mod response;

pub use request::{RemoteAddr, Request, RequestConfig};
