//! `routes![a, m::b]`: starts the callback chain of [`crate::meta`].

use proc_macro2::TokenStream;
use quote::quote;
use syn::Token;
use syn::parse::Parser;
use syn::punctuated::Punctuated;

/// Expands `routes![...]` to the first handler's `__route!` call.
pub fn routes(input: TokenStream) -> TokenStream {
    let paths = match Punctuated::<syn::Path, Token![,]>::parse_terminated.parse2(input) {
        Ok(p) => p,
        Err(e) => {
            let msg = format!(
                "{e}\n  help: list handler paths separated by commas, e.g. routes![index, users::show]"
            );
            return syn::Error::new(e.span(), msg).to_compile_error();
        }
    };
    let mut iter = paths.into_iter();
    match iter.next() {
        None => quote!(::stellwerk::__private::routes_impl! { [] }),
        Some(first) => {
            let rest = iter.map(|p| quote!((#p)));
            quote!(#first::__route! { @stellwerk_collect [ #(#rest)* ] [ ] (#first) })
        }
    }
}

/// The end of the chain until the route group lands: the routes' metadata, in order, as a
/// `&'static [&'static RouteInfo]`. Once `group::routes_impl` (the generated matcher) is
/// merged, `lib.rs` calls that one and this function can go.
#[allow(dead_code)]
pub fn routes_impl(input: TokenStream) -> TokenStream {
    let entries = match crate::meta::parse_entries(input) {
        Ok(e) => e,
        Err(e) => return e.to_compile_error(),
    };
    let handlers = entries.iter().map(|e| &e.handler);
    quote! {{
        const __STELLWERK_ROUTES: &[&::stellwerk::__private::RouteInfo] = &[#(&#handlers::META),*];
        __STELLWERK_ROUTES
    }}
}
