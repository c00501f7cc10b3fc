//! Where links live: the [`LinkStore`] trait, and [`MemoryStore`], the in-memory store the
//! example runs with. A database-backed store implements the same four methods.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;

/// One shortened link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The short id in `/<short_id>`.
    pub short_id: String,
    /// Where `/<short_id>` redirects to.
    pub target: String,
    /// How often `/<short_id>` was followed.
    pub clicks: u64,
}

/// The storage the views need. Every method is synchronous and cheap in the in-memory
/// store; a database store would run its queries on a blocking pool behind the same calls.
pub trait LinkStore: Send + Sync {
    /// Stores `target` and returns its link. Shortening the same URL twice gives the same
    /// link, as in Werkzeug's tutorial.
    fn insert(&self, target: &str) -> Link;
    /// The link with this short id.
    fn get(&self, short_id: &str) -> Option<Link>;
    /// Counts one click on the link and returns its target.
    fn follow(&self, short_id: &str) -> Option<String>;
    /// The most recently created links, newest first.
    fn recent(&self, limit: usize) -> Vec<Link>;
}

/// The store as handlers get it: shared, behind the trait.
pub type Store = Arc<dyn LinkStore>;

/// Links in a `HashMap` behind a mutex; ids are a counter in base 36.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    by_id: HashMap<String, Link>,
    by_target: HashMap<String, String>,
    order: Vec<String>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// An empty store, shared.
    pub fn shared() -> Store {
        Arc::new(MemoryStore::new())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves the maps consistent (every update is a
        // single insert), so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `n` in base 36 (`0-9a-z`).
fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl LinkStore for MemoryStore {
    fn insert(&self, target: &str) -> Link {
        let mut inner = self.lock();
        if let Some(link) = inner
            .by_target
            .get(target)
            .and_then(|id| inner.by_id.get(id))
        {
            return link.clone();
        }
        // Start at 36 * 36 so every id has three characters.
        let short_id = base36(1296 + inner.order.len() as u64);
        let link = Link {
            short_id: short_id.clone(),
            target: target.to_owned(),
            clicks: 0,
        };
        inner.by_id.insert(short_id.clone(), link.clone());
        inner.by_target.insert(target.to_owned(), short_id.clone());
        inner.order.push(short_id);
        link
    }

    fn get(&self, short_id: &str) -> Option<Link> {
        self.lock().by_id.get(short_id).cloned()
    }

    fn follow(&self, short_id: &str) -> Option<String> {
        let mut inner = self.lock();
        let link = inner.by_id.get_mut(short_id)?;
        link.clicks += 1;
        Some(link.target.clone())
    }

    fn recent(&self, limit: usize) -> Vec<Link> {
        let inner = self.lock();
        inner
            .order
            .iter()
            .rev()
            .take(limit)
            .filter_map(|id| inner.by_id.get(id).cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base36_table() {
        for (n, text) in [
            (0, "0"),
            (35, "z"),
            (36, "10"),
            (1296, "100"),
            (46655, "zzz"),
        ] {
            assert_eq!(base36(n), text, "{n}");
        }
    }

    #[test]
    fn same_target_same_link_and_clicks_count() {
        let store = MemoryStore::new();
        let a = store.insert("https://example.com/a");
        let b = store.insert("https://example.com/b");
        assert_eq!((a.short_id.as_str(), b.short_id.as_str()), ("100", "101"));
        assert_eq!(store.insert("https://example.com/a"), a);
        assert_eq!(
            store.follow("100").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(store.follow("nope"), None);
        assert_eq!(store.get("100").map(|l| l.clicks), Some(1));
        let recent: Vec<String> = store.recent(5).into_iter().map(|l| l.short_id).collect();
        assert_eq!(recent, ["101", "100"]);
    }
}
