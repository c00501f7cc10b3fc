//! What the route macros of `stellwerk-macros` generate code against.
//!
//! `#[get("/users/<int:id>")] fn show_user(id: u32)` emits, next to the function, a hidden
//! module `show_user` whose `META` is a [`RouteInfo`], whose `Args::from_values` converts
//! matched [`Value`]s with the traits below ([`IntParam`], [`FloatParam`], [`UuidParam`],
//! [`TextParam`], [`RouteConverter`]) and whose typed `url()` calls [`build_url`]. Handler
//! arguments that are not rule variables must be [`Extractor`]s.
//!
//! Users meet these traits only in compiler errors (their `on_unimplemented` messages) and
//! when they write a custom converter ([`RouteConverter`]).

use std::borrow::Cow;
use std::fmt::Display;
use std::str::FromStr;

use super::converter::{Converter, ValidationError};
use super::error::BuildError;
use super::factory::Rule;
use super::quote::{quote_path, quote_query};
use super::rule::{self, Token};
use super::value::Value;

/// Where a route attribute is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceLocation {
    /// The source file (as `file!()` reports it).
    pub file: &'static str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// Which string of the route a variable comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarPart {
    /// The `subdomain = "..."` option.
    Subdomain,
    /// The `host = "..."` option.
    Host,
    /// The rule (path) string.
    Path,
}

/// One rule variable: its name and converter, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarInfo {
    /// The variable name.
    pub name: &'static str,
    /// The converter name (`"default"` for `<name>`; a type name for custom converters).
    pub converter: &'static str,
    /// The converter arguments as written between the parentheses (`""` when none).
    pub args: &'static str,
    /// Which string the variable is in.
    pub part: VarPart,
}

/// A default value written in a route attribute (`defaults(page = 1)`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    /// A string literal.
    Str(&'static str),
    /// An integer literal.
    Int(i128),
    /// A float literal.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl DefaultValue {
    /// The runtime value.
    pub fn to_value(&self) -> Value {
        match *self {
            DefaultValue::Str(s) => Value::Str(s.to_string()),
            DefaultValue::Int(i) => Value::Int(i),
            DefaultValue::Float(x) => Value::Float(x),
            DefaultValue::Bool(b) => Value::Bool(b),
        }
    }
}

/// Everything a route attribute says, as a constant (`<handler>::META`).
///
/// ```
/// use stellwerk_runtime::routing::macro_support::{RouteInfo, SourceLocation};
///
/// const META: RouteInfo = RouteInfo {
///     methods: Some(&["GET"]),
///     ..RouteInfo::new("/about", "about", SourceLocation { file: "src/main.rs", line: 3, column: 1 })
/// };
/// let rule = META.to_rule();
/// assert_eq!(rule.rule(), "/about");
/// assert_eq!(rule.endpoint_name(), Some("about"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteInfo {
    /// The rule string.
    pub rule: &'static str,
    /// The endpoint name (the function name unless `endpoint = "..."` is given).
    pub endpoint: &'static str,
    /// The handler function's name.
    pub handler: &'static str,
    /// The methods as written, upper-cased (`None`: every method).
    pub methods: Option<&'static [&'static str]>,
    /// `defaults(...)`.
    pub defaults: &'static [(&'static str, DefaultValue)],
    /// `strict_slashes = ...` (`None`: the map's setting).
    pub strict_slashes: Option<bool>,
    /// `merge_slashes = ...` (`None`: the map's setting).
    pub merge_slashes: Option<bool>,
    /// `host = "..."`.
    pub host: Option<&'static str>,
    /// `subdomain = "..."`.
    pub subdomain: Option<&'static str>,
    /// `redirect_to = "..."`.
    pub redirect_to: Option<&'static str>,
    /// `alias = true`.
    pub alias: bool,
    /// `websocket = true`.
    pub websocket: bool,
    /// `build_only = true`.
    pub build_only: bool,
    /// The variables in order: subdomain or host variables first, then the path's.
    pub variables: &'static [VarInfo],
    /// Where the attribute is.
    pub location: SourceLocation,
}

impl RouteInfo {
    /// A route with only a rule, an endpoint (also used as the handler name) and a location.
    pub const fn new(rule: &'static str, endpoint: &'static str, location: SourceLocation) -> Self {
        RouteInfo {
            rule,
            endpoint,
            handler: endpoint,
            methods: None,
            defaults: &[],
            strict_slashes: None,
            merge_slashes: None,
            host: None,
            subdomain: None,
            redirect_to: None,
            alias: false,
            websocket: false,
            build_only: false,
            variables: &[],
            location,
        }
    }

    /// The same route as a runtime [`Rule`] (for a [`Map`](super::Map)).
    pub fn to_rule(&self) -> Rule {
        let mut rule = Rule::new(self.rule)
            .endpoint(self.endpoint)
            .defaults(self.defaults.iter().map(|(k, v)| (*k, v.to_value())))
            .alias(self.alias)
            .websocket(self.websocket)
            .build_only(self.build_only);
        if let Some(methods) = self.methods {
            rule = rule.methods(methods.iter().copied());
        }
        if let Some(on) = self.strict_slashes {
            rule = rule.strict_slashes(on);
        }
        if let Some(on) = self.merge_slashes {
            rule = rule.merge_slashes(on);
        }
        if let Some(host) = self.host {
            rule = rule.host(host);
        }
        if let Some(sub) = self.subdomain {
            rule = rule.subdomain(sub);
        }
        if let Some(target) = self.redirect_to {
            rule = rule.redirect_to(target);
        }
        rule
    }
}

/// Builds the path (and query string) of a route from its variables' URL texts.
///
/// `texts` holds, in [`RouteInfo::variables`] order, what each variable's converter made of
/// the value (`Converter::to_url`, already percent-encoded) or why it rejected it. Domain
/// variables are validated but not part of the result: the host belongs to the application.
/// `query` values are percent-encoded like the runtime builder's (`quote_plus`); a query key
/// that is one of the route's defaults must equal the default (Werkzeug's rule selection)
/// and is then left out.
///
/// ```
/// use stellwerk_runtime::routing::macro_support::{build_url, RouteInfo, SourceLocation};
///
/// const META: RouteInfo = RouteInfo::new("/p/<id>", "p", SourceLocation { file: "x.rs", line: 1, column: 1 });
/// let url = build_url(&META, &[Ok("7".into())], &[("q", "a b".into())]).unwrap();
/// assert_eq!(url, "/p/7?q=a+b");
/// ```
pub fn build_url(
    info: &RouteInfo,
    texts: &[Result<String, ValidationError>],
    query: &[(&str, Value)],
) -> Result<String, BuildError> {
    let error = |rejected: String| BuildError {
        endpoint: info.endpoint.to_string(),
        method: None,
        values: {
            let mut keys: Vec<String> = info
                .variables
                .iter()
                .map(|v| v.name.to_string())
                .chain(query.iter().map(|(k, _)| k.to_string()))
                .collect();
            keys.sort();
            keys.dedup();
            keys
        },
        rejected: Some(rejected),
        hint: None,
    };
    for (var, text) in info.variables.iter().zip(texts) {
        if let Err(e) = text {
            return Err(error(format!(
                "The value for '{}' was rejected: {e}",
                var.name
            )));
        }
    }
    let parsed = rule::parse(info.rule)
        .map_err(|_| error(format!("the rule {:?} does not parse", info.rule)))?;
    let merge = info.merge_slashes.unwrap_or(true);
    let first_path_var = info
        .variables
        .iter()
        .take_while(|v| v.part != VarPart::Path)
        .count();
    let mut path = String::new();
    let mut prev_slash = false;
    let mut var_index = first_path_var;
    for token in &parsed.tokens {
        match token {
            Token::Slash(_) => {
                // Same as the Map: with merge_slashes, `//` builds as `/`.
                if !(merge && prev_slash) {
                    path.push('/');
                }
                prev_slash = true;
            }
            Token::Static(s) => {
                prev_slash = false;
                path.push_str(&quote_path(&s.text));
            }
            Token::Variable(v) => {
                prev_slash = false;
                match texts.get(var_index) {
                    Some(Ok(text)) => path.push_str(text),
                    _ => return Err(error(format!("The value for '{}' is missing", v.name))),
                }
                var_index += 1;
            }
        }
    }
    let mut first = true;
    for (key, value) in query {
        if let Some((_, default)) = info.defaults.iter().find(|(k, _)| k == key) {
            if default.to_value() != *value {
                return Err(error(format!(
                    "'{key}' is a default of this route and must equal {:?}",
                    default.to_value()
                )));
            }
            continue;
        }
        let items: Vec<&Value> = match value {
            Value::List(list) => list.iter().collect(),
            v => vec![v],
        };
        for item in items {
            path.push(if first { '?' } else { '&' });
            first = false;
            quote_query(key, &mut path);
            path.push('=');
            quote_query(&item.to_text(), &mut path);
        }
    }
    Ok(path)
}

/// Types an `int` rule variable binds to: every primitive integer type. A matched value
/// outside the type's range makes the route not match (the next candidate is tried).
#[diagnostic::on_unimplemented(
    message = "the `int` converter binds to integer types, not `{Self}`",
    label = "this type is not an integer type",
    note = "use one of i8..i128, u8..u128, isize or usize, or change the rule's converter (e.g. `<string:name>` for text)"
)]
pub trait IntParam: Sized {
    /// The integer, if it fits this type.
    fn from_int(value: i128) -> Option<Self>;
    /// The value for building.
    fn int_value(&self) -> Value;
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl IntParam for $t {
            fn from_int(value: i128) -> Option<Self> {
                <$t>::try_from(value).ok()
            }
            fn int_value(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
int_param!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, usize);

impl IntParam for u128 {
    fn from_int(value: i128) -> Option<Self> {
        u128::try_from(value).ok()
    }
    fn int_value(&self) -> Value {
        // Above i128::MAX no converter can carry the value: the text form makes `to_url`
        // reject it with a clear message instead of wrapping around.
        i128::try_from(*self).map_or_else(|_| Value::Str(self.to_string()), Value::Int)
    }
}

/// Types a `float` rule variable binds to: `f32` and `f64`.
#[diagnostic::on_unimplemented(
    message = "the `float` converter binds to `f32` or `f64`, not `{Self}`",
    label = "this type is not a float type",
    note = "use f32 or f64, or change the rule's converter (e.g. `<int:n>` for integers)"
)]
pub trait FloatParam: Sized {
    /// The float as this type (`None` when an `f32` would overflow to infinity).
    fn from_float(value: f64) -> Option<Self>;
    /// The value for building.
    fn float_value(&self) -> Value;
}

impl FloatParam for f64 {
    fn from_float(value: f64) -> Option<Self> {
        Some(value)
    }
    fn float_value(&self) -> Value {
        Value::Float(*self)
    }
}

impl FloatParam for f32 {
    fn from_float(value: f64) -> Option<Self> {
        let x = value as f32;
        (x.is_finite() || !value.is_finite()).then_some(x)
    }
    fn float_value(&self) -> Value {
        Value::Float(f64::from(*self))
    }
}

/// Types a `uuid` rule variable binds to: `uuid::Uuid`.
#[diagnostic::on_unimplemented(
    message = "the `uuid` converter binds to `uuid::Uuid`, not `{Self}`",
    label = "this type is not `uuid::Uuid`",
    note = "use uuid::Uuid, or change the rule's converter"
)]
pub trait UuidParam: Sized {
    /// The UUID.
    fn from_uuid(value: uuid::Uuid) -> Self;
    /// The value for building.
    fn uuid_value(&self) -> Value;
}

impl UuidParam for uuid::Uuid {
    fn from_uuid(value: uuid::Uuid) -> Self {
        value
    }
    fn uuid_value(&self) -> Value {
        Value::Uuid(*self)
    }
}

/// Types a text rule variable (`default`, `string`, `any`, `path`) binds to, besides
/// `String`, `&str` and `Cow<str>` (which the macro recognises by their spelling): any type
/// that parses from the text (`FromStr`; a parse failure means "no match") and prints back
/// (`Display`, for the URL builder).
#[diagnostic::on_unimplemented(
    message = "a text converter binds to `String`, `&str`, `Cow<str>` or a type implementing `FromStr + Display`, not `{Self}`",
    label = "`{Self}` does not implement `FromStr + Display`",
    note = "implement `FromStr` and `Display` for it, or use `String`"
)]
pub trait TextParam: Sized {
    /// Parses matched (decoded) text.
    fn from_text(text: &str) -> Option<Self>;
    /// The value for building.
    fn text_value(&self) -> Value;
}

impl<T: FromStr + Display> TextParam for T {
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
    fn text_value(&self) -> Value {
        Value::Str(self.to_string())
    }
}

/// A custom converter, named in rules by its type: `<Color:c>` uses the type `Color` in
/// scope at the route. Write its name with an uppercase first letter (lowercase names are
/// the built-ins) and give no arguments.
///
/// The matched text is decoded; [`to_url`](RouteConverter::to_url) must return encoded text
/// (use [`quote_segment`](super::quote::quote_segment)). A `None` from
/// [`to_value`](RouteConverter::to_value) makes the route not match.
///
/// ```
/// use stellwerk_runtime::routing::macro_support::RouteConverter;
/// use stellwerk_runtime::routing::ValidationError;
///
/// /// `red`, `green` or `blue`.
/// pub struct Color;
/// #[derive(Debug, PartialEq)]
/// pub enum Rgb { Red, Green, Blue }
///
/// impl RouteConverter for Color {
///     type Output = Rgb;
///     const REGEX: &'static str = "red|green|blue";
///     fn to_value(text: &str) -> Option<Rgb> {
///         match text { "red" => Some(Rgb::Red), "green" => Some(Rgb::Green), "blue" => Some(Rgb::Blue), _ => None }
///     }
///     fn to_url(value: &Rgb) -> Result<String, ValidationError> {
///         Ok(match value { Rgb::Red => "red", Rgb::Green => "green", Rgb::Blue => "blue" }.to_string())
///     }
/// }
/// assert_eq!(Color::to_value("green"), Some(Rgb::Green));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is used as a converter in a rule but does not implement `RouteConverter`",
    label = "not a route converter",
    note = "a converter name starting with an uppercase letter names a type in scope that implements `stellwerk::routing::macro_support::RouteConverter`"
)]
pub trait RouteConverter {
    /// The type the handler argument has.
    type Output;
    /// The regex (regex-automata syntax, no anchors) of the text this converter accepts.
    const REGEX: &'static str;
    /// The priority weight: lower sorts first (int/float 50, string 100, path 200).
    const WEIGHT: u32 = 100;
    /// False when the converter may span several segments (its regex matches `/`).
    const PART_ISOLATING: bool = true;
    /// Converts matched, decoded text; `None` rejects (the next candidate is tried).
    fn to_value(text: &str) -> Option<Self::Output>;
    /// Converts a value to URL text, percent-encoded; an error is a `BuildError`.
    fn to_url(value: &Self::Output) -> Result<String, ValidationError>;
}

/// The two directions of a custom converter whose output is the handler's type `T`.
///
/// Generated code gets both through one generic call, [`custom_fns`], so a converter that
/// is not a [`RouteConverter`] or whose output is not `T` is reported once.
pub struct CustomFns<T> {
    /// [`RouteConverter::to_value`].
    pub to_value: fn(&str) -> Option<T>,
    /// [`RouteConverter::to_url`].
    pub to_url: fn(&T) -> Result<String, ValidationError>,
}

/// The functions of converter `C` for a handler argument of type `T`.
pub fn custom_fns<C: RouteConverter<Output = T>, T>() -> CustomFns<T> {
    CustomFns {
        to_value: C::to_value,
        to_url: C::to_url,
    }
}

/// A [`RouteConverter`] as a runtime [`Converter`], so a [`Map`](super::Map) can use it.
/// Its values are the matched text ([`Value::Str`]); building parses the text back
/// (`to_value`) and prints it with `to_url`.
pub struct CustomConverter<C>(std::marker::PhantomData<fn() -> C>);

impl<C> CustomConverter<C> {
    /// The adapter.
    pub const fn new() -> Self {
        CustomConverter(std::marker::PhantomData)
    }
}

impl<C> Default for CustomConverter<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> std::fmt::Debug for CustomConverter<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CustomConverter<{}>", std::any::type_name::<C>())
    }
}

impl<C: RouteConverter> Converter for CustomConverter<C> {
    fn regex(&self) -> Cow<'_, str> {
        Cow::Borrowed(C::REGEX)
    }
    fn weight(&self) -> u32 {
        C::WEIGHT
    }
    fn part_isolating(&self) -> bool {
        C::PART_ISOLATING
    }
    fn to_value(&self, text: &str) -> Result<Value, ValidationError> {
        match C::to_value(text) {
            Some(_) => Ok(Value::Str(text.to_string())),
            None => Err(ValidationError::new(format!(
                "{text:?} is not accepted by {}",
                std::any::type_name::<C>()
            ))),
        }
    }
    fn to_url(&self, value: &Value) -> Result<String, ValidationError> {
        let text = value.to_text();
        let parsed = C::to_value(&text).ok_or_else(|| {
            ValidationError::new(format!(
                "{text:?} is not accepted by {}",
                std::any::type_name::<C>()
            ))
        })?;
        C::to_url(&parsed)
    }
}

/// Handler arguments that are not rule variables: things the application hands over.
///
/// The App issue adds the request extractors (`&Request`, `State<T>`, `Query<T>`, `Form<T>`,
/// `Json<T>`, `Cookies`, ...); today the request's method, headers, URI and parts are
/// extractors.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an extractor, and no rule variable is named like this argument",
    label = "neither a rule variable nor an extractor",
    note = "a handler argument binds to the rule variable of the same name (`<name>` in the rule); any other argument must be an extractor such as `http::Method`, `http::HeaderMap`, `http::Uri` or `http::request::Parts`"
)]
pub trait Extractor {}

impl Extractor for http::Method {}
impl Extractor for http::HeaderMap {}
impl Extractor for http::Uri {}
impl Extractor for http::request::Parts {}
impl<T: Extractor + ?Sized> Extractor for &T {}

#[cfg(test)]
mod tests {
    use super::*;

    const LOC: SourceLocation = SourceLocation {
        file: "t.rs",
        line: 1,
        column: 1,
    };

    #[test]
    fn int_params_check_their_range() {
        for (value, u8_ok, i8_ok) in [
            (0i128, true, true),
            (255, true, false),
            (256, false, false),
            (-1, false, true),
            (-129, false, false),
        ] {
            assert_eq!(u8::from_int(value).is_some(), u8_ok, "u8 {value}");
            assert_eq!(i8::from_int(value).is_some(), i8_ok, "i8 {value}");
        }
        assert_eq!(u128::from_int(-1), None);
        assert_eq!(u128::MAX.int_value(), Value::Str(u128::MAX.to_string()));
    }

    #[test]
    fn build_url_quotes_static_text_merges_slashes_and_encodes_the_query() {
        const INFO: RouteInfo = RouteInfo {
            variables: &[VarInfo {
                name: "x",
                converter: "default",
                args: "",
                part: VarPart::Path,
            }],
            ..RouteInfo::new("/a b//<x>", "e", LOC)
        };
        let url = build_url(
            &INFO,
            &[Ok("v".into())],
            &[("q", "1&2".into()), ("l", vec![1, 2].into())],
        )
        .unwrap();
        assert_eq!(url, "/a%20b/v?q=1%262&l=1&l=2");
        let err = build_url(&INFO, &[Err(ValidationError::new("bad"))], &[]).unwrap_err();
        assert_eq!(
            err.rejected.as_deref(),
            Some("The value for 'x' was rejected: bad")
        );
    }

    #[test]
    fn query_keys_that_are_defaults_must_equal_them() {
        const INFO: RouteInfo = RouteInfo {
            defaults: &[("page", DefaultValue::Int(1))],
            ..RouteInfo::new("/list", "list", LOC)
        };
        assert_eq!(
            build_url(&INFO, &[], &[("page", 1.into())]).unwrap(),
            "/list"
        );
        assert!(build_url(&INFO, &[], &[("page", 2.into())]).is_err());
    }
}
