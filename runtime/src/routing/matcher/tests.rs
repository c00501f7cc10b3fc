//! Unit tests of the state machine and the priority key.

use super::*;
use crate::routing::converter::{
    Builtin, FloatConverter, IntConverter, PathConverter, StringConverter,
};

fn w(statics: &[usize], weights: &[u32]) -> Weighting {
    Weighting {
        static_lengths: statics.to_vec(),
        converter_weights: weights.to_vec(),
    }
}

#[test]
fn weighting_orders_like_werkzeug() {
    // <x>.json before <x>.<y> before <x>
    assert!(w(&[5], &[100]) < w(&[1], &[100, 100]));
    assert!(w(&[1], &[100, 100]) < w(&[], &[100]));
    // foo<x> before fo<x>
    assert!(w(&[3], &[100]) < w(&[2], &[100]));
    // <a><b> before <int:c>
    assert!(w(&[], &[100, 100]) < w(&[], &[50]));
    // int before string before path
    assert!(w(&[], &[50]) < w(&[], &[100]));
    assert!(w(&[], &[100]) < w(&[], &[200]));
    // <path:p>/edit before <x>
    assert!(w(&[4], &[200]) < w(&[], &[100]));
}

#[test]
fn weighting_of_pieces() {
    let pieces = [
        Piece::builtin(Builtin::Path(PathConverter)),
        Piece::Static("/edit".into()),
    ];
    assert_eq!(Weighting::of(&pieces), w(&[4], &[200]));
}

fn part(pieces: Vec<Piece>) -> PartSpec {
    PartSpec::dynamic(pieces, false, false).unwrap()
}

fn search(sm: &StateMachine, path: &str) -> (Outcome, Vec<Value>) {
    let mut out = SearchOutput::default();
    let o = sm.search(
        &SearchInput {
            domain: "",
            path: Some(path),
            method: Some(&Method::GET),
            websocket: false,
        },
        &mut out,
    );
    (o, out.args)
}

fn leaf(rule: usize) -> Leaf {
    Leaf {
        rule,
        methods: None,
        websocket: false,
        strict_slashes: true,
    }
}

#[test]
fn static_beats_dynamic_and_converter_rejection_falls_back() {
    let mut sm = StateMachine::new();
    let root = PartSpec::Static(String::new());
    let int5 = Builtin::Int(IntConverter {
        min: Some(5),
        ..Default::default()
    });
    sm.insert(&[root.clone(), part(vec![Piece::builtin(int5)])], leaf(0))
        .unwrap();
    sm.insert(
        &[
            root.clone(),
            part(vec![Piece::builtin(Builtin::String(
                StringConverter::default(),
            ))]),
        ],
        leaf(1),
    )
    .unwrap();
    sm.insert(&[root.clone(), PartSpec::Static("a".into())], leaf(2))
        .unwrap();
    assert_eq!(search(&sm, "7"), (Outcome::Found(0), vec![Value::Int(7)]));
    assert_eq!(
        search(&sm, "3"),
        (Outcome::Found(1), vec![Value::Str("3".into())])
    );
    assert_eq!(search(&sm, "a").0, Outcome::Found(2));
    assert_eq!(search(&sm, "a/b").0, Outcome::NotFound);
}

#[test]
fn multi_converter_segment_uses_regex_in_order() {
    let mut sm = StateMachine::new();
    let int = || Piece::builtin(Builtin::Int(IntConverter::default()));
    let p = part(vec![
        Piece::Static("v".into()),
        int(),
        Piece::Static(".".into()),
        int(),
    ]);
    assert!(matches!(
        p,
        PartSpec::Dynamic(DynamicPart {
            program: Program::Regex { .. },
            ..
        })
    ));
    sm.insert(&[PartSpec::Static(String::new()), p], leaf(0))
        .unwrap();
    assert_eq!(
        search(&sm, "v1.2"),
        (Outcome::Found(0), vec![Value::Int(1), Value::Int(2)])
    );
    assert_eq!(search(&sm, "v1.x").0, Outcome::NotFound);
}

#[test]
fn duplicates_are_reported() {
    let mut sm = StateMachine::new();
    let f = || {
        part(vec![Piece::builtin(Builtin::Float(
            FloatConverter::default(),
        ))])
    };
    let root = PartSpec::Static(String::new());
    sm.insert(&[root.clone(), f()], leaf(0)).unwrap();
    assert_eq!(sm.insert(&[root, f()], leaf(1)), Err(0));
}

#[test]
fn static_lookup_with_many_transitions() {
    let mut sm = StateMachine::new();
    let root = PartSpec::Static(String::new());
    let names: Vec<String> = (0..60)
        .map(|i| match i % 3 {
            0 => format!("s{i}"),
            1 => format!("received_events_{i}"),
            _ => format!("received_events_{i}_public"),
        })
        .collect();
    for (i, name) in names.iter().enumerate() {
        sm.insert(&[root.clone(), PartSpec::Static(name.clone())], leaf(i))
            .unwrap();
    }
    for (i, name) in names.iter().enumerate() {
        assert_eq!(search(&sm, name).0, Outcome::Found(i), "{name}");
    }
    for absent in [
        "",
        "s",
        "s1x",
        "received_events_",
        "received_events_1_publi",
        "é",
    ] {
        assert_eq!(search(&sm, absent).0, Outcome::NotFound, "{absent:?}");
    }
}
