//! Runtime values written as Rust tokens: converters, pieces, methods, route specs.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use stellwerk_runtime::routing::converter::Builtin;
use stellwerk_runtime::routing::group::RouteSpec;
use stellwerk_runtime::routing::matcher::{ConverterRef, Piece};

/// The path every generated item is reached through (`__g` is
/// `use ::stellwerk::__private::group as __g;` at the top of the expansion: short paths
/// keep large groups cheaper to parse and resolve).
pub fn codegen_path() -> TokenStream {
    quote!(__g::codegen)
}

/// The runtime's group module, as imported at the top of the expansion.
pub fn group_path() -> TokenStream {
    quote!(__g)
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> TokenStream) -> TokenStream {
    match v {
        Some(x) => {
            let t = f(x);
            quote!(::core::option::Option::Some(#t))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn int(n: i128) -> TokenStream {
    let lit = Literal::u128_unsuffixed(n.unsigned_abs());
    if n < 0 {
        quote!((-#lit as i128))
    } else {
        quote!(#lit)
    }
}

fn float(x: f64) -> TokenStream {
    let lit = Literal::f64_suffixed(x.abs());
    if x.is_sign_negative() {
        quote!((-#lit))
    } else {
        quote!(#lit)
    }
}

fn usize_lit(n: usize) -> TokenStream {
    let lit = Literal::usize_unsuffixed(n);
    quote!(#lit)
}

fn cow_str(s: &str) -> TokenStream {
    let c = codegen_path();
    quote!(#c::Cow::Borrowed(#s))
}

/// A built-in converter as a constant expression of its concrete type.
pub fn converter(b: &Builtin) -> TokenStream {
    let c = codegen_path();
    match b {
        Builtin::String(s) => {
            let min = usize_lit(s.minlength);
            let max = opt(s.maxlength, usize_lit);
            quote!(#c::StringConverter { minlength: #min, maxlength: #max })
        }
        Builtin::Int(i) => {
            let fixed = usize_lit(i.fixed_digits);
            let (min, max, signed) = (opt(i.min, int), opt(i.max, int), i.signed);
            quote!(#c::IntConverter { fixed_digits: #fixed, min: #min, max: #max, signed: #signed })
        }
        Builtin::Float(f) => {
            let (min, max, signed) = (opt(f.min, float), opt(f.max, float), f.signed);
            quote!(#c::FloatConverter { min: #min, max: #max, signed: #signed })
        }
        Builtin::Path(_) => quote!(#c::PathConverter),
        Builtin::Uuid(_) => quote!(#c::UuidConverter),
        Builtin::Any(a) => {
            let items = a.items.iter().map(|i| cow_str(i));
            quote!(#c::AnyConverter { items: #c::Cow::Borrowed(&[#(#items),*]) })
        }
    }
}

/// The same converter wrapped in [`Builtin`] (for regex parts).
pub fn builtin(b: &Builtin) -> TokenStream {
    let c = codegen_path();
    let inner = converter(b);
    match b {
        Builtin::String(_) => quote!(#c::Builtin::String(#inner)),
        Builtin::Int(_) => quote!(#c::Builtin::Int(#inner)),
        Builtin::Float(_) => quote!(#c::Builtin::Float(#inner)),
        Builtin::Path(_) => quote!(#c::Builtin::Path(#inner)),
        Builtin::Uuid(_) => quote!(#c::Builtin::Uuid(#inner)),
        Builtin::Any(_) => quote!(#c::Builtin::Any(#inner)),
    }
}

/// A piece of a dynamic part; `None` for a custom converter (not supported in groups).
pub fn piece(p: &Piece) -> Option<TokenStream> {
    let c = codegen_path();
    Some(match p {
        Piece::Static(s) => quote!(#c::Piece::Static(::std::string::String::from(#s))),
        Piece::Convert(ConverterRef::Builtin(b)) => {
            let b = builtin(b);
            quote!(#c::Piece::Convert(#c::ConverterRef::Builtin(#b)))
        }
        Piece::Convert(ConverterRef::Custom(_)) => return None,
    })
}

/// A method list (upper-case names) as `Option<&[&str]>`.
pub fn methods(names: Option<Vec<&str>>) -> TokenStream {
    match names {
        None => quote!(::core::option::Option::None),
        Some(names) => quote!(::core::option::Option::Some(&[#(#names),*])),
    }
}

/// A route spec as a constant expression; `full_rule` names a `fn() -> Rule` giving the
/// complete rule, when the spec's fields do not say everything.
pub fn spec(s: &RouteSpec, full_rule: Option<&proc_macro2::Ident>) -> TokenStream {
    let g = group_path();
    let c = codegen_path();
    let rule = cow_str(&s.rule);
    let endpoint = cow_str(&s.endpoint);
    let methods = match &s.methods {
        None => quote!(::core::option::Option::None),
        Some(ms) => {
            let ms = ms.iter().map(|m| cow_str(m));
            quote!(::core::option::Option::Some(#c::Cow::Borrowed(&[#(#ms),*])))
        }
    };
    let strict = opt(s.strict_slashes, |b| quote!(#b));
    let merge = opt(s.merge_slashes, |b| quote!(#b));
    let subdomain = opt(s.subdomain.as_deref(), cow_str);
    let host = opt(s.host.as_deref(), cow_str);
    let websocket = s.websocket;
    let build_only = s.build_only;
    let interpret = s.interpret;
    let full_rule = opt(full_rule, |f| quote!(#f as fn() -> #c::Rule));
    quote!(#g::RouteSpec {
        rule: #rule,
        endpoint: #endpoint,
        methods: #methods,
        strict_slashes: #strict,
        merge_slashes: #merge,
        subdomain: #subdomain,
        host: #host,
        websocket: #websocket,
        build_only: #build_only,
        interpret: #interpret,
        full_rule: #full_rule,
    })
}
