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

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use http::Method;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, PatternID};

use super::converter::{Builtin, Converter, regex_escape};
use super::quote::decode_segment;
use super::rule::{ParsedRule, Token, Variable};
use super::value::Value;

/// Index of a state in [`StateMachine::states`].
pub type StateId = usize;

/// A converter as the matcher sees it: a built-in (dispatched by `match`) or a custom one.
#[derive(Clone, Debug)]
pub enum ConverterRef {
    /// A built-in converter.
    Builtin(Builtin),
    /// A custom converter.
    Custom(Arc<dyn Converter>),
}

impl ConverterRef {
    /// The converter as a trait object.
    pub fn as_dyn(&self) -> &dyn Converter {
        match self {
            ConverterRef::Builtin(b) => b,
            ConverterRef::Custom(c) => c.as_ref(),
        }
    }

    /// Checks and converts matched text.
    pub fn convert(&self, text: &str) -> Option<Value> {
        match self {
            ConverterRef::Builtin(b) => b.convert(text),
            ConverterRef::Custom(c) => c.to_value(text).ok(),
        }
    }
}

/// A piece of a dynamic part: static text or a converter.
#[derive(Clone, Debug)]
pub enum Piece {
    /// Literal (decoded) text; inside a final part it may contain `/`.
    Static(String),
    /// A converter.
    Convert(ConverterRef),
}

impl Piece {
    /// A built-in converter piece.
    pub fn builtin(b: Builtin) -> Piece {
        Piece::Convert(ConverterRef::Builtin(b))
    }
}

/// The priority key of a dynamic part (Werkzeug's `Weighting`). Smaller sorts first:
/// more static chunks, then longer static chunks position by position, then more
/// converters, then lower converter weights. The `Ord` impl is the single definition of
/// the order, shared by the [`Map`](super::Map) and the macros.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weighting {
    /// Lengths (in bytes) of the static chunks inside the part, in order (`/` separators of
    /// final parts are not counted).
    pub static_lengths: Vec<usize>,
    /// The weights of the part's converters, in order.
    pub converter_weights: Vec<u32>,
}

impl Weighting {
    /// The weighting of a dynamic part made of these pieces.
    pub fn of(pieces: &[Piece]) -> Weighting {
        let mut static_lengths = Vec::new();
        let mut converter_weights = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Static(text) => {
                    static_lengths.extend(text.split('/').filter(|c| !c.is_empty()).map(str::len))
                }
                Piece::Convert(c) => converter_weights.push(c.as_dyn().weight()),
            }
        }
        Weighting {
            static_lengths,
            converter_weights,
        }
    }
}

impl Ord for Weighting {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .static_lengths
            .len()
            .cmp(&self.static_lengths.len())
            .then_with(|| {
                // Longer chunk first, position by position.
                for (a, b) in self.static_lengths.iter().zip(&other.static_lengths) {
                    match b.cmp(a) {
                        Ordering::Equal => {}
                        o => return o,
                    }
                }
                Ordering::Equal
            })
            .then_with(|| {
                other
                    .converter_weights
                    .len()
                    .cmp(&self.converter_weights.len())
            })
            .then_with(|| self.converter_weights.cmp(&other.converter_weights))
    }
}

impl PartialOrd for Weighting {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How a dynamic part is matched.
#[derive(Clone, Debug)]
pub enum Program {
    /// `prefix`, one built-in converter, `suffix`: matched by hand (strip prefix and suffix,
    /// convert the middle).
    Single {
        /// Static text before the converter.
        prefix: String,
        /// The converter.
        converter: Builtin,
        /// Static text after the converter.
        suffix: String,
    },
    /// Anything else: an anchored regex (compiled when the part is built) with one capture
    /// group per converter, at the given group indexes.
    Regex {
        /// The compiled regex (linear time: regex-automata's meta engine).
        regex: Arc<Regex>,
        /// The capture group index of each converter, in order.
        groups: Vec<usize>,
        /// The converters, in order.
        converters: Vec<ConverterRef>,
    },
}

/// A dynamic transition's condition.
#[derive(Clone, Debug)]
pub struct DynamicPart {
    /// The pieces, adjacent static text merged.
    pub pieces: Vec<Piece>,
    /// Spans the rest of the path (contains a `path`-like converter).
    pub is_final: bool,
    /// A final part of a rule ending in `/`: the trailing slash is optional here, and a
    /// static `""` part follows.
    pub suffixed: bool,
    /// The priority key.
    pub weight: Weighting,
    /// Identity: parts with equal keys share a transition.
    pub key: String,
    /// How to match it.
    pub program: Program,
}

/// An error compiling a dynamic part (a custom converter's regex does not compile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartError {
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for PartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PartError {}

/// One part of a compiled rule.
#[derive(Clone, Debug)]
pub enum PartSpec {
    /// Exact segment text (decoded).
    Static(String),
    /// A dynamic part.
    Dynamic(DynamicPart),
}

impl PartSpec {
    /// Builds a dynamic part from its pieces: merges adjacent static text, computes the
    /// weighting and key, and compiles the match program.
    pub fn dynamic(
        pieces: Vec<Piece>,
        is_final: bool,
        suffixed: bool,
    ) -> Result<PartSpec, PartError> {
        let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match (merged.last_mut(), piece) {
                (Some(Piece::Static(prev)), Piece::Static(s)) => prev.push_str(&s),
                (_, Piece::Static(s)) if s.is_empty() => {}
                (_, p) => merged.push(p),
            }
        }
        let weight = Weighting::of(&merged);
        let mut key = String::new();
        for piece in &merged {
            match piece {
                Piece::Static(s) => {
                    key.push('"');
                    key.push_str(&s.replace('\\', "\\\\").replace('"', "\\\""));
                    key.push('"');
                }
                Piece::Convert(c) => {
                    key.push('<');
                    key.push_str(&c.as_dyn().key());
                    key.push('>');
                }
            }
        }
        if is_final {
            key.push_str(if suffixed { "/final+slash" } else { "/final" });
        }
        let program = compile_program(&merged, is_final)?;
        Ok(PartSpec::Dynamic(DynamicPart {
            pieces: merged,
            is_final,
            suffixed,
            weight,
            key,
            program,
        }))
    }
}

fn compile_program(pieces: &[Piece], is_final: bool) -> Result<Program, PartError> {
    let converters: Vec<&ConverterRef> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Convert(c) => Some(c),
            Piece::Static(_) => None,
        })
        .collect();
    if let [ConverterRef::Builtin(b)] = converters.as_slice() {
        let mut prefix = String::new();
        let mut suffix = String::new();
        let mut seen = false;
        for piece in pieces {
            match piece {
                Piece::Static(s) if seen => suffix.push_str(s),
                Piece::Static(s) => prefix.push_str(s),
                Piece::Convert(_) => seen = true,
            }
        }
        return Ok(Program::Single {
            prefix,
            converter: b.clone(),
            suffix,
        });
    }
    let mut pattern = String::from("^(?:");
    let mut n = 0;
    for piece in pieces {
        match piece {
            Piece::Static(s) => pattern.push_str(&regex_escape(s)),
            Piece::Convert(c) => {
                let re = match (c, is_final) {
                    // Inside one decoded segment `/` may appear (from %2F).
                    (ConverterRef::Builtin(b), false) => b.segment_regex(),
                    (c, _) => c.as_dyn().regex().into_owned(),
                };
                pattern.push_str(&format!("(?P<__sw{n}>{re})"));
                n += 1;
            }
        }
    }
    pattern.push_str(")$");
    let regex = Regex::new(&pattern).map_err(|e| PartError {
        message: format!("the converter regex does not compile ({pattern}): {e}"),
    })?;
    let groups = (0..n)
        .map(|i| {
            regex
                .group_info()
                .to_index(PatternID::ZERO, &format!("__sw{i}"))
                .ok_or_else(|| PartError {
                    message: format!("capture group __sw{i} missing in {pattern}"),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Program::Regex {
        regex: Arc::new(regex),
        groups,
        converters: converters.into_iter().cloned().collect(),
    })
}

impl DynamicPart {
    /// Matches `text` (one decoded segment, or the decoded rest of the path for a final
    /// part) and pushes the converted values; false (and nothing pushed) when it does not
    /// match or a converter rejects.
    pub fn match_into(&self, text: &str, out: &mut Vec<Value>) -> bool {
        match &self.program {
            Program::Single {
                prefix,
                converter,
                suffix,
            } => {
                let Some(rest) = text.strip_prefix(prefix.as_str()) else {
                    return false;
                };
                let Some(middle) = rest.strip_suffix(suffix.as_str()) else {
                    return false;
                };
                match converter.convert(middle) {
                    Some(v) => {
                        out.push(v);
                        true
                    }
                    None => false,
                }
            }
            Program::Regex {
                regex,
                groups,
                converters,
            } => {
                let mut caps: Captures = regex.create_captures();
                regex.search_captures(&Input::new(text).anchored(Anchored::Yes), &mut caps);
                if !caps.is_match() {
                    return false;
                }
                let mark = out.len();
                for (group, conv) in groups.iter().zip(converters) {
                    let value = caps
                        .get_group(*group)
                        .and_then(|span| conv.convert(&text[span.range()]));
                    match value {
                        Some(v) => out.push(v),
                        None => {
                            out.truncate(mark);
                            return false;
                        }
                    }
                }
                true
            }
        }
    }
}

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

/// A state of the trie.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Static transitions, sorted by (length, bytes) of the segment text.
    pub statics: Vec<(Box<str>, StateId)>,
    /// Dynamic transitions, sorted by [`Weighting`] (stable: ties keep insertion order).
    pub dynamics: Vec<Transition>,
    /// Rules ending here, in insertion order.
    pub leaves: Vec<Leaf>,
}

fn static_order(a: &str, b: &str) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

impl State {
    /// The static transition for this exact segment text.
    #[inline]
    pub fn static_target(&self, segment: &str) -> Option<StateId> {
        match self.statics.len() {
            0 => None,
            1..=4 => self
                .statics
                .iter()
                .find(|(s, _)| **s == *segment)
                .map(|(_, t)| *t),
            _ => self
                .statics
                .binary_search_by(|(s, _)| static_order(s, segment))
                .ok()
                .map(|i| self.statics[i].1),
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
                PartSpec::Static(text) => match self.states[state]
                    .statics
                    .binary_search_by(|(s, _)| static_order(s, text))
                {
                    Ok(i) => self.states[state].statics[i].1,
                    Err(i) => {
                        let id = self.push_state();
                        self.states[state]
                            .statics
                            .insert(i, (text.clone().into_boxed_str(), id));
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
        match self.walk(0, Pos::Domain, input, out) {
            Ok(Some(rule)) => Outcome::Found(rule),
            Ok(None) => Outcome::NotFound,
            Err(Abort::SlashRequired) => Outcome::SlashRequired,
            Err(Abort::BadPath) => Outcome::BadPath,
        }
    }

    fn walk(
        &self,
        id: StateId,
        pos: Pos,
        input: &SearchInput<'_>,
        out: &mut SearchOutput,
    ) -> Result<Option<usize>, Abort> {
        let state = &self.states[id];
        let Some((raw, next)) = input.next_segment(pos) else {
            for leaf in &state.leaves {
                if out.fits(leaf, input) {
                    return Ok(Some(leaf.rule));
                }
            }
            if let Some(child) = state.static_target("") {
                for leaf in &self.states[child].leaves {
                    if out.fits_quietly(leaf, input) {
                        if leaf.strict_slashes {
                            return Err(Abort::SlashRequired);
                        }
                        return Ok(Some(leaf.rule));
                    }
                }
            }
            return Ok(None);
        };
        let segment = match pos {
            Pos::Domain => Cow::Borrowed(raw),
            _ => decode_segment(raw).ok_or(Abort::BadPath)?,
        };
        if let Some(child) = state.static_target(&segment) {
            if let Some(rule) = self.walk(child, next, input, out)? {
                return Ok(Some(rule));
            }
        }
        for t in &state.dynamics {
            let mark = out.args.len();
            if !t.part.is_final {
                if t.part.match_into(&segment, &mut out.args) {
                    if let Some(rule) = self.walk(t.target, next, input, out)? {
                        return Ok(Some(rule));
                    }
                    out.args.truncate(mark);
                }
                continue;
            }
            let Pos::Path(offset) = pos else { continue };
            let raw_rest = &input.path.unwrap_or("")[offset..];
            let rest = decode_rest(raw_rest).ok_or(Abort::BadPath)?;
            let (text, after) = if t.part.suffixed && rest.ends_with('/') {
                // `(?<!/)(/?)`: the optional slash is taken, and the value may not end in '/'.
                let text = &rest[..rest.len() - 1];
                if text.ends_with('/') {
                    continue;
                }
                (text, Pos::Path(input.path.map_or(0, str::len)))
            } else {
                (&rest[..], Pos::End)
            };
            if t.part.match_into(text, &mut out.args) {
                if let Some(rule) = self.walk(t.target, after, input, out)? {
                    return Ok(Some(rule));
                }
                out.args.truncate(mark);
            }
        }
        // A single trailing empty segment: a non-strict leaf here tolerates it.
        if matches!(pos, Pos::Path(o) if o == input.path.map_or(0, str::len)) && raw.is_empty() {
            for leaf in &state.leaves {
                if !leaf.strict_slashes && out.fits(leaf, input) {
                    return Ok(Some(leaf.rule));
                }
            }
        }
        Ok(None)
    }
}

fn decode_rest(raw: &str) -> Option<Cow<'_, str>> {
    if !raw.as_bytes().contains(&b'%') {
        return Some(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    for (i, seg) in raw.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&decode_segment(seg)?);
    }
    Some(Cow::Owned(out))
}

enum Abort {
    SlashRequired,
    BadPath,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pos {
    Domain,
    Path(usize),
    End,
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

impl<'a> SearchInput<'a> {
    #[inline]
    fn next_segment(&self, pos: Pos) -> Option<(&'a str, Pos)> {
        match pos {
            Pos::Domain => Some((
                self.domain,
                if self.path.is_some() {
                    Pos::Path(0)
                } else {
                    Pos::End
                },
            )),
            Pos::Path(offset) => {
                let rest = &self.path.unwrap_or("")[offset..];
                match rest.find('/') {
                    Some(i) => Some((&rest[..i], Pos::Path(offset + i + 1))),
                    None => Some((rest, Pos::End)),
                }
            }
            Pos::End => None,
        }
    }
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
    fn method_ok(leaf: &Leaf, input: &SearchInput<'_>) -> bool {
        match (&leaf.methods, input.method) {
            (None, _) => true,
            (Some(ms), Some(m)) => ms.iter().any(|x| method_eq(x, m)),
            (Some(_), None) => false,
        }
    }

    fn fits(&mut self, leaf: &Leaf, input: &SearchInput<'_>) -> bool {
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

/// Splits a rule (and its domain) into parts, resolving each placeholder's converter with
/// `resolve`. This is how both the [`Map`](super::Map) and the macros compile a rule.
///
/// `merge_slashes` collapses repeated `/` in the rule first. The domain becomes exactly one
/// part (static text lower-cased, since hosts compare lower-cased).
pub fn compile_parts<E>(
    domain: Option<&ParsedRule>,
    path: &ParsedRule,
    merge_slashes: bool,
    resolve: &mut dyn FnMut(&Variable) -> Result<ConverterRef, E>,
    part_error: &mut dyn FnMut(PartError) -> E,
) -> Result<Vec<PartSpec>, E> {
    let mut parts = Vec::new();
    // The domain part.
    match domain {
        None => parts.push(PartSpec::Static(String::new())),
        Some(d) => {
            let mut pieces = Vec::new();
            for token in &d.tokens {
                match token {
                    Token::Static(s) => pieces.push(Piece::Static(s.text.to_ascii_lowercase())),
                    Token::Variable(v) => pieces.push(Piece::Convert(resolve(v)?)),
                    Token::Slash(_) => {}
                }
            }
            if pieces.iter().all(|p| matches!(p, Piece::Static(_))) {
                let text: String = pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Static(s) => s.as_str(),
                        Piece::Convert(_) => "",
                    })
                    .collect();
                parts.push(PartSpec::Static(text));
            } else {
                parts.push(PartSpec::dynamic(pieces, false, false).map_err(&mut *part_error)?);
            }
        }
    }
    // Split the path tokens (after the leading slash) into segments.
    let mut segments: Vec<Vec<&Token>> = vec![Vec::new()];
    let mut tokens = path.tokens.iter().peekable();
    if matches!(tokens.peek(), Some(Token::Slash(_))) {
        tokens.next();
    }
    let mut prev_slash = false;
    for token in tokens {
        if let Token::Slash(_) = token {
            if merge_slashes && prev_slash {
                continue;
            }
            prev_slash = true;
            segments.push(Vec::new());
        } else {
            prev_slash = false;
            if let Some(last) = segments.last_mut() {
                last.push(token);
            }
        }
    }
    let mut i = 0;
    while i < segments.len() {
        let seg = &segments[i];
        if seg.iter().all(|t| matches!(t, Token::Static(_))) {
            let text: String = seg
                .iter()
                .map(|t| match t {
                    Token::Static(s) => s.text.as_str(),
                    _ => "",
                })
                .collect();
            parts.push(PartSpec::Static(text));
            i += 1;
            continue;
        }
        let mut pieces = Vec::new();
        let mut is_final = false;
        for t in seg {
            match t {
                Token::Static(s) => pieces.push(Piece::Static(s.text.clone())),
                Token::Variable(v) => {
                    let c = resolve(v)?;
                    is_final |= !c.as_dyn().part_isolating();
                    pieces.push(Piece::Convert(c));
                }
                Token::Slash(_) => {}
            }
        }
        if !is_final {
            parts.push(PartSpec::dynamic(pieces, false, false).map_err(&mut *part_error)?);
            i += 1;
            continue;
        }
        // A final part takes every remaining segment, slashes included.
        for seg in &segments[i + 1..] {
            pieces.push(Piece::Static("/".into()));
            for t in seg {
                match t {
                    Token::Static(s) => pieces.push(Piece::Static(s.text.clone())),
                    Token::Variable(v) => pieces.push(Piece::Convert(resolve(v)?)),
                    Token::Slash(_) => {}
                }
            }
        }
        let suffixed = segments.len() > i + 1 && segments.last().is_some_and(|s| s.is_empty());
        if suffixed {
            pieces.pop();
        }
        parts.push(PartSpec::dynamic(pieces, true, suffixed).map_err(&mut *part_error)?);
        if suffixed {
            parts.push(PartSpec::Static(String::new()));
        }
        break;
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::converter::{FloatConverter, IntConverter, PathConverter, StringConverter};

    fn w(statics: &[usize], weights: &[u32]) -> Weighting {
        Weighting {
            static_lengths: statics.to_vec(),
            converter_weights: weights.to_vec(),
        }
    }

    #[test]
    fn weighting_orders_like_werkzeug() {
        // <x>.json before <x>.<y> before <x>
        assert!(w(&[5], &[100]) < w(&[1], &[100, 100]));
        assert!(w(&[1], &[100, 100]) < w(&[], &[100]));
        // foo<x> before fo<x>
        assert!(w(&[3], &[100]) < w(&[2], &[100]));
        // <a><b> before <int:c>
        assert!(w(&[], &[100, 100]) < w(&[], &[50]));
        // int before string before path
        assert!(w(&[], &[50]) < w(&[], &[100]));
        assert!(w(&[], &[100]) < w(&[], &[200]));
        // <path:p>/edit before <x>
        assert!(w(&[4], &[200]) < w(&[], &[100]));
    }

    #[test]
    fn weighting_of_pieces() {
        let pieces = [
            Piece::builtin(Builtin::Path(PathConverter)),
            Piece::Static("/edit".into()),
        ];
        assert_eq!(Weighting::of(&pieces), w(&[4], &[200]));
    }

    fn part(pieces: Vec<Piece>) -> PartSpec {
        PartSpec::dynamic(pieces, false, false).unwrap()
    }

    fn search(sm: &StateMachine, path: &str) -> (Outcome, Vec<Value>) {
        let mut out = SearchOutput::default();
        let o = sm.search(
            &SearchInput {
                domain: "",
                path: Some(path),
                method: Some(&Method::GET),
                websocket: false,
            },
            &mut out,
        );
        (o, out.args)
    }

    fn leaf(rule: usize) -> Leaf {
        Leaf {
            rule,
            methods: None,
            websocket: false,
            strict_slashes: true,
        }
    }

    #[test]
    fn static_beats_dynamic_and_converter_rejection_falls_back() {
        let mut sm = StateMachine::new();
        let root = PartSpec::Static(String::new());
        let int5 = Builtin::Int(IntConverter {
            min: Some(5),
            ..Default::default()
        });
        sm.insert(&[root.clone(), part(vec![Piece::builtin(int5)])], leaf(0))
            .unwrap();
        sm.insert(
            &[
                root.clone(),
                part(vec![Piece::builtin(Builtin::String(
                    StringConverter::default(),
                ))]),
            ],
            leaf(1),
        )
        .unwrap();
        sm.insert(&[root.clone(), PartSpec::Static("a".into())], leaf(2))
            .unwrap();
        assert_eq!(search(&sm, "7"), (Outcome::Found(0), vec![Value::Int(7)]));
        assert_eq!(
            search(&sm, "3"),
            (Outcome::Found(1), vec![Value::Str("3".into())])
        );
        assert_eq!(search(&sm, "a").0, Outcome::Found(2));
        assert_eq!(search(&sm, "a/b").0, Outcome::NotFound);
    }

    #[test]
    fn multi_converter_segment_uses_regex_in_order() {
        let mut sm = StateMachine::new();
        let int = || Piece::builtin(Builtin::Int(IntConverter::default()));
        let p = part(vec![
            Piece::Static("v".into()),
            int(),
            Piece::Static(".".into()),
            int(),
        ]);
        assert!(matches!(
            p,
            PartSpec::Dynamic(DynamicPart {
                program: Program::Regex { .. },
                ..
            })
        ));
        sm.insert(&[PartSpec::Static(String::new()), p], leaf(0))
            .unwrap();
        assert_eq!(
            search(&sm, "v1.2"),
            (Outcome::Found(0), vec![Value::Int(1), Value::Int(2)])
        );
        assert_eq!(search(&sm, "v1.x").0, Outcome::NotFound);
    }

    #[test]
    fn duplicates_are_reported() {
        let mut sm = StateMachine::new();
        let f = || {
            part(vec![Piece::builtin(Builtin::Float(
                FloatConverter::default(),
            ))])
        };
        let root = PartSpec::Static(String::new());
        sm.insert(&[root.clone(), f()], leaf(0)).unwrap();
        assert_eq!(sm.insert(&[root, f()], leaf(1)), Err(0));
    }
}
