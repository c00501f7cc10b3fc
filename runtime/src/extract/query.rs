//! [`Query<T>`]: the query string, deserialized.

use crate::exceptions::HttpError;

use super::serde_multidict::from_multidict;
use super::{FromRequestParts, RequestContext};

/// The query string arguments ([`Request::args`](crate::wrappers::Request::args))
/// deserialized into `T` with serde (see [`from_multidict`](super::from_multidict) for
/// the rules: repeated keys fill `Vec`s, empty values are `None` for `Option`s).
///
/// A value that does not fit answers 400 naming the field.
///
/// ```
/// use stellwerk_runtime::app::{App, Handlers};
/// use stellwerk_runtime::extract::Query;
/// use stellwerk_runtime::routing::{Map, Rule};
/// use stellwerk_runtime::test::Client;
///
/// #[derive(serde::Deserialize)]
/// struct Page { n: u32 }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let map = Map::builder().rule(Rule::new("/").endpoint("list")).build().unwrap();
/// let handlers = Handlers::new().on("list", |Query(p): Query<Page>| async move { format!("page {}", p.n) });
/// let client = Client::new(App::new().mount_map("/", map, handlers).build().unwrap());
/// assert_eq!(client.get("/?n=3").send().await.text(), "page 3");
/// let bad = client.get("/?n=three").send().await;
/// assert_eq!(bad.status(), 400);
/// assert!(bad.text().contains("invalid value for &#34;n&#34;"));
/// # });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> FromRequestParts for Query<T> {
    async fn from_request_parts(cx: &mut RequestContext) -> Result<Self, HttpError> {
        from_multidict(cx.request().args()).map(Query).map_err(|e| {
            HttpError::bad_request()
                .with_description(format!("The query string was not understood: {e}."))
        })
    }
}
