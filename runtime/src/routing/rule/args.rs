//! The converter-argument lexer: the strict literal grammar of DESIGN.md departure 4.

use super::*;

pub(super) struct ArgParser<'a> {
    pub(super) src: &'a str,
    pub(super) pos: usize,
    pub(super) end: usize,
    /// Added to every span (unused offset hook for callers that parse a slice).
    pub(super) offset: usize,
}

impl ArgParser<'_> {
    fn span(&self, r: Span) -> Span {
        r.start + self.offset..r.end + self.offset
    }

    fn peek(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.src.as_bytes()[self.pos])
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn err(&self, kind: GrammarErrorKind, span: Span, msg: impl Into<String>) -> GrammarError {
        GrammarError::new(kind, self.span(span), msg)
    }

    /// The end of the character starting at byte `at` (`at` itself at the end of input).
    fn char_end(&self, at: usize) -> usize {
        self.src
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(at, |c| at + c.len_utf8())
    }

    /// The rest of the current argument (up to the next `,` outside quotes) for messages.
    fn junk_span(&self, from: usize) -> Span {
        let bytes = self.src.as_bytes();
        let mut i = from;
        while i < self.end && bytes[i] != b',' {
            i += 1;
        }
        from..i.max(from + 1).min(self.end.max(from + 1))
    }

    pub(super) fn parse(mut self, errors: &mut Vec<GrammarError>) -> Vec<Arg> {
        use GrammarErrorKind as K;
        let mut args: Vec<Arg> = Vec::new();
        loop {
            self.skip_ws();
            if self.peek().is_none() {
                break;
            }
            if self.peek() == Some(b',') {
                errors.push(self.err(
                    K::InvalidArgument,
                    self.pos..self.pos + 1,
                    "empty converter argument: remove the extra ','",
                ));
                return args;
            }
            match self.parse_arg() {
                Ok(arg) => {
                    if let Some(k) = &arg.keyword
                        && args.iter().any(|a| a.keyword.as_ref() == Some(k))
                    {
                        errors.push(self.err(
                            K::DuplicateKeyword,
                            arg.keyword_span.clone().unwrap_or(arg.value_span.clone()),
                            format!("the keyword '{k}' is given twice; give it once"),
                        ));
                    }
                    args.push(arg);
                }
                Err(e) => {
                    errors.push(e);
                    return args;
                }
            }
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(b',') => self.pos += 1,
                Some(_) => {
                    let span = self.junk_span(self.pos);
                    errors.push(self.err(
                        K::InvalidArgument,
                        span.clone(),
                        format!(
                            "unexpected '{}' after a converter argument: separate arguments with ','",
                            &self.src[span]
                        ),
                    ));
                    return args;
                }
            }
        }
        args
    }

    fn parse_arg(&mut self) -> Result<Arg, GrammarError> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let len = ident_len(&bytes[start..self.end]);
        if len > 0 {
            // A keyword if the identifier is followed by `=`.
            let mut after = start + len;
            while after < self.end && bytes[after].is_ascii_whitespace() {
                after += 1;
            }
            if after < self.end && bytes[after] == b'=' {
                let keyword_span = start..start + len;
                self.pos = after + 1;
                self.skip_ws();
                if self.peek().is_none() || self.peek() == Some(b',') {
                    return Err(self.err(
                        GrammarErrorKind::InvalidArgument,
                        start..self.pos,
                        format!(
                            "the keyword '{}' has no value: write {}=<value>",
                            &self.src[keyword_span.clone()],
                            &self.src[keyword_span.clone()]
                        ),
                    ));
                }
                let (value, value_span) = self.parse_literal()?;
                return Ok(Arg {
                    keyword: Some(self.src[keyword_span.clone()].to_string()),
                    keyword_span: Some(self.span(keyword_span)),
                    value,
                    value_span: self.span(value_span),
                });
            }
        }
        let (value, value_span) = self.parse_literal()?;
        Ok(Arg {
            keyword: None,
            keyword_span: None,
            value,
            value_span: self.span(value_span),
        })
    }

    fn parse_literal(&mut self) -> Result<(Literal, Span), GrammarError> {
        use GrammarErrorKind as K;
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let Some(first) = self.peek() else {
            return Err(self.err(K::InvalidArgument, start..start, "expected a value"));
        };
        if first == b'"' || first == b'\'' {
            return self.parse_string(first);
        }
        if first == b'-' || first.is_ascii_digit() {
            return self.parse_number();
        }
        if is_ident_start(first) {
            let mut i = start;
            while i < self.end
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.' | b'-'))
            {
                i += 1;
            }
            self.pos = i;
            let word = &self.src[start..i];
            let value = match word {
                "true" | "True" => Literal::Bool(true),
                "false" | "False" => Literal::Bool(false),
                "None" | "none" | "null" => {
                    return Err(self.err(
                        K::InvalidArgument,
                        start..i,
                        format!(
                            "'{word}' is not a value: leave the argument out to get its default, or quote it to mean the text"
                        ),
                    ));
                }
                _ => Literal::Str(word.to_string()),
            };
            return Ok((value, start..i));
        }
        let span = self.junk_span(start);
        Err(self.err(
            K::InvalidArgument,
            span.clone(),
            format!(
                "cannot parse converter argument '{}': expected an integer, a float, a quoted string, true/false or a bare word",
                &self.src[span]
            ),
        ))
    }

    fn parse_number(&mut self) -> Result<(Literal, Span), GrammarError> {
        use GrammarErrorKind as K;
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let mut i = start;
        if bytes[i] == b'-' {
            i += 1;
        }
        let digits_start = i;
        while i < self.end && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == digits_start {
            return Err(self.err(
                K::InvalidArgument,
                // The '-' and the character after it (whole, so the span stays on
                // character boundaries).
                start..self.char_end(i).min(self.end).max(start + 1),
                "a '-' must be followed by digits, e.g. -5",
            ));
        }
        let mut is_float = false;
        if i < self.end && bytes[i] == b'.' {
            i += 1;
            let frac = i;
            while i < self.end && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i == frac {
                return Err(self.err(
                    K::InvalidArgument,
                    start..i,
                    format!(
                        "'{}' is not a valid float: write digits after the point, e.g. {}0",
                        &self.src[start..i],
                        &self.src[start..i]
                    ),
                ));
            }
            is_float = true;
        }
        if i < self.end && (bytes[i] == b'e' || bytes[i] == b'E') {
            let mut j = i + 1;
            if j < self.end && (bytes[j] == b'+' || bytes[j] == b'-') {
                j += 1;
            }
            let exp = j;
            while j < self.end && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j == exp {
                return Err(self.err(
                    K::InvalidArgument,
                    start..j,
                    "an exponent needs digits, e.g. 1e5",
                ));
            }
            i = j;
            is_float = true;
        }
        // A number glued to letters or underscores (`1_000`, `0x10`, `5px`) is junk.
        if i < self.end && (is_ident_continue(bytes[i]) || bytes[i] == b'.') {
            let span = self.junk_span(start);
            return Err(self.err(
                K::InvalidArgument,
                span.clone(),
                format!(
                    "cannot parse converter argument '{}': numbers are plain decimal digits (no '_', no prefixes); quote it to mean text",
                    &self.src[span]
                ),
            ));
        }
        self.pos = i;
        let text = &self.src[start..i];
        if is_float {
            match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok((Literal::Float(x), start..i)),
                _ => Err(self.err(
                    K::InvalidArgument,
                    start..i,
                    format!("the float '{text}' is out of range"),
                )),
            }
        } else {
            match text.parse::<i128>() {
                Ok(n) => Ok((Literal::Int(n), start..i)),
                Err(_) => Err(self.err(
                    K::InvalidArgument,
                    start..i,
                    format!("the integer '{text}' is out of range"),
                )),
            }
        }
    }

    fn parse_string(&mut self, quote: u8) -> Result<(Literal, Span), GrammarError> {
        use GrammarErrorKind as K;
        let start = self.pos;
        let mut out = String::new();
        let mut i = start + 1;
        let src = self.src;
        while i < self.end {
            let c = src[i..].chars().next().unwrap_or('\0');
            if c as u32 == quote as u32 {
                self.pos = i + 1;
                return Ok((Literal::Str(out), start..i + 1));
            }
            if c == '\\' {
                let esc = src[i + 1..self.end].chars().next();
                let replacement = match esc {
                    Some('\\') => '\\',
                    Some('"') => '"',
                    Some('\'') => '\'',
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some(other) => {
                        return Err(self.err(
                            K::InvalidEscape,
                            i..i + 1 + other.len_utf8(),
                            format!(
                                "unknown escape '\\{other}': the escapes are \\\\, \\\", \\', \\n and \\t"
                            ),
                        ));
                    }
                    None => break,
                };
                out.push(replacement);
                i += 2;
                continue;
            }
            out.push(c);
            i += c.len_utf8();
        }
        Err(self.err(
            K::UnterminatedString,
            start..self.end,
            format!("this string is not closed: add {}", quote as char),
        ))
    }
}
