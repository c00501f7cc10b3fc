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

pub use super::arg::{Arg, trimmed};
pub use super::search::convert_arg;

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

/// Compile-time reachability probes. `routes![]` proves some routes unreachable *if* the
/// earlier route's handler accepts every value its converters produce; whether it does
/// depends on the handler's parameter types, which the macro cannot see. The generated
/// code asks the type checker instead: [`probe`] wraps the type of one `Args` field, the
/// inherent `verdict` of `Probe<String>`, `Probe<i128>`, `Probe<f64>` and
/// `Probe<uuid::Uuid>` (types whose conversion never rejects) answers [`NeverRejects`], and
/// every other type falls back to [`ProbeFallback::verdict`] ([`MayReject`]). [`both`]
/// combines the verdicts of several fields; a generated trait bound then fails to compile,
/// with a message naming both routes, exactly when the combined verdict is
/// [`NeverRejects`].
pub struct Probe<T>(std::marker::PhantomData<T>);

/// The probe of the type a function (a closure reading one `Args` field) returns.
pub fn probe<A, T>(_: fn(A) -> T) -> Probe<T> {
    Probe(std::marker::PhantomData)
}

/// Verdict: this conversion may reject a value (the next route can still match).
pub struct MayReject;

/// Verdict: this conversion accepts every value its converter produces.
pub struct NeverRejects;

/// The fallback verdict for any type without an inherent `verdict`.
pub trait ProbeFallback {
    /// [`MayReject`].
    fn verdict(&self) -> MayReject {
        MayReject
    }
}

impl<T> ProbeFallback for Probe<T> {}

macro_rules! never_rejects {
    ($($t:ty),*) => {$(
        impl Probe<$t> {
            /// [`NeverRejects`].
            pub fn verdict(&self) -> NeverRejects {
                NeverRejects
            }
        }
    )*};
}
never_rejects!(String, i128, f64, uuid::Uuid);

impl MayReject {
    /// False: the handler's `Args::from_values` must be asked.
    #[inline(always)]
    pub const fn always(&self) -> bool {
        false
    }
}

impl NeverRejects {
    /// True: the handler's `Args::from_values` would accept; the generated matcher skips
    /// the call (and its allocations).
    #[inline(always)]
    pub const fn always(&self) -> bool {
        true
    }
}

/// Combines two verdicts: [`NeverRejects`] only if both are.
pub trait Both<B> {
    /// The combined verdict.
    type Out: Default;
}

impl Default for MayReject {
    fn default() -> Self {
        MayReject
    }
}

impl Default for NeverRejects {
    fn default() -> Self {
        NeverRejects
    }
}

impl Both<NeverRejects> for NeverRejects {
    type Out = NeverRejects;
}
impl Both<MayReject> for NeverRejects {
    type Out = MayReject;
}
impl Both<NeverRejects> for MayReject {
    type Out = MayReject;
}
impl Both<MayReject> for MayReject {
    type Out = MayReject;
}

/// The combined verdict of two fields.
pub fn both<A: Both<B>, B>(_: A, _: B) -> A::Out {
    A::Out::default()
}
