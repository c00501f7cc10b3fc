//! Compile-fail and compile-pass cases of the route macros. Regenerate the snapshots with
//! `TRYBUILD=overwrite cargo test -p stellwerk-ui-tests` and review every `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/*/*.rs");
}
