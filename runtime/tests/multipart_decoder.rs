//! The sans-IO decoder: line endings, data edge cases, chunk splits, events.
#![cfg(feature = "multipart")]

mod multipart_support;

use multipart_support::{Decoded, chunks_of, decode, decode_chunks};
use stellwerk_runtime::form::multipart::{DecoderLimits, Event, MultipartDecoder, MultipartError};

fn field(name: &str) -> String {
    format!("Content-Disposition: form-data; name=\"{name}\"")
}

/// Decodes `body` whole, byte by byte and split at every position; all must agree.
fn decode_every_split(boundary: &[u8], body: &[u8]) -> Result<Decoded, MultipartError> {
    let whole = decode(boundary, body);
    let bytewise = decode_chunks(boundary, &chunks_of(body, 1), DecoderLimits::default());
    assert_eq!(
        whole,
        bytewise,
        "byte-by-byte decode differs for {:?}",
        String::from_utf8_lossy(body)
    );
    for at in 0..=body.len() {
        let (a, b) = body.split_at(at);
        let split = decode_chunks(boundary, &[a, b], DecoderLimits::default());
        assert_eq!(
            whole,
            split,
            "split at {at} differs for {:?}",
            String::from_utf8_lossy(body)
        );
    }
    whole
}

#[test]
fn line_endings_crlf_lf_cr_parse_identically() {
    // Werkzeug test_formparser: the same two-field body joined with \n, \r or \r\n.
    for sep in ["\r\n", "\n", "\r"] {
        let lines = [
            "--foo".to_owned(),
            field("foo"),
            String::new(),
            "this is just bar".to_owned(),
            "--foo".to_owned(),
            field("bar"),
            String::new(),
            "blafasel".to_owned(),
            "--foo--".to_owned(),
        ];
        let body = lines.join(sep);
        let decoded =
            decode_every_split(b"foo", body.as_bytes()).unwrap_or_else(|e| panic!("{sep:?}: {e}"));
        let got: Vec<(&str, &[u8])> = decoded
            .parts
            .iter()
            .map(|p| (p.name.as_str(), p.data.as_slice()))
            .collect();
        assert_eq!(
            got,
            [("foo", &b"this is just bar"[..]), ("bar", b"blafasel")],
            "separator {sep:?}"
        );
    }
}

#[test]
fn leading_blank_lines_before_the_first_boundary_are_a_preamble() {
    let body = format!(
        "\r\n\r\n--foo\r\n{}\r\n\r\nvalue\r\n--foo--\r\n",
        field("a")
    );
    let decoded = decode_every_split(b"foo", body.as_bytes()).unwrap();
    assert_eq!(decoded.preamble, b"\r\n");
    assert_eq!(decoded.parts[0].data, b"value");
}

#[test]
fn data_edge_cases_are_returned_unchanged() {
    // Werkzeug tests/sansio/test_multipart.py: data starting with these bytes.
    let cases: [&[u8]; 12] = [
        b"A",
        b"\n",
        b"\r",
        b"\r\n",
        b"\n\r",
        b"",
        b"\r\r",
        b"\n\n",
        b"-foo",
        b"\r\n--fo",
        b"x--foo--",
        b"x\r\n--foox",
    ];
    for data in cases {
        for trailer in [
            "\r\n--foo--\r\n",
            "\r\n--foo--",
            "\r\n--foo\r\n".to_owned().as_str(),
        ] {
            let mut body = format!("--foo\r\n{}\r\n\r\n", field("x")).into_bytes();
            body.extend_from_slice(data);
            body.extend_from_slice(trailer.as_bytes());
            if trailer.ends_with("--foo\r\n") {
                body.extend_from_slice(format!("{}\r\n\r\nlast\r\n--foo--", field("y")).as_bytes());
            }
            let decoded = decode_every_split(b"foo", &body)
                .unwrap_or_else(|e| panic!("{data:?} {trailer:?}: {e}"));
            assert_eq!(
                decoded.parts[0].data, data,
                "data {data:?} with trailer {trailer:?}"
            );
        }
    }
}

#[test]
fn empty_part_written_werkzeug_style_shares_its_line_break() {
    // Werkzeug's encoder writes no line break before empty data, so the blank line's
    // second CRLF is also the delimiter's line break.
    let body = format!("--foo\r\n{}\r\n\r\n--foo--\r\n", field("empty"));
    let decoded = decode_every_split(b"foo", body.as_bytes()).unwrap();
    assert_eq!(decoded.parts.len(), 1);
    assert_eq!(decoded.parts[0].data, b"");
}

#[test]
fn whitespace_after_boundaries_and_first_boundary_without_line_break() {
    let body = format!(
        "--foo  \t\r\n{}\r\n\r\nv\r\n--foo-- \r\nepilogue",
        field("a")
    );
    let decoded = decode_every_split(b"foo", body.as_bytes()).unwrap();
    assert_eq!(decoded.parts[0].data, b"v");
    assert_eq!(decoded.epilogue, b"epilogue");
}

#[test]
fn lookalike_boundaries_inside_data_are_data() {
    let data = "--long text\r\n--with boundary\r\n--lookalikes--\r\n--fooX\r\n--foo-x";
    let body = format!("--foo\r\n{}\r\n\r\n{data}\r\n--foo--\r\n", field("t"));
    let decoded = decode_every_split(b"foo", body.as_bytes()).unwrap();
    assert_eq!(decoded.parts[0].data, data.as_bytes());
}

#[test]
fn folded_headers_are_joined() {
    let body = "--foo\r\nContent-Disposition: form-data;\r\n name=\"folded\";\r\n\tfilename=\"a.txt\"\r\nX-Custom:  yes \r\n\r\nv\r\n--foo--";
    let decoded = decode_every_split(b"foo", body.as_bytes()).unwrap();
    let part = &decoded.parts[0];
    assert_eq!(part.name, "folded");
    assert_eq!(part.filename.as_deref(), Some("a.txt"));
    assert_eq!(part.headers[1], ("X-Custom".to_owned(), "yes".to_owned()));
}

#[test]
fn malformed_bodies_are_errors() {
    let cases: [(&str, &[u8], MultipartError); 6] = [
        (
            "no closing boundary",
            b"--foo\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue",
            MultipartError::UnexpectedEnd { state: "part data" },
        ),
        (
            "other boundary",
            b"--blah\r\n",
            MultipartError::UnexpectedEnd { state: "preamble" },
        ),
        (
            "empty body",
            b"",
            MultipartError::UnexpectedEnd { state: "preamble" },
        ),
        (
            "no content disposition",
            b"--foo\r\nX-A: b\r\n\r\nv\r\n--foo--",
            MultipartError::MissingContentDisposition,
        ),
        (
            "headers never end",
            b"--foo\r\nContent-Disposition: form-data",
            MultipartError::UnexpectedEnd {
                state: "part headers",
            },
        ),
        (
            "header not utf-8",
            b"--foo\r\nContent-Disposition: form-data; name=\xff\r\n\r\nv\r\n--foo--",
            MultipartError::InvalidHeader,
        ),
    ];
    for (what, body, expected) in cases {
        assert_eq!(decode(b"foo", body), Err(expected.clone()), "{what}");
        assert_eq!(
            decode_chunks(b"foo", &chunks_of(body, 1), DecoderLimits::default()),
            Err(expected),
            "{what}, fed byte by byte"
        );
    }
}

#[test]
fn invalid_boundaries_are_refused() {
    for boundary in [&b""[..], b"a\r\nb", &[b'x'; 201]] {
        assert_eq!(
            MultipartDecoder::new(boundary).err(),
            Some(MultipartError::InvalidBoundary),
            "{boundary:?}"
        );
    }
    assert!(MultipartDecoder::new(&[b'x'; 200]).is_ok());
}

#[test]
fn limits_on_parts_headers_preamble_and_epilogue() {
    let two = format!(
        "--foo\r\n{}\r\n\r\na\r\n--foo\r\n{}\r\n\r\nb\r\n--foo--",
        field("a"),
        field("b")
    );
    let limits = DecoderLimits {
        max_parts: Some(1),
        ..DecoderLimits::default()
    };
    assert_eq!(
        decode_chunks(b"foo", &[two.as_bytes()], limits),
        Err(MultipartError::TooManyParts { limit: 1 })
    );

    let long_header = format!(
        "--foo\r\n{}\r\nX-Long: {}\r\n\r\nv\r\n--foo--",
        field("a"),
        "y".repeat(100)
    );
    let limits = DecoderLimits {
        max_header_size: 64,
        ..DecoderLimits::default()
    };
    assert_eq!(
        decode_chunks(b"foo", &[long_header.as_bytes()], limits),
        Err(MultipartError::HeadersTooLarge { limit: 64 })
    );
    // Also when the blank line never comes.
    let endless = format!("--foo\r\n{}", "y".repeat(100));
    assert_eq!(
        decode_chunks(b"foo", &[endless.as_bytes()], limits),
        Err(MultipartError::HeadersTooLarge { limit: 64 })
    );

    let limits = DecoderLimits {
        max_preamble_size: 10,
        ..DecoderLimits::default()
    };
    let preamble = format!("{}\r\n--foo--", "p".repeat(50));
    assert_eq!(
        decode_chunks(b"foo", &[preamble.as_bytes()], limits),
        Err(MultipartError::PreambleTooLarge { limit: 10 })
    );
    let epilogue = format!("--foo--\r\n{}", "e".repeat(50));
    assert_eq!(
        decode_chunks(b"foo", &[epilogue.as_bytes()], limits),
        Err(MultipartError::EpilogueTooLarge { limit: 10 })
    );

    let padded = format!(
        "--foo\r\n{}\r\n\r\nv\r\n--foo{}\r\n",
        field("a"),
        " ".repeat(2000)
    );
    assert_eq!(
        decode(b"foo", padded.as_bytes()),
        Err(MultipartError::BoundaryLineTooLong)
    );
}

#[test]
fn events_arrive_as_soon_as_they_are_certain() {
    // After Werkzeug's tests/sansio/test_multipart.py: feed small pieces, check events.
    let mut d = MultipartDecoder::new(b"foo").unwrap();
    assert_eq!(d.next_event(), Ok(Event::NeedData));
    d.feed(b"--");
    assert_eq!(d.next_event(), Ok(Event::NeedData));
    d.feed(b"foo\r\nContent-Disposition: form-data;");
    let Ok(Event::Preamble(p)) = d.next_event() else {
        panic!("preamble expected")
    };
    assert!(p.is_empty());
    assert_eq!(d.next_event(), Ok(Event::NeedData));
    d.feed(b" name=\"fname\"\r\n\r\nhello");
    let Ok(Event::Part(part)) = d.next_event() else {
        panic!("part expected")
    };
    assert_eq!((part.name(), part.is_file()), ("fname", false));
    assert_eq!(
        d.next_event(),
        Ok(Event::Data {
            data: "hello".into(),
            more: true
        })
    );
    assert_eq!(d.next_event(), Ok(Event::NeedData));
    d.feed(b" world\r\n--f");
    // The "\r\n--f" could start the delimiter, so it is held back.
    assert_eq!(
        d.next_event(),
        Ok(Event::Data {
            data: " world".into(),
            more: true
        })
    );
    assert_eq!(d.next_event(), Ok(Event::NeedData));
    d.feed(b"oo--\r\nbye");
    assert_eq!(
        d.next_event(),
        Ok(Event::Data {
            data: "".into(),
            more: false
        })
    );
    assert_eq!(d.next_event(), Ok(Event::NeedData));
    d.finish();
    assert_eq!(d.next_event(), Ok(Event::Epilogue("bye".into())));
    assert_eq!(d.next_event(), Ok(Event::Finished));
    assert_eq!(d.next_event(), Ok(Event::Finished));
    assert_eq!(d.parts_seen(), 1);
}

#[test]
fn errors_are_sticky() {
    let mut d = MultipartDecoder::new(b"foo").unwrap();
    d.feed(b"--foo\r\nX: y\r\n\r\n");
    let _ = d.next_event();
    let err = d.next_event();
    assert_eq!(err, Err(MultipartError::MissingContentDisposition));
    assert_eq!(d.next_event(), err);
}

#[test]
fn rfc2231_and_utf8_filenames() {
    let cases: [(&str, &str); 9] = [
        ("filename*=UTF-8''%E2%82%AC%20rates.txt", "€ rates.txt"),
        ("filename=\"\u{e4}pfel.txt\"", "äpfel.txt"),
        ("filename=\"a%22b.txt\"", "a\"b.txt"),
        ("filename=\"a\\\"b.txt\"", "a\"b.txt"),
        ("filename*=BAD''%62", "%62"),
        ("filename*=US-ASCII''%C2%B5", "\u{fffd}\u{fffd}"),
        ("filename*=iso-8859-1''%E4.txt", "ä.txt"),
        (
            "filename*0*=ascii''a%20b%20;\r\n filename*1*=c%20d%20;\r\n filename*2=\"e f.txt\"",
            "a b c d e f.txt",
        ),
        ("filename=\"plain\"; filename*=utf-8''%C3%BC", "ü"),
    ];
    for (param, expected) in cases {
        let body = format!(
            "--foo\r\nContent-Disposition: form-data; name=\"f\"; {param}\r\n\r\nx\r\n--foo--"
        );
        let decoded = decode(b"foo", body.as_bytes()).unwrap();
        assert_eq!(
            decoded.parts[0].filename.as_deref(),
            Some(expected),
            "{param}"
        );
    }
}

/// Werkzeug 2.3.0 / 2.3.5 hardening: only ascii, us-ascii, utf-8 and iso-8859-1 are
/// accepted as RFC 2231 charsets; any other leaves the value percent-encoded.
#[test]
fn hardening_2_3_5_rfc2231_only_safe_charsets() {
    for (charset, expected) in [
        ("utf-8", "b"),
        ("UTF-8", "b"),
        ("us-ascii", "b"),
        ("ascii", "b"),
        ("iso-8859-1", "b"),
        ("BAD", "%62"),
        ("utf-7", "%62"),
        ("cp1252", "%62"),
        ("", "%62"),
    ] {
        let body = format!(
            "--foo\r\nContent-Disposition: form-data; name=\"f\"; filename*={charset}''%62\r\n\r\nx\r\n--foo--"
        );
        let decoded = decode(b"foo", body.as_bytes()).unwrap();
        assert_eq!(
            decoded.parts[0].filename.as_deref(),
            Some(expected),
            "charset {charset:?}"
        );
    }
}
