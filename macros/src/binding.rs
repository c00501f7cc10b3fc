//! Binds rule variables to handler arguments by name and classifies each argument's type
//! by the variable's converter.

use proc_macro2::Span;
use syn::{GenericArgument, LitStr, PathArguments, Type};

use crate::diag::{Errors, caret_error, did_you_mean};
use crate::options::{DefaultKind, RouteOptions};
use crate::rule_check::{ConverterSpec, Part, VarSpec};
use crate::signature::Argument;
use stellwerk_runtime::routing::converter::Builtin;

/// How a text variable's argument is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrForm {
    /// `&str`.
    Ref,
    /// `Cow<str>`.
    Cow,
    /// `String`.
    Owned,
}

/// What the generated code does with a variable's value.
#[derive(Clone, Debug)]
pub enum Kind {
    /// `int` → `IntParam`.
    Int,
    /// `float` → `FloatParam`.
    Float,
    /// `uuid` → `UuidParam`.
    Uuid,
    /// A text converter with `&str`, `Cow<str>` or `String` (stored as `String`).
    Str,
    /// A text converter with a `FromStr + Display` type.
    FromStr,
    /// A custom converter: the name of the alias of its type.
    Custom(syn::Ident),
}

/// A rule variable bound to its argument.
pub struct Binding {
    /// The variable.
    pub var: VarSpec,
    /// The argument's name.
    pub ident: syn::Ident,
    /// The argument's type.
    pub ty: Type,
    /// The conversion.
    pub kind: Kind,
}

/// A `defaults(key = value)` entry bound to the argument of the same name (Werkzeug passes
/// defaults to the view like matched values).
pub struct DefaultBinding {
    /// The argument's name.
    pub ident: syn::Ident,
    /// The argument's type.
    pub ty: Type,
    /// The default.
    pub value: DefaultKind,
}

/// The result of binding.
pub struct Bound {
    /// Variables with their arguments, in variable order.
    pub bindings: Vec<Binding>,
    /// Defaults with their arguments, in the handler's order.
    pub defaults: Vec<DefaultBinding>,
    /// Arguments that are not variables: they must be extractors.
    pub extractors: Vec<Type>,
}

fn is_path_named(ty: &Type, names: &[&str]) -> Option<syn::PathSegment> {
    let Type::Path(tp) = ty else { return None };
    if tp.qself.is_some() {
        return None;
    }
    let last = tp.path.segments.last()?;
    names.iter().any(|n| last.ident == n).then(|| last.clone())
}

fn is_str(ty: &Type) -> bool {
    matches!(ty, Type::Path(tp) if tp.qself.is_none() && tp.path.is_ident("str"))
}

/// `&str`, `Cow<str>` or `String`, recognised by spelling (a blanket `FromStr` impl cannot
/// cover borrowed text).
pub fn str_form(ty: &Type) -> Option<StrForm> {
    match ty {
        Type::Reference(r) if r.mutability.is_none() && is_str(&r.elem) => Some(StrForm::Ref),
        Type::Paren(p) => str_form(&p.elem),
        Type::Group(g) => str_form(&g.elem),
        _ => {
            if let Some(seg) = is_path_named(ty, &["String"])
                && seg.arguments.is_empty()
            {
                return Some(StrForm::Owned);
            }
            let seg = is_path_named(ty, &["Cow"])?;
            let PathArguments::AngleBracketed(args) = &seg.arguments else {
                return None;
            };
            args.args
                .iter()
                .any(|a| matches!(a, GenericArgument::Type(t) if is_str(t)))
                .then_some(StrForm::Cow)
        }
    }
}

fn kind_for(fn_name: &syn::Ident, var: &VarSpec, ty: &Type, lit_span: Span) -> Kind {
    match &var.converter {
        ConverterSpec::Custom { .. } => Kind::Custom(syn::Ident::new(
            &format!("__stellwerk_converter_{fn_name}_{}", var.name),
            lit_span,
        )),
        ConverterSpec::Builtin { converter, .. } => match converter {
            Builtin::Int(_) => Kind::Int,
            Builtin::Float(_) => Kind::Float,
            Builtin::Uuid(_) => Kind::Uuid,
            _ if str_form(ty).is_some() => Kind::Str,
            _ => Kind::FromStr,
        },
    }
}

/// The literal a variable was written in.
pub fn lit_of<'a>(part: Part, rule: &'a LitStr, opts: &'a RouteOptions) -> &'a LitStr {
    match part {
        Part::Path => rule,
        Part::Host => opts.host.as_ref().unwrap_or(rule),
        Part::Subdomain => opts.subdomain.as_ref().unwrap_or(rule),
    }
}

/// Binds every variable to the argument of the same name.
pub fn bind(
    fn_name: &syn::Ident,
    vars: &[VarSpec],
    args: &[Argument],
    rule: &LitStr,
    opts: &RouteOptions,
    errors: &mut Errors,
) -> Bound {
    let var_names: Vec<&str> = vars.iter().map(|v| v.name.as_str()).collect();
    let arg_names: Vec<String> = args.iter().map(Argument::name).collect();
    let mut bindings = Vec::new();
    for var in vars {
        let lit = lit_of(var.part, rule, opts);
        match args.iter().find(|a| a.name() == var.name) {
            Some(arg) if matches!(arg.ty, Type::Reference(_)) && str_form(&arg.ty).is_none() => {
                errors.push(syn::Error::new_spanned(
                    &arg.ty,
                    format!(
                        "the variable `{}` is passed by value; `&str` is the only reference a rule variable binds to\n  help: use an owned type (`String`, an integer, ...)",
                        var.name
                    ),
                ));
            }
            Some(arg) => bindings.push(Binding {
                var: var.clone(),
                ident: arg.ident.clone(),
                ty: arg.ty.clone(),
                kind: kind_for(fn_name, var, &arg.ty, lit.span()),
            }),
            None => {
                let unbound = arg_names
                    .iter()
                    .filter(|a| !var_names.contains(&a.as_str()))
                    .map(String::as_str);
                let help = match did_you_mean(&var.name, unbound) {
                    Some(close) => format!(
                        "did you mean the argument `{close}`? rename it to `{}`",
                        var.name
                    ),
                    None => format!(
                        "add an argument `{}: <type>` to `{fn_name}`, or remove `<{}>` from the {}",
                        var.name,
                        var.name,
                        var.part.label()
                    ),
                };
                errors.push(caret_error(
                    lit.span(),
                    var.part.label(),
                    &lit.value(),
                    var.name_range.clone(),
                    &format!("the variable `{}` has no argument in `{fn_name}`", var.name),
                    &help,
                ));
            }
        }
    }
    let mut extractors = Vec::new();
    let mut defaults = Vec::new();
    for arg in args {
        let name = arg.name();
        if var_names.contains(&name.as_str()) {
            continue;
        }
        if let Some((_, lit)) = opts.defaults.iter().find(|(k, _)| *k == name) {
            if matches!(arg.ty, Type::Reference(_)) && str_form(&arg.ty).is_none() {
                errors.push(syn::Error::new_spanned(
                    &arg.ty,
                    format!(
                        "the default `{name}` is passed by value; `&str` is the only reference it binds to\n  help: use an owned type"
                    ),
                ));
            }
            if let Some(problem) = default_problem(&arg.ty, &lit.value) {
                errors.push(syn::Error::new_spanned(
                    &lit.tokens,
                    format!(
                        "the default `{name}` {problem}\n  help: give a default of the argument's type, or change the type of `{name}`"
                    ),
                ));
                continue;
            }
            defaults.push(DefaultBinding {
                ident: arg.ident.clone(),
                ty: arg.ty.clone(),
                value: lit.value.clone(),
            });
            continue;
        }
        // A typo of a variable that has no argument: say so here too, naming both sides.
        let unbound = vars
            .iter()
            .filter(|v| !arg_names.contains(&v.name))
            .map(|v| v.name.as_str());
        if let Some(close) = did_you_mean(&name, unbound) {
            errors.push(syn::Error::new(
                arg.ident.span(),
                format!(
                    "the argument `{name}` is not a variable of the rule {:?}; did you mean `{close}`?\n  help: rename the argument to `{close}`",
                    rule.value()
                ),
            ));
            continue;
        }
        extractors.push(arg.ty.clone());
    }
    Bound {
        bindings,
        defaults,
        extractors,
    }
}

/// Checks a default against a primitive argument type at build time (other types are the
/// compiler's to check): a default the handler cannot take would make the route never match.
fn default_problem(ty: &Type, value: &DefaultKind) -> Option<String> {
    macro_rules! check {
        ($name:expr, $($t:ty),*) => {
            match $name {
                $(stringify!($t) => Some(match value {
                    DefaultKind::Int(i) => <$t>::try_from(*i).is_ok(),
                    DefaultKind::Str(s) => s.parse::<$t>().is_ok(),
                    _ => false,
                }),)*
                _ => None,
            }
        };
    }
    if str_form(ty).is_some() {
        return (!matches!(value, DefaultKind::Str(_)))
            .then(|| "is not text, but the argument is: quote it, e.g. \"1\"".to_string());
    }
    let Type::Path(tp) = ty else { return None };
    let name = tp.path.get_ident()?.to_string();
    let fits = match name.as_str() {
        "bool" => Some(match value {
            DefaultKind::Bool(_) => true,
            DefaultKind::Str(s) => s.parse::<bool>().is_ok(),
            _ => false,
        }),
        "f32" | "f64" => Some(match value {
            DefaultKind::Float(_) | DefaultKind::Int(_) => true,
            DefaultKind::Str(s) => s.parse::<f64>().is_ok(),
            DefaultKind::Bool(_) => false,
        }),
        other => check!(
            other, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
        ),
    }?;
    (!fits).then(|| format!("does not fit the argument's type `{name}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_checked_against_primitive_types() {
        let cases: [(Type, DefaultKind, bool); 10] = [
            (syn::parse_quote!(u8), DefaultKind::Int(255), true),
            (syn::parse_quote!(u8), DefaultKind::Int(300), false),
            (syn::parse_quote!(u8), DefaultKind::Str("7".into()), true),
            (syn::parse_quote!(i32), DefaultKind::Bool(true), false),
            (
                syn::parse_quote!(bool),
                DefaultKind::Str("no".into()),
                false,
            ),
            (syn::parse_quote!(bool), DefaultKind::Bool(false), true),
            (syn::parse_quote!(f32), DefaultKind::Int(1), true),
            (syn::parse_quote!(String), DefaultKind::Int(1), false),
            (syn::parse_quote!(&str), DefaultKind::Str("en".into()), true),
            (
                syn::parse_quote!(Ipv4Addr),
                DefaultKind::Str("x".into()),
                true,
            ),
        ];
        for (ty, value, ok) in cases {
            assert_eq!(
                default_problem(&ty, &value).is_none(),
                ok,
                "{} = {value:?}",
                quote::quote!(#ty)
            );
        }
    }

    #[test]
    fn text_types_are_recognised_by_spelling() {
        let cases: [(Type, Option<StrForm>); 8] = [
            (syn::parse_quote!(&str), Some(StrForm::Ref)),
            (syn::parse_quote!(&'a str), Some(StrForm::Ref)),
            (syn::parse_quote!(String), Some(StrForm::Owned)),
            (syn::parse_quote!(std::string::String), Some(StrForm::Owned)),
            (syn::parse_quote!(Cow<'_, str>), Some(StrForm::Cow)),
            (
                syn::parse_quote!(std::borrow::Cow<'static, str>),
                Some(StrForm::Cow),
            ),
            (syn::parse_quote!(&mut str), None),
            (syn::parse_quote!(Slug), None),
        ];
        for (ty, expected) in cases {
            assert_eq!(str_form(&ty), expected, "{}", quote::quote!(#ty));
        }
    }
}
