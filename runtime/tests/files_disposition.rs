//! `Content-Disposition` of sent files reads back as the download name (RFC 2231 for
//! non-ASCII names), whatever the name.
#![cfg(feature = "web")]

use proptest::prelude::*;
use stellwerk_runtime::files::content_disposition;
use stellwerk_runtime::headers::parse_options_header;

proptest! {
    #[test]
    fn disposition_round_trip(name in "[^%\u{0}-\u{1f}\u{7f}]{1,30}", attachment in any::<bool>()) {
        let header = content_disposition(&name, attachment);
        let (kind, params) = parse_options_header(&header);
        prop_assert_eq!(kind, if attachment { "attachment" } else { "inline" });
        let filename = params.iter().find(|(k, _)| k == "filename").map(|(_, v)| v.clone());
        prop_assert_eq!(filename, Some(name.clone()));
        if !name.is_ascii() {
            prop_assert!(header.contains("filename*=UTF-8''"), "{}", header);
        }
        prop_assert!(http::HeaderValue::from_str(&header).is_ok(), "{}", header);
    }
}

#[test]
fn disposition_table() {
    for (name, expected) in [
        ("a.txt", "inline; filename=a.txt"),
        ("a b.txt", "inline; filename=\"a b.txt\""),
        ("a\"b.txt", "inline; filename=\"a\\\"b.txt\""),
        (
            "日本.txt",
            "inline; filename=.txt; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt",
        ),
        (
            "Ñandú／pingüino.txt",
            "inline; filename=\"Nandu/pinguino.txt\"; filename*=UTF-8''%C3%91and%C3%BA%EF%BC%8Fping%C3%BCino.txt",
        ),
    ] {
        assert_eq!(content_disposition(name, false), expected, "{name}");
    }
}

/// Found by the property test: an RFC 2231 value that decodes to text in double quotes
/// keeps its quotes (Werkzeug's parser strips them after decoding).
#[test]
fn quoted_non_ascii_names_round_trip() {
    for name in ["\"¡\"", "\"ü.txt\"", "\"\""] {
        let header = content_disposition(name, true);
        let (_, params) = parse_options_header(&header);
        let filename = params
            .iter()
            .find(|(k, _)| k == "filename")
            .map(|(_, v)| v.as_str());
        assert_eq!(filename, Some(name), "{header}");
    }
}
