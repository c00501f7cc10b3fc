// `&Request` and `&mut Request` in `async fn` handlers: the request is `Sync`, so holding a
// shared borrow across an await keeps the handler future `Send`.
use stellwerk::wrappers::Request;
use stellwerk::{get, post, routes};

#[get("/shared/<int:id>")]
async fn shared(id: u32, request: &Request) -> String {
    let query = request.query_string().to_owned();
    std::future::ready(()).await;
    format!("{id} {query} {}", request.path())
}

#[post("/mutable")]
async fn mutable(request: &mut Request) -> String {
    let text = request.text().await.unwrap_or_default();
    std::future::ready(()).await;
    format!("{} {text}", request.method())
}

#[get("/sync")]
fn not_async(request: &Request) -> String {
    request.path().to_owned()
}

fn main() {
    let _app = stellwerk::app::App::new()
        .mount("/", routes![shared, mutable, not_async])
        .build()
        .unwrap();
}
