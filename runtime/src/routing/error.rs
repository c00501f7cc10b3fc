//! Every error the router reports: [`RuleError`] when a map is built, [`RoutingError`] when
//! a request is matched, [`BuildError`] when a URL is built.

use std::fmt;

use http::{Method, StatusCode};

use super::converter::ConverterArgError;
use super::rule::{GrammarError, Span};

/// What kind of mistake a [`RuleError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The rule, subdomain, host or `redirect_to` string does not parse.
    Grammar,
    /// A placeholder names a converter that is not registered.
    UnknownConverter,
    /// A converter rejected its arguments.
    ConverterArgs,
    /// A custom converter's regex does not compile, or a `path`-like converter sits in a
    /// domain.
    InvalidConverter,
    /// Two rules match the same requests (same methods, host and language).
    Duplicate,
    /// A rule variable also has a default (departure 6).
    DefaultForVariable,
    /// A websocket rule lists a method other than GET, HEAD or OPTIONS.
    WebsocketMethods,
    /// Host matching is on and the rule has no host (departure 8).
    MissingHost,
    /// Every rule of an endpoint is an alias (departure 9).
    AliasOnly,
    /// A `RuleTemplate` placeholder has no value.
    Template,
    /// A rule has neither an endpoint nor a `redirect_to`.
    MissingEndpoint,
    /// A method name is not a valid HTTP token.
    InvalidMethod,
}

/// An error found while building a [`Map`](super::Map): which rule, what is wrong, how to
/// fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The kind of mistake.
    pub kind: RuleErrorKind,
    /// The rule string concerned (after factories applied).
    pub rule: String,
    /// What is wrong and how to fix it.
    pub message: String,
    /// Where in the rule (or domain) string, when known.
    pub span: Option<Span>,
    /// The grammar errors, for [`RuleErrorKind::Grammar`] (all of them).
    pub grammar: Vec<GrammarError>,
}

impl RuleError {
    /// A rule error of this kind.
    pub fn new(kind: RuleErrorKind, rule: &str, message: impl Into<String>) -> Self {
        RuleError {
            kind,
            rule: rule.to_string(),
            message: message.into(),
            span: None,
            grammar: Vec::new(),
        }
    }

    pub(crate) fn with_span(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub(crate) fn grammar(rule: &str, what: &str, errors: Vec<GrammarError>) -> Self {
        let message = errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        RuleError {
            kind: RuleErrorKind::Grammar,
            rule: rule.to_string(),
            message: format!("malformed {what} {rule:?}: {message}"),
            span: errors.first().map(|e| e.span.clone()),
            grammar: errors,
        }
    }

    pub(crate) fn converter_args(rule: &str, e: ConverterArgError) -> Self {
        RuleError {
            kind: RuleErrorKind::ConverterArgs,
            rule: rule.to_string(),
            message: format!("in rule {rule:?}: {}", e.message),
            span: e.span,
            grammar: Vec::new(),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

/// Why a request did not match a handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoutingError {
    /// No rule matches (404).
    NotFound,
    /// Rules match the path but not the method (405); `allowed` is sorted.
    MethodNotAllowed {
        /// The methods that would match, sorted.
        allowed: Vec<Method>,
    },
    /// The request should go elsewhere (slash, merge-slash, defaults, alias or `redirect_to`
    /// redirect); `location` is absolute.
    Redirect {
        /// The absolute URL to redirect to.
        location: String,
        /// The redirect status (308 unless configured otherwise).
        status: StatusCode,
    },
    /// A websocket rule matched an HTTP request or the other way round (400).
    WebsocketMismatch,
    /// The path does not percent-decode to UTF-8 (400).
    BadPath,
}

impl RoutingError {
    /// The HTTP status this outcome means.
    ///
    /// ```
    /// use stellwerk_runtime::routing::RoutingError;
    /// use http::StatusCode;
    /// assert_eq!(RoutingError::NotFound.status(), StatusCode::NOT_FOUND);
    /// assert_eq!(RoutingError::BadPath.status(), StatusCode::BAD_REQUEST);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            RoutingError::NotFound => StatusCode::NOT_FOUND,
            RoutingError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            RoutingError::Redirect { status, .. } => *status,
            RoutingError::WebsocketMismatch | RoutingError::BadPath => StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for RoutingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoutingError::NotFound => f.write_str("no rule matches this URL"),
            RoutingError::MethodNotAllowed { allowed } => {
                let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
                write!(f, "method not allowed; allowed: {}", names.join(", "))
            }
            RoutingError::Redirect { location, status } => {
                write!(f, "redirect ({}) to {location}", status.as_u16())
            }
            RoutingError::WebsocketMismatch => {
                f.write_str("the rule exists, but not for this kind of request (websocket or HTTP)")
            }
            RoutingError::BadPath => f.write_str("the path does not percent-decode to UTF-8"),
        }
    }
}

impl std::error::Error for RoutingError {}

/// No rule of an endpoint could build a URL from the given values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The endpoint asked for.
    pub endpoint: String,
    /// The method asked for, if any.
    pub method: Option<Method>,
    /// The names of the values given, sorted.
    pub values: Vec<String>,
    /// Why the closest candidate rejected a value (converter validation), if that is why.
    pub rejected: Option<String>,
    /// A hint (Werkzeug's suggestion: another endpoint, other methods, missing values).
    pub hint: Option<String>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Could not build url for endpoint '{}'", self.endpoint)?;
        if let Some(m) = &self.method {
            write!(f, " ('{m}')")?;
        }
        if !self.values.is_empty() {
            let quoted: Vec<String> = self.values.iter().map(|v| format!("'{v}'")).collect();
            write!(f, " with values [{}]", quoted.join(", "))?;
        }
        f.write_str(".")?;
        if let Some(r) = &self.rejected {
            write!(f, " {r}.")?;
        }
        if let Some(h) = &self.hint {
            write!(f, " {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}
