//! `handler::call(args, extractors...)`: calls the handler with its path values taken from
//! an `Args` and the other arguments given in the handler's order, so an application can
//! dispatch a match without knowing how each argument is spelt (`&str`, `Cow<str>`, ...).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::binding::{Binding, DefaultBinding, StrForm, str_form};
use crate::signature::{Handler, arguments};

/// The `call` function (in the handler's scope) and its name; `None` for an `unsafe` or
/// `const` handler (calling those needs more than a plain call).
pub fn call_fn(
    h: &Handler,
    bindings: &[Binding],
    defaults: &[DefaultBinding],
    args_ty: &syn::Ident,
) -> Option<(TokenStream, syn::Ident)> {
    let sig = &h.sig;
    if sig.unsafety.is_some() || sig.constness.is_some() || sig.abi.is_some() {
        return None;
    }
    let fn_name = &sig.ident;
    let vis = &h.vis;
    let name = format_ident!("__stellwerk_call_{}", fn_name);
    let (args, _) = arguments(sig);
    let mut params = Vec::new();
    let mut exprs = Vec::new();
    for arg in &args {
        let ident = &arg.ident;
        let bound_ty = bindings
            .iter()
            .find(|b| b.ident == arg.ident)
            .map(|b| &b.ty)
            .or_else(|| {
                defaults
                    .iter()
                    .find(|d| d.ident == arg.ident)
                    .map(|d| &d.ty)
            });
        match bound_ty {
            Some(ty) => exprs.push(match str_form(ty) {
                Some(StrForm::Ref) => quote!(&__stellwerk_args.#ident),
                Some(StrForm::Cow) => {
                    quote!(::std::borrow::Cow::Borrowed(__stellwerk_args.#ident.as_str()))
                }
                _ => quote!(__stellwerk_args.#ident),
            }),
            None => {
                let ty = &arg.ty;
                params.push(quote!(#ident: #ty));
                exprs.push(quote!(#ident));
            }
        }
    }
    let asyncness = &sig.asyncness;
    let awaited = asyncness.map(|_| quote!(.await));
    let generics = &sig.generics;
    let where_clause = &generics.where_clause;
    let output = &sig.output;
    let doc = format!(
        "Calls [`{fn_name}`] with the path values of `args` and the other arguments in order."
    );
    let item = quote! {
        #[doc = #doc]
        #[doc(hidden)]
        #[allow(non_snake_case, dead_code, clippy::needless_borrow)]
        #vis #asyncness fn #name #generics (
            __stellwerk_args: #args_ty,
            #(#params),*
        ) #output #where_clause {
            #fn_name(#(#exprs),*) #awaited
        }
    };
    Some((item, name))
}
