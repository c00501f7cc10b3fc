//! Multipart parsing throughput: stellwerk's sans-IO decoder against `multer` on the same
//! 10 MB bodies (64 KiB chunks), including pathological near-boundary data that made
//! Werkzeug quadratic (CVE-2023-46136). Linear time shows as flat throughput across the
//! inputs; the whole form parser (which spools files to disk) is measured separately.

use std::convert::Infallible;
use std::hint::black_box;

use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use stellwerk_runtime::body::Body;
use stellwerk_runtime::form::FormOptions;
use stellwerk_runtime::form::multipart::{Event, MultipartDecoder, parse_multipart};

const BOUNDARY: &str = "----WebKitFormBoundaryjdSFhcARk8fyGNy6";
const SIZE: usize = 10 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// One file part holding `data`, plus a small text field before it.
fn body_with_file(data: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn random_bytes(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// `size` bytes of CRLF + "--" + the boundary with the byte at `mismatch` replaced, over
/// and over: a near-match every 42 bytes. Which position hurts most depends on the bytes
/// memchr's substring search picks as rare: position 0 is the worst for stellwerk's
/// needle (`--boundary`), position 8 for multer's (`\r\n--boundary`); both stay linear.
fn near_boundary(mismatch: usize, size: usize) -> Vec<u8> {
    let mut near = format!("\r\n--{BOUNDARY}").into_bytes();
    near[4 + mismatch] = b'X';
    near.iter().copied().cycle().take(size).collect()
}

/// The inputs: name and body.
fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    // CVE-2023-46136: a leading CR and then no line break at all.
    let mut leading_cr = vec![b'a'; SIZE];
    leading_cr[0] = b'\r';
    // Line breaks everywhere: each one could start a delimiter.
    let crlf_soup: Vec<u8> = b"\r\n-\r\r\n\n--"
        .iter()
        .copied()
        .cycle()
        .take(SIZE)
        .collect();
    let mut many_parts = Vec::new();
    let mut i = 0;
    while many_parts.len() < SIZE {
        many_parts.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n{}\r\n",
                "v".repeat(900)
            )
            .as_bytes(),
        );
        i += 1;
    }
    many_parts.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    vec![
        ("random_file", body_with_file(&random_bytes(SIZE))),
        (
            "near_boundary_last",
            body_with_file(&near_boundary(BOUNDARY.len() - 1, SIZE)),
        ),
        (
            "near_boundary_first",
            body_with_file(&near_boundary(0, SIZE)),
        ),
        ("near_boundary_mid", body_with_file(&near_boundary(8, SIZE))),
        ("leading_cr", body_with_file(&leading_cr)),
        ("crlf_soup", body_with_file(&crlf_soup)),
        ("many_small_parts", many_parts),
    ]
}

/// Runs the sans-IO decoder over the body in 64 KiB chunks; returns data bytes seen.
fn stellwerk_decode(body: &[u8]) -> usize {
    let limits = stellwerk_runtime::form::multipart::DecoderLimits {
        max_parts: None,
        ..Default::default()
    };
    let mut decoder = MultipartDecoder::with_limits(BOUNDARY.as_bytes(), limits).expect("boundary");
    let mut seen = 0;
    let mut chunks = body.chunks(CHUNK);
    loop {
        match decoder.next_event().expect("valid body") {
            Event::NeedData => match chunks.next() {
                Some(chunk) => decoder.feed(chunk),
                None => decoder.finish(),
            },
            Event::Data { data, .. } => seen += data.len(),
            Event::Finished => return seen,
            _ => {}
        }
    }
}

fn chunk_stream(
    body: &Bytes,
) -> impl futures_core::Stream<Item = Result<Bytes, Infallible>> + use<> {
    let chunks: Vec<Result<Bytes, Infallible>> = (0..body.len())
        .step_by(CHUNK)
        .map(|start| Ok(body.slice(start..(start + CHUNK).min(body.len()))))
        .collect();
    futures_util::stream::iter(chunks)
}

/// multer over the same chunks; returns data bytes seen.
async fn multer_decode(body: &Bytes) -> usize {
    let mut multipart = multer::Multipart::new(chunk_stream(body), BOUNDARY);
    let mut seen = 0;
    while let Some(mut field) = multipart.next_field().await.expect("valid body") {
        while let Some(chunk) = field.chunk().await.expect("valid field") {
            seen += chunk.len();
        }
    }
    seen
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("multipart_10MB");
    group.sample_size(10);
    for (name, body) in inputs() {
        let bytes = Bytes::from(body.clone());
        // Both parsers must agree before their speed means anything.
        assert_eq!(
            stellwerk_decode(&body),
            runtime.block_on(multer_decode(&bytes)),
            "{name}"
        );
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("stellwerk_decoder", name),
            &body,
            |b, body| {
                b.iter(|| black_box(stellwerk_decode(body)));
            },
        );
        group.bench_with_input(BenchmarkId::new("multer", name), &bytes, |b, bytes| {
            b.iter(|| black_box(runtime.block_on(multer_decode(bytes))));
        });
        group.bench_with_input(
            BenchmarkId::new("stellwerk_form", name),
            &bytes,
            |b, bytes| {
                let options = FormOptions::default()
                    .max_form_parts(None)
                    .max_form_memory_size(None);
                b.iter(|| {
                    let body = Body::from_stream(chunk_stream(bytes));
                    let form = runtime
                        .block_on(parse_multipart(body, BOUNDARY, &options))
                        .expect("valid body");
                    black_box(form.fields.len() + form.files.len())
                });
            },
        );
    }
    group.finish();

    // Linear time: the worst near-boundary pattern at growing sizes takes proportionally
    // longer (constant throughput), never quadratically longer.
    let mut group = c.benchmark_group("multipart_scaling");
    group.sample_size(10);
    for mb in [1, 4, 16] {
        let body = body_with_file(&near_boundary(0, mb * 1024 * 1024));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("stellwerk_decoder_near_boundary_first", format!("{mb}MB")),
            &body,
            |b, body| {
                b.iter(|| black_box(stellwerk_decode(body)));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
