//! The test client's cookie jar: `Set-Cookie` parsing and the matching rules of a browser
//! (RFC 6265), without the public-suffix list a test does not need.
//!
//! A cookie is keyed by name, domain and path. Without a `Domain` attribute it is sent back
//! only to the exact host that set it; with one, to that domain and its subdomains (a
//! `Domain` the request host does not belong to is refused). It is sent to paths under its
//! `Path` (default: the directory of the request path), only over HTTPS when `Secure`, and
//! not after it expired: `Max-Age=0` (or negative) or an `Expires` in the past deletes it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One cookie in the test client's jar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    /// The cookie name as sent.
    pub name: String,
    /// The value as sent (quotes and escapes are not interpreted).
    pub value: String,
    /// The host or domain it belongs to, lower-case, without a leading dot.
    pub domain: String,
    /// `true` when the response had no `Domain` attribute: only the exact host gets it back.
    pub host_only: bool,
    /// The path prefix it is sent to.
    pub path: String,
    /// When it expires; `None` for a session cookie.
    pub expires: Option<SystemTime>,
    /// Sent only over HTTPS.
    pub secure: bool,
    /// The `HttpOnly` attribute (recorded; the test client is not a script).
    pub http_only: bool,
    /// The `SameSite` attribute, if any (recorded, not enforced).
    pub same_site: Option<String>,
}

impl Cookie {
    pub(crate) fn matches(&self, host: &str, path: &str, secure: bool, now: SystemTime) -> bool {
        let domain_ok = if self.host_only {
            host == self.domain
        } else {
            domain_matches(host, &self.domain)
        };
        domain_ok
            && path_matches(path, &self.path)
            && (!self.secure || secure)
            && self.expires.is_none_or(|at| now < at)
    }
}

/// The cookies a [`Client`](super::Client) keeps between requests.
#[derive(Clone, Debug, Default)]
pub(crate) struct CookieJar {
    cookies: Vec<Cookie>,
}

impl CookieJar {
    /// Stores (or deletes) the cookie of one `Set-Cookie` header received for a request to
    /// `host` (no port) and `path`. Malformed headers are ignored, as browsers do.
    pub(crate) fn store(&mut self, set_cookie: &str, host: &str, path: &str, now: SystemTime) {
        let Some(cookie) = parse_set_cookie(set_cookie, host, path, now) else {
            return;
        };
        let existing = self.cookies.iter().position(|c| {
            c.name == cookie.name && c.domain == cookie.domain && c.path == cookie.path
        });
        let alive = cookie.expires.is_none_or(|at| now < at);
        match (existing, alive) {
            // A replacement keeps the old cookie's place in the sending order (RFC 6265
            // keeps its creation time).
            (Some(i), true) => self.cookies[i] = cookie,
            (Some(i), false) => {
                self.cookies.remove(i);
            }
            (None, true) => self.cookies.push(cookie),
            (None, false) => {}
        }
    }

    /// The `Cookie` header value for a request, or `None` when no cookie matches.
    /// Longer paths come first, then older cookies, as browsers order them.
    pub(crate) fn header_for(
        &self,
        host: &str,
        path: &str,
        secure: bool,
        now: SystemTime,
    ) -> Option<String> {
        let mut matching: Vec<&Cookie> = self
            .cookies
            .iter()
            .filter(|c| c.matches(host, path, secure, now))
            .collect();
        if matching.is_empty() {
            return None;
        }
        matching.sort_by_key(|c| std::cmp::Reverse(c.path.len()));
        let pairs: Vec<String> = matching
            .iter()
            .map(|c| format!("{}={}", c.name, c.value))
            .collect();
        Some(pairs.join("; "))
    }

    /// All cookies that have not expired.
    pub(crate) fn all(&self, now: SystemTime) -> Vec<Cookie> {
        self.cookies
            .iter()
            .filter(|c| c.expires.is_none_or(|at| now < at))
            .cloned()
            .collect()
    }

    /// Sets a host-only cookie for `host`, path `/`.
    pub(crate) fn set(&mut self, name: &str, value: &str, host: &str) {
        self.cookies
            .retain(|c| !(c.name == name && c.domain == host && c.path == "/"));
        self.cookies.push(Cookie {
            name: name.to_owned(),
            value: value.to_owned(),
            domain: host.to_owned(),
            host_only: true,
            path: "/".to_owned(),
            expires: None,
            secure: false,
            http_only: false,
            same_site: None,
        });
    }

    /// Removes every cookie called `name` that would be sent to `host`.
    pub(crate) fn remove(&mut self, name: &str, host: &str) {
        self.cookies.retain(|c| {
            let reaches = if c.host_only {
                c.domain == host
            } else {
                domain_matches(host, &c.domain)
            };
            !(c.name == name && reaches)
        });
    }

    pub(crate) fn clear(&mut self) {
        self.cookies.clear();
    }
}

fn parse_set_cookie(header: &str, host: &str, path: &str, now: SystemTime) -> Option<Cookie> {
    let mut parts = header.split(';');
    let pair = parts.next()?;
    // RFC 6265 5.2: a pair without `=` or with an empty name is ignored (a nameless cookie
    // could otherwise pose as a `__Host-` one, GHSA-px8h-6qxv-m22q).
    let (name, value) = pair.split_once('=')?;
    let (name, value) = (name.trim(), value.trim());
    if name.is_empty() {
        return None;
    }
    let mut cookie = Cookie {
        name: name.to_owned(),
        value: value.to_owned(),
        domain: host.to_owned(),
        host_only: true,
        path: default_path(path),
        expires: None,
        secure: false,
        http_only: false,
        same_site: None,
    };
    let mut max_age: Option<i64> = None;
    let mut expires: Option<SystemTime> = None;
    for attribute in parts {
        let (key, val) = match attribute.split_once('=') {
            Some((k, v)) => (k.trim(), v.trim()),
            None => (attribute.trim(), ""),
        };
        match key.to_ascii_lowercase().as_str() {
            "max-age" => {
                let digits = val.strip_prefix('-').unwrap_or(val);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    // Out-of-range values saturate: far future or already expired.
                    max_age = Some(val.parse().unwrap_or(if val.starts_with('-') {
                        i64::MIN
                    } else {
                        i64::MAX
                    }));
                }
            }
            "expires" => expires = parse_cookie_date(val).or(expires),
            "domain" => {
                let domain = val.trim_start_matches('.').to_ascii_lowercase();
                if !domain.is_empty() {
                    if !domain_matches(host, &domain) {
                        return None;
                    }
                    cookie.domain = domain;
                    cookie.host_only = false;
                }
            }
            "path" if val.starts_with('/') => cookie.path = val.to_owned(),
            "secure" => cookie.secure = true,
            "httponly" => cookie.http_only = true,
            "samesite" => cookie.same_site = Some(val.to_owned()),
            _ => {}
        }
    }
    // Max-Age wins over Expires (RFC 6265 5.3 step 3).
    cookie.expires = match max_age {
        Some(secs) if secs <= 0 => Some(UNIX_EPOCH),
        Some(secs) => now.checked_add(Duration::from_secs(secs.unsigned_abs())),
        None => expires,
    };
    Some(cookie)
}

/// The directory of the request path (RFC 6265 5.1.4): `/a/b` → `/a`, `/a` → `/`.
fn default_path(path: &str) -> String {
    match path.rfind('/') {
        Some(0) | None => "/".to_owned(),
        Some(i) => path[..i].to_owned(),
    }
}

/// `host` is `domain` or a subdomain of it; IP addresses only match themselves.
fn domain_matches(host: &str, domain: &str) -> bool {
    if host == domain {
        return true;
    }
    let is_ip = host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[');
    !is_ip
        && host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// RFC 6265 5.1.4 path-match: equal, or a prefix ending at a `/` boundary.
fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    match request_path.strip_prefix(cookie_path) {
        Some("") => true,
        Some(rest) => cookie_path.ends_with('/') || rest.starts_with('/'),
        None => false,
    }
}

/// The lenient cookie-date algorithm of RFC 6265 5.1.1: it reads IMF-fixdate
/// (`Thu, 01 Jan 1970 00:00:00 GMT`), the dashed Netscape and RFC 850 forms and asctime.
pub(crate) fn parse_cookie_date(text: &str) -> Option<SystemTime> {
    let (mut time, mut day, mut month, mut year) = (None, None, None, None);
    let tokens = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == ':'))
        .filter(|t| !t.is_empty());
    for token in tokens {
        if time.is_none()
            && let Some(t) = parse_time(token)
        {
            time = Some(t);
        } else if day.is_none()
            && (1..=2).contains(&token.len())
            && token.bytes().all(|b| b.is_ascii_digit())
        {
            day = token.parse::<u32>().ok();
        } else if month.is_none()
            && let Some(m) = parse_month(token)
        {
            month = Some(m);
        } else if year.is_none()
            && (2..=4).contains(&token.len())
            && token.bytes().all(|b| b.is_ascii_digit())
        {
            year = token.parse::<i64>().ok();
        }
    }
    let (hour, minute, second) = time?;
    let (day, month, mut year) = (day?, month?, year?);
    // Two-digit years: 70-99 are 19xx, 00-69 are 20xx.
    if (70..=99).contains(&year) {
        year += 1900;
    } else if (0..=69).contains(&year) {
        year += 2000;
    }
    if !(1..=31).contains(&day) || year < 1601 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    if secs >= 0 {
        UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs()))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs()))
    }
}

fn parse_time(token: &str) -> Option<(u32, u32, u32)> {
    let mut fields = token.split(':');
    let mut next = || -> Option<u32> {
        let field = fields.next()?;
        if (1..=2).contains(&field.len()) && field.bytes().all(|b| b.is_ascii_digit()) {
            field.parse().ok()
        } else {
            None
        }
    };
    let parsed = (next()?, next()?, next()?);
    fields.next().is_none().then_some(parsed)
}

fn parse_month(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = token.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the "days from civil" conversion on
/// 400-year eras).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn cookie_date_table() {
        for (input, expected) in [
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("Thu, 01-Jan-1970 00:00:00 GMT", Some(0)),
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(784_111_777)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", Some(784_111_777)),
            ("Sun Nov  6 08:49:37 1994", Some(784_111_777)),
            ("Tue, 24 Nov 2026 10:00:00 GMT", Some(1_795_514_400)),
            ("Wed, 29 Feb 2000 00:00:00 GMT", Some(951_782_400)),
            ("Tue, 24 Nov 26 10:00:00 GMT", Some(1_795_514_400)),
            ("garbage", None),
            ("", None),
            ("Thu, 01 Foo 1970 00:00:00 GMT", None),
            ("Thu, 32 Jan 1970 00:00:00 GMT", None),
            ("Thu, 01 Jan 1970 24:00:00 GMT", None),
            ("Thu, 01 Jan 1970 1:2:3:4 GMT", None),
        ] {
            let parsed = parse_cookie_date(input);
            assert_eq!(parsed, expected.map(at), "input {input:?}");
        }
        // Before the epoch still parses (and is in the past).
        assert!(parse_cookie_date("Mon, 01 Jan 1601 00:00:00 GMT").unwrap() < UNIX_EPOCH);
    }

    #[test]
    fn default_path_and_path_match_tables() {
        for (request, expected) in [
            ("/", "/"),
            ("", "/"),
            ("/a", "/"),
            ("/a/", "/a"),
            ("/a/b", "/a"),
            ("/a/b/c", "/a/b"),
        ] {
            assert_eq!(default_path(request), expected, "request path {request:?}");
        }
        for (request, cookie, expected) in [
            ("/", "/", true),
            ("/a", "/", true),
            ("/a", "/a", true),
            ("/a/b", "/a", true),
            ("/a/b", "/a/", true),
            ("/ab", "/a", false),
            ("/", "/a", false),
            ("/A", "/a", false),
        ] {
            assert_eq!(
                path_matches(request, cookie),
                expected,
                "request {request:?} cookie path {cookie:?}"
            );
        }
    }

    #[test]
    fn domain_match_table() {
        for (host, domain, expected) in [
            ("example.com", "example.com", true),
            ("www.example.com", "example.com", true),
            ("a.b.example.com", "example.com", true),
            ("badexample.com", "example.com", false),
            ("example.com", "www.example.com", false),
            ("127.0.0.1", "127.0.0.1", true),
            ("127.0.0.1", "0.0.1", false),
        ] {
            assert_eq!(
                domain_matches(host, domain),
                expected,
                "host {host:?} domain {domain:?}"
            );
        }
    }

    #[test]
    fn parse_set_cookie_table() {
        let now = at(1_000_000);
        for (header, expected) in [
            ("a=1", Some(("a", "1", "localhost", true, "/sub", None))),
            (
                "a=1; Path=/x; Domain=.LocalHost",
                Some(("a", "1", "localhost", false, "/x", None)),
            ),
            (
                "a=\"q v\"; path=relative",
                Some(("a", "\"q v\"", "localhost", true, "/sub", None)),
            ),
            (
                "a=1; Max-Age=10",
                Some(("a", "1", "localhost", true, "/sub", Some(1_000_010))),
            ),
            (
                "a=1; Max-Age=0",
                Some(("a", "1", "localhost", true, "/sub", Some(0))),
            ),
            (
                "a=1; Max-Age=-5",
                Some(("a", "1", "localhost", true, "/sub", Some(0))),
            ),
            (
                "a=1; Max-Age=1e3",
                Some(("a", "1", "localhost", true, "/sub", None)),
            ),
            (
                "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                Some(("a", "1", "localhost", true, "/sub", Some(0))),
            ),
            (
                "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=5",
                Some(("a", "1", "localhost", true, "/sub", Some(1_000_005))),
            ),
            ("=nameless", None),
            ("novalue", None),
            ("a=1; Domain=example.com", None),
            ("", None),
        ] {
            let parsed = parse_set_cookie(header, "localhost", "/sub/page", now);
            let got = parsed.as_ref().map(|c| {
                (
                    c.name.as_str(),
                    c.value.as_str(),
                    c.domain.as_str(),
                    c.host_only,
                    c.path.as_str(),
                    c.expires
                        .map(|e| e.duration_since(UNIX_EPOCH).unwrap().as_secs()),
                )
            });
            assert_eq!(got, expected, "header {header:?}");
        }
        let flags = parse_set_cookie("a=1; Secure; HttpOnly; SameSite=Lax", "h", "/", now).unwrap();
        assert!(flags.secure && flags.http_only);
        assert_eq!(flags.same_site.as_deref(), Some("Lax"));
    }

    #[test]
    fn jar_store_send_delete() {
        let now = at(1_000);
        let mut jar = CookieJar::default();
        jar.store("a=1; Path=/", "localhost", "/", now);
        jar.store("b=2; Path=/app", "localhost", "/", now);
        jar.store("s=3; Path=/; Secure", "localhost", "/", now);
        jar.store("d=4; Domain=localhost", "sub.localhost", "/", now);
        for (host, path, secure, expected) in [
            ("localhost", "/", false, Some("a=1; d=4")),
            ("localhost", "/app/x", false, Some("b=2; a=1; d=4")),
            ("localhost", "/", true, Some("a=1; s=3; d=4")),
            ("other", "/", false, None),
            ("x.localhost", "/", false, Some("d=4")),
        ] {
            assert_eq!(
                jar.header_for(host, path, secure, now).as_deref(),
                expected,
                "{host} {path} secure={secure}"
            );
        }
        // Replacing by the same key, then deleting with Max-Age=0.
        jar.store("a=10; Path=/", "localhost", "/", now);
        assert_eq!(
            jar.header_for("localhost", "/", false, now).as_deref(),
            Some("a=10; d=4")
        );
        jar.store("a=; Path=/; Max-Age=0", "localhost", "/", now);
        assert_eq!(
            jar.header_for("localhost", "/", false, now).as_deref(),
            Some("d=4")
        );
        // A cookie with a different path is a different cookie; deleting at / leaves it.
        jar.store("b=; Path=/; Max-Age=0", "localhost", "/", now);
        assert!(
            jar.header_for("localhost", "/app", false, now)
                .unwrap()
                .contains("b=2")
        );
        // Expiry by time.
        jar.store("t=1; Max-Age=5", "localhost", "/", now);
        assert!(
            jar.header_for("localhost", "/", false, now)
                .unwrap()
                .contains("t=1")
        );
        assert!(
            !jar.header_for("localhost", "/", false, at(1_006))
                .unwrap()
                .contains("t=1")
        );
    }

    proptest::proptest! {
        #[test]
        fn set_cookie_parser_never_panics(header in "\\PC{0,80}", path in "/[ -~]{0,20}") {
            let mut jar = CookieJar::default();
            jar.store(&header, "localhost", &path, at(1));
            let _ = jar.header_for("localhost", &path, false, at(1));
        }

        #[test]
        fn cookie_date_parser_never_panics(text in "\\PC{0,60}") {
            let _ = parse_cookie_date(&text);
        }
    }
}
