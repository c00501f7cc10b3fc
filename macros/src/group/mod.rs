//! `routes_impl!`: the end of the `routes![]` callback chain. It receives every route's
//! entry, compiles the set with the runtime's own builder ([`compile`]), rejects duplicates
//! and unreachable routes naming both routes, and emits the matcher as Rust code (see
//! [`codegen`]) wrapped in a `RouteGroup`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use stellwerk_runtime::routing::RuleErrorKind;
use stellwerk_runtime::routing::group::{GroupError, Plan, RouteSpec, compile, shadowed};
use stellwerk_runtime::routing::rule;

mod codegen;
mod entry;
mod tokens;

pub use entry::GroupEntry;

/// Expands `routes_impl!{ [ entries ] }`.
pub fn routes_impl(input: TokenStream) -> TokenStream {
    let entries = match entry::parse_any(input) {
        Ok(e) => e,
        Err(e) => return with_stub(e.to_compile_error()),
    };
    expand(&entries)
}

/// Compiles the entries into the group expression (or errors plus a stub group).
pub fn expand(entries: &[GroupEntry]) -> TokenStream {
    let mut specs: Vec<RouteSpec> = entries.iter().map(|e| e.spec.clone()).collect();
    // A match on an endpoint with defaults or aliases may redirect to a sibling rule: the
    // group lets the map finish those (RouteSpec::interpret).
    for (i, spec) in specs.iter_mut().enumerate() {
        let endpoint = &entries[i].spec.endpoint;
        if entries
            .iter()
            .any(|e| &e.spec.endpoint == endpoint && (e.has_defaults || e.alias))
        {
            spec.interpret = true;
        }
    }
    if let Some(e) = custom_converter_error(entries) {
        return match interpreted(entries) {
            Some(group) => group,
            None => with_stub(e),
        };
    }
    let plan = match compile(&specs) {
        Ok(plan) => plan,
        Err(e) => return with_stub(group_error(entries, &e)),
    };
    let (conflicts, reachability_checks) = shadow_errors(entries, &plan);
    if !conflicts.is_empty() {
        return with_stub(quote!(#(#conflicts)*));
    }
    let accept: Vec<bool> = entries.iter().map(|e| e.handler.is_some()).collect();
    let matcher = match codegen::matcher(&plan, &accept) {
        Ok(m) => m,
        Err(u) => {
            let e = syn::Error::new(
                proc_macro2::Span::call_site(),
                format!(
                    "routes![] cannot generate a matcher for a custom converter (state {}); use a Map",
                    u.state
                ),
            );
            return with_stub(e.to_compile_error());
        }
    };
    let g = tokens::group_path();
    let c = tokens::codegen_path();
    let n = entries.len();
    let host_matching = specs.iter().any(|s| s.host.is_some());
    // The metadata table, when every entry names its handler.
    let infos: Vec<TokenStream> = if entries.iter().all(|e| e.handler.is_some()) {
        entries
            .iter()
            .filter_map(|e| e.handler.as_ref())
            .map(|h| quote!(&#h::META))
            .collect()
    } else {
        Vec::new()
    };
    let n_infos = infos.len();
    let mut full_rules = Vec::new();
    let specs: Vec<TokenStream> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            // The attribute's metadata knows everything (defaults, redirects): the map of an
            // interpreted route is built from it.
            let full = match (&entries[i].handler, spec.interpret) {
                (Some(handler), true) => {
                    let f = quote::format_ident!("__sw_rule{}", i);
                    full_rules.push(quote! {
                        fn #f() -> #c::Rule { #handler::META.to_rule() }
                    });
                    Some(f)
                }
                _ => None,
            };
            tokens::spec(spec, full.as_ref())
        })
        .collect();
    // The handler's conversion decides too (a rejected value lets the next route match);
    // when every `Args` field has a type that never rejects, the verdict is a constant and
    // the call (and its allocations) is compiled away.
    let accepts = entries.iter().enumerate().filter_map(|(i, e)| {
        let handler = e.handler.as_ref()?;
        let f = quote::format_ident!("__sw_accept{}", i);
        let verdict = verdict(handler, &variable_names(e), e.rule.span());
        Some(quote! {
            #[inline]
            fn #f(args: &[#c::Arg<'_>]) -> bool {
                // Only optimised builds pay for type-checking the probes; a debug build
                // (where compile time matters) always asks the handler.
                #[cfg(not(debug_assertions))]
                {
                    use #c::ProbeFallback as _;
                    if #verdict.always() {
                        return true;
                    }
                }
                #handler::Args::from_args(args).is_some()
            }
        })
    });
    quote! {{
        use ::stellwerk::__private::group as __g;
        #(#reachability_checks)*
        #(#full_rules)*
        static __SW_ROUTES: [#g::RouteSpec; #n] = [#(#specs),*];
        static __SW_INFOS: [&'static #c::RouteInfo; #n_infos] = [#(#infos),*];
        #(#accepts)*
        #matcher
        #g::RouteGroup::generated(&__SW_ROUTES, &__SW_INFOS, #host_matching, __sw_root)
    }}
}

/// A group with custom converters, matched by its map at run time (every entry must name
/// its handler: the map is built from the handlers' metadata, which knows the converters).
fn interpreted(entries: &[GroupEntry]) -> Option<TokenStream> {
    let handlers: Vec<&syn::Path> = entries
        .iter()
        .map(|e| e.handler.as_ref())
        .collect::<Option<_>>()?;
    let g = tokens::group_path();
    let c = tokens::codegen_path();
    let n = entries.len();
    let host_matching = entries.iter().any(|e| e.spec.host.is_some());
    let specs = entries.iter().map(|e| tokens::spec(&e.spec, None));
    Some(quote! {{
        use ::stellwerk::__private::group as __g;
        static __SW_ROUTES: [#g::RouteSpec; #n] = [#(#specs),*];
        static __SW_INFOS: [&'static #c::RouteInfo; #n] = [#(&#handlers::META),*];
        #g::RouteGroup::interpreted(&__SW_ROUTES, &__SW_INFOS, #host_matching)
    }})
}

fn with_stub(errors: TokenStream) -> TokenStream {
    let g = quote!(::stellwerk::__private::group);
    quote! {{
        #errors
        #g::RouteGroup::generated(&[], &[], false, |_| ::core::result::Result::Ok(::core::option::Option::None))
    }}
}

/// Custom converters (`<Color:c>`) are Rust types: their regex and weight are not known
/// while the macro runs, so the state machine cannot be built at compile time.
fn custom_converter_error(entries: &[GroupEntry]) -> Option<TokenStream> {
    let mut errors: Option<syn::Error> = None;
    for e in entries {
        let strings = [
            Some(&e.spec.rule),
            e.spec.subdomain.as_ref(),
            e.spec.host.as_ref(),
        ];
        for text in strings.into_iter().flatten() {
            let Ok(parsed) = rule::parse_template(text) else {
                continue;
            };
            if let Some(v) = parsed.variables().find(|v| {
                v.converter_name()
                    .starts_with(|c: char| c.is_ascii_uppercase())
            }) {
                let err = syn::Error::new(
                    e.rule.span(),
                    format!(
                        "routes![] cannot compile route {} into its matcher: the custom converter `{}` is a Rust type, unknown while the macro runs; list the route's handler (the group is then matched by its map, built from the handlers' metadata) or use a `Map` with MapBuilder::converter",
                        describe(e),
                        v.converter_name()
                    ),
                );
                match &mut errors {
                    Some(all) => all.combine(err),
                    None => errors = Some(err),
                }
            }
        }
    }
    errors.map(|e| e.to_compile_error())
}

fn describe(e: &GroupEntry) -> String {
    format!("`{}` ({:?})", e.spec.endpoint, e.spec.rule)
}

fn group_error(entries: &[GroupEntry], e: &GroupError) -> TokenStream {
    match e {
        GroupError::Rule { index, error } => {
            let at = &entries[*index];
            let hint = if error.kind == RuleErrorKind::MissingHost {
                "\n  help: a route of this routes![] has `host = ...`, which makes the whole group match by host; give every route a host or move the host routes to their own group"
            } else {
                ""
            };
            syn::Error::new(at.rule.span(), format!("{}: {error}{hint}", describe(at)))
                .to_compile_error()
        }
        GroupError::Duplicate { earlier, later } => {
            let (a, b) = (&entries[*earlier], &entries[*later]);
            let mut err = syn::Error::new(
                b.rule.span(),
                format!(
                    "route {} duplicates route {}: both match the same requests with overlapping methods; change a path or the methods",
                    describe(b),
                    describe(a)
                ),
            );
            err.combine(syn::Error::new(
                a.rule.span(),
                format!("note: route {} is defined here", describe(a)),
            ));
            err.to_compile_error()
        }
    }
}

/// Unreachable routes. The error is certain only when the earlier route's handler accepts
/// every value its converters produce. Handler-less entries and entries marked
/// `infallible` get a `compile_error!` naming both routes; for a real handler the macro
/// cannot see its parameter types, so it emits a type-level check (see
/// `group::codegen::Probe` in the runtime) that fails, with the same message, only when
/// every field of the earlier route's `Args` has a type whose conversion never rejects.
fn shadow_errors(entries: &[GroupEntry], plan: &Plan) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut errors = Vec::new();
    let mut checks = Vec::new();
    for (k, s) in shadowed(plan).into_iter().enumerate() {
        let (a, b) = (&entries[s.earlier], &entries[s.later]);
        let message = format!(
            "route {} can never match: route {} has priority and takes every request it would match; remove it, narrow the earlier route, or change the methods",
            describe(b),
            describe(a)
        );
        let note = format!("route {} takes its requests", describe(a));
        match &a.handler {
            Some(handler) if s.needs_infallible && !a.infallible => {
                checks.push(type_level_check(k, handler, a, b, &message, &note));
            }
            _ => {
                let mut err = syn::Error::new(b.rule.span(), &message);
                err.combine(syn::Error::new(a.rule.span(), format!("note: {note}")));
                errors.push(err.to_compile_error());
            }
        }
    }
    (errors, checks)
}

/// The variables of a route in `Args` field order: subdomain or host first, then the path.
fn variable_names(e: &GroupEntry) -> Vec<String> {
    let mut names = Vec::new();
    for domain in [e.spec.host.as_ref(), e.spec.subdomain.as_ref()]
        .into_iter()
        .flatten()
    {
        if let Ok(d) = rule::parse_domain(domain) {
            names.extend(d.variables().map(|v| v.name.clone()));
        }
    }
    if let Ok(r) = rule::parse(&e.spec.rule) {
        names.extend(r.variables().map(|v| v.name.clone()));
    }
    names
}

/// The combined verdict expression of a handler's `Args` fields (see
/// `group::codegen::Probe` in the runtime).
fn verdict(handler: &syn::Path, names: &[String], span: proc_macro2::Span) -> TokenStream {
    let c = tokens::codegen_path();
    names
        .iter()
        .map(|name| {
            let field = syn::Ident::new(name, span);
            quote_spanned!(span=> #c::probe(|a: #handler::Args| a.#field).verdict())
        })
        .reduce(|acc, v| quote_spanned!(span=> #c::both(#acc, #v)))
        .unwrap_or_else(|| quote_spanned!(span=> #c::NeverRejects))
}

fn type_level_check(
    k: usize,
    handler: &syn::Path,
    a: &GroupEntry,
    b: &GroupEntry,
    message: &str,
    note: &str,
) -> TokenStream {
    let c = tokens::codegen_path();
    let span = b.rule.span();
    let combined = verdict(handler, &variable_names(a), span);
    let tr = quote::format_ident!("__SwReachable{}", k);
    let check = quote::format_ident!("__sw_reachable{}", k);
    quote_spanned! {span=>
        #[diagnostic::on_unimplemented(message = #message, label = "this route can never match", note = #note)]
        trait #tr {}
        impl #tr for #c::MayReject {}
        #[allow(dead_code, non_snake_case)]
        fn #check() {
            use #c::ProbeFallback as _;
            fn reachable<T: #tr>(_: T) {}
            reachable(#combined);
        }
    }
}
#[cfg(test)]
mod tests;
