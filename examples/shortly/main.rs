//! shortly: a URL shortener, after the one in Werkzeug's tutorial.
//!
//! `cargo run --example shortly` serves it on http://127.0.0.1:5000 (`PORT=8000` for
//! another port). Submit a URL on the form; `/<id>` redirects to it and counts the click,
//! `/<id>+` shows the details; `POST /api/links` and `GET /api/links/<id>` are the JSON API.
//!
//! * `views.rs`: the routes (`#[get]`/`#[post]`, checked at build time) and their handlers;
//! * `html.rs`: the pages, with every user-supplied string escaped;
//! * `store.rs`: the `LinkStore` trait and the in-memory store behind it.

mod html;
mod store;
mod views;

use http::StatusCode;
use stellwerk::app::{App, MountPoint};
use stellwerk::exceptions::HttpError;
use stellwerk::routes;
use stellwerk::wrappers::response::Response;
use stellwerk::wrappers::{Request, RequestConfig};

use crate::store::{MemoryStore, Store};

/// The application over `store`: the site at `/`, the JSON API at `/api` (with JSON 404s),
/// and an HTML 404 page for the rest.
pub fn app(store: Store) -> App {
    app_with(store, RequestConfig::default())
}

/// [`app`] with request settings: limits, trusted hosts, or a script root when it is served
/// under a path prefix by a proxy or another service.
pub fn app_with(store: Store, config: RequestConfig) -> App {
    use views::*;
    App::new()
        .config(config)
        .state(store)
        .mount("/", routes![index, create, follow, details])
        .mount(
            MountPoint::new("/api").error_handler(
                StatusCode::NOT_FOUND,
                |_err: HttpError, req: &Request| {
                    let body = serde_json::json!({ "error": format!("nothing at {}", req.path()) });
                    (
                        StatusCode::NOT_FOUND,
                        stellwerk::wrappers::response::Json(body),
                    )
                },
            ),
            routes![api_create, api_get],
        )
        .error_handler(StatusCode::NOT_FOUND, |_err: HttpError, req: &Request| {
            let page = html::layout(
                "Not found",
                &req.script_root_or_slash(),
                &html::not_found(req.path()),
            );
            Response::html(page).with_status(StatusCode::NOT_FOUND)
        })
        .build()
        .expect("the routes of different mounts do not overlap")
}

/// `/` under the script root, for the 404 page's home link (the error handler has no
/// `UrlFor`, so it cannot use the typed builder).
trait ScriptRoot {
    fn script_root_or_slash(&self) -> String;
}

impl ScriptRoot for Request {
    fn script_root_or_slash(&self) -> String {
        format!("{}/", self.script_root())
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = match std::env::var("PORT") {
        Ok(text) => text.parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("PORT={text:?} is not a port number"),
            )
        })?,
        Err(_) => 5000u16,
    };
    // The server prints `* Running on http://127.0.0.1:5000` and logs each request.
    app(MemoryStore::shared()).run(("127.0.0.1", port)).await
}

#[cfg(test)]
mod tests;
