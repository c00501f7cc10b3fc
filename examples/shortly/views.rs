//! The routes. Every rule is checked by the compiler, every link the pages contain is built
//! by the linked route's typed builder (`details::url(id)`), and the application puts the
//! mount prefix and script root in front (`UrlFor::route`).

use http::StatusCode;
use serde::{Deserialize, Serialize};
use stellwerk::exceptions::HttpError;
use stellwerk::extract::{Form, Json, State, UrlFor};
use stellwerk::routing::BuildError;
use stellwerk::routing::macro_support::RouteInfo;
use stellwerk::wrappers::response::Response;
use stellwerk::{get, post};

use crate::html;
use crate::store::{Link, Store};

/// The longest URL the shortener accepts.
const MAX_URL_LENGTH: usize = 2048;

/// Why `text` is not a URL we shorten, or the URL to store.
pub fn validate_url(text: &str) -> Result<String, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Please enter a URL.");
    }
    if text.len() > MAX_URL_LENGTH {
        return Err("That URL is too long.");
    }
    let uri: http::Uri = text.parse().map_err(|_| "That is not a valid URL.")?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err("Only http:// and https:// URLs can be shortened."),
    }
    match uri.host() {
        Some(host) if !host.is_empty() => Ok(text.to_owned()),
        _ => Err("The URL needs a host."),
    }
}

/// A route's typed URL (`details::url(id)`: the names and types of the values are checked
/// at compile time, the values by the route's converters) with the script root and the
/// prefix of the route's mount in front, as the application knows them.
fn link(urls: &UrlFor, route: &RouteInfo, built: Result<String, BuildError>) -> String {
    // Every value we link to came from the store or is a constant, so the builder accepts
    // it; if it did not, an empty `href` shows the bug without failing the page.
    urls.route(route, built).unwrap_or_default()
}

/// [`link`] as an absolute URL (`http://host/...`), with the request's scheme and host.
fn external_link(urls: &UrlFor, route: &RouteInfo, built: Result<String, BuildError>) -> String {
    urls.route_external(route, built).unwrap_or_default()
}

/// The form page and the recent links.
fn form_page(store: &Store, urls: &UrlFor, value: &str, error: Option<&str>) -> String {
    let recent: Vec<(Link, String)> = store
        .recent(10)
        .into_iter()
        .map(|l| {
            let details_url = link(urls, &details::META, details::url(&l.short_id));
            (l, details_url)
        })
        .collect();
    let action = link(urls, &create::META, create::url());
    let body = html::new_link_form(&action, value, error, &recent);
    html::layout(
        "Shorten a URL",
        &link(urls, &index::META, index::url()),
        &body,
    )
}

/// `GET /`: the form.
#[get("/")]
pub fn index(State(store): State<Store>, urls: UrlFor) -> Response {
    Response::html(form_page(&store, &urls, "", None))
}

/// The form's fields.
#[derive(Debug, Deserialize)]
pub struct NewLink {
    url: String,
}

/// `POST /`: shorten the URL and redirect to its details, or show the form again with the
/// error (400).
#[post("/")]
pub fn create(State(store): State<Store>, urls: UrlFor, Form(form): Form<NewLink>) -> Response {
    match validate_url(&form.url) {
        Ok(target) => {
            let link = store.insert(&target);
            let url = self::link(&urls, &details::META, details::url(&link.short_id));
            Response::redirect(&url)
        }
        Err(error) => Response::html(form_page(&store, &urls, &form.url, Some(error)))
            .with_status(StatusCode::BAD_REQUEST),
    }
}

/// `GET /<short_id>`: count the click and redirect to the target. 302, not 301: browsers
/// cache a 301 and would skip the count the next time.
#[get("/<short_id>")]
pub fn follow(short_id: &str, State(store): State<Store>) -> Result<Response, HttpError> {
    let target = store.follow(short_id).ok_or_else(HttpError::not_found)?;
    Ok(Response::redirect_with_status(&target, StatusCode::FOUND))
}

/// `GET /<short_id>+`: the link's details (the `+` suffix as in Werkzeug's tutorial).
#[get("/<short_id>+")]
pub fn details(
    short_id: &str,
    State(store): State<Store>,
    urls: UrlFor,
) -> Result<Response, HttpError> {
    let link = store.get(short_id).ok_or_else(HttpError::not_found)?;
    let short_url = external_link(&urls, &follow::META, follow::url(&link.short_id));
    let home = self::link(&urls, &index::META, index::url());
    let title = format!("Link {}", link.short_id);
    Ok(Response::html(html::layout(
        &title,
        &home,
        &html::details(&link, &short_url),
    )))
}

/// The JSON API's request body.
#[derive(Debug, Deserialize)]
pub struct ApiNewLink {
    url: String,
}

/// The JSON API's view of a link.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ApiLink {
    /// The short id.
    pub short_id: String,
    /// The target URL.
    pub target: String,
    /// How often it was followed.
    pub clicks: u64,
    /// The absolute short URL.
    pub short_url: String,
    /// The API URL of this link.
    pub api_url: String,
}

/// The JSON API's errors.
#[derive(Debug, Serialize, Deserialize)]
pub struct ApiError {
    /// What was wrong.
    pub error: String,
}

fn api_link(urls: &UrlFor, link: Link) -> ApiLink {
    ApiLink {
        short_url: external_link(urls, &follow::META, follow::url(&link.short_id)),
        api_url: self::link(urls, &api_get::META, api_get::url(&link.short_id)),
        short_id: link.short_id,
        target: link.target,
        clicks: link.clicks,
    }
}

/// `POST /api/links` with `{"url": "..."}`: 201 and the link, or 400 and `{"error": ...}`.
/// A body that is not JSON for `ApiNewLink` is refused by the `Json` extractor (415/400).
#[post("/links")]
pub fn api_create(
    State(store): State<Store>,
    urls: UrlFor,
    Json(new): Json<ApiNewLink>,
) -> Response {
    match validate_url(&new.url) {
        Ok(target) => {
            let link = store.insert(&target);
            let location = self::link(&urls, &api_get::META, api_get::url(&link.short_id));
            let mut response = Json(api_link(&urls, link)).into_response_with(StatusCode::CREATED);
            if let Ok(value) = http::HeaderValue::from_str(&location) {
                response.headers_mut().insert(http::header::LOCATION, value);
            }
            response
        }
        Err(error) => Json(ApiError {
            error: error.to_owned(),
        })
        .into_response_with(StatusCode::BAD_REQUEST),
    }
}

/// `GET /api/links/<short_id>`: the link as JSON, or a JSON 404.
#[get("/links/<short_id>")]
pub fn api_get(short_id: &str, State(store): State<Store>, urls: UrlFor) -> Response {
    match store.get(short_id) {
        Some(link) => Json(api_link(&urls, link)).into_response_with(StatusCode::OK),
        None => Json(ApiError {
            error: format!("no link {short_id:?}"),
        })
        .into_response_with(StatusCode::NOT_FOUND),
    }
}

/// A JSON body with a status.
trait JsonWithStatus {
    fn into_response_with(self, status: StatusCode) -> Response;
}

impl<T: Serialize> JsonWithStatus for Json<T> {
    fn into_response_with(self, status: StatusCode) -> Response {
        use stellwerk::wrappers::response::IntoResponse;
        self.into_response().with_status(status)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn url_validation_table() {
        for (input, expected) in [
            ("https://example.com", Ok("https://example.com")),
            (
                "  http://example.com/a?b=c#d  ",
                Ok("http://example.com/a?b=c#d"),
            ),
            ("", Err("Please enter a URL.")),
            (
                "example.com",
                Err("Only http:// and https:// URLs can be shortened."),
            ),
            (
                "javascript:alert(1)",
                Err("Only http:// and https:// URLs can be shortened."),
            ),
            (
                "ftp://example.com/file",
                Err("Only http:// and https:// URLs can be shortened."),
            ),
            ("http://exa mple.com", Err("That is not a valid URL.")),
            ("https://", Err("That is not a valid URL.")),
        ] {
            assert_eq!(
                super::validate_url(input),
                expected.map(str::to_owned),
                "{input:?}"
            );
        }
        let long = format!("https://example.com/{}", "a".repeat(3000));
        assert_eq!(super::validate_url(&long), Err("That URL is too long."));
    }
}
