//! Request and response wrappers over the `http` crate's types.

pub mod response;
