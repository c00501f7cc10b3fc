//! [`FileStorage`]: an uploaded file, in memory or spooled to a temporary file.

use std::fmt;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write};
use std::path::Path;

use bytes::Bytes;

/// An uploaded file, like Werkzeug's `FileStorage`: the form field `name`, the client's
/// `filename`, the part's `Content-Type` and headers, and the content.
///
/// Small files stay in memory; the multipart parser spools larger ones to a temporary file
/// that is deleted when the `FileStorage` is dropped. `FileStorage` implements
/// [`Read`] and [`Seek`] over the content; [`contents`](Self::contents) and
/// [`save`](Self::save) always work on the whole content, wherever the read position is.
///
/// The `filename` is what the client claims: never use it as a path without
/// [`secure_filename`](crate::security::secure_filename).
///
/// ```
/// use stellwerk_runtime::datastructures::FileStorage;
///
/// let mut file = FileStorage::from_bytes("avatar", "me.png", "hello")
///     .with_content_type("image/PNG; x=y");
/// assert_eq!(file.name(), "avatar");
/// assert_eq!(file.filename(), Some("me.png"));
/// assert_eq!(file.mimetype(), "image/png");
/// assert_eq!(file.contents().unwrap(), "hello");
///
/// let dir = std::env::temp_dir().join(format!("stellwerk-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("me.png");
/// assert_eq!(file.save(&path).unwrap(), 5);
/// assert_eq!(std::fs::read(&path).unwrap(), b"hello");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub struct FileStorage {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
    content: Content,
    len: u64,
}

enum Content {
    Memory(Cursor<Bytes>),
    #[cfg(feature = "multipart")]
    Spooled(tempfile::SpooledTempFile),
}

impl FileStorage {
    /// An in-memory file for the field `name` with the client file name `filename`.
    pub fn from_bytes(
        name: impl Into<String>,
        filename: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        let data = data.into();
        FileStorage {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: None,
            headers: Vec::new(),
            len: data.len() as u64,
            content: Content::Memory(Cursor::new(data)),
        }
    }

    /// A file whose content was written to a spooled temporary file. The file is rewound.
    #[cfg(feature = "multipart")]
    pub(crate) fn from_spooled(
        name: String,
        filename: Option<String>,
        headers: Vec<(String, String)>,
        mut file: tempfile::SpooledTempFile,
        len: u64,
    ) -> io::Result<Self> {
        file.seek(SeekFrom::Start(0))?;
        let content_type = header_in(&headers, "content-type").map(str::to_owned);
        Ok(FileStorage {
            name,
            filename,
            content_type,
            headers,
            content: Content::Spooled(file),
            len,
        })
    }

    /// Sets the `Content-Type` (also recorded in [`headers`](Self::headers)).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        let content_type = content_type.into();
        self.headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
        self.headers
            .push(("Content-Type".to_owned(), content_type.clone()));
        self.content_type = Some(content_type);
        self
    }

    /// Adds a part header (sent by the test client's multipart encoder).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        if name.eq_ignore_ascii_case("content-type") {
            return self.with_content_type(value);
        }
        self.headers.push((name, value));
        self
    }

    /// The form field name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file name the client sent, unsanitised. `None` for a file built without one.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The part's `Content-Type` header as sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The media type without parameters, lower-cased; empty without a `Content-Type`.
    pub fn mimetype(&self) -> String {
        self.content_type
            .as_deref()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    /// The part's `Content-Length` header as a number, `0` when absent or not plain ASCII
    /// digits (Werkzeug's `content_length`). See [`len`](Self::len) for the real size.
    pub fn content_length(&self) -> u64 {
        self.header("content-length")
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// The part headers in the order they were sent.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first part header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }

    /// The content's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the content is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the content is held in memory (not spooled to disk).
    pub fn is_in_memory(&self) -> bool {
        match &self.content {
            Content::Memory(_) => true,
            #[cfg(feature = "multipart")]
            Content::Spooled(file) => !file.is_rolled(),
        }
    }

    /// The whole content. The read position is left at the end of the content.
    pub fn contents(&mut self) -> io::Result<Bytes> {
        match &mut self.content {
            Content::Memory(cursor) => {
                cursor.set_position(cursor.get_ref().len() as u64);
                Ok(cursor.get_ref().clone())
            }
            #[cfg(feature = "multipart")]
            Content::Spooled(file) => {
                file.seek(SeekFrom::Start(0))?;
                let mut out = Vec::with_capacity(usize::try_from(self.len).unwrap_or(0));
                file.read_to_end(&mut out)?;
                Ok(Bytes::from(out))
            }
        }
    }

    /// Writes the whole content to `writer` and returns the number of bytes written.
    pub fn save_to(&mut self, writer: &mut dyn Write) -> io::Result<u64> {
        self.seek(SeekFrom::Start(0))?;
        io::copy(self, writer)
    }

    /// Writes the whole content to a new file at `path` (replacing an existing one) and
    /// returns the number of bytes written.
    pub fn save(&mut self, path: impl AsRef<Path>) -> io::Result<u64> {
        let mut file = std::fs::File::create(path)?;
        let written = self.save_to(&mut file)?;
        file.flush()?;
        Ok(written)
    }
}

fn header_in<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl Read for FileStorage {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.content {
            Content::Memory(cursor) => cursor.read(buf),
            #[cfg(feature = "multipart")]
            Content::Spooled(file) => file.read(buf),
        }
    }
}

impl Seek for FileStorage {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match &mut self.content {
            Content::Memory(cursor) => cursor.seek(pos),
            #[cfg(feature = "multipart")]
            Content::Spooled(file) => file.seek(pos),
        }
    }
}

impl fmt::Debug for FileStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileStorage")
            .field("name", &self.name)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.len)
            .field("in_memory", &self.is_in_memory())
            .finish()
    }
}
