//! `Cache-Control` for requests and responses: an ordered set of directives with typed
//! accessors, unknown directives kept.

use std::fmt;

use super::quoting::{OrderedPairs, dump_dict_header, parse_dict_header};

/// The directives of a `Cache-Control` header, in order: name (lower-cased) → optional value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Directives(Vec<(String, Option<String>)>);

/// An integer directive value: ASCII digits only (`+1`, `1_000` and non-ASCII digits are
/// rejected). Negative values are kept, as Werkzeug's `int()` would.
fn parse_int(value: &str) -> Option<i64> {
    let v = value.trim();
    let digits = v.strip_prefix('-').unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

impl Directives {
    fn parse(value: &str) -> Self {
        let mut out = OrderedPairs::new();
        for (k, v) in parse_dict_header(value) {
            out.set(k.to_ascii_lowercase(), v);
        }
        Directives(out.into_vec())
    }

    fn get(&self, key: &str) -> Option<Option<&str>> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_deref())
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn set(&mut self, key: &str, value: Option<String>) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    fn set_flag(&mut self, key: &str, on: bool) {
        if on {
            self.set(key, None);
        } else {
            self.remove(key);
        }
    }

    fn int(&self, key: &str) -> Option<i64> {
        self.get(key).flatten().and_then(parse_int)
    }

    fn set_int(&mut self, key: &str, value: Option<i64>) {
        match value {
            Some(v) => self.set(key, Some(v.to_string())),
            None => self.remove(key),
        }
    }

    fn to_header(&self) -> String {
        dump_dict_header(self.0.iter().map(|(k, v)| (k.as_str(), v.as_deref())))
    }
}

/// A directive that is either present alone or carries a value (`no-cache`, `private`,
/// `max-stale`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveValue<T> {
    /// Present without a value.
    Bare,
    /// Present with a value.
    Value(T),
}

macro_rules! flag {
    ($(#[$doc:meta])* $get:ident, $set:ident, $key:literal) => {
        $(#[$doc])*
        pub fn $get(&self) -> bool {
            self.0.has($key)
        }
        #[doc = concat!("Adds (`true`) or removes (`false`) `", $key, "`.")]
        pub fn $set(&mut self, on: bool) -> &mut Self {
            self.0.set_flag($key, on);
            self
        }
    };
}

macro_rules! int {
    ($(#[$doc:meta])* $get:ident, $set:ident, $key:literal) => {
        $(#[$doc])*
        /// `None` when absent, present without a value, or not an integer.
        pub fn $get(&self) -> Option<i64> {
            self.0.int($key)
        }
        #[doc = concat!("Sets `", $key, "` to a number of seconds, or removes it (`None`).")]
        pub fn $set(&mut self, value: Option<i64>) -> &mut Self {
            self.0.set_int($key, value);
            self
        }
    };
}

macro_rules! common {
    ($ty:ident) => {
        impl $ty {
            /// Parses a header value (directive names are lower-cased).
            pub fn parse(value: &str) -> Self {
                $ty(Directives::parse(value))
            }

            /// The raw value of any directive: `None` if absent, `Some(None)` if bare.
            pub fn get(&self, directive: &str) -> Option<Option<&str>> {
                self.0.get(&directive.to_ascii_lowercase())
            }

            /// Sets any directive (`None` value = bare).
            pub fn set(&mut self, directive: &str, value: Option<&str>) -> &mut Self {
                self.0.set(&directive.to_ascii_lowercase(), value.map(str::to_owned));
                self
            }

            /// Removes any directive.
            pub fn remove(&mut self, directive: &str) -> &mut Self {
                self.0.remove(&directive.to_ascii_lowercase());
                self
            }

            /// The directives in order.
            pub fn directives(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
                self.0.0.iter().map(|(k, v)| (k.as_str(), v.as_deref()))
            }

            /// Whether no directive is set (then the header should be omitted).
            pub fn is_empty(&self) -> bool {
                self.0.0.is_empty()
            }

            /// Serialises the header (`, `-separated, values quoted when needed).
            pub fn to_header(&self) -> String {
                self.0.to_header()
            }

            int!(
                /// `max-age`.
                max_age, set_max_age, "max-age"
            );
            flag!(
                /// `no-store`.
                no_store, set_no_store, "no-store"
            );
            flag!(
                /// `no-transform`.
                no_transform, set_no_transform, "no-transform"
            );
            int!(
                /// `stale-if-error`.
                stale_if_error, set_stale_if_error, "stale-if-error"
            );
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_header())
            }
        }
    };
}

/// A request's `Cache-Control`.
///
/// ```
/// use stellwerk_runtime::headers::RequestCacheControl;
/// let cc = RequestCacheControl::parse("max-age=0, no-cache");
/// assert_eq!(cc.max_age(), Some(0));
/// assert!(cc.no_cache());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestCacheControl(Directives);

common!(RequestCacheControl);

impl RequestCacheControl {
    flag!(
        /// `no-cache`.
        no_cache, set_no_cache, "no-cache"
    );
    flag!(
        /// `only-if-cached`.
        only_if_cached, set_only_if_cached, "only-if-cached"
    );
    int!(
        /// `min-fresh`.
        min_fresh, set_min_fresh, "min-fresh"
    );

    /// `max-stale`: bare means any staleness; `None` when absent or not an integer.
    pub fn max_stale(&self) -> Option<DirectiveValue<i64>> {
        match self.0.get("max-stale")? {
            None => Some(DirectiveValue::Bare),
            Some(v) => parse_int(v).map(DirectiveValue::Value),
        }
    }

    /// Sets or removes `max-stale`.
    pub fn set_max_stale(&mut self, value: Option<DirectiveValue<i64>>) -> &mut Self {
        match value {
            None => self.0.remove("max-stale"),
            Some(DirectiveValue::Bare) => self.0.set("max-stale", None),
            Some(DirectiveValue::Value(v)) => self.0.set("max-stale", Some(v.to_string())),
        }
        self
    }
}

/// A response's `Cache-Control`.
///
/// ```
/// use stellwerk_runtime::headers::{DirectiveValue, ResponseCacheControl};
/// let mut cc = ResponseCacheControl::default();
/// cc.set_public(true).set_max_age(Some(3600));
/// assert_eq!(cc.to_header(), "public, max-age=3600");
/// let cc = ResponseCacheControl::parse("private, community=\"UCI\"");
/// assert_eq!(cc.private(), Some(DirectiveValue::Bare));
/// assert_eq!(cc.get("community"), Some(Some("UCI")));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseCacheControl(Directives);

common!(ResponseCacheControl);

impl ResponseCacheControl {
    flag!(
        /// `public`.
        public, set_public, "public"
    );
    flag!(
        /// `must-revalidate`.
        must_revalidate, set_must_revalidate, "must-revalidate"
    );
    flag!(
        /// `proxy-revalidate`.
        proxy_revalidate, set_proxy_revalidate, "proxy-revalidate"
    );
    flag!(
        /// `immutable`.
        immutable, set_immutable, "immutable"
    );
    flag!(
        /// `must-understand`.
        must_understand, set_must_understand, "must-understand"
    );
    int!(
        /// `s-maxage`.
        s_maxage, set_s_maxage, "s-maxage"
    );
    int!(
        /// `stale-while-revalidate`.
        stale_while_revalidate, set_stale_while_revalidate, "stale-while-revalidate"
    );

    /// `no-cache`: bare, or with a list of field names.
    pub fn no_cache(&self) -> Option<DirectiveValue<String>> {
        self.0.get("no-cache").map(|v| match v {
            None => DirectiveValue::Bare,
            Some(v) => DirectiveValue::Value(v.to_owned()),
        })
    }

    /// Sets or removes `no-cache`.
    pub fn set_no_cache(&mut self, value: Option<DirectiveValue<String>>) -> &mut Self {
        self.set_field_directive("no-cache", value)
    }

    /// `private`: bare, or with a list of field names.
    pub fn private(&self) -> Option<DirectiveValue<String>> {
        self.0.get("private").map(|v| match v {
            None => DirectiveValue::Bare,
            Some(v) => DirectiveValue::Value(v.to_owned()),
        })
    }

    /// Sets or removes `private`.
    pub fn set_private(&mut self, value: Option<DirectiveValue<String>>) -> &mut Self {
        self.set_field_directive("private", value)
    }

    fn set_field_directive(
        &mut self,
        key: &str,
        value: Option<DirectiveValue<String>>,
    ) -> &mut Self {
        match value {
            None => self.0.remove(key),
            Some(DirectiveValue::Bare) => self.0.set(key, None),
            Some(DirectiveValue::Value(v)) => self.0.set(key, Some(v)),
        }
        self
    }
}
