//! The borrowed form of a group match's values: text stays a slice of the request path
//! when it needed no percent-decoding, numbers and UUIDs are converted, and up to
//! [`ArgList::INLINE`] values live inline (no allocation per lookup).

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use uuid::Uuid;

use crate::routing::value::Value;

/// One matched variable, borrowing the request path where it can.
///
/// Text converters (`default`, `string`, `path`, `any`) give [`Arg::Text`]: borrowed from
/// the path unless percent-decoding changed it. Other converters give [`Arg::Value`]
/// (`Value::Int`, `Value::Float`, `Value::Uuid`, or whatever a regex part or the
/// interpreted map produced). The accessors mirror [`Value`]'s.
///
/// ```
/// use stellwerk_runtime::routing::group::Arg;
/// use stellwerk_runtime::routing::Value;
///
/// let a = Arg::Text("octocat".into());
/// assert_eq!(a.as_str(), Some("octocat"));
/// assert_eq!(a.into_value(), Value::from("octocat"));
/// assert_eq!(Arg::Value(Value::Int(7)).as_int(), Some(7));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'p> {
    /// Decoded text (borrowed from the path when it contained no escapes).
    Text(Cow<'p, str>),
    /// A converted (or owned) value.
    Value(Value),
}

impl<'p> Arg<'p> {
    /// A placeholder for unused inline slots (allocates nothing).
    const EMPTY: Arg<'static> = Arg::Text(Cow::Borrowed(""));

    /// The text, for [`Arg::Text`] or a `Value::Str`.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Arg::Text(t) => Some(t),
            Arg::Value(v) => v.as_str(),
        }
    }

    /// The integer, for a `Value::Int`.
    #[inline]
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Arg::Value(v) => v.as_int(),
            Arg::Text(_) => None,
        }
    }

    /// The float, for a `Value::Float`.
    #[inline]
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Arg::Value(v) => v.as_float(),
            Arg::Text(_) => None,
        }
    }

    /// The UUID, for a `Value::Uuid`.
    #[inline]
    pub fn as_uuid(&self) -> Option<Uuid> {
        match self {
            Arg::Value(v) => v.as_uuid(),
            Arg::Text(_) => None,
        }
    }

    /// The boolean, for a `Value::Bool`.
    #[inline]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Arg::Value(v) => v.as_bool(),
            Arg::Text(_) => None,
        }
    }

    /// The owned [`Value`] (text becomes `Value::Str`).
    pub fn into_value(self) -> Value {
        match self {
            Arg::Text(t) => Value::Str(t.into_owned()),
            Arg::Value(v) => v,
        }
    }

    /// The owned [`Value`], cloning.
    pub fn to_value(&self) -> Value {
        self.clone().into_value()
    }
}

impl PartialEq<Value> for Arg<'_> {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Arg::Text(t), Value::Str(s)) => t == s,
            (Arg::Text(_), _) => false,
            (Arg::Value(v), other) => v == other,
        }
    }
}

impl fmt::Display for Arg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Text(t) => f.write_str(t),
            Arg::Value(v) => v.fmt(f),
        }
    }
}

/// The values of a match in rule order: the first [`ArgList::INLINE`] inline, more on the
/// heap. Dereferences to `[Arg]`.
///
/// ```
/// use stellwerk_runtime::routing::group::{Arg, ArgList};
/// use stellwerk_runtime::routing::Value;
///
/// let mut args = ArgList::new();
/// for i in 0..6 {
///     args.push(Arg::Value(Value::Int(i)));
/// }
/// args.truncate(2);
/// assert_eq!(&args[..], &[Arg::Value(Value::Int(0)), Arg::Value(Value::Int(1))][..]);
/// assert_eq!(args.into_values(), vec![Value::Int(0), Value::Int(1)]);
/// ```
#[derive(Clone)]
pub struct ArgList<'p> {
    storage: Storage<'p>,
}

#[derive(Clone)]
enum Storage<'p> {
    Inline {
        len: usize,
        items: [Arg<'p>; ArgList::INLINE],
    },
    Heap(Vec<Arg<'p>>),
}

impl Default for ArgList<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'p> ArgList<'p> {
    /// How many values fit without allocating (routes rarely have more variables).
    pub const INLINE: usize = 4;

    /// An empty list.
    #[inline]
    pub const fn new() -> Self {
        ArgList {
            storage: Storage::Inline {
                len: 0,
                items: [Arg::EMPTY; ArgList::INLINE],
            },
        }
    }

    /// Appends a value.
    #[inline]
    pub fn push(&mut self, arg: Arg<'p>) {
        match &mut self.storage {
            Storage::Inline { len, items } if *len < Self::INLINE => {
                items[*len] = arg;
                *len += 1;
            }
            Storage::Inline { items, .. } => {
                let mut heap: Vec<Arg<'p>> = Vec::with_capacity(Self::INLINE * 2);
                heap.extend(items.iter_mut().map(|a| std::mem::replace(a, Arg::EMPTY)));
                heap.push(arg);
                self.storage = Storage::Heap(heap);
            }
            Storage::Heap(v) => v.push(arg),
        }
    }

    /// Keeps the first `n` values.
    #[inline]
    pub fn truncate(&mut self, n: usize) {
        match &mut self.storage {
            Storage::Inline { len, items } => {
                while *len > n {
                    *len -= 1;
                    items[*len] = Arg::EMPTY;
                }
            }
            Storage::Heap(v) => v.truncate(n),
        }
    }

    /// Removes every value.
    #[inline]
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// The values as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[Arg<'p>] {
        match &self.storage {
            Storage::Inline { len, items } => &items[..*len],
            Storage::Heap(v) => v,
        }
    }

    /// The owned values (what [`GroupMatch::args`](super::GroupMatch::args) holds).
    pub fn into_values(self) -> Vec<Value> {
        match self.storage {
            Storage::Inline { len, items } => {
                items.into_iter().take(len).map(Arg::into_value).collect()
            }
            Storage::Heap(v) => v.into_iter().map(Arg::into_value).collect(),
        }
    }
}

impl<'p> Deref for ArgList<'p> {
    type Target = [Arg<'p>];

    fn deref(&self) -> &[Arg<'p>] {
        self.as_slice()
    }
}

impl fmt::Debug for ArgList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl PartialEq for ArgList<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<'p> FromIterator<Arg<'p>> for ArgList<'p> {
    fn from_iter<I: IntoIterator<Item = Arg<'p>>>(iter: I) -> Self {
        let mut list = ArgList::new();
        for a in iter {
            list.push(a);
        }
        list
    }
}

/// `text[start..text.len() - end_trim]`, still borrowed from the path when `text` is.
/// Used for a converter's text inside a segment with a static prefix or suffix.
#[inline]
pub fn trimmed<'p>(text: &Cow<'p, str>, start: usize, end_trim: usize) -> Cow<'p, str> {
    let end = text.len().saturating_sub(end_trim);
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.get(start..end).unwrap_or("")),
        Cow::Owned(t) => Cow::Owned(t.get(start..end).unwrap_or("").to_owned()),
    }
}
