//! Custom converters: [`RouteConverter`], named in rules by an uppercase type name.

use std::borrow::Cow;

use crate::routing::converter::{Converter, ValidationError};
use crate::routing::value::Value;

/// A custom converter, named in rules by its type: `<Color:c>` uses the type `Color` in
/// scope at the route. Write its name with an uppercase first letter (lowercase names are
/// the built-ins) and give no arguments.
///
/// The matched text is decoded; [`to_url`](RouteConverter::to_url) must return encoded text
/// (use [`quote_segment`](crate::routing::quote::quote_segment)). A `None` from
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

/// The functions of a custom converter whose output is the handler's type `T`.
///
/// Generated code gets them all through one generic call, [`custom_fns`], so a converter
/// that is not a [`RouteConverter`] or whose output is not `T` is reported once.
pub struct CustomFns<T> {
    /// [`RouteConverter::to_value`].
    pub to_value: fn(&str) -> Option<T>,
    /// [`RouteConverter::to_url`].
    pub to_url: fn(&T) -> Result<String, ValidationError>,
    /// Makes the runtime converter ([`CustomConverter`]).
    pub converter: fn() -> Box<dyn Converter>,
}

/// The functions of converter `C` for a handler argument of type `T`.
pub fn custom_fns<C: RouteConverter<Output = T> + 'static, T>() -> CustomFns<T> {
    CustomFns {
        to_value: C::to_value,
        to_url: C::to_url,
        converter: || Box::new(CustomConverter::<C>::new()),
    }
}

/// A [`RouteConverter`] as a runtime [`Converter`], so a [`Map`](crate::routing::Map) can use it.
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
