//! Writing `multipart/form-data` bodies (used by the test client).

use std::fmt::Write as _;
use std::io;

use crate::datastructures::{FileStorage, MultiDict};
use crate::urls::{ATTR_CHAR, quote_into};

use super::MultipartError;

/// Builds a `multipart/form-data` body part by part.
///
/// Field names and file names are written as quoted strings (`"` and `\` escaped with a
/// backslash); names containing control characters or the text `%22` are written in the
/// RFC 2231 form `name*=utf-8''...` so that they decode to exactly what was given.
///
/// ```
/// use stellwerk_runtime::form::multipart::Encoder;
///
/// let mut enc = Encoder::new("XyZ").unwrap();
/// enc.field("title", "Hi");
/// enc.file("doc", "a.txt", Some("text/plain"), b"data");
/// assert_eq!(enc.content_type(), "multipart/form-data; boundary=XyZ");
/// let body = enc.finish();
/// assert_eq!(
///     body,
///     b"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n\
///       --XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n\
///       Content-Type: text/plain\r\n\r\ndata\r\n--XyZ--\r\n"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Encoder {
    boundary: String,
    out: Vec<u8>,
}

impl Encoder {
    /// An encoder with the given boundary (1 to 70 characters from RFC 2046's set is
    /// safest; anything without CR and LF up to 200 bytes is accepted).
    pub fn new(boundary: impl Into<String>) -> Result<Self, MultipartError> {
        let boundary = boundary.into();
        if boundary.is_empty()
            || boundary.len() > super::decoder::MAX_BOUNDARY_LEN
            || boundary.contains(['\r', '\n'])
        {
            return Err(MultipartError::InvalidBoundary);
        }
        Ok(Encoder {
            boundary,
            out: Vec::new(),
        })
    }

    /// An encoder with a random boundary (128 bits from the operating system's CSPRNG).
    pub fn with_random_boundary() -> Self {
        Encoder {
            boundary: random_boundary(),
            out: Vec::new(),
        }
    }

    /// An encoder with a random boundary that occurs in none of `contents` (re-drawn on
    /// the unlikely clash).
    pub(crate) fn with_boundary_avoiding(contents: &[&[u8]]) -> Self {
        let boundary = loop {
            let candidate = random_boundary();
            let finder = memchr::memmem::Finder::new(candidate.as_bytes());
            if !contents.iter().any(|data| finder.find(data).is_some()) {
                break candidate;
            }
        };
        Encoder {
            boundary,
            out: Vec::new(),
        }
    }

    /// The boundary.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// The `Content-Type` header value for the body.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// Adds a text field.
    pub fn field(&mut self, name: &str, value: &str) -> &mut Self {
        self.part(name, None, &[], value.as_bytes())
    }

    /// Adds a file.
    pub fn file(
        &mut self,
        name: &str,
        filename: &str,
        content_type: Option<&str>,
        data: &[u8],
    ) -> &mut Self {
        let headers: Vec<(String, String)> = content_type
            .map(|ct| vec![("Content-Type".to_owned(), ct.to_owned())])
            .unwrap_or_default();
        self.part(name, Some(filename), &headers, data)
    }

    /// Adds a part with extra headers (a `Content-Disposition` among them is ignored; CR
    /// and LF in header values are replaced by spaces).
    pub fn part(
        &mut self,
        name: &str,
        filename: Option<&str>,
        headers: &[(String, String)],
        data: &[u8],
    ) -> &mut Self {
        let mut head = String::new();
        let _ = write!(
            head,
            "--{}\r\nContent-Disposition: form-data; ",
            self.boundary
        );
        write_param(&mut head, "name", name);
        if let Some(filename) = filename {
            head.push_str("; ");
            write_param(&mut head, "filename", filename);
        }
        head.push_str("\r\n");
        for (n, v) in headers {
            if n.eq_ignore_ascii_case("content-disposition") {
                continue;
            }
            let clean = |s: &str| s.replace(['\r', '\n'], " ");
            let _ = write!(head, "{}: {}\r\n", clean(n), clean(v));
        }
        head.push_str("\r\n");
        self.out.extend_from_slice(head.as_bytes());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\r\n");
        self
    }

    /// Writes the closing delimiter and returns the body.
    pub fn finish(mut self) -> Vec<u8> {
        self.out
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        self.out
    }
}

fn write_param(out: &mut String, key: &str, value: &str) {
    if value.contains("%22") || value.chars().any(|c| c.is_control()) {
        let _ = write!(out, "{key}*=utf-8''");
        quote_into(value, ATTR_CHAR, out);
    } else {
        let _ = write!(out, "{key}=\"");
        for c in value.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
}

fn random_boundary() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: a per-process random hasher still gives unpredictable bits.
        use std::hash::{BuildHasher, RandomState};
        let state = RandomState::new();
        let a = state.hash_one(std::time::SystemTime::now());
        let b = state.hash_one(a);
        bytes[..8].copy_from_slice(&a.to_le_bytes());
        bytes[8..].copy_from_slice(&b.to_le_bytes());
    }
    let mut boundary = String::from("----------------stellwerk-form-");
    for b in bytes {
        let _ = write!(boundary, "{b:02x}");
    }
    boundary
}

/// Encodes text fields and files as a `multipart/form-data` body with a random boundary
/// that occurs in none of the contents. Returns `(boundary, body)`.
///
/// ```
/// use stellwerk_runtime::datastructures::{FileStorage, MultiDict};
/// use stellwerk_runtime::form::multipart::encode_multipart;
///
/// let fields: MultiDict<String, String> = [("a".to_owned(), "1".to_owned())].into();
/// let mut files = MultiDict::new();
/// files.append("f".to_owned(), FileStorage::from_bytes("f", "x.bin", vec![0u8, 1, 2]));
/// let (boundary, body) = encode_multipart(&fields, &mut files).unwrap();
/// assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
/// ```
pub fn encode_multipart(
    fields: &MultiDict<String, String>,
    files: &mut MultiDict<String, FileStorage>,
) -> io::Result<(String, Vec<u8>)> {
    let mut contents = Vec::new();
    for (name, file) in files.iter_mut() {
        let data = file.contents()?;
        contents.push((
            name.clone(),
            data,
            file.filename().map(str::to_owned),
            file.headers().to_vec(),
        ));
    }
    let avoid: Vec<&[u8]> = fields
        .iter()
        .flat_map(|(k, v)| [k.as_bytes(), v.as_bytes()])
        .chain(contents.iter().map(|(_, data, _, _)| data.as_ref()))
        .collect();
    let mut enc = Encoder::with_boundary_avoiding(&avoid);
    let boundary = enc.boundary.clone();
    for (name, value) in fields {
        enc.field(name, value);
    }
    for (name, data, filename, headers) in &contents {
        enc.part(name, Some(filename.as_deref().unwrap_or("")), headers, data);
    }
    Ok((boundary, enc.finish()))
}
