//! The multipart form parser: browser-style bodies, limits, charsets, files, errors, and
//! the security advisories that concern multipart parsing.
#![cfg(feature = "multipart")]

mod multipart_support;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use multipart_support::{block_on, chunked_body, parse_chunked, snapshot};
use stellwerk_runtime::body::Body;
use stellwerk_runtime::form::multipart::{
    Encoder, MultipartDecoder, MultipartError, parse_multipart,
};
use stellwerk_runtime::form::{FormError, FormOptions, parse_form};

/// Deterministic pseudo-random "image" bytes with a PNG signature, CR/LF and dashes.
fn png_bytes(seed: u32, len: usize) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x = seed;
    while out.len() < len {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let b = (x >> 16) as u8;
        // Sprinkle in the bytes a boundary search trips over.
        out.push(match b % 17 {
            0 => b'\r',
            1 => b'\n',
            2 => b'-',
            _ => b,
        });
    }
    out
}

struct Browser {
    name: &'static str,
    boundary: &'static str,
    /// Written in the Content-Type header (quoted in some browsers).
    header_boundary: &'static str,
    png_type: &'static str,
    line_break: &'static str,
}

const BROWSERS: [Browser; 5] = [
    Browser {
        name: "firefox3",
        boundary: "---------------------------186454651713519341951581030105",
        header_boundary: "---------------------------186454651713519341951581030105",
        png_type: "image/png",
        line_break: "\r\n",
    },
    Browser {
        name: "webkit3",
        boundary: "----WebKitFormBoundaryjdSFhcARk8fyGNy6",
        header_boundary: "----WebKitFormBoundaryjdSFhcARk8fyGNy6",
        png_type: "image/png",
        line_break: "\r\n",
    },
    Browser {
        name: "ie6",
        boundary: "---------------------------7d91b03a20128",
        header_boundary: "---------------------------7d91b03a20128",
        png_type: "image/x-png",
        line_break: "\r\n",
    },
    Browser {
        name: "opera8",
        boundary: "----------zEO9jQKmLc2Cq88c23Dx19",
        header_boundary: "\"----------zEO9jQKmLc2Cq88c23Dx19\"",
        png_type: "image/png",
        line_break: "\r\n",
    },
    Browser {
        name: "bare-lf client",
        boundary: "AaB03x",
        header_boundary: "AaB03x",
        png_type: "image/png",
        line_break: "\n",
    },
];

const LONG_TEXT: &str = "--long text\r\n--with boundary\r\n--lookalikes--";

/// A browser-style upload: two PNG files and two text fields, built the way the browser
/// writes it (its boundary, part header order, line breaks).
fn browser_body(b: &Browser, png1: &[u8], png2: &[u8]) -> Vec<u8> {
    let nl = b.line_break;
    let mut body = Vec::new();
    let mut part = |headers: &[String], data: &[u8]| {
        body.extend_from_slice(format!("--{}{nl}", b.boundary).as_bytes());
        for h in headers {
            body.extend_from_slice(format!("{h}{nl}").as_bytes());
        }
        body.extend_from_slice(nl.as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(nl.as_bytes());
    };
    part(
        &[
            "Content-Disposition: form-data; name=\"file1\"; filename=\"file1.png\"".into(),
            format!("Content-Type: {}", b.png_type),
        ],
        png1,
    );
    part(
        &[
            "Content-Disposition: form-data; name=\"file2\"; filename=\"file2.png\"".into(),
            format!("Content-Type: {}", b.png_type),
        ],
        png2,
    );
    part(
        &["Content-Disposition: form-data; name=\"text\"".into()],
        "ie6 sucks :-/ ä ö ü".as_bytes(),
    );
    part(
        &["Content-Disposition: form-data; name=\"long\"".into()],
        LONG_TEXT.as_bytes(),
    );
    body.extend_from_slice(format!("--{}--{nl}", b.boundary).as_bytes());
    body
}

fn form_headers(content_type: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
    headers
}

#[test]
fn browser_uploads_parse_to_the_expected_fields_and_files() {
    let (png1, png2) = (png_bytes(1, 523), png_bytes(2, 1331));
    for b in &BROWSERS {
        let body = browser_body(b, &png1, &png2);
        let headers = form_headers(&format!(
            "multipart/form-data; boundary={}",
            b.header_boundary
        ));
        for chunk in [body.len(), 64 * 1024, 1000, 7, 1] {
            let chunks = body.chunks(chunk).map(<[u8]>::to_vec).collect();
            let mut form = block_on(parse_form(
                &headers,
                chunked_body(chunks),
                &FormOptions::default(),
            ))
            .unwrap_or_else(|e| panic!("{} in chunks of {chunk}: {e}", b.name));
            let (fields, files) = snapshot(&mut form);
            assert_eq!(
                fields,
                [
                    ("text".to_owned(), "ie6 sucks :-/ ä ö ü".to_owned()),
                    ("long".to_owned(), LONG_TEXT.to_owned())
                ],
                "{} fields",
                b.name
            );
            let expected_files = [
                (
                    "file1".to_owned(),
                    Some("file1.png".to_owned()),
                    Some(b.png_type.to_owned()),
                    png1.clone(),
                ),
                (
                    "file2".to_owned(),
                    Some("file2.png".to_owned()),
                    Some(b.png_type.to_owned()),
                    png2.clone(),
                ),
            ];
            assert_eq!(
                files, expected_files,
                "{} files in chunks of {chunk}",
                b.name
            );
        }
    }
}

#[test]
fn windows_paths_in_filenames_keep_backslashes_as_in_werkzeug() {
    // IE sends the full client path unescaped. Werkzeug 3.1.8's `parse_options_header`
    // unescapes only `\\` and `\"` in quoted values, so the path arrives whole (checked
    // with Werkzeug: `Request.files["f"].filename == "C:\\Docs\\cv.pdf"`).
    // `secure_filename` must still be applied by the app.
    let body = b"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"C:\\Docs\\cv.pdf\"\r\n\r\nx\r\n--b--\r\n";
    let mut form = parse_chunked(body, "b", 1024, &FormOptions::default()).unwrap();
    let (_, files) = snapshot(&mut form);
    assert_eq!(files[0].1.as_deref(), Some("C:\\Docs\\cv.pdf"));
}

#[test]
fn part_headers_charsets_and_files_without_content_type() {
    let raw: Vec<u8> = [
        &b"--b\r\nContent-Disposition: form-data; name=\"file\";\r\n filename*0*=ascii''a%20b%20;\r\n filename*1*=c%20d%20;\r\n filename*2=\"e f.txt\"\r\nX-Custom-Header: blah\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nfile contents\r\n"[..],
        b"--b\r\nContent-Disposition: form-data; name=\"plain\"; filename=\"p.bin\"\r\n\r\nraw\r\n",
        b"--b\r\nContent-Disposition: form-data; name=\"latin\"\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n\xE4\r\n",
        b"--b\r\nContent-Disposition: form-data; name=\"ascii\"\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\na\xE4\r\n",
        b"--b\r\nContent-Disposition: form-data; name=\"odd\"\r\nContent-Type: text/plain; charset=utf-7\r\n\r\n\xC3\xA4\xFF\r\n",
        b"--b--\r\n",
    ]
    .concat();
    let mut form = parse_chunked(&raw, "b", 3, &FormOptions::default()).unwrap();
    let file = form.files.get_mut("file").unwrap();
    assert_eq!(file.filename(), Some("a b c d e f.txt"));
    assert_eq!(file.header("x-custom-header"), Some("blah"));
    assert_eq!(file.content_type(), Some("text/plain; charset=utf-8"));
    assert_eq!(file.mimetype(), "text/plain");
    assert_eq!(file.contents().unwrap(), "file contents");
    let plain = form.files.get("plain").unwrap();
    assert_eq!((plain.content_type(), plain.len()), (None, 3));
    for (field, expected) in [("latin", "ä"), ("ascii", "a\u{FFFD}"), ("odd", "ä\u{FFFD}")] {
        assert_eq!(
            form.fields.get(field).unwrap(),
            expected,
            "charset of field {field}"
        );
    }
}

#[test]
fn large_files_spool_to_disk_small_ones_stay_in_memory() {
    let big = png_bytes(7, 600 * 1024);
    let mut enc = Encoder::new("sp").unwrap();
    enc.file("big", "big.bin", None, &big)
        .file("small", "s.bin", None, b"tiny");
    let body = enc.finish();
    let mut form = parse_chunked(&body, "sp", 64 * 1024, &FormOptions::default()).unwrap();
    let big_file = form.files.get_mut("big").unwrap();
    assert!(
        !big_file.is_in_memory(),
        "600 KiB is above the 500 KiB spool threshold"
    );
    assert_eq!(big_file.len(), big.len() as u64);
    assert_eq!(big_file.contents().unwrap(), big);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.bin");
    assert_eq!(big_file.save(&path).unwrap(), big.len() as u64);
    assert_eq!(std::fs::read(&path).unwrap(), big);
    assert!(form.files.get("small").unwrap().is_in_memory());
}

#[test]
fn chunk_boundaries_straddling_line_breaks() {
    // Werkzeug issue 3065: CRLF pairs straddling the 64 KiB read size.
    let header = "--b\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\n";
    let read_size = 64 * 1024;
    let mut data = vec![b'x'; 2 * read_size - header.len() - 1];
    // A "\r\n" split by the first read boundary, and "y\r\n" around the middle.
    let at = read_size - header.len() - 1;
    data[at] = b'\r';
    data[at + 1] = b'\n';
    data[65_470] = b'y';
    data[65_471] = b'\r';
    data[65_472] = b'\n';
    let body = [header.as_bytes(), &data, b"\r\n--b--\r\n"].concat();
    let options = FormOptions::default().max_form_memory_size(None);
    let form = parse_chunked(&body, "b", read_size, &options).unwrap();
    let value = form.fields.get("field").unwrap().as_bytes();
    assert_eq!(value.len(), 2 * read_size - header.len() - 1);
    assert_eq!(value.last(), Some(&b'x'));
    assert_eq!(&value[65_470..65_473], b"y\r\n");
    assert_eq!(value, &data[..]);

    // A file of 65535 NULs followed by one or two CRs round-trips.
    for tail in [&b"\r"[..], b"\r\r"] {
        let content = [&vec![0u8; 65_535][..], tail].concat();
        let mut enc = Encoder::new("b").unwrap();
        enc.file("f", "nul.bin", None, &content);
        let body = enc.finish();
        let mut form = parse_chunked(&body, "b", read_size, &FormOptions::default()).unwrap();
        assert_eq!(
            form.files.get_mut("f").unwrap().contents().unwrap(),
            content
        );
    }
}

#[test]
fn malformed_forms_are_errors_or_empty_in_silent_mode() {
    let cases: [(&str, &str, &[u8]); 4] = [
        ("no boundary", "multipart/form-data", b"--foo\r\n"),
        ("premature end", "multipart/form-data; boundary=foo", b"--foo\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a\"\r\n\r\nhalf a file"),
        ("other boundary", "multipart/form-data; boundary=foo", b"--blah\r\n"),
        ("empty boundary", "multipart/form-data; boundary=\"\"", b"--\r\n"),
    ];
    for (what, content_type, body) in cases {
        let headers = form_headers(content_type);
        let err = block_on(parse_form(
            &headers,
            Body::from(body.to_vec()),
            &FormOptions::default(),
        ))
        .expect_err(what);
        assert_eq!(err.status(), 400, "{what}: {err}");
        let form = block_on(parse_form(
            &headers,
            Body::from(body.to_vec()),
            &FormOptions::default().silent(true),
        ))
        .unwrap_or_else(|e| panic!("{what} in silent mode: {e}"));
        assert!(
            form.fields.is_empty() && form.files.is_empty(),
            "{what}: silent mode gives an empty form"
        );
    }
}

#[test]
fn limits_answer_413_even_in_silent_mode() {
    let two_parts = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--b--\r\n";
    let options = FormOptions::default().max_form_parts(Some(1)).silent(true);
    let err = parse_chunked(two_parts, "b", 1024, &options).unwrap_err();
    assert!(matches!(err, FormError::TooManyParts { limit: 1 }), "{err}");
    assert_eq!(err.status(), 413);

    // max_content_length counts the bytes read, also without a Content-Length header.
    let options = FormOptions::default().max_content_length(Some(20));
    let err = parse_chunked(two_parts, "b", 8, &options).unwrap_err();
    assert!(
        matches!(err, FormError::ContentTooLarge { limit: 20 }),
        "{err}"
    );

    // A declared Content-Length above the limit is refused before reading.
    let mut headers = form_headers("multipart/form-data; boundary=b");
    headers.insert(CONTENT_LENGTH, HeaderValue::from_static("10"));
    let unreadable = Body::from_stream(futures_util::stream::iter([Err::<bytes::Bytes, _>(
        std::io::Error::other("must not be read"),
    )]));
    let err = block_on(parse_form(
        &headers,
        unreadable,
        &FormOptions::default().max_content_length(Some(4)),
    ))
    .unwrap_err();
    assert!(
        matches!(err, FormError::ContentTooLarge { limit: 4 }),
        "{err}"
    );

    let err = parse_chunked(
        two_parts,
        "b",
        1024,
        &FormOptions::default().max_part_header_size(10),
    )
    .unwrap_err();
    assert_eq!(err.status(), 413, "{err}");
}

#[test]
fn body_errors_and_unsupported_types() {
    let failing = Body::from_stream(futures_util::stream::iter([
        Ok(bytes::Bytes::from_static(b"--b\r\n")),
        Err(std::io::Error::other("connection reset")),
    ]));
    let err = block_on(parse_multipart(failing, "b", &FormOptions::default())).unwrap_err();
    assert!(matches!(err, FormError::Body(_)), "{err}");
    assert_eq!(err.status(), 400);

    for (content_type, mimetype) in [
        ("application/json", "application/json"),
        ("", ""),
        ("application/x-url-encoded", "application/x-url-encoded"),
    ] {
        let mut headers = HeaderMap::new();
        if !content_type.is_empty() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        let err = block_on(parse_form(
            &headers,
            Body::from("a=b"),
            &FormOptions::default(),
        ))
        .unwrap_err();
        assert_eq!(err.status(), 415, "{content_type}");
        assert!(
            matches!(&err, FormError::UnsupportedContentType { mimetype: m } if m == mimetype),
            "{err}"
        );
    }
}

/// GHSA-xg9f-g7g7-2323 (CVE-2023-25577): unlimited numbers of tiny parts exhausted CPU,
/// memory and open files. Now 1001 parts exceed the default of 1000.
#[test]
fn ghsa_xg9f_g7g7_2323_part_count_is_limited() {
    let mut enc = Encoder::new("b").unwrap();
    for i in 0..1001 {
        enc.file("f", &format!("{i}.txt"), None, b"x");
    }
    let body = enc.finish();
    let err = parse_chunked(&body, "b", 64 * 1024, &FormOptions::default()).unwrap_err();
    assert!(
        matches!(err, FormError::TooManyParts { limit: 1000 }),
        "{err}"
    );
    assert_eq!(err.status(), 413);

    // Exactly 1000 parts are fine.
    let mut enc = Encoder::new("b").unwrap();
    for i in 0..1000 {
        enc.field("f", &i.to_string());
    }
    let form = parse_chunked(&enc.finish(), "b", 64 * 1024, &FormOptions::default()).unwrap();
    assert_eq!(form.fields.get_all("f").len(), 1000);

    // Urlencoded bodies are not part-limited (Werkzeug 2.3.4).
    let headers = form_headers("application/x-www-form-urlencoded");
    let form = block_on(parse_form(
        &headers,
        Body::from("a=1&b=2"),
        &FormOptions::default().max_form_parts(Some(1)),
    ))
    .unwrap();
    assert_eq!(form.fields.len(), 2);
}

/// GHSA-q34m-jh98-gwm2 (CVE-2024-49767): a text field delivered in many small chunks
/// grew without bound because the limit was only checked per chunk.
#[test]
fn ghsa_q34m_jh98_gwm2_field_size_counts_every_chunk() {
    let body =
        b"--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n123456789012345\r\n--b--\r\n";
    for chunk in [5, 1, body.len()] {
        let err = parse_chunked(
            body,
            "b",
            chunk,
            &FormOptions::default().max_form_memory_size(Some(10)),
        )
        .unwrap_err();
        assert!(
            matches!(err, FormError::FormMemoryExceeded { limit: 10 }),
            "chunks of {chunk}: {err}"
        );
        assert_eq!(err.status(), 413);
    }
    // A 600 kB text field with the default limit of 500 000 bytes.
    let mut enc = Encoder::new("b").unwrap();
    enc.field("big", &"a".repeat(600_000));
    let body = enc.finish();
    let err = parse_chunked(&body, "b", 4096, &FormOptions::default()).unwrap_err();
    assert!(
        matches!(err, FormError::FormMemoryExceeded { limit: 500_000 }),
        "{err}"
    );
    // The same bytes as a file are not limited by max_form_memory_size.
    let mut enc = Encoder::new("b").unwrap();
    enc.file("big", "big.txt", None, "a".repeat(600_000).as_bytes());
    let mut form = parse_chunked(&enc.finish(), "b", 4096, &FormOptions::default()).unwrap();
    assert_eq!(
        form.files.get_mut("big").unwrap().contents().unwrap().len(),
        600_000
    );
}

/// GHSA-hrfv-mqp8-q5rw (CVE-2023-46136): file data starting with `\r` and followed by
/// megabytes without a line break made the parser rescan a growing buffer (quadratic
/// time and memory). The decoder must hold back at most a boundary's length. This is a
/// structural check (bounded buffer), not a timing; the benchmark measures speed.
#[test]
fn ghsa_hrfv_mqp8_q5rw_no_quadratic_rescan_after_leading_cr() {
    let head = b"--b\r\nContent-Disposition: form-data; name=f; filename=\"x\"\r\n\r\n";
    for lead in [&b"\r"[..], b"\n", b"\r\n"] {
        let mut decoder = MultipartDecoder::new(b"b").unwrap();
        decoder.feed(head);
        decoder.feed(lead);
        let chunk = vec![b'a'; 64 * 1024];
        let mut received = 0usize;
        let mut max_buffered = 0usize;
        let drain = |d: &mut MultipartDecoder, received: &mut usize| loop {
            match d.next_event().unwrap() {
                stellwerk_runtime::form::multipart::Event::NeedData => break,
                stellwerk_runtime::form::multipart::Event::Data { data, .. } => {
                    *received += data.len()
                }
                _ => {}
            }
        };
        for _ in 0..(20 * 1024 * 1024 / chunk.len()) {
            decoder.feed(&chunk);
            drain(&mut decoder, &mut received);
            max_buffered = max_buffered.max(decoder.buffered());
        }
        assert!(
            max_buffered <= 8,
            "buffer grew to {max_buffered} bytes after {lead:?}"
        );
        decoder.feed(b"\r\n--b--\r\n");
        decoder.finish();
        loop {
            match decoder.next_event().unwrap() {
                stellwerk_runtime::form::multipart::Event::Data { data, .. } => {
                    received += data.len()
                }
                stellwerk_runtime::form::multipart::Event::Finished => break,
                _ => {}
            }
        }
        assert_eq!(
            received,
            lead.len() + 20 * 1024 * 1024,
            "every byte arrives once"
        );
    }
}

#[test]
fn multipart_error_statuses() {
    for (err, status) in [
        (MultipartError::TooManyParts { limit: 1 }, 413),
        (MultipartError::HeadersTooLarge { limit: 1 }, 413),
        (MultipartError::EpilogueTooLarge { limit: 1 }, 413),
        (MultipartError::MissingContentDisposition, 400),
        (MultipartError::UnexpectedEnd { state: "preamble" }, 400),
        (MultipartError::InvalidBoundary, 400),
    ] {
        assert_eq!(err.status(), status, "{err}");
        assert_eq!(
            FormError::from(err.clone()).status(),
            status,
            "{err} as FormError"
        );
    }
}

/// Werkzeug 0.11.10: multipart parsing could exhaust memory. Every place where the
/// decoder must buffer (preamble, part headers, boundary padding, epilogue) is bounded:
/// an endless stream of such bytes is refused once past the limit.
#[test]
fn werkzeug_0_11_10_buffered_regions_are_bounded() {
    let limits = stellwerk_runtime::form::multipart::DecoderLimits::default();
    let head = b"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b";
    let limit = limits.max_header_size;
    let cases: [(&str, &[u8], &[u8], MultipartError); 4] = [
        (
            "preamble",
            b"",
            b"p",
            MultipartError::PreambleTooLarge { limit },
        ),
        (
            "part headers",
            b"--b\r\n",
            b"h",
            MultipartError::HeadersTooLarge { limit },
        ),
        (
            "boundary padding",
            head,
            b" ",
            MultipartError::BoundaryLineTooLong,
        ),
        (
            "epilogue",
            b"--b--\r\n",
            b"e",
            MultipartError::EpilogueTooLarge { limit },
        ),
    ];
    for (region, prefix, filler, expected) in cases {
        let mut decoder = MultipartDecoder::with_limits(b"b", limits).unwrap();
        decoder.feed(prefix);
        let chunk = filler.repeat(1024);
        let mut fed = prefix.len();
        let err = loop {
            assert!(
                fed < 64 * 1024,
                "{region}: still buffering after {fed} bytes"
            );
            decoder.feed(&chunk);
            fed += chunk.len();
            match decoder.next_event() {
                Err(err) => break err,
                Ok(_) => {
                    // Drain what is certain; only the bounded region remains.
                    while let Ok(event) = decoder.next_event() {
                        if event == stellwerk_runtime::form::multipart::Event::NeedData {
                            break;
                        }
                    }
                }
            }
        };
        assert!(
            decoder.buffered() <= 17 * 1024 + 64,
            "{region}: buffered {}",
            decoder.buffered()
        );
        assert_eq!(err, expected, "{region}");
    }
}
