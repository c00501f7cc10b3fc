//! Reference vectors E: merge_slashes.
//!
//! Not ported: none. Setup `mse` has a rule without an endpoint; the engine requires one
//! (`RuleErrorKind::MissingEndpoint`), so it gets one; the vector only looks at the
//! redirect.

mod common;
use common::*;

#[test]
fn merge_slashes_match() {
    let ms = map(
        "ms",
        vec![
            r("/no/tail", "no_tail"),
            r("/yes/tail/", "yes_tail"),
            r("/with/<path:path>", "with_path"),
            r("/no//merge", "no_merge").merge_slashes(false),
            r("/no/merging", "no_merging").merge_slashes(false),
        ],
    );
    let mse = map("mse", vec![r("/merge/<some>/path", "merge")]);
    let ms_a = ms.bind("localhost", "/");
    let mse_a = mse.bind("localhost", "/");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "325 ms /yes//tail",
            &ms_a,
            get("/yes//tail"),
            redirect("http://localhost/yes/tail/"),
        ),
        (
            "326 ms /yes/tail//",
            &ms_a,
            get("/yes/tail//"),
            redirect("http://localhost/yes/tail/"),
        ),
        (
            "328 ms /no/tail",
            &ms_a,
            get("/no/tail"),
            ok("no_tail", &[]),
        ),
        (
            "329 ms /yes/tail/",
            &ms_a,
            get("/yes/tail/"),
            ok("yes_tail", &[]),
        ),
        (
            "331 ms /with/x//y keeps slashes inside a path value",
            &ms_a,
            get("/with/x//y"),
            ok("with_path", &[("path", s("x//y"))]),
        ),
        (
            "332 ms /no//merge",
            &ms_a,
            get("/no//merge"),
            ok("no_merge", &[]),
        ),
        ("334 ms /no//merging", &ms_a, get("/no//merging"), NOT_FOUND),
        // Werkzeug matched the decoded "/merge/%//path"; the raw form of a literal '%' is
        // "%25" (departure 14).
        (
            "335 mse /merge/%//path (percent-encoded)",
            &mse_a,
            get("/merge/%25//path"),
            redirect("http://localhost/merge/%25/path"),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}

#[test]
fn merge_slashes_build() {
    let msb = map(
        "msb",
        vec![
            r("/yes//merge", "yes_merge"),
            r("/no//merge", "no_merge").merge_slashes(false),
        ],
    );
    let a = msb.bind("localhost", "/");
    let mut t = Table::new();
    for (case, input, expected) in [
        (
            "337 msb build yes_merge",
            build("yes_merge", vec![]),
            Url::Is("/yes/merge"),
        ),
        (
            "338 msb build no_merge",
            build("no_merge", vec![]),
            Url::Is("/no//merge"),
        ),
    ] {
        t.check_build(case, &a, &input, &expected);
    }
    t.finish();
}

#[test]
fn merge_slashes_settings_and_methods() {
    let msoff = build_map(
        "msoff",
        with_rules(
            Map::builder().merge_slashes(false),
            vec![r("/a/b", "ab"), r("/c//d", "cd")],
        ),
    );
    let msoff2 = build_map(
        "msoff2",
        with_rules(
            Map::builder().merge_slashes(false),
            vec![r("/a/b", "ab").merge_slashes(true)],
        ),
    );
    let ms405 = map(
        "ms405",
        vec![r("/a/b", "ab").methods(["POST"]), r("/c/<x>", "cx")],
    );
    let msx = map(
        "msx",
        vec![
            r("/a//b", "ab").methods(["POST"]).merge_slashes(false),
            r("/a/b", "ab2").methods(["GET"]),
        ],
    );
    let [msoff, msoff2, ms405_a, msx] = [&msoff, &msoff2, &ms405, &msx].map(|m| m.bind("h", "/"));
    let ms405_app = ms405.bind("h", "/app");
    let mut t = Table::new();
    for (case, adapter, input, expected) in [
        (
            "340 msoff map-level off: no retry",
            &msoff,
            get("/a//b"),
            NOT_FOUND,
        ),
        ("341 msoff /c//d", &msoff, get("/c//d"), ok("cd", &[])),
        (
            "343 msoff2 rule-level on cannot re-enable request merging",
            &msoff2,
            get("/a//b"),
            NOT_FOUND,
        ),
        (
            "344 ms405 405 before the merge redirect",
            &ms405_a,
            get("/a//b"),
            not_allowed(&["POST"]),
        ),
        (
            "346 ms405 merged /c/b/ is not matched by a leaf",
            &ms405_a,
            get("/c/b//"),
            NOT_FOUND,
        ),
        (
            "347 ms405 /app merge redirect keeps query",
            &ms405_app,
            get("/c//b").query("q=1"),
            redirect("http://h/app/c/b?q=1"),
        ),
        (
            "349 msx POST /a//b",
            &msx,
            req("POST", "/a//b"),
            ok("ab", &[]),
        ),
    ] {
        t.check_match(case, adapter, &input, &expected);
    }
    t.finish();
}
