//! The debug page the server renders in debug mode: the panic (or service error), the
//! backtrace and the request. (Outside debug mode a failure answers the catalogue's plain
//! 500 page, [`HttpError::internal_server_error`](crate::exceptions::HttpError::internal_server_error).)
//!
//! Every piece of text on the debug page comes from the request or the application, so all
//! of it is HTML-escaped (Werkzeug had two XSS advisories in its debugger page, the last one
//! through the exception message in `<title>`). The page contains no script and offers no
//! action, so there is nothing for a foreign `Host` to drive (CVE-2024-34069), and
//! credentials (`Authorization`, `Proxy-Authorization`, `Cookie`) are masked.

use std::fmt::Write as _;
use std::net::SocketAddr;

use http::{HeaderMap, Method, Uri, Version, header};

use super::guard::PanicReport;
use crate::exceptions::escape_html;

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
}

impl RequestInfo {
    /// The full URL: HTTP/2 requests carry scheme and authority in the URI, HTTP/1.1
    /// requests only a path, with the host in the `Host` header.
    fn url(&self) -> String {
        if self.uri.authority().is_some() {
            return self.uri.to_string();
        }
        let host = self
            .headers
            .get(header::HOST)
            .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
            .unwrap_or_default();
        let path = self.uri.path_and_query().map_or("/", |p| p.as_str());
        format!("http://{host}{path}")
    }
}

const MASKED: [header::HeaderName; 3] = [
    header::AUTHORIZATION,
    header::PROXY_AUTHORIZATION,
    header::COOKIE,
];

/// The debug page for `failure` while answering `request`.
pub(crate) fn render(failure: &Failure, request: &RequestInfo) -> String {
    let (kind, message) = match failure {
        Failure::Panic(report) => ("panic", report.message.as_str()),
        Failure::Error(chain) => (
            "service error",
            chain.first().map_or("(no message)", String::as_str),
        ),
    };
    let mut page = String::with_capacity(4096);
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n\
         <title>{kind}: {title} // stellwerk debug page</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{kind}</h1>\n<p class=message>{message}</p>\n",
        title = escape_html(message),
        message = escape_html(message),
    );
    match failure {
        Failure::Panic(report) => {
            if let Some(location) = &report.location {
                let _ = writeln!(page, "<p>at <code>{}</code></p>", escape_html(location));
            }
            page.push_str("<h2>Backtrace</h2>\n");
            match &report.backtrace {
                Some(trace) => {
                    let _ = writeln!(page, "<pre class=trace>{}</pre>", escape_html(trace));
                }
                None => page.push_str("<p>(no backtrace was captured)</p>\n"),
            }
        }
        Failure::Error(chain) => {
            for cause in chain.iter().skip(1) {
                let _ = writeln!(page, "<p>caused by: {}</p>", escape_html(cause));
            }
        }
    }
    let _ = write!(
        page,
        "<h2>Request</h2>\n<table>\n<tr><th>method<td>{}\n<tr><th>URL<td>{}\n\
         <tr><th>version<td>{:?}\n<tr><th>remote address<td>{}\n</table>\n\
         <h2>Headers</h2>\n<table>\n",
        escape_html(request.method.as_str()),
        escape_html(&request.url()),
        request.version,
        request.remote,
    );
    for (name, value) in &request.headers {
        let shown = if MASKED.contains(name) {
            "[masked]".to_owned()
        } else {
            escape_html(&String::from_utf8_lossy(value.as_bytes()))
        };
        let _ = writeln!(page, "<tr><th>{}<td>{shown}", escape_html(name.as_str()));
    }
    page.push_str(
        "</table>\n<p class=note>This page is shown because the server runs in debug mode. \
         Never enable debug mode where others can reach the server.</p>\n</body>\n</html>\n",
    );
    page
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}\
h1{color:#a00}.message{font-size:1.2em;white-space:pre-wrap}\
pre.trace{background:#f4f4f4;padding:1em;overflow:auto;font-size:.85em}\
th{text-align:left;padding-right:1em;vertical-align:top}td{font-family:monospace;word-break:break-all}\
.note{color:#666;margin-top:2em}";

#[cfg(test)]
mod tests {
    use super::*;

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
