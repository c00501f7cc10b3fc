//! Host validation and URL reconstruction, following Werkzeug's `get_host`,
//! `host_is_trusted`, `get_current_url` and `uri_to_iri`.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::exceptions::HttpError;
use crate::headers::{domain_to_ascii, domain_to_unicode};
use crate::urls::{IRI_PATH, IRI_QUERY, quote_into, unquote_keeping};

use super::Request;

/// The request's location: scheme, host and the URLs Werkzeug reconstructs from them.
impl Request {
    /// The URL scheme: the URI's (HTTP/2, or a `ProxyFix`-rewritten request), else `http`.
    pub fn scheme(&self) -> String {
        self.scheme_ref().into_owned()
    }

    /// [`scheme`](Self::scheme), copied only when it is not in lower case.
    pub(crate) fn scheme_ref(&self) -> Cow<'_, str> {
        self.uri()
            .scheme_str()
            .map_or(Cow::Borrowed("http"), crate::urls::ascii_lowercase)
    }

    /// Whether the scheme is `https` or `wss`.
    pub fn is_secure(&self) -> bool {
        matches!(&*self.scheme_ref(), "https" | "wss")
    }

    /// The host (and port, unless it is the scheme's default) the request was sent to: the
    /// `Host` header, else the URI's authority.
    ///
    /// As in Werkzeug 3.2 a host that is not `name[:port]` with `name` made of
    /// `A-Za-z0-9.-` (or a bracketed IPv6 literal) reads as `""`, and so does a request
    /// without any host. With [`RequestConfig::trusted_hosts`](super::RequestConfig::trusted_hosts)
    /// set, a present host that does not match answers 400 (Werkzeug's `SecurityError`).
    ///
    /// ```
    /// use stellwerk_runtime::body::Body;
    /// use stellwerk_runtime::wrappers::{Request, RequestConfig};
    ///
    /// let build = |host: &str| {
    ///     let http = http::Request::get("/").header("host", host).body(Body::empty()).unwrap();
    ///     Request::with_config(http, RequestConfig::default().trusted_hosts([".example.com"]))
    /// };
    /// assert_eq!(build("www.example.com:80").host().unwrap(), "www.example.com");
    /// assert_eq!(build("example.com:8080").host().unwrap(), "example.com:8080");
    /// assert_eq!(build("example.org").host().unwrap_err().code(), 400);
    /// ```
    pub fn host(&self) -> Result<String, HttpError> {
        self.host_ref().map(Cow::into_owned)
    }

    /// [`host`](Self::host) without a copy when the host is sent as valid UTF-8 (the
    /// dispatcher reads it for every request).
    pub(crate) fn host_ref(&self) -> Result<Cow<'_, str>, HttpError> {
        let scheme = self.scheme_ref();
        let trusted = self.config.get_trusted_hosts();
        let host = match self.headers().get(http::header::HOST) {
            Some(value) => match std::str::from_utf8(value.as_bytes()) {
                Ok(text) => get_host(&scheme, Some(text), None, trusted).map(Cow::Borrowed),
                // Not UTF-8, so not a valid host: read lossily for the error message.
                Err(_) => {
                    let text = String::from_utf8_lossy(value.as_bytes());
                    get_host(&scheme, Some(&text), None, trusted)
                        .map(|host| Cow::Owned(host.to_owned()))
                }
            },
            None => {
                // The authority without user information: `host[:port]`.
                let authority = self.uri().authority().map(|authority| {
                    let text = authority.as_str();
                    text.rsplit_once('@').map_or(text, |(_, host)| host)
                });
                get_host(&scheme, None, authority, trusted).map(Cow::Borrowed)
            }
        };
        host.map_err(|UntrustedHost(host)| {
            HttpError::bad_request().with_description(format!("Host {host:?} is not trusted."))
        })
    }

    /// The path under the script root, percent-decoded (bytes that are not UTF-8 become
    /// U+FFFD, as in Werkzeug), always starting with exactly one `/`.
    pub fn path(&self) -> &str {
        self.path.as_deref().unwrap_or_else(|| self.uri().path())
    }

    /// The path exactly as sent, still percent-encoded (including any script root).
    pub fn raw_path(&self) -> &str {
        self.uri().path()
    }

    /// The prefix the application is mounted under, without a trailing slash (`""` at the
    /// root): the configured script root or a trusted proxy's `X-Forwarded-Prefix`.
    pub fn script_root(&self) -> &str {
        self.forwarded_root
            .as_deref()
            .unwrap_or_else(|| self.config.get_script_root())
    }

    /// Whether the script root is one a trusted proxy reported (it removed it from the
    /// path already).
    pub(crate) fn script_root_forwarded(&self) -> bool {
        self.forwarded_root.is_some()
    }

    /// The raw query string, without `?` (`""` when there is none).
    pub fn query_string(&self) -> &str {
        self.uri().query().unwrap_or("")
    }

    /// The path and query, always with a `?`, even when the query is empty (`/a?`), as
    /// Werkzeug's `full_path`.
    pub fn full_path(&self) -> String {
        format!("{}?{}", self.path(), self.query_string())
    }

    /// The full URL as an IRI: `scheme://host/script_root/path?query`. Escapes of
    /// non-ASCII text are decoded, reserved characters stay escaped, Punycode host names
    /// are shown in Unicode (Werkzeug's `get_current_url` and `uri_to_iri`).
    pub fn url(&self) -> Result<String, HttpError> {
        Ok(current_url(
            &self.scheme_ref(),
            &self.host_ref()?,
            Some(self.script_root()),
            Some(self.path()),
            Some(self.query_string()),
        ))
    }

    /// [`url`](Self::url) without the query string.
    pub fn base_url(&self) -> Result<String, HttpError> {
        Ok(current_url(
            &self.scheme_ref(),
            &self.host_ref()?,
            Some(self.script_root()),
            Some(self.path()),
            None,
        ))
    }

    /// `scheme://host/script_root/` (Werkzeug's `root_url` and `url_root`).
    pub fn root_url(&self) -> Result<String, HttpError> {
        Ok(current_url(
            &self.scheme_ref(),
            &self.host_ref()?,
            Some(self.script_root()),
            None,
            None,
        ))
    }

    /// `scheme://host/`.
    pub fn host_url(&self) -> Result<String, HttpError> {
        Ok(current_url(
            &self.scheme_ref(),
            &self.host_ref()?,
            None,
            None,
            None,
        ))
    }
}

/// Why [`get_host`] refused a host: it is not in the trusted list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UntrustedHost(pub(super) String);

/// Werkzeug's `get_host`: the `Host` header, else the server (URI) authority, without the
/// scheme's default port.
///
/// With no host at all the result is `""` (HTTP/1.0 without `Host`), whatever the trusted
/// list says. A host with characters outside `[A-Za-z0-9.-]` (or a bracketed IPv6
/// literal), optionally followed by `:digits`, is `""` too, or untrusted when a trusted
/// list is configured.
pub(super) fn get_host<'a>(
    scheme: &str,
    host_header: Option<&'a str>,
    authority: Option<&'a str>,
    trusted: &[String],
) -> Result<&'a str, UntrustedHost> {
    let Some(mut host) = host_header.or(authority) else {
        return Ok("");
    };
    if matches!(scheme, "http" | "ws") {
        host = host.strip_suffix(":80").unwrap_or(host);
    } else if matches!(scheme, "https" | "wss") {
        host = host.strip_suffix(":443").unwrap_or(host);
    }
    if host_is_trusted(host, trusted) {
        Ok(host)
    } else if trusted.is_empty() {
        Ok("")
    } else {
        Err(UntrustedHost(host.to_owned()))
    }
}

/// Werkzeug's `host_is_trusted`: `host` must be `[A-Za-z0-9.-]+` or `[ipv6]`, optionally
/// followed by `:digits`; with a non-empty `trusted` list its name (port ignored) must be
/// one of them, or a subdomain of one written with a leading dot.
///
/// Two departures, both safe: names compare ASCII case-insensitively (DNS names are; in
/// Werkzeug `EXAMPLE.com` is not `example.com`), and the port of a bracketed IPv6 literal
/// is split off after the `]` (Werkzeug cuts at the first `:`, so IPv6 hosts never match).
pub(super) fn host_is_trusted(host: &str, trusted: &[String]) -> bool {
    let Some(name) = valid_host_name(host) else {
        return false;
    };
    if trusted.is_empty() {
        return true;
    }
    let name = name.to_ascii_lowercase();
    trusted.iter().any(|reference| {
        let (reference, suffix) = match reference.strip_prefix('.') {
            Some(rest) => (rest, true),
            None => (reference.as_str(), false),
        };
        let reference = split_port(reference).0;
        // A name that cannot be IDNA-encoded can match nothing.
        let Some(reference) = domain_to_ascii(reference) else {
            return false;
        };
        let reference = reference.to_ascii_lowercase();
        name == reference
            || (suffix
                && name
                    .strip_suffix(reference.as_str())
                    .is_some_and(|head| head.ends_with('.')))
    })
}

/// The name part of a syntactically valid `host[:port]`, or `None`.
fn valid_host_name(host: &str) -> Option<&str> {
    let (name, port) = split_port(host);
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let valid = if let Some(inner) = name.strip_prefix('[') {
        // `[a-f0-9]*:[a-f0-9.:]+` between the brackets.
        let inner = inner.strip_suffix(']')?;
        let (head, tail) = inner.split_once(':')?;
        head.bytes().all(|b| b.is_ascii_hexdigit())
            && !tail.is_empty()
            && tail
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
    } else {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    valid.then_some(name)
}

/// Splits `host:port` into name and port text; a bracketed IPv6 literal keeps its colons.
fn split_port(host: &str) -> (&str, Option<&str>) {
    if host.starts_with('[') {
        match host.find(']') {
            Some(end) => {
                let (name, rest) = host.split_at(end + 1);
                match rest.strip_prefix(':') {
                    Some(port) => (name, Some(port)),
                    // Anything else after `]` makes the host invalid; keep it in the name.
                    None if rest.is_empty() => (name, None),
                    None => (host, None),
                }
            }
            None => (host, None),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    }
}

/// Werkzeug's `get_current_url`: the IRI `scheme://host/root/path?query`, each part
/// present only if the parts before it are.
pub(super) fn current_url(
    scheme: &str,
    host: &str,
    root: Option<&str>,
    path: Option<&str>,
    query: Option<&str>,
) -> String {
    let mut url = format!("{}://{}", scheme.to_ascii_lowercase(), iri_host(host));
    let mut uri_path = String::new();
    if let Some(root) = root {
        quote_into(root.trim_end_matches('/'), IRI_PATH, &mut uri_path);
        uri_path.push('/');
        if let Some(path) = path {
            quote_into(path.trim_start_matches('/'), IRI_PATH, &mut uri_path);
        }
    } else {
        uri_path.push('/');
    }
    url.push_str(&unquote_keeping(&uri_path, b"/?#"));
    if root.is_some()
        && path.is_some()
        && let Some(query) = query.filter(|q| !q.is_empty())
    {
        let mut uri_query = String::new();
        quote_into(query, IRI_QUERY, &mut uri_query);
        url.push('?');
        url.push_str(&unquote_keeping(&uri_query, b"&=+#"));
    }
    url
}

/// The host as `uri_to_iri` writes it: lower-cased, Punycode labels decoded where they
/// round-trip, IPv6 in brackets, the port as a number (`:0` dropped, as `urlsplit` does).
fn iri_host(host: &str) -> String {
    if host.is_empty() {
        return String::new();
    }
    let (name, port) = split_port(host);
    let name = name.to_ascii_lowercase();
    let mut out = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(ipv6) => format!("[{ipv6}]"),
        None => domain_to_unicode(&name),
    };
    if let Some(port) = port {
        match port.parse::<u32>() {
            Ok(0) => {}
            Ok(n) if n <= 65_535 => {
                let _ = write!(out, ":{n}");
            }
            // Python raises here (a 500 in Werkzeug); keep the digits as they were sent.
            _ => {
                out.push(':');
                out.push_str(port);
            }
        }
    }
    out
}
