#![doc = include_str!("../README.md")]

mod adapter;
mod binding;
mod call;
mod codegen;
mod diag;
mod group;
pub(crate) mod meta;
mod options;
mod route;
mod routes;
mod rule_check;
mod signature;
#[cfg(test)]
mod tests;
mod url;

use proc_macro::TokenStream;

/// Declares a route: `#[route("/rule", methods = ["GET", "POST"], ...)]`. Without
/// `methods` the route accepts every method. See the crate documentation for the options.
#[proc_macro_attribute]
pub fn route(attr: TokenStream, item: TokenStream) -> TokenStream {
    route::expand(attr.into(), item.into(), None, "route").into()
}

macro_rules! shorthand {
    ($($name:ident => $method:literal),*) => {$(
        #[doc = concat!("A `", $method, "` route: `#[", stringify!($name), "(\"/rule\", ...)]` is `#[route(\"/rule\", methods = [\"", $method, "\"], ...)]`.")]
        #[proc_macro_attribute]
        pub fn $name(attr: TokenStream, item: TokenStream) -> TokenStream {
            route::expand(attr.into(), item.into(), Some($method), stringify!($name)).into()
        }
    )*};
}

shorthand!(get => "GET", post => "POST", put => "PUT", patch => "PATCH", delete => "DELETE", options => "OPTIONS");

/// Collects routes: `routes![index, users::show]`.
#[proc_macro]
pub fn routes(input: TokenStream) -> TokenStream {
    routes::routes(input.into()).into()
}

/// The end of the `routes![]` callback chain (receives every collected route entry):
/// compiles the routes into one generated matcher (see `group`).
#[doc(hidden)]
#[proc_macro]
pub fn routes_impl(input: TokenStream) -> TokenStream {
    group::routes_impl(input.into()).into()
}

/// Builds a URL with named values: `url_for!(show_user, id = 5, page = 2)`.
#[proc_macro]
pub fn url_for(input: TokenStream) -> TokenStream {
    url::url_for(input.into()).into()
}

/// The second half of `url_for!`, called by the handler's callback.
#[doc(hidden)]
#[proc_macro]
pub fn url_for_impl(input: TokenStream) -> TokenStream {
    url::url_for_impl(input.into()).into()
}
