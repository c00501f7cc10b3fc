//! Part headers: the header block of one part, and the parameter parser that
//! `Content-Disposition` and `Content-Type` need.
//!
//! merge: the parameter parser below is a private copy of what multipart needs from
//! Werkzeug's `parse_options_header`; it should move to `crate::headers` (the header
//! toolkit's `parse_options_header`) once both branches land.

use super::MultipartError;

/// The headers of one part and what they say: field name, file name, content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    name: String,
    filename: Option<String>,
    headers: Vec<(String, String)>,
}

impl Part {
    /// The field name from `Content-Disposition` (empty if the part has none).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file name from `Content-Disposition`; its presence makes the part a file.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// Whether the part is a file upload (has a `filename` parameter).
    pub fn is_file(&self) -> bool {
        self.filename.is_some()
    }

    /// All part headers in order, names as sent.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The part's `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// The charset a text field is decoded with: the `Content-Type` charset if it is one
    /// of `ascii`, `us-ascii`, `utf-8`, `iso-8859-1` (Werkzeug's safe list), else UTF-8.
    pub fn charset(&self) -> &'static str {
        let Some(ct) = self.content_type() else {
            return "utf-8";
        };
        let (_, params) = parse_options(ct);
        match param(&params, "charset")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("ascii") => "ascii",
            Some("us-ascii") => "us-ascii",
            Some("iso-8859-1") => "iso-8859-1",
            _ => "utf-8",
        }
    }

    /// Splits the part into its name, file name and headers.
    pub fn into_parts(self) -> (String, Option<String>, Vec<(String, String)>) {
        (self.name, self.filename, self.headers)
    }
}

/// Parses one part's header block (without the blank line that ends it).
pub(crate) fn parse_part(block: &[u8]) -> Result<Part, MultipartError> {
    let headers = parse_header_block(block)?;
    let disposition = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-disposition"))
        .map(|(_, v)| v.as_str())
        .ok_or(MultipartError::MissingContentDisposition)?;
    let (_, params) = parse_options(disposition);
    let name = param(&params, "name").unwrap_or("").to_owned();
    let filename = param(&params, "filename").map(str::to_owned);
    Ok(Part {
        name,
        filename,
        headers,
    })
}

fn is_line_break(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}

/// Header lines: folded lines (a line break followed by a space or tab) are joined with
/// one space, each line is split at its first `:`, names and values are trimmed.
fn parse_header_block(block: &[u8]) -> Result<Vec<(String, String)>, MultipartError> {
    // Unfold: replace `line break + one space/tab` by a single space.
    let mut unfolded = Vec::with_capacity(block.len());
    let mut i = 0;
    while i < block.len() {
        let lb_len = match &block[i..] {
            [b'\r', b'\n', ..] => 2,
            [b'\r' | b'\n', ..] => 1,
            _ => 0,
        };
        if lb_len > 0 && matches!(block.get(i + lb_len), Some(b' ' | b'\t')) {
            unfolded.push(b' ');
            i += lb_len + 1;
        } else {
            unfolded.push(block[i]);
            i += 1;
        }
    }
    let mut headers = Vec::new();
    for line in unfolded.split(|&b| is_line_break(b)) {
        let line = trim_space_tab(line);
        if line.is_empty() {
            continue;
        }
        let line = std::str::from_utf8(line).map_err(|_| MultipartError::InvalidHeader)?;
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        headers.push((
            name.trim_matches([' ', '\t']).to_owned(),
            value.trim_matches([' ', '\t']).to_owned(),
        ));
    }
    Ok(headers)
}

fn trim_space_tab(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// Looks a parameter up by (lower-case) name.
pub(crate) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Token characters allowed in parameter names and bare values (RFC 9110).
fn is_token(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

// merge: move to `crate::headers` and use the header toolkit's `parse_options_header`
// once both branches land; this private copy exists only so multipart can land alone.
/// Werkzeug's `parse_options_header` for what multipart needs: `value; k=v; k="q"`,
/// names lower-cased, quoted values unescaped (`\x` → `x`, `%22` → `"`), RFC 2231
/// `k*=charset'lang'pct` for the charsets ascii, us-ascii, utf-8 and iso-8859-1, and
/// continuations `k*0`, `k*1`, ... joined in the order they appear. Invalid parameters
/// are skipped. Linear in the input.
pub(crate) fn parse_options(header: &str) -> (String, Vec<(String, String)>) {
    let (value, rest) = header.split_once(';').unwrap_or((header, ""));
    let value = value.trim_matches([' ', '\t']).to_owned();
    let rest = rest.trim_matches([' ', '\t']);
    if value.is_empty() || rest.is_empty() {
        return (value, Vec::new());
    }
    let raw = raw_params(rest);

    let mut options: Vec<(String, String)> = Vec::new();
    // Continuation pieces in scan order, and the charset they were declared with.
    let mut continuations: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
    for (key, raw_value) in raw {
        let (key, continued, has_charset) = split_marks(&key);
        let mut encoding = None;
        let value = if has_charset {
            let mut value = raw_value.to_owned();
            if let Some((charset, pct)) = split_charset(raw_value) {
                encoding = Some(charset.to_ascii_lowercase()).filter(|e| !e.is_empty());
                value = pct.to_owned();
            }
            if encoding.is_none() && continued {
                encoding = continuations
                    .iter()
                    .find(|(k, _, _)| *k == key)
                    .and_then(|(_, _, e)| e.clone());
            }
            match encoding.as_deref() {
                Some(enc @ ("ascii" | "us-ascii" | "utf-8" | "iso-8859-1")) => {
                    decode_percent(&value, enc)
                }
                // An unknown charset leaves the value percent-encoded.
                _ => value,
            }
        } else {
            unquote_header_value(raw_value).replace("%22", "\"")
        };
        if continued {
            options.retain(|(k, _)| *k != key);
            match continuations.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, pieces, enc)) => {
                    pieces.push(value);
                    if encoding.is_some() {
                        *enc = encoding;
                    }
                }
                None => continuations.push((key, vec![value], encoding)),
            }
        } else {
            continuations.retain(|(k, _, _)| *k != key);
            match options.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => *v = value,
                None => options.push((key, value)),
            }
        }
    }
    for (key, pieces, _) in continuations {
        let joined = pieces.concat();
        match options.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = joined,
            None => options.push((key, joined)),
        }
    }
    (value, options)
}

/// Collects `(lower-case key, raw value)` pairs: a token key directly followed by `=`,
/// then a token or a quoted string (kept with its quotes). Anything else up to the next
/// `;` is skipped; an unterminated quoted string ends the scan.
fn raw_params(rest: &str) -> Vec<(String, &str)> {
    let bytes = rest.as_bytes();
    let mut params = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let key_len = rest[pos..]
            .find(|c: char| !is_token(c))
            .unwrap_or(rest.len() - pos);
        if key_len > 0 && bytes.get(pos + key_len) == Some(&b'=') {
            let key = rest[pos..pos + key_len].to_ascii_lowercase();
            pos += key_len + 1;
            let value_len = rest[pos..]
                .find(|c: char| !is_token(c))
                .unwrap_or(rest.len() - pos);
            if value_len > 0 {
                params.push((key, &rest[pos..pos + value_len]));
                pos += value_len;
            } else if bytes.get(pos) == Some(&b'"') {
                let mut q = pos + 1;
                let mut closed = false;
                while q < bytes.len() {
                    match bytes[q] {
                        b'\\' if matches!(bytes.get(q + 1), Some(b'\\' | b'"')) => q += 2,
                        b'"' => {
                            q += 1;
                            closed = true;
                            break;
                        }
                        _ => q += 1,
                    }
                }
                if !closed {
                    break;
                }
                params.push((key, &rest[pos..q]));
                pos = q;
            }
        }
        // Continue after the next `;` and the spaces and tabs that follow it.
        match rest[pos..].find(';') {
            Some(semi) => {
                pos += semi + 1;
                while matches!(bytes.get(pos), Some(b' ' | b'\t')) {
                    pos += 1;
                }
            }
            None => break,
        }
    }
    params
}

/// Strips RFC 2231 marks from a key: `k*0*` → (`k`, continued, charset).
fn split_marks(key: &str) -> (String, bool, bool) {
    let (mut base, mut has_charset) = (key, false);
    if let Some(stripped) = base.strip_suffix('*') {
        base = stripped;
        has_charset = true;
    }
    // `*<digits>` at the end marks a continuation.
    let digits = base.len() - base.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && base[..base.len() - digits].ends_with('*') {
        return (
            base[..base.len() - digits - 1].to_owned(),
            true,
            has_charset,
        );
    }
    (base.to_owned(), false, has_charset)
}

/// Splits `charset'lang'pct-value` (the charset may be empty).
fn split_charset(value: &str) -> Option<(&str, &str)> {
    let is_part = |c: char| is_token(c) && c != '\'';
    let (charset, rest) = value.split_once('\'')?;
    let (lang, pct) = rest.split_once('\'')?;
    let ok = charset.chars().all(is_part)
        && lang.chars().all(is_part)
        && !pct.is_empty()
        && pct.chars().all(is_token);
    ok.then_some((charset, pct))
}

/// Percent-decodes with one of the safe charsets; undecodable bytes become U+FFFD.
fn decode_percent(value: &str, encoding: &str) -> String {
    let bytes = percent_encoding::percent_decode_str(value).collect::<Vec<u8>>();
    match encoding {
        "iso-8859-1" => bytes.iter().map(|&b| char::from(b)).collect(),
        "ascii" | "us-ascii" => bytes
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
        _ => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Removes surrounding quotes and the backslash before any character inside them.
fn unquote_header_value(value: &str) -> String {
    let Some(inner) = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .filter(|_| value.len() >= 2)
    else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next) => out.push(next),
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}
