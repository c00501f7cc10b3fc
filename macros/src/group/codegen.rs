//! The matcher as Rust code: one function per state of the plan's state machine.
//!
//! Each state function mirrors [`Plan::search`](stellwerk_runtime::routing::group::Plan):
//! at the end of the path it checks the state's routes (then the slash-redirect
//! candidates); otherwise it decodes the segment, tries the static transitions with a
//! `match` on the segment's length and text, then the dynamic transitions in priority
//! order (built-in converter calls, or a regex part built once in a `OnceLock`), undoing
//! collected values when a branch fails, and finally the non-strict routes that tolerate a
//! trailing slash.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use stellwerk_runtime::routing::converter::Builtin;
use stellwerk_runtime::routing::group::{Plan, method_mask};
use stellwerk_runtime::routing::matcher::{Leaf, Program, StateId};

use super::tokens;

fn state_fn(id: StateId) -> Ident {
    format_ident!("__sw_s{}", id)
}

fn accept_fn(rule: usize) -> Ident {
    format_ident!("__sw_accept{}", rule)
}

fn leaf_methods(leaf: &Leaf) -> TokenStream {
    tokens::methods(
        leaf.methods
            .as_ref()
            .map(|ms| ms.iter().map(|m| m.as_str()).collect()),
    )
}

/// The leaf's method bits (`method_mask`), computed now so the check is one bit test.
fn leaf_mask(leaf: &Leaf) -> proc_macro2::Literal {
    let names: Option<Vec<&str>> = leaf
        .methods
        .as_ref()
        .map(|ms| ms.iter().map(|m| m.as_str()).collect());
    proc_macro2::Literal::u16_unsuffixed(method_mask(names.as_deref()))
}

/// A part cannot be generated (a custom converter): the caller reports it.
#[derive(Debug)]
pub struct Unsupported {
    /// A route using the part.
    pub state: StateId,
}

/// The matcher: the state functions and a `__sw_root` entry point. `accept` says which
/// routes have an `Args::from_values` check (emitted by the caller as `__sw_accept{i}`).
pub fn matcher(plan: &Plan, accept: &[bool]) -> Result<TokenStream, Unsupported> {
    let g = tokens::group_path();
    let c = tokens::codegen_path();
    let machine = plan.machine();
    let mut fns = Vec::with_capacity(machine.states.len());
    for (id, state) in machine.states.iter().enumerate() {
        let name = state_fn(id);
        let check = |leaf: &Leaf| {
            let rule = leaf.rule;
            let ms = leaf_methods(leaf);
            let ws = leaf.websocket;
            let accept = if accept.get(rule).copied().unwrap_or(false) {
                let f = accept_fn(rule);
                quote!(#f(s.args()) &&)
            } else {
                quote!()
            };
            (rule, ms, ws, accept)
        };
        let end_leaves = state.leaves.iter().map(|leaf| {
            let (rule, ms, ws, accept) = check(leaf);
            let mask = leaf_mask(leaf);
            quote!(if #accept s.fits_masked(#mask, #ms, #ws) { return Ok(Some(#rule)); })
        });
        let slash_leaves = plan.slash_leaves(id).iter().map(|leaf| {
            let (rule, ms, ws, accept) = check(leaf);
            let found = if leaf.strict_slashes {
                quote!(Err(#g::Abort::SlashRequired))
            } else {
                quote!(Ok(Some(#rule)))
            };
            quote!(if #accept s.fits_quietly(#ms, #ws) { return #found; })
        });
        // Static transitions: one `match` on the segment's bytes with array patterns, which
        // rustc lowers to a switch on the length and then byte by byte (a decision tree),
        // instead of comparing whole strings one after the other.
        // Few transitions: direct calls (inlinable). Many: the `match` only picks the target
        // function and one call follows, which keeps big states cheap to type-check and
        // borrow-check (a `?` per arm multiplies the MIR).
        let many = state.statics.len() > 4;
        let arms: Vec<TokenStream> = state
            .statics
            .iter()
            .map(|edge| {
                let f = state_fn(edge.target);
                let bytes = edge.text.bytes().map(proc_macro2::Literal::u8_suffixed);
                if many {
                    quote!([#(#bytes),*] => #f)
                } else {
                    quote!([#(#bytes),*] => if let Some(r) = #f(s, next)? { return Ok(Some(r)); })
                }
            })
            .collect();
        let statics = if arms.is_empty() {
            quote!()
        } else if many {
            quote! {
                let target: #g::StateFn = match seg.as_bytes() { #(#arms,)* _ => __sw_none };
                if let Some(r) = target(s, next)? { return Ok(Some(r)); }
            }
        } else {
            quote!(match seg.as_bytes() { #(#arms,)* _ => {} })
        };
        let mut dynamics = Vec::new();
        for (i, t) in state.dynamics.iter().enumerate() {
            let target = state_fn(t.target);
            let part = &t.part;
            let (text_src, setup) = if part.is_final {
                let suffixed = part.suffixed;
                (
                    quote!(text),
                    quote!(let Some((text, after)) = s.final_text(pos, #suffixed)? else { break 'part; };),
                )
            } else {
                (quote!(seg), quote!(let after = next;))
            };
            let matched = match &part.program {
                Program::Single {
                    prefix,
                    converter,
                    suffix,
                } => {
                    let conv = tokens::converter(converter);
                    let strip = match (prefix.is_empty(), suffix.is_empty()) {
                        (true, true) => quote!(Some(&*#text_src)),
                        (false, true) => quote!(#text_src.strip_prefix(#prefix)),
                        (true, false) => quote!(#text_src.strip_suffix(#suffix)),
                        (false, false) => {
                            quote!(#text_src.strip_prefix(#prefix).and_then(|r| r.strip_suffix(#suffix)))
                        }
                    };
                    // The value borrows the path when the segment did (no decoding): only
                    // numbers and UUIDs are converted.
                    let kept = if prefix.is_empty() && suffix.is_empty() {
                        quote!(#text_src.clone())
                    } else {
                        let (p, q) = (prefix.len(), suffix.len());
                        quote!(#c::trimmed(&#text_src, #p, #q))
                    };
                    let value = |variant: TokenStream| {
                        quote!(match #strip {
                            Some(m) => s.push_arg(#conv.parse(m).map(#c::Arg::#variant)),
                            None => false,
                        })
                    };
                    match converter {
                        // The default string converter (any non-empty text): inline check.
                        Builtin::String(sc) if sc.minlength <= 1 && sc.maxlength.is_none() => {
                            let check = if sc.minlength == 0 {
                                quote!(true)
                            } else {
                                quote!(!m.is_empty())
                            };
                            quote!(match #strip {
                                Some(m) if #check => s.push_text(#kept),
                                _ => false,
                            })
                        }
                        Builtin::Int(_) => value(quote!(Int)),
                        Builtin::Float(_) => value(quote!(Float)),
                        Builtin::Uuid(_) => value(quote!(Uuid)),
                        Builtin::String(_) | Builtin::Path(_) | Builtin::Any(_) => {
                            quote!(match #strip {
                                Some(m) if #conv.accepts(m) => s.push_text(#kept),
                                _ => false,
                            })
                        }
                    }
                }
                Program::Regex { .. } => {
                    let pieces = part
                        .pieces
                        .iter()
                        .map(tokens::piece)
                        .collect::<Option<Vec<_>>>()
                        .ok_or(Unsupported { state: id })?;
                    let is_final = part.is_final;
                    let suffixed = part.suffixed;
                    let cell = format_ident!("__SW_PART{}_{}", id, i);
                    quote!({
                        static #cell: #c::OnceLock<#c::DynamicPart> = #c::OnceLock::new();
                        let part = #cell
                            .get_or_init(|| #c::dynamic_part(vec![#(#pieces),*], #is_final, #suffixed));
                        s.push_part(part, &#text_src)
                    })
                }
            };
            dynamics.push(quote!('part: {
                let mark = s.mark();
                #setup
                if #matched {
                    if let Some(r) = #target(s, after)? { return Ok(Some(r)); }
                    s.reset(mark);
                }
            }));
        }
        let tolerant: Vec<TokenStream> = state
            .leaves
            .iter()
            .filter(|l| !l.strict_slashes)
            .map(|leaf| {
                let (rule, ms, ws, accept) = check(leaf);
                quote!(if #accept s.fits(#ms, #ws) { return Ok(Some(#rule)); })
            })
            .collect();
        let tolerant = if tolerant.is_empty() {
            quote!()
        } else {
            quote!(if s.at_trailing_slash(pos, raw) { #(#tolerant)* })
        };
        fns.push(quote! {
            #[allow(unused_variables, unused_labels, clippy::all)]
            fn #name(s: &mut #g::Search<'_>, pos: #g::Pos) -> #g::Step {
                let Some((raw, next)) = s.next(pos) else {
                    #(#end_leaves)*
                    #(#slash_leaves)*
                    return Ok(None);
                };
                let seg = s.decode(pos, raw)?;
                #statics
                #(#dynamics)*
                #tolerant
                Ok(None)
            }
        });
    }
    let root = state_fn(0);
    let _ = Span::call_site();
    Ok(quote! {
        #(#fns)*
        fn __sw_none(_: &mut #g::Search<'_>, _: #g::Pos) -> #g::Step {
            Ok(None)
        }
        fn __sw_root(s: &mut #g::Search<'_>) -> #g::Step {
            #root(s, #g::Pos::Domain)
        }
    })
}
