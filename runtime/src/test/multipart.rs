//! `multipart/form-data` bodies for the test client (feature `multipart`).
//!
//! There is one multipart encoder in the crate, [`form::multipart::Encoder`]; this module
//! only describes the files to send ([`FilePart`]) and picks a boundary that occurs in none
//! of the parts. Text fields are written first, then files, each file with `filename` and
//! a `Content-Type`. Names are quoted strings (`"` and `\\` backslash-escaped) or, when they
//! hold control characters or `%22`, RFC 2231 `name*=utf-8''...`, so the form parser
//! reads back exactly what was sent.
//!
//! The test client's multipart support needs the `multipart` feature, like the form parser
//! that reads such bodies: features are unified in one build, so an application that
//! accepts uploads has the feature on, and the test client can reuse the form module's
//! encoder instead of carrying a second one.

use bytes::Bytes;

use crate::form::multipart::{Encoder, MultipartError};

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
        // The same table `send_file` uses (`mime_guess`), so an upload and a download of
        // one file name agree on its type.
        let extension = self.filename.rsplit_once('.').map_or("", |(_, ext)| ext);
        mime_guess::from_ext(extension)
            .first_raw()
            .unwrap_or("application/octet-stream")
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
    /// Encodes text `fields` then `files` with a fresh random boundary that occurs in none
    /// of them.
    pub fn encode<K: AsRef<str>, V: AsRef<str>>(fields: &[(K, V)], files: &[FilePart]) -> Self {
        let contents: Vec<&[u8]> = fields
            .iter()
            .flat_map(|(k, v)| [k.as_ref().as_bytes(), v.as_ref().as_bytes()])
            .chain(files.iter().map(|f| f.data.as_ref()))
            .collect();
        Self::encode_into(Encoder::with_boundary_avoiding(&contents), fields, files)
    }

    /// Encodes with a given boundary (for reproducible tests of parsers); an error if the
    /// boundary is empty, longer than 200 bytes or contains a line break.
    pub fn encode_with_boundary<K: AsRef<str>, V: AsRef<str>>(
        fields: &[(K, V)],
        files: &[FilePart],
        boundary: impl Into<String>,
    ) -> Result<Self, MultipartError> {
        Ok(Self::encode_into(Encoder::new(boundary)?, fields, files))
    }

    fn encode_into<K: AsRef<str>, V: AsRef<str>>(
        mut encoder: Encoder,
        fields: &[(K, V)],
        files: &[FilePart],
    ) -> Self {
        for (name, value) in fields {
            encoder.field(name.as_ref(), value.as_ref());
        }
        for file in files {
            encoder.file(
                &file.field,
                &file.filename,
                Some(file.guessed_content_type()),
                &file.data,
            );
        }
        let boundary = encoder.boundary().to_owned();
        MultipartBody {
            boundary,
            body: Bytes::from(encoder.finish()),
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
        )
        .unwrap();
        let expected: &[u8] = b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
            --B\r\nContent-Disposition: form-data; name*=utf-8''we%22ird%0D%0A\r\n\r\nx\r\ny\r\n\
            --B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
            --B\r\nContent-Disposition: form-data; name=\"g\"; filename=\"bin\"\r\nContent-Type: application/x-raw\r\n\r\n\x00\xff\r\n\
            --B--\r\n";
        assert_eq!(body.body().as_ref(), expected);
        assert_eq!(body.content_type(), "multipart/form-data; boundary=B");
    }

    #[test]
    fn empty_form_is_just_the_closing_boundary() {
        let body = MultipartBody::encode_with_boundary::<&str, &str>(&[], &[], "B").unwrap();
        assert_eq!(body.body().as_ref(), b"--B--\r\n");
    }

    #[test]
    fn invalid_boundaries_are_errors() {
        for boundary in ["", "a\r\nb", &"x".repeat(201)] {
            assert!(
                MultipartBody::encode_with_boundary::<&str, &str>(&[], &[], boundary).is_err(),
                "boundary {boundary:?}"
            );
        }
    }

    #[test]
    fn boundaries_differ_and_avoid_content() {
        let first = MultipartBody::encode::<&str, &str>(&[], &[]);
        let second = MultipartBody::encode::<&str, &str>(&[], &[]);
        assert_ne!(first.boundary(), second.boundary());
        assert!(
            first
                .boundary()
                .bytes()
                .all(|b| b == b'-' || b.is_ascii_alphanumeric())
        );
        let body = MultipartBody::encode(&[("f", first.boundary())], &[]);
        assert_ne!(body.boundary(), first.boundary());
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
