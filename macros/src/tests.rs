//! Tables and properties of the attribute checks, without compiling user code.

use proc_macro2::{Span, TokenStream};
use proptest::prelude::*;
use quote::quote;
use syn::LitStr;

use crate::diag::{Errors, caret_error};
use crate::options::RouteOptions;
use crate::route;
use crate::rule_check;

fn errors_of(attr: TokenStream, item: TokenStream) -> Vec<String> {
    let out = route::expand(attr, item, None, "route").to_string();
    // `compile_error!{"..."}` carries each message; pull them out for the table.
    out.split("compile_error")
        .skip(1)
        .filter_map(|s| s.split('"').nth(1).map(str::to_string))
        .collect()
}

#[test]
fn attribute_errors_table() {
    let cases: Vec<(TokenStream, TokenStream, &str)> = vec![
        (
            quote!("/u/<int:id>"),
            quote!(
                fn f() {}
            ),
            "the variable `id` has no argument in `f`",
        ),
        (
            quote!("/u/<nope:id>"),
            quote!(
                fn f(id: u32) {}
            ),
            "unknown converter `nope`",
        ),
        (
            quote!("/u", methodz = ["GET"]),
            quote!(
                fn f() {}
            ),
            "did you mean `methods`?",
        ),
        (
            quote!("/u", methods = ["YEET"]),
            quote!(
                fn f() {}
            ),
            "`YEET` is not an HTTP method",
        ),
        (
            quote!("/u", alias = 1),
            quote!(
                fn f() {}
            ),
            "`alias` takes `true` or `false`",
        ),
        (
            quote!("/u", host = true),
            quote!(
                fn f() {}
            ),
            "`host` takes a string literal",
        ),
        (
            quote!("/ws", methods = ["PUT"], websocket = true),
            quote!(
                fn f() {}
            ),
            "a websocket route cannot accept `PUT`",
        ),
        (
            quote!("/<int:p>", defaults(p = 1)),
            quote!(
                fn f(p: u32) {}
            ),
            "`p` is a variable of the rule and also has a default",
        ),
        (
            quote!(),
            quote!(
                fn f() {}
            ),
            "missing the rule string",
        ),
        (
            quote!("/u"),
            quote!(
                struct S;
            ),
            "goes on a function",
        ),
        (
            quote!("/u/<id>"),
            quote!(
                fn f(self) {}
            ),
            "it cannot take `self`",
        ),
        (
            quote!("/<a>", subdomain = "<a>"),
            quote!(
                fn f(a: String) {}
            ),
            "also a variable of the subdomain",
        ),
    ];
    for (attr, item, expected) in cases {
        let errors = errors_of(attr.clone(), item.clone());
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "#[route({attr})] {item}: expected {expected:?} in {errors:?}"
        );
    }
}

#[test]
fn a_valid_route_has_no_errors_and_keeps_the_function() {
    let item = quote!(
        async fn show(id: u32, m: http::Method) -> u32 {
            id
        }
    );
    let out = route::expand(
        quote!("/s/<int:id>", methods = ["GET"]),
        item.clone(),
        None,
        "route",
    );
    let text = out.to_string();
    assert!(!text.contains("compile_error"), "{text}");
    assert!(
        text.starts_with(&item.to_string()),
        "the handler comes first, unchanged"
    );
}

proptest! {
    #[test]
    fn rule_checks_never_panic(rule in "\\PC{0,40}", sub in proptest::option::of("[<>a-z:().,= ]{0,12}")) {
        let lit = LitStr::new(&rule, Span::call_site());
        let opts = RouteOptions {
            subdomain: sub.map(|s| LitStr::new(&s, Span::call_site())),
            ..RouteOptions::default()
        };
        let mut errors = Errors::default();
        let checked = rule_check::check(&lit, &opts, &mut errors);
        if errors.is_empty() {
            prop_assert!(checked.vars.iter().all(|v| rule.contains(v.name.as_str()) || opts.subdomain.is_some()));
        }
    }

    #[test]
    fn carets_stay_under_the_shown_text(text in "\\PC{0,30}", a in 0usize..40, b in 0usize..40) {
        let (start, end) = (a.min(b), a.max(b));
        let msg = caret_error(Span::call_site(), "rule", &text, start..end, "m", "h").to_string();
        let lines: Vec<&str> = msg.lines().collect();
        prop_assert_eq!(lines.len(), 4);
        let shown = lines[1].chars().count();
        let carets = lines[2].chars().count();
        prop_assert!(carets <= shown, "{:?}", lines);
        prop_assert!(lines[2].trim_start().chars().all(|c| c == '^'));
    }
}
