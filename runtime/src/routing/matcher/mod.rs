//! The segment state machine: Werkzeug's `StateMachineMatcher` as plain data.
//!
//! A rule compiles ([`compile_parts`]) into a list of [`PartSpec`]s: the domain part first,
//! then one part per path segment (a `path`-like converter makes one *final* part that
//! spans the rest of the path). [`StateMachine::insert`] threads the parts through a trie
//! of [`State`]s held in a `Vec` and indexed by [`StateId`]: static parts are transitions by
//! exact segment text, dynamic parts are [`Transition`]s kept sorted by their
//! [`Weighting`] (the priority key). Building compiles every regex; [`StateMachine::search`]
//! only reads.
//!
//! Matching is a depth-first search with backtracking, in priority order: static first,
//! then dynamic transitions by weight; a converter that rejects a value makes the search
//! try the next candidate (departure 1).
//!
//! ```
//! use stellwerk_runtime::routing::matcher::{Leaf, PartSpec, Piece, SearchInput, StateMachine, Outcome};
//! use stellwerk_runtime::routing::converter::{Builtin, IntConverter};
//! use http::Method;
//!
//! let mut sm = StateMachine::new();
//! let parts = vec![
//!     PartSpec::Static(String::new()),             // the domain part
//!     PartSpec::Static("users".into()),
//!     PartSpec::dynamic(vec![Piece::builtin(Builtin::Int(IntConverter::default()))], false, false).unwrap(),
//! ];
//! sm.insert(&parts, Leaf { rule: 0, methods: None, websocket: false, strict_slashes: true }).unwrap();
//! let mut out = Default::default();
//! let outcome = sm.search(&SearchInput { domain: "", path: Some("users/42"), method: Some(&Method::GET), websocket: false }, &mut out);
//! assert!(matches!(outcome, Outcome::Found(0)));
//! assert_eq!(out.args[0].as_int(), Some(42));
//! ```

use std::cmp::Ordering;

use http::Method;

use super::text::same_bytes;
use super::value::Value;

mod compile;
mod part;
#[cfg(test)]
mod tests;
mod walk;

pub use compile::compile_parts;
pub use part::{ConverterRef, DynamicPart, PartError, PartSpec, Piece, Program, Weighting};
pub(crate) use part::{OWNED, Slots};
pub(crate) use walk::has_percent;

/// Index of a state in [`StateMachine::states`].
pub type StateId = usize;

/// A dynamic transition.
#[derive(Clone, Debug)]
pub struct Transition {
    /// What it matches.
    pub part: DynamicPart,
    /// Where it leads.
    pub target: StateId,
}

/// A rule that ends in a state, with what the search needs to filter it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// The rule's index in the owner's rule table.
    pub rule: usize,
    /// Accepted methods (upper-case, `HEAD` added with `GET`), `None` for any.
    pub methods: Option<Vec<Method>>,
    /// A websocket rule.
    pub websocket: bool,
    /// Strict slashes for this rule.
    pub strict_slashes: bool,
}

/// A static transition: exact segment text.
#[derive(Clone, Debug)]
pub struct StaticEdge {
    /// The segment text (decoded).
    pub text: Box<str>,
    /// Where it leads.
    pub target: StateId,
    /// The first eight bytes as an integer: most comparisons never touch the bytes.
    head: u64,
}

/// The first (up to) eight bytes of `text`, zero-padded, as an integer.
#[inline]
fn head_of(text: &[u8]) -> u64 {
    // Fixed-size loads: a copy of a variable length would be a `memcpy` call per segment.
    if let Some(first) = text.first_chunk::<8>() {
        return u64::from_le_bytes(*first);
    }
    if let Some(first) = text.first_chunk::<4>() {
        let low = u64::from(u32::from_le_bytes(*first));
        let mut rest = 0u64;
        for (i, &b) in text[4..].iter().enumerate() {
            rest |= u64::from(b) << (8 * i);
        }
        return low | rest << 32;
    }
    let mut head = 0u64;
    for (i, &b) in text.iter().enumerate() {
        head |= u64::from(b) << (8 * i);
    }
    head
}

/// The order of static edges: length, then head, then the remaining bytes. Not
/// lexicographic, but the same for insertion and lookup, and cheap.
#[inline]
fn edge_order(edge: &StaticEdge, len: usize, head: u64, text: &[u8]) -> Ordering {
    edge.text
        .len()
        .cmp(&len)
        .then(edge.head.cmp(&head))
        .then_with(|| {
            if len > 8 {
                edge.text.as_bytes()[8..].cmp(&text[8..])
            } else {
                Ordering::Equal
            }
        })
}

/// A state of the trie.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Static transitions, sorted by length, then content.
    pub statics: Vec<StaticEdge>,
    /// Dynamic transitions, sorted by [`Weighting`] (stable: ties keep insertion order).
    pub dynamics: Vec<Transition>,
    /// Rules ending here, in insertion order.
    pub leaves: Vec<Leaf>,
    /// Open-addressing table of indexes into `statics` (empty slots are `u32::MAX`), used
    /// when there are more than a few static transitions.
    table: Vec<u32>,
}

/// How many static transitions are scanned linearly before the hash table is used.
const LINEAR_STATICS: usize = 4;

/// The hash of a static segment for the table: its length and its first, middle and last
/// bytes. Cheap (no loop, no variable-length load), and segments of one state rarely
/// agree on all four; those that do only cost a probe.
#[inline]
fn static_hash(text: &[u8]) -> u64 {
    let n = text.len();
    let key = match text {
        [] => 0,
        [first, .., last] => {
            n as u64
                | u64::from(*first) << 16
                | u64::from(text[n / 2]) << 24
                | u64::from(*last) << 32
        }
        [only] => n as u64 | u64::from(*only) << 16,
    };
    let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // Fold the well-mixed high half into the low bits the table index uses.
    h ^ (h >> 32)
}

impl State {
    /// The static transition for this exact segment text.
    #[inline]
    pub fn static_target(&self, segment: &str) -> Option<StateId> {
        if self.statics.is_empty() {
            return None;
        }
        let bytes = segment.as_bytes();
        let matches = |e: &StaticEdge| same_bytes(e.text.as_bytes(), bytes);
        if self.table.is_empty() {
            return self.statics.iter().find(|e| matches(e)).map(|e| e.target);
        }
        let mask = self.table.len() - 1;
        let mut slot = static_hash(bytes) as usize & mask;
        loop {
            let index = self.table[slot];
            let edge = self.statics.get(index as usize)?;
            if matches(edge) {
                return Some(edge.target);
            }
            slot = (slot + 1) & mask;
        }
    }

    fn static_index(&self, text: &str) -> Result<usize, usize> {
        let bytes = text.as_bytes();
        let head = head_of(bytes);
        self.statics
            .binary_search_by(|e| edge_order(e, bytes.len(), head, bytes))
    }

    /// Rebuilds the hash table after the static transitions changed.
    fn reindex(&mut self) {
        self.table.clear();
        if self.statics.len() <= LINEAR_STATICS {
            return;
        }
        // At most a quarter full, so probes (hits, and misses that end at an empty slot)
        // stay short, and an empty slot always exists.
        let size = (self.statics.len() * 4).next_power_of_two();
        self.table.resize(size, u32::MAX);
        let mask = size - 1;
        for (i, edge) in self.statics.iter().enumerate() {
            let bytes = edge.text.as_bytes();
            let mut slot = static_hash(bytes) as usize & mask;
            while self.table[slot] != u32::MAX {
                slot = (slot + 1) & mask;
            }
            self.table[slot] = u32::try_from(i).unwrap_or(u32::MAX);
        }
    }
}

/// The trie. State 0 is the root (before the domain part).
#[derive(Clone, Debug)]
pub struct StateMachine {
    /// All states; transitions refer to them by index.
    pub states: Vec<State>,
}

impl Default for StateMachine {
    fn default() -> Self {
        Self::new()
    }
}

/// Do two method sets overlap for duplicate detection (Werkzeug 3.17): equal, either is
/// "any", or they share a method other than `HEAD`/`OPTIONS`.
pub fn methods_overlap(a: &Option<Vec<Method>>, b: &Option<Vec<Method>>) -> bool {
    match (a, b) {
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) => {
            a == b
                || a.iter()
                    .any(|m| *m != Method::HEAD && *m != Method::OPTIONS && b.contains(m))
        }
    }
}

impl StateMachine {
    /// An empty machine (just the root).
    pub fn new() -> Self {
        StateMachine {
            states: vec![State::default()],
        }
    }

    /// Adds a rule's parts, returning the index of the rule it duplicates if any (same
    /// final state, same websocket flag, overlapping methods).
    pub fn insert(&mut self, parts: &[PartSpec], leaf: Leaf) -> Result<StateId, usize> {
        let mut state = 0;
        for part in parts {
            state = match part {
                PartSpec::Static(text) => match self.states[state].static_index(text) {
                    Ok(i) => self.states[state].statics[i].target,
                    Err(i) => {
                        let id = self.push_state();
                        let st = &mut self.states[state];
                        st.statics.insert(
                            i,
                            StaticEdge {
                                text: text.clone().into_boxed_str(),
                                target: id,
                                head: head_of(text.as_bytes()),
                            },
                        );
                        st.reindex();
                        id
                    }
                },
                PartSpec::Dynamic(part) => {
                    let existing = self.states[state].dynamics.iter().find(|t| {
                        t.part.key == part.key
                            && t.part.is_final == part.is_final
                            && t.part.suffixed == part.suffixed
                    });
                    match existing {
                        Some(t) => t.target,
                        None => {
                            let id = self.push_state();
                            let dynamics = &mut self.states[state].dynamics;
                            // Stable: after every transition that sorts before or equal.
                            let at = dynamics.partition_point(|t| t.part.weight <= part.weight);
                            dynamics.insert(
                                at,
                                Transition {
                                    part: part.clone(),
                                    target: id,
                                },
                            );
                            id
                        }
                    }
                }
            };
        }
        let leaves = &mut self.states[state].leaves;
        if let Some(dup) = leaves
            .iter()
            .find(|l| l.websocket == leaf.websocket && methods_overlap(&l.methods, &leaf.methods))
        {
            return Err(dup.rule);
        }
        leaves.push(leaf);
        Ok(state)
    }

    fn push_state(&mut self) -> StateId {
        self.states.push(State::default());
        self.states.len() - 1
    }

    /// Searches for the highest-priority rule matching `input`. Converted values of the
    /// found rule's variables are left in `out.args` in rule order.
    pub fn search(&self, input: &SearchInput<'_>, out: &mut SearchOutput) -> Outcome {
        out.args.clear();
        let mut slots = Slots::default();
        let encoded = input.path.is_some_and(has_percent);
        let outcome = self.find(input, encoded, &mut slots, out);
        if let Outcome::Found(_) = outcome {
            let path = input.path.unwrap_or("");
            out.args
                .extend((0..slots.len()).map(|i| slots.take(i, path)));
        }
        outcome
    }
}

/// What to search for.
#[derive(Clone, Debug)]
pub struct SearchInput<'a> {
    /// The domain part: the subdomain, the host (host matching), or `""`.
    pub domain: &'a str,
    /// The raw (percent-encoded) path with leading slashes removed; `None` for an empty
    /// request path (which never matches a rule directly, only a slash redirect).
    pub path: Option<&'a str>,
    /// The request method; `None` probes (only rules accepting any method fit, every other
    /// rule records its methods).
    pub method: Option<&'a Method>,
    /// Match websocket rules (true) or HTTP rules (false).
    pub websocket: bool,
}

/// The result of a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// This rule matched; its values are in [`SearchOutput::args`].
    Found(usize),
    /// The best candidate is a strict branch rule: redirect to the path plus `/`.
    SlashRequired,
    /// Nothing matched; see [`SearchOutput::allowed`] and
    /// [`SearchOutput::websocket_mismatch`].
    NotFound,
    /// A segment does not percent-decode to UTF-8.
    BadPath,
}

/// Values and diagnostics collected by a search (reusable between searches).
#[derive(Clone, Debug, Default)]
pub struct SearchOutput {
    /// The converted values of the found rule, in rule order.
    pub args: Vec<Value>,
    /// Methods of rules that matched structurally but not by method.
    pub allowed: Vec<Method>,
    /// A rule matched structurally but its websocket flag did not.
    pub websocket_mismatch: bool,
}

fn method_eq(a: &Method, b: &Method) -> bool {
    a == b || a.as_str().eq_ignore_ascii_case(b.as_str())
}

impl SearchOutput {
    #[inline]
    fn method_ok(leaf: &Leaf, input: &SearchInput<'_>) -> bool {
        match (&leaf.methods, input.method) {
            (None, _) => true,
            (Some(ms), Some(m)) => ms.iter().any(|x| method_eq(x, m)),
            (Some(_), None) => false,
        }
    }

    #[inline(always)]
    fn fits(&mut self, leaf: &Leaf, input: &SearchInput<'_>) -> bool {
        // The common leaf: any method, matching websocket flag.
        (leaf.methods.is_none() && leaf.websocket == input.websocket)
            || self.fits_slowly(leaf, input)
    }

    /// [`SearchOutput::fits`] for leaves with methods (or a websocket mismatch): records
    /// why a leaf did not fit.
    #[inline(never)]
    fn fits_slowly(&mut self, leaf: &Leaf, input: &SearchInput<'_>) -> bool {
        if !Self::method_ok(leaf, input) {
            for m in leaf.methods.iter().flatten() {
                if !self.allowed.contains(m) {
                    self.allowed.push(m.clone());
                }
            }
            return false;
        }
        if leaf.websocket != input.websocket {
            self.websocket_mismatch = true;
            return false;
        }
        true
    }

    fn fits_quietly(&self, leaf: &Leaf, input: &SearchInput<'_>) -> bool {
        Self::method_ok(leaf, input) && leaf.websocket == input.websocket
    }
}
