//! Unit tests of the rule grammar.

use super::*;

#[test]
fn spans_point_at_tokens() {
    let src = "/a<int(min=1, max=9):id>.json";
    let rule = parse(src).unwrap();
    let v = rule.variables().next().unwrap();
    assert_eq!(&src[v.span.clone()], "<int(min=1, max=9):id>");
    assert_eq!(&src[v.name_span.clone()], "id");
    let conv = v.converter.as_ref().unwrap();
    assert_eq!(&src[conv.name_span.clone()], "int");
    assert_eq!(&src[conv.args[1].span()], "max=9");
    assert_eq!(&src[conv.args[1].value_span.clone()], "9");
    assert_eq!(&src[conv.args_span.clone().unwrap()], "(min=1, max=9)");
}

#[test]
fn collects_several_errors() {
    let errors = parse("/<a b>/<>/<x>/<x>").unwrap_err();
    let kinds: Vec<_> = errors.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            GrammarErrorKind::UnexpectedCharacter,
            GrammarErrorKind::EmptyPlaceholder,
            GrammarErrorKind::DuplicateVariable
        ]
    );
}
