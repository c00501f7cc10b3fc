//! The handler adapter: `__stellwerk_handle_<fn>(cx) -> BoxFuture<Response>`, what the
//! application runs for a matched route.
//!
//! 1. the path values are looked up by variable name in the context and converted by the
//!    route's own `Args::from_values` (a value the handler's types reject answers 404);
//! 2. every other argument is an extractor, taken in the handler's order: all but the last
//!    through `FromRequestParts` (they may only read the head), the last through
//!    `FromRequest` (it may consume the body). A failure answers with its `HttpError`. Each
//!    trait bound is spanned on the argument's type, so a type that is no extractor is an
//!    error there, with the trait's `on_unimplemented` message;
//! 3. the handler is called through `call` (awaited for an `async fn`) and its output goes
//!    through `IntoResponse`.
//!
//! A reference argument (`&HeaderMap`, `&mut T`) is extracted by value into a local of the
//! future and passed by reference.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::Type;
use syn::spanned::Spanned;

use crate::signature::Handler;

/// The adapter function (in the handler's scope) and its name.
pub fn adapter_fn(
    h: &Handler,
    extractors: &[Type],
    args_ty: &syn::Ident,
    call_name: &syn::Ident,
    erase: impl Fn(&Type) -> Type,
) -> (TokenStream, syn::Ident) {
    let p = quote!(::stellwerk::__private);
    let fn_name = &h.sig.ident;
    let vis = &h.vis;
    let name = format_ident!("__stellwerk_handle_{}", fn_name);
    let last = extractors.len().checked_sub(1);
    let mut steps = Vec::new();
    let mut passes = Vec::new();
    for (i, ty) in extractors.iter().enumerate() {
        let var = format_ident!("__stellwerk_x{}", i);
        // `&T` / `&mut T`: extract `T`, lend it to the handler.
        let (target, pass, mutable) = match ty {
            Type::Reference(r) => {
                let pass = if r.mutability.is_some() {
                    quote!(&mut #var)
                } else {
                    quote!(&#var)
                };
                (erase(&r.elem), pass, r.mutability.is_some())
            }
            other => (erase(other), quote!(#var), false),
        };
        let span = ty.span();
        // The trait bound of `extract_*` is what reports a type that is no extractor,
        // spanned on the argument's type.
        let extract = if Some(i) == last {
            quote_spanned!(span=> #p::extract_request::<#target, _>(__stellwerk_cx))
        } else {
            quote_spanned!(span=> #p::extract_parts::<#target>(&mut __stellwerk_cx))
        };
        let binding = if mutable {
            quote!(let mut #var)
        } else {
            quote!(let #var)
        };
        steps.push(quote! {
            #binding = match #extract.await {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(error) => {
                    return #p::IntoResponse::into_response(error);
                }
            };
        });
        passes.push(pass);
    }
    let awaited = h.sig.asyncness.map(|_| quote!(.await));
    // A return type that is no response is reported on the return type.
    let output_span = match &h.sig.output {
        syn::ReturnType::Type(_, ty) => ty.span(),
        syn::ReturnType::Default => h.sig.ident.span(),
    };
    let respond = quote_spanned!(output_span=> #p::IntoResponse::into_response(__stellwerk_output));
    let item = quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, dead_code, unused_mut, clippy::needless_borrow)]
        #vis fn #name(
            mut __stellwerk_cx: #p::RequestContext,
        ) -> #p::BoxFuture<'static, #p::Response> {
            ::std::boxed::Box::pin(async move {
                let __stellwerk_args = match #p::route_args(
                    &__stellwerk_cx,
                    &#fn_name::META,
                    #args_ty::from_values,
                ) {
                    ::core::result::Result::Ok(args) => args,
                    ::core::result::Result::Err(error) => {
                        return #p::IntoResponse::into_response(error);
                    }
                };
                #(#steps)*
                let __stellwerk_output = #call_name(__stellwerk_args, #(#passes),*) #awaited;
                #respond
            })
        }
    };
    (item, name)
}
