//! Helpers shared by the multipart tests: feeding chunks, collecting events, parsing
//! bodies delivered in pieces.
#![allow(dead_code)]

use std::convert::Infallible;

use bytes::Bytes;
use stellwerk_runtime::body::Body;
use stellwerk_runtime::form::multipart::{
    DecoderLimits, Event, MultipartDecoder, MultipartError, parse_multipart,
};
use stellwerk_runtime::form::{FormData, FormError, FormOptions};

/// A decoded part: name, filename, headers, all data joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedPart {
    pub name: String,
    pub filename: Option<String>,
    pub headers: Vec<(String, String)>,
    pub data: Vec<u8>,
}

/// The whole decode: preamble, parts, epilogue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    pub preamble: Vec<u8>,
    pub parts: Vec<DecodedPart>,
    pub epilogue: Vec<u8>,
}

/// Feeds `chunks` one by one to a decoder and collects everything it reports.
pub fn decode_chunks(
    boundary: &[u8],
    chunks: &[&[u8]],
    limits: DecoderLimits,
) -> Result<Decoded, MultipartError> {
    let mut decoder = MultipartDecoder::with_limits(boundary, limits)?;
    let mut out = Decoded::default();
    let mut in_part = false;
    let mut pending = chunks.iter();
    loop {
        match decoder.next_event()? {
            Event::NeedData => match pending.next() {
                Some(chunk) => decoder.feed(chunk),
                None => decoder.finish(),
            },
            Event::Preamble(data) => out.preamble = data.to_vec(),
            Event::Part(part) => {
                assert!(!in_part, "a part started before the previous one ended");
                in_part = true;
                let (name, filename, headers) = part.into_parts();
                out.parts.push(DecodedPart {
                    name,
                    filename,
                    headers,
                    data: Vec::new(),
                });
            }
            Event::Data { data, more } => {
                assert!(in_part, "data outside of a part");
                out.parts
                    .last_mut()
                    .expect("a part")
                    .data
                    .extend_from_slice(&data);
                if !more {
                    in_part = false;
                }
            }
            Event::Epilogue(data) => out.epilogue = data.to_vec(),
            Event::Finished => return Ok(out),
        }
    }
}

/// Decodes a whole body in one chunk.
pub fn decode(boundary: &[u8], body: &[u8]) -> Result<Decoded, MultipartError> {
    decode_chunks(boundary, &[body], DecoderLimits::default())
}

/// Splits `body` into chunks of `size` bytes.
pub fn chunks_of(body: &[u8], size: usize) -> Vec<&[u8]> {
    body.chunks(size.max(1)).collect()
}

/// A [`Body`] delivering `chunks` as separate frames.
pub fn chunked_body(chunks: Vec<Vec<u8>>) -> Body {
    Body::from_stream(futures_util::stream::iter(
        chunks
            .into_iter()
            .map(|c| Ok::<_, Infallible>(Bytes::from(c))),
    ))
}

/// Runs a future on a fresh current-thread runtime.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(future)
}

/// Parses a multipart body delivered in chunks of `chunk_size`.
pub fn parse_chunked(
    body: &[u8],
    boundary: &str,
    chunk_size: usize,
    options: &FormOptions,
) -> Result<FormData, FormError> {
    let chunks = body.chunks(chunk_size.max(1)).map(<[u8]>::to_vec).collect();
    block_on(parse_multipart(chunked_body(chunks), boundary, options))
}

/// Fields as pairs and files as (name, filename, content type, bytes), for comparisons.
pub type FileSnapshot = (String, Option<String>, Option<String>, Vec<u8>);

/// Flattens a parsed form for comparisons.
pub fn snapshot(form: &mut FormData) -> (Vec<(String, String)>, Vec<FileSnapshot>) {
    let fields = form
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let files = form
        .files
        .iter_mut()
        .map(|(name, file)| {
            let data = file.contents().expect("read file").to_vec();
            (
                name.clone(),
                file.filename().map(str::to_owned),
                file.content_type().map(str::to_owned),
                data,
            )
        })
        .collect();
    (fields, files)
}
