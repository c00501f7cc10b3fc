//! secure_filename: Werkzeug's results (with its Windows rules, which stellwerk applies
//! everywhere).
#![cfg(feature = "web")]

use proptest::prelude::*;
use stellwerk_runtime::security::secure_filename;

#[test]
fn secure_filename_matches_werkzeug() {
    // Produced by Werkzeug 3.1.9 `secure_filename` with `os.name == "nt"`.
    let cases: [(&str, &str); 26] = [
        ("My cool movie.mov", "My_cool_movie.mov"),
        ("../../../etc/passwd", "etc_passwd"),
        ("i contain cool ümläuts.txt", "i_contain_cool_umlauts.txt"),
        ("__filename__", "filename"),
        ("foo$&^*)bar", "foobar"),
        ("NUL", "_NUL"),
        ("nul.txt", "_nul.txt"),
        ("CON.tar.gz", "_CON.tar.gz"),
        ("com1", "_com1"),
        ("COM¹.txt", "_COM1.txt"),
        ("  .hidden", "hidden"),
        ("a\tb\nc", "a_b_c"),
        ("a\\b/c", "a_b_c"),
        ("ﬁle.pdf", "file.pdf"),
        ("日本語.txt", "txt"),
        ("", ""),
        ("...", ""),
        ("a  b", "a_b"),
        ("x\u{1c}y", "x_y"),
        ("CONIN$", "CONIN"),
        ("aux_", "_aux"),
        ("_aux", "_aux"),
        ("LPT9.x", "_LPT9.x"),
        ("Ünïcödé ñ", "Unicode_n"),
        ("résumé (final).docx", "resume_final.docx"),
        ("-rf", "-rf"),
    ];
    for (input, expected) in cases {
        assert_eq!(
            secure_filename(input),
            expected,
            "secure_filename({input:?})"
        );
    }
}

proptest! {
    #[test]
    fn secure_filename_output_is_always_safe(name in any::<String>()) {
        let safe = secure_filename(&name);
        prop_assert!(safe.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')), "{:?}", safe);
        prop_assert!(!safe.starts_with('.'), "{:?}", safe);
        prop_assert!(safe != ".." && !safe.contains('/'));
        // Idempotent: a safe name stays as it is.
        prop_assert_eq!(secure_filename(&safe), safe.clone());
    }
}
