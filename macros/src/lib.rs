//! Procedural macros of [stellwerk](https://docs.rs/stellwerk): route attributes,
//! `routes![]` and typed URL builders. Use them through the `stellwerk` crate.

mod group;

/// The end of the `routes![]` callback chain (hidden; generated code calls it through
/// `::stellwerk::__private::routes_impl`): compiles the routes into one matcher.
#[doc(hidden)]
#[proc_macro]
pub fn routes_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    group::routes_impl(input.into()).into()
}
