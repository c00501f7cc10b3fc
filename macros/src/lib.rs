//! Procedural macros of [stellwerk](https://docs.rs/stellwerk): route attributes,
//! `routes![]` and typed URL builders. Use them through the `stellwerk` crate.
