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
/// the path unless percent-decoding changed it. `int`, `float` and `uuid` give their
/// converted value; anything else (a regex part's list, a default) is [`Arg::Value`]. The
/// accessors mirror [`Value`]'s. The type is kept at 32 bytes: an [`ArgList`] holds several
/// inline and is moved on every match.
///
/// ```
/// use stellwerk_runtime::routing::group::Arg;
/// use stellwerk_runtime::routing::Value;
///
/// let a = Arg::Text("octocat".into());
/// assert_eq!(a.as_str(), Some("octocat"));
/// assert_eq!(a.into_value(), Value::from("octocat"));
/// assert_eq!(Arg::from(Value::Int(7)), Arg::Int(7));
/// assert_eq!(Arg::Int(7).as_int(), Some(7));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'p> {
    /// Decoded text (borrowed from the path when it contained no escapes).
    Text(Cow<'p, str>),
    /// An integer (`int`).
    Int(i128),
    /// A float (`float`).
    Float(f64),
    /// A UUID (`uuid`).
    Uuid(Uuid),
    /// Any other value (boxed: rare, and it keeps the type small).
    Value(Box<Value>),
}

impl<'p> Arg<'p> {
    /// A placeholder for unused inline slots (allocates nothing).
    const EMPTY: Arg<'static> = Arg::Int(0);

    /// The text, for [`Arg::Text`] or a `Value::Str`.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Arg::Text(t) => Some(t),
            Arg::Value(v) => v.as_str(),
            _ => None,
        }
    }

    /// The integer, for [`Arg::Int`].
    #[inline]
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Arg::Int(i) => Some(*i),
            Arg::Value(v) => v.as_int(),
            _ => None,
        }
    }

    /// The float, for [`Arg::Float`].
    #[inline]
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Arg::Float(x) => Some(*x),
            Arg::Value(v) => v.as_float(),
            _ => None,
        }
    }

    /// The UUID, for [`Arg::Uuid`].
    #[inline]
    pub fn as_uuid(&self) -> Option<Uuid> {
        match self {
            Arg::Uuid(u) => Some(*u),
            Arg::Value(v) => v.as_uuid(),
            _ => None,
        }
    }

    /// The boolean, for a `Value::Bool`.
    #[inline]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Arg::Value(v) => v.as_bool(),
            _ => None,
        }
    }

    /// The owned [`Value`] (text becomes `Value::Str`).
    pub fn into_value(self) -> Value {
        match self {
            Arg::Text(t) => Value::Str(t.into_owned()),
            Arg::Int(i) => Value::Int(i),
            Arg::Float(x) => Value::Float(x),
            Arg::Uuid(u) => Value::Uuid(u),
            Arg::Value(v) => *v,
        }
    }

    /// The owned [`Value`], cloning.
    pub fn to_value(&self) -> Value {
        self.clone().into_value()
    }
}

impl From<Value> for Arg<'_> {
    fn from(v: Value) -> Self {
        match v {
            Value::Str(s) => Arg::Text(Cow::Owned(s)),
            Value::Int(i) => Arg::Int(i),
            Value::Float(x) => Arg::Float(x),
            Value::Uuid(u) => Arg::Uuid(u),
            other => Arg::Value(Box::new(other)),
        }
    }
}

impl PartialEq<Value> for Arg<'_> {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Arg::Text(t), Value::Str(s)) => t == s,
            (Arg::Int(a), Value::Int(b)) => a == b,
            (Arg::Float(a), Value::Float(b)) => a == b,
            (Arg::Uuid(a), Value::Uuid(b)) => a == b,
            (Arg::Value(v), other) => **v == *other,
            _ => false,
        }
    }
}

impl fmt::Display for Arg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Text(t) => f.write_str(t),
            other => other.to_value().fmt(f),
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
///     args.push(Arg::Int(i));
/// }
/// args.truncate(2);
/// assert_eq!(&args[..], &[Arg::Int(0), Arg::Int(1)][..]);
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
    /// How many values fit without allocating. Routes rarely have more variables, and a
    /// small list keeps a [`GroupMatchRef`](super::GroupMatchRef) small enough to be moved
    /// without a `memcpy` call (measured: 4 slots cost about 10% more per lookup).
    pub const INLINE: usize = 3;

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
    #[inline(always)]
    pub fn push(&mut self, arg: Arg<'p>) {
        match &mut self.storage {
            Storage::Inline { len, items } if *len < Self::INLINE => {
                // Slots past `len` always hold the allocation-free placeholder: forgetting
                // it spares the out-of-line drop call on the hot path.
                std::mem::forget(std::mem::replace(&mut items[*len], arg));
                *len += 1;
            }
            _ => self.push_slow(arg),
        }
    }

    /// The inline slots are full (move them to the heap) or already on the heap.
    #[cold]
    #[inline(never)]
    fn push_slow(&mut self, arg: Arg<'p>) {
        match &mut self.storage {
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

    #[inline]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arg_stays_small() {
        // ArgList moves with every match: a bigger Arg means more bytes copied per lookup.
        assert!(
            std::mem::size_of::<Arg<'_>>() <= 32,
            "{}",
            std::mem::size_of::<Arg<'_>>()
        );
        // Up to 128 bytes the compiler moves a value with a few vector moves, bigger ones
        // with a `memcpy` call (measured in benches/group.rs).
        let m = std::mem::size_of::<
            Result<super::super::GroupMatchRef<'_>, crate::routing::RoutingError>,
        >();
        assert!(m <= 128, "{m}");
    }

    #[test]
    fn list_spills_and_truncates() {
        for n in 0..10 {
            let mut list: ArgList<'_> = (0..n).map(|i| Arg::Int(i as i128)).collect();
            assert_eq!(list.len(), n, "{n} pushed");
            list.truncate(n / 2);
            let want: Vec<Value> = (0..n / 2).map(|i| Value::Int(i as i128)).collect();
            assert_eq!(list.into_values(), want, "{n} pushed, half kept");
        }
    }

    #[test]
    fn values_round_trip_through_arg() {
        let u = Uuid::nil();
        for v in [
            Value::from("a b"),
            Value::Int(-3),
            Value::Float(1.5),
            Value::Uuid(u),
            Value::Bool(true),
            Value::List(vec![Value::Int(1)]),
        ] {
            let a = Arg::from(v.clone());
            assert_eq!(a, v, "{v:?}");
            assert_eq!(a.to_value(), v, "{v:?}");
            assert_eq!(a.to_string(), v.to_string(), "{v:?}");
        }
    }
}
