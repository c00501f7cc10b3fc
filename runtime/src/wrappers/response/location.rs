//! IRI → URI conversion for `Location` and `Content-Location`.

use crate::headers::domain_to_ascii;
use crate::urls::{FRAGMENT, IRI_PATH, IRI_QUERY, USERINFO, quote, quote_into};

/// Converts an IRI to a URI as Werkzeug does before sending `Location`: the host is
/// lower-cased and Punycode-encoded, user info, path, query and fragment have non-ASCII and
/// unsafe characters percent-encoded (already-encoded `%XX` is kept). The result is always
/// visible ASCII, so it cannot inject headers.
///
/// ```
/// use stellwerk_runtime::wrappers::response::iri_to_uri;
/// assert_eq!(
///     iri_to_uri("http://üser:pässword@☃.net/påth"),
///     "http://%C3%BCser:p%C3%A4ssword@xn--n3h.net/p%C3%A5th"
/// );
/// assert_eq!(iri_to_uri("/\\\\test.example?q"), "/%5C%5Ctest.example?q");
/// ```
pub fn iri_to_uri(iri: &str) -> String {
    // Split like urllib.parse.urlsplit: scheme, //netloc, path, ?query, #fragment.
    let mut rest = iri;
    let mut scheme = None;
    if let Some(colon) = rest.find(':') {
        let candidate = &rest[..colon];
        if candidate
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
            && candidate
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        {
            scheme = Some(candidate.to_ascii_lowercase());
            rest = &rest[colon + 1..];
        }
    }
    let mut netloc = None;
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        netloc = Some(&after[..end]);
        rest = &after[end..];
    }
    let (before_fragment, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (rest, None),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_fragment, None),
    };

    let mut out = String::new();
    if let Some(s) = &scheme {
        out.push_str(s);
        out.push(':');
    }
    if let Some(netloc) = netloc {
        out.push_str("//");
        out.push_str(&convert_netloc(netloc));
    }
    quote_into(path, IRI_PATH, &mut out);
    if let Some(q) = query {
        out.push('?');
        quote_into(q, IRI_QUERY, &mut out);
    }
    if let Some(f) = fragment {
        out.push('#');
        quote_into(f, FRAGMENT, &mut out);
    }
    out
}

fn convert_netloc(netloc: &str) -> String {
    let (userinfo, hostport) = match netloc.rfind('@') {
        Some(at) => (Some(&netloc[..at]), &netloc[at + 1..]),
        None => (None, netloc),
    };
    let (host, port) = if let Some(stripped) = hostport.strip_prefix('[') {
        // IPv6 literal: `[::1]:8080`
        match stripped.split_once(']') {
            Some((h, rest)) => (
                format!("[{}]", h.to_ascii_lowercase()),
                rest.strip_prefix(':'),
            ),
            None => (hostport.to_ascii_lowercase(), None),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (hostport.to_string(), None),
        }
    };
    let host = if host.starts_with('[') {
        host
    } else {
        let lower = host.to_lowercase();
        // A host that does not convert is percent-encoded rather than dropped, so the
        // header stays valid.
        domain_to_ascii(&lower).unwrap_or_else(|| quote(&lower, USERINFO).into_owned())
    };
    let mut out = String::new();
    if let Some(info) = userinfo {
        match info.split_once(':') {
            Some((u, p)) => {
                quote_into(u, USERINFO, &mut out);
                if !p.is_empty() {
                    out.push(':');
                    quote_into(p, USERINFO, &mut out);
                }
            }
            None => quote_into(info, USERINFO, &mut out),
        }
        out.push('@');
    }
    out.push_str(&host);
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        out.push(':');
        quote_into(port, USERINFO, &mut out);
    }
    out
}
