#![recursion_limit = "512"]
//! The generated `routes![]` matcher against matchit and the interpreted `Map` on the GitHub
//! API route set (130 routes); each iteration looks up all 130 paths.
//!
//! Run: `cargo bench --bench group -- --measurement-time 3`

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use http::Method;
use stellwerk::__private::group::Arg;
use stellwerk::routing::{Map, Rule};

#[path = "support/github_routes.rs"]
mod github_routes;
use github_routes::{MATCHIT, PATHS, RULES};

fn lookups(c: &mut Criterion) {
    let mut router = matchit::Router::new();
    for (i, r) in MATCHIT.iter().enumerate() {
        router.insert(*r, i).expect("matchit accepts the route set");
    }
    let map = RULES
        .iter()
        .enumerate()
        .fold(Map::builder(), |b, (i, r)| {
            b.rule(Rule::new(*r).endpoint(format!("r{i}")).methods(["GET"]))
        })
        .build()
        .expect("the route set compiles");
    let map = map.bind("localhost", "/");
    let group = github_routes::group();
    let adapter = group.bind("localhost", "/");

    // The three agree before anything is timed.
    for (i, p) in PATHS.iter().enumerate() {
        let m = router.at(p).expect("matchit matches");
        let g = adapter.match_path(p, &Method::GET).expect("group matches");
        let e = map.match_path(p, &Method::GET).expect("map matches");
        assert_eq!((*m.value, g.route), (i, i), "{p}");
        assert_eq!(&*e.endpoint, format!("r{i}"), "{p}");
        assert_eq!(m.params.len(), g.args.len(), "{p}");
        let r = adapter.match_ref(p, &Method::GET).expect("group matches");
        // No path here needs decoding: every text value borrows the path.
        assert!(
            r.args
                .iter()
                .all(|a| matches!(a, Arg::Text(std::borrow::Cow::Borrowed(_)))),
            "{p}"
        );
        assert_eq!(r.into_owned().args, g.args, "{p}");
    }

    let mut g = c.benchmark_group("github_130_lookups");
    g.bench_function("matchit", |b| {
        b.iter(|| {
            for p in PATHS {
                let m = router.at(black_box(p)).expect("match");
                black_box(m.params.iter().count());
                black_box(m.value);
            }
        })
    });
    // The borrowed form (`match_ref`): decoded, converted values, text borrowed from the
    // path as matchit's parameters are.
    g.bench_function("stellwerk_generated", |b| {
        b.iter(|| {
            for p in PATHS {
                black_box(
                    adapter
                        .match_ref(black_box(p), &Method::GET)
                        .expect("match"),
                );
            }
        })
    });
    // The owned form (`match_path`): every text value copied into a `String`.
    g.bench_function("stellwerk_generated_owned", |b| {
        b.iter(|| {
            for p in PATHS {
                let m = adapter
                    .match_path(black_box(p), &Method::GET)
                    .expect("match");
                black_box(&m);
            }
        })
    });
    g.bench_function("stellwerk_map", |b| {
        b.iter(|| {
            for p in PATHS {
                let m = map.match_path(black_box(p), &Method::GET).expect("match");
                black_box(&m);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
