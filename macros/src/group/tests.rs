//! Expansion tests: what `routes_impl!` emits for small groups.

use quote::quote;

use super::routes_impl;

fn expand(input: proc_macro2::TokenStream) -> String {
    routes_impl(input).to_string()
}

#[test]
fn emits_one_function_per_state_and_the_group() {
    let out = expand(quote!([
        { handler: (a) rule: "/users/<int(min=1):id>" meta: { methods: [GET] } }
        { handler: (m::b) rule: "/users/<name>" meta: { } }
    ]));
    assert!(!out.contains("compile_error"), "{out}");
    // root, domain "", "users", the int state, the string state
    for f in [
        "fn __sw_s0",
        "fn __sw_s1",
        "fn __sw_s2",
        "fn __sw_s3",
        "fn __sw_s4",
        "fn __sw_root",
    ] {
        assert!(out.contains(f), "{f} missing in {out}");
    }
    assert!(!out.contains("fn __sw_s5"), "{out}");
    assert!(out.contains("IntConverter { fixed_digits : 0 , min : :: core :: option :: Option :: Some (1) , max : :: core :: option :: Option :: None , signed : false }"), "{out}");
    assert!(out.contains("a :: Args :: from_args"), "{out}");
    assert!(out.contains("m :: b :: Args :: from_args"), "{out}");
    assert!(out.contains("RouteGroup :: generated"), "{out}");
}

#[test]
fn negative_converter_arguments_are_expressions() {
    let out = expand(quote!([
        { handler: () rule: "/<int(signed=true, min=-5):n>/<float(signed=true, max=-0.5):x>" meta: { } }
    ]));
    assert!(out.contains("(- 5 as i128)"), "{out}");
    assert!(out.contains("(- 0.5f64)"), "{out}");
}

#[test]
fn regex_parts_are_built_once() {
    let out = expand(quote!([{ handler: () rule: "/<a>-<b>" meta: { } }]));
    assert!(out.contains("OnceLock"), "{out}");
    assert!(out.contains("dynamic_part"), "{out}");
}

#[test]
fn errors_name_both_routes_and_keep_a_stub() {
    for (input, needles) in [
        (
            quote!([
                { handler: () rule: "/p/<a>" meta: { endpoint: "first" } }
                { handler: () rule: "/p/<b>" meta: { endpoint: "second" } }
            ]),
            vec![
                "route `second`",
                "duplicates route `first`",
                "is defined here",
            ],
        ),
        (
            quote!([
                { handler: () rule: "/<x>" meta: { endpoint: "wide" } }
                { handler: () rule: "/<any(a, b):y>" meta: { endpoint: "narrow" } }
            ]),
            vec!["route `narrow`", "can never match", "`wide`"],
        ),
        (
            quote!([{ handler: () rule: "/<nope:x>" meta: { } }]),
            vec!["nope"],
        ),
    ] {
        let out = expand(input);
        assert!(out.contains("compile_error"), "{out}");
        assert!(
            out.contains("RouteGroup :: generated (& [] , & [] , false ,"),
            "stub missing: {out}"
        );
        for n in needles {
            assert!(out.contains(n), "{n} missing in {out}");
        }
    }
}

#[test]
fn possibly_rejecting_handlers_do_not_make_a_conflict() {
    // `wide`'s handler might reject a value (say, it takes a u8): `narrow` stays reachable.
    let out = expand(quote!([
        { handler: (wide) rule: "/<x>" meta: { } }
        { handler: (narrow) rule: "/<any(a, b):y>" meta: { } }
    ]));
    assert!(!out.contains("compile_error"), "{out}");
    // ... so the check is left to the type checker: it fails only if every `Args` field
    // of `wide` has a type that never rejects.
    assert!(out.contains("__SwReachable0"), "{out}");
    assert!(out.contains("probe (| a : wide :: Args | a . x)"), "{out}");
    let out = expand(quote!([
        { handler: (wide) rule: "/<x>" meta: { infallible: true } }
        { handler: (narrow) rule: "/<any(a, b):y>" meta: { } }
    ]));
    assert!(out.contains("can never match"), "{out}");
}

#[test]
fn malformed_entries_are_errors() {
    let out = expand(quote!([{ rule: "/x" }]));
    assert!(out.contains("expected `handler"), "{out}");
}

/// Prints a sample expansion (`cargo test -p stellwerk-macros sample -- --nocapture`).
#[test]
fn sample_expansion_is_well_formed() {
    let out = routes_impl(quote!([
        { handler: (show_user) rule: "/users/<int(min=1):id>" meta: { methods: [GET] } }
        { handler: (user_page) rule: "/users/<name>/" meta: { } }
    ]));
    syn::parse2::<syn::Expr>(out.clone()).expect("the expansion is an expression");
    println!("{out}");
}

#[test]
fn attribute_option_syntax_is_read() {
    let out = expand(quote!([
        { handler: () rule: "/a/" meta: { endpoint = "a", methods = ["GET", "post"], defaults(page = 1), strict_slashes = false, unknown_option = 3 } }
    ]));
    assert!(!out.contains("compile_error"), "{out}");
    assert!(out.contains("Borrowed (\"POST\")"), "{out}");
    assert!(
        out.contains("strict_slashes : :: core :: option :: Option :: Some (false)"),
        "{out}"
    );
    assert!(out.contains("interpret : true"), "{out}");
}

#[test]
fn custom_converters_are_reported() {
    let out = expand(quote!([{ handler: () rule: "/<Color:c>" meta: { endpoint = "c" } }]));
    assert!(out.contains("custom converter `Color`"), "{out}");
}

#[test]
fn a_host_turns_on_host_matching_for_the_group() {
    let out = expand(quote!([
        { handler: () rule: "/" meta: { endpoint = "a", host = "example.com" } }
        { handler: () rule: "/b" meta: { endpoint = "b" } }
    ]));
    assert!(out.contains("give every route a host"), "{out}");
}

#[test]
fn custom_converter_groups_are_interpreted() {
    let out = expand(quote!([
        { handler: (paint) rule: "/paint/<Color:c>" meta: { endpoint = "paint" } }
        { handler: (home) rule: "/" meta: { endpoint = "home" } }
    ]));
    assert!(!out.contains("compile_error"), "{out}");
    assert!(out.contains("RouteGroup :: interpreted"), "{out}");
    assert!(out.contains("& paint :: META"), "{out}");
}
