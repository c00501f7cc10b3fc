//! The smallest stellwerk app: one route, served. `cargo run --example hello`.
use stellwerk::{app::App, get, routes};

#[get("/")]
fn hello() -> &'static str {
    "Hello, World!"
}

fn app() -> App {
    App::new()
        .mount("/", routes![hello])
        .build()
        .expect("no conflicting routes")
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    app().run(("127.0.0.1", 5000)).await
}

#[cfg(test)]
mod tests {
    use stellwerk::test::Client;

    #[tokio::test]
    async fn says_hello_and_refuses_other_methods() {
        let client = Client::new(super::app());
        assert_eq!(client.get("/").send().await.text(), "Hello, World!");
        let post = client.post("/").send().await;
        let allow = post.header("allow");
        assert_eq!(
            (post.status().as_u16(), allow),
            (405, Some("GET, HEAD, OPTIONS"))
        );
    }
}
