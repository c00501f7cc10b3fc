//! The little URL handling the test client needs: splitting the target it is given,
//! percent-encoding what may not appear in a URI, `application/x-www-form-urlencoded`
//! encoding and resolving a redirect's `Location` against the current URL.

use crate::urls::{URI_UNSAFE, quote};

/// `application/x-www-form-urlencoded` for a list of pairs (the form module's encoder).
pub(crate) fn form_encode<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    crate::form::url_encode(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
}

/// Whether `text` starts with a URI scheme and `://` (`http://x`, but not `/p?u=http://x`).
pub(crate) fn has_scheme(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, _)| {
        let mut chars = scheme.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// An absolute URL split into the parts the client uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url {
    /// `http` or `https`.
    pub(crate) scheme: String,
    /// Host and optional port, lower-case.
    pub(crate) authority: String,
    /// Path (starting with `/`) and query, URI-encoded.
    pub(crate) path_and_query: String,
}

impl Url {
    /// Parses `http://host[:port][/path][?query]`; `None` for anything else.
    pub(crate) fn parse_absolute(text: &str) -> Option<Url> {
        let (scheme, rest) = text.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        // User info in a URL the client follows would be a way to smuggle credentials.
        if authority.contains('@') || http::uri::Authority::try_from(authority).is_err() {
            return None;
        }
        Some(Url {
            scheme,
            authority: authority.to_ascii_lowercase(),
            path_and_query: encode_path(tail),
        })
    }

    /// The host without the port, for cookie matching.
    pub(crate) fn host(&self) -> &str {
        let authority = self.authority.as_str();
        if authority.starts_with('[') {
            return authority.find(']').map_or(authority, |i| &authority[..=i]);
        }
        authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host)
    }

    /// The path without the query.
    pub(crate) fn path(&self) -> &str {
        self.path_and_query
            .split_once('?')
            .map_or(self.path_and_query.as_str(), |(p, _)| p)
    }

    pub(crate) fn is_https(&self) -> bool {
        self.scheme == "https"
    }

    /// Resolves a `Location` value against this URL (RFC 3986 section 5.2, for the forms a
    /// server sends: absolute, network-path, absolute-path, query-only and relative).
    pub(crate) fn join(&self, location: &str) -> Option<Url> {
        let location = location.split('#').next().unwrap_or("").trim();
        if let Some(url) = Url::parse_absolute(location) {
            return Some(url.normalized());
        }
        if has_scheme(location) {
            return None;
        }
        if let Some(rest) = location.strip_prefix("//") {
            return Url::parse_absolute(&format!("{}://{rest}", self.scheme)).map(Url::normalized);
        }
        let path_and_query = if location.starts_with('/') {
            location.to_owned()
        } else if location.is_empty() {
            self.path_and_query.clone()
        } else if location.starts_with('?') {
            format!("{}{location}", self.path())
        } else {
            let base = self.path();
            let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{location}")
        };
        Some(
            Url {
                scheme: self.scheme.clone(),
                authority: self.authority.clone(),
                path_and_query: encode_path(&path_and_query),
            }
            .normalized(),
        )
    }

    fn normalized(mut self) -> Url {
        let (path, query) = match self.path_and_query.split_once('?') {
            Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
            None => (self.path_and_query.clone(), None),
        };
        let mut path = remove_dot_segments(&path);
        if let Some(query) = query {
            path.push('?');
            path.push_str(&query);
        }
        self.path_and_query = path;
        self
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme, self.authority, self.path_and_query
        )
    }
}

/// A request target (`/path?query`, `path`, or empty) as an encoded path and query; the
/// fragment is dropped, a missing leading `/` added.
pub(crate) fn encode_path(target: &str) -> String {
    let target = target.split('#').next().unwrap_or("");
    let encoded = quote(target, URI_UNSAFE).into_owned();
    if encoded.starts_with('/') {
        encoded
    } else {
        format!("/{encoded}")
    }
}

/// RFC 3986 section 5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut output: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    let mut trailing_slash = false;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => trailing_slash = i == last,
            ".." => {
                output.pop();
                trailing_slash = i == last;
            }
            s => {
                output.push(s);
                trailing_slash = false;
            }
        }
    }
    let mut out = String::from("/");
    out.push_str(&output.join("/"));
    if trailing_slash && !out.ends_with('/') {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_table() {
        for (pairs, expected) in [
            (vec![("a", "1")], "a=1"),
            (vec![("a", "x y"), ("b", "1+1")], "a=x+y&b=1%2B1"),
            (vec![("q", "ä&=#%")], "q=%C3%A4%26%3D%23%25"),
            (
                vec![("path", "/a:b@c;d,e!$'()*?")],
                "path=/a:b@c;d,e!$'()*?",
            ),
            (vec![("k k", "")], "k+k="),
            (vec![("a", "1"), ("a", "2")], "a=1&a=2"),
        ] {
            assert_eq!(form_encode(&pairs), expected, "pairs {pairs:?}");
        }
    }

    #[test]
    fn path_encoding_table() {
        for (target, expected) in [
            ("/a b", "/a%20b"),
            ("/ä", "/%C3%A4"),
            ("/%41", "/%41"),
            ("/x?y=<z>", "/x?y=%3Cz%3E"),
            ("/frag#ment", "/frag"),
            ("relative", "/relative"),
            ("", "/"),
        ] {
            assert_eq!(encode_path(target), expected, "target {target:?}");
        }
    }

    #[test]
    fn join_table() {
        let base = Url::parse_absolute("http://localhost/a/b/c?x=1").unwrap();
        for (location, expected) in [
            ("/d", Some("http://localhost/d")),
            ("d", Some("http://localhost/a/b/d")),
            ("../d", Some("http://localhost/a/d")),
            ("./", Some("http://localhost/a/b/")),
            ("../../../../d", Some("http://localhost/d")),
            ("?y=2", Some("http://localhost/a/b/c?y=2")),
            ("", Some("http://localhost/a/b/c?x=1")),
            ("//other.test/p", Some("http://other.test/p")),
            (
                "https://Example.COM:8443/p?q#f",
                Some("https://example.com:8443/p?q"),
            ),
            ("/with space", Some("http://localhost/with%20space")),
            ("ftp://x/y", None),
            (
                "/p?next=http://x/",
                Some("http://localhost/p?next=http://x/"),
            ),
            ("http://user@evil/", None),
        ] {
            assert_eq!(
                base.join(location).map(|u| u.to_string()).as_deref(),
                expected,
                "location {location:?}"
            );
        }
    }

    #[test]
    fn scheme_detection_table() {
        for (text, expected) in [
            ("http://x", true),
            ("HTTPS://x", true),
            ("svn+ssh://x", true),
            ("/p?u=http://x", false),
            ("p://", true),
            ("://x", false),
            ("1http://x", false),
            ("/plain", false),
        ] {
            assert_eq!(has_scheme(text), expected, "text {text:?}");
        }
    }

    #[test]
    fn host_table() {
        for (url, host) in [
            ("http://localhost/", "localhost"),
            ("http://localhost:8080/", "localhost"),
            ("http://[::1]:8080/", "[::1]"),
            ("http://[::1]/", "[::1]"),
        ] {
            assert_eq!(Url::parse_absolute(url).unwrap().host(), host, "url {url}");
        }
    }

    proptest::proptest! {
        #[test]
        fn join_never_panics(location in "\\PC{0,40}") {
            let base = Url::parse_absolute("http://localhost/a/b").unwrap();
            if let Some(url) = base.join(&location) {
                proptest::prop_assert!(url.path_and_query.starts_with('/'));
                proptest::prop_assert!(url.to_string().parse::<http::Uri>().is_ok(), "{}", url);
            }
        }

        #[test]
        fn form_encoding_round_trips(key in "\\PC{0,12}", value in "\\PC{0,12}") {
            let encoded = form_encode(&[(&key, &value)]);
            let (k, v) = encoded.split_once('=').unwrap();
            let decode = |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8()
                .unwrap()
                .into_owned();
            proptest::prop_assert_eq!(decode(k), key);
            proptest::prop_assert_eq!(decode(v), value);
        }
    }
}
