//! Binding a [`Rule`] to the map's settings: parsing, converters, parts, build pieces.

use std::collections::HashMap;
use std::sync::Arc;

use http::Method;

use super::{BoundRedirect, BoundRule, BuildPiece, Settings};
use crate::routing::converter::{BUILTIN_NAMES, ConverterFactory, builtin};
use crate::routing::error::{RuleError, RuleErrorKind};
use crate::routing::factory::{RedirectTo, Rule};
use crate::routing::matcher::{ConverterRef, PartSpec, Piece, compile_parts};
use crate::routing::quote::quote_path;
use crate::routing::rule::{self, ParsedRule, Token, Variable};
use crate::routing::value::Value;

pub(super) type Registry = HashMap<String, Arc<ConverterFactory>>;

fn resolve_converter(
    var: &Variable,
    registry: &Registry,
    rule: &str,
) -> Result<ConverterRef, RuleError> {
    let name = var.converter_name();
    let name_span = var.converter.as_ref().map(|c| c.name_span.clone());
    if let Some(factory) = registry.get(name) {
        return factory(var.args())
            .map(|c| ConverterRef::Custom(Arc::from(c)))
            .map_err(|e| RuleError::converter_args(rule, e));
    }
    match builtin(name, var.args()) {
        Some(Ok(b)) => Ok(ConverterRef::Builtin(b)),
        Some(Err(e)) => Err(RuleError::converter_args(rule, e)),
        None => {
            let mut known: Vec<&str> = BUILTIN_NAMES.to_vec();
            known.extend(registry.keys().map(String::as_str));
            known.sort_unstable();
            known.dedup();
            Err(RuleError::new(
                RuleErrorKind::UnknownConverter,
                rule,
                format!(
                    "the converter '{name}' does not exist: use one of {} or register it with MapBuilder::converter",
                    known.join(", ")
                ),
            )
            .with_span(name_span))
        }
    }
}

fn parse_methods(rule: &Rule) -> Result<Option<Vec<Method>>, RuleError> {
    let Some(names) = &rule.methods else {
        return Ok(None);
    };
    let mut methods = Vec::new();
    for name in names {
        let m = Method::from_bytes(name.as_bytes()).map_err(|_| {
            RuleError::new(
                RuleErrorKind::InvalidMethod,
                &rule.rule,
                format!("{name:?} is not a valid HTTP method name"),
            )
        })?;
        if !methods.contains(&m) {
            methods.push(m);
        }
    }
    if methods.contains(&Method::GET) && !methods.contains(&Method::HEAD) {
        methods.push(Method::HEAD);
    }
    if rule.websocket
        && methods
            .iter()
            .any(|m| *m != Method::GET && *m != Method::HEAD && *m != Method::OPTIONS)
    {
        return Err(RuleError::new(
            RuleErrorKind::WebsocketMethods,
            &rule.rule,
            "WebSocket rules can only use 'GET', 'HEAD', and 'OPTIONS' methods",
        ));
    }
    methods.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    Ok(Some(methods))
}

/// Static text and variables of a parsed rule as build pieces; `merge` collapses slashes.
fn build_pieces(
    parsed: &ParsedRule,
    merge: bool,
    names: &mut Vec<String>,
    is_domain: bool,
) -> Vec<BuildPiece> {
    let mut pieces: Vec<BuildPiece> = Vec::new();
    let mut prev_slash = false;
    for token in &parsed.tokens {
        let text = match token {
            Token::Slash(_) => {
                if merge && prev_slash {
                    continue;
                }
                prev_slash = true;
                "/".to_string()
            }
            Token::Static(s) => {
                prev_slash = false;
                if is_domain {
                    s.text.to_ascii_lowercase()
                } else {
                    quote_path(&s.text).into_owned()
                }
            }
            Token::Variable(v) => {
                prev_slash = false;
                pieces.push(BuildPiece::Var(names.len()));
                names.push(v.name.clone());
                continue;
            }
        };
        match pieces.last_mut() {
            Some(BuildPiece::Text(t)) => t.push_str(&text),
            _ => pieces.push(BuildPiece::Text(text)),
        }
    }
    pieces
}

fn grammar(
    rule: &str,
    what: &str,
    r: Result<ParsedRule, Vec<rule::GrammarError>>,
) -> Result<ParsedRule, RuleError> {
    r.map_err(|e| RuleError::grammar(rule, what, e))
}

pub(super) fn bind_rule(
    rule: Rule,
    settings: &Settings,
    registry: &Registry,
) -> Result<(BoundRule, Vec<PartSpec>, bool), RuleError> {
    let src = rule.rule.clone();
    let methods = parse_methods(&rule)?;
    if rule.endpoint.is_none() && rule.redirect_to.is_none() {
        return Err(RuleError::new(
            RuleErrorKind::MissingEndpoint,
            &src,
            "this rule has no endpoint: call .endpoint(\"name\") (or .redirect_to(..))",
        ));
    }
    let path = grammar(&src, "url rule", rule::parse(&src))?;
    let domain_src = if settings.host_matching {
        match &rule.host {
            Some(h) => Some(h.clone()),
            None => {
                return Err(RuleError::new(
                    RuleErrorKind::MissingHost,
                    &src,
                    "host matching is on but this rule has no host: call .host(\"example.com\")",
                ));
            }
        }
    } else if settings.subdomain_matching {
        Some(
            rule.subdomain
                .clone()
                .unwrap_or_else(|| settings.default_subdomain.clone()),
        )
    } else {
        None
    };
    let domain = match domain_src.as_deref() {
        None | Some("") => None,
        Some(d) => Some(grammar(&src, "domain", rule::parse_domain(d))?),
    };
    // Duplicate variable names across domain and path.
    if let Some(d) = &domain {
        for v in path.variables() {
            if d.variables().any(|dv| dv.name == v.name) {
                return Err(RuleError::new(
                    RuleErrorKind::Grammar,
                    &src,
                    format!(
                        "the variable '{}' is used in both the domain and the path; give each its own name",
                        v.name
                    ),
                )
                .with_span(Some(v.name_span.clone())));
            }
        }
    }
    let merge = rule.merge_slashes.unwrap_or(settings.merge_slashes);
    let strict = rule.strict_slashes.unwrap_or(settings.strict_slashes);
    let mut variables: Vec<(Arc<str>, ConverterRef)> = Vec::new();
    let mut resolve = |v: &Variable| -> Result<ConverterRef, RuleError> {
        let c = resolve_converter(v, registry, &src)?;
        variables.push((Arc::from(v.name.as_str()), c.clone()));
        Ok(c)
    };
    let mut part_error = |e: crate::routing::matcher::PartError| {
        RuleError::new(RuleErrorKind::InvalidConverter, &src, e.message.clone())
    };
    let parts = compile_parts(domain.as_ref(), &path, merge, &mut resolve, &mut part_error)?;
    // compile_parts resolves variables in rule order, domain first.
    if let Some(PartSpec::Dynamic(d)) = parts.first()
        && d.is_final
    {
        return Err(RuleError::new(
            RuleErrorKind::InvalidConverter,
            &src,
            "a converter that spans segments (like path) cannot be used in a domain",
        ));
    }
    let no_trailing_slash = parts.iter().rev().find_map(|p| match p {
        PartSpec::Dynamic(d)
            if d.suffixed && matches!(d.pieces.last(), Some(Piece::Convert(_))) =>
        {
            variables.len().checked_sub(1)
        }
        _ => None,
    });
    let mut names = Vec::new();
    let domain_pieces = domain
        .as_ref()
        .map(|d| build_pieces(d, false, &mut names, true))
        .unwrap_or_default();
    let path_pieces = build_pieces(&path, merge, &mut names, false);
    debug_assert_eq!(names.len(), variables.len());
    for (name, _) in &rule.defaults {
        if let Some(v) = path
            .variables()
            .chain(domain.iter().flat_map(|d| d.variables()))
            .find(|v| &v.name == name)
        {
            return Err(RuleError::new(
                RuleErrorKind::DefaultForVariable,
                &src,
                format!(
                    "the variable '{name}' also has a default: a matched value would be overwritten; remove the default or the variable"
                ),
            )
            .with_span(Some(v.name_span.clone())));
        }
    }
    let mut arguments: Vec<String> = variables
        .iter()
        .map(|(n, _)| n.to_string())
        .chain(rule.defaults.iter().map(|(k, _)| k.clone()))
        .collect();
    arguments.sort();
    arguments.dedup();
    let trace = parts
        .iter()
        .map(|p| match p {
            PartSpec::Static(s) => format!("{s:?}"),
            PartSpec::Dynamic(d) => d.key.clone(),
        })
        .collect::<Vec<_>>()
        .join("|");
    let redirect = match &rule.redirect_to {
        None => None,
        Some(f @ RedirectTo::Function(_)) => Some(BoundRedirect::Function(f.clone())),
        Some(RedirectTo::Template(t)) => Some(bind_redirect_template(
            t,
            &src,
            &variables,
            &rule.defaults,
            registry,
        )?),
    };
    let path_len_hint = path_pieces
        .iter()
        .map(|p| match p {
            BuildPiece::Text(t) => t.len(),
            BuildPiece::Var(_) => 16,
        })
        .sum();
    let bound = BoundRule {
        path_len_hint,
        endpoint: rule.endpoint.as_deref().map(Arc::from),
        variables,
        domain_pieces,
        path_pieces,
        methods,
        merge_slashes: merge,
        websocket: rule.websocket,
        alias: rule.alias,
        build_only: rule.build_only,
        defaults: rule.defaults.clone(),
        default_names: rule
            .defaults
            .iter()
            .map(|(k, _)| Arc::from(k.as_str()))
            .collect(),
        arguments,
        trace,
        redirect,
        no_trailing_slash,
        default_providers: Vec::new(),
        rule: Arc::new(rule),
    };
    Ok((bound, parts, strict))
}

fn bind_redirect_template(
    template: &str,
    src: &str,
    variables: &[(Arc<str>, ConverterRef)],
    defaults: &[(String, Value)],
    registry: &Registry,
) -> Result<BoundRedirect, RuleError> {
    let parsed = grammar(src, "redirect_to template", rule::parse_template(template))?;
    let mut pieces = Vec::new();
    for token in &parsed.tokens {
        match token {
            Token::Slash(_) => pieces.push((BuildPiece::Text("/".into()), None)),
            Token::Static(s) => pieces.push((BuildPiece::Text(s.text.clone()), None)),
            Token::Variable(v) => {
                let own = match &v.converter {
                    Some(_) => Some(resolve_converter(v, registry, src)?),
                    None => None,
                };
                if let Some(i) = variables.iter().position(|(n, _)| **n == *v.name) {
                    let conv = own.unwrap_or_else(|| variables[i].1.clone());
                    pieces.push((BuildPiece::Var(i), Some(conv)));
                } else if let Some(i) = defaults.iter().position(|(k, _)| *k == v.name) {
                    // Index past the variables: a default value.
                    let conv = match own {
                        Some(c) => c,
                        None => resolve_converter(v, registry, src)?,
                    };
                    pieces.push((BuildPiece::Var(variables.len() + i), Some(conv)));
                } else {
                    return Err(RuleError::new(
                        RuleErrorKind::Grammar,
                        src,
                        format!(
                            "the redirect_to placeholder '{}' is neither a rule variable nor a default",
                            v.name
                        ),
                    ));
                }
            }
        }
    }
    Ok(BoundRedirect::Template(pieces))
}
