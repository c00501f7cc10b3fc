//! The options of a route attribute: `methods = [...]`, `endpoint = "..."`,
//! `defaults(key = value, ...)`, the boolean flags and the host/subdomain/redirect strings.
//!
//! The same parser reads the `meta: { ... }` block of a collected route entry (see
//! [`crate::meta`]), so the options travel through `routes![]` in the syntax the user wrote.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::{ParseStream, Parser};
use syn::{Expr, Ident, Lit, LitBool, LitStr, Token};

use crate::diag::{Errors, did_you_mean};

/// The HTTP methods a route may list.
pub const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
];

/// Every option name, for "did you mean".
pub const OPTION_NAMES: [&str; 11] = [
    "methods",
    "endpoint",
    "defaults",
    "strict_slashes",
    "merge_slashes",
    "host",
    "subdomain",
    "redirect_to",
    "alias",
    "websocket",
    "build_only",
];

/// A default value: a string, integer, float or boolean literal (numbers may be negative).
#[derive(Clone, Debug)]
pub struct DefaultLit {
    /// The literal as written (a `-` prefix included), for re-emission.
    pub tokens: TokenStream,
    /// The parsed value.
    pub value: DefaultKind,
}

/// The value of a [`DefaultLit`].
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultKind {
    /// A string.
    Str(String),
    /// An integer.
    Int(i128),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
}

/// The options of one route, each with the token the user wrote (so spans survive).
#[derive(Clone, Debug, Default)]
pub struct RouteOptions {
    /// `endpoint = "name"`.
    pub endpoint: Option<LitStr>,
    /// `methods = ["GET", ...]` (upper-cased names and their literals), or the shorthand's.
    pub methods: Option<Vec<(String, LitStr)>>,
    /// The span of the whole `methods = [...]` option, if written.
    pub methods_span: Option<Span>,
    /// `defaults(key = value, ...)`.
    pub defaults: Vec<(Ident, DefaultLit)>,
    /// `strict_slashes = bool`.
    pub strict_slashes: Option<LitBool>,
    /// `merge_slashes = bool`.
    pub merge_slashes: Option<LitBool>,
    /// `host = "..."`.
    pub host: Option<LitStr>,
    /// `subdomain = "..."`.
    pub subdomain: Option<LitStr>,
    /// `redirect_to = "..."`.
    pub redirect_to: Option<LitStr>,
    /// `alias = bool`.
    pub alias: Option<LitBool>,
    /// `websocket = bool`.
    pub websocket: Option<LitBool>,
    /// `build_only = bool`.
    pub build_only: Option<LitBool>,
}

fn flag(b: &Option<LitBool>) -> bool {
    b.as_ref().is_some_and(|b| b.value)
}

impl RouteOptions {
    /// `alias = true`?
    pub fn is_alias(&self) -> bool {
        flag(&self.alias)
    }
    /// `websocket = true`?
    pub fn is_websocket(&self) -> bool {
        flag(&self.websocket)
    }
    /// `build_only = true`?
    pub fn is_build_only(&self) -> bool {
        flag(&self.build_only)
    }

    /// Parses `key = value, ...` (after the rule string). `shorthand` is the method of
    /// `#[get]` & co., which forbids `methods = ...`. Errors are collected in `errors`;
    /// parsing goes on after a bad value so every mistake is reported.
    pub fn parse(
        input: ParseStream<'_>,
        shorthand: Option<&str>,
        errors: &mut Errors,
    ) -> syn::Result<RouteOptions> {
        let mut opts = RouteOptions::default();
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            let key: Ident = input.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected an option such as `methods = [\"GET\"]`, `endpoint = \"name\"` or `defaults(key = value)`",
                )
            })?;
            let name = key.to_string();
            if seen.contains(&name) {
                errors.push(syn::Error::new(
                    key.span(),
                    format!("the option `{name}` is given twice\n  help: give each option once"),
                ));
            }
            seen.push(name.clone());
            if name == "defaults" {
                if input.peek(syn::token::Paren) {
                    let content;
                    syn::parenthesized!(content in input);
                    opts.defaults = parse_defaults(&content, errors)?;
                } else {
                    let span = key.span();
                    if input.peek(Token![=]) {
                        input.parse::<Token![=]>()?;
                        input.parse::<Expr>()?;
                    }
                    errors.push(syn::Error::new(
                        span,
                        "`defaults` takes a parenthesised list\n  help: write `defaults(page = 1, lang = \"en\")`",
                    ));
                }
            } else {
                if !OPTION_NAMES.contains(&name.as_str()) {
                    // Skip the value so the next options are still checked.
                    if input.peek(Token![=]) {
                        input.parse::<Token![=]>()?;
                        input.parse::<Expr>()?;
                    } else if input.peek(syn::token::Paren) {
                        let _content;
                        syn::parenthesized!(_content in input);
                    }
                    errors.push(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown route option `{name}`{}\n  help: the options are {}",
                            did_you_mean(&name, OPTION_NAMES.iter().copied())
                                .map(|s| format!("; did you mean `{s}`?"))
                                .unwrap_or_default(),
                            OPTION_NAMES.join(", ")
                        ),
                    ));
                } else {
                    input.parse::<Token![=]>().map_err(|e| {
                        syn::Error::new(e.span(), format!("expected `=` after `{name}`"))
                    })?;
                    let value: Expr = input.parse()?;
                    opts.set(&key, value, shorthand, errors);
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(opts)
    }

    fn set(&mut self, key: &Ident, value: Expr, shorthand: Option<&str>, errors: &mut Errors) {
        let name = key.to_string();
        let lit_str = |value: &Expr, errors: &mut Errors| match value {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(s.clone()),
            other => {
                errors.push(syn::Error::new_spanned(
                    other,
                    format!("`{name}` takes a string literal\n  help: write `{name} = \"...\"`"),
                ));
                None
            }
        };
        let lit_bool = |value: &Expr, errors: &mut Errors| match value {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Bool(b), ..
            }) => Some(b.clone()),
            other => {
                errors.push(syn::Error::new_spanned(
                    other,
                    format!(
                        "`{name}` takes `true` or `false`\n  help: write `{name} = true` or `{name} = false`"
                    ),
                ));
                None
            }
        };
        match name.as_str() {
            "endpoint" => {
                if let Some(s) = lit_str(&value, errors) {
                    if s.value().is_empty() {
                        errors.push(syn::Error::new(
                            s.span(),
                            "the endpoint name cannot be empty\n  help: remove `endpoint` to use the function name",
                        ));
                    }
                    self.endpoint = Some(s);
                }
            }
            "host" => self.host = lit_str(&value, errors),
            "subdomain" => self.subdomain = lit_str(&value, errors),
            "redirect_to" => self.redirect_to = lit_str(&value, errors),
            "strict_slashes" => self.strict_slashes = lit_bool(&value, errors),
            "merge_slashes" => self.merge_slashes = lit_bool(&value, errors),
            "alias" => self.alias = lit_bool(&value, errors),
            "websocket" => self.websocket = lit_bool(&value, errors),
            "build_only" => self.build_only = lit_bool(&value, errors),
            "methods" => {
                if let Some(short) = shorthand {
                    let short = short.to_ascii_lowercase();
                    errors.push(syn::Error::new(
                        key.span(),
                        format!(
                            "`#[{short}]` already sets the method\n  help: use `#[route(\"...\", methods = [...])]` to list several methods"
                        ),
                    ));
                    return;
                }
                self.methods_span = Some(key.span());
                self.methods = parse_methods(&value, errors);
            }
            _ => unreachable!("checked against OPTION_NAMES"),
        }
    }

    /// Re-emits the options in the attribute syntax (the `meta: { ... }` block of a route
    /// entry). The endpoint and methods are always written out.
    pub fn to_meta_tokens(&self, endpoint: &LitStr) -> TokenStream {
        let mut parts: Vec<TokenStream> = vec![quote!(endpoint = #endpoint)];
        if let Some(methods) = &self.methods {
            let lits = methods.iter().map(|(_, l)| l);
            parts.push(quote!(methods = [#(#lits),*]));
        }
        if !self.defaults.is_empty() {
            let items = self.defaults.iter().map(|(k, v)| {
                let t = &v.tokens;
                quote!(#k = #t)
            });
            parts.push(quote!(defaults(#(#items),*)));
        }
        let strings = [
            ("host", &self.host),
            ("subdomain", &self.subdomain),
            ("redirect_to", &self.redirect_to),
        ];
        for (name, v) in strings {
            if let Some(v) = v {
                let k = Ident::new(name, Span::call_site());
                parts.push(quote!(#k = #v));
            }
        }
        let flags = [
            ("strict_slashes", &self.strict_slashes),
            ("merge_slashes", &self.merge_slashes),
            ("alias", &self.alias),
            ("websocket", &self.websocket),
            ("build_only", &self.build_only),
        ];
        for (name, v) in flags {
            if let Some(v) = v {
                let k = Ident::new(name, Span::call_site());
                parts.push(quote!(#k = #v));
            }
        }
        quote!(#(#parts),*)
    }
}

fn parse_methods(value: &Expr, errors: &mut Errors) -> Option<Vec<(String, LitStr)>> {
    let Expr::Array(array) = value else {
        errors.push(syn::Error::new_spanned(
            value,
            "`methods` takes a list of method names\n  help: write `methods = [\"GET\", \"POST\"]`",
        ));
        return None;
    };
    let mut out: Vec<(String, LitStr)> = Vec::new();
    for elem in &array.elems {
        let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) = elem
        else {
            errors.push(syn::Error::new_spanned(
                elem,
                "a method is a string literal\n  help: write `methods = [\"GET\", \"POST\"]`",
            ));
            continue;
        };
        let upper = s.value().to_ascii_uppercase();
        if !METHODS.contains(&upper.as_str()) {
            errors.push(syn::Error::new(
                s.span(),
                format!(
                    "`{}` is not an HTTP method{}\n  help: the methods are {}",
                    s.value(),
                    did_you_mean(&upper, METHODS.iter().copied())
                        .map(|m| format!("; did you mean `{m}`?"))
                        .unwrap_or_default(),
                    METHODS.join(", ")
                ),
            ));
            continue;
        }
        if out.iter().any(|(m, _)| *m == upper) {
            errors.push(syn::Error::new(
                s.span(),
                format!("the method `{upper}` is listed twice\n  help: list each method once"),
            ));
            continue;
        }
        out.push((upper, s.clone()));
    }
    if array.elems.is_empty() {
        errors.push(syn::Error::new_spanned(
            array,
            "an empty method list makes a route that never matches\n  help: list at least one method, or remove `methods` to accept every method",
        ));
    }
    Some(out)
}

fn parse_defaults(
    input: ParseStream<'_>,
    errors: &mut Errors,
) -> syn::Result<Vec<(Ident, DefaultLit)>> {
    let mut out: Vec<(Ident, DefaultLit)> = Vec::new();
    while !input.is_empty() {
        let key: Ident = input.parse()?;
        input.parse::<Token![=]>()?;
        let value: Expr = input.parse()?;
        match default_lit(&value) {
            Some(lit) => {
                if out.iter().any(|(k, _)| *k == key) {
                    errors.push(syn::Error::new(
                        key.span(),
                        format!("the default `{key}` is given twice\n  help: give it once"),
                    ));
                }
                out.push((key, lit));
            }
            None => errors.push(syn::Error::new_spanned(
                &value,
                "a default is a string, integer, float or boolean literal\n  help: e.g. `defaults(page = 1, lang = \"en\")`",
            )),
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(out)
}

fn default_lit(value: &Expr) -> Option<DefaultLit> {
    let tokens = value.to_token_stream();
    let (lit, negative) = match value {
        Expr::Lit(l) => (&l.lit, false),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => match &**expr {
            Expr::Lit(l) => (&l.lit, true),
            _ => return None,
        },
        _ => return None,
    };
    let kind = match (lit, negative) {
        (Lit::Str(s), false) => DefaultKind::Str(s.value()),
        (Lit::Bool(b), false) => DefaultKind::Bool(b.value),
        (Lit::Int(i), neg) => {
            let n: i128 = i.base10_parse().ok()?;
            DefaultKind::Int(if neg { -n } else { n })
        }
        (Lit::Float(x), neg) => {
            let v: f64 = x.base10_parse().ok()?;
            DefaultKind::Float(if neg { -v } else { v })
        }
        _ => return None,
    };
    Some(DefaultLit {
        tokens,
        value: kind,
    })
}

/// Parses a standalone option list (used for the `meta` block of entries).
pub fn parse_option_tokens(tokens: TokenStream) -> syn::Result<RouteOptions> {
    let mut errors = Errors::default();
    let opts =
        (|input: ParseStream<'_>| RouteOptions::parse(input, None, &mut errors)).parse2(tokens)?;
    errors.finish()?;
    Ok(opts)
}
