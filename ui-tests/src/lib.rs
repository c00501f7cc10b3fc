//! trybuild cases for stellwerk's macros live in `fail/<category>/*.rs` and `pass/*.rs`;
//! `tests/ui.rs` runs them. This library is empty.
