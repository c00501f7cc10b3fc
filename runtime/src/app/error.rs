//! [`AppError`]: what [`AppBuilder::build`](super::AppBuilder::build) reports.

use std::fmt;

/// One route, as an [`AppError`] names it: where it is mounted, its endpoint and rule, and
/// where its source is when it comes from a route macro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRef {
    /// The mount prefix (`""` for the root) and host, as `host/prefix` or `/prefix`.
    pub mount: String,
    /// The endpoint.
    pub endpoint: String,
    /// The rule string (without the mount prefix).
    pub rule: String,
    /// `file:line:column` of the route attribute, for macro routes.
    pub location: Option<String>,
}

impl fmt::Display for RouteRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} (rule {:?} mounted at {:?}",
            self.endpoint, self.rule, self.mount
        )?;
        if let Some(location) = &self.location {
            write!(f, ", defined at {location}")?;
        }
        f.write_str(")")
    }
}

/// An application that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppError {
    /// A mount prefix that is not a literal path.
    InvalidPrefix {
        /// The prefix.
        prefix: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An endpoint that requests can reach has no handler.
    MissingHandler {
        /// The mount prefix.
        prefix: String,
        /// The endpoint.
        endpoint: String,
        /// One of its rules.
        rule: String,
    },
    /// A handler was registered for an endpoint the map does not have.
    UnknownEndpoint {
        /// The mount prefix.
        prefix: String,
        /// The endpoint of the handler.
        endpoint: String,
    },
    /// A mount restricted to a subdomain, but no server name to take it from.
    SubdomainWithoutServerName {
        /// The mount prefix.
        prefix: String,
    },
    /// Two routes of different mounts match the same requests: the one tried second could
    /// never answer them.
    Conflict {
        /// The route that answers.
        first: Box<RouteRef>,
        /// The route it hides.
        second: Box<RouteRef>,
    },
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::InvalidPrefix { prefix, reason } => {
                write!(f, "invalid mount prefix {prefix:?}: {reason}")
            }
            AppError::MissingHandler {
                prefix,
                endpoint,
                rule,
            } => write!(
                f,
                "the endpoint {endpoint:?} (rule {rule:?}, mounted at {prefix:?}) has no handler: add `.on({endpoint:?}, handler)` to the mount's Handlers"
            ),
            AppError::UnknownEndpoint { prefix, endpoint } => write!(
                f,
                "a handler is registered for {endpoint:?} at {prefix:?}, but no rule of that map has this endpoint (a typo?)"
            ),
            AppError::SubdomainWithoutServerName { prefix } => write!(
                f,
                "the mount at {prefix:?} is restricted to a subdomain, but the application has no server_name to take subdomains from"
            ),
            AppError::Conflict { first, second } => write!(
                f,
                "route conflict: {second} matches the same requests as {first}, which is tried first; change one of the rules, their methods or the mount points"
            ),
        }
    }
}

impl std::error::Error for AppError {}
