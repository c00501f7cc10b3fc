use stellwerk::get;

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
fn with_lifetime<'a>(headers: &'a http::HeaderMap, name: &'a str) -> usize {
    headers.len() + name.len()
}

fn main() {
    let _ = all::url(1);
    let args = with_lifetime::Args::from_values(&["abc".into()]).unwrap();
    assert_eq!(with_lifetime::call(args, &http::HeaderMap::new()), 3);
}
