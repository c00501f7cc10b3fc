//! Reads only the handler's signature; the body stays an opaque token group, re-emitted
//! untouched (it is never parsed, so a syntax error in it is the compiler's to report).

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, FnArg, Ident, Pat, Signature, Type, Visibility};

/// A handler function's signature.
pub struct Handler {
    /// Outer attributes (doc comments, other attributes).
    pub attrs: Vec<Attribute>,
    /// Its visibility.
    pub vis: Visibility,
    /// `fn`/`async fn`, name, generics, inputs, output.
    pub sig: Signature,
}

impl Parse for Handler {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let sig: Signature = input.parse()?;
        // The body: one brace group, kept as tokens.
        let body: TokenTree = input.parse()?;
        match &body {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {}
            other => {
                return Err(syn::Error::new(
                    other.span(),
                    "expected the function body `{ ... }`",
                ));
            }
        }
        let _rest: TokenStream = input.parse()?;
        Ok(Handler { attrs, vis, sig })
    }
}

/// One handler argument.
pub struct Argument {
    /// Its name (raw prefix removed for comparisons by [`Argument::name`]).
    pub ident: Ident,
    /// Its type as written.
    pub ty: Type,
}

impl Argument {
    /// The name as a rule would write it.
    pub fn name(&self) -> String {
        syn::ext::IdentExt::unraw(&self.ident).to_string()
    }
}

/// The named arguments; errors for `self` and for patterns that are not plain names.
///
/// Destructuring an extractor (`State(db): State<Db>`, `Query(q): Query<Q>`, `_: Method`)
/// is allowed: such an argument gets a generated name that no rule variable can have, so it
/// is always an extractor, and the handler itself destructures the value it is passed.
pub fn arguments(sig: &Signature) -> (Vec<Argument>, Vec<syn::Error>) {
    let mut args = Vec::new();
    let mut errors = Vec::new();
    for (index, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(r) => errors.push(syn::Error::new_spanned(
                r,
                "a route handler is a free function; it cannot take `self`\n  help: move the handler out of the `impl` block",
            )),
            FnArg::Typed(pt) => match &*pt.pat {
                Pat::Ident(pi) if pi.subpat.is_none() && pi.by_ref.is_none() => args.push(Argument {
                    ident: pi.ident.clone(),
                    ty: (*pt.ty).clone(),
                }),
                Pat::TupleStruct(_) | Pat::Struct(_) | Pat::Wild(_) => args.push(Argument {
                    ident: Ident::new(&format!("__stellwerk_arg{index}"), syn::spanned::Spanned::span(&pt.pat)),
                    ty: (*pt.ty).clone(),
                }),
                other => errors.push(syn::Error::new_spanned(
                    other,
                    "handler arguments must be plain names: a rule variable binds to the argument of the same name\n  help: write `name: Type` (use `_name` for an unused extractor)",
                )),
            },
        }
    }
    (args, errors)
}
