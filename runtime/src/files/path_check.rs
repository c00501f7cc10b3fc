//! The path check of `send_from_directory`: a relative path that cannot leave its base
//! directory.
//!
//! merge: once `crate::security::safe_join` lands (forms branch), `send_from_directory`
//! should call it and this module can go.

use std::path::{Component, Path};

/// Windows device names, which exist in every directory and block when read.
const DEVICE_NAMES: [&str; 6] = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"];

fn is_device_name(segment: &str) -> bool {
    // `CON.txt`, `CON  `, `CON . txt` all open the device: compare the part before the
    // first dot with trailing spaces removed.
    let base = segment
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_uppercase();
    if DEVICE_NAMES.contains(&base.as_str()) {
        return true;
    }
    for prefix in ["COM", "LPT"] {
        if let Some(rest) = base.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && (c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
            {
                return true;
            }
        }
    }
    false
}

/// Whether `path` is a relative path that stays inside its base directory: no absolute or
/// UNC path, no `..`, no backslash, no drive (`c:`), no NUL, and under Windows rules no
/// device name in any segment.
pub(super) fn is_safe_relative(path: &str, windows: bool) -> bool {
    if path.is_empty() || path.contains('\0') || path.contains('\\') || path.starts_with('/') {
        return false;
    }
    for segment in path.split('/') {
        if segment == ".." || segment.contains(':') {
            return false;
        }
        if windows && is_device_name(segment) {
            return false;
        }
    }
    Path::new(path)
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GHSA-f9vj-2wh5-fj8j (CVE-2024-49766) and the older traversal cases: nothing outside
    /// the directory is reachable, under either platform's rules.
    #[test]
    fn ghsa_f9vj_2wh5_fj8j_traversal_rejected() {
        for windows in [false, true] {
            for bad in [
                "//b/c",
                "/etc/passwd",
                "..",
                "../x",
                "a/../../x",
                "a\\..\\x",
                "c:test.txt",
                "a/c:x",
                "",
                "a\0b",
            ] {
                assert!(!is_safe_relative(bad, windows), "{bad:?} windows={windows}");
            }
            for good in ["a", "a/b.txt", "./a", "a/./b", "a..b"] {
                assert!(
                    is_safe_relative(good, windows),
                    "{good:?} windows={windows}"
                );
            }
        }
    }

    /// GHSA-hgf8-39gv-g3f2 (CVE-2025-66221), GHSA-87hc-h4r5-73f7 (CVE-2026-21860) and
    /// GHSA-29vq-49wr-vm6x (CVE-2026-27199): device names, alone, with extensions or
    /// padding, and as the last of several segments, are refused under Windows rules.
    #[test]
    fn windows_device_names_rejected() {
        for bad in [
            "CON",
            "NUL",
            "AUX",
            "con",
            "b/CON",
            "example/NUL",
            "CON.txt",
            "CON.txt.html",
            "CON  ",
            "CON . txt",
            "CONIN$",
            "CONOUT$",
            "COM1",
            "LPT9",
            "COM¹",
            "a/b/lpt²",
        ] {
            assert!(!is_safe_relative(bad, true), "{bad:?}");
        }
        for posix_ok in ["CON", "b/CON", "NUL.txt"] {
            assert!(
                is_safe_relative(posix_ok, false),
                "{posix_ok:?} is a plain name on POSIX"
            );
        }
        for fine in ["CONFIG", "COM10", "console.txt", "nul1"] {
            assert!(is_safe_relative(fine, true), "{fine:?}");
        }
    }
}
