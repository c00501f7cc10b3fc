//! Emission of the hidden items of a route (see [`crate::meta`] for the interface).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{LitStr, Visibility};

use crate::binding::{Binding, Bound, DefaultBinding, Kind, str_form};
use crate::meta::entry_tokens;
use crate::options::{DefaultKind, RouteOptions};
use crate::route::callback_name;
use crate::rule_check::{ConverterSpec, Part};
use crate::signature::Handler;
use stellwerk_runtime::routing::converter::Builtin;

/// Everything the emitter needs about a checked route.
pub struct Route<'a> {
    pub handler: &'a Handler,
    pub rule: &'a LitStr,
    pub endpoint: &'a LitStr,
    pub opts: &'a RouteOptions,
    pub bound: &'a Bound,
}

/// The visibility of an item inside the hidden module that must be visible wherever the
/// handler is (`pub(super)` for a private handler, one more `super` for `pub(super)`, ...).
fn inner_vis(vis: &Visibility) -> TokenStream {
    match vis {
        Visibility::Public(_) => quote!(pub),
        Visibility::Inherited => quote!(pub(super)),
        Visibility::Restricted(r) => {
            let path = &r.path;
            let first = path.segments.first().map(|s| s.ident.to_string());
            match first.as_deref() {
                Some("crate") => quote!(#vis),
                Some("self") if path.segments.len() == 1 => quote!(pub(super)),
                Some("self") => {
                    let rest = path.segments.iter().skip(1);
                    quote!(pub(in super #(:: #rest)*))
                }
                _ => quote!(pub(in super :: #path)),
            }
        }
    }
}

fn private() -> TokenStream {
    quote!(::stellwerk::__private)
}

fn opt_bool(b: &Option<syn::LitBool>) -> TokenStream {
    match b {
        Some(b) => quote!(::core::option::Option::Some(#b)),
        None => quote!(::core::option::Option::None),
    }
}

fn opt_str(s: &Option<LitStr>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

fn flag(b: bool) -> TokenStream {
    quote!(#b)
}

fn f64_tokens(x: f64) -> TokenStream {
    let bits = x.to_bits();
    quote!(f64::from_bits(#bits))
}

fn opt_i128(x: Option<i128>) -> TokenStream {
    match x {
        Some(x) => quote!(::core::option::Option::Some(#x)),
        None => quote!(::core::option::Option::None),
    }
}

/// A built-in converter as a constant expression of its runtime struct.
fn builtin_tokens(b: &Builtin) -> (TokenStream, TokenStream) {
    let p = private();
    match b {
        Builtin::String(c) => {
            let min = c.minlength;
            let max = match c.maxlength {
                Some(m) => quote!(::core::option::Option::Some(#m)),
                None => quote!(::core::option::Option::None),
            };
            (
                quote!(#p::StringConverter),
                quote!(#p::StringConverter { minlength: #min, maxlength: #max }),
            )
        }
        Builtin::Int(c) => {
            let fixed = c.fixed_digits;
            let (min, max, signed) = (opt_i128(c.min), opt_i128(c.max), c.signed);
            (
                quote!(#p::IntConverter),
                quote!(#p::IntConverter { fixed_digits: #fixed, min: #min, max: #max, signed: #signed }),
            )
        }
        Builtin::Float(c) => {
            let f = |x: Option<f64>| match x {
                Some(x) => {
                    let t = f64_tokens(x);
                    quote!(::core::option::Option::Some(#t))
                }
                None => quote!(::core::option::Option::None),
            };
            let (min, max, signed) = (f(c.min), f(c.max), c.signed);
            (
                quote!(#p::FloatConverter),
                quote!(#p::FloatConverter { min: #min, max: #max, signed: #signed }),
            )
        }
        Builtin::Path(_) => (quote!(#p::PathConverter), quote!(#p::PathConverter)),
        Builtin::Uuid(_) => (quote!(#p::UuidConverter), quote!(#p::UuidConverter)),
        Builtin::Any(c) => {
            let items = c.items.iter().map(|i| i.as_ref());
            (
                quote!(#p::AnyConverter),
                quote!(#p::AnyConverter {
                    items: #p::Cow::Borrowed(&[#(#p::Cow::Borrowed(#items)),*]),
                }),
            )
        }
    }
}

/// The type of a variable's `Args` field.
fn field_type(b: &Binding) -> TokenStream {
    match b.kind {
        Kind::Str => quote!(::std::string::String),
        _ => {
            let ty = &b.ty;
            quote!(#ty)
        }
    }
}

/// The type of a variable's `url()` parameter.
fn param_type(b: &Binding) -> TokenStream {
    match b.kind {
        // Text is borrowed for building whatever the handler takes.
        Kind::Str => quote!(&str),
        _ => field_type(b),
    }
}

/// `Args::from_values` for one variable (`v` is `&Value`).
fn from_value(b: &Binding, v: &TokenStream) -> TokenStream {
    let p = private();
    let ty = &b.ty;
    let span = ty.span();
    match &b.kind {
        Kind::Int => {
            quote_spanned!(span=> <#ty as #p::IntParam>::from_int(#v.as_int()?)?)
        }
        Kind::Float => {
            quote_spanned!(span=> <#ty as #p::FloatParam>::from_float(#v.as_float()?)?)
        }
        Kind::Uuid => quote_spanned!(span=> <#ty as #p::UuidParam>::from_uuid(#v.as_uuid()?)),
        Kind::Str => quote!(::std::string::String::from(#v.as_str()?)),
        Kind::FromStr => {
            quote_spanned!(span=> <#ty as #p::TextParam>::from_text(#v.as_str()?)?)
        }
        Kind::Custom(conv) => {
            quote_spanned!(span=> (#p::custom_fns::<#conv, #ty>().to_value)(#v.as_str()?)?)
        }
    }
}

/// The function that makes a custom converter's runtime converter (for `META`).
fn make_fn_name(fn_name: &syn::Ident, b: &Binding) -> syn::Ident {
    format_ident!("__stellwerk_make_converter_{}_{}", fn_name, b.var.name)
}

/// The value of a defaults-bound argument (`None` from a conversion: the route never
/// matches, e.g. a default of 300 for a `u8`).
fn default_value(d: &DefaultBinding) -> TokenStream {
    let p = private();
    let ty = &d.ty;
    let span = ty.span();
    match &d.value {
        DefaultKind::Int(i) => quote_spanned!(span=> <#ty as #p::IntParam>::from_int(#i)?),
        DefaultKind::Float(x) => {
            let x = f64_tokens(*x);
            quote_spanned!(span=> <#ty as #p::FloatParam>::from_float(#x)?)
        }
        DefaultKind::Bool(b) => {
            quote_spanned!(span=> { let __stellwerk_b: #ty = #b; __stellwerk_b })
        }
        DefaultKind::Str(text) => match str_form(ty) {
            Some(_) => quote!(::std::string::String::from(#text)),
            None => quote_spanned!(span=> <#ty as #p::TextParam>::from_text(#text)?),
        },
    }
}

/// The URL text of one variable for `url()`: `Result<String, ValidationError>`.
fn url_text(b: &Binding, conv_const: &syn::Ident) -> TokenStream {
    let p = private();
    let ty = &b.ty;
    let name = &b.ident;
    let span = ty.span();
    let value = match &b.kind {
        Kind::Int => quote_spanned!(span=> <#ty as #p::IntParam>::int_value(&#name)),
        Kind::Float => quote_spanned!(span=> <#ty as #p::FloatParam>::float_value(&#name)),
        Kind::Uuid => quote_spanned!(span=> <#ty as #p::UuidParam>::uuid_value(&#name)),
        Kind::Str => quote!(#p::Value::Str(::std::string::String::from(#name))),
        Kind::FromStr => quote_spanned!(span=> <#ty as #p::TextParam>::text_value(&#name)),
        Kind::Custom(conv) => {
            return quote_spanned!(span=> (#p::custom_fns::<#conv, #ty>().to_url)(&#name));
        }
    };
    quote!(#p::Converter::to_url(&#conv_const, &#value))
}

fn var_info(b: &Binding) -> TokenStream {
    let p = private();
    let name = &b.var.name;
    let conv = b.var.converter.name();
    let args = b.var.converter.args();
    let part = match b.var.part {
        Part::Path => quote!(#p::VarPart::Path),
        Part::Host => quote!(#p::VarPart::Host),
        Part::Subdomain => quote!(#p::VarPart::Subdomain),
    };
    quote!(#p::VarInfo { name: #name, converter: #conv, args: #args, part: #part })
}

fn meta_const(r: &Route<'_>, adapter: Option<&syn::Ident>) -> TokenStream {
    let p = private();
    let opts = r.opts;
    let rule = r.rule;
    let endpoint = r.endpoint;
    let handler_name = r.handler.sig.ident.to_string();
    let methods = match &opts.methods {
        Some(ms) => {
            let names = ms.iter().map(|(m, _)| m);
            quote!(::core::option::Option::Some(&[#(#names),*]))
        }
        None => quote!(::core::option::Option::None),
    };
    let defaults = opts.defaults.iter().map(|(k, v)| {
        let key = k.to_string();
        let value = match &v.value {
            DefaultKind::Str(s) => quote!(#p::DefaultValue::Str(#s)),
            DefaultKind::Int(i) => quote!(#p::DefaultValue::Int(#i)),
            DefaultKind::Float(x) => {
                let t = f64_tokens(*x);
                quote!(#p::DefaultValue::Float(#t))
            }
            DefaultKind::Bool(b) => quote!(#p::DefaultValue::Bool(#b)),
        };
        quote!((#key, #value))
    });
    let vars = r.bound.bindings.iter().map(var_info);
    let converters = r
        .bound
        .bindings
        .iter()
        .filter_map(|b| match &b.var.converter {
            ConverterSpec::Custom { name } => {
                let make = make_fn_name(&r.handler.sig.ident, b);
                Some(quote!(#p::CustomConverterInfo { name: #name, make: super::#make }))
            }
            _ => None,
        });
    let (ss, ms) = (
        opt_bool(&opts.strict_slashes),
        opt_bool(&opts.merge_slashes),
    );
    let (host, sub, redirect) = (
        opt_str(&opts.host),
        opt_str(&opts.subdomain),
        opt_str(&opts.redirect_to),
    );
    let adapter = match adapter {
        Some(f) => quote!(#p::HandlerSlot::new(&(super::#f as #p::HandlerPtr))),
        None => quote!(#p::HandlerSlot::NONE),
    };
    let (alias, ws, bo) = (
        flag(opts.is_alias()),
        flag(opts.is_websocket()),
        flag(opts.is_build_only()),
    );
    quote! {
        #p::RouteInfo {
            rule: #rule,
            endpoint: #endpoint,
            handler: #handler_name,
            methods: #methods,
            defaults: &[#(#defaults),*],
            strict_slashes: #ss,
            merge_slashes: #ms,
            host: #host,
            subdomain: #sub,
            redirect_to: #redirect,
            alias: #alias,
            websocket: #ws,
            build_only: #bo,
            variables: &[#(#vars),*],
            converters: &[#(#converters),*],
            location: #p::SourceLocation {
                file: ::core::file!(),
                line: ::core::line!(),
                column: ::core::column!(),
            },
            adapter: #adapter,
        }
    }
}

/// The `macro_rules!` callback; `entry` is `None` for a stub (the route is skipped).
fn callback(
    name: &syn::Ident,
    entry_parts: Option<(&LitStr, &LitStr, &RouteOptions)>,
    vars: &[String],
) -> TokenStream {
    let p = private();
    let me = quote!($($me)*);
    let entry = entry_parts.map(|(rule, endpoint, opts)| entry_tokens(&me, rule, endpoint, opts));
    let url = match entry_parts {
        Some((rule, _, _)) => {
            let vars = vars.iter().map(|v| syn::Ident::new(v, Span::call_site()));
            quote!(#p::url_for_impl! { ($($me)*) vars: [ #(#vars)* ] rule: #rule $($args)* })
        }
        None => quote!(::core::unreachable!()),
    };
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #name {
            (@stellwerk_collect [ ( $($next:tt)* ) $($rest:tt)* ] [ $($acc:tt)* ] ( $($me:tt)* )) => {
                $($next)* :: __route! {
                    @stellwerk_collect [ $($rest)* ] [ $($acc)* #entry ] ( $($next)* )
                }
            };
            (@stellwerk_collect [ ] [ $($acc:tt)* ] ( $($me:tt)* )) => {
                #p::routes_impl! { [ $($acc)* #entry ] }
            };
            (@stellwerk_url ( $($me:tt)* ) $($args:tt)*) => {
                #url
            };
        }
    }
}

/// The hidden items of a checked route.
pub fn hidden_items(r: &Route<'_>) -> TokenStream {
    let p = private();
    let h = r.handler;
    let fn_name = &h.sig.ident;
    let vis = &h.vis;
    let ivis = inner_vis(vis);
    let bindings = &r.bound.bindings;
    let args_ty = format_ident!("__stellwerk_args_{}", fn_name);
    let url_fn = format_ident!("__stellwerk_url_{}", fn_name);
    let url_q_fn = format_ident!("__stellwerk_url_with_query_{}", fn_name);
    let n = bindings.len();

    let field_names: Vec<&syn::Ident> = bindings.iter().map(|b| &b.ident).collect();
    let default_names: Vec<&syn::Ident> = r.bound.defaults.iter().map(|d| &d.ident).collect();
    let default_types = r.bound.defaults.iter().map(|d| match str_form(&d.ty) {
        Some(_) => quote!(::std::string::String),
        None => {
            let ty = &d.ty;
            quote!(#ty)
        }
    });
    let default_values: Vec<TokenStream> = r.bound.defaults.iter().map(default_value).collect();
    let field_types: Vec<TokenStream> = bindings.iter().map(field_type).collect();
    let param_types: Vec<TokenStream> = bindings.iter().map(param_type).collect();
    let conversions: Vec<TokenStream> = bindings
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let v = quote!(__stellwerk_values[#i]);
            from_value(b, &v)
        })
        .collect();
    let mut conv_consts = Vec::new();
    let mut texts = Vec::new();
    for (i, b) in bindings.iter().enumerate() {
        let c = format_ident!("__STELLWERK_CONVERTER_{}", i);
        if let ConverterSpec::Builtin { converter, .. } = &b.var.converter {
            let (ty, value) = builtin_tokens(converter);
            conv_consts.push(quote!(const #c: #ty = #value;));
        }
        texts.push(url_text(b, &c));
    }
    // Each custom converter type is named once (an alias), so a missing type is one error,
    // and used through `custom_fns` only, so a missing trait or a wrong output is one too.
    let conv_aliases = bindings.iter().filter_map(|b| match &b.kind {
        Kind::Custom(alias) => {
            let ConverterSpec::Custom { name } = &b.var.converter else {
                return None;
            };
            let ty = syn::Ident::new(name, alias.span());
            let make = make_fn_name(fn_name, b);
            let arg_ty = &b.ty;
            let fns = quote_spanned!(arg_ty.span()=> #p::custom_fns::<#alias, #arg_ty>());
            Some(quote! {
                #[doc(hidden)]
                #[allow(non_camel_case_types)]
                type #alias = #ty;

                #[doc(hidden)]
                #[allow(non_snake_case)]
                fn #make() -> ::std::boxed::Box<dyn #p::Converter> {
                    (#fns.converter)()
                }
            })
        }
        _ => None,
    });
    let cb = callback_name(fn_name, &r.rule.value());
    let var_names: Vec<String> = bindings.iter().map(|b| b.var.name.clone()).collect();
    let callback = callback(&cb, Some((r.rule, r.endpoint, r.opts)), &var_names);
    let call = crate::call::call_fn(h, bindings, &r.bound.defaults, &args_ty);
    // The adapter checks the extractors (each bound spanned on its argument's type).
    let adapter = call.as_ref().map(|(_, call_name)| {
        crate::adapter::adapter_fn(h, &r.bound.extractors, &args_ty, call_name, erase_lifetimes)
    });
    let adapter_item = adapter.as_ref().map(|(item, _)| item);
    let meta = meta_const(r, adapter.as_ref().map(|(_, name)| name));
    let call_item = call.as_ref().map(|(item, _)| item);
    let call_use = call.as_ref().map(|(_, name)| {
        quote! {
            /// Calls the handler with the values of an `Args` and the other arguments.
            #ivis use super::#name as call;
        }
    });
    let doc_args = format!("The path variables of [`{fn_name}`](fn@super::{fn_name}).");
    quote! {
        #(#conv_aliases)*

        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #args_ty {
            #(pub #field_names: #field_types,)*
            #(pub #default_names: #default_types,)*
        }

        #[allow(dead_code, clippy::question_mark)]
        impl #args_ty {
            /// Converts matched values (in `META.variables` order); `None` means the route
            /// does not match (a range check, a parse or a converter rejected a value).
            pub fn from_values(__stellwerk_values: &[#p::Value]) -> ::core::option::Option<Self> {
                if __stellwerk_values.len() != #n {
                    return ::core::option::Option::None;
                }
                ::core::option::Option::Some(Self {
                    #(#field_names: #conversions,)*
                    #(#default_names: #default_values,)*
                })
            }

            /// `from_values` for a group's borrowed match (`GroupMatchRef::args`).
            pub fn from_args(__stellwerk_values: &[#p::group::Arg<'_>]) -> ::core::option::Option<Self> {
                if __stellwerk_values.len() != #n {
                    return ::core::option::Option::None;
                }
                ::core::option::Option::Some(Self {
                    #(#field_names: #conversions,)*
                    #(#default_names: #default_values,)*
                })
            }
        }

        #[doc(hidden)]
        #[allow(non_snake_case, dead_code)]
        #vis fn #url_fn(#(#field_names: #param_types),*) -> ::core::result::Result<::std::string::String, #p::BuildError> {
            #url_q_fn(#(#field_names,)* &[])
        }

        #[doc(hidden)]
        #[allow(non_snake_case, dead_code)]
        #vis fn #url_q_fn(
            #(#field_names: #param_types,)*
            __stellwerk_query: &[(&str, #p::Value)],
        ) -> ::core::result::Result<::std::string::String, #p::BuildError> {
            #(#conv_consts)*
            let __stellwerk_texts: [::core::result::Result<::std::string::String, #p::ValidationError>; #n] = [#(#texts),*];
            #p::build_url(&#fn_name::META, &__stellwerk_texts, __stellwerk_query)
        }

        #call_item

        #adapter_item

        #[doc(hidden)]
        #[allow(non_snake_case, unused_imports)]
        #vis mod #fn_name {
            #[doc = #doc_args]
            #ivis use super::#args_ty as Args;
            /// The typed URL builder (path variables in rule order).
            #ivis use super::#url_fn as url;
            /// The typed URL builder with extra query values.
            #ivis use super::#url_q_fn as url_with_query;
            /// The route's metadata.
            #ivis const META: #p::RouteInfo = #meta;
            #call_use
            #callback
            #[doc(hidden)]
            pub use #cb as __route;
        }
    }
}

/// The module emitted when the attribute has errors: a callback that skips the route and,
/// when the rule string is known, a `META` with the rule and endpoint only (so code that
/// reads it reports nothing more).
pub fn stub_module(h: &Handler, rule: Option<&LitStr>) -> TokenStream {
    let p = private();
    let fn_name = &h.sig.ident;
    let vis = &h.vis;
    let ivis = inner_vis(vis);
    let cb = callback_name(fn_name, "<stub>");
    let callback = callback(&cb, None, &[]);
    let meta = rule.map(|rule| {
        let name = fn_name.to_string();
        quote! {
            /// The route's metadata (incomplete: the attribute has errors).
            #ivis const META: #p::RouteInfo = #p::RouteInfo::new(
                #rule,
                #name,
                #p::SourceLocation {
                    file: ::core::file!(),
                    line: ::core::line!(),
                    column: ::core::column!(),
                },
            );
        }
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, unused_imports, dead_code)]
        #vis mod #fn_name {
            #meta
            #callback
            #[doc(hidden)]
            pub use #cb as __route;
        }
    }
}

/// Replaces named lifetimes with `'_` so a type from the signature can be named in a
/// function body that does not declare them.
fn erase_lifetimes(ty: &syn::Type) -> syn::Type {
    use syn::visit_mut::VisitMut;
    struct Erase;
    impl VisitMut for Erase {
        fn visit_lifetime_mut(&mut self, l: &mut syn::Lifetime) {
            if l.ident != "static" {
                *l = syn::Lifetime::new("'_", l.span());
            }
        }
    }
    let mut ty = ty.clone();
    Erase.visit_type_mut(&mut ty);
    ty
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_visibility_reaches_as_far_as_the_handler() {
        for (vis, expected) in [
            (quote!(pub), quote!(pub)),
            (quote!(), quote!(pub(super))),
            (quote!(pub(crate)), quote!(pub(crate))),
            (quote!(pub(self)), quote!(pub(super))),
            (quote!(pub(super)), quote!(pub(in super::super))),
            (quote!(pub(in crate::a)), quote!(pub(in crate::a))),
        ] {
            let v: Visibility = syn::parse2(vis.clone()).unwrap();
            assert_eq!(inner_vis(&v).to_string(), expected.to_string(), "{vis}");
        }
    }
}
