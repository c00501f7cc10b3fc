//! The pages, as small functions that return HTML. Every piece of user input goes through
//! [`escape`] on its way in.

use crate::store::Link;

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page frame: title, a link home, the content.
pub fn layout(title: &str, home: &str, content: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=en>\n<meta charset=utf-8>\n<title>{title} | shortly</title>\n\
         <header><a href=\"{home}\">shortly</a></header>\n<main>\n<h1>{title}</h1>\n{content}</main>\n",
        title = escape(title),
        home = escape(home),
    )
}

/// The form to shorten a URL, with the value sent and an error when it was refused, and
/// the recent links (`(link, details URL)`).
pub fn new_link_form(
    action: &str,
    value: &str,
    error: Option<&str>,
    recent: &[(Link, String)],
) -> String {
    let error = error
        .map(|e| format!("<p class=error>{}</p>\n", escape(e)))
        .unwrap_or_default();
    let mut list = String::new();
    if !recent.is_empty() {
        list.push_str("<h2>Recent links</h2>\n<ul>\n");
        for (link, details) in recent {
            list.push_str(&format!(
                "<li><a href=\"{}\">{}</a> &rarr; {}</li>\n",
                escape(details),
                escape(&link.short_id),
                escape(&link.target)
            ));
        }
        list.push_str("</ul>\n");
    }
    format!(
        "{error}<form action=\"{action}\" method=post>\n\
         <input type=url name=url value=\"{value}\" placeholder=\"https://\" autofocus>\n\
         <button>Shorten</button>\n</form>\n{list}",
        action = escape(action),
        value = escape(value),
    )
}

/// A link's details: its short URL, its target and its clicks.
pub fn details(link: &Link, short_url: &str) -> String {
    format!(
        "<dl>\n<dt>Short URL<dd><a href=\"{short}\">{short}</a>\n\
         <dt>Target<dd><a href=\"{target}\">{target}</a>\n\
         <dt>Clicks<dd>{clicks}\n</dl>\n",
        short = escape(short_url),
        target = escape(&link.target),
        clicks = link.clicks,
    )
}

/// The body of the custom 404 page.
pub fn not_found(path: &str) -> String {
    format!(
        "<p>There is no link at <code>{}</code>. It may have been mistyped.</p>\n",
        escape(path)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_table() {
        for (text, escaped) in [
            ("plain", "plain"),
            ("<script>", "&lt;script&gt;"),
            ("a&b", "a&amp;b"),
            ("\"q\" 'a'", "&#34;q&#34; &#39;a&#39;"),
        ] {
            assert_eq!(super::escape(text), escaped, "{text}");
        }
    }
}
