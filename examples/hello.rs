//! The smallest stellwerk app: one route, served. `cargo run --example hello`.
use stellwerk::app::{App, Handlers};
use stellwerk::routing::{Map, Rule};

fn app() -> App {
    let map = Map::builder().rule(Rule::new("/").endpoint("hello").methods(["GET"])).build().expect("valid rules");
    let handlers = Handlers::new().on("hello", || async { "Hello, World!" });
    App::new().mount_map("/", map, handlers).build().expect("every endpoint has a handler")
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
        assert_eq!((post.status().as_u16(), post.header("allow")), (405, Some("GET, HEAD, OPTIONS")));
    }
}
