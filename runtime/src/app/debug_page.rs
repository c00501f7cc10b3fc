//! The debug page renderer, shared by the App (a handler that panicked) and the development
//! server (a service that panicked or failed).
//!
//! Every piece of text on the page comes from the request or the application, so all of it
//! is HTML-escaped (Werkzeug had two XSS advisories in its debugger page, the last one
//! through the exception message in `<title>`). The page contains no script and offers no
//! action, so there is nothing for a foreign `Host` to drive (CVE-2024-34069), and
//! credentials (`Authorization`, `Proxy-Authorization`, `Cookie`) are masked.

use std::fmt::Write as _;

use http::{HeaderMap, Method, Uri, Version, header};

use crate::exceptions::escape_html;
use crate::wrappers::request::RecordedForm;
use crate::wrappers::request::form_record::{MAX_SHOWN_VALUE, ShownValue};

/// What the page shows; every string is escaped when rendered.
pub(crate) struct Page<'a> {
    /// `panic` or `service error`.
    pub kind: &'a str,
    pub message: &'a str,
    /// `file:line:column` of a panic.
    pub location: Option<&'a str>,
    /// `Some` for a panic: the backtrace if one was captured, else why not.
    pub backtrace: Option<Result<&'a str, &'a str>>,
    /// The `source()` chain of a service error after its first message.
    pub causes: &'a [String],
    /// The matched route: endpoint and rule (with the mount prefix).
    pub route: Option<(&'a str, &'a str)>,
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub version: Version,
    pub headers: &'a HeaderMap,
    pub remote: Option<String>,
    /// The form the request parsed (debug mode records it), shown before `form_note`.
    pub form: Option<&'a RecordedForm>,
    /// A note instead of the form fields, when they cannot be shown.
    pub form_note: Option<&'a str>,
}

/// The full URL: HTTP/2 requests carry scheme and authority in the URI, HTTP/1.1 requests
/// only a path, with the host in the `Host` header.
pub(crate) fn request_url(uri: &Uri, headers: &HeaderMap) -> String {
    if uri.authority().is_some() {
        return uri.to_string();
    }
    let host = headers
        .get(header::HOST)
        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        .unwrap_or_default();
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    format!("http://{host}{path}")
}

const MASKED: [header::HeaderName; 3] = [
    header::AUTHORIZATION,
    header::PROXY_AUTHORIZATION,
    header::COOKIE,
];

/// The HTML of the debug page.
pub(crate) fn render(p: &Page<'_>) -> String {
    let mut page = String::with_capacity(4096);
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n\
         <title>{kind}: {message} // stellwerk debug page</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{kind}</h1>\n<p class=message>{message}</p>\n",
        kind = escape_html(p.kind),
        message = escape_html(p.message),
    );
    if let Some(location) = p.location {
        let _ = writeln!(page, "<p>at <code>{}</code></p>", escape_html(location));
    }
    if let Some(trace) = p.backtrace {
        page.push_str("<h2>Backtrace</h2>\n");
        match trace {
            Ok(trace) => {
                let _ = writeln!(page, "<pre class=trace>{}</pre>", escape_html(trace));
            }
            Err(why) => {
                let _ = writeln!(page, "<p>({})</p>", escape_html(why));
            }
        }
    }
    for cause in p.causes {
        let _ = writeln!(page, "<p>caused by: {}</p>", escape_html(cause));
    }
    if let Some((endpoint, rule)) = p.route {
        let _ = write!(
            page,
            "<h2>Route</h2>\n<table>\n<tr><th>endpoint<td>{}\n<tr><th>rule<td>{}\n</table>\n",
            escape_html(endpoint),
            escape_html(rule),
        );
    }
    let _ = write!(
        page,
        "<h2>Request</h2>\n<table>\n<tr><th>method<td>{}\n<tr><th>URL<td>{}\n\
         <tr><th>version<td>{:?}\n",
        escape_html(p.method.as_str()),
        escape_html(&request_url(p.uri, p.headers)),
        p.version,
    );
    if let Some(remote) = &p.remote {
        let _ = writeln!(page, "<tr><th>remote address<td>{}", escape_html(remote));
    }
    page.push_str("</table>\n<h2>Headers</h2>\n<table>\n");
    for (name, value) in p.headers {
        let shown = if MASKED.contains(name) {
            "[masked]".to_owned()
        } else {
            escape_html(&String::from_utf8_lossy(value.as_bytes()))
        };
        let _ = writeln!(page, "<tr><th>{}<td>{shown}", escape_html(name.as_str()));
    }
    page.push_str("</table>\n");
    if let Some(form) = p.form {
        render_form(&mut page, form);
    } else if let Some(note) = p.form_note {
        let _ = writeln!(
            page,
            "<h2>Form</h2>\n<p class=note>{}</p>",
            escape_html(note)
        );
    }
    page.push_str(
        "<p class=note>This page is shown because the application runs in debug mode. \
         Never enable debug mode where others can reach the server.</p>\n</body>\n</html>\n",
    );
    page
}

/// The form section: text fields, then the files (described, never their contents).
fn render_form(page: &mut String, form: &RecordedForm) {
    page.push_str("<h2>Form</h2>\n");
    let (fields, files) = match form {
        RecordedForm::Failed(message) => {
            let _ = writeln!(
                page,
                "<p>The form could not be parsed: {}</p>",
                escape_html(message)
            );
            return;
        }
        RecordedForm::Parsed { fields, files } => (fields, files),
    };
    if fields.is_empty() && files.is_empty() {
        page.push_str("<p>(the form is empty)</p>\n");
        return;
    }
    if !fields.is_empty() {
        page.push_str("<table>\n");
        for (name, value) in fields {
            let _ = writeln!(page, "<tr><th>{}<td>{}", shown(name), shown(value));
        }
        page.push_str("</table>\n");
    }
    if !files.is_empty() {
        page.push_str(
            "<h3>Files</h3>\n<table>\n<tr><th>field<th>file name<th>content type<th>size\n",
        );
        for file in files {
            let optional =
                |value: &Option<ShownValue>| value.as_ref().map_or_else(String::new, shown);
            let _ = writeln!(
                page,
                "<tr><td>{}<td>{}<td>{}<td>{} bytes",
                shown(&file.field),
                optional(&file.filename),
                optional(&file.content_type),
                file.size,
            );
        }
        page.push_str("</table>\n");
    }
}

/// A recorded value, escaped, with a note when it was cut.
fn shown(value: &ShownValue) -> String {
    let mut html = escape_html(&value.text);
    if value.truncated() {
        let _ = write!(
            html,
            " <span class=note>[cut after {MAX_SHOWN_VALUE} of {} bytes]</span>",
            value.len
        );
    }
    html
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}\
h1{color:#a00}.message{font-size:1.2em;white-space:pre-wrap}\
pre.trace{background:#f4f4f4;padding:1em;overflow:auto;font-size:.85em}\
th{text-align:left;padding-right:1em;vertical-align:top}td{font-family:monospace;word-break:break-all}\
.note{color:#666;margin-top:2em}";
