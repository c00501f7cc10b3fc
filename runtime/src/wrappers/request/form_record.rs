//! The form a request parsed, recorded for the debug page.
//!
//! In debug mode the App (and the development server) put a [`FormRecorder`] into the
//! request's extensions before the handler runs. When the request wrapper parses a
//! urlencoded or multipart body it copies the field names and values (files: name, file
//! name, content type and size, never their contents) into the recorder's shared slot, so
//! the debug page can list them after the handler panicked and dropped the request.
//! Outside debug mode there is no recorder and nothing is copied.

use std::sync::{Arc, OnceLock};

use crate::form::FormData;

/// Values longer than this many bytes are cut on the debug page.
pub(crate) const MAX_SHOWN_VALUE: usize = 1024;

/// The shared slot the request fills when it parses its form (debug mode only).
#[derive(Clone, Debug, Default)]
pub(crate) struct FormRecorder(Arc<OnceLock<RecordedForm>>);

/// What the request's form parser found.
#[derive(Debug)]
pub(crate) enum RecordedForm {
    /// The text fields and the files' descriptions, in the body's order per name.
    Parsed {
        fields: Vec<(ShownValue, ShownValue)>,
        files: Vec<RecordedFile>,
    },
    /// Parsing failed with this message.
    Failed(String),
}

/// A text value, cut to [`MAX_SHOWN_VALUE`] bytes (at a character boundary).
#[derive(Debug)]
pub(crate) struct ShownValue {
    pub(crate) text: String,
    /// The length of the whole value in bytes.
    pub(crate) len: usize,
}

impl ShownValue {
    fn of(value: &str) -> Self {
        let mut end = value.len().min(MAX_SHOWN_VALUE);
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        ShownValue {
            text: value[..end].to_owned(),
            len: value.len(),
        }
    }

    /// Whether the value was cut.
    pub(crate) fn truncated(&self) -> bool {
        self.text.len() < self.len
    }
}

/// An uploaded file, described without its contents.
#[derive(Debug)]
pub(crate) struct RecordedFile {
    pub(crate) field: ShownValue,
    pub(crate) filename: Option<ShownValue>,
    pub(crate) content_type: Option<ShownValue>,
    pub(crate) size: u64,
}

impl FormRecorder {
    /// A new, empty slot.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// What was recorded, if the request parsed its form.
    pub(crate) fn get(&self) -> Option<&RecordedForm> {
        self.0.get()
    }

    /// Records a parsed form (the first record wins: the request parses once).
    pub(crate) fn record_form(&self, form: &FormData) {
        self.0.get_or_init(|| RecordedForm::Parsed {
            fields: form
                .fields
                .iter()
                .map(|(name, value)| (ShownValue::of(name), ShownValue::of(value)))
                .collect(),
            files: form
                .files
                .iter()
                .map(|(field, file)| RecordedFile {
                    field: ShownValue::of(field),
                    filename: file.filename().map(ShownValue::of),
                    content_type: file.content_type().map(ShownValue::of),
                    size: file.len(),
                })
                .collect(),
        });
    }

    /// Records that parsing failed.
    pub(crate) fn record_error(&self, message: String) {
        self.0.get_or_init(|| RecordedForm::Failed(message));
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_SHOWN_VALUE, ShownValue};

    #[test]
    fn long_values_are_cut_at_a_character_boundary() {
        let long = "a".repeat(MAX_SHOWN_VALUE + 10);
        // 'é' is two bytes: the cut would fall in its middle.
        let straddling = format!("{}é", "a".repeat(MAX_SHOWN_VALUE - 1));
        for (name, value, shown_len, truncated) in [
            ("short", "value".to_owned(), 5, false),
            ("empty", String::new(), 0, false),
            (
                "exactly the limit",
                "b".repeat(MAX_SHOWN_VALUE),
                MAX_SHOWN_VALUE,
                false,
            ),
            ("over the limit", long, MAX_SHOWN_VALUE, true),
            (
                "multibyte at the limit",
                straddling,
                MAX_SHOWN_VALUE - 1,
                true,
            ),
        ] {
            let shown = ShownValue::of(&value);
            assert_eq!(shown.text.len(), shown_len, "{name}");
            assert_eq!(shown.len, value.len(), "{name}");
            assert_eq!(shown.truncated(), truncated, "{name}");
            assert!(value.starts_with(&shown.text), "{name}");
        }
    }
}
