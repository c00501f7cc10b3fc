//! Query/urlencoded parsing: never panics, and decoding is stable under re-encoding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stellwerk_runtime::form::{parse_query, url_encode};

fuzz_target!(|data: &[u8]| {
    let parsed = parse_query(data);
    let reparsed = parse_query(url_encode(&parsed).as_bytes());
    assert_eq!(parsed, reparsed, "parse(encode(parse(x))) != parse(x)");
});
