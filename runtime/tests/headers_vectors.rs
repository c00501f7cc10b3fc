//! Werkzeug's header vectors (reference §18.1, items 1–17 and 48–50) as tables.
#![cfg(feature = "web")]

use std::time::{Duration, UNIX_EPOCH};

use http::HeaderMap;
use stellwerk_runtime::headers::*;

fn s(v: &str) -> String {
    v.to_owned()
}

#[test]
fn accept_plain() {
    let a = EncodingAccept::parse("en-us,ru;q=0.5");
    assert_eq!(a.values().collect::<Vec<_>>(), ["en-us", "ru"]);
    assert_eq!(a.best(), Some("en-us"));
    assert_eq!(a.find("ru"), Some(1));
    assert_eq!(a.find("de"), None);
    assert_eq!(a.to_header(), "en-us,ru;q=0.5");
}

#[test]
fn accept_mime_best_match() {
    let a = MimeAccept::parse(
        "text/xml,application/xml,application/xhtml+xml,text/html;q=0.9,text/plain;q=0.8,image/png",
    );
    for (offers, expected) in [
        (
            vec!["text/html", "application/xhtml+xml"],
            Some("application/xhtml+xml"),
        ),
        (vec!["foo/bar"], None),
        (vec!["application/xml", "text/xml"], Some("application/xml")),
    ] {
        assert_eq!(a.best_match(offers.clone()), expected, "offers {offers:?}");
    }
}

#[test]
fn accept_mime_specificity_and_params() {
    let a = MimeAccept::parse("text/*, text/html, text/html;level=1, */*");
    for (offers, expected) in [
        (vec!["text/html; version=1", "text/html"], "text/html"),
        (
            vec!["text/html", "text/html; level=1"],
            "text/html; level=1",
        ),
    ] {
        assert_eq!(
            a.best_match(offers.clone()),
            Some(expected),
            "offers {offers:?}"
        );
    }
    let b = MimeAccept::parse("text/html, */*;q=0.5");
    assert_eq!(b.quality("foo/bar"), 0.5);
    assert!(
        b.try_quality("missing").is_err(),
        "a media type without / is an error"
    );
}

#[test]
fn accept_mime_flags() {
    for (header, html, xhtml, json) in [
        ("text/html", true, false, false),
        ("application/xml", true, true, false),
        ("application/json", false, false, true),
        ("*/*", true, true, true),
        ("", false, false, false),
    ] {
        let a = MimeAccept::parse(header);
        assert_eq!(
            (a.accept_html(), a.accept_xhtml(), a.accept_json()),
            (html, xhtml, json),
            "header {header:?}"
        );
    }
}

#[test]
fn accept_language() {
    let a = LanguageAccept::parse("de-AT,de;q=0.8,en;q=0.5");
    assert_eq!(a.best(), Some("de-AT"));
    assert!(a.contains("de_AT"));
    assert_eq!(a.quality("de-at"), 1.0);
    for (client, server, expected) in [
        ("en-us", vec!["en"], Some("en")),
        ("en", vec!["en_US"], Some("en_US")),
        ("en-GB", vec!["en-US"], None),
        ("de-AT,de;q=0.8", vec!["fr", "de"], Some("de")),
        ("*", vec!["fr"], Some("fr")),
    ] {
        assert_eq!(
            LanguageAccept::parse(client).best_match(server.clone()),
            expected,
            "client {client:?} server {server:?}"
        );
    }
}

#[test]
fn accept_quality_sorting_and_zero() {
    let a = EncodingAccept::new([
        ("tinker", 0.0),
        ("tailor", 0.333),
        ("soldier", 0.667),
        ("sailor", 1.0),
    ]);
    assert_eq!(
        a.to_header(),
        "sailor,soldier;q=0.667,tailor;q=0.333,tinker;q=0"
    );
    assert_eq!(a.best_match(["tinker"]), None, "q=0 never matches");
    let star = EncodingAccept::new([("*", 0.0), ("asterisk", 1.0)]);
    assert_eq!(star.best_match(["star"]), None);
    let tie = EncodingAccept::parse("a;q=0.5, b;q=0.5");
    assert_eq!(
        tie.best_match(["b", "a"]),
        Some("b"),
        "equal quality keeps server order"
    );
}

#[test]
fn accept_invalid_q_dropped() {
    for (header, expected) in [
        ("a;q=.5, b", vec!["b"]),
        ("a;q=+0.5, b", vec!["b"]),
        ("a;q=0.5_1, b", vec!["b"]),
        ("a;q=2, b", vec!["b"]),
        ("a;q=-1, b", vec!["b"]),
        ("a;q=0.5, b", vec!["b", "a"]),
    ] {
        assert_eq!(
            EncodingAccept::parse(header).values().collect::<Vec<_>>(),
            expected,
            "header {header:?}"
        );
    }
}

#[test]
fn list_header() {
    for (input, expected) in [
        ("a b, \"c, d\"", vec!["a b", "c, d"]),
        ("\"a\\\"b\", c", vec!["a\"b", "c"]),
        ("a\"b,c\", \"d e\"", vec!["a\"b,c\"", "d e"]),
        ("a, ,,b,", vec!["a", "b"]),
        ("a, \"b, c\", \"d, e", vec![]),
    ] {
        assert_eq!(parse_list_header(input), expected, "input {input:?}");
    }
}

#[test]
fn dict_header() {
    for (input, expected) in [
        (
            "foo=\"bar baz\", blah=42",
            vec![(s("foo"), Some(s("bar baz"))), (s("blah"), Some(s("42")))],
        ),
        ("foo, bar=", vec![(s("foo"), None), (s("bar"), Some(s("")))]),
        ("=foo, =", vec![]),
        ("foo=\"bar", vec![]),
        ("a*=UTF-8''%C2%B5", vec![(s("a"), Some(s("µ")))]),
        ("a*=BAD''%62", vec![(s("a"), Some(s("%62")))]),
    ] {
        assert_eq!(parse_dict_header(input), expected, "input {input:?}");
    }
}

#[test]
fn options_header() {
    let p = |v: &str| parse_options_header(v);
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (s(a), s(b))).collect()
    };
    for (input, value, params) in [
        (
            "v;a=\"b\\\"c\";d=e",
            "v",
            pairs(&[("a", "b\"c"), ("d", "e")]),
        ),
        ("v;a=\"b%22c\"", "v", pairs(&[("a", "b\"c")])),
        ("v;a*=UTF-8''%C2%B5", "v", pairs(&[("a", "µ")])),
        (
            "v;a*=US-ASCII''%C2%B5",
            "v",
            pairs(&[("a", "\u{FFFD}\u{FFFD}")]),
        ),
        ("v;a*=BAD''%62", "v", pairs(&[("a", "%62")])),
        ("v;a*0=b;a*1=c;d=e", "v", pairs(&[("a", "bc"), ("d", "e")])),
        ("v;a=µ", "v", vec![]),
        ("v;a", "v", vec![]),
        ("v;a=", "v", vec![]),
        ("v;=b", "v", vec![]),
        ("v;a=\"c:\\\"", "v", vec![]),
        (
            "something; fileName=\"File.ext\"",
            "something",
            pairs(&[("filename", "File.ext")]),
        ),
        (" , ", ",", vec![]),
        ("", "", vec![]),
        (
            "form-data; name=\"f\"; filename*=UTF-8''a%20b.txt",
            "form-data",
            pairs(&[("name", "f"), ("filename", "a b.txt")]),
        ),
    ] {
        assert_eq!(p(input), (s(value), params), "input {input:?}");
    }
}

#[test]
fn options_header_unterminated_quote_is_linear() {
    let input = format!("v;a=\"{}", "\\".repeat(400));
    assert_eq!(parse_options_header(&input), (s("v"), vec![]));
    // Many quoted values separated by `;`, each scanned for its closing quote, used to
    // cost quadratic time; quotes pair up as `"x;a="`, as in Werkzeug.
    let big = format!("v{}", ";a=\"x".repeat(100_000));
    let start = std::time::Instant::now();
    let (v, params) = parse_options_header(&big);
    assert_eq!((v.as_str(), params), ("v", vec![(s("a"), s("x;a="))]));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn dump_options_and_headers() {
    for (value, opts, expected) in [
        (
            "attachment",
            vec![("filename", Some("foo"))],
            "attachment; filename=foo",
        ),
        ("y", vec![("z", Some("\""))], "y; z=\"\\\"\""),
        (
            "a",
            vec![("b", None), ("c*", Some("UTF-8''%C2%B5"))],
            "a; c*=UTF-8''%C2%B5",
        ),
    ] {
        assert_eq!(
            dump_options_header(Some(value), opts.clone()),
            expected,
            "{value} {opts:?}"
        );
    }
    assert_eq!(dump_header(["foo", "bar baz"]), "foo, \"bar baz\"");
}

#[test]
fn cache_control_request_and_response() {
    let cc = RequestCacheControl::parse("max-age=0, no-cache");
    assert_eq!(cc.max_age(), Some(0));
    assert!(cc.no_cache());
    let rc = ResponseCacheControl::parse("private, community=\"UCI\"");
    assert_eq!(rc.private(), Some(DirectiveValue::Bare));
    assert_eq!(rc.get("community"), Some(Some("UCI")));

    let mut r = ResponseCacheControl::default();
    r.set_no_cache(Some(DirectiveValue::Bare));
    r.set_private(Some(DirectiveValue::Bare));
    r.set_private(None);
    r.set_max_age(Some(3));
    assert_eq!(r.get("max-age"), Some(Some("3")));
    r.set_max_age(None);
    r.set_s_maxage(Some(3));
    assert_eq!(r.s_maxage(), Some(3));
    r.set_s_maxage(None);
    assert_eq!(r.to_header(), "no-cache");
}

#[test]
fn cache_control_getters() {
    let req = RequestCacheControl::parse("no-transform, min-fresh, max-stale");
    assert!(req.no_transform());
    assert_eq!(req.min_fresh(), None, "min-fresh without a value");
    assert_eq!(req.max_stale(), Some(DirectiveValue::Bare));
    let resp = ResponseCacheControl::parse("must-understand, stale-while-revalidate=1, max-age=+1");
    assert!(resp.must_understand());
    assert_eq!(resp.stale_while_revalidate(), Some(1));
    assert_eq!(resp.max_age(), None, "only ASCII digits");
    let mut none = ResponseCacheControl::default();
    none.set_no_cache(None);
    assert_eq!(none.no_cache(), None);
}

#[test]
fn authorization_vectors() {
    let a = Authorization::parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==").unwrap();
    assert_eq!(
        (a.username(), a.password()),
        (Some("Aladdin"), Some("open sesame"))
    );
    assert_eq!(a.to_header(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    for (user, pass) in [("русский", "пароль"), ("中文", "密码")] {
        let header = Authorization::basic(user, pass).to_header();
        let back = Authorization::parse(&header).unwrap();
        assert_eq!(
            (back.username(), back.password()),
            (Some(user), Some(pass)),
            "{user}"
        );
    }
    for bad in ["Basic foo", "Basic 8A==", ""] {
        assert_eq!(Authorization::parse(bad), None, "{bad:?}");
    }
    let d = Authorization::parse("Digest foo, bar=, =qux, =").unwrap();
    assert_eq!(d.to_header(), "Digest foo, bar=\"\"");
    for token in ["Token abc=", "Token abc=="] {
        let t = Authorization::parse(token).unwrap();
        assert_eq!(t.token(), Some(&token[6..]), "{token}");
    }
    let digest = "Digest username=Mufasa, realm=\"testrealm@host.invalid\", nonce=dcd98b7102dd2f0e8b11d0f600bfb0c093, uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=0a4f113b, response=6629fae49393a05397450978507c4ef1, opaque=5ccc069c403ebaf9f0171e9517f40e41";
    let parsed = Authorization::parse(digest).unwrap();
    assert_eq!(parsed.username(), Some("Mufasa"));
    assert_eq!(parsed.to_header(), digest);
}

#[test]
fn www_authenticate_vectors() {
    let w = WwwAuthenticate::parse("Basic realm=\"WallyWorld\"").unwrap();
    assert_eq!(w.realm(), Some("WallyWorld"));
    let mut b = WwwAuthenticate::new("basic");
    b.set("realm", Some("Foo Bar"));
    assert_eq!(b.to_header(), "Basic realm=\"Foo Bar\"");
    assert_eq!(WwwAuthenticate::new("bearer").to_header(), "Bearer");
    assert_eq!(WwwAuthenticate::parse(""), None);
    let mut d = WwwAuthenticate::new("digest");
    d.set("realm", Some("r"))
        .set("qop", Some("auth"))
        .set("algorithm", Some("MD5"));
    assert_eq!(
        d.to_header(),
        "Digest realm=\"r\", qop=\"auth\", algorithm=MD5"
    );
}

#[test]
fn etags_vectors() {
    let e = ETags::parse("\"foo\", \"bar\", W/\"baz\", blar");
    let mut strong = e.strong().to_vec();
    strong.sort();
    assert_eq!(strong, ["bar", "blar", "foo"]);
    assert!(e.contains("foo") && !e.contains("baz") && e.contains_weak("baz"));
    assert!(e.contains_raw("W/\"baz\""));
    assert!(e.is_weak("baz"));
    assert!(!ETags::parse("W/\"foo\"").is_empty());
    assert!(ETags::parse("*").contains("anything"));
    // Whitespace only counts around a comma: `"a" ` is an unquoted tag, as in Werkzeug.
    assert_eq!(ETags::parse("\"a\"\t").strong(), ["\"a\"\t"]);
    assert_eq!(ETags::parse("\"a\" , \"b\"").strong(), ["a", "b"]);
    for (etag, weak, quoted) in [("x", false, "\"x\""), ("x", true, "W/\"x\"")] {
        assert_eq!(quote_etag(etag, weak).unwrap(), quoted);
        assert_eq!(unquote_etag(quoted), Some((s(etag), weak)));
    }
    assert_eq!(unquote_etag("w/\"x\""), Some((s("x"), true)));
    assert!(quote_etag("a\"b", false).is_err());
}

#[test]
fn generate_etag_vector() {
    assert_eq!(
        generate_etag(b"Hello World"),
        "4Wf2jWVj11uyXzqknCnvYS1BNS3ABgbefL1jC7JmX1E"
    );
}

#[test]
fn range_vectors() {
    for (input, expected) in [
        ("bytes=52", None),
        ("bytes=52-", Some(vec![(52, None)])),
        ("bytes=52-99", Some(vec![(52, Some(100))])),
        (
            "bytes=52-99,-1000",
            Some(vec![(52, Some(100)), (-1000, None)]),
        ),
        ("bytes = 1 - 100", Some(vec![(1, Some(101))])),
        ("bytes=-", None),
        ("bytes=bad", None),
        ("bytes=52-99, bad", None),
        ("bytes=1-1_23", None),
        ("bytes=+1-5", None),
        ("bytes=5-3", None),
        ("bytes=10-20,5-8", None),
        ("bytes=-5,1-2", None),
    ] {
        assert_eq!(
            Range::parse(input).map(|r| r.ranges().to_vec()),
            expected,
            "input {input:?}"
        );
    }
    assert_eq!(
        Range::parse("bytes = 1 - 100").unwrap().to_header(),
        "bytes=1-100"
    );
    assert_eq!(Range::parse("AWesomes=0-999").unwrap().units(), "awesomes");
}

#[test]
fn range_construction_errors() {
    for bad in [
        vec![(0, Some(0))],
        vec![(1, Some(0))],
        vec![(0, Some(1)), (-5, Some(10))],
    ] {
        assert!(Range::new("bytes", bad.clone()).is_err(), "{bad:?}");
    }
    let ok = Range::new("bytes", vec![(0, Some(1)), (-5, None)]).unwrap();
    assert_eq!(Range::parse(&ok.to_header()), Some(ok));
}

#[test]
fn range_for_length_table() {
    for (header, length, expected) in [
        ("bytes=0-4", 11, Some((0, 5))),
        ("bytes=6-666", 11, Some((6, 11))),
        ("bytes=-5", 11, Some((6, 11))),
        ("bytes=-50", 11, None),
        ("bytes=11-", 11, None),
        ("bytes=0-1,3-4", 11, None),
        ("items=0-4", 11, None),
    ] {
        let r = Range::parse(header).unwrap();
        assert_eq!(r.range_for_length(Some(length)), expected, "{header}");
    }
}

#[test]
fn content_range_vectors() {
    let c = ContentRange::parse("bytes 0-98/*").unwrap();
    assert_eq!((c.range(), c.length()), (Some((0, 99)), None));
    assert_eq!(ContentRange::parse("bytes */-1"), None);
    let mut c = ContentRange::parse("bytes 0-99/100").unwrap();
    c.unset_range();
    assert_eq!(c.to_header(), "bytes */100");
    // `bytes 0-10/5` is accepted, as in Werkzeug: only the start is checked against the length.
    assert!(ContentRange::parse("bytes 0-10/5").is_some());
    for bad in [
        "bytes",
        "bytes 5-1/10",
        "bytes 5-9/5",
        "bytes a-b/10",
        "bytes 0-1",
    ] {
        assert_eq!(ContentRange::parse(bad), None, "{bad}");
    }
}

#[test]
fn if_range_vectors() {
    assert_eq!(IfRange::parse("W/\"Test\""), IfRange::Empty);
    let unquoted = IfRange::parse("unquoted");
    assert_eq!(unquoted, IfRange::ETag(s("unquoted")));
    assert_eq!(unquoted.to_header(), "\"unquoted\"");
    assert_eq!(
        IfRange::parse("Thu, 01 Jan 1970 00:00:00 GMT"),
        IfRange::Date(UNIX_EPOCH)
    );
}

#[test]
fn parse_date_table() {
    let nov6 = Some(784_111_777);
    for (input, expected) in [
        ("Sun, 06 Nov 1994 08:49:37 GMT    ", nov6),
        ("Sunday, 06-Nov-94 08:49:37 GMT", nov6),
        ("Sun Nov  6 08:49:37 1994", nov6),
        ("Sun, 06 Nov 1994 09:49:37 +0100", nov6),
        ("06 Nov 1994 08:49:37", nov6),
        ("Fri, 01 Jan 1343 00:00:00 GMT", Some(-19_786_204_800)),
        ("Thu, 33 Jan 1970 00:00:00 GMT", None),
        ("Thu, 29 Feb 1970 00:00:00 GMT", None),
        ("", None),
        ("garbage", None),
        ("Sun, 06 Nov 1994 25:49:37 GMT", None),
        ("Sun, 06 Nov 1994 08:49:37 XYZ", nov6),
        ("Sun, 06 Nov 1994 07:49:37 -0100", nov6),
        ("Sun, 06 Nov 1994 00:49:37 PST", nov6),
        ("06 Nov 1994 08:49:37+0000", nov6),
        ("6 November 1994 08:49:37 GMT", nov6),
        ("Sun, 06 Nov 1994 08.49.37 GMT", nov6),
        ("Sun, 06 Nov 1994 08:49:60 GMT", None),
        ("Sun, 06-Nov-94 08:49:37", None),
        ("Mon, 01 Jan 0001 00:00:00 GMT", Some(-62_135_596_800)),
        ("Sun, 06 Nov ١٩٩٤ 08:49:37 GMT", None),
    ] {
        assert_eq!(parse_date_unix(input), expected, "input {input:?}");
    }
}

#[test]
fn http_date_table() {
    for (secs, expected) in [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (-62_135_596_800, "Mon, 01 Jan 0001 00:00:00 GMT"),
        (1_577_836_800, "Wed, 01 Jan 2020 00:00:00 GMT"),
        (1_578_163_936, "Sat, 04 Jan 2020 18:52:16 GMT"),
    ] {
        assert_eq!(http_date_from_unix(secs), expected, "secs {secs}");
    }
    assert_eq!(
        http_date(UNIX_EPOCH + Duration::from_millis(1500)),
        "Thu, 01 Jan 1970 00:00:01 GMT"
    );
}

#[test]
fn is_resource_modified_table() {
    let data = b"Hello World";
    let etag = generate_etag(data);
    let noon = UNIX_EPOCH + Duration::from_secs(1_577_880_000); // 2020-01-01 12:00
    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }
    assert!(!is_data_modified(
        &headers(&[("if-none-match", format!("\"{etag}\""))]),
        data,
        None
    ));
    for (since, modified) in [
        ("Wed, 01 Jan 2020 12:30:00 GMT", false),
        ("Wed, 01 Jan 2020 11:00:00 GMT", true),
    ] {
        let h = headers(&[("if-modified-since", since.to_owned())]);
        let v = Validators {
            etag: None,
            last_modified: Some(noon + Duration::from_millis(300)),
        };
        assert_eq!(
            is_resource_modified(&h, &v, true),
            modified,
            "since {since}"
        );
    }
    // If-Range is ignored without Range and honoured with it.
    let v = Validators {
        etag: Some("abc"),
        last_modified: None,
    };
    let no_range = headers(&[("if-range", "\"abc\"".to_owned())]);
    assert!(is_resource_modified(&no_range, &v, false));
    let with_range = headers(&[
        ("if-range", "\"abc\"".to_owned()),
        ("range", "bytes=0-1".to_owned()),
    ]);
    assert!(!is_resource_modified(&with_range, &v, false));
    let other = headers(&[
        ("if-range", "\"xyz\"".to_owned()),
        ("range", "bytes=0-1".to_owned()),
    ]);
    assert!(is_resource_modified(&other, &v, false));
    let dated = headers(&[
        ("if-range", "Wed, 01 Jan 2020 12:30:00 GMT".to_owned()),
        ("range", "bytes=0-1".to_owned()),
    ]);
    let vd = Validators {
        etag: None,
        last_modified: Some(noon),
    };
    assert!(!is_resource_modified(&dated, &vd, false));
    // If-Match uses the strong comparison: a weak-only match leaves the resource "not
    // modified", which make_conditional turns into 412; a strong match means "modified"
    // (the precondition holds and the request proceeds).
    let weak_match = headers(&[("if-match", "W/\"abc\"".to_owned())]);
    assert!(!is_resource_modified(&weak_match, &v, true));
    let strong_match = headers(&[("if-match", "\"abc\"".to_owned())]);
    assert!(is_resource_modified(&strong_match, &v, true));
}

#[test]
fn cookie_parse_sample() {
    let header = "dismiss-top=6; CP=null*; PHPSESSID=0a539d42abc001cdc762809248d4beed; a=42; b=\"\\\";\"; ; fo234{=bar;blub=Blah; \"__Secure-c\"=d; ==__Host-eq=bad;__Host-eq=good;";
    let cookies = parse_cookie(header);
    let get = |k: &str| {
        cookies
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("b"), Some("\";"));
    assert_eq!(get("a"), Some("42"));
    assert_eq!(get("CP"), Some("null*"));
    assert_eq!(get("fo234{"), Some("bar"));
    assert_eq!(get("blub"), Some("Blah"));
    assert_eq!(get("\"__Secure-c\""), Some("d"));
    assert_eq!(get("__Secure-c"), None);
    assert_eq!(get("__Host-eq"), Some("good"));
    assert_eq!(cookies.len(), 9, "{cookies:?}");
}

#[test]
fn cookie_parse_table() {
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (s(a), s(b))).collect()
    };
    for (input, expected) in [
        (
            "first=IamTheFirst ; a=1; oops ; a=2 ;second = andMeTwo;",
            pairs(&[
                ("first", "IamTheFirst"),
                ("a", "1"),
                ("oops", ""),
                ("a", "2"),
                ("second", "andMeTwo"),
            ]),
        ),
        ("foo=\"foo\\054bar\"", pairs(&[("foo", "foo,bar")])),
        ("foo=\"\\342\\230\\203\"", pairs(&[("foo", "☃")])),
        (
            "a=\"x;y\"z; b=1",
            pairs(&[("a", "\"x"), ("y\"z", ""), ("b", "1")]),
        ),
        ("", vec![]),
    ] {
        assert_eq!(parse_cookie(input), expected, "input {input:?}");
    }
    assert_eq!(
        parse_cookie_bytes("fö=fö".as_bytes()),
        pairs(&[("fö", "fö")])
    );
}

#[test]
fn dump_cookie_table() {
    let o = CookieOptions::default;
    for (key, value, opts, expected) in [
        (
            "foo",
            "bar baz blub",
            o().max_age_secs(360).httponly(true).sync_expires(false),
            "foo=\"bar baz blub\"; Max-Age=360; HttpOnly; Path=/",
        ),
        ("key", "xxx/", o(), "key=xxx/; Path=/"),
        ("key", "xxx=", o().path(None), "key=xxx="),
        ("foo", "☃", o(), "foo=\"\\342\\230\\203\"; Path=/"),
        (
            "foo",
            "bar",
            o().domain("☃.com"),
            "foo=bar; Domain=xn--n3h.com; Path=/",
        ),
        (
            "foo",
            "bar",
            o().domain(".example.org:8080"),
            "foo=bar; Domain=example.org; Path=/",
        ),
        (
            "foo",
            "bar",
            o().samesite("strict".parse().unwrap()),
            "foo=bar; Path=/; SameSite=Strict",
        ),
        (
            "foo",
            "bar",
            o().partitioned(true),
            "foo=bar; Secure; Path=/; Partitioned",
        ),
        (
            "foo",
            "bar",
            o().path(Some("/a b;c")),
            "foo=bar; Path=/a%20b%3Bc",
        ),
        (
            "foo",
            "bar",
            o().max_age_secs(60)
                .expires(UNIX_EPOCH)
                .path(Some("/blub"))
                .domain("example.org")
                .samesite(SameSite::Strict),
            "foo=bar; Domain=example.org; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; Path=/blub; SameSite=Strict",
        ),
        (
            "foo",
            "a,b;c\"d\\",
            o().path(None),
            "foo=\"a\\054b\\073c\\\"d\\\\\"",
        ),
    ] {
        assert_eq!(
            dump_cookie(key, value, &opts).unwrap(),
            expected,
            "{key}={value:?}"
        );
    }
    assert!("invalid".parse::<SameSite>().is_err());
}

#[test]
fn dump_cookie_size_limit_is_documented_value() {
    let value = "a".repeat(MAX_COOKIE_SIZE - "foo=; Path=/".len());
    let line = dump_cookie("foo", &value, &CookieOptions::default()).unwrap();
    assert_eq!(line.len(), MAX_COOKIE_SIZE);
}

#[test]
fn dump_cookie_sync_expires() {
    let line = dump_cookie("k", "v", &CookieOptions::default().max_age_secs(60)).unwrap();
    let expires = line
        .split("; ")
        .find_map(|p| p.strip_prefix("Expires="))
        .unwrap();
    let when = parse_date(expires).unwrap();
    let delta = when
        .duration_since(std::time::SystemTime::now())
        .unwrap_or_default();
    assert!(
        delta <= Duration::from_secs(61) && delta >= Duration::from_secs(55),
        "{line}"
    );
}
