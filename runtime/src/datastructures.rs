//! Werkzeug's form data structures: [`MultiDict`] (a map that keeps repeated keys) and
//! [`FileStorage`] (an uploaded file).
//!
//! Werkzeug's `ImmutableMultiDict` needs no type of its own here: a shared `&MultiDict`
//! cannot be changed, and the request wrapper hands out exactly that.

use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;
use std::str::FromStr;

use indexmap::IndexMap;

mod file_storage;

pub use file_storage::FileStorage;

/// An ordered map that keeps every value of a repeated key, like Werkzeug's `MultiDict`.
///
/// Keys keep the order in which they were first seen; the values of one key keep their
/// order too. [`get`](Self::get) gives the first value of a key, [`get_all`](Self::get_all)
/// all of them. Iteration yields every `(key, value)` pair, grouped by key in first-seen
/// order (Werkzeug's `items(multi=True)`).
///
/// ```
/// use stellwerk_runtime::datastructures::MultiDict;
///
/// let md: MultiDict<&str, i32> = [("a", 1), ("b", 2), ("a", 3)].into_iter().collect();
/// assert_eq!(md.get("a"), Some(&1));
/// assert_eq!(md.get_all("a"), &[1, 3]);
/// assert!(md.get_all("missing").is_empty());
/// assert_eq!(md.keys().collect::<Vec<_>>(), [&"a", &"b"]);
/// assert_eq!(md.iter().collect::<Vec<_>>(), [(&"a", &1), (&"a", &3), (&"b", &2)]);
/// ```
#[derive(Clone)]
pub struct MultiDict<K, V> {
    // Invariant: no key maps to an empty Vec, so `len`, `keys` and `get` agree.
    map: IndexMap<K, Vec<V>>,
}

impl<K, V> Default for MultiDict<K, V> {
    fn default() -> Self {
        MultiDict {
            map: IndexMap::default(),
        }
    }
}

/// Equal when both have the same keys with the same value lists (in the same order per
/// key); the order of different keys does not matter, as for Werkzeug's `MultiDict`.
impl<K: Hash + Eq, V: PartialEq> PartialEq for MultiDict<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<K: Hash + Eq, V: Eq> Eq for MultiDict<K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for MultiDict<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.map
                    .iter()
                    .flat_map(|(k, vs)| vs.iter().map(move |v| (k, v))),
            )
            .finish()
    }
}

/// A required key was missing from a [`MultiDict`]: Werkzeug's `BadRequestKeyError`.
///
/// Its [`status`](Self::status) is 400, since the key was expected in what the client sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingKey(pub String);

impl MissingKey {
    /// `400 Bad Request`.
    pub fn status(&self) -> http::StatusCode {
        http::StatusCode::BAD_REQUEST
    }
}

impl fmt::Display for MissingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request is missing the key {:?}", self.0)
    }
}

impl std::error::Error for MissingKey {}

impl<K: Hash + Eq, V> MultiDict<K, V> {
    /// An empty multidict.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of distinct keys (Werkzeug's `len(md)`).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// The number of values over all keys.
    pub fn value_count(&self) -> usize {
        self.map.values().map(Vec::len).sum()
    }

    /// Whether there are no keys at all.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Whether `key` has at least one value.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.contains_key(key)
    }

    /// The first value of `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get(key).and_then(|vs| vs.first())
    }

    /// The first value of `key`, or a [`MissingKey`] error that answers 400 (Werkzeug's
    /// `md[key]`).
    ///
    /// ```
    /// use stellwerk_runtime::datastructures::MultiDict;
    ///
    /// let md: MultiDict<String, String> = [("q".to_owned(), "rust".to_owned())].into_iter().collect();
    /// assert_eq!(md.require("q").unwrap(), "rust");
    /// assert_eq!(md.require("page").unwrap_err().status(), 400);
    /// ```
    pub fn require<Q>(&self, key: &Q) -> Result<&V, MissingKey>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + fmt::Display + ?Sized,
    {
        self.get(key).ok_or_else(|| MissingKey(key.to_string()))
    }

    /// Every value of `key` in order; empty when the key is missing (Werkzeug's `getlist`).
    pub fn get_all<Q>(&self, key: &Q) -> &[V]
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get(key).map_or(&[], Vec::as_slice)
    }

    /// Mutable access to the first value of `key`.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get_mut(key).and_then(|vs| vs.first_mut())
    }

    /// Appends a value to `key`, keeping the values it already has (Werkzeug's `add`).
    pub fn append(&mut self, key: K, value: V) {
        self.map.entry(key).or_default().push(value);
    }

    /// Makes `value` the only value of `key` and returns the values it replaces
    /// (Werkzeug's `md[key] = value`). A new key goes to the end; an existing key keeps
    /// its position.
    pub fn insert(&mut self, key: K, value: V) -> Vec<V> {
        match self.map.get_mut(&key) {
            Some(vs) => std::mem::replace(vs, vec![value]),
            None => {
                self.map.insert(key, vec![value]);
                Vec::new()
            }
        }
    }

    /// Replaces all values of `key` (Werkzeug's `setlist`); an empty list removes the key.
    pub fn set_all(&mut self, key: K, values: Vec<V>) {
        if values.is_empty() {
            self.map.shift_remove(&key);
        } else {
            self.map.insert(key, values);
        }
    }

    /// Removes `key` and returns all its values (Werkzeug's `poplist`); empty when missing.
    pub fn remove<Q>(&mut self, key: &Q) -> Vec<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.shift_remove(key).unwrap_or_default()
    }

    /// Removes `key` and returns its first value (Werkzeug's `pop`).
    pub fn pop<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove(key).into_iter().next()
    }

    /// The first value of `key` parsed as `T`; `None` when the key is missing or its
    /// first value does not parse (Werkzeug's `get(key, type=T)`).
    ///
    /// ```
    /// use stellwerk_runtime::datastructures::MultiDict;
    ///
    /// let md: MultiDict<&str, &str> = [("page", "3"), ("size", "big")].into_iter().collect();
    /// assert_eq!(md.get_as::<u32, _>("page"), Some(3));
    /// assert_eq!(md.get_as::<u32, _>("size"), None);
    /// ```
    pub fn get_as<T, Q>(&self, key: &Q) -> Option<T>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        V: AsRef<str>,
        T: FromStr,
    {
        self.get(key).and_then(|v| v.as_ref().parse().ok())
    }

    /// Every value of `key` that parses as `T`; the others are dropped (Werkzeug's
    /// `getlist(key, type=T)`).
    pub fn get_all_as<T, Q>(&self, key: &Q) -> Vec<T>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        V: AsRef<str>,
        T: FromStr,
    {
        self.get_all(key)
            .iter()
            .filter_map(|v| v.as_ref().parse().ok())
            .collect()
    }

    /// The distinct keys in first-seen order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &K> + '_ {
        self.map.keys()
    }

    /// Every `(key, value)` pair, grouped by key in first-seen order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            outer: self.map.iter(),
            current: None,
        }
    }

    /// Every `(key, value)` pair with mutable values, grouped by key in first-seen order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> + '_ {
        self.map
            .iter_mut()
            .flat_map(|(k, vs)| vs.iter_mut().map(move |v| (&*k, v)))
    }

    /// Each key with its first value (Werkzeug's `to_dict()` order).
    pub fn iter_first(&self) -> impl Iterator<Item = (&K, &V)> + '_ {
        self.map
            .iter()
            .filter_map(|(k, vs)| vs.first().map(|v| (k, v)))
    }

    /// Each key with all its values (Werkzeug's `lists()`).
    pub fn iter_all(&self) -> impl ExactSizeIterator<Item = (&K, &[V])> + '_ {
        self.map.iter().map(|(k, vs)| (k, vs.as_slice()))
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.map.clear();
    }
}

/// Iterator over all `(key, value)` pairs of a [`MultiDict`], see [`MultiDict::iter`].
pub struct Iter<'a, K, V> {
    outer: indexmap::map::Iter<'a, K, Vec<V>>,
    current: Option<(&'a K, std::slice::Iter<'a, V>)>,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((k, values)) = &mut self.current
                && let Some(v) = values.next()
            {
                return Some((k, v));
            }
            let (k, vs) = self.outer.next()?;
            self.current = Some((k, vs.iter()));
        }
    }
}

impl<'a, K: Hash + Eq, V> IntoIterator for &'a MultiDict<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Clone, V> IntoIterator for MultiDict<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    /// Every pair, grouped by key in first-seen order. Keys are cloned once per value.
    fn into_iter(self) -> Self::IntoIter {
        let pairs: Vec<(K, V)> = self
            .map
            .into_iter()
            .flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v)))
            .collect();
        pairs.into_iter()
    }
}

impl<K: Hash + Eq, V> FromIterator<(K, V)> for MultiDict<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut md = MultiDict::new();
        md.extend(iter);
        md
    }
}

/// Appends every pair, like Werkzeug's `update` (which adds rather than replaces).
impl<K: Hash + Eq, V> Extend<(K, V)> for MultiDict<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.append(k, v);
        }
    }
}

impl<K: Hash + Eq, V, const N: usize> From<[(K, V); N]> for MultiDict<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}
