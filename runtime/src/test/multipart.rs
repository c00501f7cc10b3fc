//! A small `multipart/form-data` encoder for the test client.
//!
//! Parts are written in order: text fields first, then files, each with a
//! `Content-Disposition: form-data; name="..."` header (and `filename` plus `Content-Type`
//! for files). Quotes and line breaks in names are escaped as `%22`, `%0D` and `%0A`, as
//! browsers do. The boundary is random and checked not to occur in any part.
// merge: the form/ module has a multipart encoder too; the coordinator may switch the test
// client to it and keep only `FilePart` here.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::{BufMut, Bytes, BytesMut};

/// A file to upload with [`RequestBuilder::multipart`](super::RequestBuilder::multipart).
///
/// ```
/// use stellwerk_runtime::test::FilePart;
/// let file = FilePart::new("avatar", "me.png", vec![0x89, b'P', b'N', b'G']);
/// assert_eq!(file.guessed_content_type(), "image/png");
/// let text = FilePart::new("notes", "notes", "hello").content_type("text/markdown");
/// assert_eq!(text.guessed_content_type(), "text/markdown");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    field: String,
    filename: String,
    content_type: Option<String>,
    data: Bytes,
}

impl FilePart {
    /// A file for form field `field`, sent as `filename` with the content `data`.
    pub fn new(
        field: impl Into<String>,
        filename: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        FilePart {
            field: field.into(),
            filename: filename.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// Sets the part's `Content-Type` instead of guessing it from the file name.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content type that will be sent: the one set, or a guess from the file name's
    /// extension, `application/octet-stream` when unknown.
    pub fn guessed_content_type(&self) -> &str {
        if let Some(content_type) = &self.content_type {
            return content_type;
        }
        let extension = self
            .filename
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "txt" => "text/plain",
            "html" | "htm" => "text/html",
            "css" => "text/css",
            "csv" => "text/csv",
            "js" => "text/javascript",
            "json" => "application/json",
            "xml" => "application/xml",
            "pdf" => "application/pdf",
            "zip" => "application/zip",
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "svg" => "image/svg+xml",
            "webp" => "image/webp",
            _ => "application/octet-stream",
        }
    }
}

/// An encoded `multipart/form-data` body and its boundary.
///
/// ```
/// use stellwerk_runtime::test::{FilePart, MultipartBody};
/// let body = MultipartBody::encode(&[("title", "Hi")], &[FilePart::new("f", "a.txt", "data")]);
/// assert!(body.content_type().starts_with("multipart/form-data; boundary="));
/// let text = String::from_utf8(body.body().to_vec()).unwrap();
/// assert!(text.contains("Content-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n"));
/// assert!(text.ends_with(&format!("--{}--\r\n", body.boundary())));
/// ```
#[derive(Clone, Debug)]
pub struct MultipartBody {
    boundary: String,
    body: Bytes,
}

impl MultipartBody {
    /// Encodes text `fields` then `files` with a fresh random boundary.
    pub fn encode<K: AsRef<str>, V: AsRef<str>>(fields: &[(K, V)], files: &[FilePart]) -> Self {
        let mut boundary = random_boundary();
        // A collision needs a part to contain 32 random hex digits; re-draw a few times
        // rather than loop on a pathological input.
        for _ in 0..8 {
            let clashes = fields.iter().any(|(k, v)| {
                contains(k.as_ref().as_bytes(), &boundary)
                    || contains(v.as_ref().as_bytes(), &boundary)
            }) || files.iter().any(|f| contains(&f.data, &boundary));
            if !clashes {
                break;
            }
            boundary = random_boundary();
        }
        Self::encode_with_boundary(fields, files, boundary)
    }

    /// Encodes with a given boundary (for reproducible tests of parsers).
    pub fn encode_with_boundary<K: AsRef<str>, V: AsRef<str>>(
        fields: &[(K, V)],
        files: &[FilePart],
        boundary: impl Into<String>,
    ) -> Self {
        let boundary = boundary.into();
        let mut body = BytesMut::new();
        for (name, value) in fields {
            body.put_slice(format!("--{boundary}\r\n").as_bytes());
            body.put_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                    escape_quoted(name.as_ref())
                )
                .as_bytes(),
            );
            body.put_slice(value.as_ref().as_bytes());
            body.put_slice(b"\r\n");
        }
        for file in files {
            body.put_slice(format!("--{boundary}\r\n").as_bytes());
            body.put_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n\
                     Content-Type: {}\r\n\r\n",
                    escape_quoted(&file.field),
                    escape_quoted(&file.filename),
                    file.guessed_content_type().replace(['\r', '\n'], " ")
                )
                .as_bytes(),
            );
            body.put_slice(&file.data);
            body.put_slice(b"\r\n");
        }
        body.put_slice(format!("--{boundary}--\r\n").as_bytes());
        MultipartBody {
            boundary,
            body: body.freeze(),
        }
    }

    /// The boundary between parts.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// The `Content-Type` header value, `multipart/form-data; boundary=...`.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The encoded body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The encoded body, by value.
    pub fn into_body(self) -> Bytes {
        self.body
    }
}

fn escape_quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// 32 hex digits from the standard library's randomly keyed hasher, mixed with a counter
/// and the clock so that consecutive boundaries differ. Not for secrets; it only has to be
/// unlikely to appear in test data.
fn random_boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut digits = String::with_capacity(32);
    for _ in 0..2 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u128(nanos);
        digits.push_str(&format!("{:016x}", hasher.finish()));
    }
    format!("----------------stellwerk{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_encoding() {
        let body = MultipartBody::encode_with_boundary(
            &[("a", "1"), ("we\"ird\r\n", "x\r\ny")],
            &[
                FilePart::new("f", "x.txt", "hello"),
                FilePart::new("g", "bin", vec![0_u8, 255]).content_type("application/x-raw"),
            ],
            "B",
        );
        let expected: &[u8] = b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
            --B\r\nContent-Disposition: form-data; name=\"we%22ird%0D%0A\"\r\n\r\nx\r\ny\r\n\
            --B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
            --B\r\nContent-Disposition: form-data; name=\"g\"; filename=\"bin\"\r\nContent-Type: application/x-raw\r\n\r\n\x00\xff\r\n\
            --B--\r\n";
        assert_eq!(body.body().as_ref(), expected);
        assert_eq!(body.content_type(), "multipart/form-data; boundary=B");
    }

    #[test]
    fn empty_form_is_just_the_closing_boundary() {
        let body = MultipartBody::encode_with_boundary::<&str, &str>(&[], &[], "B");
        assert_eq!(body.body().as_ref(), b"--B--\r\n");
    }

    #[test]
    fn boundaries_differ_and_avoid_content() {
        let first = random_boundary();
        let second = random_boundary();
        assert_ne!(first, second);
        assert!(
            first
                .bytes()
                .all(|b| b == b'-' || b.is_ascii_alphanumeric())
        );
        let body = MultipartBody::encode(&[("f", first.as_str())], &[]);
        assert_ne!(body.boundary(), first);
    }

    #[test]
    fn content_type_guess_table() {
        for (filename, expected) in [
            ("a.txt", "text/plain"),
            ("A.PNG", "image/png"),
            ("archive.tar.zip", "application/zip"),
            ("noext", "application/octet-stream"),
            ("weird.", "application/octet-stream"),
            ("photo.jpeg", "image/jpeg"),
        ] {
            assert_eq!(
                FilePart::new("f", filename, "").guessed_content_type(),
                expected,
                "file {filename}"
            );
        }
    }
}
