//! Unreachable routes (departure 17): a route that every URL it matches, for every method it
//! allows, is taken by a higher-priority route.
//!
//! The analysis is conservative: it only reports a pair when it can prove the shadowing
//! from the state machine, never on a guess. Route `a` shadows route `b` when
//!
//! * both have the same websocket flag, `a` accepts every method `b` accepts, and `b` is
//!   strict about trailing slashes or `a` is not (else `b` also takes `/x/` and `a` not);
//! * their paths through the machine have the same length and first differ at one state,
//!   where `a`'s transition is tried first (both dynamic, `a`'s earlier in weight order);
//! * from there on, at every position, `a`'s part accepts everything `b`'s part can
//!   match: equal static text, the same dynamic part, a dynamic part that accepts `b`'s
//!   static text, or (both single-segment dynamic parts) `b`'s regex language is included
//!   in `a`'s, decided on a DFA with regex-automata, and `a`'s converters there accept
//!   everything their regex matches (string, any, uuid, float without bounds; never int,
//!   which rejects values that overflow, nor custom converters).
//!
//! Whether `a`'s handler can reject the values (`Args::from_values`) is not known here; the
//! macro turns a [`Shadow`] into an error only when `a`'s argument conversion is
//! infallible ([`Shadow::needs_infallible`] lists the route).

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind, PatternID};

use crate::routing::converter::{Builtin, regex_escape};
use crate::routing::matcher::{ConverterRef, DynamicPart, Leaf, Piece, StateMachine};

use super::plan::{Edge, EdgeKind, Plan, route_paths};

/// Route `earlier` takes every request route `later` would match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shadow {
    /// The higher-priority route.
    pub earlier: usize,
    /// The unreachable route.
    pub later: usize,
    /// `later` is unreachable only if `earlier`'s handler accepts every value its
    /// converters produce (false when `earlier` has no variables at the diverging parts).
    pub needs_infallible: bool,
}

/// Finds unreachable routes; each unreachable route is reported once, with the first
/// route (in priority order of discovery) that shadows it.
///
/// ```
/// use stellwerk_runtime::routing::group::{compile, shadowed, RouteSpec};
///
/// let plan = compile(&[RouteSpec::new("/<x>", "a"), RouteSpec::new("/<string(length=2):y>", "b")]).unwrap();
/// let found = shadowed(&plan);
/// assert_eq!((found[0].earlier, found[0].later), (0, 1));
/// // Priority resolves these: int sorts before the default converter.
/// let plan = compile(&[RouteSpec::new("/<x>", "a"), RouteSpec::new("/<int:y>", "b")]).unwrap();
/// assert!(shadowed(&plan).is_empty());
/// ```
pub fn shadowed(plan: &Plan) -> Vec<Shadow> {
    let machine = plan.machine();
    let n = plan.routes.len();
    let paths = route_paths(machine, n);
    let leaves = leaves_by_rule(machine, n);
    let mut out = Vec::new();
    for b in 0..n {
        let (Some(pb), Some(lb)) = (&paths[b], &leaves[b]) else {
            continue;
        };
        for a in 0..n {
            if a == b {
                continue;
            }
            let (Some(pa), Some(la)) = (&paths[a], &leaves[a]) else {
                continue;
            };
            if let Some(needs_infallible) = shadows(machine, (pa, la), (pb, lb)) {
                out.push(Shadow {
                    earlier: a,
                    later: b,
                    needs_infallible,
                });
                break;
            }
        }
    }
    out
}

fn leaves_by_rule(machine: &StateMachine, n: usize) -> Vec<Option<Leaf>> {
    let mut out = vec![None; n];
    for state in &machine.states {
        for leaf in &state.leaves {
            if let Some(slot) = out.get_mut(leaf.rule) {
                *slot = Some(leaf.clone());
            }
        }
    }
    out
}

fn methods_cover(a: &Leaf, b: &Leaf) -> bool {
    match (&a.methods, &b.methods) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(ma), Some(mb)) => mb.iter().all(|m| ma.contains(m)),
    }
}

/// `Some(needs_infallible)` when `a` shadows `b`.
fn shadows(machine: &StateMachine, a: (&[Edge], &Leaf), b: (&[Edge], &Leaf)) -> Option<bool> {
    let ((pa, la), (pb, lb)) = (a, b);
    if la.websocket != lb.websocket || !methods_cover(la, lb) {
        return None;
    }
    if !lb.strict_slashes && la.strict_slashes {
        return None;
    }
    if pa.len() != pb.len() {
        return None;
    }
    let d = pa.iter().zip(pb).position(|(x, y)| x != y)?;
    // At the diverging state `a` must be tried first: both dynamic, `a` earlier.
    match (&pa[d].kind, &pb[d].kind) {
        (EdgeKind::Dynamic(i), EdgeKind::Dynamic(j)) if i < j => {}
        _ => return None,
    }
    let mut needs_infallible = false;
    for (ea, eb) in pa[d..].iter().zip(&pb[d..]) {
        match (&ea.kind, &eb.kind) {
            (EdgeKind::Static(x), EdgeKind::Static(y)) if x == y => {}
            (EdgeKind::Dynamic(i), EdgeKind::Static(y)) => {
                let part = &machine.states[ea.from].dynamics[*i].part;
                if part.is_final || !part.match_into(y, &mut Vec::new()) {
                    return None;
                }
                needs_infallible = true;
            }
            (EdgeKind::Dynamic(i), EdgeKind::Dynamic(j)) => {
                let x = &machine.states[ea.from].dynamics[*i].part;
                let y = &machine.states[eb.from].dynamics[*j].part;
                let same = x.key == y.key && x.is_final == y.is_final && x.suffixed == y.suffixed;
                if !same && !part_includes(x, y) {
                    return None;
                }
                needs_infallible = true;
            }
            _ => return None,
        }
    }
    Some(needs_infallible)
}

/// The regex of a single-segment part over its decoded text, `None` if a piece is not a
/// built-in converter.
fn part_regex(part: &DynamicPart) -> Option<String> {
    let mut re = String::new();
    for piece in &part.pieces {
        match piece {
            Piece::Static(s) => re.push_str(&regex_escape(s)),
            Piece::Convert(ConverterRef::Builtin(b)) => {
                re.push_str("(?:");
                re.push_str(&b.segment_regex());
                re.push(')');
            }
            Piece::Convert(ConverterRef::Custom(_)) => return None,
        }
    }
    Some(re)
}

/// A converter that accepts every text its regex matches.
fn never_rejects(b: &Builtin) -> bool {
    match b {
        Builtin::String(_) | Builtin::Any(_) | Builtin::Uuid(_) => true,
        Builtin::Float(f) => f.min.is_none() && f.max.is_none(),
        Builtin::Int(_) | Builtin::Path(_) => false,
    }
}

/// Does single-segment part `a` accept everything part `b` matches?
fn part_includes(a: &DynamicPart, b: &DynamicPart) -> bool {
    if a.is_final || b.is_final {
        return false;
    }
    let total = a.pieces.iter().all(|p| match p {
        Piece::Static(_) => true,
        Piece::Convert(ConverterRef::Builtin(b)) => never_rejects(b),
        Piece::Convert(ConverterRef::Custom(_)) => false,
    });
    if !total {
        return false;
    }
    match (part_regex(a), part_regex(b)) {
        (Some(ra), Some(rb)) => language_included(&rb, &ra).unwrap_or(false),
        _ => false,
    }
}

/// Is the language of regex `small` a subset of the language of regex `big` (both matched
/// against the whole text)? Walks every reachable state of one DFA over both patterns and
/// looks for an input that ends in a match of `small` only. `None` if the DFA cannot be
/// built (then nothing is claimed).
pub(crate) fn language_included(small: &str, big: &str) -> Option<bool> {
    let patterns = [format!("^(?:{small})$"), format!("^(?:{big})$")];
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Anchored)
                .dfa_size_limit(Some(8 << 20))
                .determinize_size_limit(Some(8 << 20)),
        )
        .build_many(&patterns)
        .ok()?;
    let begin = dfa
        .start_state(&start::Config::new().anchored(Anchored::Yes))
        .ok()?;
    let classes = *dfa.byte_classes();
    let mut seen = vec![begin];
    let mut todo = vec![begin];
    while let Some(id) = todo.pop() {
        let eoi = dfa.next_eoi_state(id);
        if dfa.is_match_state(eoi) {
            let ids: Vec<PatternID> = (0..dfa.match_len(eoi))
                .map(|i| dfa.match_pattern(eoi, i))
                .collect();
            if ids.contains(&PatternID::ZERO) && !ids.contains(&PatternID::must(1)) {
                return Some(false);
            }
        }
        for unit in classes.representatives(..) {
            let Some(byte) = unit.as_u8() else { continue };
            let next = dfa.next_state(id, byte);
            if dfa.is_dead_state(next) || seen.contains(&next) {
                continue;
            }
            seen.push(next);
            todo.push(next);
        }
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::language_included;

    #[test]
    fn inclusion_table() {
        for (small, big, expected) in [
            ("[0-9]+", "(?s:.){1,}", true),
            ("(?s:.){1,}", "[0-9]+", false),
            ("(?s:.){2}", "(?s:.){1,}", true),
            ("(?s:.){0,}", "(?s:.){1,}", false),
            ("a|b", "(?:a|b|c)", true),
            ("x\\.json", "(?s:.){1,}\\.json", true),
            ("(?s:.){1,}\\.json", "(?s:.){1,}", true),
            ("(?s:.){1,}", "(?s:.){1,}\\.json", false),
        ] {
            assert_eq!(
                language_included(small, big),
                Some(expected),
                "{small} in {big}"
            );
        }
    }
}
