//! Diagnostics: error accumulation, "did you mean", and the caret picture that shows where
//! in a rule string a mistake is (stable Rust cannot point a span inside a string literal).

use std::ops::Range;

use proc_macro2::Span;

/// Errors collected while expanding one macro, reported together.
#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    /// Adds an error.
    pub fn push(&mut self, e: syn::Error) {
        self.errors.push(e);
    }

    /// Adds several.
    pub fn extend(&mut self, es: impl IntoIterator<Item = syn::Error>) {
        self.errors.extend(es);
    }

    /// True when nothing went wrong.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// All errors combined into one (`Err`), or `Ok` when there are none.
    pub fn finish(self) -> syn::Result<()> {
        let mut iter = self.errors.into_iter();
        match iter.next() {
            None => Ok(()),
            Some(mut first) => {
                for e in iter {
                    first.combine(e);
                }
                Err(first)
            }
        }
    }
}

/// Edit distance with adjacent transpositions (optimal string alignment), on chars: a
/// swapped pair of letters (`itn` for `int`) is one typo, not two.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The closest candidate, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// An error about a byte range of a string option (`what` is `rule`, `host`, ...), spanned
/// on the literal, whose message shows the string with a caret line under the range and
/// then a `help:` line:
///
/// ```text
/// unknown converter `nope`
///   rule: "/users/<nope:id>"
///                  ^^^^
///   help: ...
/// ```
pub fn caret_error(
    span: Span,
    what: &str,
    text: &str,
    range: Range<usize>,
    message: &str,
    help: &str,
) -> syn::Error {
    let start = clamp_to_char(text, range.start.min(text.len()));
    let end = clamp_to_char(text, range.end.min(text.len())).max(start);
    let shown = format!("{text:?}");
    // Columns in the Debug form: escapes (`\"`, `\\`, `\n`) widen characters.
    let col = |byte: usize| format!("{:?}", &text[..byte]).chars().count() - 1;
    let from = col(start);
    let width = (col(end) - from).max(1);
    let prefix = format!("  {what}: ");
    let mut msg = format!(
        "{message}\n{prefix}{shown}\n{}{}",
        " ".repeat(prefix.len() + from),
        "^".repeat(width)
    );
    if !help.is_empty() {
        msg.push_str("\n  help: ");
        msg.push_str(help);
    }
    syn::Error::new(span, msg)
}

fn clamp_to_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        for (a, b, d) in [
            ("", "", 0),
            ("int", "int", 0),
            ("itn", "int", 1),
            ("strng", "string", 1),
            ("kitten", "sitting", 3),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} -> {b}");
        }
    }

    #[test]
    fn suggestions_only_for_close_words() {
        let opts = ["methods", "endpoint", "defaults"];
        for (word, expected) in [
            ("method", Some("methods")),
            ("endpont", Some("endpoint")),
            ("colour", None),
            ("METHODS", Some("methods")),
        ] {
            assert_eq!(did_you_mean(word, opts), expected, "{word}");
        }
    }

    #[test]
    fn caret_under_the_range_even_after_escapes() {
        let e = caret_error(Span::call_site(), "rule", "/a\"b/<x>", 5..8, "bad", "fix");
        let msg = e.to_string();
        let lines: Vec<&str> = msg.lines().collect();
        assert_eq!(lines[1], "  rule: \"/a\\\"b/<x>\"");
        let caret = lines[2].find('^').unwrap();
        assert_eq!(&lines[1][caret..caret + 3], "<x>");
        assert_eq!(lines[3], "  help: fix");
    }
}
