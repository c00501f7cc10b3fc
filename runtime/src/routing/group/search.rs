//! The search state that generated matchers (and the [`Plan`](super::Plan) evaluator) drive.
//!
//! A generated matcher is one function per state of the segment state machine. Every step
//! that is not a constant of the route set (where the next segment is, percent-decoding,
//! whether a route fits the method, how a final part sees the rest of the path) is a method
//! here, so the generated code and the evaluator share it and differ only in how they reach
//! the constants (inlined literals versus the plan's data).

use std::borrow::Cow;

use http::Method;

use super::arg::{Arg, ArgList};
use crate::routing::converter::Builtin;
use crate::routing::matcher::DynamicPart;
use crate::routing::quote::decode_segment;
use crate::routing::value::Value;

/// Where the search is: before the domain part, at a byte offset of the stripped path, or
/// past the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pos {
    /// Before the domain part.
    Domain,
    /// At this byte offset of the stripped path.
    Path(usize),
    /// Past the end of the path.
    End,
}

/// Why a search stops before finding a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Abort {
    /// The best candidate is a strict branch route: redirect to the path plus `/`.
    SlashRequired,
    /// A segment does not percent-decode to UTF-8.
    BadPath,
}

/// What one state of a matcher answers: a route index, nothing (backtrack), or an abort.
pub type Step = Result<Option<usize>, Abort>;

/// One search: the input and what is collected on the way.
///
/// ```
/// use stellwerk_runtime::routing::group::{Pos, Search};
/// use http::Method;
///
/// let s = Search::new("", Some("users/a%2Fb"), Some(&Method::GET), false);
/// let (raw, next) = s.next(Pos::Path(0)).unwrap();
/// assert_eq!((raw, next), ("users", Pos::Path(6)));
/// let (raw, _) = s.next(next).unwrap();
/// assert_eq!(s.decode(next, raw).unwrap(), "a/b");
/// ```
#[derive(Debug)]
pub struct Search<'a> {
    /// The domain part (subdomain, or `""`).
    pub domain: &'a str,
    /// The raw path with leading slashes removed; `None` for an empty request path.
    path: Option<&'a str>,
    /// The request method; `None` probes which methods a path allows. (Owned, a copy for
    /// the standard methods, so that matched values borrow only the path and domain.)
    pub method: Option<Method>,
    /// Match websocket routes.
    pub websocket: bool,
    /// The converted values of the route being tried, in rule order (text borrowed from
    /// the path when it needed no decoding).
    pub args: ArgList<'a>,
    /// Methods of routes that matched structurally but not by method.
    pub allowed: Vec<Method>,
    /// A route matched structurally but its websocket flag did not.
    pub websocket_mismatch: bool,
    /// The path has no `%`: segments need no decoding.
    plain: bool,
    /// The request method's bit ([`method_mask`]), 0 for another method or none.
    method_bit: u16,
}

/// The standard methods that have a bit in a method mask.
const MASKED: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
];

fn method_bit(name: &str) -> u16 {
    MASKED.iter().position(|m| *m == name).map_or(0, |i| 1 << i)
}

/// The bits of the standard methods among `methods` (`None`, any method: every bit), for
/// [`Search::fits_masked`]. Other methods have no bit: they take the slow path.
///
/// ```
/// use stellwerk_runtime::routing::group::method_mask;
///
/// assert_eq!(method_mask(Some(&["GET", "HEAD"])), 0b11);
/// assert_eq!(method_mask(Some(&["PURGE"])), 0);
/// ```
pub fn method_mask(methods: Option<&[&str]>) -> u16 {
    match methods {
        None => u16::MAX,
        Some(ms) => ms.iter().fold(0, |acc, m| acc | method_bit(m)),
    }
}

impl<'a> Search<'a> {
    /// A search for this domain part, stripped path, method and websocket flag.
    #[inline(always)]
    pub fn new(
        domain: &'a str,
        path: Option<&'a str>,
        method: Option<&Method>,
        websocket: bool,
    ) -> Self {
        Search {
            domain,
            path,
            method_bit: method.map_or(0, |m| method_bit(m.as_str())),
            method: method.cloned(),
            websocket,
            args: ArgList::new(),
            allowed: Vec::new(),
            websocket_mismatch: false,
            plain: !path.is_some_and(|p| p.as_bytes().contains(&b'%')),
        }
    }

    /// The path contains no `%` (nothing to decode).
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// The path being searched.
    pub fn path(&self) -> Option<&'a str> {
        self.path
    }

    /// The raw text of the next segment and the position after it; `None` at the end.
    #[inline]
    pub fn next(&self, pos: Pos) -> Option<(&'a str, Pos)> {
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
                let path = self.path.unwrap_or("");
                let bytes = path.as_bytes();
                // Segments are short: a plain loop beats a memchr call.
                let mut end = offset.min(bytes.len());
                while end < bytes.len() && bytes[end] != b'/' {
                    end += 1;
                }
                let seg = path.get(offset.min(end)..end).unwrap_or("");
                if end < bytes.len() {
                    Some((seg, Pos::Path(end + 1)))
                } else {
                    Some((seg, Pos::End))
                }
            }
            Pos::End => None,
        }
    }

    /// The decoded text of a segment found at `pos` (the domain is never decoded).
    #[inline]
    pub fn decode(&self, pos: Pos, raw: &'a str) -> Result<Cow<'a, str>, Abort> {
        if self.plain || pos == Pos::Domain {
            return Ok(Cow::Borrowed(raw));
        }
        decode_segment(raw).ok_or(Abort::BadPath)
    }

    /// How many values are collected (to undo a failed branch with [`Search::reset`]).
    #[inline]
    pub fn mark(&self) -> usize {
        self.args.len()
    }

    /// Drops values collected after `mark`.
    #[inline]
    pub fn reset(&mut self, mark: usize) {
        self.args.truncate(mark);
    }

    /// Pushes a converted value; false (nothing pushed) when the converter rejected.
    #[inline]
    pub fn push(&mut self, value: Option<Value>) -> bool {
        match value {
            Some(v) => {
                self.args.push(Arg::from(v));
                true
            }
            None => false,
        }
    }

    /// Pushes accepted text (kept borrowed when it is); always true.
    #[inline]
    pub fn push_text(&mut self, text: Cow<'a, str>) -> bool {
        self.args.push(Arg::Text(text));
        true
    }

    /// Pushes a converted argument; false (nothing pushed) when the converter rejected.
    #[inline]
    pub fn push_arg(&mut self, arg: Option<Arg<'a>>) -> bool {
        match arg {
            Some(a) => {
                self.args.push(a);
                true
            }
            None => false,
        }
    }

    /// Matches a regex part (several converters in one segment) and pushes its values;
    /// false (nothing pushed) when it does not match.
    pub fn push_part(&mut self, part: &DynamicPart, text: &str) -> bool {
        let mut values = Vec::new();
        if !part.match_into(text, &mut values) {
            return false;
        }
        for v in values {
            self.args.push(Arg::from(v));
        }
        true
    }

    /// The values collected so far.
    #[inline]
    pub fn args(&self) -> &[Arg<'a>] {
        self.args.as_slice()
    }

    #[inline]
    fn method_ok(&self, methods: Option<&[&str]>) -> bool {
        match (methods, &self.method) {
            (None, _) => true,
            (Some(ms), Some(m)) => {
                let m = m.as_str();
                // Exact comparison first: request methods are almost always upper-case.
                ms.contains(&m) || ms.iter().any(|x| x.eq_ignore_ascii_case(m))
            }
            (Some(_), None) => false,
        }
    }

    /// Does a route with these methods (upper-case, `None` for any) and websocket flag fit
    /// the request? A method mismatch records the route's methods for a 405, a websocket
    /// mismatch is recorded too.
    #[inline]
    pub fn fits(&mut self, methods: Option<&[&str]>, websocket: bool) -> bool {
        if !self.method_ok(methods) {
            for name in methods.unwrap_or(&[]) {
                if let Ok(m) = Method::from_bytes(name.as_bytes())
                    && !self.allowed.contains(&m)
                {
                    self.allowed.push(m);
                }
            }
            return false;
        }
        if websocket != self.websocket {
            self.websocket_mismatch = true;
            return false;
        }
        true
    }

    /// [`Search::fits`] with the route's [`method_mask`] computed at build time: a request
    /// with a standard method in the mask is decided by one bit test.
    #[inline]
    pub fn fits_masked(&mut self, mask: u16, methods: Option<&[&str]>, websocket: bool) -> bool {
        if self.method_bit & mask != 0 && websocket == self.websocket {
            return true;
        }
        self.fits(methods, websocket)
    }

    /// Like [`Search::fits`] without recording anything (slash-redirect candidates).
    #[inline]
    pub fn fits_quietly(&self, methods: Option<&[&str]>, websocket: bool) -> bool {
        self.method_ok(methods) && websocket == self.websocket
    }

    /// The decoded rest of the path for a final (multi-segment) part at `pos`, and where
    /// the search continues after it. For a `suffixed` part (a rule ending in `/`) a
    /// trailing slash is taken off and the search continues at the final empty segment;
    /// `None` when the value would then end in `/` (it may not).
    pub fn final_text(
        &self,
        pos: Pos,
        suffixed: bool,
    ) -> Result<Option<(Cow<'a, str>, Pos)>, Abort> {
        let Pos::Path(offset) = pos else {
            return Ok(None);
        };
        let path = self.path.unwrap_or("");
        let raw_rest = path.get(offset..).unwrap_or("");
        let rest = decode_rest(raw_rest).ok_or(Abort::BadPath)?;
        if suffixed && rest.ends_with('/') {
            let text = match rest {
                Cow::Borrowed(s) => Cow::Borrowed(&s[..s.len() - 1]),
                Cow::Owned(mut s) => {
                    s.pop();
                    Cow::Owned(s)
                }
            };
            if text.ends_with('/') {
                return Ok(None);
            }
            return Ok(Some((text, Pos::Path(path.len()))));
        }
        Ok(Some((rest, Pos::End)))
    }

    /// Is `raw` at `pos` the single empty segment after a trailing slash (where a
    /// non-strict route tolerates it)?
    #[inline]
    pub fn at_trailing_slash(&self, pos: Pos, raw: &str) -> bool {
        raw.is_empty() && matches!(pos, Pos::Path(o) if o == self.path.map_or(0, str::len))
    }
}

/// Checks `text` (a converter's share of a segment) with a built-in converter: text
/// converters keep the text (borrowed when it is), the others convert it.
#[inline]
pub fn convert_arg<'a>(converter: &Builtin, text: Cow<'a, str>) -> Option<Arg<'a>> {
    match converter {
        Builtin::String(c) => c.accepts(&text).then_some(Arg::Text(text)),
        Builtin::Path(c) => c.accepts(&text).then_some(Arg::Text(text)),
        Builtin::Any(c) => c.accepts(&text).then_some(Arg::Text(text)),
        Builtin::Int(c) => c.parse(&text).map(Arg::Int),
        Builtin::Float(c) => c.parse(&text).map(Arg::Float),
        Builtin::Uuid(c) => c.parse(&text).map(Arg::Uuid),
    }
}

/// Decodes the rest of a path segment by segment (so `%2F` stays distinguishable only by
/// position, as in the interpreted matcher).
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
