//! Validation of converter arguments: what each built-in accepts.

use std::borrow::Cow;

use super::*;
use crate::routing::rule::{Arg, Literal};

fn as_usize(conv: &str, arg: &Arg, i: usize) -> Result<usize, ConverterArgError> {
    match arg.value {
        Literal::Int(n) if n >= 0 => usize::try_from(n)
            .map_err(|_| ConverterArgError::at(conv, arg, i, "this number is too large")),
        _ => Err(ConverterArgError::at(
            conv,
            arg,
            i,
            format!(
                "{}{} must be a non-negative integer, got {}",
                conv,
                arg.keyword
                    .as_ref()
                    .map(|k| format!("'s '{k}'"))
                    .unwrap_or_default(),
                arg.value
            ),
        )),
    }
}

fn as_int(conv: &str, arg: &Arg, i: usize) -> Result<i128, ConverterArgError> {
    match arg.value {
        Literal::Int(n) => Ok(n),
        _ => Err(ConverterArgError::at(
            conv,
            arg,
            i,
            format!(
                "this argument must be an integer (e.g. 5 or -5), got {}",
                arg.value
            ),
        )),
    }
}

fn as_float(conv: &str, arg: &Arg, i: usize) -> Result<f64, ConverterArgError> {
    match arg.value {
        Literal::Int(n) => Ok(n as f64),
        Literal::Float(x) => Ok(x),
        _ => Err(ConverterArgError::at(
            conv,
            arg,
            i,
            format!(
                "this argument must be a number (e.g. 1.5 or -2), got {}",
                arg.value
            ),
        )),
    }
}

fn as_bool(conv: &str, arg: &Arg, i: usize) -> Result<bool, ConverterArgError> {
    match arg.value {
        Literal::Bool(b) => Ok(b),
        _ => Err(ConverterArgError::at(
            conv,
            arg,
            i,
            format!("this argument must be true or false, got {}", arg.value),
        )),
    }
}

/// Assigns positional and keyword arguments to the parameter names `params`, rejecting
/// unknown keywords, too many positional arguments and repeated parameters.
fn bind_params<'a>(
    conv: &str,
    params: &[&str],
    args: &'a [Arg],
) -> Result<Vec<Option<(usize, &'a Arg)>>, ConverterArgError> {
    let mut slots: Vec<Option<(usize, &Arg)>> = vec![None; params.len()];
    let mut positional = 0;
    let accepted = if params.is_empty() {
        format!("'{conv}' takes no arguments")
    } else {
        format!("'{conv}' accepts {}", params.join(", "))
    };
    for (i, arg) in args.iter().enumerate() {
        let slot = match &arg.keyword {
            Some(k) => params.iter().position(|p| p == k).ok_or_else(|| {
                ConverterArgError::at(conv, arg, i, format!("unknown argument '{k}': {accepted}"))
            })?,
            None => {
                let p = positional;
                positional += 1;
                if p >= params.len() {
                    return Err(ConverterArgError::at(
                        conv,
                        arg,
                        i,
                        format!("too many arguments: {accepted}"),
                    ));
                }
                p
            }
        };
        if slots[slot].is_some() {
            return Err(ConverterArgError::at(
                conv,
                arg,
                i,
                format!("'{}' is given twice", params[slot]),
            ));
        }
        slots[slot] = Some((i, arg));
    }
    Ok(slots)
}

/// Builds a built-in converter from parsed arguments, validating them. `None` when `name`
/// is not a built-in.
pub fn builtin(name: &str, args: &[Arg]) -> Option<Result<Builtin, ConverterArgError>> {
    let result = match name {
        "default" | "string" => string_from_args(name, args).map(Builtin::String),
        "int" => int_from_args(args).map(Builtin::Int),
        "float" => float_from_args(args).map(Builtin::Float),
        "path" => bind_params("path", &[], args).map(|_| Builtin::Path(PathConverter)),
        "uuid" => bind_params("uuid", &[], args).map(|_| Builtin::Uuid(UuidConverter)),
        "any" => any_from_args(args).map(Builtin::Any),
        _ => return None,
    };
    Some(result)
}

fn string_from_args(name: &str, args: &[Arg]) -> Result<StringConverter, ConverterArgError> {
    let slots = bind_params(name, &["minlength", "maxlength", "length"], args)?;
    let mut conv = StringConverter::default();
    if let Some((i, arg)) = slots[2] {
        if slots[0].is_some() || slots[1].is_some() {
            return Err(ConverterArgError::at(
                name,
                arg,
                i,
                "give either 'length' or 'minlength'/'maxlength', not both",
            ));
        }
        let n = as_usize(name, arg, i)?;
        return Ok(StringConverter {
            minlength: n,
            maxlength: Some(n),
        });
    }
    if let Some((i, arg)) = slots[0] {
        conv.minlength = as_usize(name, arg, i)?;
    }
    if let Some((i, arg)) = slots[1] {
        let max = as_usize(name, arg, i)?;
        if max < conv.minlength {
            return Err(ConverterArgError::at(
                name,
                arg,
                i,
                format!(
                    "maxlength ({max}) is smaller than minlength ({})",
                    conv.minlength
                ),
            ));
        }
        conv.maxlength = Some(max);
    }
    Ok(conv)
}

fn int_from_args(args: &[Arg]) -> Result<IntConverter, ConverterArgError> {
    let slots = bind_params("int", &["fixed_digits", "min", "max", "signed"], args)?;
    let mut conv = IntConverter::default();
    if let Some((i, arg)) = slots[0] {
        conv.fixed_digits = as_usize("int", arg, i)?;
        if conv.fixed_digits > 38 {
            return Err(ConverterArgError::at(
                "int",
                arg,
                i,
                "fixed_digits must be at most 38",
            ));
        }
    }
    if let Some((i, arg)) = slots[1] {
        conv.min = Some(as_int("int", arg, i)?);
    }
    if let Some((i, arg)) = slots[2] {
        let max = as_int("int", arg, i)?;
        if let Some(min) = conv.min.filter(|&min| min > max) {
            return Err(ConverterArgError::at(
                "int",
                arg,
                i,
                format!("max ({max}) is smaller than min ({min})"),
            ));
        }
        conv.max = Some(max);
    }
    if let Some((i, arg)) = slots[3] {
        conv.signed = as_bool("int", arg, i)?;
    }
    Ok(conv)
}

fn float_from_args(args: &[Arg]) -> Result<FloatConverter, ConverterArgError> {
    let slots = bind_params("float", &["min", "max", "signed"], args)?;
    let mut conv = FloatConverter::default();
    if let Some((i, arg)) = slots[0] {
        conv.min = Some(as_float("float", arg, i)?);
    }
    if let Some((i, arg)) = slots[1] {
        let max = as_float("float", arg, i)?;
        if let Some(min) = conv.min.filter(|&min| min > max) {
            return Err(ConverterArgError::at(
                "float",
                arg,
                i,
                format!("max ({max}) is smaller than min ({min})"),
            ));
        }
        conv.max = Some(max);
    }
    if let Some((i, arg)) = slots[2] {
        conv.signed = as_bool("float", arg, i)?;
    }
    Ok(conv)
}

fn any_from_args(args: &[Arg]) -> Result<AnyConverter, ConverterArgError> {
    let mut items = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        if arg.keyword.is_some() {
            return Err(ConverterArgError::at(
                "any",
                arg,
                i,
                "'any' takes only positional items, e.g. any(a, b, 'c d')",
            ));
        }
        let item = match &arg.value {
            Literal::Str(s) => s.clone(),
            Literal::Int(n) => n.to_string(),
            other => {
                return Err(ConverterArgError::at(
                    "any",
                    arg,
                    i,
                    format!("'any' items are words, quoted strings or integers, got {other}"),
                ));
            }
        };
        if item.is_empty() || item.contains('/') {
            return Err(ConverterArgError::at(
                "any",
                arg,
                i,
                "an 'any' item must be non-empty and cannot contain '/'",
            ));
        }
        items.push(Cow::Owned(item));
    }
    if items.is_empty() {
        return Err(ConverterArgError::new(
            "any",
            "'any' needs at least one item, e.g. any(a, b)",
        ));
    }
    Ok(AnyConverter {
        items: Cow::Owned(items),
    })
}
