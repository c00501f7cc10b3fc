//! [`State<T>`]: shared application state.

use std::future::Future;

use crate::exceptions::HttpError;

use super::{FromRequestParts, RequestContext};

/// A clone of the application state of type `T`, registered with
/// [`AppBuilder::state`](crate::app::AppBuilder::state).
///
/// State is looked up by type, so wrap shared mutable things in `Arc` (and a lock) and
/// give distinct things distinct types. A handler asking for a type the application does
/// not have answers 500 with a description naming the type: that is a wiring mistake in
/// the program, not the client's.
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use stellwerk_runtime::app::{App, Handlers};
/// use stellwerk_runtime::extract::State;
/// use stellwerk_runtime::routing::{Map, Rule};
/// use stellwerk_runtime::test::Client;
///
/// #[derive(Clone, Default)]
/// struct Hits(Arc<AtomicU64>);
///
/// async fn hit(State(hits): State<Hits>) -> String {
///     (hits.0.fetch_add(1, Ordering::Relaxed) + 1).to_string()
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let map = Map::builder().rule(Rule::new("/").endpoint("hit")).build().unwrap();
/// let app = App::new().state(Hits::default()).mount_map("/", map, Handlers::new().on("hit", hit)).build().unwrap();
/// let client = Client::new(app);
/// client.get("/").send().await;
/// assert_eq!(client.get("/").send().await.text(), "2");
/// # });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State<T>(pub T);

impl<T: Clone + Send + Sync + 'static> FromRequestParts for State<T> {
    // A ready future rather than an `async fn`: the generated handler adapters need the
    // future to be `Send` for `State<&'static str>` too, and rustc's check of an `async`
    // body with `T: Clone` fails for borrowed `T` ("not general enough").
    fn from_request_parts(
        cx: &mut RequestContext,
    ) -> impl Future<Output = Result<Self, HttpError>> + Send {
        let result = match cx.state::<T>() {
            Some(value) => Ok(State(value)),
            None => Err(HttpError::internal_server_error().with_description(format!(
                "The application has no state of type `{}`: register it with App::new().state(...).",
                std::any::type_name::<T>()
            ))),
        };
        std::future::ready(result)
    }
}
