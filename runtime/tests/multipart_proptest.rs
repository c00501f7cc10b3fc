//! Property tests: the multipart decoder and form parser never panic, give the same
//! result however the input is split, and parse what the encoder writes back exactly.
#![cfg(feature = "multipart")]

mod multipart_support;

use multipart_support::{decode_chunks, parse_chunked, snapshot};
use proptest::prelude::*;
use stellwerk_runtime::datastructures::{FileStorage, MultiDict};
use stellwerk_runtime::form::FormOptions;
use stellwerk_runtime::form::multipart::{DecoderLimits, Encoder, encode_multipart};

/// Splits `body` at the given (sorted, deduplicated) positions.
fn split_at_points(body: &[u8], points: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = points.iter().map(|p| p % (body.len() + 1)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut chunks = Vec::new();
    let mut last = 0;
    for cut in cuts {
        chunks.push(body[last..cut].to_vec());
        last = cut;
    }
    chunks.push(body[last..].to_vec());
    chunks
}

/// Bodies assembled from the pieces that matter to a multipart parser, so random
/// inputs reach deep states (boundaries, headers, line breaks, lookalikes).
fn multipart_ish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b"--bnd".to_vec()),
        Just(b"--bnd--".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"-".to_vec()),
        Just(b" ".to_vec()),
        Just(b"Content-Disposition: form-data; name=\"a\"".to_vec()),
        Just(b"Content-Disposition: form-data; name=f; filename*=utf-8''%C3%A4".to_vec()),
        Just(b"Content-Type: text/plain; charset=iso-8859-1".to_vec()),
        Just(b"\r\n\r\n".to_vec()),
        Just(b"--bn".to_vec()),
        prop::collection::vec(any::<u8>(), 0..8),
    ];
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

/// Well-formed-looking bodies with mixed line breaks, padding, lookalike data and
/// sometimes a truncated end, so the split-independence property covers real parts.
fn multipart_structured() -> impl Strategy<Value = Vec<u8>> {
    let lb = || prop::sample::select(vec![&b"\r\n"[..], b"\n", b"\r"]);
    let data_token = prop_oneof![
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"-".to_vec()),
        Just(b"--bnd".to_vec()),
        Just(b"--bn".to_vec()),
        Just(b"--bndx".to_vec()),
        Just(b"--bnd-".to_vec()),
        Just(b" ".to_vec()),
        prop::collection::vec(any::<u8>(), 0..6),
    ];
    let header = prop::sample::select(vec![
        &b"Content-Disposition: form-data; name=\"a\""[..],
        b"Content-Disposition: form-data; name=f; filename=\"x.bin\"",
        b"X-Other: 1",
        b"Content-Type: text/plain",
    ]);
    let part = (
        prop::sample::select(vec![&b""[..], b" ", b"\t "]),
        lb(),
        prop::collection::vec(header, 0..3),
        lb(),
        prop::collection::vec(data_token, 0..12),
        lb(),
    )
        .prop_map(|(pad, lb1, headers, lb2, data, lb3)| {
            let mut out = b"--bnd".to_vec();
            out.extend_from_slice(pad);
            out.extend_from_slice(lb1);
            for h in headers {
                out.extend_from_slice(h);
                out.extend_from_slice(lb2);
            }
            out.extend_from_slice(lb2);
            out.extend_from_slice(&data.concat());
            out.extend_from_slice(lb3);
            out
        });
    (
        prop::collection::vec(any::<u8>(), 0..4),
        prop::collection::vec(part, 0..4),
        prop::sample::select(vec![
            &b"--bnd--"[..],
            b"--bnd-- \r\nepi",
            b"--bnd--\n",
            b"--bn",
        ]),
        any::<Option<prop::sample::Index>>(),
    )
        .prop_map(|(preamble, parts, close, cut)| {
            let mut body = preamble;
            body.extend_from_slice(&parts.concat());
            body.extend_from_slice(close);
            if let Some(cut) = cut {
                body.truncate(cut.index(body.len() + 1));
            }
            body
        })
}

/// Field names and values with the characters that need escaping in part headers.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _.-]{0,12}",
        "[\"\\\\%;=:/ äöü€\u{1F600}a-z]{0,12}",
        Just("%22".to_owned()),
        Just("a\r\nb\tc".to_owned()),
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

/// File contents rich in line breaks and dashes.
fn content() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        prop::collection::vec(
            prop::sample::select(vec![b'\r', b'\n', b'-', b'x', b' ']),
            0..300
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decoder_never_panics_on_arbitrary_bytes(body in prop::collection::vec(any::<u8>(), 0..600), points in prop::collection::vec(any::<usize>(), 0..6)) {
        let chunks = split_at_points(&body, &points);
        let chunks: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
        let _ = decode_chunks(b"bnd", &chunks, DecoderLimits::default());
    }

    #[test]
    fn form_parser_never_panics_on_arbitrary_bytes(body in prop::collection::vec(any::<u8>(), 0..600), chunk in 1usize..64) {
        let _ = parse_chunked(&body, "bnd", chunk, &FormOptions::default());
    }

    #[test]
    fn decoding_does_not_depend_on_the_split(body in multipart_ish(), points in prop::collection::vec(any::<usize>(), 1..6)) {
        let whole = decode_chunks(b"bnd", &[&body], DecoderLimits::default());
        let chunks = split_at_points(&body, &points);
        let chunks: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
        let split = decode_chunks(b"bnd", &chunks, DecoderLimits::default());
        prop_assert_eq!(&whole, &split, "body {:?}", String::from_utf8_lossy(&body));
        let bytewise: Vec<&[u8]> = body.chunks(1).collect();
        prop_assert_eq!(whole, decode_chunks(b"bnd", &bytewise, DecoderLimits::default()));
    }

    #[test]
    fn decoding_structured_bodies_does_not_depend_on_the_split(body in multipart_structured(), points in prop::collection::vec(any::<usize>(), 1..6)) {
        let whole = decode_chunks(b"bnd", &[&body], DecoderLimits::default());
        let chunks = split_at_points(&body, &points);
        let chunks: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
        prop_assert_eq!(&whole, &decode_chunks(b"bnd", &chunks, DecoderLimits::default()), "body {:?}", String::from_utf8_lossy(&body));
        let bytewise: Vec<&[u8]> = body.chunks(1).collect();
        prop_assert_eq!(whole, decode_chunks(b"bnd", &bytewise, DecoderLimits::default()), "byte by byte: {:?}", String::from_utf8_lossy(&body));
    }

    #[test]
    fn encode_then_parse_round_trips_for_every_split(
        fields in prop::collection::vec((text(), text()), 0..5),
        files in prop::collection::vec((text(), text(), content()), 0..4),
        points in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let fields: MultiDict<String, String> = fields.into_iter().collect();
        let mut file_md: MultiDict<String, FileStorage> = MultiDict::new();
        for (name, filename, data) in &files {
            file_md.append(name.clone(), FileStorage::from_bytes(name.clone(), filename.clone(), data.clone()).with_content_type("application/octet-stream"));
        }
        let (boundary, body) = encode_multipart(&fields, &mut file_md).unwrap();
        let chunks = split_at_points(&body, &points);
        let options = FormOptions::default();
        let whole = parse_chunked(&body, &boundary, body.len().max(1), &options);
        let mut whole = whole.map_err(|e| e.to_string()).unwrap();
        let stream = multipart_support::block_on(stellwerk_runtime::form::multipart::parse_multipart(multipart_support::chunked_body(chunks), &boundary, &options));
        let mut split = stream.map_err(|e| e.to_string()).unwrap();
        let (got_fields, got_files) = snapshot(&mut whole);
        prop_assert_eq!(snapshot(&mut split), (got_fields.clone(), got_files.clone()));
        let want_fields: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        prop_assert_eq!(got_fields, want_fields);
        let want_files: Vec<_> = file_md.iter().map(|(k, f)| (k.clone(), f.filename().map(str::to_owned), Some("application/octet-stream".to_owned()))).collect();
        let got_meta: Vec<_> = got_files.iter().map(|(k, n, ct, _)| (k.clone(), n.clone(), ct.clone())).collect();
        prop_assert_eq!(got_meta, want_files);
        // Contents, grouped by field name like the MultiDict.
        let mut want_data: MultiDict<String, Vec<u8>> = MultiDict::new();
        for (name, _, data) in files { want_data.append(name, data); }
        let want_data: Vec<Vec<u8>> = want_data.iter().map(|(_, d)| d.clone()).collect();
        let got_data: Vec<Vec<u8>> = got_files.into_iter().map(|(_, _, _, d)| d).collect();
        prop_assert_eq!(got_data, want_data);
    }

    #[test]
    fn encoder_output_decodes_to_the_same_parts_and_reencodes_identically(parts in prop::collection::vec((text(), prop::option::of(text()), content()), 0..5), size in 1usize..50) {
        let mut enc = Encoder::new("x7Qz").unwrap();
        let headers = [("Content-Type".to_owned(), "text/plain; charset=utf-8".to_owned()), ("X-Extra".to_owned(), "1".to_owned())];
        for (i, (name, filename, data)) in parts.iter().enumerate() {
            enc.part(name, filename.as_deref(), &headers[..i % 3], data);
        }
        let body = enc.finish();
        // Random contents may contain the fixed boundary; skip those rare cases.
        prop_assume!(!parts.iter().any(|(_, _, d)| d.windows(6).any(|w| w == b"--x7Qz")));
        let decoded = decode_chunks(b"x7Qz", &body.chunks(size).collect::<Vec<_>>(), DecoderLimits::default()).unwrap();
        // Decoding then re-encoding the events reproduces the body byte for byte.
        let mut again = Encoder::new("x7Qz").unwrap();
        for p in &decoded.parts {
            again.part(&p.name, p.filename.as_deref(), &p.headers, &p.data);
        }
        prop_assert_eq!(again.finish(), body);
        let got: Vec<_> = decoded.parts.into_iter().map(|p| (p.name, p.filename, p.data)).collect();
        prop_assert_eq!(got, parts);
    }
}
