//! Cookies: [`parse_cookie`] for the request's `Cookie` header and [`dump_cookie`] for a
//! `Set-Cookie` line, both byte-compatible with Werkzeug (quoted values with octal escapes,
//! attribute order).

use std::fmt;
use std::time::{Duration, SystemTime};

use super::date::http_date;
use super::idna::domain_to_ascii;
use crate::urls::{COOKIE_PATH, quote};

/// Browsers may ignore a `Set-Cookie` line longer than this (Werkzeug warns past it). This
/// crate does not warn; callers that care compare the length of [`dump_cookie`]'s result.
pub const MAX_COOKIE_SIZE: usize = 4093;

/// Parses a `Cookie` header into `(name, value)` pairs in order, duplicates kept.
///
/// Pairs are split on `;`; the name runs up to `=` and is trimmed but never unquoted; a
/// pair with an empty name is skipped (a nameless cookie cannot masquerade as a
/// `__Host-` cookie, CVE-2023-23934); a name without `=` gets an empty value; a value in
/// double quotes has its backslash and three-digit octal escapes decoded.
///
/// ```
/// use stellwerk_runtime::headers::parse_cookie;
/// let cookies = parse_cookie("a=1; b=\"x\\054y\"; =__Host-x=bad; flag");
/// assert_eq!(cookies, [
///     ("a".to_owned(), "1".to_owned()),
///     ("b".to_owned(), "x,y".to_owned()),
///     ("flag".to_owned(), String::new()),
/// ]);
/// ```
pub fn parse_cookie(header: &str) -> Vec<(String, String)> {
    let b = header.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        let key_end = b[pos..]
            .iter()
            .position(|&c| c == b'=' || c == b';')
            .map_or(b.len(), |off| pos + off);
        let key = header[pos..key_end].trim();
        let (value, next) = if b.get(key_end) == Some(&b'=') {
            cookie_value(header, key_end + 1)
        } else {
            ("", key_end + 1)
        };
        if !key.is_empty() {
            out.push((key.to_owned(), decode_cookie_value(value)));
        }
        pos = next;
    }
    out
}

/// [`parse_cookie`] for raw header bytes: non-ASCII bytes are read as UTF-8 (invalid
/// sequences become U+FFFD), which is what Werkzeug's latin-1 round trip amounts to.
pub fn parse_cookie_bytes(header: &[u8]) -> Vec<(String, String)> {
    parse_cookie(&String::from_utf8_lossy(header))
}

/// All cookies of a request: every `Cookie` header (HTTP/2 may send several) joined with
/// `;`, as a WSGI server hands them to Werkzeug, then parsed with [`parse_cookie_bytes`].
/// This is what [`Request::cookies`](crate::wrappers::Request::cookies) holds; collect it
/// into a [`MultiDict`](crate::datastructures::MultiDict) to get the same map.
///
/// ```
/// use http::HeaderMap;
/// use stellwerk_runtime::datastructures::MultiDict;
/// use stellwerk_runtime::headers::request_cookies;
/// let mut headers = HeaderMap::new();
/// headers.append("cookie", "a=1; b=2".parse().unwrap());
/// headers.append("cookie", "a=3".parse().unwrap());
/// let cookies: MultiDict<String, String> = request_cookies(&headers).into_iter().collect();
/// assert_eq!(cookies.get("a").unwrap(), "1");
/// assert_eq!(cookies.get_all("a"), ["1", "3"]);
/// ```
pub fn request_cookies(headers: &http::HeaderMap) -> Vec<(String, String)> {
    let mut joined = Vec::new();
    for (i, line) in headers.get_all(http::header::COOKIE).iter().enumerate() {
        if i > 0 {
            joined.push(b';');
        }
        joined.extend_from_slice(line.as_bytes());
    }
    parse_cookie_bytes(&joined)
}

/// The raw value starting at `start` and the position after its `;`. A quoted string ends
/// the value only if nothing but whitespace follows it before `;`; otherwise the value runs
/// to the next `;`.
fn cookie_value(header: &str, start: usize) -> (&str, usize) {
    let b = header.as_bytes();
    let mut i = start;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if b.get(i) == Some(&b'"') {
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                b'"' => break,
                _ => j += 1,
            }
        }
        if j < b.len() {
            let mut k = j + 1;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k == b.len() || b[k] == b';' {
                return (&header[i..=j], k + 1);
            }
        }
    }
    let end = b[start..]
        .iter()
        .position(|&c| c == b';')
        .map_or(b.len(), |off| start + off);
    (header[start..end].trim(), end + 1)
}

fn decode_cookie_value(raw: &str) -> String {
    let v = raw.trim();
    if v.len() < 2 || !v.starts_with('"') || !v.ends_with('"') {
        return v.to_owned();
    }
    let inner = &v.as_bytes()[1..v.len() - 1];
    let mut bytes = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == b'\\' && i + 1 < inner.len() {
            let oct = &inner[i + 1..inner.len().min(i + 4)];
            if oct.len() == 3
                && (b'0'..=b'3').contains(&oct[0])
                && oct[1..].iter().all(|c| (b'0'..=b'7').contains(c))
            {
                bytes.push((oct[0] - b'0') * 64 + (oct[1] - b'0') * 8 + (oct[2] - b'0'));
                i += 4;
            } else {
                bytes.push(inner[i + 1]);
                i += 2;
            }
        } else {
            bytes.push(inner[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The `SameSite` attribute. Parsing is case-insensitive and refuses anything but the
/// three values.
///
/// ```
/// use stellwerk_runtime::headers::SameSite;
/// assert_eq!("lax".parse::<SameSite>().unwrap(), SameSite::Lax);
/// assert!("invalid".parse::<SameSite>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// `SameSite=Strict`
    Strict,
    /// `SameSite=Lax`
    Lax,
    /// `SameSite=None`
    None,
}

impl SameSite {
    /// The attribute value as written.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}

impl std::str::FromStr for SameSite {
    type Err = CookieError;

    /// Case-insensitive `strict`, `lax` or `none`.
    fn from_str(s: &str) -> Result<Self, CookieError> {
        match s.to_ascii_lowercase().as_str() {
            "strict" => Ok(SameSite::Strict),
            "lax" => Ok(SameSite::Lax),
            "none" => Ok(SameSite::None),
            _ => Err(CookieError::InvalidSameSite(s.to_owned())),
        }
    }
}

/// Why a cookie could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CookieError {
    /// `SameSite` other than Strict, Lax or None.
    InvalidSameSite(String),
    /// A domain that cannot be converted to ASCII.
    InvalidDomain(String),
    /// A name containing characters that cannot appear in a header (`;`, `=`, control
    /// characters, whitespace).
    InvalidName(String),
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CookieError::InvalidSameSite(s) => {
                write!(f, "SameSite must be 'Strict', 'Lax', or 'None', not {s:?}")
            }
            CookieError::InvalidDomain(d) => write!(f, "invalid cookie domain {d:?}"),
            CookieError::InvalidName(n) => write!(f, "invalid cookie name {n:?}"),
        }
    }
}

impl std::error::Error for CookieError {}

/// The attributes of a `Set-Cookie` line. `Default` is Werkzeug's defaults: `Path=/`,
/// `Expires` derived from `max_age`, nothing else.
///
/// ```
/// use std::time::Duration;
/// use stellwerk_runtime::headers::{dump_cookie, CookieOptions, SameSite};
/// let opts = CookieOptions::default()
///     .max_age(Duration::from_secs(3600))
///     .sync_expires(false)
///     .domain("example.org")
///     .secure(true)
///     .samesite(SameSite::Strict);
/// assert_eq!(
///     dump_cookie("session", "abc", &opts).unwrap(),
///     "session=abc; Domain=example.org; Max-Age=3600; Secure; Path=/; SameSite=Strict"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieOptions {
    /// `Max-Age` in seconds.
    pub max_age: Option<i64>,
    /// `Expires`; when unset and `sync_expires` is on, derived from `max_age`.
    pub expires: Option<SystemTime>,
    /// `Path` (percent-encoded when written); `None` omits it.
    pub path: Option<String>,
    /// `Domain` (port and leading dot removed, converted to ASCII).
    pub domain: Option<String>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub httponly: bool,
    /// Whether `max_age` also writes `Expires` (now + max_age).
    pub sync_expires: bool,
    /// `SameSite`.
    pub samesite: Option<SameSite>,
    /// `Partitioned` (implies `Secure`).
    pub partitioned: bool,
}

impl Default for CookieOptions {
    fn default() -> Self {
        CookieOptions {
            max_age: None,
            expires: None,
            path: Some("/".to_owned()),
            domain: None,
            secure: false,
            httponly: false,
            sync_expires: true,
            samesite: None,
            partitioned: false,
        }
    }
}

impl CookieOptions {
    /// Sets `Max-Age` from a duration (whole seconds).
    pub fn max_age(mut self, age: Duration) -> Self {
        self.max_age = Some(i64::try_from(age.as_secs()).unwrap_or(i64::MAX));
        self
    }

    /// Sets `Max-Age` in seconds.
    pub fn max_age_secs(mut self, secs: i64) -> Self {
        self.max_age = Some(secs);
        self
    }

    /// Sets `Expires`.
    pub fn expires(mut self, at: SystemTime) -> Self {
        self.expires = Some(at);
        self
    }

    /// Sets `Path` (`None` omits it).
    pub fn path(mut self, path: Option<&str>) -> Self {
        self.path = path.map(str::to_owned);
        self
    }

    /// Sets `Domain`.
    pub fn domain(mut self, domain: &str) -> Self {
        self.domain = Some(domain.to_owned());
        self
    }

    /// Sets `Secure`.
    pub fn secure(mut self, on: bool) -> Self {
        self.secure = on;
        self
    }

    /// Sets `HttpOnly`.
    pub fn httponly(mut self, on: bool) -> Self {
        self.httponly = on;
        self
    }

    /// Whether `max_age` also writes `Expires`.
    pub fn sync_expires(mut self, on: bool) -> Self {
        self.sync_expires = on;
        self
    }

    /// Sets `SameSite`.
    pub fn samesite(mut self, samesite: SameSite) -> Self {
        self.samesite = Some(samesite);
        self
    }

    /// Sets `Partitioned` (which also sets `Secure`).
    pub fn partitioned(mut self, on: bool) -> Self {
        self.partitioned = on;
        self
    }
}

fn value_needs_quotes(value: &str) -> bool {
    !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_!#$%&'()*+-./:<=>?@[]^`{|}~".contains(&b))
}

/// Quotes a cookie value: wrapped in `"`, with `"` and `\` backslash-escaped and control
/// characters, `,`, `;` and non-ASCII bytes written as `\ooo` octal escapes.
fn quote_cookie_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for b in value.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            // Werkzeug's pattern stops at 0x19 and would send 0x1a-0x1f raw, which no
            // header may carry; escaping all controls is the only valid choice.
            0x00..=0x1f | b',' | b';' | 0x7f..=0xff => {
                out.push_str(&format!("\\{b:03o}"));
            }
            _ => out.push(char::from(b)),
        }
    }
    out.push('"');
    out
}

/// Writes a `Set-Cookie` header value.
///
/// Attribute order is Werkzeug's: `Domain`, `Expires`, `Max-Age`, `Secure`, `HttpOnly`,
/// `Path`, `SameSite`, `Partitioned`, joined by `"; "`. Values outside the cookie-safe set
/// are quoted (see [`parse_cookie`], which reverses it). Lines longer than
/// [`MAX_COOKIE_SIZE`] may be ignored by browsers.
///
/// ```
/// use stellwerk_runtime::headers::{dump_cookie, CookieOptions, SameSite};
/// let line = dump_cookie("foo", "bar baz", &CookieOptions::default()).unwrap();
/// assert_eq!(line, "foo=\"bar baz\"; Path=/");
/// let opts = CookieOptions::default().max_age_secs(60).sync_expires(false).httponly(true)
///     .samesite(SameSite::Lax);
/// assert_eq!(
///     dump_cookie("id", "42", &opts).unwrap(),
///     "id=42; Max-Age=60; HttpOnly; Path=/; SameSite=Lax"
/// );
/// ```
pub fn dump_cookie(key: &str, value: &str, options: &CookieOptions) -> Result<String, CookieError> {
    if key.is_empty()
        || key
            .bytes()
            .any(|b| b.is_ascii_control() || b == b';' || b == b'=' || b == b' ' || b == b',')
    {
        return Err(CookieError::InvalidName(key.to_owned()));
    }
    let path = options
        .path
        .as_deref()
        .map(|p| quote(p, COOKIE_PATH).into_owned());
    let domain = match options.domain.as_deref() {
        Some(d) if !d.is_empty() => {
            let host = d.split(':').next().unwrap_or("").trim_start_matches('.');
            Some(domain_to_ascii(host).ok_or_else(|| CookieError::InvalidDomain(d.to_owned()))?)
        }
        _ => None,
    };
    let expires = match (options.expires, options.max_age) {
        (Some(at), _) => Some(http_date(at)),
        (None, Some(age)) if options.sync_expires => {
            let now = super::date::unix_seconds(SystemTime::now());
            Some(super::date::http_date_from_unix(now.saturating_add(age)))
        }
        _ => None,
    };
    let secure = options.secure || options.partitioned;
    let value = if value_needs_quotes(value) {
        quote_cookie_value(value)
    } else {
        value.to_owned()
    };
    let mut parts = vec![format!("{key}={value}")];
    if let Some(domain) = domain {
        parts.push(format!("Domain={domain}"));
    }
    if let Some(expires) = expires {
        parts.push(format!("Expires={expires}"));
    }
    if let Some(age) = options.max_age {
        parts.push(format!("Max-Age={age}"));
    }
    if secure {
        parts.push("Secure".to_owned());
    }
    if options.httponly {
        parts.push("HttpOnly".to_owned());
    }
    if let Some(path) = path {
        parts.push(format!("Path={path}"));
    }
    if let Some(samesite) = options.samesite {
        parts.push(format!("SameSite={}", samesite.as_str()));
    }
    if options.partitioned {
        parts.push("Partitioned".to_owned());
    }
    Ok(parts.join("; "))
}
