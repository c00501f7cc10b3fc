//! Items the generated matchers name (through `::stellwerk::__private::group::codegen`).
//! Not a stable API.

pub use std::borrow::Cow;
pub use std::sync::OnceLock;

pub use crate::routing::converter::{
    AnyConverter, Builtin, FloatConverter, IntConverter, PathConverter, StringConverter,
    UuidConverter,
};
pub use crate::routing::factory::Rule;
pub use crate::routing::macro_support::RouteInfo;
pub use crate::routing::matcher::{ConverterRef, DynamicPart, PartSpec, Piece};
pub use crate::routing::value::Value;

/// Builds a multi-converter part for a generated matcher (once, in a `OnceLock`). The macro
/// compiled the same pieces with the same function at build time, so this cannot fail; the
/// panic names the part if the runtime and the macros ever disagree.
pub fn dynamic_part(pieces: Vec<Piece>, is_final: bool, suffixed: bool) -> DynamicPart {
    match PartSpec::dynamic(pieces, is_final, suffixed) {
        Ok(PartSpec::Dynamic(part)) => part,
        Ok(PartSpec::Static(_)) => unreachable!("PartSpec::dynamic returns a dynamic part"),
        Err(e) => panic!("stellwerk: a part compiled at build time failed at run time: {e}"),
    }
}
