//! [`RequestConfig`]: the limits and deployment settings a [`Request`](super::Request) is
//! read with.

use std::sync::Arc;

use crate::form::{DEFAULT_MAX_FORM_MEMORY_SIZE, DEFAULT_MAX_FORM_PARTS, FormOptions};

/// Limits and deployment settings for reading a [`Request`](super::Request).
///
/// `RequestConfig::default()` has Werkzeug 3's defaults: no `max_content_length`,
/// `max_form_memory_size` of 500 000 bytes, `max_form_parts` of 1000, any host trusted,
/// no script root, and malformed forms answered with 400.
///
/// The type is cheap to clone (the settings are shared), so one configuration can
/// be built at start-up and cloned into every request.
///
/// ```
/// use stellwerk_runtime::wrappers::RequestConfig;
///
/// let config = RequestConfig::default()
///     .max_content_length(Some(16 * 1024 * 1024))
///     .trusted_hosts([".example.com", "example.com"])
///     .script_root("/app");
/// assert_eq!(config.get_max_content_length(), Some(16 * 1024 * 1024));
/// assert_eq!(config.get_max_form_memory_size(), Some(500_000));
/// assert_eq!(config.get_trusted_hosts(), [".example.com", "example.com"]);
/// assert_eq!(config.get_script_root(), "/app");
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestConfig(
    /// `None`: the defaults ([`DEFAULTS`]); made on the first change.
    Option<Arc<Settings>>,
);

/// The settings behind a [`RequestConfig`], shared by every request that is read with
/// them (one reference count per request, not a copy). The defaults are a `static`, so
/// an application that keeps them clones no count at all.
#[derive(Debug, Clone)]
struct Settings {
    max_content_length: Option<u64>,
    max_form_memory_size: Option<usize>,
    max_form_parts: Option<usize>,
    trusted_hosts: Vec<String>,
    script_root: String,
    silent_form_errors: bool,
}

static DEFAULTS: Settings = Settings {
    max_content_length: None,
    max_form_memory_size: Some(DEFAULT_MAX_FORM_MEMORY_SIZE),
    max_form_parts: Some(DEFAULT_MAX_FORM_PARTS),
    trusted_hosts: Vec::new(),
    script_root: String::new(),
    silent_form_errors: false,
};

impl RequestConfig {
    /// The same settings behind a reference count of their own (the App keeps one per
    /// connection, so the count every request takes is written by one connection only).
    pub(crate) fn deep_copy(&self) -> Self {
        RequestConfig(self.0.as_deref().map(|settings| Arc::new(settings.clone())))
    }

    fn settings(&self) -> &Settings {
        self.0.as_deref().unwrap_or(&DEFAULTS)
    }

    fn settings_mut(&mut self) -> &mut Settings {
        Arc::make_mut(self.0.get_or_insert_with(|| Arc::new(DEFAULTS.clone())))
    }

    /// Maximum body size in bytes (`None`, the default: unlimited). A larger declared
    /// `Content-Length` is refused before reading; a body that grows past it while being
    /// read is refused then. Both answer 413.
    pub fn max_content_length(mut self, limit: Option<u64>) -> Self {
        self.settings_mut().max_content_length = limit;
        self
    }

    /// Maximum size of one multipart text field, and of a whole urlencoded body (default
    /// 500 000 bytes; `None`: unlimited). Exceeding it answers 413.
    pub fn max_form_memory_size(mut self, limit: Option<usize>) -> Self {
        self.settings_mut().max_form_memory_size = limit;
        self
    }

    /// Maximum number of multipart parts (default 1000; `None`: unlimited). Urlencoded
    /// fields are not counted, as in Werkzeug. Exceeding it answers 413.
    pub fn max_form_parts(mut self, limit: Option<usize>) -> Self {
        self.settings_mut().max_form_parts = limit;
        self
    }

    /// The host names the application answers to. A name starting with `.` also matches
    /// every subdomain (`.example.com` matches `a.example.com` and `example.com`); ports
    /// are ignored; non-ASCII names are compared in their Punycode form. An empty list
    /// (the default) trusts any host. A request for another host gets 400 from
    /// [`Request::host`](super::Request::host) and every URL accessor.
    pub fn trusted_hosts<I, S>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.settings_mut().trusted_hosts = hosts.into_iter().map(Into::into).collect();
        self
    }

    /// The path prefix the application is mounted under (WSGI's `SCRIPT_NAME`), as
    /// decoded text. A trailing `/` is dropped and a missing leading `/` added. When the
    /// request path starts with it (at a `/` boundary) it is removed from
    /// [`Request::path`](super::Request::path); a server or proxy that already stripped
    /// it leaves the path as it is.
    pub fn script_root(mut self, root: impl Into<String>) -> Self {
        self.settings_mut().script_root = normalize_script_root(&root.into());
        self
    }

    /// With `true`, a malformed form body (what Werkzeug's `silent=True` covers: bad
    /// multipart framing, a missing boundary, a urlencoded body that is not UTF-8) reads as
    /// an empty form, as Werkzeug's `request.form` does. The default `false` answers 400
    /// with a description of the problem. Limits (413) are reported either way.
    pub fn silent_form_errors(mut self, silent: bool) -> Self {
        self.settings_mut().silent_form_errors = silent;
        self
    }

    /// The configured `max_content_length`.
    pub fn get_max_content_length(&self) -> Option<u64> {
        self.settings().max_content_length
    }

    /// The configured `max_form_memory_size`.
    pub fn get_max_form_memory_size(&self) -> Option<usize> {
        self.settings().max_form_memory_size
    }

    /// The configured `max_form_parts`.
    pub fn get_max_form_parts(&self) -> Option<usize> {
        self.settings().max_form_parts
    }

    /// The trusted host names (empty: any host).
    pub fn get_trusted_hosts(&self) -> &[String] {
        &self.settings().trusted_hosts
    }

    /// The configured script root (empty when the app is mounted at `/`).
    pub fn get_script_root(&self) -> &str {
        &self.settings().script_root
    }

    /// Whether malformed forms read as empty forms.
    pub fn get_silent_form_errors(&self) -> bool {
        self.settings().silent_form_errors
    }

    /// The [`FormOptions`] these limits amount to.
    pub fn form_options(&self) -> FormOptions {
        FormOptions::default()
            .max_content_length(self.settings().max_content_length)
            .max_form_memory_size(self.settings().max_form_memory_size)
            .max_form_parts(self.settings().max_form_parts)
            .silent(self.settings().silent_form_errors)
    }
}

/// `""` for the root; otherwise one leading `/` and no trailing `/`.
pub(super) fn normalize_script_root(root: &str) -> String {
    let trimmed = root.trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    }
}
