//! Per-call cost of the request-side parsers a handler hits on every request: the query
//! string, the `Cookie` header and `Accept` negotiation. Well-kept crates that parse the same
//! inputs (without Werkzeug's exact semantics) run in the same criterion run for scale.
//!
//! Run: `cargo bench -p stellwerk-runtime --bench parsing` (see BENCHMARKS.md).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stellwerk_runtime::form::parse_query;
use stellwerk_runtime::headers::{MimeAccept, parse_cookie};

/// A typical query string: a search form with repeats, an escape and a `+`.
const QUERY: &str =
    "q=rust+web+framework&page=2&sort=desc&tag=http&tag=routing&tag=%C3%A9t%C3%A9&filter=a%2Fb";
/// A browser's cookie header with a session id, a quoted value and analytics noise.
const COOKIE: &str = "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark; lang=\"en-GB\"; _ga=GA1.2.1234567890.1600000000; _gid=GA1.2.987654321.1600000000; consent=yes";
/// Firefox's default `Accept` header.
const ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

fn query(c: &mut Criterion) {
    let mut group = c.benchmark_group("query string (8 pairs)");
    group.bench_function("stellwerk parse_query", |b| {
        b.iter(|| black_box(parse_query(black_box(QUERY.as_bytes()))))
    });
    group.bench_function("form_urlencoded (owned pairs)", |b| {
        b.iter(|| {
            let pairs: Vec<(String, String)> = form_urlencoded::parse(black_box(QUERY.as_bytes()))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            black_box(pairs)
        })
    });
    group.finish();
}

fn cookies(c: &mut Criterion) {
    let mut group = c.benchmark_group("cookie header (6 cookies)");
    group.bench_function("stellwerk parse_cookie", |b| {
        b.iter(|| black_box(parse_cookie(black_box(COOKIE))))
    });
    group.bench_function("cookie crate split_parse", |b| {
        b.iter(|| {
            let pairs: Vec<(String, String)> = cookie::Cookie::split_parse(black_box(COOKIE))
                .filter_map(Result::ok)
                .map(|c| (c.name().to_owned(), c.value().to_owned()))
                .collect();
            black_box(pairs)
        })
    });
    group.finish();
}

fn accept(c: &mut Criterion) {
    let offers = ["application/json", "text/html"];
    let mut group = c.benchmark_group("accept (Firefox default)");
    group.bench_function("stellwerk MimeAccept::parse", |b| {
        b.iter(|| black_box(MimeAccept::parse(black_box(ACCEPT))))
    });
    group.bench_function("stellwerk parse + best_match", |b| {
        b.iter(|| {
            let accept = MimeAccept::parse(black_box(ACCEPT));
            black_box(accept.best_match(offers).map(str::len))
        })
    });
    group.finish();
}

criterion_group!(benches, query, cookies, accept);
criterion_main!(benches);
