//! [`ClientError`]: why a test request could not be completed.

use crate::body::BoxError;

/// Why [`RequestBuilder::try_send`](super::RequestBuilder::try_send) failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The request could not be built: an invalid header, URL or JSON body.
    InvalidRequest(String),
    /// The service returned an error.
    Service(BoxError),
    /// Reading the response body failed.
    Body(BoxError),
    /// More redirects than the limit set with [`Client::max_redirects`](super::Client::max_redirects).
    TooManyRedirects(usize),
    /// A redirect led back to a URL already visited with the same status.
    RedirectLoop(String),
    /// A redirect pointed to another host, which the test client does not follow (the
    /// service under test only answers for its own host).
    ExternalRedirect(String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::InvalidRequest(why) => write!(f, "invalid test request: {why}"),
            ClientError::Service(err) => write!(f, "the service returned an error: {err}"),
            ClientError::Body(err) => write!(f, "reading the response body failed: {err}"),
            ClientError::TooManyRedirects(limit) => {
                write!(f, "more than {limit} redirects")
            }
            ClientError::RedirectLoop(url) => write!(f, "redirect loop at {url}"),
            ClientError::ExternalRedirect(url) => {
                write!(f, "redirect to an external host: {url}")
            }
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Service(err) | ClientError::Body(err) => Some(err.as_ref()),
            _ => None,
        }
    }
}
