//! Dynamic parts: their pieces, priority key ([`Weighting`]) and match program.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, PatternID};

use crate::routing::converter::{Builtin, Converter, ValidationError, regex_escape};
use crate::routing::text::same_bytes;
use crate::routing::value::Value;

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

    /// Appends the URL form of `value` (what [`Converter::to_url`] returns) to `out`;
    /// built-ins write in place.
    pub(crate) fn write_url(&self, value: &Value, out: &mut String) -> Result<(), ValidationError> {
        match self {
            ConverterRef::Builtin(b) => b.write_url(value, out),
            ConverterRef::Custom(c) => {
                out.push_str(&c.to_url(value)?);
                Ok(())
            }
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
/// the order, shared by the [`Map`](crate::routing::Map) and the macros.
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
        /// The pattern (anchored with `^(?:...)$`), for code generation.
        pattern: String,
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
// Only built while compiling rules, never on the request path: size does not matter.
#[allow(clippy::large_enum_variant)]
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
        pattern,
        regex: Arc::new(regex),
        groups,
        converters: converters.into_iter().cloned().collect(),
    })
}

/// The converted values of a search: text still in the request path (byte ranges of the
/// searched path, copied out only once the search has found its rule), or owned values.
///
/// Kept as a list of plain `(usize, usize)` pairs, not a list of enums holding values: a
/// pair stays in registers while it is pushed, where an enum was assembled on the stack
/// and re-read with wider loads than it was written with (a store-forwarding stall that
/// cost a sixth of a lookup).
#[derive(Clone, Debug, Default)]
pub(crate) struct Slots {
    /// Per value: `(start, end)` of its text in the path (accepted by a text-producing
    /// converter, `string`, `any` or `path`, and equal to its decoded form), or
    /// `(OWNED, i)` for `owned[i]`.
    pub spans: Vec<(usize, usize)>,
    /// Values that are not spans of the path.
    pub owned: Vec<Value>,
}

/// The `start` of a span that stands for an owned value.
pub(crate) const OWNED: usize = usize::MAX;

impl Slots {
    /// Empties both lists (keeping their capacity).
    #[inline]
    pub fn clear(&mut self) {
        self.spans.clear();
        self.owned.clear();
    }

    /// The number of values.
    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Records text of the path.
    #[inline]
    fn push_text(&mut self, start: usize, end: usize) {
        self.spans.push((start, end));
    }

    /// Records an owned value.
    fn push_value(&mut self, value: Value) {
        self.spans.push((OWNED, self.owned.len()));
        self.owned.push(value);
    }

    /// Drops the values recorded after the first `len`.
    #[inline]
    pub fn truncate(&mut self, len: usize) {
        if let Some(&(_, i)) = self.spans[len.min(self.spans.len())..]
            .iter()
            .find(|(start, _)| *start == OWNED)
        {
            self.owned.truncate(i);
        }
        self.spans.truncate(len);
    }

    /// The value of span `i` (`path` is the searched path); an owned value is moved out.
    // Inlined so the value is written where the caller stores it: returned through memory
    // it was re-read with wider loads than it was written with (a store-forwarding stall).
    #[inline(always)]
    pub fn take(&mut self, i: usize, path: &str) -> Value {
        match self.spans[i] {
            (OWNED, j) => std::mem::replace(&mut self.owned[j], Value::Bool(false)),
            (start, end) => Value::Str(path[start..end].to_owned()),
        }
    }
}

/// `text` without `prefix` and `suffix` (which must not overlap), compared without
/// `memcmp` calls.
#[inline]
fn strip_affixes<'t>(text: &'t str, prefix: &str, suffix: &str) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let end = bytes.len().checked_sub(suffix.len())?;
    if end < prefix.len()
        || !same_bytes(&bytes[..prefix.len()], prefix.as_bytes())
        || !same_bytes(&bytes[end..], suffix.as_bytes())
    {
        return None;
    }
    // Both cuts border an ASCII-or-whole-character affix, so they are char boundaries.
    text.get(prefix.len()..end)
}

/// Checks `text` with a built-in converter and records its value; a text-producing
/// converter records the span (when given) instead of copying the text.
#[inline]
fn push_builtin(converter: &Builtin, text: &str, span: Option<usize>, out: &mut Slots) -> bool {
    let accepted = match converter {
        Builtin::String(c) => c.accepts(text),
        Builtin::Any(c) => c.accepts(text),
        Builtin::Path(c) => c.accepts(text),
        other => {
            return match other.convert(text) {
                Some(v) => {
                    out.push_value(v);
                    true
                }
                None => false,
            };
        }
    };
    if accepted {
        match span {
            Some(start) => out.push_text(start, start + text.len()),
            None => out.push_value(Value::Str(text.to_owned())),
        }
    }
    accepted
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
                // Empty affixes are the common case: skip the comparisons then.
                let middle = if prefix.is_empty() && suffix.is_empty() {
                    text
                } else {
                    let Some(rest) = text.strip_prefix(prefix.as_str()) else {
                        return false;
                    };
                    let Some(middle) = rest.strip_suffix(suffix.as_str()) else {
                        return false;
                    };
                    middle
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
                ..
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

    /// [`DynamicPart::match_into`] for the search: `start` is where `text` begins in the
    /// searched path when `text` is a slice of it (not decoded), so text values are recorded
    /// as spans; `None` for decoded text and domains.
    #[inline]
    pub(crate) fn match_slots(&self, text: &str, start: Option<usize>, out: &mut Slots) -> bool {
        match &self.program {
            Program::Single {
                prefix,
                converter,
                suffix,
            } => {
                let middle = if prefix.is_empty() && suffix.is_empty() {
                    text
                } else {
                    match strip_affixes(text, prefix, suffix) {
                        Some(middle) => middle,
                        None => return false,
                    }
                };
                push_builtin(converter, middle, start.map(|s| s + prefix.len()), out)
            }
            Program::Regex {
                regex,
                groups,
                converters,
                ..
            } => {
                let mut caps: Captures = regex.create_captures();
                regex.search_captures(&Input::new(text).anchored(Anchored::Yes), &mut caps);
                if !caps.is_match() {
                    return false;
                }
                let mark = out.len();
                for (group, conv) in groups.iter().zip(converters) {
                    let pushed = caps.get_group(*group).is_some_and(|span| {
                        let piece = &text[span.range()];
                        match conv {
                            ConverterRef::Builtin(b) => {
                                push_builtin(b, piece, start.map(|s| s + span.start), out)
                            }
                            ConverterRef::Custom(c) => match c.to_value(piece) {
                                Ok(v) => {
                                    out.push_value(v);
                                    true
                                }
                                Err(_) => false,
                            },
                        }
                    });
                    if !pushed {
                        out.truncate(mark);
                        return false;
                    }
                }
                true
            }
        }
    }
}
