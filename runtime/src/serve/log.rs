//! The request log: one line per request in Werkzeug's shape,
//! `127.0.0.1 - - [24/Nov/2026 10:00:00] "GET /path HTTP/1.1" 200 - 1.20ms`.
//!
//! Differences from Werkzeug, on purpose: the time is UTC (Rust's standard library has no
//! time zone database and a log line should not need one), every 2xx is uncoloured (Werkzeug
//! leaves only 200 plain and paints other successes magenta), and the elapsed time until the
//! response head was ready is appended.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{Method, StatusCode, Version};

use crate::headers::{MONTHS, civil_from_days};

/// Where log lines go and whether they are painted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Logger {
    colour: bool,
}

impl Logger {
    /// Colours only when stderr is a terminal and `NO_COLOR` is unset or empty
    /// (<https://no-color.org>), so redirected logs never contain escape sequences.
    pub(crate) fn for_stderr() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Logger {
            colour: !no_color && std::io::stderr().is_terminal(),
        }
    }

    /// Whether lines are painted with ANSI colours.
    pub(crate) fn colour(self) -> bool {
        self.colour
    }

    /// Writes one line to stderr. A failed write (closed stderr) is ignored: losing a log
    /// line must never fail a request.
    pub(crate) fn write(self, line: &str) {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "{line}");
    }
}

/// What the request log needs to know about one exchange.
pub(crate) struct Entry<'a> {
    pub(crate) remote: SocketAddr,
    pub(crate) method: &'a Method,
    /// The request target as sent (path and query, still percent-encoded).
    pub(crate) target: &'a str,
    pub(crate) version: Version,
    pub(crate) status: StatusCode,
    pub(crate) elapsed: Duration,
    pub(crate) time: SystemTime,
}

/// Formats a log line, painted when `colour` is set.
pub(crate) fn format_entry(entry: &Entry<'_>, colour: bool) -> String {
    let mut line = String::with_capacity(96);
    let _ = write!(
        line,
        "{} - - [{}] \"{} {} {}\" {} - {:.2?}",
        entry.remote.ip(),
        format_log_time(entry.time),
        escape_control(entry.method.as_str()),
        escape_control(&decode_target(entry.target)),
        version_text(entry.version),
        entry.status.as_u16(),
        entry.elapsed,
    );
    match status_style(entry.status) {
        Some(style) if colour => format!("\x1b[{style}m{line}\x1b[0m"),
        _ => line,
    }
}

fn version_text(version: Version) -> &'static str {
    match version {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_11 => "HTTP/1.1",
        Version::HTTP_2 => "HTTP/2.0",
        Version::HTTP_3 => "HTTP/3.0",
        _ => "HTTP/?",
    }
}

/// The ANSI SGR parameters for a status, following Werkzeug's palette: 1xx bold,
/// 2xx plain, 304 cyan, other 3xx green, 404 yellow, other 4xx bold red, 5xx bold magenta.
pub(crate) fn status_style(status: StatusCode) -> Option<&'static str> {
    match status.as_u16() {
        100..=199 => Some("1"),
        200..=299 => None,
        304 => Some("36"),
        300..=399 => Some("32"),
        404 => Some("33"),
        400..=499 => Some("1;31"),
        _ => Some("1;35"),
    }
}

/// The target as a reader would type it: percent-decoded when that gives UTF-8 (Werkzeug
/// logs the IRI), the raw target otherwise.
fn decode_target(target: &str) -> String {
    crate::urls::unquote_utf8(target).map_or_else(|| target.to_owned(), Cow::into_owned)
}

/// Escapes control characters (C0, DEL, C1) as `\xNN` so that a request for
/// `/%1b[31m` or `/%0d%0a` cannot forge or recolour log lines; backslashes are doubled so an
/// escaped sequence cannot be confused with a literal one.
pub(crate) fn escape_control(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    out
}

/// `DD/Mon/YYYY HH:MM:SS` in UTC, Werkzeug's log time layout.
pub(crate) fn format_log_time(time: SystemTime) -> String {
    // A clock before 1970 is a broken clock; print the epoch rather than fail.
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{day:02}/{}/{year:04} {:02}:{:02}:{:02}",
        MONTHS[(month - 1) as usize],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_time_table() {
        for (secs, expected) in [
            (0, "01/Jan/1970 00:00:00"),
            (951_782_400, "29/Feb/2000 00:00:00"),
            (1_795_514_400, "24/Nov/2026 10:00:00"),
            (4_133_980_799, "31/Dec/2100 23:59:59"),
            (4_107_542_399, "28/Feb/2100 23:59:59"),
            (1_709_164_799, "28/Feb/2024 23:59:59"),
        ] {
            let time = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(format_log_time(time), expected, "epoch seconds {secs}");
        }
    }

    #[test]
    fn escapes_control_characters() {
        for (input, expected) in [
            ("/plain", "/plain"),
            ("/\x1b[31mred", "/\\x1b[31mred"),
            ("/a\r\nforged", "/a\\x0d\\x0aforged"),
            ("/del\x7f", "/del\\x7f"),
            ("/c1\u{85}", "/c1\\x85"),
            ("/back\\slash", "/back\\\\slash"),
            ("/ünïcode", "/ünïcode"),
        ] {
            assert_eq!(escape_control(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn line_layout_and_decoding() {
        let method = Method::GET;
        let entry = Entry {
            remote: "127.0.0.1:5000".parse().unwrap(),
            method: &method,
            target: "/caf%C3%A9/%1b[2J?q=%0a",
            version: Version::HTTP_11,
            status: StatusCode::OK,
            elapsed: Duration::from_micros(1500),
            time: UNIX_EPOCH + Duration::from_secs(1_795_514_400),
        };
        assert_eq!(
            format_entry(&entry, false),
            "127.0.0.1 - - [24/Nov/2026 10:00:00] \"GET /café/\\x1b[2J?q=\\x0a HTTP/1.1\" 200 - 1.50ms"
        );
        // Colour is requested but 200 is plain.
        assert!(!format_entry(&entry, true).contains('\x1b'));
        // Invalid UTF-8 after decoding keeps the raw target.
        let raw = Entry {
            target: "/%ff",
            status: StatusCode::NOT_FOUND,
            ..entry
        };
        let painted = format_entry(&raw, true);
        assert!(painted.starts_with("\x1b[33m"), "{painted:?}");
        assert!(
            painted.contains("\"GET /%ff HTTP/1.1\" 404 -"),
            "{painted:?}"
        );
        assert!(painted.ends_with("\x1b[0m"), "{painted:?}");
    }

    #[test]
    fn status_palette() {
        for (status, expected) in [
            (101, Some("1")),
            (200, None),
            (201, None),
            (204, None),
            (301, Some("32")),
            (304, Some("36")),
            (308, Some("32")),
            (400, Some("1;31")),
            (404, Some("33")),
            (500, Some("1;35")),
            (503, Some("1;35")),
        ] {
            let code = StatusCode::from_u16(status).unwrap();
            assert_eq!(status_style(code), expected, "status {status}");
        }
    }

    proptest::proptest! {
        #[test]
        fn log_lines_never_carry_control_characters(target in "\\PC{0,40}", raw in proptest::collection::vec(0u8..128, 0..40)) {
            let method = Method::GET;
            // Arbitrary text and arbitrary percent-escaped bytes, decoded by the formatter.
            let escaped: String = raw.iter().map(|b| format!("%{b:02x}")).collect();
            for target in [target.as_str(), escaped.as_str()] {
                let entry = Entry {
                    remote: "127.0.0.1:1".parse().unwrap(),
                    method: &method,
                    target,
                    version: Version::HTTP_11,
                    status: StatusCode::OK,
                    elapsed: Duration::ZERO,
                    time: UNIX_EPOCH,
                };
                let line = format_entry(&entry, false);
                proptest::prop_assert!(!line.chars().any(char::is_control), "{:?}", line);
            }
        }
    }
}
