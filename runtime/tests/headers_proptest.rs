//! Round trips (`parse(dump(x)) == x`) for every header family, and parsers that never
//! panic on arbitrary input.
#![cfg(feature = "web")]

use http::HeaderMap;
use proptest::collection::{btree_map, btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use stellwerk_runtime::headers::*;

const TOKEN: &str = "[A-Za-z0-9!#$&'+.^_`|~-]{1,12}";
const KEY: &str = "[a-z0-9_-]{1,10}";

proptest! {
    #[test]
    fn quote_round_trip(v in ".*") {
        prop_assert_eq!(unquote_header_value(&quote_header_value(&v)), v);
    }

    #[test]
    fn list_round_trip(items in vec(".*", 0..6)) {
        let header = dump_header(items.iter().map(String::as_str));
        prop_assert_eq!(parse_list_header(&header), items);
    }

    #[test]
    fn dict_round_trip(map in btree_map(KEY, option::of(".*"), 0..6)) {
        let pairs: Vec<(String, Option<String>)> = map.into_iter().collect();
        let header = dump_dict_header(pairs.iter().map(|(k, v)| (k.as_str(), v.as_deref())));
        prop_assert_eq!(parse_dict_header(&header), pairs);
    }

    #[test]
    fn options_round_trip(main in TOKEN, map in btree_map(KEY, "[^\\\\%\u{0}-\u{1f}]*", 0..6)) {
        let params: Vec<(String, String)> = map.into_iter().collect();
        let header = dump_options_header(
            Some(&main),
            params.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))),
        );
        prop_assert_eq!(parse_options_header(&header), (main, params));
    }

    #[test]
    fn accept_round_trip(items in vec(("[a-z0-9-]{1,8}", prop::sample::select(vec![0.0, 0.25, 0.5, 0.875, 1.0])), 0..6)) {
        let accept = EncodingAccept::new(items);
        let parsed = EncodingAccept::parse(&accept.to_header());
        prop_assert_eq!(parsed.items(), accept.items());
    }

    #[test]
    fn mime_accept_round_trip(items in vec(("[a-z]{1,6}/([a-z]{1,6}|\\*)", prop::sample::select(vec![0.1, 0.5, 1.0])), 1..5)) {
        let accept = MimeAccept::new(items);
        let parsed = MimeAccept::parse(&accept.to_header());
        prop_assert_eq!(parsed.items(), accept.items());
    }

    #[test]
    fn cache_control_round_trip(map in btree_map(KEY, option::of(".*"), 0..6)) {
        let mut cc = ResponseCacheControl::default();
        for (k, v) in &map {
            cc.set(k, v.as_deref());
        }
        let parsed = ResponseCacheControl::parse(&cc.to_header());
        prop_assert_eq!(parsed, cc);
    }

    #[test]
    fn cache_control_int_round_trip(age in 0i64..1_000_000_000, smax in option::of(0i64..1000)) {
        let mut cc = ResponseCacheControl::default();
        cc.set_max_age(Some(age)).set_s_maxage(smax).set_public(true);
        let parsed = ResponseCacheControl::parse(&cc.to_header());
        prop_assert_eq!(parsed.max_age(), Some(age));
        prop_assert_eq!(parsed.s_maxage(), smax);
        prop_assert!(parsed.public());
    }

    #[test]
    fn etags_round_trip(strong in btree_set("[^\"\u{0}-\u{1f}]{1,10}", 0..5), weak in btree_set("[^\"\u{0}-\u{1f}]{1,10}", 0..5)) {
        let tags = ETags::new(strong.iter().cloned(), weak.iter().cloned());
        let parsed = ETags::parse(&tags.to_header());
        let sorted = |v: &[String]| { let mut v = v.to_vec(); v.sort(); v };
        prop_assert_eq!(sorted(parsed.strong()), sorted(tags.strong()));
        prop_assert_eq!(sorted(parsed.weak()), sorted(tags.weak()));
    }

    #[test]
    fn etag_quote_round_trip(tag in "[^\"]*", weak in any::<bool>()) {
        let quoted = quote_etag(&tag, weak).unwrap();
        prop_assert_eq!(unquote_etag(&quoted), Some((tag, weak)));
    }

    #[test]
    fn range_round_trip(starts in btree_set(0i64..1_000_000, 1..6), lens in vec(option::of(1i64..1000), 6), suffix in option::of(1i64..1000)) {
        // Ascending, non-overlapping ranges; an open-ended one may only come last.
        let mut ranges = Vec::new();
        let mut last_end = 0;
        for (i, start) in starts.into_iter().enumerate() {
            if start < last_end { continue; }
            let end = lens[i].map(|l| start + l);
            ranges.push((start, end));
            match end { Some(e) => last_end = e, None => break }
        }
        if let (Some(n), Some(&(_, Some(_)))) = (suffix, ranges.last()) {
            ranges.push((-n, None));
        }
        let range = Range::new("bytes", ranges).unwrap();
        prop_assert_eq!(Range::parse(&range.to_header()), Some(range));
    }

    #[test]
    fn content_range_round_trip(start in 0u64..1_000_000, len in 1u64..1000, extra in option::of(0u64..1000)) {
        let length = extra.map(|e| start + len + e);
        let cr = ContentRange::new("bytes", Some((start, start + len)), length).unwrap();
        prop_assert_eq!(ContentRange::parse(&cr.to_header()), Some(cr));
        let unsat = ContentRange::unsatisfied(start);
        prop_assert_eq!(ContentRange::parse(&unsat.to_header()), Some(unsat));
    }

    #[test]
    fn basic_auth_round_trip(user in "[^:]*", pass in ".*") {
        let auth = Authorization::basic(&user, &pass);
        prop_assert_eq!(Authorization::parse(&auth.to_header()), Some(auth));
    }

    #[test]
    fn bearer_round_trip(token in "[A-Za-z0-9._~+/-]{1,40}={0,2}") {
        let auth = Authorization::with_token("bearer", &token);
        prop_assert_eq!(Authorization::parse(&auth.to_header()), Some(auth));
    }

    #[test]
    fn www_authenticate_round_trip(realm in ".*", scheme in prop::sample::select(vec!["basic", "digest", "x-custom"])) {
        let mut c = WwwAuthenticate::new(scheme);
        c.set("realm", Some(&realm));
        prop_assert_eq!(WwwAuthenticate::parse(&c.to_header()), Some(c));
    }

    #[test]
    fn date_round_trip(secs in -62_135_596_800i64..253_402_300_799) {
        prop_assert_eq!(parse_date_unix(&http_date_from_unix(secs)), Some(secs));
    }

    #[test]
    fn if_range_round_trip(tag in "[A-Za-z0-9-]{1,20}", secs in 0i64..4_000_000_000) {
        let e = IfRange::ETag(tag);
        prop_assert_eq!(IfRange::parse(&e.to_header()), e);
        let d = IfRange::parse(&http_date_from_unix(secs));
        prop_assert_eq!(IfRange::parse(&d.to_header()), d);
    }

    #[test]
    fn cookie_round_trip(key in "[A-Za-z0-9_.!#$%&'*+^`|~-]{1,12}", value in ".*") {
        let line = dump_cookie(&key, &value, &CookieOptions::default().path(None)).unwrap();
        prop_assert_eq!(parse_cookie(&line), vec![(key, value)]);
    }

    #[test]
    fn parsers_never_panic(input in ".*") {
        let s = input.as_str();
        let _ = parse_list_header(s);
        let _ = parse_dict_header(s);
        let _ = parse_options_header(s);
        let _ = MimeAccept::parse(s).best_match(["text/html", "application/json"]);
        let _ = LanguageAccept::parse(s).best_match(["en", "de-AT"]);
        let _ = CharsetAccept::parse(s).best();
        let _ = MimeAccept::parse("*/*").try_quality(s);
        let _ = RequestCacheControl::parse(s).max_age();
        let _ = ResponseCacheControl::parse(s).no_cache();
        let _ = ETags::parse(s).contains("x");
        let _ = unquote_etag(s);
        let _ = Range::parse(s).map(|r| r.range_for_length(Some(100)));
        let _ = ContentRange::parse(s);
        let _ = IfRange::parse(s);
        let _ = Authorization::parse(s);
        let _ = WwwAuthenticate::parse(s);
        let _ = parse_date(s);
        let _ = parse_cookie(s);
        let _ = domain_to_ascii(s);
        let _ = dump_cookie("k", s, &CookieOptions::default().domain(s));
    }

    #[test]
    fn parsers_never_panic_on_header_like_input(input in "[ -~]{0,64}") {
        let mut h = HeaderMap::new();
        if let Ok(v) = input.parse() {
            h.insert("if-none-match", v);
            let _ = is_resource_modified(&h, &Validators { etag: Some(&input), last_modified: None }, false);
        }
        let _ = parse_cookie_bytes(input.as_bytes());
    }
}
