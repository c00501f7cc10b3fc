//! The entries `routes_impl!` receives:
//! `[ { handler: (path) rule: "literal" meta: { key: value, ... } } ... ]`.
//!
//! Known meta keys: `methods: [GET, "POST"]`, `strict_slashes: bool`,
//! `merge_slashes: bool`, `subdomain: "..."`, `websocket: bool`, `endpoint: "..."`,
//! `host: "..."`, `build_only: bool`, `alias: bool`, `redirect_to: <any token>`,
//! `defaults: { ... }` / `defaults: [ ... ]` (only whether it is empty matters here),
//! `infallible: bool` (the handler's `Args::from_values` accepts every value its
//! converters produce). Unknown keys are skipped, so the attribute macros can add options.

use std::borrow::Cow;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use stellwerk_runtime::routing::group::RouteSpec;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitBool, LitStr, Token, braced, bracketed, parenthesized};

/// One route as `routes_impl!` sees it.
#[derive(Clone)]
pub struct GroupEntry {
    /// The handler path as written in `routes![]` (its hidden module holds `Args`);
    /// `None` when the entry carries no handler (then no `Args` check is emitted).
    pub handler: Option<syn::Path>,
    /// The rule literal, with its original span.
    pub rule: LitStr,
    /// What the matcher needs.
    pub spec: RouteSpec,
    /// The handler accepts every value its converters produce.
    pub infallible: bool,
    /// The route has defaults (its endpoint's matches may redirect to a rule providing
    /// them).
    pub has_defaults: bool,
    /// An alias route.
    pub alias: bool,
}

/// Parses the bracketed entry list.
pub fn parse(input: TokenStream) -> syn::Result<Vec<GroupEntry>> {
    (|input: ParseStream| {
        let content;
        bracketed!(content in input);
        let mut entries = Vec::new();
        while !content.is_empty() {
            let entry;
            braced!(entry in content);
            entries.push(parse_entry(&entry)?);
            let _ = content.parse::<Option<Token![,]>>()?;
        }
        Ok(entries)
    })
    .parse2(input)
}

fn key(input: ParseStream, expected: &str) -> syn::Result<()> {
    let k: Ident = input.parse()?;
    if k != expected {
        return Err(syn::Error::new(k.span(), format!("expected `{expected}`")));
    }
    input.parse::<Token![:]>()?;
    Ok(())
}

fn parse_entry(input: ParseStream) -> syn::Result<GroupEntry> {
    key(input, "handler")?;
    let inner;
    parenthesized!(inner in input);
    // `()`: no handler (a bare matcher, used by benchmarks); no `Args` check then.
    let handler: Option<syn::Path> = if inner.is_empty() {
        None
    } else {
        Some(inner.parse()?)
    };
    key(input, "rule")?;
    let rule: LitStr = input.parse()?;
    let mut endpoint = handler.to_token_stream().to_string().replace(' ', "");
    let mut spec = RouteSpec {
        rule: Cow::Owned(rule.value()),
        ..RouteSpec::new("", "")
    };
    let mut infallible = false;
    let mut has_defaults = false;
    let mut alias = false;
    if !input.is_empty() {
        key(input, "meta")?;
        let meta;
        braced!(meta in input);
        while !meta.is_empty() {
            let k: Ident = meta.parse()?;
            meta.parse::<Token![:]>()?;
            match k.to_string().as_str() {
                "methods" => {
                    let list;
                    bracketed!(list in meta);
                    let mut names = Vec::new();
                    while !list.is_empty() {
                        let name = if list.peek(LitStr) {
                            list.parse::<LitStr>()?.value()
                        } else {
                            list.parse::<Ident>()?.to_string()
                        };
                        names.push(Cow::Owned(name.to_ascii_uppercase()));
                        let _ = list.parse::<Option<Token![,]>>()?;
                    }
                    spec.methods = Some(Cow::Owned(names));
                }
                "strict_slashes" => spec.strict_slashes = Some(meta.parse::<LitBool>()?.value),
                "merge_slashes" => spec.merge_slashes = Some(meta.parse::<LitBool>()?.value),
                "websocket" => spec.websocket = meta.parse::<LitBool>()?.value,
                "infallible" => infallible = meta.parse::<LitBool>()?.value,
                "subdomain" => spec.subdomain = Some(Cow::Owned(meta.parse::<LitStr>()?.value())),
                "host" => spec.host = Some(Cow::Owned(meta.parse::<LitStr>()?.value())),
                "build_only" => spec.build_only = meta.parse::<LitBool>()?.value,
                "alias" => alias = meta.parse::<LitBool>()?.value,
                "redirect_to" => {
                    meta.parse::<TokenTree>()?;
                    spec.interpret = true;
                }
                "defaults" => {
                    let group: proc_macro2::Group = meta.parse()?;
                    has_defaults = !group.stream().is_empty();
                }
                "endpoint" => endpoint = meta.parse::<LitStr>()?.value(),
                _ => {
                    // An option the matcher does not need: skip its value.
                    meta.parse::<TokenTree>()?;
                }
            }
            let _ = meta.parse::<Option<Token![,]>>()?;
        }
    }
    spec.endpoint = Cow::Owned(endpoint);
    Ok(GroupEntry {
        handler,
        rule,
        spec,
        infallible,
        has_defaults,
        alias,
    })
}
