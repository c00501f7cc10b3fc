//! [`Form<T>`]: the text fields of a form body, deserialized.

use crate::exceptions::HttpError;

use super::serde_multidict::from_multidict;
use super::{FromRequest, RequestContext};

/// The text fields of an `application/x-www-form-urlencoded` or (feature `multipart`)
/// `multipart/form-data` body, deserialized into `T` like [`Query`](super::Query).
///
/// | request | answer |
/// |---|---|
/// | another content type, or none | 415 |
/// | larger than `max_content_length` / `max_form_memory_size`, too many parts | 413 |
/// | malformed body | 400 |
/// | a field that does not fit `T` | 400 naming the field |
///
/// The body limits are the application's [`RequestConfig`](crate::wrappers::RequestConfig).
///
/// ```
/// use stellwerk_runtime::app::{App, Handlers};
/// use stellwerk_runtime::extract::Form;
/// use stellwerk_runtime::routing::{Map, Rule};
/// use stellwerk_runtime::test::Client;
///
/// #[derive(serde::Deserialize)]
/// struct Login { user: String, remember: Option<bool> }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let map = Map::builder().rule(Rule::new("/login").endpoint("login").methods(["POST"])).build().unwrap();
/// let handlers = Handlers::new().on("login", |Form(f): Form<Login>| async move {
///     format!("{} {}", f.user, f.remember.unwrap_or(false))
/// });
/// let client = Client::new(App::new().mount_map("/", map, handlers).build().unwrap());
/// let ok = client.post("/login").form(&[("user", "ada"), ("remember", "on")]).send().await;
/// assert_eq!(ok.text(), "ada true");
/// assert_eq!(client.post("/login").body("user=ada").send().await.status(), 415);
/// # });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Form<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> FromRequest for Form<T> {
    async fn from_request(mut cx: RequestContext) -> Result<Self, HttpError> {
        let request = cx.request_mut();
        let mimetype = request.mimetype();
        let accepted = mimetype == "application/x-www-form-urlencoded"
            || (cfg!(feature = "multipart") && mimetype == "multipart/form-data");
        if !accepted {
            let got = if mimetype.is_empty() {
                "no Content-Type".to_owned()
            } else {
                format!("Content-Type {mimetype:?}")
            };
            let expected = if cfg!(feature = "multipart") {
                "'application/x-www-form-urlencoded' or 'multipart/form-data'"
            } else {
                "'application/x-www-form-urlencoded'"
            };
            return Err(HttpError::unsupported_media_type()
                .with_description(format!("Expected a form ({expected}), got {got}.")));
        }
        let fields = request.form().await?;
        from_multidict(fields).map(Form).map_err(|e| {
            HttpError::bad_request().with_description(format!("The form was not understood: {e}."))
        })
    }
}
