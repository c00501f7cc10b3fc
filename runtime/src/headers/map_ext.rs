//! [`HeaderMapExt`]: the parts of Werkzeug's `Headers` API that `http::HeaderMap` lacks.

use std::str::FromStr;

use http::header::{HeaderMap, HeaderName, HeaderValue, InvalidHeaderValue};

use super::header_set::HeaderSet;
use super::quoting::dump_options_header;

/// Extra methods on [`HeaderMap`]. `HeaderMap` already refuses CR, LF and NUL in values,
/// which is what stops header injection; these helpers keep that guarantee for values built
/// from parameters.
///
/// ```
/// use http::HeaderMap;
/// use stellwerk_runtime::headers::HeaderMapExt;
/// let mut headers = HeaderMap::new();
/// headers.add_with_params("content-disposition", "attachment", [("filename", "foo")]).unwrap();
/// assert_eq!(headers["content-disposition"], "attachment; filename=foo");
/// headers.insert("content-length", "42".parse().unwrap());
/// assert_eq!(headers.get_as::<u64>("content-length"), Some(42));
/// ```
pub trait HeaderMapExt {
    /// Appends `value; key=value; ...` (values quoted when not tokens). A value or
    /// parameter containing CR, LF or NUL is an error and nothing is added.
    fn add_with_params<'a, I>(
        &mut self,
        name: &'static str,
        value: &str,
        params: I,
    ) -> Result<(), InvalidHeaderValue>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>;

    /// The first value of `name` as text, if it is visible ASCII.
    fn get_str(&self, name: &str) -> Option<&str>;

    /// The first value of `name` parsed with `FromStr`; `None` when absent or unparsable.
    fn get_as<T: FromStr>(&self, name: &str) -> Option<T>;

    /// All values of `name` (comma lists across repeated lines) as a [`HeaderSet`].
    fn get_set(&self, name: &str) -> HeaderSet;

    /// Writes a [`HeaderSet`]; an empty set removes the header.
    fn set_set(&mut self, name: HeaderName, set: &HeaderSet) -> Result<(), InvalidHeaderValue>;
}

impl HeaderMapExt for HeaderMap {
    fn add_with_params<'a, I>(
        &mut self,
        name: &'static str,
        value: &str,
        params: I,
    ) -> Result<(), InvalidHeaderValue>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let line = dump_options_header(Some(value), params.into_iter().map(|(k, v)| (k, Some(v))));
        let v = HeaderValue::from_str(&line)?;
        self.append(HeaderName::from_static(name), v);
        Ok(())
    }

    fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.to_str().ok())
    }

    fn get_as<T: FromStr>(&self, name: &str) -> Option<T> {
        self.get_str(name).and_then(|v| v.trim().parse().ok())
    }

    fn get_set(&self, name: &str) -> HeaderSet {
        let mut set = HeaderSet::new();
        for v in self.get_all(name).iter().filter_map(|v| v.to_str().ok()) {
            for item in HeaderSet::parse(v).iter() {
                set.add(item);
            }
        }
        set
    }

    fn set_set(&mut self, name: HeaderName, set: &HeaderSet) -> Result<(), InvalidHeaderValue> {
        if set.is_empty() {
            self.remove(name);
        } else {
            self.insert(name, HeaderValue::from_str(&set.to_header())?);
        }
        Ok(())
    }
}
