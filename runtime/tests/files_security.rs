//! Attacks on send_from_directory from Werkzeug's security history (reference §17). The
//! path is joined by `security::safe_join`, whose vectors (POSIX and Windows rules, device
//! names) are in `security_safe_join.rs`; here every traversal is tried against a real
//! directory.
#![cfg(feature = "web")]

use http::{HeaderMap, Method, StatusCode};
use stellwerk_runtime::files::{SendFileOptions, send_from_directory};

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("stellwerk-files-sec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("public")).unwrap();
    std::fs::write(d.join("secret.txt"), b"secret").unwrap();
    std::fs::write(d.join("public/ok.txt"), b"ok").unwrap();
    d
}

async fn status(root: &std::path::Path, path: &str) -> StatusCode {
    let h = HeaderMap::new();
    match send_from_directory(root, path, &(&Method::GET, &h), &SendFileOptions::default()).await {
        Ok(r) => r.status(),
        Err(e) => e.status(),
    }
}

/// GHSA-f9vj-2wh5-fj8j / CVE-2024-49766 (UNC paths) and the classic traversals.
#[tokio::test]
async fn ghsa_f9vj_2wh5_fj8j_no_path_leaves_the_directory() {
    let d = dir("unc");
    let root = d.join("public");
    assert_eq!(status(&root, "ok.txt").await, StatusCode::OK);
    for bad in [
        "//b/c",
        "/etc/passwd",
        "..",
        "../secret.txt",
        "a/../../secret.txt",
        "./../secret.txt",
        "\\\\b\\c",
    ] {
        assert_eq!(status(&root, bad).await, StatusCode::NOT_FOUND, "{bad:?}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// Werkzeug 2.1.0: `safe_join("", "c:test.txt")` turned a drive-relative path into the first
/// component. A drive never leads out of the directory: on Windows `safe_join` refuses it,
/// elsewhere `c:ok.txt` is an ordinary name (here of a file that does not exist).
#[tokio::test]
async fn drive_relative_paths_are_refused() {
    let d = dir("drive");
    let root = d.join("public");
    for bad in ["c:ok.txt", "c:/ok.txt", "sub/c:ok.txt"] {
        assert_eq!(status(&root, bad).await, StatusCode::NOT_FOUND, "{bad:?}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// GHSA-hgf8-39gv-g3f2, GHSA-87hc-h4r5-73f7, GHSA-29vq-49wr-vm6x: device names. On POSIX
/// they are ordinary (here missing) files, so the answer is 404 without touching a device;
/// on Windows the unit tests show they are refused before any file is opened.
#[tokio::test]
async fn ghsa_29vq_49wr_vm6x_device_names_never_hang() {
    let d = dir("dev");
    let root = d.join("public");
    for name in ["CON", "example/NUL", "CON.txt", "COM1", "CONIN$"] {
        assert_eq!(status(&root, name).await, StatusCode::NOT_FOUND, "{name:?}");
    }
    let _ = std::fs::remove_dir_all(&d);
}
