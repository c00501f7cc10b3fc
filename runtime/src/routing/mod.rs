//! URL routing: Werkzeug's rule language, converters and matching semantics, with the
//! departures listed in DESIGN.md.
//!
//! * [`rule`]: the rule grammar, the single parser shared with the macros;
//! * [`converter`]: the [`Converter`](converter::Converter) trait and the built-ins;
//! * [`matcher`]: the segment state machine (built once, then only read);
//! * [`map`]: [`Map`], its builder and the per-request [`MapAdapter`];
//! * [`build`]: URL building;
//! * [`error`]: every error the router reports.

pub mod build;
pub mod converter;
pub mod error;
pub mod map;
pub mod matcher;
pub mod rule;
