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

fn main() {
    let _ = all::url(1);
}
