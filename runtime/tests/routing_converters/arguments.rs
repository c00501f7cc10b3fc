//! Argument validation of the built-ins, their regexes and weights, and their use as
//! standalone converters.

use std::borrow::Cow;

use stellwerk_runtime::routing::Value;
use stellwerk_runtime::routing::converter::{
    AnyConverter, Builtin, Converter, FloatConverter, IntConverter, PathConverter, StringConverter,
    UuidConverter, builtin,
};
use stellwerk_runtime::routing::rule::parse_args;

#[test]
fn builtin_arguments_are_validated() {
    let ok = |name: &str, text: &str| builtin(name, &parse_args(text).unwrap()).unwrap();
    for (name, text, expected) in [
        ("default", "", Builtin::String(StringConverter::default())),
        (
            "string",
            "length=2",
            Builtin::String(StringConverter {
                minlength: 2,
                maxlength: Some(2),
            }),
        ),
        (
            "string",
            "2, 5",
            Builtin::String(StringConverter {
                minlength: 2,
                maxlength: Some(5),
            }),
        ),
        (
            "int",
            "fixed_digits=3, min=-5, max=5, signed=true",
            Builtin::Int(IntConverter {
                fixed_digits: 3,
                min: Some(-5),
                max: Some(5),
                signed: true,
            }),
        ),
        (
            "float",
            "min=1, max=2.5",
            Builtin::Float(FloatConverter {
                min: Some(1.0),
                max: Some(2.5),
                signed: false,
            }),
        ),
        ("path", "", Builtin::Path(PathConverter)),
        ("uuid", "", Builtin::Uuid(UuidConverter)),
        (
            "any",
            "a, 'b c', 3",
            Builtin::Any(AnyConverter {
                items: vec!["a".into(), "b c".into(), "3".into()].into(),
            }),
        ),
    ] {
        assert_eq!(ok(name, text).unwrap(), expected, "{name}({text})");
    }
    // (converter, arguments, argument named in the error, message fragment)
    for (name, text, argument, fragment) in [
        (
            "int",
            "foo=1",
            Some("foo"),
            "unknown argument 'foo': 'int' accepts fixed_digits, min, max, signed",
        ),
        ("int", "min='a'", Some("min"), "must be an integer"),
        (
            "int",
            "min=5, max=1",
            Some("max"),
            "max (1) is smaller than min (5)",
        ),
        ("int", "signed=1", Some("signed"), "true or false"),
        ("int", "1, 2, 3, true, 5", Some("#4"), "too many arguments"),
        ("int", "min=1, min=2", None, ""),
        (
            "float",
            "fixed_digits=2",
            Some("fixed_digits"),
            "unknown argument",
        ),
        ("float", "max=1, min=2", None, ""),
        (
            "string",
            "length=2, minlength=1",
            Some("length"),
            "either 'length'",
        ),
        (
            "string",
            "minlength=3, maxlength=2",
            Some("maxlength"),
            "smaller than minlength",
        ),
        ("string", "minlength=-1", Some("minlength"), "non-negative"),
        ("path", "1", Some("#0"), "'path' takes no arguments"),
        ("uuid", "x", Some("#0"), "'uuid' takes no arguments"),
        ("any", "", None, "at least one item"),
        ("any", "a, x=b", Some("x"), "only positional items"),
        (
            "any",
            "1.5",
            Some("#0"),
            "words, quoted strings or integers",
        ),
        ("any", "'a/b'", Some("#0"), "cannot contain '/'"),
    ] {
        let args = match parse_args(text) {
            Ok(a) => a,
            // `min=1, min=2` is already a grammar error (duplicate keyword).
            Err(e) => {
                assert!(argument.is_none(), "{name}({text}): {e:?}");
                continue;
            }
        };
        let err = builtin(name, &args)
            .unwrap()
            .expect_err(&format!("{name}({text})"));
        if let Some(argument) = argument {
            assert_eq!(err.argument.as_deref(), Some(argument), "{name}({text})");
            assert!(err.span.is_some());
        }
        assert!(
            err.message.contains(fragment),
            "{name}({text}): {}",
            err.message
        );
    }
    assert!(builtin("nope", &[]).is_none());
}

#[test]
fn weights_and_regexes() {
    for (conv, regex, weight, isolating) in [
        (
            Builtin::String(StringConverter::default()),
            "[^/]{1,}",
            100,
            true,
        ),
        (
            Builtin::String(StringConverter {
                minlength: 2,
                maxlength: Some(3),
            }),
            "[^/]{2,3}",
            100,
            true,
        ),
        (Builtin::Int(IntConverter::default()), "[0-9]+", 50, true),
        (
            Builtin::Int(IntConverter {
                signed: true,
                ..Default::default()
            }),
            "-?[0-9]+",
            50,
            true,
        ),
        (
            Builtin::Float(FloatConverter::default()),
            "[0-9]+\\.[0-9]+",
            50,
            true,
        ),
        (Builtin::Path(PathConverter), "[^/](?s:.)*?", 200, false),
        (
            Builtin::Any(AnyConverter {
                items: vec!["a.1".into(), "b".into()].into(),
            }),
            "(?:a\\.1|b)",
            100,
            true,
        ),
        (
            Builtin::Uuid(UuidConverter),
            "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}",
            100,
            true,
        ),
    ] {
        assert_eq!(conv.regex(), regex, "{conv:?}");
        assert_eq!(conv.weight(), weight, "{conv:?}");
        assert_eq!(conv.part_isolating(), isolating, "{conv:?}");
    }
}

#[test]
fn builtins_work_standalone_for_generated_code() {
    const ID: IntConverter = IntConverter {
        fixed_digits: 0,
        min: Some(1),
        max: None,
        signed: false,
    };
    const COLOURS: AnyConverter = AnyConverter {
        items: Cow::Borrowed(&[Cow::Borrowed("red"), Cow::Borrowed("blue")]),
    };
    for (text, parsed) in [
        ("7", Some(7)),
        ("0", None),
        ("x", None),
        ("-3", None),
        ("٣", None),
    ] {
        assert_eq!(ID.parse(text), parsed, "int parse {text:?}");
        assert_eq!(
            Builtin::Int(ID).accepts(text),
            parsed.is_some(),
            "accepts {text:?}"
        );
    }
    assert_eq!(ID.to_url(&Value::Int(12)).unwrap(), "12");
    assert_eq!(ID.weight(), 50);
    assert!(COLOURS.accepts("red") && !COLOURS.accepts("green"));
    assert_eq!(COLOURS.regex(), "(?:red|blue)");
    assert_eq!(COLOURS.to_value("blue").unwrap(), Value::from("blue"));
    assert_eq!(FloatConverter::default().parse("01.50"), Some(1.5));
    assert!(!PathConverter.part_isolating());
    assert_eq!(
        UuidConverter
            .parse("A8098C1A-F86E-11DA-BD1A-00112444BE1E")
            .map(|u| u.to_string()),
        Some("a8098c1a-f86e-11da-bd1a-00112444be1e".to_string())
    );
    assert!(
        StringConverter {
            minlength: 2,
            maxlength: None
        }
        .accepts("ab")
    );
}
