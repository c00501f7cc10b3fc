//! Parsing one `<converter(args):name>` placeholder, with error recovery.

use super::*;

/// Where to resume after a bad placeholder: just after the next `>`, or at the next `<`
/// or `/` if that comes first (then the `>` probably belongs to something else).
fn recover(src: &str, from: usize) -> usize {
    let bytes = src.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return i + 1,
            b'<' | b'/' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

type PlaceholderResult = Result<(Variable, usize), (GrammarError, usize)>;

pub(super) fn parse_placeholder(src: &str, open: usize) -> PlaceholderResult {
    use GrammarErrorKind as K;
    let bytes = src.as_bytes();
    let mut pos = open + 1;
    let unclosed = |pos: usize| {
        (
            GrammarError::new(
                K::UnclosedPlaceholder,
                open..pos,
                "this placeholder is not closed: write '<name>' or '<converter:name>'",
            ),
            pos,
        )
    };
    if pos >= bytes.len() {
        return Err(unclosed(pos));
    }
    if bytes[pos] == b'>' {
        return Err((
            GrammarError::new(
                K::EmptyPlaceholder,
                open..pos + 1,
                "empty placeholder: write a variable name, e.g. '<id>'",
            ),
            pos + 1,
        ));
    }
    let first_len = ident_len(&bytes[pos..]);
    if first_len == 0 {
        let span = char_span(src, pos);
        let msg = if bytes[pos].is_ascii_whitespace() {
            "whitespace is not allowed inside '<...>'".to_string()
        } else {
            format!(
                "'{}' cannot start a name: converter and variable names are ASCII identifiers ([A-Za-z_][A-Za-z0-9_]*)",
                &src[span.clone()]
            )
        };
        return Err((
            GrammarError::new(K::InvalidName, span, msg),
            recover(src, pos),
        ));
    }
    let first = pos..pos + first_len;
    pos += first_len;
    let unexpected = |pos: usize, expected: &str| {
        if pos >= bytes.len() {
            return unclosed(pos);
        }
        let span = char_span(src, pos);
        let found = &src[span.clone()];
        let msg = if found.trim().is_empty() {
            format!("whitespace is not allowed inside '<...>'; expected {expected}")
        } else if !found.is_ascii() {
            format!(
                "'{found}' is not allowed here: names are ASCII identifiers; expected {expected}"
            )
        } else {
            format!("unexpected '{found}': expected {expected}")
        };
        (
            GrammarError::new(K::UnexpectedCharacter, span, msg),
            recover(src, pos),
        )
    };
    match bytes.get(pos) {
        Some(b'>') => {
            return Ok((
                Variable {
                    name: src[first.clone()].to_string(),
                    name_span: first,
                    converter: None,
                    span: open..pos + 1,
                },
                pos + 1,
            ));
        }
        Some(b':') | Some(b'(') => {}
        _ => return Err(unexpected(pos, "'>', ':' or '('")),
    }
    let mut args = Vec::new();
    let mut args_span = None;
    if bytes[pos] == b'(' {
        let paren = pos;
        let close = match find_close_paren(src, pos + 1) {
            Some(c) => c,
            None => {
                return Err((
                    GrammarError::new(
                        K::UnclosedArguments,
                        paren..src.len(),
                        "the converter arguments are not closed: add ')'",
                    ),
                    src.len(),
                ));
            }
        };
        let mut errors = Vec::new();
        args = ArgParser {
            src,
            pos: paren + 1,
            end: close,
            offset: 0,
        }
        .parse(&mut errors);
        if let Some(e) = errors.into_iter().next() {
            return Err((e, recover(src, close + 1)));
        }
        args_span = Some(paren..close + 1);
        pos = close + 1;
        if bytes.get(pos) == Some(&b'>') {
            return Err((
                GrammarError::new(
                    K::MissingVariableName,
                    open..pos + 1,
                    format!(
                        "missing variable name: write '<{}{}:name>'",
                        &src[first.clone()],
                        &src[paren..pos]
                    ),
                ),
                pos + 1,
            ));
        }
        if bytes.get(pos) != Some(&b':') {
            return Err(unexpected(pos, "':' and a variable name"));
        }
    }
    // bytes[pos] == b':'
    pos += 1;
    let var_len = ident_len(bytes.get(pos..).unwrap_or(&[]));
    if var_len == 0 {
        if bytes.get(pos) == Some(&b'>') {
            return Err((
                GrammarError::new(
                    K::MissingVariableName,
                    open..pos + 1,
                    format!(
                        "missing variable name: write '<{}:name>'",
                        &src[open + 1..pos - 1]
                    ),
                ),
                pos + 1,
            ));
        }
        return Err(unexpected(pos, "a variable name"));
    }
    let name_span = pos..pos + var_len;
    pos += var_len;
    if bytes.get(pos) != Some(&b'>') {
        return Err(unexpected(pos, "'>'"));
    }
    Ok((
        Variable {
            name: src[name_span.clone()].to_string(),
            name_span,
            converter: Some(ConverterCall {
                name: src[first.clone()].to_string(),
                name_span: first,
                args,
                args_span,
            }),
            span: open..pos + 1,
        },
        pos + 1,
    ))
}

/// Finds the `)` closing an argument list that starts at `from`, skipping quoted strings.
fn find_close_paren(src: &str, from: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b')' => return Some(i),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}
