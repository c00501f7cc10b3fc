//! A serde deserializer over a [`MultiDict`] of strings: how [`Query`](super::Query) and
//! [`Form`](super::Form) turn `?q=rust&tag=a&tag=b` into a struct.
//!
//! * a field takes the key's first value; a sequence field (`Vec<T>`) takes all of them,
//!   so repeated keys are not lost;
//! * numbers and booleans are parsed from the text (`true`/`false`, `on`/`off`, `yes`/`no`,
//!   `1`/`0`: what checkboxes and hand-written URLs send);
//! * an `Option<T>` field is `None` when the key is missing **or its value is empty**
//!   (`?page=` means "no page" in a form, not a parse error);
//! * unit enum variants are matched by name; nested maps and structs are not supported
//!   (a query string is flat).
//!
//! Errors name the field: `invalid value for "page": "x" is not a valid u32`.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use crate::datastructures::MultiDict;

/// Why a [`MultiDict`] did not deserialize: the field concerned (when known) and what was
/// wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The key whose value was rejected, when the error is about one key.
    pub field: Option<String>,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "invalid value for {field:?}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for FieldError {}

impl de::Error for FieldError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FieldError {
            field: None,
            message: msg.to_string(),
        }
    }
}

impl FieldError {
    fn in_field(mut self, key: &str) -> Self {
        self.field.get_or_insert_with(|| key.to_owned());
        self
    }
}

/// Deserializes `T` from the string pairs of a [`MultiDict`] (query arguments, form
/// fields).
///
/// ```
/// use stellwerk_runtime::datastructures::MultiDict;
/// use stellwerk_runtime::extract::from_multidict;
///
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Filter { tag: Vec<String>, limit: u8, draft: Option<bool> }
///
/// let args: MultiDict<String, String> = [("tag", "a"), ("tag", "b"), ("limit", "10"), ("draft", "")]
///     .into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
/// let filter: Filter = from_multidict(&args).unwrap();
/// assert_eq!(filter, Filter { tag: vec!["a".into(), "b".into()], limit: 10, draft: None });
///
/// let args: MultiDict<String, String> = [("limit".to_string(), "300".to_string())].into_iter().collect();
/// let err = from_multidict::<Filter>(&args).unwrap_err();
/// assert_eq!(err.field.as_deref(), Some("limit"));
/// ```
pub fn from_multidict<T: de::DeserializeOwned>(
    dict: &MultiDict<String, String>,
) -> Result<T, FieldError> {
    let entries: Vec<(&str, &[String])> = dict.iter_all().map(|(k, v)| (k.as_str(), v)).collect();
    T::deserialize(DictDeserializer { entries: &entries })
}

struct DictDeserializer<'a> {
    entries: &'a [(&'a str, &'a [String])],
}

impl<'de> de::Deserializer<'de> for DictDeserializer<'_> {
    type Error = FieldError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_map(DictAccess {
            entries: self.entries.iter(),
            current: None,
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

struct DictAccess<'a> {
    entries: std::slice::Iter<'a, (&'a str, &'a [String])>,
    current: Option<(&'a str, &'a [String])>,
}

impl<'de> MapAccess<'de> for DictAccess<'_> {
    type Error = FieldError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, FieldError> {
        match self.entries.next() {
            Some(&(key, values)) => {
                self.current = Some((key, values));
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, FieldError> {
        let (key, values) = self
            .current
            .take()
            .ok_or_else(|| de::Error::custom("a value was asked for before its key"))?;
        seed.deserialize(ValueDeserializer { key, values })
            .map_err(|e| e.in_field(key))
    }
}

/// The values of one key.
struct ValueDeserializer<'a> {
    key: &'a str,
    values: &'a [String],
}

impl ValueDeserializer<'_> {
    fn first(&self) -> &str {
        self.values.first().map_or("", String::as_str)
    }

    fn parse<T: FromStr>(&self, what: &str) -> Result<T, FieldError>
    where
        T::Err: fmt::Display,
    {
        let text = self.first();
        text.trim().parse().map_err(|e| FieldError {
            field: Some(self.key.to_owned()),
            message: format!("{text:?} is not a valid {what} ({e})"),
        })
    }
}

macro_rules! parse_number {
    ($($method:ident $visit:ident $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
                visitor.$visit(self.parse::<$ty>(stringify!($ty))?)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_> {
    type Error = FieldError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        if self.values.len() > 1 {
            self.deserialize_seq(visitor)
        } else {
            visitor.visit_str(self.first())
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        let text = self.first();
        let value = match text.trim().to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => true,
            "false" | "off" | "no" | "0" => false,
            _ => {
                return Err(FieldError {
                    field: Some(self.key.to_owned()),
                    message: format!(
                        "{text:?} is not a boolean (use true/false, on/off, yes/no or 1/0)"
                    ),
                });
            }
        };
        visitor.visit_bool(value)
    }

    parse_number! {
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
        deserialize_i128 visit_i128 i128,
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64,
        deserialize_u128 visit_u128 u128,
        deserialize_f32 visit_f32 f32,
        deserialize_f64 visit_f64 f64,
        deserialize_char visit_char char,
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_str(self.first())
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_string(self.first().to_owned())
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_bytes(self.first().as_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_byte_buf(self.first().as_bytes().to_vec())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        if self.values.iter().all(String::is_empty) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_seq(ValuesAccess {
            key: self.key,
            values: self.values.iter(),
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, FieldError> {
        Err(self.nested())
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, FieldError> {
        Err(self.nested())
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        visitor.visit_enum(self.first().into_deserializer())
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_str(self.first())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_unit()
    }
}

impl ValueDeserializer<'_> {
    fn nested(&self) -> FieldError {
        FieldError {
            field: Some(self.key.to_owned()),
            message: "nested maps and structs cannot be read from flat key=value pairs".to_owned(),
        }
    }
}

struct ValuesAccess<'a> {
    key: &'a str,
    values: std::slice::Iter<'a, String>,
}

impl<'de> SeqAccess<'de> for ValuesAccess<'_> {
    type Error = FieldError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, FieldError> {
        match self.values.next() {
            Some(value) => seed
                .deserialize(ValueDeserializer {
                    key: self.key,
                    values: std::slice::from_ref(value),
                })
                .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.values.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn dict(pairs: &[(&str, &str)]) -> MultiDict<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Order {
        Asc,
        Desc,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Params {
        q: String,
        page: Option<u32>,
        tag: Option<Vec<String>>,
        order: Option<Order>,
        exact: Option<bool>,
        ratio: Option<f64>,
    }

    #[test]
    fn fields_take_the_first_value_and_sequences_all_values() {
        for (pairs, expected) in [
            (
                vec![("q", "rust")],
                Params {
                    q: "rust".into(),
                    page: None,
                    tag: None,
                    order: None,
                    exact: None,
                    ratio: None,
                },
            ),
            (
                vec![
                    ("q", "a"),
                    ("q", "b"),
                    ("page", "2"),
                    ("tag", "x"),
                    ("tag", "y"),
                ],
                Params {
                    q: "a".into(),
                    page: Some(2),
                    tag: Some(vec!["x".into(), "y".into()]),
                    order: None,
                    exact: None,
                    ratio: None,
                },
            ),
            (
                vec![
                    ("q", ""),
                    ("page", ""),
                    ("order", "desc"),
                    ("exact", "on"),
                    ("ratio", "0.5"),
                ],
                Params {
                    q: "".into(),
                    page: None,
                    tag: None,
                    order: Some(Order::Desc),
                    exact: Some(true),
                    ratio: Some(0.5),
                },
            ),
            (
                vec![("q", "x"), ("unknown", "ignored"), ("exact", "0")],
                Params {
                    q: "x".into(),
                    page: None,
                    tag: None,
                    order: None,
                    exact: Some(false),
                    ratio: None,
                },
            ),
        ] {
            let got: Params = from_multidict(&dict(&pairs)).unwrap();
            assert_eq!(got, expected, "case {pairs:?}");
        }
    }

    #[test]
    fn errors_name_the_field() {
        for (pairs, field, needle) in [
            (
                vec![("q", "x"), ("page", "two")],
                Some("page"),
                "not a valid u32",
            ),
            (
                vec![("q", "x"), ("page", "-1")],
                Some("page"),
                "not a valid u32",
            ),
            (
                vec![("q", "x"), ("exact", "maybe")],
                Some("exact"),
                "not a boolean",
            ),
            (
                vec![("q", "x"), ("order", "up")],
                Some("order"),
                "unknown variant",
            ),
            (vec![("page", "1")], None, "missing field `q`"),
        ] {
            let err = from_multidict::<Params>(&dict(&pairs)).unwrap_err();
            assert_eq!(err.field.as_deref(), field, "case {pairs:?}");
            assert!(err.to_string().contains(needle), "case {pairs:?}: {err}");
        }
    }

    #[test]
    fn maps_and_newtypes() {
        let got: HashMap<String, String> =
            from_multidict(&dict(&[("a", "1"), ("b", "2")])).unwrap();
        assert_eq!(got.len(), 2);
        let multi: HashMap<String, Vec<u8>> =
            from_multidict(&dict(&[("a", "1"), ("a", "2")])).unwrap();
        assert_eq!(multi["a"], [1, 2]);
        #[derive(serde::Deserialize)]
        struct Nested {
            #[allow(dead_code)]
            inner: HashMap<String, String>,
        }
        let err = from_multidict::<Nested>(&dict(&[("inner", "x")]))
            .err()
            .unwrap();
        assert!(err.message.contains("nested"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_pairs(pairs in proptest::collection::vec((".{0,8}", ".{0,8}"), 0..8)) {
            let d: MultiDict<String, String> = pairs.into_iter().collect();
            let _ = from_multidict::<Params>(&d);
            let _ = from_multidict::<HashMap<String, Vec<i64>>>(&d);
        }
    }
}
