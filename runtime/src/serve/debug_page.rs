//! The debug page the server renders in debug mode: the panic (or service error), the
//! backtrace and the request, drawn by the App's renderer (`app::debug_page`, which the App
//! uses for a panicking handler). (Outside debug mode a failure answers the catalogue's plain
//! 500 page, [`HttpError::internal_server_error`](crate::exceptions::HttpError::internal_server_error).)
//!
//! Every piece of text on the debug page comes from the request or the application, so all
//! of it is HTML-escaped (Werkzeug had two XSS advisories in its debugger page, the last one
//! through the exception message in `<title>`). The page contains no script and offers no
//! action, so there is nothing for a foreign `Host` to drive (CVE-2024-34069), and
//! credentials (`Authorization`, `Proxy-Authorization`, `Cookie`) are masked.

use std::net::SocketAddr;

use http::{HeaderMap, Method, Uri, Version};

use super::guard::PanicReport;
use crate::app::debug_page as page;
use crate::wrappers::request::FormRecorder;

/// What went wrong while answering a request.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The service (its `poll_ready`, `call` or future) panicked.
    Panic(PanicReport),
    /// The service returned an error: its `Display` text and its `source()` chain.
    Error(Vec<String>),
}

impl Failure {
    /// One line for the server log.
    pub(crate) fn summary(&self) -> String {
        match self {
            Failure::Panic(report) => match &report.location {
                Some(location) => format!("panicked at {location}: {}", report.message),
                None => format!("panicked: {}", report.message),
            },
            Failure::Error(chain) => format!("service error: {}", chain.join(": caused by: ")),
        }
    }
}

/// The parts of the request the debug page shows.
#[derive(Debug)]
pub(crate) struct RequestInfo {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) version: Version,
    pub(crate) headers: HeaderMap,
    pub(crate) remote: SocketAddr,
    /// The form slot a stellwerk `Request` fills when the service parses the form.
    pub(crate) form: Option<FormRecorder>,
}

/// Why the page shows no form fields when the slot stayed empty.
const FORM_NOTE: &str = "Form fields are not shown: the service did not read the body as a \
    form through stellwerk's Request before it failed (a panic in an App's handler gets the \
    App's own page), and the server never reads the body itself.";

/// The debug page for `failure` while answering `request` (rendered by the App's renderer).
pub(crate) fn render(failure: &Failure, request: &RequestInfo) -> String {
    let (kind, message, location, backtrace, causes): (_, _, _, _, &[String]) = match failure {
        Failure::Panic(report) => (
            "panic",
            report.message.as_str(),
            report.location.as_deref(),
            Some(
                report
                    .backtrace
                    .as_deref()
                    .ok_or("no backtrace was captured"),
            ),
            &[],
        ),
        Failure::Error(chain) => (
            "service error",
            chain.first().map_or("(no message)", String::as_str),
            None,
            None,
            chain.get(1..).unwrap_or(&[]),
        ),
    };
    page::render(&page::Page {
        kind,
        message,
        location,
        backtrace,
        causes,
        route: None,
        method: &request.method,
        uri: &request.uri,
        version: request.version,
        headers: &request.headers,
        remote: Some(request.remote.to_string()),
        form: request.form.as_ref().and_then(FormRecorder::get),
        form_note: request.form.as_ref().map(|_| FORM_NOTE),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exceptions::escape_html;
    use http::header;

    fn request() -> RequestInfo {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "localhost:3000".parse().unwrap());
        headers.insert(header::AUTHORIZATION, "Basic c2VjcmV0".parse().unwrap());
        headers.insert(header::COOKIE, "session=secret".parse().unwrap());
        headers.insert("x-evil", "<img src=x onerror=alert(1)>".parse().unwrap());
        RequestInfo {
            method: Method::GET,
            uri: Uri::from_static("/a%3Cb?q=%3Cscript%3E"),
            version: Version::HTTP_11,
            headers,
            remote: "127.0.0.1:4000".parse().unwrap(),
            form: None,
        }
    }

    #[test]
    fn escape_table() {
        for (input, expected) in [
            ("plain", "plain"),
            ("<script>", "&lt;script&gt;"),
            ("a & b", "a &amp; b"),
            ("\"'", "&#34;&#39;"),
            ("&lt;", "&amp;lt;"),
        ] {
            assert_eq!(escape_html(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn panic_page_escapes_everything_and_masks_credentials() {
        let failure = Failure::Panic(PanicReport {
            message: "<script>alert('x')</script>".into(),
            location: Some("src/<main>.rs:1:2".into()),
            backtrace: Some("0: <frame>".into()),
        });
        let page = render(&failure, &request());
        // Nothing executable or actionable on the page (CVE-2024-34069), whatever the Host.
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<form"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(
            page.contains("<title>panic: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
            "{page}"
        );
        assert!(page.contains("src/&lt;main&gt;.rs:1:2"), "{page}");
        assert!(page.contains("0: &lt;frame&gt;"), "{page}");
        assert!(page.contains("http://localhost:3000/a%3Cb"), "{page}");
        assert!(
            !page.contains("c2VjcmV0"),
            "credentials must be masked: {page}"
        );
        assert!(
            !page.contains("session=secret"),
            "cookies must be masked: {page}"
        );
        assert_eq!(page.matches("[masked]").count(), 2, "{page}");
    }

    #[test]
    fn error_page_lists_causes() {
        let failure = Failure::Error(vec!["outer <1>".into(), "inner <2>".into()]);
        let page = render(&failure, &request());
        assert!(page.contains("<h1>service error</h1>"), "{page}");
        assert!(page.contains("caused by: inner &lt;2&gt;"), "{page}");
        assert_eq!(
            failure.summary(),
            "service error: outer <1>: caused by: inner <2>"
        );
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_has_no_markup(text in "\\PC{0,60}") {
            let escaped = escape_html(&text);
            proptest::prop_assert!(!escaped.contains(['<', '>', '"', '\'']), "{}", escaped);
        }
    }
}
