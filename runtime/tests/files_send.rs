//! send_file / send_from_directory (Werkzeug's tests/test_send_file.py behaviours).
#![cfg(feature = "web")]

use std::path::PathBuf;
use std::time::UNIX_EPOCH;

use http::{HeaderMap, Method, StatusCode};
use stellwerk_runtime::body::Body;
use stellwerk_runtime::files::*;

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("stellwerk-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn file(&self, name: &str, data: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, data).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn get(pairs: &[(&'static str, &str)]) -> (Method, HeaderMap) {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.insert(*k, v.parse().unwrap());
    }
    (Method::GET, h)
}

async fn body(r: http::Response<Body>) -> Vec<u8> {
    r.into_body().collect_bytes().await.unwrap().to_vec()
}

fn opts() -> SendFileOptions {
    SendFileOptions::default()
}

#[tokio::test]
async fn sends_a_path_with_werkzeugs_headers() {
    let dir = TempDir::new("path");
    let path = dir.file("hello.txt", b"Hello World");
    let (m, h) = get(&[]);
    let r = send_file(path.as_path(), &(&m, &h), &opts()).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let headers = r.headers().clone();
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(headers["content-length"], "11");
    assert_eq!(headers["content-disposition"], "inline; filename=hello.txt");
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["accept-ranges"], "bytes");
    assert!(headers.contains_key("date"));
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(
        r.last_modified(),
        Some(
            UNIX_EPOCH
                + std::time::Duration::from_secs(
                    mtime.duration_since(UNIX_EPOCH).unwrap().as_secs()
                )
        )
    );
    let etag = r.etag().unwrap().0;
    let parts: Vec<&str> = etag.split('-').collect();
    assert_eq!(parts.len(), 3, "{etag}");
    assert_eq!(parts[1], "11");
    assert!(parts[0].contains('.'), "mtime as a Python float: {etag}");
    assert!(parts[2].parse::<u32>().is_ok(), "adler32 checksum: {etag}");
    assert_eq!(body(r.finalize_for(&Method::GET)).await, b"Hello World");
}

#[tokio::test]
async fn mimetype_guess_and_encoding() {
    let dir = TempDir::new("mime");
    for (name, attachment, content_type, encoding) in [
        ("a.html", false, "text/html; charset=utf-8", None),
        ("a.png", false, "image/png", None),
        ("a.unknownext", false, "application/octet-stream", None),
        ("a.tar.gz", false, "application/x-tar", Some("gzip")),
        ("a.tar.gz", true, "application/x-tar", None),
        ("a.svg", false, "image/svg+xml; charset=utf-8", None),
    ] {
        let path = dir.file(name, b"x");
        let (m, h) = get(&[]);
        let o = SendFileOptions {
            as_attachment: attachment,
            ..opts()
        };
        let r = send_file(path.as_path(), &(&m, &h), &o).await.unwrap();
        assert_eq!(r.headers()["content-type"], content_type, "{name}");
        assert_eq!(
            r.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{name} attachment={attachment}"
        );
    }
}

#[tokio::test]
async fn download_names() {
    let (m, h) = get(&[]);
    for (name, attachment, expected) in [
        ("index.html", true, "attachment; filename=index.html"),
        (
            "Ñandú／pingüino.txt",
            true,
            "attachment; filename=\"Nandu/pinguino.txt\"; filename*=UTF-8''%C3%91and%C3%BA%EF%BC%8Fping%C3%BCino.txt",
        ),
        (
            "Vögel.txt",
            false,
            "inline; filename=Vogel.txt; filename*=UTF-8''V%C3%B6gel.txt",
        ),
        ("a b.txt", false, "inline; filename=\"a b.txt\""),
    ] {
        let o = SendFileOptions {
            as_attachment: attachment,
            download_name: Some(name.into()),
            ..opts()
        };
        let r = send_file(b"data".to_vec(), &(&m, &h), &o).await.unwrap();
        assert_eq!(r.headers()["content-disposition"], expected, "{name}");
    }
}

#[tokio::test]
async fn bytes_need_a_name_or_type() {
    let (m, h) = get(&[]);
    let err = send_file(b"x".to_vec(), &(&m, &h), &opts())
        .await
        .unwrap_err();
    assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let o = SendFileOptions {
        mimetype: Some("text/csv".into()),
        as_attachment: true,
        ..opts()
    };
    let err = send_file(b"x".to_vec(), &(&m, &h), &o).await.unwrap_err();
    assert_eq!(
        err.status(),
        StatusCode::INTERNAL_SERVER_ERROR,
        "attachment without a name"
    );
    let o = SendFileOptions {
        mimetype: Some("text/csv".into()),
        ..opts()
    };
    let r = send_file(b"a,b".to_vec(), &(&m, &h), &o).await.unwrap();
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        r.headers().get("etag").is_none(),
        "no automatic etag for bytes"
    );
    assert!(r.headers().get("content-disposition").is_none());
}

#[tokio::test]
async fn max_age_and_custom_etag() {
    let (m, h) = get(&[]);
    for (max_age, cache_control, expires) in [
        (Some(60), "public, max-age=60", true),
        (Some(0), "no-cache, max-age=0", true),
        (None, "no-cache", false),
    ] {
        let o = SendFileOptions {
            download_name: Some("a.txt".into()),
            max_age,
            etag: FileETag::Custom("v1".into()),
            ..opts()
        };
        let r = send_file(b"x".to_vec(), &(&m, &h), &o).await.unwrap();
        assert_eq!(r.headers()["cache-control"], cache_control, "{max_age:?}");
        assert_eq!(r.headers().contains_key("expires"), expires, "{max_age:?}");
        assert_eq!(r.headers()["etag"], "\"v1\"");
    }
}

#[tokio::test]
async fn conditional_304_and_ranges() {
    let dir = TempDir::new("cond");
    let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let path = dir.file("big.bin", &data);
    let (m, h) = get(&[]);
    let first = send_file(path.as_path(), &(&m, &h), &opts()).await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let last_modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();

    for (name, pairs) in [
        ("if-none-match", vec![("if-none-match", etag.as_str())]),
        (
            "if-modified-since",
            vec![("if-modified-since", last_modified.as_str())],
        ),
    ] {
        let (m, h) = get(&pairs);
        let r = send_file(path.as_path(), &(&m, &h), &opts()).await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{name}");
        let sent = r.finalize_for(&Method::GET);
        assert!(sent.headers().get("content-length").is_none());
        assert!(body(sent).await.is_empty());
    }

    // A range across chunk boundaries, read from the middle of the file.
    let (m, h) = get(&[("range", "bytes=65530-131080")]);
    let r = send_file(path.as_path(), &(&m, &h), &opts()).await.unwrap();
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.headers()["content-range"], "bytes 65530-131080/200000");
    assert_eq!(r.headers()["content-length"], "65551");
    assert_eq!(
        body(r.finalize_for(&Method::GET)).await,
        &data[65530..=131080]
    );

    let (m, h) = get(&[("range", "bytes=-10")]);
    let r = send_file(path.as_path(), &(&m, &h), &opts()).await.unwrap();
    assert_eq!(body(r.finalize_for(&Method::GET)).await, &data[199_990..]);

    let (m, h) = get(&[("range", "bytes=300000-")]);
    let err = send_file(path.as_path(), &(&m, &h), &opts())
        .await
        .unwrap_err();
    assert_eq!(err.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(err.headers()["content-range"], "bytes */200000");

    // Whole file, streamed in chunks.
    let (m, h) = get(&[]);
    let r = send_file(path.as_path(), &(&m, &h), &opts()).await.unwrap();
    assert_eq!(body(r.finalize_for(&Method::GET)).await, data);

    // HEAD keeps the length, sends nothing.
    let h = HeaderMap::new();
    let r = send_file(path.as_path(), &(&Method::HEAD, &h), &opts())
        .await
        .unwrap();
    let sent = r.finalize_for(&Method::HEAD);
    assert_eq!(sent.headers()["content-length"], "200000");
    assert!(body(sent).await.is_empty());

    // Without `conditional`, ranges are ignored.
    let (m, h) = get(&[("range", "bytes=0-1")]);
    let o = SendFileOptions {
        conditional: false,
        ..opts()
    };
    let r = send_file(path.as_path(), &(&m, &h), &o).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn range_of_bytes_source() {
    let (m, h) = get(&[("range", "bytes=6-")]);
    let o = SendFileOptions {
        download_name: Some("a.txt".into()),
        ..opts()
    };
    let r = send_file(b"Hello World".to_vec(), &(&m, &h), &o)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(body(r.finalize_for(&Method::GET)).await, b"World");
}

#[tokio::test]
async fn missing_and_directories_are_404() {
    let dir = TempDir::new("missing");
    let (m, h) = get(&[]);
    let err = send_file(dir.0.join("nope.txt"), &(&m, &h), &opts())
        .await
        .unwrap_err();
    assert_eq!(err.status(), StatusCode::NOT_FOUND);
    let err = send_file(dir.0.clone(), &(&m, &h), &opts())
        .await
        .unwrap_err();
    assert_eq!(err.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn send_from_directory_stays_inside() {
    let dir = TempDir::new("dir");
    let root = dir.0.join("static");
    dir.file("static/css/site.css", b"body{}");
    dir.file("secret.txt", b"secret");
    let (m, h) = get(&[]);
    let r = send_from_directory(&root, "css/site.css", &(&m, &h), &opts())
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(body(r.finalize_for(&Method::GET)).await, b"body{}");
    for bad in [
        "../secret.txt",
        "css/../../secret.txt",
        "/etc/passwd",
        "//b/c",
        "css",
        "nope.css",
        "c:secret.txt",
        "css\\..\\..\\secret.txt",
    ] {
        let err = send_from_directory(&root, bad, &(&m, &h), &opts())
            .await
            .unwrap_err();
        assert_eq!(err.status(), StatusCode::NOT_FOUND, "{bad:?}");
    }
}

#[tokio::test]
async fn download_name_cannot_inject_headers() {
    let (m, h) = get(&[]);
    let o = SendFileOptions {
        download_name: Some("a\r\nSet-Cookie: x=1".into()),
        ..opts()
    };
    let err = send_file(b"x".to_vec(), &(&m, &h), &o).await.unwrap_err();
    assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
}
