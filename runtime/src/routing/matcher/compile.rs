//! Compiling a parsed rule into parts.

use super::{ConverterRef, PartError, PartSpec, Piece};
use crate::routing::rule::{ParsedRule, Token, Variable};

/// Splits a rule (and its domain) into parts, resolving each placeholder's converter with
/// `resolve`. This is how both the [`Map`](crate::routing::Map) and the macros compile a rule.
///
/// `merge_slashes` collapses repeated `/` in the rule first. The domain becomes exactly one
/// part (static text lower-cased, since hosts compare lower-cased).
pub fn compile_parts<E>(
    domain: Option<&ParsedRule>,
    path: &ParsedRule,
    merge_slashes: bool,
    resolve: &mut dyn FnMut(&Variable) -> Result<ConverterRef, E>,
    part_error: &mut dyn FnMut(PartError) -> E,
) -> Result<Vec<PartSpec>, E> {
    let mut parts = Vec::new();
    // The domain part.
    match domain {
        None => parts.push(PartSpec::Static(String::new())),
        Some(d) => {
            let mut pieces = Vec::new();
            for token in &d.tokens {
                match token {
                    Token::Static(s) => pieces.push(Piece::Static(s.text.to_ascii_lowercase())),
                    Token::Variable(v) => pieces.push(Piece::Convert(resolve(v)?)),
                    Token::Slash(_) => {}
                }
            }
            if pieces.iter().all(|p| matches!(p, Piece::Static(_))) {
                let text: String = pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Static(s) => s.as_str(),
                        Piece::Convert(_) => "",
                    })
                    .collect();
                parts.push(PartSpec::Static(text));
            } else {
                parts.push(PartSpec::dynamic(pieces, false, false).map_err(&mut *part_error)?);
            }
        }
    }
    // Split the path tokens (after the leading slash) into segments.
    let mut segments: Vec<Vec<&Token>> = vec![Vec::new()];
    let mut tokens = path.tokens.iter().peekable();
    if matches!(tokens.peek(), Some(Token::Slash(_))) {
        tokens.next();
    }
    let mut prev_slash = false;
    for token in tokens {
        if let Token::Slash(_) = token {
            if merge_slashes && prev_slash {
                continue;
            }
            prev_slash = true;
            segments.push(Vec::new());
        } else {
            prev_slash = false;
            if let Some(last) = segments.last_mut() {
                last.push(token);
            }
        }
    }
    let mut i = 0;
    while i < segments.len() {
        let seg = &segments[i];
        if seg.iter().all(|t| matches!(t, Token::Static(_))) {
            let text: String = seg
                .iter()
                .map(|t| match t {
                    Token::Static(s) => s.text.as_str(),
                    _ => "",
                })
                .collect();
            parts.push(PartSpec::Static(text));
            i += 1;
            continue;
        }
        let mut pieces = Vec::new();
        let mut is_final = false;
        for t in seg {
            match t {
                Token::Static(s) => pieces.push(Piece::Static(s.text.clone())),
                Token::Variable(v) => {
                    let c = resolve(v)?;
                    is_final |= !c.as_dyn().part_isolating();
                    pieces.push(Piece::Convert(c));
                }
                Token::Slash(_) => {}
            }
        }
        if !is_final {
            parts.push(PartSpec::dynamic(pieces, false, false).map_err(&mut *part_error)?);
            i += 1;
            continue;
        }
        // A final part takes every remaining segment, slashes included.
        for seg in &segments[i + 1..] {
            pieces.push(Piece::Static("/".into()));
            for t in seg {
                match t {
                    Token::Static(s) => pieces.push(Piece::Static(s.text.clone())),
                    Token::Variable(v) => pieces.push(Piece::Convert(resolve(v)?)),
                    Token::Slash(_) => {}
                }
            }
        }
        let suffixed = segments.len() > i + 1 && segments.last().is_some_and(|s| s.is_empty());
        if suffixed {
            pieces.pop();
        }
        parts.push(PartSpec::dynamic(pieces, true, suffixed).map_err(&mut *part_error)?);
        if suffixed {
            parts.push(PartSpec::Static(String::new()));
        }
        break;
    }
    Ok(parts)
}
