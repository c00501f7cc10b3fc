//! Sending files: [`send_file`] (a path or bytes) and [`send_from_directory`] (a path
//! under a trusted directory), with Werkzeug's headers (type, disposition, caching, ETag,
//! `Last-Modified`) and conditional and range requests answered by
//! [`Response::make_conditional`]. Files are streamed in chunks, never read whole.

mod stream;

use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::StatusCode;
use http::header::{self, HeaderValue};
use tokio::io::AsyncSeekExt;
use unicode_normalization::UnicodeNormalization;

use crate::body::Body;
use crate::exceptions::HttpError;
use crate::headers::dump_options_header;
use crate::urls::{ATTR_CHAR, quote};
use crate::wrappers::response::{ConditionalOptions, ConditionalOutcome, RequestHead, Response};

use stream::{CHUNK_SIZE, FileStream};

/// What to send: a file on disk, or bytes already in memory. Paths, `&str` and byte
/// buffers convert into it.
///
/// ```
/// use stellwerk_runtime::files::FileSource;
/// assert!(matches!(FileSource::from("static/app.css"), FileSource::Path(_)));
/// assert!(matches!(FileSource::from(b"data".to_vec()), FileSource::Bytes(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSource {
    /// A file path (made absolute for the ETag).
    Path(PathBuf),
    /// In-memory data; give it a `download_name` or a `mimetype`.
    Bytes(Bytes),
}

impl From<PathBuf> for FileSource {
    fn from(p: PathBuf) -> Self {
        FileSource::Path(p)
    }
}

impl From<&Path> for FileSource {
    fn from(p: &Path) -> Self {
        FileSource::Path(p.to_owned())
    }
}

impl From<&str> for FileSource {
    fn from(p: &str) -> Self {
        FileSource::Path(PathBuf::from(p))
    }
}

impl From<Bytes> for FileSource {
    fn from(b: Bytes) -> Self {
        FileSource::Bytes(b)
    }
}

impl From<Vec<u8>> for FileSource {
    fn from(b: Vec<u8>) -> Self {
        FileSource::Bytes(Bytes::from(b))
    }
}

/// How the `ETag` of a sent file is chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum FileETag {
    /// For paths, `"{mtime}-{size}-{adler32(path)}"` as Werkzeug computes it; none for
    /// bytes.
    #[default]
    Auto,
    /// No `ETag`.
    Off,
    /// This tag (unquoted).
    Custom(String),
}

/// Options of [`send_file`], with Werkzeug's defaults (inline, conditional, automatic
/// ETag, `no-cache`).
///
/// ```
/// use stellwerk_runtime::files::SendFileOptions;
/// let options = SendFileOptions {
///     as_attachment: true,
///     download_name: Some("report.csv".into()),
///     max_age: Some(3600),
///     ..SendFileOptions::default()
/// };
/// assert!(options.conditional);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFileOptions {
    /// The media type; guessed from `download_name` (or the file name) when `None`.
    pub mimetype: Option<String>,
    /// `Content-Disposition: attachment` instead of `inline`.
    pub as_attachment: bool,
    /// The name the browser should use; defaults to the file name for paths.
    pub download_name: Option<String>,
    /// Answer conditional and range requests (default on).
    pub conditional: bool,
    /// The `ETag` rule.
    pub etag: FileETag,
    /// `Last-Modified`; defaults to the file's modification time.
    pub last_modified: Option<SystemTime>,
    /// Caching time in seconds: `Cache-Control: public, max-age=N` and `Expires` when
    /// positive; `None` sends `Cache-Control: no-cache`.
    pub max_age: Option<u64>,
}

impl Default for SendFileOptions {
    fn default() -> Self {
        SendFileOptions {
            mimetype: None,
            as_attachment: false,
            download_name: None,
            conditional: true,
            etag: FileETag::Auto,
            last_modified: None,
            max_age: None,
        }
    }
}

/// The `Content-Disposition` value for a download name: `filename=` for ASCII names; an
/// NFKD ASCII fallback plus `filename*=UTF-8''…` for others.
///
/// ```
/// use stellwerk_runtime::files::content_disposition;
/// assert_eq!(content_disposition("report.pdf", true), "attachment; filename=report.pdf");
/// assert_eq!(
///     content_disposition("Ñandú.txt", false),
///     "inline; filename=Nandu.txt; filename*=UTF-8''%C3%91and%C3%BA.txt"
/// );
/// ```
pub fn content_disposition(download_name: &str, as_attachment: bool) -> String {
    let kind = if as_attachment {
        "attachment"
    } else {
        "inline"
    };
    if download_name.is_ascii() {
        dump_options_header(Some(kind), [("filename", Some(download_name))])
    } else {
        let simple: String = download_name.nfkd().filter(char::is_ascii).collect();
        let quoted = format!("UTF-8''{}", quote(download_name, ATTR_CHAR));
        dump_options_header(
            Some(kind),
            [
                ("filename", Some(simple.as_str())),
                ("filename*", Some(quoted.as_str())),
            ],
        )
    }
}

/// Splits a compression suffix off a file name the way Python's `mimetypes` reports it as
/// an encoding: `a.tar.gz` → (`a.tar`, `gzip`).
fn split_encoding(name: &str) -> (&str, Option<&'static str>) {
    for (suffix, encoding) in [
        (".gz", "gzip"),
        (".Z", "compress"),
        (".bz2", "bzip2"),
        (".xz", "xz"),
        (".br", "br"),
    ] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return (stem, Some(encoding));
        }
    }
    (name, None)
}

/// Adler-32 of `data` (Werkzeug's ETag checksum of the file path).
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 is the largest block for which the sums cannot overflow before the modulo.
    for block in data.chunks(5552) {
        for &byte in block {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// Python's `str(float)` for a modification time: shortest round-trip digits, with `.0`
/// for whole numbers.
fn python_float(secs: f64) -> String {
    let s = format!("{secs}");
    if s.contains('.') || s.contains('e') || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

fn internal(description: String) -> HttpError {
    HttpError::internal_server_error().with_description(description)
}

fn io_error(e: std::io::Error) -> HttpError {
    if e.kind() == std::io::ErrorKind::NotFound {
        HttpError::not_found()
    } else {
        HttpError::internal_server_error().with_source(e)
    }
}

/// Sends a file or bytes as a response, as Werkzeug's `send_file` does.
///
/// * `Content-Type` from `mimetype` or guessed from the name (`application/octet-stream`
///   otherwise); a compression suffix (`.gz`) becomes `Content-Encoding` for inline files;
/// * `Content-Disposition: inline` or `attachment` with the download name
///   ([`content_disposition`]); an attachment needs a name;
/// * `Content-Length`, `Last-Modified`, `Cache-Control` (`no-cache`, or `public, max-age`
///   with `Expires`), `ETag`;
/// * conditional requests (304/412) and single byte ranges (206/416) when `conditional`.
///
/// Errors are HTTP errors: a missing file is 404, a range that cannot be satisfied is 416
/// (with `Content-Range: bytes */size`), other failures are 500.
///
/// ```
/// use http::{HeaderMap, Method};
/// use stellwerk_runtime::files::{send_file, SendFileOptions};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let options = SendFileOptions { download_name: Some("hello.txt".into()), ..Default::default() };
/// let response = send_file(b"Hello".to_vec(), &(&Method::GET, &HeaderMap::new()), &options)
///     .await
///     .unwrap();
/// assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
/// assert_eq!(response.headers()["content-disposition"], "inline; filename=hello.txt");
/// # });
/// ```
pub async fn send_file<R: RequestHead + ?Sized>(
    source: impl Into<FileSource>,
    request: &R,
    options: &SendFileOptions,
) -> Result<Response, HttpError> {
    let source = source.into();
    let (path, size, mtime) = match &source {
        FileSource::Path(p) => {
            let abs = std::path::absolute(p).map_err(io_error)?;
            let meta = tokio::fs::metadata(&abs).await.map_err(io_error)?;
            if !meta.is_file() {
                return Err(HttpError::not_found());
            }
            (Some(abs), meta.len(), meta.modified().ok())
        }
        FileSource::Bytes(b) => (None, b.len() as u64, None),
    };
    let download_name = options.download_name.clone().or_else(|| {
        path.as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    });

    let mut response = match &source {
        FileSource::Bytes(b) => Response::new(b.clone()),
        // The file is opened once the conditional outcome is known (a 304 never opens it).
        FileSource::Path(_) => Response::from_body(Body::empty()),
    };
    let headers_mimetype = match (&options.mimetype, &download_name) {
        (Some(m), _) => m.clone(),
        (None, Some(name)) => {
            let (stem, encoding) = split_encoding(name);
            if let Some(encoding) = encoding
                && !options.as_attachment
            {
                // Browsers would save a decompressed `.tar.gz` attachment; only inline
                // files announce their encoding.
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            mime_guess::from_path(stem)
                .first_raw()
                .unwrap_or("application/octet-stream")
                .to_owned()
        }
        (None, None) => {
            return Err(internal(
                "send_file cannot detect the media type without a file name: set download_name or mimetype".to_owned(),
            ));
        }
    };
    response.set_mimetype(&headers_mimetype);
    match &download_name {
        Some(name) => {
            let value = HeaderValue::from_str(&content_disposition(name, options.as_attachment))
                .map_err(|_| internal(format!("invalid download name {name:?}")))?;
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
        None if options.as_attachment => {
            return Err(internal(
                "send_file needs a download_name to send bytes as an attachment".to_owned(),
            ));
        }
        None => {}
    }
    response.set_content_length(size);
    if let Some(at) = options.last_modified.or(mtime) {
        response.set_last_modified(at);
    }
    response.update_cache_control(|cc| match options.max_age {
        Some(age) if age > 0 => {
            cc.set_public(true)
                .set_max_age(Some(i64::try_from(age).unwrap_or(i64::MAX)));
        }
        Some(age) => {
            cc.set_no_cache(Some(crate::headers::DirectiveValue::Bare))
                .set_max_age(Some(i64::try_from(age).unwrap_or(i64::MAX)));
        }
        None => {
            cc.set_no_cache(Some(crate::headers::DirectiveValue::Bare));
        }
    });
    if let Some(age) = options.max_age {
        response.set_expires(SystemTime::now() + Duration::from_secs(age.min(u64::from(u32::MAX))));
    }
    match (&options.etag, &path) {
        (FileETag::Custom(tag), _) => {
            response
                .set_etag(tag, false)
                .map_err(|e| internal(e.to_string()))?;
        }
        (FileETag::Auto, Some(p)) => {
            let secs = mtime
                .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
                .map_or(0.0, |d| d.as_secs_f64());
            let check = adler32(p.to_string_lossy().as_bytes());
            let tag = format!("{}-{size}-{check}", python_float(secs));
            response
                .set_etag(&tag, false)
                .map_err(|e| internal(e.to_string()))?;
        }
        _ => {}
    }

    let mut outcome = ConditionalOutcome::Unchanged;
    if options.conditional {
        outcome = response.make_conditional(
            request,
            ConditionalOptions {
                accept_ranges: true,
                complete_length: Some(size),
            },
        )?;
    }
    if let Some(p) = path {
        let (start, len) = match outcome {
            ConditionalOutcome::Partial { start, end } => (start, end - start),
            ConditionalOutcome::NotModified => return Ok(response),
            _ => (0, size),
        };
        let content_length = response.content_length();
        let mut file = tokio::fs::File::open(&p).await.map_err(io_error)?;
        if start > 0 {
            file.seek(SeekFrom::Start(start)).await.map_err(io_error)?;
        }
        response.set_body(Body::from_stream(FileStream {
            file,
            remaining: len,
            buf: vec![0; CHUNK_SIZE],
        }));
        if let Some(cl) = content_length {
            response.set_content_length(cl);
        }
    }
    if response.status() == StatusCode::NOT_MODIFIED {
        response.headers_mut().remove("x-sendfile");
    }
    Ok(response)
}

/// Sends `path` from inside `directory`, as Werkzeug's `send_from_directory` does: the path
/// is joined with [`safe_join`](crate::security::safe_join), so one that could leave the
/// directory (absolute, escaping with `..`, a drive, a `\`, a Windows device name, on
/// every platform) answers 404, and so does one that is not a regular file.
///
/// ```
/// use http::{HeaderMap, Method};
/// use stellwerk_runtime::files::{send_from_directory, SendFileOptions};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = (&Method::GET, &HeaderMap::new());
/// let err = send_from_directory("/srv/static", "../etc/passwd", &request, &SendFileOptions::default())
///     .await
///     .unwrap_err();
/// assert_eq!(err.status(), 404);
/// # });
/// ```
pub async fn send_from_directory<R: RequestHead + ?Sized>(
    directory: impl AsRef<Path>,
    path: &str,
    request: &R,
    options: &SendFileOptions,
) -> Result<Response, HttpError> {
    let Some(full) = crate::security::safe_join(directory, [path]) else {
        return Err(HttpError::not_found());
    };
    match tokio::fs::metadata(&full).await {
        Ok(meta) if meta.is_file() => {}
        _ => return Err(HttpError::not_found()),
    }
    send_file(full, request, options).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adler32_known_values() {
        for (input, expected) in [
            (&b""[..], 1u32),
            (b"a", 0x0062_0062),
            (b"Wikipedia", 0x11E6_0398),
        ] {
            assert_eq!(adler32(input), expected, "{input:?}");
        }
        let long = vec![0xffu8; 100_000];
        assert_eq!(adler32(&long), 0x149A_302C);
    }

    #[test]
    fn python_float_repr() {
        for (value, expected) in [
            (1.0, "1.0"),
            (1_700_000_000.25, "1700000000.25"),
            (0.5, "0.5"),
        ] {
            assert_eq!(python_float(value), expected);
        }
    }
}
