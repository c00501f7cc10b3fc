//! The search: a depth-first walk of the [`StateMachine`] over one request, in priority
//! order, with backtracking (departure 1: a converter that rejects a value makes the walk
//! try the next candidate).
//!
//! The walk is the interpreter's hot path. It keeps text values as spans of the path
//! ([`Slots`]) until a rule is found, scans the path for `%` once, and keeps the rare work
//! (the end of the path, `path`-like parts, decoding) out of the recursive step.

use std::borrow::Cow;

use super::{Outcome, SearchInput, SearchOutput, Slots, State, StateId, StateMachine, Transition};
use crate::routing::quote::decode_segment;

impl StateMachine {
    /// The search itself: values are left in `slots` (text as spans of `input.path`),
    /// diagnostics in `diag` (its `args` are not touched). `encoded`: the path contains a
    /// `%` (see [`has_percent`]).
    #[inline]
    pub(crate) fn find(
        &self,
        input: &SearchInput<'_>,
        encoded: bool,
        slots: &mut Slots,
        diag: &mut SearchOutput,
    ) -> Outcome {
        slots.clear();
        let walk = Walk {
            machine: self,
            input,
            path: input.path.unwrap_or(""),
            // Without a `%` every segment is its own decoded form: no decoding, and text
            // values can stay spans of the path.
            encoded,
        };
        let after_domain = if input.path.is_some() { 0 } else { END };
        match walk.domain(after_domain, slots, diag) {
            Ok(Some(rule)) => Outcome::Found(rule),
            Ok(None) => Outcome::NotFound,
            Err(Abort::SlashRequired) => Outcome::SlashRequired,
            Err(Abort::BadPath) => Outcome::BadPath,
        }
    }
}

/// The position after the last segment of the path.
const END: usize = usize::MAX;

/// One search: the machine, the input, and what is known about the path.
struct Walk<'m, 'i, 'a> {
    machine: &'m StateMachine,
    input: &'i SearchInput<'a>,
    path: &'a str,
    encoded: bool,
}

type Step = Result<Option<usize>, Abort>;

impl Walk<'_, '_, '_> {
    /// The root: the domain part (never decoded, never a final part), then the path from
    /// `after` (`0`, or [`END`] for an empty request path).
    fn domain(&self, after: usize, slots: &mut Slots, out: &mut SearchOutput) -> Step {
        let state = &self.machine.states[0];
        let domain = self.input.domain;
        if let Some(child) = state.static_target(domain)
            && let Some(rule) = self.enter(child, after, slots, out)?
        {
            return Ok(Some(rule));
        }
        for t in state.dynamics.iter().filter(|t| !t.part.is_final) {
            let mark = slots.len();
            if t.part.match_slots(domain, None, slots) {
                if let Some(rule) = self.enter(t.target, after, slots, out)? {
                    return Ok(Some(rule));
                }
                slots.truncate(mark);
            }
        }
        Ok(None)
    }

    /// Continues at state `id` from `offset`: at the end of the path straight to the leaves
    /// (one call less for every lookup).
    #[inline(always)]
    fn enter(&self, id: StateId, offset: usize, slots: &mut Slots, out: &mut SearchOutput) -> Step {
        if offset == END {
            self.end(&self.machine.states[id], out)
        } else {
            self.state(id, offset, slots, out)
        }
    }

    /// Depth-first from state `id` at the segment starting at byte `offset` of the path,
    /// in priority order.
    fn state(&self, id: StateId, offset: usize, slots: &mut Slots, out: &mut SearchOutput) -> Step {
        let state = &self.machine.states[id];
        let rest = &self.path[offset..];
        // A byte scan: faster than `str::find` for short segments.
        let (raw, next) = match rest.bytes().position(|b| b == b'/') {
            Some(i) => (&rest[..i], offset + i + 1),
            None => (rest, END),
        };
        let decoded;
        // Where the segment starts in the path, when values may be spans of it.
        let (segment, start) = if self.encoded {
            decoded = decode_segment(raw).ok_or(Abort::BadPath)?;
            (&*decoded, None)
        } else {
            (raw, Some(offset))
        };
        if let Some(child) = state.static_target(segment)
            && let Some(rule) = self.enter(child, next, slots, out)?
        {
            return Ok(Some(rule));
        }
        for t in &state.dynamics {
            if t.part.is_final {
                if let Some(rule) = self.final_part(t, offset, slots, out)? {
                    return Ok(Some(rule));
                }
                continue;
            }
            let mark = slots.len();
            if t.part.match_slots(segment, start, slots) {
                if let Some(rule) = self.enter(t.target, next, slots, out)? {
                    return Ok(Some(rule));
                }
                slots.truncate(mark);
            }
        }
        // A single trailing empty segment: a non-strict leaf here tolerates it.
        if offset == self.path.len() {
            for leaf in &state.leaves {
                if !leaf.strict_slashes && out.fits(leaf, self.input) {
                    return Ok(Some(leaf.rule));
                }
            }
        }
        Ok(None)
    }

    /// The path is consumed: a leaf here, or a strict-slash redirect to the `""` child.
    #[inline(never)]
    fn end(&self, state: &State, out: &mut SearchOutput) -> Step {
        let input = self.input;
        for leaf in &state.leaves {
            if out.fits(leaf, input) {
                return Ok(Some(leaf.rule));
            }
        }
        if let Some(child) = state.static_target("") {
            for leaf in &self.machine.states[child].leaves {
                if out.fits_quietly(leaf, input) {
                    if leaf.strict_slashes {
                        return Err(Abort::SlashRequired);
                    }
                    return Ok(Some(leaf.rule));
                }
            }
        }
        Ok(None)
    }

    /// A final part (`path`-like converter): it takes the rest of the path from `offset`.
    #[inline(never)]
    fn final_part(
        &self,
        t: &Transition,
        offset: usize,
        slots: &mut Slots,
        out: &mut SearchOutput,
    ) -> Step {
        let raw_rest = &self.path[offset..];
        let (rest, start) = if self.encoded {
            (decode_rest(raw_rest).ok_or(Abort::BadPath)?, None)
        } else {
            (Cow::Borrowed(raw_rest), Some(offset))
        };
        let (text, after) = if t.part.suffixed && rest.ends_with('/') {
            // `(?<!/)(/?)`: the optional slash is taken, and the value may not end in '/'.
            let text = &rest[..rest.len() - 1];
            if text.ends_with('/') {
                return Ok(None);
            }
            (text, self.path.len())
        } else {
            (&rest[..], END)
        };
        let mark = slots.len();
        if t.part.match_slots(text, start, slots) {
            if let Some(rule) = self.enter(t.target, after, slots, out)? {
                return Ok(Some(rule));
            }
            slots.truncate(mark);
        }
        Ok(None)
    }
}

/// Whether a path contains `%` (needs decoding), eight bytes at a time: request paths are
/// short, so this beats a `memchr` call with its set-up.
#[inline]
pub(crate) fn has_percent(path: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = path.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A zero byte in `word ^ "%%%%%%%%"` is a `%` (the classic SWAR zero-byte test).
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b'%'));
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            return true;
        }
    }
    // At most seven bytes: a fold, not a `memchr` call.
    chunks
        .remainder()
        .iter()
        .fold(false, |found, &b| found | (b == b'%'))
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
