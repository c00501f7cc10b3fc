//! Host names to ASCII: non-ASCII labels are lower-cased and Punycode-encoded with the
//! `xn--` prefix (RFC 3492), ASCII labels are kept. This covers what cookies' `Domain` and
//! redirect `Location` hosts need without the full UTS 46 tables.

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

fn digit(d: u32) -> char {
    // 0..25 -> a..z, 26..35 -> 0..9
    let b = if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d as u8 - 26)
    };
    char::from(b)
}

/// RFC 3492 Punycode encoding of one label; `None` on arithmetic overflow.
fn punycode(input: &str) -> Option<String> {
    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let total = u32::try_from(code_points.len()).ok()?;
    while handled < total {
        let m = code_points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &code_points {
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
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}
