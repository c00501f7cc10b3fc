//! Reference vectors P: duplicate rules.
//!
//! `ok(Map([...]))` is a map build: `None` when it builds, `Some(RuleErrorKind::Duplicate)`
//! where Werkzeug raises `DuplicateRuleError`.
//!
//! Not ported (Python-only): none.

mod common;
use common::*;

#[test]
fn duplicate_rules() {
    let dup = Some(RuleErrorKind::Duplicate);
    let mut t = Table::new();
    for (case, builder, expected) in [
        (
            "712 same path on two hosts",
            with_rules(
                Map::builder().host_matching(true),
                vec![r("/", "index").host("a"), r("/", "host").host("b")],
            ),
            None,
        ),
        (
            "713 subdomain ignored without domain matching",
            with_rules(
                Map::builder().subdomain_matching(false),
                vec![r("/", "index"), r("/", "sub").subdomain("a")],
            ),
            dup,
        ),
        (
            "715 variable names do not matter",
            with_rules(
                Map::builder(),
                vec![r("/page/<a>", "a"), r("/page/<b>", "b")],
            ),
            dup,
        ),
        (
            "716 different converters",
            with_rules(Map::builder(), vec![r("/<a>", "a"), r("/<int:b>", "b")]),
            None,
        ),
        (
            "718 methods overlapping only in OPTIONS",
            with_rules(
                Map::builder(),
                vec![
                    r("/", "a").methods(["GET", "OPTIONS"]),
                    r("/", "b").methods(["POST", "OPTIONS"]),
                ],
            ),
            None,
        ),
        (
            "719 identical HEAD, OPTIONS lists",
            with_rules(
                Map::builder(),
                vec![
                    r("/", "a").methods(["HEAD", "OPTIONS"]),
                    r("/", "b").methods(["HEAD", "OPTIONS"]),
                ],
            ),
            dup,
        ),
        (
            "721 string(length=2) and string differ",
            with_rules(
                Map::builder(),
                vec![r("/<string(length=2):a>", "a"), r("/<b>", "b")],
            ),
            None,
        ),
        (
            "722 build_only rules are not in the matcher",
            with_rules(
                Map::builder(),
                vec![r("/x", "a").build_only(true), r("/x", "b")],
            ),
            None,
        ),
        (
            "724 GET (with implicit HEAD) and HEAD",
            with_rules(
                Map::builder(),
                vec![
                    r("/x", "a").methods(["GET"]),
                    r("/x", "b").methods(["HEAD"]),
                ],
            ),
            None,
        ),
        (
            "725 /x/ and /x",
            with_rules(Map::builder(), vec![r("/x/", "a"), r("/x", "b")]),
            None,
        ),
        (
            "727 redirect_to is not compared",
            with_rules(
                Map::builder(),
                vec![r("/x", "a").redirect_to("/y"), r("/x", "b")],
            ),
            dup,
        ),
        // departure 12: duplicate detection is semantic (same language); Werkzeug compares
        // regex text and accepts any(a,b) next to any(b,a).
        (
            "728 any(a,b) and any(b,a) (departure 12)",
            with_rules(
                Map::builder(),
                vec![r("/<any(a,b):x>", "a"), r("/<any(b,a):x>", "b")],
            ),
            dup,
        ),
    ] {
        t.check(case, rule_error(builder), expected);
    }
    t.finish();
}
