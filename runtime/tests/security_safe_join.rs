//! safe_join: Werkzeug's vectors (POSIX and Windows rules) and the advisories.
#![cfg(feature = "web")]

use std::path::{Path, PathBuf};

use stellwerk_runtime::security::{PathRules, safe_join, safe_join_with};

type Case = (&'static str, &'static [&'static str], Option<&'static str>);

/// Produced by Werkzeug 3.1.9 `safe_join` on POSIX.
const POSIX: [Case; 40] = [
    ("a", &["b/c"], Some("a/b/c")),
    ("a", &["CON"], Some("a/CON")),
    ("a", &["b/CON"], Some("a/b/CON")),
    ("a", &["example/NUL"], Some("a/example/NUL")),
    ("a", &["CON.txt"], Some("a/CON.txt")),
    ("a", &["CON.txt.html"], Some("a/CON.txt.html")),
    ("a", &["CON  "], Some("a/CON  ")),
    ("a", &["CON . txt"], Some("a/CON . txt")),
    ("a", &["CONIN$"], Some("a/CONIN$")),
    ("a", &["CONOUT$"], Some("a/CONOUT$")),
    ("a", &["COM¹"], Some("a/COM¹")),
    ("a", &["lpt³.log"], Some("a/lpt³.log")),
    ("a", &["nul:"], Some("a/nul:")),
    ("a", &["NUL:stream"], Some("a/NUL:stream")),
    ("a", &["AUX"], Some("a/AUX")),
    ("a", &["prn.c"], Some("a/prn.c")),
    ("a", &["COM10"], Some("a/COM10")),
    ("a", &["CONSOLE"], Some("a/CONSOLE")),
    ("a", &["//b/c"], None),
    ("a", &["/etc/passwd"], None),
    ("a", &[".."], None),
    ("a", &["../x"], None),
    ("a", &["a/../../x"], None),
    ("a", &["x/../y"], Some("a/y")),
    ("", &["c:test.txt"], Some("./c:test.txt")),
    ("a", &["c:/x"], Some("a/c:/x")),
    ("a", &["C:\\x"], Some("a/C:\\x")),
    ("a", &["b\\c"], Some("a/b\\c")),
    ("a", &["", "b"], Some("a/b")),
    ("a", &["b", "c"], Some("a/b/c")),
    ("a", &["b", "../c"], None),
    ("a", &["./b"], Some("a/b")),
    ("a", &["."], Some("a/.")),
    ("a", &["b//c/"], Some("a/b/c")),
    ("", &["b"], Some("./b")),
    ("a", &["///b"], None),
    ("a", &["b/../.."], None),
    ("a", &["file:stream"], Some("a/file:stream")),
    ("a", &["..."], Some("a/...")),
    ("a", &["..x"], Some("a/..x")),
];

/// Produced by Werkzeug 3.1.9 `safe_join` with its Windows branch (`os.name == "nt"`,
/// `ntpath.isabs`, `\` as the alternative separator).
const WINDOWS: [Case; 40] = [
    ("a", &["b/c"], Some("a/b/c")),
    ("a", &["CON"], None),
    ("a", &["b/CON"], None),
    ("a", &["example/NUL"], None),
    ("a", &["CON.txt"], None),
    ("a", &["CON.txt.html"], None),
    ("a", &["CON  "], None),
    ("a", &["CON . txt"], None),
    ("a", &["CONIN$"], None),
    ("a", &["CONOUT$"], None),
    ("a", &["COM¹"], None),
    ("a", &["lpt³.log"], None),
    ("a", &["nul:"], None),
    ("a", &["NUL:stream"], None),
    ("a", &["AUX"], None),
    ("a", &["prn.c"], None),
    ("a", &["COM10"], Some("a/COM10")),
    ("a", &["CONSOLE"], Some("a/CONSOLE")),
    ("a", &["//b/c"], None),
    ("a", &["/etc/passwd"], None),
    ("a", &[".."], None),
    ("a", &["../x"], None),
    ("a", &["a/../../x"], None),
    ("a", &["x/../y"], Some("a/y")),
    ("", &["c:test.txt"], Some("./c:test.txt")),
    ("a", &["c:/x"], None),
    ("a", &["C:\\x"], None),
    ("a", &["b\\c"], None),
    ("a", &["", "b"], Some("a/b")),
    ("a", &["b", "c"], Some("a/b/c")),
    ("a", &["b", "../c"], None),
    ("a", &["./b"], Some("a/b")),
    ("a", &["."], Some("a/.")),
    ("a", &["b//c/"], Some("a/b/c")),
    ("", &["b"], Some("./b")),
    ("a", &["///b"], None),
    ("a", &["b/../.."], None),
    ("a", &["file:stream"], Some("a/file:stream")),
    ("a", &["..."], Some("a/...")),
    ("a", &["..x"], Some("a/..x")),
];

fn check(rules: PathRules, cases: &[Case]) {
    for (directory, parts, expected) in cases {
        let got = safe_join_with(rules, directory, parts.iter());
        assert_eq!(
            got.as_deref(),
            expected.map(Path::new),
            "{rules:?}: safe_join({directory:?}, {parts:?})"
        );
    }
}

#[test]
fn posix_rules_match_werkzeug() {
    check(PathRules::Posix, &POSIX);
}

#[test]
fn windows_rules_match_werkzeug() {
    check(PathRules::Windows, &WINDOWS);
}

#[test]
fn safe_join_applies_windows_rules_everywhere() {
    for (directory, parts, expected) in WINDOWS {
        assert_eq!(
            safe_join(directory, parts.iter()).as_deref(),
            expected.map(Path::new),
            "safe_join({directory:?}, {parts:?})"
        );
    }
    let no_parts: [&str; 0] = [];
    assert_eq!(safe_join("a", no_parts), Some(PathBuf::from("a")));
    assert_eq!(safe_join(Path::new(""), ["x"]), Some(PathBuf::from("./x")));
}

/// GHSA-29vq-49wr-vm6x (CVE-2026-27199): a device name as the last of several segments.
#[test]
fn ghsa_29vq_49wr_vm6x_device_name_in_any_segment() {
    for part in ["b/CON", "example/NUL", "x/y/aux.txt", "COM1/x"] {
        assert_eq!(safe_join("a", [part]), None, "{part}");
    }
}

/// GHSA-87hc-h4r5-73f7 (CVE-2026-21860): device names with extensions, padding, the
/// console devices and superscript digits.
#[test]
fn ghsa_87hc_h4r5_73f7_device_names_with_extensions_and_padding() {
    for part in [
        "CON.txt",
        "CON.txt.html",
        "CON  ",
        "CON . txt",
        "CONIN$",
        "CONOUT$",
        "COM\u{b9}",
        "lpt\u{b3}.log",
        "nul:",
        "NUL:stream",
    ] {
        assert_eq!(safe_join("a", [part]), None, "{part}");
    }
    // Under POSIX rules those are ordinary names, as in Werkzeug on Linux.
    assert_eq!(
        safe_join_with(PathRules::Posix, "a", ["CON"]),
        Some(PathBuf::from("a/CON"))
    );
    // Names that merely start like a device are fine.
    for part in ["COM10", "CONSOLE", "console.log", "nulled"] {
        assert_eq!(
            safe_join("a", [part]),
            Some(Path::new("a").join(part)),
            "{part}"
        );
    }
}

/// GHSA-hgf8-39gv-g3f2 (CVE-2025-66221): a single-segment device name.
#[test]
fn ghsa_hgf8_39gv_g3f2_single_device_name() {
    for part in ["CON", "NUL", "AUX", "PRN", "con", "Nul"] {
        assert_eq!(safe_join("a", [part]), None, "{part}");
    }
}

/// GHSA-f9vj-2wh5-fj8j (CVE-2024-49766): UNC paths and other escapes.
#[test]
fn ghsa_f9vj_2wh5_fj8j_unc_and_escaping_paths() {
    for rules in [PathRules::Posix, PathRules::Windows] {
        for part in [
            "//b/c",
            "/etc/passwd",
            "..",
            "../x",
            "a/../../x",
            "///x",
            "b/../..",
        ] {
            assert_eq!(safe_join_with(rules, "a", [part]), None, "{rules:?} {part}");
        }
    }
    for part in [
        "\\\\server\\share",
        "C:\\Windows",
        "c:/windows",
        "a\\..\\..\\x",
    ] {
        assert_eq!(safe_join("a", [part]), None, "{part}");
    }
}

/// Werkzeug 2.1.0: an empty trusted directory must not let the first untrusted part
/// become the root.
#[test]
fn werkzeug_2_1_0_empty_directory_becomes_dot() {
    assert_eq!(
        safe_join("", ["c:test.txt"]),
        Some(PathBuf::from("./c:test.txt"))
    );
}
