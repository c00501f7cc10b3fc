//! Differential vectors: random multipart-like bodies (mixed line breaks, padding,
//! lookalike boundaries, folded and RFC 2231 headers, truncations) decoded by Werkzeug
//! 3.1.9's own `MultipartDecoder`; see `multipart_werkzeug/generate.py`. Our decoder must
//! agree on every one, fed whole and byte by byte. (During development it agreed on all
//! 12 000 generated bodies; 180 are kept here.)
#![cfg(feature = "multipart")]

mod multipart_support;

use multipart_support::{Decoded, chunks_of, decode, decode_chunks};
use stellwerk_runtime::form::multipart::DecoderLimits;

/// Preamble, parts as (name, filename, headers as `k:v\n` lines, data), epilogue.
type Outcome = (
    Vec<u8>,
    Vec<(String, Option<String>, String, Vec<u8>)>,
    Vec<u8>,
);

const VECTORS: &str = include_str!("multipart_werkzeug/vectors.txt");

fn unhex(s: &str) -> Vec<u8> {
    if s == "-" {
        return Vec::new();
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn text(s: &str) -> String {
    String::from_utf8(unhex(s)).expect("utf-8")
}

/// What Werkzeug reported: `None` for a rejected body.
fn expected(fields: &[&str]) -> Option<Outcome> {
    if fields[1] == "err" {
        return None;
    }
    let n: usize = fields[3].parse().expect("part count");
    let parts = (0..n)
        .map(|i| {
            let f = &fields[4 + i * 4..8 + i * 4];
            let filename = f[1].strip_prefix('F').map(text);
            (text(f[0]), filename, text(f[2]), unhex(f[3]))
        })
        .collect();
    Some((unhex(fields[2]), parts, unhex(fields[4 + n * 4])))
}

fn flatten(d: &Decoded) -> Outcome {
    let parts = d
        .parts
        .iter()
        .map(|p| {
            let headers = p
                .headers
                .iter()
                .map(|(k, v)| format!("{k}:{v}\n"))
                .collect();
            (p.name.clone(), p.filename.clone(), headers, p.data.clone())
        })
        .collect();
    (d.preamble.clone(), parts, d.epilogue.clone())
}

#[test]
fn decoder_agrees_with_werkzeug() {
    let mut checked = 0;
    for line in VECTORS.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let body = unhex(fields[0]);
        let want = expected(&fields);
        let whole = decode(b"bnd", &body);
        assert_eq!(
            whole.as_ref().ok().map(flatten),
            want,
            "body {:?}",
            String::from_utf8_lossy(&body)
        );
        let bytewise = decode_chunks(b"bnd", &chunks_of(&body, 1), DecoderLimits::default());
        assert_eq!(
            bytewise,
            whole,
            "byte by byte: {:?}",
            String::from_utf8_lossy(&body)
        );
        checked += 1;
    }
    assert_eq!(checked, 180);
}
