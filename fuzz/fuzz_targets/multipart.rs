//! Multipart decoding: never panics, and the result does not depend on how the input is
//! split into chunks (the first byte picks the chunk size).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stellwerk_runtime::form::multipart::{Event, MultipartDecoder, MultipartError};

type Parts = Vec<(String, Option<String>, Vec<u8>)>;

fn decode(body: &[u8], chunk: usize) -> Result<(Vec<u8>, Parts, Vec<u8>), MultipartError> {
    let mut decoder = MultipartDecoder::new(b"bnd")?;
    let (mut preamble, mut parts, mut epilogue): (Vec<u8>, Parts, Vec<u8>) = Default::default();
    let mut chunks = body.chunks(chunk.max(1));
    loop {
        match decoder.next_event()? {
            Event::NeedData => match chunks.next() {
                Some(c) => decoder.feed(c),
                None => decoder.finish(),
            },
            Event::Preamble(p) => preamble = p.to_vec(),
            Event::Part(part) => parts.push((
                part.name().to_owned(),
                part.filename().map(str::to_owned),
                Vec::new(),
            )),
            Event::Data { data, .. } => parts
                .last_mut()
                .expect("data belongs to a part")
                .2
                .extend_from_slice(&data),
            Event::Epilogue(e) => epilogue = e.to_vec(),
            Event::Finished => return Ok((preamble, parts, epilogue)),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let whole = decode(body, body.len());
    let split = decode(body, usize::from(selector % 32) + 1);
    assert_eq!(whole, split, "result depends on the chunk size");
});
