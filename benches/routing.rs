//! Routing benchmark: the GitHub API route set (130 routes, 130 request paths) looked up by
//! stellwerk's interpreted `Map` and by its peers in the same run, plus URL building.
//!
//! Run: `cargo bench --bench routing` (see BENCHMARKS.md for the recorded table).
//!
//! Every engine does the work a handler needs: find the route and read every parameter.
//! stellwerk additionally percent-decodes and converts the values (they are `Value`s, not
//! raw slices), checks the method and would produce redirects; the peers do not.
//! `stellwerk Map` returns an owned `Match` (`Arc`-shared names, owned strings);
//! `stellwerk Map::match_in` returns the same values borrowed from a reused `MatchBuffer`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use http::Method;
use stellwerk::routing::{Map, MatchBuffer, Rule, Value};

const ROUTES: &str = include_str!("data/github-routes.txt");
const PATHS: &str = include_str!("data/github-paths.txt");

fn routes() -> Vec<&'static str> {
    ROUTES.lines().filter(|l| !l.is_empty()).collect()
}

fn paths() -> Vec<&'static str> {
    PATHS.lines().filter(|l| !l.is_empty()).collect()
}

/// Rewrites `{name}` placeholders with the given open and close delimiters.
fn placeholders(route: &str, open: &str, close: &str) -> String {
    route.replace('{', open).replace('}', close)
}

fn stellwerk_map() -> Map {
    let mut builder = Map::builder();
    for (i, route) in routes().into_iter().enumerate() {
        builder = builder.rule(Rule::new(placeholders(route, "<", ">")).endpoint(format!("r{i}")));
    }
    builder.build().expect("the GitHub route set is valid")
}

fn lookup(c: &mut Criterion) {
    let paths = paths();
    let mut group = c.benchmark_group("github lookup (130 paths)");

    let map = stellwerk_map();
    let adapter = map.bind("example.org", "/");
    group.bench_function("stellwerk Map", |b| {
        b.iter(|| {
            for path in &paths {
                let m = adapter.match_path(black_box(path), &Method::GET).unwrap();
                black_box(&m.args);
            }
        })
    });

    // The same lookups into a reused buffer: same values, no allocation per lookup.
    let mut buffer = MatchBuffer::new();
    group.bench_function("stellwerk Map::match_in", |b| {
        b.iter(|| {
            for path in &paths {
                let m = adapter
                    .match_in(black_box(path), &Method::GET, &mut buffer)
                    .unwrap();
                black_box(m.values());
            }
        })
    });

    let mut matchit = matchit::Router::new();
    for (i, route) in routes().into_iter().enumerate() {
        matchit.insert(route, i).unwrap();
    }
    group.bench_function("matchit", |b| {
        b.iter(|| {
            for path in &paths {
                let m = matchit.at(black_box(path)).unwrap();
                for param in m.params.iter() {
                    black_box(param);
                }
            }
        })
    });

    let mut path_tree = path_tree::PathTree::new();
    for (i, route) in routes().into_iter().enumerate() {
        let _ = path_tree.insert(&placeholders(route, ":", ""), i);
    }
    group.bench_function("path-tree", |b| {
        b.iter(|| {
            for path in &paths {
                let (_, p) = path_tree.find(black_box(path)).unwrap();
                for param in p.params_iter() {
                    black_box(param);
                }
            }
        })
    });

    let mut actix = actix_router::Router::<usize>::build();
    for (i, route) in routes().into_iter().enumerate() {
        actix.path(route, i);
    }
    let actix = actix.finish();
    group.bench_function("actix-router", |b| {
        b.iter(|| {
            for path in &paths {
                let mut resource = actix_router::Path::new(*black_box(path));
                actix.recognize(&mut resource).unwrap();
                for param in resource.iter() {
                    black_box(param);
                }
            }
        })
    });

    let mut recognizer = route_recognizer::Router::new();
    for (i, route) in routes().into_iter().enumerate() {
        recognizer.add(&placeholders(route, ":", ""), i);
    }
    group.bench_function("route-recognizer", |b| {
        b.iter(|| {
            for path in &paths {
                let m = recognizer.recognize(black_box(path)).unwrap();
                for param in m.params().iter() {
                    black_box(param);
                }
            }
        })
    });
    group.finish();
}

fn building(c: &mut Criterion) {
    let map = stellwerk_map();
    let adapter = map.bind("example.org", "/");
    // The values each route needs: `p1`, `p2`, ... set to short strings.
    let requests: Vec<(String, Vec<(String, Value)>)> = routes()
        .into_iter()
        .enumerate()
        .map(|(i, route)| {
            let values = route
                .split('{')
                .skip(1)
                .filter_map(|s| s.split('}').next())
                .map(|name| (name.to_owned(), Value::from(format!("v{name}"))))
                .collect();
            (format!("r{i}"), values)
        })
        .collect();
    let requests: Vec<(&str, Vec<(&str, Value)>)> = requests
        .iter()
        .map(|(endpoint, values)| {
            let values = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            (endpoint.as_str(), values)
        })
        .collect();
    let mut group = c.benchmark_group("github build (130 URLs)");
    group.bench_function("stellwerk Map::build", |b| {
        b.iter(|| {
            for (endpoint, values) in &requests {
                black_box(adapter.build(endpoint, values).unwrap());
            }
        })
    });
    group.bench_function("format! baseline", |b| {
        b.iter(|| {
            for route in routes() {
                let mut out = String::with_capacity(route.len() + 8);
                for (i, piece) in route.split(['{', '}']).enumerate() {
                    if i % 2 == 1 {
                        out.push_str(black_box("v"));
                    }
                    out.push_str(piece);
                }
                black_box(out);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, lookup, building);
criterion_main!(benches);
