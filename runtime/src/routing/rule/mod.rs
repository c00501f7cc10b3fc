//! The rule grammar: the one parser for rule strings, domain strings and converter arguments.
//!
//! The proc macros call these functions at build time and the [`Map`](super::Map) calls them
//! at run time, so a rule means the same thing in both places. Every token carries the byte
//! range it came from (a `Range<usize>` into the parsed string) so that errors and generated
//! code can point into the string literal.
//!
//! Grammar (Werkzeug's, made strict where DESIGN.md departs from it):
//!
//! ```text
//! rule        = "/" *( static / "/" / placeholder )
//! placeholder = "<" [ converter [ "(" args ")" ] ":" ] variable ">"
//! converter   = ident            ; ASCII identifier, case-sensitive
//! variable    = ident
//! args        = [ arg *( "," arg ) [ "," ] ]
//! arg         = [ ident "=" ] literal
//! literal     = integer / float / string / "true" / "false" / "True" / "False" / word
//! ```
//!
//! ```
//! use stellwerk_runtime::routing::rule::{parse, Token};
//!
//! let rule = parse("/users/<int(min=1):id>").unwrap();
//! let vars: Vec<&str> = rule.variables().map(|v| v.name.as_str()).collect();
//! assert_eq!(vars, ["id"]);
//! assert!(matches!(rule.tokens[1], Token::Static(_)));
//! ```

use std::fmt;
use std::ops::Range;

mod args;
mod placeholder;
#[cfg(test)]
mod tests;

use args::ArgParser;
use placeholder::parse_placeholder;

/// A byte range into the parsed string.
pub type Span = Range<usize>;

/// A parsed rule, domain or `redirect_to` template.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRule {
    /// The parsed string, unchanged.
    pub source: String,
    /// The tokens in order.
    pub tokens: Vec<Token>,
}

/// One token of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A `/` separator.
    Slash(Span),
    /// Static text (never contains `/` or `<`).
    Static(StaticText),
    /// A `<...>` placeholder.
    Variable(Variable),
}

/// A chunk of static text.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticText {
    /// The text.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A `<converter(args):name>` placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// The variable name.
    pub name: String,
    /// The span of the variable name.
    pub name_span: Span,
    /// The converter call, `None` for `<name>` (the `default` converter).
    pub converter: Option<ConverterCall>,
    /// The span of the whole placeholder, `<` to `>` inclusive.
    pub span: Span,
}

impl Variable {
    /// The converter name this placeholder uses (`"default"` when none is written).
    pub fn converter_name(&self) -> &str {
        self.converter
            .as_ref()
            .map_or("default", |c| c.name.as_str())
    }

    /// The parsed arguments (empty when none are written).
    pub fn args(&self) -> &[Arg] {
        self.converter.as_ref().map_or(&[], |c| c.args.as_slice())
    }
}

/// A converter call inside a placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct ConverterCall {
    /// The converter name.
    pub name: String,
    /// Where the name is.
    pub name_span: Span,
    /// The arguments.
    pub args: Vec<Arg>,
    /// The span of the parenthesised argument list, parentheses included.
    pub args_span: Option<Span>,
}

/// One converter argument, positional or keyword.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The keyword, for `name=value`.
    pub keyword: Option<String>,
    /// Where the keyword is.
    pub keyword_span: Option<Span>,
    /// The value.
    pub value: Literal,
    /// Where the value is.
    pub value_span: Span,
}

impl Arg {
    /// The span of the whole argument (keyword and value).
    pub fn span(&self) -> Span {
        match &self.keyword_span {
            Some(k) => k.start..self.value_span.end,
            None => self.value_span.clone(),
        }
    }
}

/// A converter argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// An integer, e.g. `-5`.
    Int(i128),
    /// A float, e.g. `1.5` or `2e3`.
    Float(f64),
    /// A quoted string (escapes processed) or a bare word.
    Str(String),
    /// `true`/`false`/`True`/`False`.
    Bool(bool),
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Float(x) => write!(f, "{x:?}"),
            Literal::Str(s) => {
                f.write_str("\"")?;
                for c in s.chars() {
                    match c {
                        '\\' => f.write_str("\\\\")?,
                        '"' => f.write_str("\\\"")?,
                        '\n' => f.write_str("\\n")?,
                        '\t' => f.write_str("\\t")?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"")
            }
            Literal::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// What went wrong in a rule string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GrammarErrorKind {
    /// A path rule does not start with `/`.
    MissingLeadingSlash,
    /// A `<` without its closing `>`.
    UnclosedPlaceholder,
    /// `<>`.
    EmptyPlaceholder,
    /// A converter or variable name that is not an ASCII identifier.
    InvalidName,
    /// `<int:>` or `<int()>`: no variable name.
    MissingVariableName,
    /// A character that cannot appear at this place in a placeholder.
    UnexpectedCharacter,
    /// `(` without `)`.
    UnclosedArguments,
    /// A converter argument that is not a valid literal.
    InvalidArgument,
    /// A quoted string without its closing quote.
    UnterminatedString,
    /// An unknown backslash escape in a quoted string.
    InvalidEscape,
    /// The same keyword twice in one argument list.
    DuplicateKeyword,
    /// The same variable name twice in one rule.
    DuplicateVariable,
    /// A `/` in a domain (subdomain or host) string.
    SlashInDomain,
}

/// A grammar error: its kind, a message that says how to fix it, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError {
    /// The kind of mistake.
    pub kind: GrammarErrorKind,
    /// A human-readable message that says how to fix it.
    pub message: String,
    /// The byte range in the parsed string.
    pub span: Span,
}

impl GrammarError {
    fn new(kind: GrammarErrorKind, span: Span, message: impl Into<String>) -> Self {
        GrammarError {
            kind,
            message: message.into(),
            span,
        }
    }
}

impl fmt::Display for GrammarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at bytes {}..{})",
            self.message, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for GrammarError {}

/// Writes the rule back in canonical form (arguments as literals, strings double-quoted),
/// which parses to the same tokens.
impl fmt::Display for ParsedRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for token in &self.tokens {
            match token {
                Token::Slash(_) => f.write_str("/")?,
                Token::Static(s) => f.write_str(&s.text)?,
                Token::Variable(v) => {
                    f.write_str("<")?;
                    if let Some(c) = &v.converter {
                        f.write_str(&c.name)?;
                        if c.args_span.is_some() {
                            f.write_str("(")?;
                            for (i, arg) in c.args.iter().enumerate() {
                                if i > 0 {
                                    f.write_str(", ")?;
                                }
                                if let Some(k) = &arg.keyword {
                                    write!(f, "{k}=")?;
                                }
                                write!(f, "{}", arg.value)?;
                            }
                            f.write_str(")")?;
                        }
                        f.write_str(":")?;
                    }
                    write!(f, "{}>", v.name)?;
                }
            }
        }
        Ok(())
    }
}

impl ParsedRule {
    /// The placeholders in order.
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.tokens.iter().filter_map(|t| match t {
            Token::Variable(v) => Some(v),
            _ => None,
        })
    }

    /// True when the rule ends with `/` (a "branch" in Werkzeug's terms).
    pub fn is_branch(&self) -> bool {
        matches!(self.tokens.last(), Some(Token::Slash(_)))
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Path,
    Domain,
    Template,
}

/// Parses a path rule such as `/users/<int(min=1):id>`.
///
/// Returns every error found (the parser recovers after a bad placeholder), including
/// duplicate variable names (reported at the second occurrence).
pub fn parse(rule: &str) -> Result<ParsedRule, Vec<GrammarError>> {
    parse_mode(rule, Mode::Path)
}

/// Parses a subdomain or host string such as `<lang>.example.com` (no `/` allowed).
pub fn parse_domain(domain: &str) -> Result<ParsedRule, Vec<GrammarError>> {
    parse_mode(domain, Mode::Domain)
}

/// Parses a `redirect_to` template: like a rule, but it need not start with `/`
/// (`https://other.test/<x>`, `../up/<s>`), and it may repeat a variable.
pub fn parse_template(template: &str) -> Result<ParsedRule, Vec<GrammarError>> {
    parse_mode(template, Mode::Template)
}

/// Parses a converter argument list (the text between the parentheses). Spans are relative
/// to `text`.
///
/// ```
/// use stellwerk_runtime::routing::rule::{parse_args, Literal};
///
/// let args = parse_args("min=-5, 'a,b', x").unwrap();
/// assert_eq!(args[0].keyword.as_deref(), Some("min"));
/// assert_eq!(args[0].value, Literal::Int(-5));
/// assert_eq!(args[1].value, Literal::Str("a,b".into()));
/// assert!(parse_args("a,,b").is_err());
/// ```
pub fn parse_args(text: &str) -> Result<Vec<Arg>, Vec<GrammarError>> {
    let mut errors = Vec::new();
    let args = ArgParser {
        src: text,
        pos: 0,
        end: text.len(),
        offset: 0,
    }
    .parse(&mut errors);
    if errors.is_empty() {
        Ok(args)
    } else {
        Err(errors)
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Length in bytes of the ASCII identifier at the start of `s` (0 if none).
fn ident_len(s: &[u8]) -> usize {
    if s.first().is_some_and(|&b| is_ident_start(b)) {
        s.iter().take_while(|&&b| is_ident_continue(b)).count()
    } else {
        0
    }
}

/// The span of the character starting at `pos` (at least one byte).
fn char_span(src: &str, pos: usize) -> Span {
    let len = src[pos..].chars().next().map_or(1, char::len_utf8);
    pos..pos + len
}

fn parse_mode(src: &str, mode: Mode) -> Result<ParsedRule, Vec<GrammarError>> {
    let mut errors = Vec::new();
    let mut tokens = Vec::new();
    let bytes = src.as_bytes();
    if mode == Mode::Path && !src.starts_with('/') {
        errors.push(GrammarError::new(
            GrammarErrorKind::MissingLeadingSlash,
            if src.is_empty() {
                0..0
            } else {
                char_span(src, 0)
            },
            format!("a rule must start with a slash: write \"/{src}\""),
        ));
    }
    let mut pos = 0;
    while pos < bytes.len() {
        match bytes[pos] {
            b'/' => {
                if mode == Mode::Domain {
                    errors.push(GrammarError::new(
                        GrammarErrorKind::SlashInDomain,
                        pos..pos + 1,
                        "a subdomain or host cannot contain '/'; put the path in the rule",
                    ));
                }
                tokens.push(Token::Slash(pos..pos + 1));
                pos += 1;
            }
            b'<' => match parse_placeholder(src, pos) {
                Ok((var, end)) => {
                    tokens.push(Token::Variable(var));
                    pos = end;
                }
                Err((err, resume)) => {
                    errors.push(err);
                    pos = resume;
                }
            },
            _ => {
                let start = pos;
                while pos < bytes.len() && bytes[pos] != b'/' && bytes[pos] != b'<' {
                    pos += 1;
                }
                tokens.push(Token::Static(StaticText {
                    text: src[start..pos].to_string(),
                    span: start..pos,
                }));
            }
        }
    }
    if mode != Mode::Template {
        let mut seen: Vec<&Variable> = Vec::new();
        for token in &tokens {
            if let Token::Variable(v) = token {
                if let Some(first) = seen.iter().find(|s| s.name == v.name) {
                    errors.push(GrammarError::new(
                        GrammarErrorKind::DuplicateVariable,
                        v.name_span.clone(),
                        format!(
                            "the variable '{}' is already used at bytes {}..{}; give each variable its own name",
                            v.name, first.name_span.start, first.name_span.end
                        ),
                    ));
                } else {
                    seen.push(v);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(ParsedRule {
            source: src.to_string(),
            tokens,
        })
    } else {
        Err(errors)
    }
}
