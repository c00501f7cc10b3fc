//! The interface between a route attribute and `routes![]` / `url_for!`.
//!
//! # Hidden items per route
//!
//! `#[get("/users/<int:id>")] fn show_user(id: u32, m: Method) -> R { .. }` expands to the
//! function, unchanged, plus:
//!
//! * a `#[doc(hidden)]` module with the **same name** as the function (`show_user`, type
//!   namespace, so `use m::show_user` imports both), with the function's visibility, holding:
//!   * `META: ::stellwerk::__private::RouteInfo`: rule, endpoint, handler name, methods,
//!     every option, the variables (name, converter, arguments, part), the custom converters
//!     (name and a constructor of the runtime converter, so `META.add_to(Map::builder())`
//!     gives a working `Map`) and the source location of the attribute;
//!   * `Args`: a struct with one public field per rule variable (named like it, in rule
//!     order: subdomain/host variables first), typed with the handler's parameter type
//!     (`&str` and `Cow<str>` become `String`), then one field per argument named like a
//!     `defaults(...)` key (filled from the default), and
//!     `Args::from_values(&[Value]) -> Option<Args>` (values in `META.variables` order;
//!     `None` = the route does not match: a range check, a `FromStr` failure or a custom
//!     converter's rejection);
//!   * `url(<variables in rule order, handler types>) -> Result<String, BuildError>` and
//!     `url_with_query(<same>, query: &[(&str, Value)])`;
//!   * `call(args: Args, <the other arguments, in the handler's order and types>)`: calls
//!     the handler (awaiting it for an `async fn`; not emitted for `unsafe`/`const` ones),
//!     passing `&args.x` to `&str` arguments and `Cow::Borrowed(..)` to `Cow<str>` ones;
//!   * `__route!`: the `macro_rules!` callback described below;
//! * in the function's own scope, the items that need the user's types in scope
//!   (`__stellwerk_args_<fn>`, `__stellwerk_url_<fn>`, `__stellwerk_url_with_query_<fn>`,
//!   `__stellwerk_call_<fn>`, `__stellwerk_converter_<fn>_<var>` aliases of custom converter
//!   types, `__stellwerk_make_converter_<fn>_<var>` and the handler adapter
//!   `__stellwerk_handle_<fn>` (see `adapter.rs`: path values by name, the other arguments
//!   by extractor, the output through `IntoResponse`), whose function pointer `META.adapter`
//!   carries to the application); the module re-exports them, so generated code
//!   refers to `m::b::Args` by path and types never travel through macros.
//!
//! `__route!` is a `#[macro_export]`ed `macro_rules!` with a hashed name
//! (`__stellwerk_route_<fn>_<hash>`, hashed from the function name, the rule and the name's
//! span, which is unique in the crate) re-exported as `pub use <hashed> as __route;` inside
//! the module. That makes `<path to handler>::__route!` resolve by path, across modules and
//! across crates, on stable Rust. What was tried (Rust 1.95):
//!
//! * `pub use <hashed> as __route;` (a relative path: the macro is in textual scope right
//!   above): works, also from other crates. This is what is emitted.
//! * `pub use crate::<hashed> as __route;`: rejected by the deny-by-default lint
//!   `macro_expanded_macro_exports_accessed_by_absolute_paths` (rust-lang/rust#52234, to
//!   become a hard error): a macro-expanded `#[macro_export]` macro cannot be named by an
//!   absolute path in its own crate.
//! * `macro_rules! __route { .. } pub(crate) use __route;` (no `#[macro_export]`): works,
//!   but only inside the crate (a non-exported macro cannot be `pub use`d).
//!
//! Handlers must be module items: the hidden module's `use super::..` cannot see items
//! declared inside a function body.
//!
//! # The callback protocol
//!
//! `routes![a, m::b]` expands to
//!
//! ```text
//! a::__route! { @stellwerk_collect [ (m::b) ] [ ] (a) }
//! ```
//!
//! The first bracket holds the handlers still to visit (each parenthesised), the second the
//! entries collected so far, the last group the path of the handler being visited as the
//! user wrote it. Each `__route!` appends its entry
//!
//! ```text
//! { handler: (<its path>) rule: "<the attribute's string literal, original span>"
//!   meta: { endpoint = "..", methods = [..], defaults(k = v, ..), host = "..", .. } }
//! ```
//!
//! (the `meta` block is the attribute's option syntax; `endpoint` is always present,
//! `methods` whenever the route restricts them) and calls the next handler's `__route!` the
//! same way; the last one calls
//!
//! ```text
//! ::stellwerk::__private::routes_impl! { [ <all entries> ] }
//! ```
//!
//! [`parse_entries`] reads that input back. `url_for!(m::b, id = 5)` uses the same callback:
//! `m::b::__route! { @stellwerk_url (m::b) [ id = 5 ] }` becomes
//! `::stellwerk::__private::url_for_impl! { (m::b) vars: [ id ] rule: "<lit>" [ id = 5 ] }`.
//!
//! A route whose attribute has errors still emits the module with a `__route!` that skips
//! it in the chain (so `routes![]` reports nothing more) and makes `url_for!` a `!`-typed
//! expression.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitStr, Token};

use crate::diag::Errors;
use crate::options::{RouteOptions, parse_option_tokens};
use crate::rule_check::{self, VarSpec};

/// One collected route, as `routes_impl!` receives it.
// The route group (`routes_impl`) reads every field; the interim `routes_impl` only the path.
#[allow(dead_code)]
#[derive(Clone, Debug)]
pub struct RouteEntry {
    /// The handler path as the user wrote it in `routes![]`.
    pub handler: syn::Path,
    /// The rule literal with its original span.
    pub rule: LitStr,
    /// The endpoint (the function name unless `endpoint = "..."`).
    pub endpoint: LitStr,
    /// Every option (methods, defaults, flags, host, subdomain, redirect_to).
    pub options: RouteOptions,
    /// The variables with their converters, in `META.variables` order.
    pub vars: Vec<VarSpec>,
}

/// The entry tokens a route appends to the accumulator.
pub fn entry_tokens(
    me: &TokenStream,
    rule: &LitStr,
    endpoint: &LitStr,
    opts: &RouteOptions,
) -> TokenStream {
    let meta = opts.to_meta_tokens(endpoint);
    quote!({ handler: (#me) rule: #rule meta: { #meta } })
}

/// Parses the input of `routes_impl!`: `[ { handler: (..) rule: ".." meta: { .. } } ... ]`
/// (the surrounding brackets may be omitted).
pub fn parse_entries(input: TokenStream) -> syn::Result<Vec<RouteEntry>> {
    let mut iter = input.clone().into_iter();
    let inner = match (iter.next(), iter.next()) {
        (Some(TokenTree::Group(g)), None) if g.delimiter() == Delimiter::Bracket => g.stream(),
        _ => input,
    };
    let parser = |stream: ParseStream<'_>| {
        let mut entries = Vec::new();
        while !stream.is_empty() {
            let content;
            syn::braced!(content in stream);
            entries.push(parse_entry(&content)?);
        }
        Ok(entries)
    };
    parser.parse2(inner)
}

fn keyword(input: ParseStream<'_>, name: &str) -> syn::Result<()> {
    let ident: Ident = input.parse()?;
    if ident != name {
        return Err(syn::Error::new(ident.span(), format!("expected `{name}:`")));
    }
    input.parse::<Token![:]>()?;
    Ok(())
}

fn parse_entry(input: ParseStream<'_>) -> syn::Result<RouteEntry> {
    keyword(input, "handler")?;
    let content;
    syn::parenthesized!(content in input);
    let handler: syn::Path = content.parse()?;
    keyword(input, "rule")?;
    let rule: LitStr = input.parse()?;
    keyword(input, "meta")?;
    let content;
    syn::braced!(content in input);
    let options = parse_option_tokens(content.parse()?)?;
    let endpoint = options
        .endpoint
        .clone()
        .ok_or_else(|| syn::Error::new(rule.span(), "route entry without an endpoint"))?;
    let mut errors = Errors::default();
    let checked = rule_check::check(&rule, &options, &mut errors);
    errors.finish()?;
    Ok(RouteEntry {
        handler,
        rule,
        endpoint,
        options,
        vars: checked.vars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_check::{ConverterSpec, Part};

    #[test]
    fn entries_round_trip_through_their_tokens() {
        let rule: LitStr = syn::parse_quote!("/u/<int(min=1):id>/<Color:c>");
        let endpoint: LitStr = syn::parse_quote!("user");
        let opts = parse_option_tokens(quote!(
            methods = ["GET", "post"],
            defaults(page = 1, x = -2.5),
            subdomain = "<lang>",
            strict_slashes = false,
            websocket = false
        ))
        .unwrap();
        let e1 = entry_tokens(&quote!(m::show_user), &rule, &endpoint, &opts);
        let e2 = entry_tokens(
            &quote!(other),
            &syn::parse_quote!("/"),
            &syn::parse_quote!("other"),
            &RouteOptions::default(),
        );
        let entries = parse_entries(quote!([#e1 #e2])).unwrap();
        assert_eq!(entries.len(), 2);
        let e = &entries[0];
        let handler = &e.handler;
        assert_eq!(
            quote!(#handler).to_string(),
            quote!(m::show_user).to_string()
        );
        assert_eq!(e.endpoint.value(), "user");
        let methods: Vec<&str> = e
            .options
            .methods
            .as_ref()
            .unwrap()
            .iter()
            .map(|(m, _)| m.as_str())
            .collect();
        assert_eq!(methods, ["GET", "POST"]);
        assert_eq!(e.options.defaults.len(), 2);
        assert_eq!(
            e.options.strict_slashes.as_ref().map(|b| b.value),
            Some(false)
        );
        let vars: Vec<(&str, Part, &str)> = e
            .vars
            .iter()
            .map(|v| (v.name.as_str(), v.part, v.converter.name()))
            .collect();
        assert_eq!(
            vars,
            [
                ("lang", Part::Subdomain, "default"),
                ("id", Part::Path, "int"),
                ("c", Part::Path, "Color")
            ]
        );
        assert!(matches!(e.vars[2].converter, ConverterSpec::Custom { .. }));
        assert_eq!(e.vars[1].converter.args(), "min=1");
        assert!(entries[1].options.methods.is_none());
    }

    #[test]
    fn malformed_entries_are_errors() {
        for input in [
            quote!([{ handler: (a) }]),
            quote!([{ handler: (a) rule: "/" meta: { } }]),
            quote!([{ handler: (a) rule: "/<nope:x>" meta: { endpoint = "a" } }]),
        ] {
            assert!(parse_entries(input.clone()).is_err(), "{input}");
        }
    }
}
