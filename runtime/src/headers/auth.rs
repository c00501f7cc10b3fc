//! `Authorization` and `WWW-Authenticate`: Basic credentials, token schemes (Bearer) and
//! parameter schemes (Digest).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::quoting::{dump_dict_header, parse_dict_header, quote_always, quote_header_value};

/// Title-cases a scheme the way Python's `str.title` does for ASCII (`x-token` → `X-Token`).
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_letter = false;
    for c in s.chars() {
        if prev_letter {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_letter = c.is_alphabetic();
    }
    out
}

/// A scheme with either parameters or a token.
type SchemeParts = (String, Vec<(String, Option<String>)>, Option<String>);

/// Splits `scheme rest` and decides between parameters and a token: a `=` that is not part
/// of trailing base64 padding means parameters.
fn split_scheme(value: &str) -> SchemeParts {
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let scheme = scheme.to_ascii_lowercase();
    let rest = rest.trim();
    if rest.trim_end_matches('=').contains('=') {
        (scheme, parse_dict_header(rest), None)
    } else {
        (scheme, Vec::new(), Some(rest.to_owned()))
    }
}

fn get<'a>(params: &'a [(String, Option<String>)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_deref())
}

fn set(params: &mut Vec<(String, Option<String>)>, key: &str, value: Option<&str>) {
    let value = value.map(str::to_owned);
    match params.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => params.push((key.to_owned(), value)),
    }
}

/// A parsed `Authorization` header.
///
/// The scheme is lower-cased. `Basic` credentials are decoded into `username` and
/// `password` (base64 of UTF-8; invalid base64 or non-UTF-8 bytes make the whole header
/// count as absent). Other schemes carry either parameters (`Digest username="x", ...`) or
/// a token (`Bearer abc`).
///
/// ```
/// use stellwerk_runtime::headers::Authorization;
/// let auth = Authorization::parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==").unwrap();
/// assert_eq!(auth.username(), Some("Aladdin"));
/// assert_eq!(auth.password(), Some("open sesame"));
/// let bearer = Authorization::parse("Bearer abc.def").unwrap();
/// assert_eq!(bearer.token(), Some("abc.def"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    scheme: String,
    parameters: Vec<(String, Option<String>)>,
    token: Option<String>,
}

impl Authorization {
    /// Basic credentials.
    pub fn basic(username: &str, password: &str) -> Self {
        Authorization {
            scheme: "basic".to_owned(),
            parameters: vec![
                ("username".to_owned(), Some(username.to_owned())),
                ("password".to_owned(), Some(password.to_owned())),
            ],
            token: None,
        }
    }

    /// A token scheme such as `Bearer`.
    pub fn with_token(scheme: &str, token: &str) -> Self {
        Authorization {
            scheme: scheme.to_ascii_lowercase(),
            parameters: Vec::new(),
            token: Some(token.to_owned()),
        }
    }

    /// A parameter scheme such as `Digest`.
    pub fn with_parameters<'a, I>(scheme: &str, parameters: I) -> Self
    where
        I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
    {
        Authorization {
            scheme: scheme.to_ascii_lowercase(),
            parameters: parameters
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.map(str::to_owned)))
                .collect(),
            token: None,
        }
    }

    /// Parses the header; `None` when empty or when Basic credentials do not decode.
    pub fn parse(value: &str) -> Option<Self> {
        if value.is_empty() {
            return None;
        }
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        if scheme.eq_ignore_ascii_case("basic") {
            let decoded = STANDARD.decode(rest.trim()).ok()?;
            let text = String::from_utf8(decoded).ok()?;
            let (user, pass) = text.split_once(':').unwrap_or((&text, ""));
            return Some(Authorization::basic(user, pass));
        }
        let (scheme, parameters, token) = split_scheme(value);
        Some(Authorization {
            scheme,
            parameters,
            token,
        })
    }

    /// The scheme, lower-cased (`basic`, `bearer`, `digest`).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The token of a token scheme.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// A parameter's value (Basic has `username` and `password`).
    pub fn get(&self, key: &str) -> Option<&str> {
        get(&self.parameters, key)
    }

    /// All parameters in order.
    pub fn parameters(&self) -> &[(String, Option<String>)] {
        &self.parameters
    }

    /// The Basic or Digest user name.
    pub fn username(&self) -> Option<&str> {
        self.get("username")
    }

    /// The Basic password.
    pub fn password(&self) -> Option<&str> {
        self.get("password")
    }

    /// Serialises the header.
    pub fn to_header(&self) -> String {
        if self.scheme == "basic" {
            let creds = format!(
                "{}:{}",
                self.username().unwrap_or(""),
                self.password().unwrap_or("")
            );
            return format!("Basic {}", STANDARD.encode(creds));
        }
        if let Some(token) = &self.token {
            return format!("{} {token}", title_case(&self.scheme));
        }
        format!(
            "{} {}",
            title_case(&self.scheme),
            dump_dict_header(
                self.parameters
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_deref()))
            )
        )
    }
}

impl fmt::Display for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

/// A `WWW-Authenticate` challenge.
///
/// ```
/// use stellwerk_runtime::headers::WwwAuthenticate;
/// let mut challenge = WwwAuthenticate::new("basic");
/// challenge.set("realm", Some("Foo Bar"));
/// assert_eq!(challenge.to_header(), "Basic realm=\"Foo Bar\"");
/// assert_eq!(WwwAuthenticate::new("bearer").to_header(), "Bearer");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WwwAuthenticate {
    scheme: String,
    parameters: Vec<(String, Option<String>)>,
    token: Option<String>,
}

impl WwwAuthenticate {
    /// A challenge for `scheme` without parameters.
    pub fn new(scheme: &str) -> Self {
        WwwAuthenticate {
            scheme: scheme.to_ascii_lowercase(),
            parameters: Vec::new(),
            token: None,
        }
    }

    /// `Basic realm="..."`.
    pub fn basic(realm: &str) -> Self {
        let mut c = WwwAuthenticate::new("basic");
        c.set("realm", Some(realm));
        c
    }

    /// Parses a single challenge; `None` for an empty value.
    pub fn parse(value: &str) -> Option<Self> {
        if value.is_empty() {
            return None;
        }
        let (scheme, parameters, token) = split_scheme(value);
        Some(WwwAuthenticate {
            scheme,
            parameters,
            token,
        })
    }

    /// The scheme, lower-cased.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The token, for token challenges.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Sets a token (replacing parameters).
    pub fn set_token(&mut self, token: Option<&str>) -> &mut Self {
        self.token = token.map(str::to_owned);
        self
    }

    /// A parameter's value.
    pub fn get(&self, key: &str) -> Option<&str> {
        get(&self.parameters, key)
    }

    /// Sets a parameter (`None` = bare key).
    pub fn set(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        set(&mut self.parameters, key, value);
        self
    }

    /// Removes a parameter.
    pub fn remove(&mut self, key: &str) -> &mut Self {
        self.parameters.retain(|(k, _)| k != key);
        self
    }

    /// The `realm` parameter.
    pub fn realm(&self) -> Option<&str> {
        self.get("realm")
    }

    /// All parameters in order.
    pub fn parameters(&self) -> &[(String, Option<String>)] {
        &self.parameters
    }

    /// Serialises the challenge. Digest always quotes `realm`, `domain`, `nonce`, `opaque`
    /// and `qop`; a challenge without parameters is the scheme alone.
    pub fn to_header(&self) -> String {
        let scheme = title_case(&self.scheme);
        if let Some(token) = &self.token {
            return format!("{scheme} {token}");
        }
        if self.parameters.is_empty() {
            return scheme;
        }
        if self.scheme == "digest" {
            let items: Vec<String> = self
                .parameters
                .iter()
                .map(|(k, v)| {
                    let v = v.as_deref().unwrap_or("");
                    if matches!(k.as_str(), "realm" | "domain" | "nonce" | "opaque" | "qop") {
                        format!("{k}={}", quote_always(v))
                    } else {
                        format!("{k}={}", quote_header_value(v))
                    }
                })
                .collect();
            return format!("Digest {}", items.join(", "));
        }
        format!(
            "{scheme} {}",
            dump_dict_header(
                self.parameters
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_deref()))
            )
        )
    }
}

impl fmt::Display for WwwAuthenticate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}
