//! `parse_options_header`: a value followed by `; key=value` parameters (`Content-Type`,
//! `Content-Disposition`), with RFC 2231 charsets and continuations.

use super::quoting::{OrderedPairs, is_token_byte, percent_decode_charset, split_charset_value};

/// Parses `value; key=value; ...` into the main value and its parameters.
///
/// Keys are lower-cased and must be tokens; values are tokens or quoted strings (in which
/// `\\`, `\"` and `%22` are unescaped). `key*=charset'lang'value` is percent-decoded for
/// ASCII, UTF-8 and ISO-8859-1 only, and `key*0`, `key*1`, ... continuations are joined.
/// Invalid parts are skipped. The work is linear in the input length, however the quotes are
/// arranged.
///
/// ```
/// use stellwerk_runtime::headers::parse_options_header;
/// let (value, params) = parse_options_header("text/html; Charset=\"utf-8\"");
/// assert_eq!(value, "text/html");
/// assert_eq!(params, [("charset".to_owned(), "utf-8".to_owned())]);
///
/// let (_, params) = parse_options_header("attachment; filename*=UTF-8''%C2%B5.txt");
/// assert_eq!(params[0].1, "µ.txt");
/// ```
pub fn parse_options_header(value: &str) -> (String, Vec<(String, String)>) {
    let (main, rest) = match value.split_once(';') {
        Some((m, r)) => (m.trim(), r.trim()),
        None => (value.trim(), ""),
    };
    if main.is_empty() || rest.is_empty() {
        return (main.to_owned(), Vec::new());
    }
    let parts = collect_parts(rest);

    let mut options: OrderedPairs<String> = OrderedPairs::new();
    // Werkzeug keeps the last seen charset across parts so continuation pieces need not
    // repeat it; `encoding` also persists between parts, which we mirror.
    let mut encoding: Option<String> = None;
    let mut continued: Option<String> = None;
    for (key, raw) in parts {
        let mut key = key;
        let mut val = raw.to_owned();
        if let Some(stripped) = key.strip_suffix('*') {
            key = stripped.to_owned();
            if let Some((charset, encoded)) = split_charset_value(raw) {
                val = encoded.to_owned();
                encoding = Some(charset);
            }
            if encoding.as_deref().is_none_or(str::is_empty) {
                encoding.clone_from(&continued);
            }
            if let Some(charset) = encoding.as_deref()
                && let Some(decoded) = percent_decode_charset(&val, charset)
            {
                continued = Some(charset.to_owned());
                val = decoded;
            }
        }
        // Only a quoted string loses its quotes. Werkzeug also strips quotes that an
        // RFC 2231 value (never a quoted string) has after percent-decoding, so a file
        // named `"ü"` would come back as `ü`; here it round-trips.
        let is_quoted = |v: &str| v.len() >= 2 && v.starts_with('"') && v.ends_with('"');
        if is_quoted(raw) && is_quoted(&val) {
            val = val[1..val.len() - 1]
                .replace("\\\\", "\\")
                .replace("\\\"", "\"")
                .replace("%22", "\"");
        } else if val == "\"" {
            val.clear();
        }
        match continuation_base(&key) {
            Some(base) => options.entry(base.to_owned(), String::new).push_str(&val),
            None => options.set(key, val),
        }
    }
    (main.to_owned(), options.into_vec())
}

/// `key*3` → `Some("key")` (the `*` of an extended value was already removed).
fn continuation_base(key: &str) -> Option<&str> {
    let star = key.rfind('*')?;
    let digits = &key[star + 1..];
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| &key[..star])
}

fn is_key_byte(b: u8) -> bool {
    // Werkzeug's key pattern is `[\w!#$%&'*+\-.^`|~]+`: the token set.
    is_token_byte(b)
}

/// Collects the syntactically valid `key=value` parts of the parameter section, values still
/// raw (quoted strings keep their quotes).
fn collect_parts(rest: &str) -> Vec<(String, &str)> {
    let b = rest.as_bytes();
    let closing = closing_quotes(b);
    let mut parts = Vec::new();
    let mut pos = 0;
    loop {
        let key_start = pos;
        let mut i = pos;
        while i < b.len() && is_key_byte(b[i]) {
            i += 1;
        }
        if i > key_start && b.get(i) == Some(&b'=') {
            let key = rest[key_start..i].to_ascii_lowercase();
            pos = i + 1;
            let mut j = pos;
            while j < b.len() && is_token_byte(b[j]) {
                j += 1;
            }
            if j > pos {
                // A token value; the scan for `;` below starts inside it, which is harmless
                // because tokens contain no `;`.
                parts.push((key, &rest[pos..j]));
            } else if b.get(pos) == Some(&b'"')
                && let Some(end) = closing[pos + 1]
            {
                parts.push((key, &rest[pos..=end]));
                pos = end + 1;
            }
        }
        match b[pos..].iter().position(|&c| c == b';') {
            Some(off) => {
                pos += off + 1;
                while pos < b.len() && b[pos].is_ascii_whitespace() {
                    pos += 1;
                }
            }
            None => break,
        }
    }
    parts
}

/// For each start position `i`, the index of the quote that closes a quoted string whose
/// content starts at `i` (`\\` and `\"` pairs are skipped). Computed right to left in one
/// pass so that many unterminated quoted strings cannot make parsing quadratic.
fn closing_quotes(b: &[u8]) -> Vec<Option<usize>> {
    let mut table = vec![None; b.len() + 2];
    for i in (0..b.len()).rev() {
        table[i] = if b[i] == b'\\' && matches!(b.get(i + 1), Some(b'\\' | b'"')) {
            table[i + 2]
        } else if b[i] == b'"' {
            Some(i)
        } else {
            table[i + 1]
        };
    }
    table
}

/// Serialises a main value with owned parameters (see
/// [`dump_options_header`](super::dump_options_header)).
pub(crate) fn dump_pairs_as_options(main: &str, params: &[(String, String)]) -> String {
    super::quoting::dump_options_header(
        Some(main),
        params.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))),
    )
}
