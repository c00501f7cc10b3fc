use std::collections::HashMap;

use stellwerk::extract::{Cookies, Form, PathValues, Query, State, UrlFor};
use stellwerk::{get, post, routes};

#[get("/x/<int:id>")]
fn all(
    method: http::Method,
    headers: &http::HeaderMap,
    uri: http::Uri,
    parts: &http::request::Parts,
    id: u32,
    _unused: http::Method,
) {
}

#[get("/h/<name>")]
fn with_lifetime<'a>(headers: &'a http::HeaderMap, name: &'a str) -> String {
    (headers.len() + name.len()).to_string()
}

#[derive(Clone)]
struct Db;

// Destructured extractors, state, query, cookies, URL building, an optional extractor and a
// body extractor last, in an async handler.
#[post("/s/<slug>")]
async fn everything(
    slug: String,
    State(_db): State<Db>,
    Query(_q): Query<HashMap<String, String>>,
    _cookies: Cookies,
    _urls: UrlFor,
    _values: PathValues,
    _maybe: Option<Query<HashMap<String, u8>>>,
    Form(_form): Form<HashMap<String, String>>,
) -> Result<String, stellwerk::exceptions::HttpError> {
    Ok(slug)
}

#[get("/r")]
async fn whole_request(request: stellwerk::wrappers::Request) -> String {
    request.path().to_owned()
}

fn main() {
    let _ = all::url(1);
    let args = with_lifetime::Args::from_values(&["abc".into()]).unwrap();
    assert_eq!(with_lifetime::call(args, &http::HeaderMap::new()), "3");
    let _app = stellwerk::app::App::new()
        .state(Db)
        .mount("/", routes![all, with_lifetime, everything, whole_request])
        .build()
        .unwrap();
}
