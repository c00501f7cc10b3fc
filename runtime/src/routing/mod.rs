//! URL routing: Werkzeug's rule language, converters and matching semantics, with the
//! departures listed in DESIGN.md.
//!
//! * [`rule`]: the rule grammar, the single parser shared with the macros;
//! * [`converter`]: the [`Converter`] trait and the built-ins;
//! * [`matcher`]: the segment state machine (built once, then only read);
//! * [`map`]: [`Map`], its builder and the per-request [`MapAdapter`];
//! * [`build`]: URL building;
//! * [`error`]: every error the router reports;
//! * [`quote`]: percent-encoding rules shared by building and redirects.

mod adapter;
pub mod build;
pub mod converter;
pub mod error;
mod factory;
pub mod group;
pub mod idna;
pub mod macro_support;
pub mod map;
pub mod matcher;
pub mod quote;
mod reuse;
pub mod rule;
mod text;
mod value;

pub use build::BuildOptions;
pub use converter::{Converter, ValidationError};
pub use error::{BuildError, RoutingError, RuleError, RuleErrorKind};
pub use factory::{
    EndpointPrefix, RedirectFn, RedirectTo, Rule, RuleFactory, RuleTemplate, RuleTemplateFactory,
    Subdomain, Submount,
};
pub use idna::BadHost;
pub use map::{Allowed, Map, MapAdapter, MapBuilder, Match, MatchOptions};
pub use reuse::{MatchBuffer, MatchRef};
pub use value::{Value, format_float};

#[cfg(test)]
mod tests;
