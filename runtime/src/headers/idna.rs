//! Host names to ASCII and back: non-ASCII labels are lower-cased and Punycode-encoded with
//! the `xn--` prefix (RFC 3492), ASCII labels are kept; [`domain_to_unicode`] reverses it.
//! This covers what cookies' `Domain`, redirect `Location` hosts and the request's host
//! need without the full UTS 46 tables. The encoder is the router's
//! ([`crate::routing::idna::punycode`]), so a host is encoded the same way everywhere.

use crate::routing::idna::punycode;

/// Converts a host name to its ASCII form; `None` when a label is empty (other than a
/// trailing dot) or longer than 63 bytes once encoded.
///
/// ```
/// use stellwerk_runtime::headers::domain_to_ascii;
/// assert_eq!(domain_to_ascii("☃.net").as_deref(), Some("xn--n3h.net"));
/// assert_eq!(domain_to_ascii("example.org").as_deref(), Some("example.org"));
/// ```
pub fn domain_to_ascii(host: &str) -> Option<String> {
    let mut labels = Vec::new();
    let parts: Vec<&str> = host.split('.').collect();
    for (i, label) in parts.iter().enumerate() {
        if label.is_empty() {
            // Only a trailing dot may leave an empty label.
            if i + 1 == parts.len() && i > 0 {
                labels.push(String::new());
                continue;
            }
            return None;
        }
        let encoded = if label.is_ascii() {
            (*label).to_owned()
        } else {
            format!("xn--{}", punycode(&label.to_lowercase())?)
        };
        if encoded.len() > 63 {
            return None;
        }
        labels.push(encoded);
    }
    Some(labels.join("."))
}

/// Decodes the `xn--` labels of a host name that are valid Punycode and encode back to
/// exactly themselves; every other label is kept as it is (Werkzeug's `_decode_idna`, used
/// for the request's `host` and `url`). Never fails.
///
/// ```
/// use stellwerk_runtime::headers::domain_to_unicode;
/// assert_eq!(domain_to_unicode("xn--n3h.net"), "☃.net");
/// assert_eq!(domain_to_unicode("example.org"), "example.org");
/// // Not Punycode, or not the canonical encoding of its text: left alone.
/// assert_eq!(domain_to_unicode("xn--.example"), "xn--.example");
/// ```
pub fn domain_to_unicode(domain: &str) -> String {
    domain
        .split('.')
        .map(|label| {
            let decoded = label
                .strip_prefix("xn--")
                .filter(|_| label.len() <= 63)
                .and_then(punycode_decode)
                .filter(|text| domain_to_ascii(text).as_deref() == Some(label));
            decoded.unwrap_or_else(|| label.to_owned())
        })
        .collect::<Vec<_>>()
        .join(".")
}

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

fn adapt(mut delta: u32, num_points: u32, first: bool) -> u32 {
    delta /= if first { DAMP } else { 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (((BASE - T_MIN + 1) * delta) / (delta + SKEW))
}

/// RFC 3492 Punycode decoding of one label (without `xn--`); `None` if malformed.
fn punycode_decode(input: &str) -> Option<String> {
    let (basic, extended) = match input.rfind('-') {
        Some(pos) => (&input[..pos], &input[pos + 1..]),
        None => ("", input),
    };
    if !basic.is_ascii() {
        return None;
    }
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = extended.bytes();
    let mut next = digits.next();
    while next.is_some() {
        let old_i = i;
        let mut weight = 1u32;
        let mut k = BASE;
        loop {
            let digit = match next? {
                b @ b'a'..=b'z' => u32::from(b - b'a'),
                b @ b'A'..=b'Z' => u32::from(b - b'A'),
                b @ b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            next = digits.next();
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        output.insert(usize::try_from(i).ok()?, char::from_u32(n)?);
        i += 1;
    }
    Some(output.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_round_trips_known_labels() {
        for (ascii, unicode) in [
            ("n3h", "☃"),
            ("bcher-kva", "bücher"),
            ("mnchen-3ya", "münchen"),
        ] {
            assert_eq!(punycode_decode(ascii).as_deref(), Some(unicode), "{ascii}");
            assert_eq!(punycode(unicode).as_deref(), Some(ascii), "{unicode}");
        }
        assert_eq!(domain_to_unicode("xn--n3h.net"), "☃.net");
        // Not Punycode at all, or not round-tripping: left alone.
        assert_eq!(domain_to_unicode("xn--.example"), "xn--.example");
        assert_eq!(domain_to_unicode("xn--abc-.example"), "xn--abc-.example");
    }

    proptest::proptest! {
        #[test]
        fn domain_to_unicode_inverts_domain_to_ascii(label in "[a-zä-ü☃]{1,12}") {
            let host = format!("{label}.example");
            if let Some(ascii) = domain_to_ascii(&host) {
                proptest::prop_assert_eq!(domain_to_unicode(&ascii), host);
            }
        }
    }
}
