//! Checks a route's strings with the runtime's grammar and converter constructors, and
//! reports every mistake as a caret picture with a fix.

use stellwerk_runtime::routing::converter::{BUILTIN_NAMES, Builtin, builtin};
use stellwerk_runtime::routing::rule::{self, GrammarError, GrammarErrorKind, ParsedRule};
use syn::LitStr;

use crate::diag::{Errors, caret_error, did_you_mean};
use crate::options::RouteOptions;

/// Which string a variable comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// `subdomain = "..."`.
    Subdomain,
    /// `host = "..."`.
    Host,
    /// The rule.
    Path,
}

impl Part {
    /// The label used in caret pictures.
    pub fn label(self) -> &'static str {
        match self {
            Part::Subdomain => "subdomain",
            Part::Host => "host",
            Part::Path => "rule",
        }
    }
}

/// A converter as the macros know it.
#[derive(Clone, Debug, PartialEq)]
pub enum ConverterSpec {
    /// A built-in, validated with the runtime's constructor.
    Builtin {
        /// The name as written (`default` for `<name>`).
        name: String,
        /// The arguments as written between the parentheses.
        args: String,
        /// The constructed converter.
        converter: Builtin,
    },
    /// A custom converter: a type in scope (`<Color:c>`).
    Custom {
        /// The type name.
        name: String,
    },
}

impl ConverterSpec {
    /// The converter name as written.
    pub fn name(&self) -> &str {
        match self {
            ConverterSpec::Builtin { name, .. } | ConverterSpec::Custom { name } => name,
        }
    }

    /// The arguments as written.
    pub fn args(&self) -> &str {
        match self {
            ConverterSpec::Builtin { args, .. } => args,
            ConverterSpec::Custom { .. } => "",
        }
    }
}

/// One rule variable.
#[derive(Clone, Debug, PartialEq)]
pub struct VarSpec {
    /// The name.
    pub name: String,
    /// Which string it is in.
    pub part: Part,
    /// Its converter.
    pub converter: ConverterSpec,
    /// The byte range of the name in its string.
    pub name_range: std::ops::Range<usize>,
}

/// The checked strings of a route.
pub struct CheckedRule {
    /// The variables in order: subdomain or host first, then the rule's.
    pub vars: Vec<VarSpec>,
}

const CONVERTER_HELP: &str = "built-in converters are default, string, int, float, path, any, uuid; a custom converter is a type in scope written with an uppercase name, e.g. <Color:c>";

fn grammar_help(kind: GrammarErrorKind) -> &'static str {
    use GrammarErrorKind as K;
    match kind {
        K::MissingLeadingSlash => "rules are paths: start them with '/'",
        K::UnclosedPlaceholder => "close the placeholder with '>', e.g. \"/users/<id>\"",
        K::EmptyPlaceholder => "name the variable, e.g. \"/users/<id>\"",
        K::InvalidName => {
            "names are ASCII identifiers: letters, digits and '_', not starting with a digit"
        }
        K::MissingVariableName => "write the variable name after ':', e.g. <int:id>",
        K::UnexpectedCharacter => {
            "a placeholder is <name>, <converter:name> or <converter(args):name>"
        }
        K::UnclosedArguments => "close the argument list with ')', e.g. <int(min=1):id>",
        K::InvalidArgument => {
            "arguments are integers, floats, quoted strings, true/false or words, separated by ',', e.g. <int(min=1, max=9):n>"
        }
        K::UnterminatedString => "close the quoted string",
        K::InvalidEscape => "the escapes are \\\\, \\\", \\', \\n, \\t and \\r",
        K::DuplicateKeyword => "give each keyword once",
        K::DuplicateVariable => {
            "rename one of them: each variable binds to its own handler argument"
        }
        K::SlashInDomain => "put the path in the rule, not in the host or subdomain",
        _ => "see the rule grammar in the stellwerk-macros docs",
    }
}

fn grammar_errors(
    lit: &LitStr,
    what: &str,
    text: &str,
    errs: Vec<GrammarError>,
    errors: &mut Errors,
) {
    for e in errs {
        errors.push(caret_error(
            lit.span(),
            what,
            text,
            e.span.clone(),
            &e.message,
            grammar_help(e.kind),
        ));
    }
}

/// Checks the converter of every placeholder of `parsed`.
fn check_vars(lit: &LitStr, part: Part, parsed: &ParsedRule, errors: &mut Errors) -> Vec<VarSpec> {
    let text = &parsed.source;
    let mut out = Vec::new();
    for var in parsed.variables() {
        let name = var.converter_name();
        let spec = if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            if let Some(args) = var.converter.as_ref().and_then(|c| c.args_span.clone()) {
                errors.push(caret_error(
                    lit.span(),
                    part.label(),
                    text,
                    args,
                    &format!("the custom converter `{name}` takes no arguments"),
                    &format!("write <{name}:{}>; put settings in the type", var.name),
                ));
                continue;
            }
            ConverterSpec::Custom {
                name: name.to_string(),
            }
        } else {
            match builtin(name, var.args()) {
                None => {
                    let range = var
                        .converter
                        .as_ref()
                        .map_or(var.span.clone(), |c| c.name_span.clone());
                    let suggestion = did_you_mean(name, BUILTIN_NAMES)
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    errors.push(caret_error(
                        lit.span(),
                        part.label(),
                        text,
                        range,
                        &format!("unknown converter `{name}`"),
                        &format!("{suggestion}{CONVERTER_HELP}"),
                    ));
                    continue;
                }
                Some(Err(e)) => {
                    let call = var.converter.as_ref();
                    let range = e
                        .span
                        .clone()
                        .or_else(|| call.and_then(|c| c.args_span.clone()))
                        .or_else(|| call.map(|c| c.name_span.clone()))
                        .unwrap_or(var.span.clone());
                    errors.push(caret_error(
                        lit.span(),
                        part.label(),
                        text,
                        range,
                        &format!(
                            "invalid arguments for the `{name}` converter: {}",
                            e.message
                        ),
                        &converter_args_help(name),
                    ));
                    continue;
                }
                Some(Ok(converter)) => {
                    if part != Part::Path && matches!(converter, Builtin::Path(_)) {
                        errors.push(caret_error(
                            lit.span(),
                            part.label(),
                            text,
                            var.span.clone(),
                            "the `path` converter cannot be used in a host or subdomain",
                            "use <name> or <string:name> for a host label",
                        ));
                        continue;
                    }
                    let args = var
                        .converter
                        .as_ref()
                        .and_then(|c| c.args_span.clone())
                        .map(|r| text[r.start + 1..r.end - 1].to_string())
                        .unwrap_or_default();
                    ConverterSpec::Builtin {
                        name: name.to_string(),
                        args,
                        converter,
                    }
                }
            }
        };
        out.push(VarSpec {
            name: var.name.clone(),
            part,
            converter: spec,
            name_range: var.name_span.clone(),
        });
    }
    out
}

fn converter_args_help(name: &str) -> String {
    match name {
        "int" => {
            "int accepts fixed_digits, min, max and signed, e.g. <int(min=1, max=100):n>".into()
        }
        "float" => "float accepts min, max and signed, e.g. <float(min=0.5, signed=true):x>".into(),
        "default" | "string" => {
            "string accepts minlength, maxlength and length, e.g. <string(length=2):code>".into()
        }
        "any" => "any takes the accepted items, e.g. <any(en, de, 'pt-br'):lang>".into(),
        other => format!("`{other}` takes no arguments"),
    }
}

/// Parses and checks the rule, host, subdomain and redirect target; returns the variables.
pub fn check(rule_lit: &LitStr, opts: &RouteOptions, errors: &mut Errors) -> CheckedRule {
    let mut vars = Vec::new();
    for (part, lit) in [(Part::Subdomain, &opts.subdomain), (Part::Host, &opts.host)] {
        let Some(lit) = lit else { continue };
        let text = lit.value();
        match rule::parse_domain(&text) {
            Ok(parsed) => vars.extend(check_vars(lit, part, &parsed, errors)),
            Err(errs) => grammar_errors(lit, part.label(), &text, errs, errors),
        }
    }
    let text = rule_lit.value();
    match rule::parse(&text) {
        Ok(parsed) => {
            let path_vars = check_vars(rule_lit, Part::Path, &parsed, errors);
            for v in &path_vars {
                if let Some(first) = vars.iter().find(|d| d.name == v.name) {
                    errors.push(caret_error(
                        rule_lit.span(),
                        "rule",
                        &text,
                        v.name_range.clone(),
                        &format!(
                            "the variable `{}` is also a variable of the {}",
                            v.name,
                            first.part.label()
                        ),
                        "give each variable its own name",
                    ));
                }
            }
            vars.extend(path_vars);
        }
        Err(errs) => grammar_errors(rule_lit, "rule", &text, errs, errors),
    }
    if let Some(target) = &opts.redirect_to {
        let t = target.value();
        match rule::parse_template(&t) {
            Ok(parsed) => {
                for v in parsed.variables() {
                    if !vars.iter().any(|r| r.name == v.name) {
                        errors.push(caret_error(
                            target.span(),
                            "redirect_to",
                            &t,
                            v.name_span.clone(),
                            &format!("`{}` is not a variable of this route", v.name),
                            &format!(
                                "the redirect target can use the rule's variables: {}",
                                names(&vars)
                            ),
                        ));
                    }
                }
            }
            Err(errs) => grammar_errors(target, "redirect_to", &t, errs, errors),
        }
    }
    // Departure 6: a variable that also has a default.
    for (key, value) in &opts.defaults {
        if vars.iter().any(|v| *key == v.name) {
            errors.push(syn::Error::new(
                key.span(),
                format!(
                    "`{key}` is a variable of the rule and also has a default\n  help: remove the default (a captured value always wins), or remove `<{key}>` from the rule"
                ),
            ));
        }
        let _ = value;
    }
    if opts.is_websocket()
        && let Some(methods) = &opts.methods
    {
        for (m, lit) in methods {
            if !matches!(m.as_str(), "GET" | "HEAD" | "OPTIONS") {
                errors.push(syn::Error::new(
                    lit.span(),
                    format!(
                        "a websocket route cannot accept `{m}`\n  help: websocket routes accept only GET, HEAD and OPTIONS"
                    ),
                ));
            }
        }
    }
    CheckedRule { vars }
}

/// `a, b, c` (or `none`).
pub fn names(vars: &[VarSpec]) -> String {
    if vars.is_empty() {
        return "none".into();
    }
    vars.iter()
        .map(|v| format!("`{}`", v.name))
        .collect::<Vec<_>>()
        .join(", ")
}
