//! The entries `routes_impl!` receives:
//! `[ { handler: (path) rule: "literal" meta: { key = value, ... } } ... ]` (the route
//! attributes' option syntax: `key = value` or `key(...)`; `key: value` is accepted too).
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

/// Reads the entries the route attributes emit (with the attributes' own parser,
/// [`crate::meta::parse_entries`]); entries in the extended form this module also accepts
/// (handler-less `()` entries, `key: value` options, `infallible`) are read by
/// [`parse`].
pub fn parse_any(input: TokenStream) -> syn::Result<Vec<GroupEntry>> {
    match crate::meta::parse_entries(input.clone()) {
        Ok(entries) => Ok(entries.into_iter().map(from_route_entry).collect()),
        Err(attr_error) => parse(input).map_err(|_| attr_error),
    }
}

fn from_route_entry(e: crate::meta::RouteEntry) -> GroupEntry {
    let o = &e.options;
    let flag = |b: &Option<LitBool>| b.as_ref().is_some_and(|b| b.value);
    let spec = RouteSpec {
        rule: Cow::Owned(e.rule.value()),
        endpoint: Cow::Owned(e.endpoint.value()),
        methods: o
            .methods
            .as_ref()
            .map(|ms| Cow::Owned(ms.iter().map(|(m, _)| Cow::Owned(m.clone())).collect())),
        strict_slashes: o.strict_slashes.as_ref().map(|b| b.value),
        merge_slashes: o.merge_slashes.as_ref().map(|b| b.value),
        subdomain: o.subdomain.as_ref().map(|s| Cow::Owned(s.value())),
        host: o.host.as_ref().map(|s| Cow::Owned(s.value())),
        websocket: flag(&o.websocket),
        build_only: flag(&o.build_only),
        interpret: o.redirect_to.is_some(),
        full_rule: None,
    };
    GroupEntry {
        handler: Some(e.handler),
        // Whether the handler's types accept every value is not part of the entry: the
        // conservative answer.
        infallible: false,
        has_defaults: !o.defaults.is_empty(),
        alias: flag(&o.alias),
        rule: e.rule,
        spec,
    }
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
            // `key = value`, `key: value` or `key(...)` (the attributes' `defaults(...)`).
            let value: TokenTree = if meta.peek(syn::token::Paren) {
                meta.parse()?
            } else {
                if meta.peek(Token![=]) {
                    meta.parse::<Token![=]>()?;
                } else {
                    meta.parse::<Token![:]>()?;
                }
                meta.parse()?
            };
            let lit_bool =
                |v: &TokenTree| syn::parse2::<LitBool>(v.to_token_stream()).map(|b| b.value);
            let lit_str =
                |v: &TokenTree| syn::parse2::<LitStr>(v.to_token_stream()).map(|s| s.value());
            match k.to_string().as_str() {
                "methods" => {
                    let TokenTree::Group(list) = &value else {
                        return Err(syn::Error::new(k.span(), "expected `methods = [..]`"));
                    };
                    let mut names = Vec::new();
                    for item in list.stream() {
                        match item {
                            TokenTree::Ident(i) => names.push(i.to_string()),
                            TokenTree::Literal(_) => names.push(lit_str(&item)?),
                            _ => {}
                        }
                    }
                    spec.methods = Some(Cow::Owned(
                        names
                            .into_iter()
                            .map(|n| Cow::Owned(n.to_ascii_uppercase()))
                            .collect(),
                    ));
                }
                "strict_slashes" => spec.strict_slashes = Some(lit_bool(&value)?),
                "merge_slashes" => spec.merge_slashes = Some(lit_bool(&value)?),
                "websocket" => spec.websocket = lit_bool(&value)?,
                "infallible" => infallible = lit_bool(&value)?,
                "subdomain" => spec.subdomain = Some(Cow::Owned(lit_str(&value)?)),
                "host" => spec.host = Some(Cow::Owned(lit_str(&value)?)),
                "build_only" => spec.build_only = lit_bool(&value)?,
                "alias" => alias = lit_bool(&value)?,
                "redirect_to" => spec.interpret = true,
                "defaults" => {
                    has_defaults = matches!(&value, TokenTree::Group(g) if !g.stream().is_empty());
                }
                "endpoint" => endpoint = lit_str(&value)?,
                // An option the matcher does not need.
                _ => {}
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
