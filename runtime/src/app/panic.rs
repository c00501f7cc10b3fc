//! Turning a panic in a handler into a 500 instead of a lost connection, and in debug mode
//! into the debug page (panic message, backtrace, matched route, request).

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use http::header::{self, HeaderValue};
use http::{HeaderMap, Method, StatusCode, Uri, Version};

use crate::exceptions::HttpError;
use crate::wrappers::request::FormRecorder;
use crate::wrappers::response::Response;

use super::debug_page::{self, Page};
use super::dispatch::Head;
use super::{App, Router};

/// A caught panic: its message and, in debug mode, where it happened and the backtrace.
#[derive(Debug)]
pub(crate) struct Caught {
    pub(crate) message: String,
    pub(crate) location: Option<String>,
    pub(crate) backtrace: Option<String>,
}

/// Polls a future under `catch_unwind`; a panic ends it with a [`Caught`].
///
/// `AssertUnwindSafe` is sound here in the sense that matters: after a panic the future is
/// dropped and never polled again, so no broken invariant inside it is observed.
///
/// The future must be `Unpin`: handlers' futures are boxed already, and boxing them again
/// here was an allocation per request.
pub(crate) struct CatchUnwind<F> {
    inner: F,
    debug: bool,
}

impl<F> CatchUnwind<F> {
    /// In debug mode (and with the `server` feature, whose panic hook records them) the
    /// location and backtrace are captured too.
    pub(crate) fn new(inner: F, debug: bool) -> Self {
        #[cfg(feature = "server")]
        if debug {
            crate::serve::guard::install_hook();
        }
        CatchUnwind { inner, debug }
    }
}

impl<F: Future + Unpin> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Caught>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let inner = Pin::new(&mut this.inner);
        #[cfg(feature = "server")]
        if this.debug {
            use crate::serve::guard::{Capture, guarded};
            return match guarded(Capture::Backtrace, move || inner.poll(cx)) {
                Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
                Ok(Poll::Pending) => Poll::Pending,
                Err(report) => Poll::Ready(Err(Caught {
                    message: report.message,
                    location: report.location,
                    backtrace: report.backtrace,
                })),
            };
        }
        #[cfg(not(feature = "server"))]
        let _ = this.debug;
        match catch_unwind(AssertUnwindSafe(move || inner.poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(Caught {
                message: panic_message(payload),
                location: None,
                backtrace: None,
            })),
        }
    }
}

/// The message of a panic payload (`panic!("...")` gives a `&str` or a `String`).
pub(crate) fn panic_message(payload: Box<dyn Any + Send>) -> String {
    let message = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-string payload".to_owned()
    };
    // Dropping the payload runs arbitrary code; a panic there must not escape either.
    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
    message
}

/// Where a handler panicked: its mount, endpoint and (for a group) route index.
pub(crate) struct PanicSite<'a> {
    pub(crate) mount: usize,
    pub(crate) endpoint: &'a str,
    pub(crate) route: Option<usize>,
}

/// Why the debug page shows no form fields when the request recorded none.
const FORM_NOTE: &str = "Form fields are not shown: the handler did not read the body as a \
    form before it panicked, and the error path never reads the body itself.";

impl App {
    /// The answer to a handler that panicked: outside debug mode the plain 500 (through
    /// the error handlers); in debug mode the debug page, which bypasses the error
    /// handlers as Werkzeug's debugger does.
    pub(crate) fn handler_panicked(
        &self,
        site: PanicSite<'_>,
        caught: Caught,
        head: &Head,
        (method, uri, version, headers): (&Method, &Uri, Version, &HeaderMap),
    ) -> Response {
        if !self.inner.debug {
            return self.render_error(Some(site.mount), HttpError::internal_server_error(), head);
        }
        // The panic does not reach the default hook in debug mode, so say it here.
        match &caught.location {
            Some(at) => eprintln!("handler panicked at {at}: {}", caught.message),
            None => eprintln!("handler panicked: {}", caught.message),
        }
        let rule = self.route_rule(&site);
        let no_trace = if cfg!(feature = "server") {
            "no backtrace was captured"
        } else {
            "no backtrace was captured: that needs the `server` feature's panic hook"
        };
        let page = debug_page::render(&Page {
            kind: "panic",
            message: &caught.message,
            location: caught.location.as_deref(),
            backtrace: Some(caught.backtrace.as_deref().ok_or(no_trace)),
            causes: &[],
            route: Some((site.endpoint, &rule)),
            method,
            uri,
            version,
            headers,
            remote: None,
            form: recorded_form(head),
            form_note: Some(FORM_NOTE),
        });
        let mut response = Response::new(page).with_status(StatusCode::INTERNAL_SERVER_ERROR);
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    }

    /// The matched rule with its mount prefix (a map endpoint may have several rules).
    fn route_rule(&self, site: &PanicSite<'_>) -> String {
        let Some(mount) = self.inner.mounts.get(site.mount) else {
            return String::new();
        };
        let rules: Vec<String> = match (&mount.router, site.route) {
            (Router::Group(group), Some(i)) => group
                .routes()
                .get(i)
                .map(|r| vec![r.rule.to_string()])
                .unwrap_or_default(),
            (router, _) => router
                .map()
                .and_then(|map| map.rules_for(site.endpoint))
                .map(|rules| rules.iter().map(|r| r.rule().to_owned()).collect())
                .unwrap_or_default(),
        };
        let prefixed: Vec<String> = rules
            .iter()
            .map(|rule| format!("{}{rule}", mount.prefix))
            .collect();
        prefixed.join(" | ")
    }
}

/// The form the request recorded before the handler panicked: in debug mode the dispatcher
/// puts a [`FormRecorder`] into the request's extensions before it keeps the head (with the
/// extensions), so the head still holds the slot the request filled.
fn recorded_form(head: &Head) -> Option<&crate::wrappers::request::RecordedForm> {
    head.extensions
        .as_ref()?
        .get::<FormRecorder>()
        .and_then(FormRecorder::get)
}
