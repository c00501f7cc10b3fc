//! Host names for URLs: lower-casing and Punycode (RFC 3492) for non-ASCII labels, as
//! Werkzeug does when binding (`☃.example.com` → `xn--n3h.example.com`). This is the
//! encoding step only, without IDNA's Unicode mapping tables.

const BASE: u64 = 36;
const T_MIN: u64 = 1;
const T_MAX: u64 = 26;
const SKEW: u64 = 38;
const DAMP: u64 = 700;

fn adapt(mut delta: u64, points: u64, first: bool) -> u64 {
    delta /= if first { DAMP } else { 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + ((BASE - T_MIN + 1) * delta) / (delta + SKEW)
}

fn digit(d: u64) -> char {
    // d < 36 by construction.
    let d = d as u8;
    if d < 26 {
        (b'a' + d) as char
    } else {
        (b'0' + d - 26) as char
    }
}

/// Punycode of one label (without the `xn--` prefix); `None` on overflow.
pub fn punycode(label: &str) -> Option<String> {
    let input: Vec<u64> = label.chars().map(|c| u64::from(u32::from(c))).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u64;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u64, 0u64, 72u64, basic);
    let total = input.len() as u64;
    while handled < total {
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

/// Lower-cases a host (with optional `:port`) and Punycode-encodes its non-ASCII labels.
///
/// ```
/// use stellwerk_runtime::routing::idna::encode_host;
/// assert_eq!(encode_host("☃.Example.com:8080"), "xn--n3h.example.com:8080");
/// assert_eq!(encode_host("Bücher.example"), "xn--bcher-kva.example");
/// ```
pub fn encode_host(host: &str) -> String {
    if host.is_ascii() {
        return host.to_ascii_lowercase();
    }
    let (name, port) = match host.split_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (host, None),
    };
    let labels: Vec<String> = name
        .to_lowercase()
        .split('.')
        .map(|label| {
            if label.is_ascii() {
                label.to_string()
            } else {
                punycode(label).map_or_else(|| label.to_string(), |p| format!("xn--{p}"))
            }
        })
        .collect();
    let mut out = labels.join(".");
    if let Some(p) = port {
        out.push(':');
        out.push_str(p);
    }
    out
}

/// A host name that cannot be encoded for a URL (Werkzeug's `BadHost`, answered 400): an
/// empty label (`a..b`) or a label longer than 63 bytes once encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadHost {
    /// The host as given.
    pub host: String,
    /// What is wrong with it.
    pub message: String,
}

impl BadHost {
    /// The HTTP status this error means (400).
    pub fn status(&self) -> http::StatusCode {
        http::StatusCode::BAD_REQUEST
    }
}

impl std::fmt::Display for BadHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad host {:?}: {}", self.host, self.message)
    }
}

impl std::error::Error for BadHost {}

/// [`encode_host`], refusing names that IDNA encoding refuses: every label but a final
/// empty one (a trailing dot) must be 1 to 63 bytes long after encoding. The port (after
/// the first `:`) is kept as it is.
///
/// ```
/// use stellwerk_runtime::routing::idna::try_encode_host;
/// assert_eq!(try_encode_host("☃.Example.com:8080").unwrap(), "xn--n3h.example.com:8080");
/// assert_eq!(try_encode_host("example.com.").unwrap(), "example.com.");
/// assert!(try_encode_host("a..b").is_err());
/// assert!(try_encode_host(&"a".repeat(64)).is_err());
/// ```
pub fn try_encode_host(host: &str) -> Result<String, BadHost> {
    let encoded = encode_host(host);
    let name = encoded.split_once(':').map_or(encoded.as_str(), |(n, _)| n);
    let labels: Vec<&str> = name.split('.').collect();
    let last = labels.len() - 1;
    for (i, label) in labels.iter().enumerate() {
        let problem = if label.len() > 63 {
            Some(format!("the label {label:?} is longer than 63 bytes"))
        } else if label.is_empty() && i != last {
            Some("it has an empty label".to_string())
        } else if !label.is_ascii() {
            // Only a label Punycode could not encode stays non-ASCII.
            Some(format!("the label {label:?} cannot be encoded"))
        } else {
            None
        };
        if let Some(message) = problem {
            return Err(BadHost {
                host: host.to_string(),
                message,
            });
        }
    }
    Ok(encoded)
}
