//! `url_for!(handler, name = value, ...)`: named values for the rule variables, the rest to
//! the query string. The handler's own callback supplies the variable names, so the values'
//! types are checked against `handler::url_with_query`, resolved where the handler is.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr, Token};

use crate::diag::{Errors, did_you_mean};

/// `name = value`.
struct Named {
    name: Ident,
    value: Expr,
}

impl Parse for Named {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        // Any identifier, keywords included: a rule variable may be called `type`.
        let name: Ident = Ident::parse_any(input).map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected `name = value`\n  help: e.g. url_for!(show_user, id = 5, page = 2)",
            )
        })?;
        input.parse::<Token![=]>().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("expected `=` after `{name}`\n  help: values are named: `{name} = ...`"),
            )
        })?;
        Ok(Named {
            name,
            value: input.parse()?,
        })
    }
}

/// `url_for!` input: a handler path, then named values.
struct UrlFor {
    handler: syn::Path,
    values: TokenStream,
}

impl Parse for UrlFor {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let handler: syn::Path = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the handler's path\n  help: e.g. url_for!(show_user, id = 5)",
            )
        })?;
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
        // Checked here so syntax errors point at the user's tokens.
        let values: TokenStream = input.parse()?;
        syn::parse::Parser::parse2(
            Punctuated::<Named, Token![,]>::parse_terminated,
            values.clone(),
        )?;
        Ok(UrlFor { handler, values })
    }
}

/// `url_for!`: hands the values to the handler's callback.
pub fn url_for(input: TokenStream) -> TokenStream {
    match syn::parse2::<UrlFor>(input) {
        Ok(UrlFor { handler, values }) => {
            quote!(#handler::__route! { @stellwerk_url (#handler) [ #values ] })
        }
        Err(e) => e.to_compile_error(),
    }
}

/// What the callback passes on: `(path) vars: [a b] rule: "..." [ name = value, ... ]`.
struct UrlForImpl {
    handler: syn::Path,
    vars: Vec<Ident>,
    rule: LitStr,
    values: Vec<Named>,
}

impl Parse for UrlForImpl {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        syn::parenthesized!(content in input);
        let handler: syn::Path = content.parse()?;
        let kw: Ident = input.parse()?;
        if kw != "vars" {
            return Err(syn::Error::new(kw.span(), "expected `vars:`"));
        }
        input.parse::<Token![:]>()?;
        let content;
        syn::bracketed!(content in input);
        let mut vars = Vec::new();
        while !content.is_empty() {
            vars.push(Ident::parse_any(&content)?);
        }
        let kw: Ident = input.parse()?;
        if kw != "rule" {
            return Err(syn::Error::new(kw.span(), "expected `rule:`"));
        }
        input.parse::<Token![:]>()?;
        let rule: LitStr = input.parse()?;
        let content;
        syn::bracketed!(content in input);
        let values = Punctuated::<Named, Token![,]>::parse_terminated(&content)?
            .into_iter()
            .collect();
        Ok(UrlForImpl {
            handler,
            vars,
            rule,
            values,
        })
    }
}

/// The second half of `url_for!`: checks the names and calls `url_with_query`.
pub fn url_for_impl(input: TokenStream) -> TokenStream {
    let UrlForImpl {
        handler,
        vars,
        rule,
        values,
    } = match syn::parse2(input) {
        Ok(v) => v,
        Err(e) => return e.to_compile_error(),
    };
    let mut errors = Errors::default();
    let var_names: Vec<String> = vars.iter().map(key).collect();
    let mut seen: Vec<String> = Vec::new();
    for v in &values {
        let name = key(&v.name);
        if seen.contains(&name) {
            errors.push(syn::Error::new(
                v.name.span(),
                format!("`{name}` is given twice\n  help: give each value once"),
            ));
        }
        seen.push(name);
    }
    let handler_name = quote!(#handler).to_string().replace(' ', "");
    let mut ordered = Vec::new();
    for var in &var_names {
        match values.iter().find(|v| key(&v.name) == *var) {
            Some(v) => ordered.push(v.value.clone()),
            None => {
                // A misspelt name is probably meant for this variable.
                let given = values
                    .iter()
                    .map(|v| key(&v.name))
                    .filter(|n| !var_names.contains(n))
                    .collect::<Vec<_>>();
                let close = did_you_mean(var, given.iter().map(String::as_str));
                let span = values
                    .iter()
                    .find(|v| Some(key(&v.name).as_str()) == close)
                    .map_or_else(|| handler_span(&handler), |v| v.name.span());
                let help = match close {
                    Some(c) => format!("did you mean `{var}` instead of `{c}`?"),
                    None => format!(
                        "write url_for!({handler_name}, {})",
                        var_names
                            .iter()
                            .map(|n| format!("{n} = ..."))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                errors.push(syn::Error::new(
                    span,
                    format!(
                        "missing a value for the variable `{var}` of `{handler_name}` (rule {:?})\n  help: {help}",
                        rule.value()
                    ),
                ));
            }
        }
    }
    if let Err(e) = errors.finish() {
        return e.to_compile_error();
    }
    let query = values
        .iter()
        .filter(|v| !var_names.contains(&key(&v.name)))
        .map(|v| {
            let key = key(&v.name);
            let value = &v.value;
            quote_spanned!(value.span()=> (#key, ::stellwerk::__private::Value::from(#value)))
        });
    // Spanned on the handler path so type errors name the call, not the route attribute.
    let call = quote_spanned!(handler_span(&handler)=> #handler::url_with_query);
    quote!(#call(#(#ordered,)* &[#(#query),*]))
}

/// A name as rules and query strings write it (`r#type` is `type`).
fn key(name: &Ident) -> String {
    name.unraw().to_string()
}

fn handler_span(path: &syn::Path) -> Span {
    path.segments
        .last()
        .map_or_else(Span::call_site, |s| s.ident.span())
}
