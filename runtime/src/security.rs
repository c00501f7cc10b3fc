//! Security helpers: [`safe_join`], [`secure_filename`] and Werkzeug-compatible password
//! hashes ([`generate_password_hash`], [`check_password_hash`]).
//!
//! Werkzeug applies its Windows rules (the `\` separator, drive paths, device names such
//! as `CON` or `NUL`) only when running on Windows. stellwerk applies them on every
//! platform by default, so an app behaves the same wherever it runs and files uploaded on
//! Linux stay servable on Windows; [`safe_join_with`] with [`PathRules::Posix`] gives
//! Werkzeug's POSIX behaviour exactly.

use std::path::{Component, Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

mod password;

pub use password::{
    DEFAULT_PBKDF2_ITERATIONS, DEFAULT_SALT_LENGTH, PasswordHashError, check_password_hash,
    gen_salt, generate_password_hash, generate_password_hash_with_salt,
};

/// Windows device names: opening them opens a device, in any directory, with any
/// extension (CVE-2025-66221, CVE-2026-21860).
const WINDOWS_DEVICE_NAMES: &[&str] = &[
    "AUX", "CON", "CONIN$", "CONOUT$", "NUL", "PRN", "COM1", "COM2", "COM3", "COM4", "COM5",
    "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5",
    "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// Which platform's path rules [`safe_join_with`] enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRules {
    /// Werkzeug's POSIX rules: no absolute paths, no escaping with `..`.
    Posix,
    /// The POSIX rules plus Werkzeug's Windows rules: no `\`, no drive paths (`C:/x`),
    /// no device names (`CON`, `nul.txt`, `a/COM1`, `CON:stream`, ...) in any segment.
    Windows,
}

/// Whether a path segment names a Windows device: the part before the first `:` and the
/// first `.`, trimmed and upper-cased, is a device name.
fn is_windows_device(segment: &str) -> bool {
    let stem = segment.split(':').next().unwrap_or("");
    let stem = stem.split('.').next().unwrap_or("").trim().to_uppercase();
    WINDOWS_DEVICE_NAMES.contains(&stem.as_str())
}

/// `posixpath.normpath`: collapses `.`, `..` and repeated slashes; keeps exactly two
/// leading slashes (POSIX leaves `//` implementation-defined) and `..` that cannot be
/// resolved in a relative path.
fn posix_normpath(path: &str) -> String {
    let leading = match path.bytes().take_while(|&b| b == b'/').count() {
        0 => "",
        2 => "//",
        _ => "/",
    };
    let mut parts: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        match comp {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|&p| p != "..") {
                    parts.pop();
                } else if leading.is_empty() {
                    parts.push("..");
                }
            }
            _ => parts.push(comp),
        }
    }
    let joined = format!("{leading}{}", parts.join("/"));
    if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// Whether `part` is absolute for Windows: a leading separator, or a drive followed by a
/// separator (`C:/`, `c:\`). A drive-relative `c:x` is not absolute (as in Python).
fn is_windows_absolute(part: &str) -> bool {
    let b = part.as_bytes();
    matches!(b.first(), Some(b'/' | b'\\'))
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'/' | b'\\'))
}

/// Joins untrusted path parts (from a URL, so `/`-separated) to a trusted directory, or
/// returns `None` if the result could leave the directory or name a Windows device.
/// Applies [`PathRules::Windows`] on every platform; see [`safe_join_with`].
///
/// ```
/// use std::path::Path;
/// use stellwerk_runtime::security::safe_join;
///
/// assert_eq!(safe_join("static", ["css/site.css"]).as_deref(), Some(Path::new("static/css/site.css")));
/// assert_eq!(safe_join("static", ["../secret"]), None);
/// assert_eq!(safe_join("static", ["/etc/passwd"]), None);
/// assert_eq!(safe_join("static", ["docs/NUL.txt"]), None);
/// ```
pub fn safe_join<I, S>(directory: impl AsRef<Path>, untrusted: I) -> Option<PathBuf>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    safe_join_with(PathRules::Windows, directory, untrusted)
}

/// [`safe_join`] with explicit platform rules. Empty parts are skipped, each part is
/// normalised like `posixpath.normpath`, and an empty directory becomes `.` so the first
/// untrusted part can never become the trusted root.
///
/// ```
/// use std::path::Path;
/// use stellwerk_runtime::security::{safe_join_with, PathRules};
///
/// assert_eq!(safe_join_with(PathRules::Posix, "a", ["CON"]).as_deref(), Some(Path::new("a/CON")));
/// assert_eq!(safe_join_with(PathRules::Windows, "a", ["CON"]), None);
/// ```
pub fn safe_join_with<I, S>(
    rules: PathRules,
    directory: impl AsRef<Path>,
    untrusted: I,
) -> Option<PathBuf>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let directory = directory.as_ref();
    let mut joined = if directory.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        directory.to_path_buf()
    };
    for part in untrusted {
        let part = part.as_ref();
        if part.is_empty() {
            continue;
        }
        let part = posix_normpath(part);
        let escapes = part.starts_with('/') || part == ".." || part.starts_with("../");
        let windows_unsafe = rules == PathRules::Windows
            && (part.contains('\\')
                || is_windows_absolute(&part)
                || part.split('/').any(is_windows_device));
        if escapes || windows_unsafe {
            return None;
        }
        // Werkzeug joins strings; `PathBuf::push` instead replaces the whole path when the
        // part has a root or (on Windows) a prefix such as the drive in `c:x`. After the
        // checks above that can only happen on Windows, where it must not escape.
        if Path::new(&part)
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return None;
        }
        joined.push(part);
    }
    Some(joined)
}

/// Makes a client-supplied file name safe to use as a single file name: NFKD-normalised,
/// non-ASCII dropped, `/` and `\` and whitespace turned into `_`, only ASCII letters,
/// digits and `_.-` kept, leading and trailing `.` and `_` removed, and a Windows device
/// name prefixed with `_` (on every platform). The result may be empty: choose a name of
/// your own then.
///
/// ```
/// use stellwerk_runtime::security::secure_filename;
///
/// assert_eq!(secure_filename("My cool movie.mov"), "My_cool_movie.mov");
/// assert_eq!(secure_filename("../../../etc/passwd"), "etc_passwd");
/// assert_eq!(secure_filename("i contain cool ümläuts.txt"), "i_contain_cool_umlauts.txt");
/// assert_eq!(secure_filename("NUL.txt"), "_NUL.txt");
/// ```
pub fn secure_filename(filename: &str) -> String {
    let ascii: String = filename
        .nfkd()
        .filter(char::is_ascii)
        .map(|c| if c == '/' || c == '\\' { ' ' } else { c })
        .collect();
    // Python's str.split() whitespace, restricted to ASCII: includes \x1c-\x1f.
    let is_space =
        |c: char| c.is_ascii_whitespace() || c == '\x0b' || ('\x1c'..='\x1f').contains(&c);
    let joined = ascii
        .split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let kept: String = joined
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .collect();
    let trimmed = kept.trim_matches(['.', '_']);
    let stem = trimmed.split('.').next().unwrap_or("").to_ascii_uppercase();
    if WINDOWS_DEVICE_NAMES.contains(&stem.as_str()) {
        format!("_{trimmed}")
    } else {
        trimmed.to_owned()
    }
}
