//! `#[route]` and the method shorthands: parse, check, bind, then emit the handler
//! unchanged plus the hidden items described in [`crate::meta`].

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{ParseStream, Parser};
use syn::{LitStr, Token};

use crate::binding::{self, Bound};
use crate::codegen;
use crate::diag::Errors;
use crate::options::RouteOptions;
use crate::rule_check;
use crate::signature::{self, Handler};

/// The attribute names that declare a route (to reject two on one handler).
pub const ROUTE_ATTRS: [&str; 7] = ["route", "get", "post", "put", "patch", "delete", "options"];

/// What the attribute says.
struct Attr {
    rule: LitStr,
    opts: RouteOptions,
}

fn parse_attr(
    attr: TokenStream,
    shorthand: Option<&str>,
    macro_name: &str,
    errors: &mut Errors,
) -> syn::Result<Attr> {
    let example = if shorthand.is_some() {
        format!("#[{macro_name}(\"/users/<int:id>\")]")
    } else {
        format!("#[{macro_name}(\"/users/<int:id>\", methods = [\"GET\"])]")
    };
    if attr.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            format!("missing the rule string\n  help: write {example}"),
        ));
    }
    let parser = |input: ParseStream<'_>| {
        let rule: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("the first argument is the rule string\n  help: write {example}"),
            )
        })?;
        let opts = if input.is_empty() {
            RouteOptions::default()
        } else {
            input.parse::<Token![,]>()?;
            RouteOptions::parse(input, shorthand, errors)?
        };
        Ok(Attr { rule, opts })
    };
    parser.parse2(attr)
}

/// Expands a route attribute. `shorthand` is the method of `#[get]` & co.
pub fn expand(
    attr: TokenStream,
    item: TokenStream,
    shorthand: Option<&str>,
    macro_name: &str,
) -> TokenStream {
    let handler: Handler = match syn::parse2(item.clone()) {
        Ok(h) => h,
        Err(e) => {
            let e = syn::Error::new(
                e.span(),
                format!(
                    "#[{macro_name}] goes on a function: {e}\n  help: write #[{macro_name}(\"/path\")] fn handler() -> ... {{ ... }}"
                ),
            );
            let err = e.to_compile_error();
            return quote!(#item #err);
        }
    };
    let fn_name = handler.sig.ident.clone();
    let mut errors = Errors::default();
    let attr = match parse_attr(attr, shorthand, macro_name, &mut errors) {
        Ok(a) => a,
        Err(e) => {
            errors.push(e);
            return finish_with_errors(&item, &handler, None, errors);
        }
    };
    let Attr { rule, mut opts } = attr;
    if let Some(method) = shorthand {
        opts.methods = Some(vec![(
            method.to_string(),
            LitStr::new(method, Span::call_site()),
        )]);
    }
    for a in &handler.attrs {
        if let Some(last) = a.path().segments.last()
            && ROUTE_ATTRS.iter().any(|n| last.ident == n)
        {
            // The other attribute expands next and emits the hidden module (or its own
            // stub), so emit none here: one mistake, one error.
            let err = syn::Error::new_spanned(
                a,
                "a handler has one route attribute\n  help: to serve another rule, write a second handler that calls this one",
            )
            .to_compile_error();
            return quote!(#item #err);
        }
    }
    if let Some(param) = handler
        .sig
        .generics
        .params
        .iter()
        .find(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
    {
        errors.push(syn::Error::new_spanned(
            param,
            "a route handler cannot have type or const parameters\n  help: use concrete types; the router calls the handler without knowing any",
        ));
    }
    let checked = rule_check::check(&rule, &opts, &mut errors);
    let (args, arg_errors) = signature::arguments(&handler.sig);
    errors.extend(arg_errors);
    let bound: Bound = binding::bind(&fn_name, &checked.vars, &args, &rule, &opts, &mut errors);
    if !errors.is_empty() {
        return finish_with_errors(&item, &handler, Some(&rule), errors);
    }
    let endpoint = opts
        .endpoint
        .clone()
        .unwrap_or_else(|| LitStr::new(&fn_name.to_string(), fn_name.span()));
    let hidden = codegen::hidden_items(&codegen::Route {
        handler: &handler,
        rule: &rule,
        endpoint: &endpoint,
        opts: &opts,
        bound: &bound,
    });
    quote!(#item #hidden)
}

/// The handler unchanged, the errors, and a stub module that keeps `routes![]` and
/// `url_for!` quiet about this route.
fn finish_with_errors(
    item: &TokenStream,
    handler: &Handler,
    rule: Option<&LitStr>,
    errors: Errors,
) -> TokenStream {
    let err = match errors.finish() {
        Err(e) => e.to_compile_error(),
        Ok(()) => TokenStream::new(),
    };
    // A method lives in an `impl` block, where no module can follow it.
    let in_impl = handler.sig.receiver().is_some();
    let stub = (!in_impl).then(|| codegen::stub_module(handler, rule));
    quote!(#item #err #stub)
}

/// The hashed `macro_rules!` name of a route's callback.
pub fn callback_name(fn_name: &syn::Ident, rule: &str) -> syn::Ident {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fn_name.to_string().hash(&mut h);
    rule.hash(&mut h);
    // The span's debug form holds its position in the crate's source map: unique per use.
    format!("{:?}", fn_name.span()).hash(&mut h);
    format_ident!("__stellwerk_route_{}_{:016x}", fn_name, h.finish())
}
