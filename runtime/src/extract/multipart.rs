//! [`Multipart`]: the fields and files of a `multipart/form-data` body.

use crate::datastructures::{FileStorage, MultiDict};
use crate::exceptions::HttpError;

use super::{FromRequest, RequestContext};

/// The text fields and uploaded files of a `multipart/form-data` body, parsed with the
/// application's limits (`max_content_length`, `max_form_memory_size`, `max_form_parts`);
/// large files are spooled to disk.
///
/// Another content type answers 415, a limit 413, a malformed body 400.
///
/// ```
/// use stellwerk_runtime::app::{App, Handlers};
/// use stellwerk_runtime::extract::Multipart;
/// use stellwerk_runtime::routing::{Map, Rule};
/// use stellwerk_runtime::test::{Client, FilePart};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let map = Map::builder().rule(Rule::new("/up").endpoint("up").methods(["POST"])).build().unwrap();
/// let handlers = Handlers::new().on("up", |mut m: Multipart| async move {
///     let file = m.files.get_mut("doc").unwrap();
///     let bytes = file.contents().unwrap();
///     format!("{} {} {}", m.form.get("title").unwrap(), file.filename().unwrap(), bytes.len())
/// });
/// let client = Client::new(App::new().mount_map("/", map, handlers).build().unwrap());
/// let response = client
///     .post("/up")
///     .multipart(&[("title", "report")], &[FilePart::new("doc", "a.txt", "hello")])
///     .send()
///     .await;
/// assert_eq!(response.text(), "report a.txt 5");
/// # });
/// ```
#[derive(Debug, Default)]
pub struct Multipart {
    /// The text fields.
    pub form: MultiDict<String, String>,
    /// The uploaded files.
    pub files: MultiDict<String, FileStorage>,
}

impl FromRequest for Multipart {
    async fn from_request(cx: RequestContext) -> Result<Self, HttpError> {
        let mut request = cx.into_request();
        let mimetype = request.mimetype();
        if mimetype != "multipart/form-data" {
            return Err(
                HttpError::unsupported_media_type().with_description(format!(
                    "Expected a 'multipart/form-data' body, got {}.",
                    if mimetype.is_empty() {
                        "no Content-Type".to_owned()
                    } else {
                        format!("{mimetype:?}")
                    }
                )),
            );
        }
        let form = request.form().await?.clone();
        let files = std::mem::take(request.files_mut().await?);
        Ok(Multipart { form, files })
    }
}
