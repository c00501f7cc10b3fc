//! Part headers: the header block of one part. `Content-Disposition` and `Content-Type`
//! parameters (quoted values, RFC 2231 `filename*` and continuations) are read with the
//! header toolkit's [`parse_options_header`], the same parser the request uses.

use super::MultipartError;
use crate::headers::parse_options_header;

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
        let (_, params) = parse_options_header(ct);
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
    let (_, params) = parse_options_header(disposition);
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
