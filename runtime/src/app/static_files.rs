//! Static files under a prefix ([`AppBuilder::static_files`](super::AppBuilder::static_files)),
//! served by tower-http's `ServeDir`: content type by extension, `HEAD`, conditional
//! (`If-Modified-Since`, `If-Unmodified-Since`) and range requests, `index.html` for
//! directories, and no way out of the directory (`..` segments are refused with 404).
//!
//! A static mount is tried like a route mount: after the route mounts with a longer or equal
//! prefix, before those with a shorter one. It answers only `GET` and `HEAD`, and only for
//! files that exist; for anything else the next mount tries.

use http::{HeaderMap, Method};

use crate::wrappers::response::Response;

use super::App;

/// One directory mounted under a prefix.
#[cfg(feature = "static-files")]
#[derive(Clone, Debug)]
pub(crate) struct StaticMount {
    /// `""` or `/segment...` without a trailing slash (as for route mounts).
    pub(crate) prefix: String,
    pub(crate) dir: tower_http::services::ServeDir,
}

/// Where the static mounts stand while a request is dispatched: the index of the next
/// mount to try (they are kept longest prefix first).
#[derive(Default)]
#[cfg_attr(not(feature = "static-files"), allow(dead_code))]
pub(crate) struct StaticCursor(usize);

/// What a static mount needs of the request: its raw path under the script root, the
/// script root (for redirects to directories), the method and the headers.
pub(crate) type StaticRequest<'a> = (&'a str, &'a str, &'a Method, &'a HeaderMap);

impl App {
    /// Whether any static directory is mounted.
    pub(crate) fn has_static_mounts(&self) -> bool {
        #[cfg(feature = "static-files")]
        return !self.inner.statics.is_empty();
        #[cfg(not(feature = "static-files"))]
        false
    }

    /// Tries the static mounts not tried yet whose prefix is longer than `longer_than`
    /// (all of them for `None`); the first one that has the file answers.
    pub(crate) async fn serve_static(
        &self,
        longer_than: Option<usize>,
        cursor: &mut StaticCursor,
        request: StaticRequest<'_>,
    ) -> Option<Response> {
        #[cfg(feature = "static-files")]
        while let Some(mount) = self.inner.statics.get(cursor.0) {
            if longer_than.is_some_and(|len| mount.prefix.len() <= len) {
                return None;
            }
            cursor.0 += 1;
            if let Some(response) = serve_from(mount, request).await {
                return Some(response);
            }
        }
        #[cfg(not(feature = "static-files"))]
        let _ = (self, longer_than, cursor, request);
        None
    }
}

/// The mount's answer, or `None` when the request is not its business (another method,
/// another path, a missing file).
#[cfg(feature = "static-files")]
async fn serve_from(
    mount: &StaticMount,
    (raw_path, script_root, method, headers): StaticRequest<'_>,
) -> Option<Response> {
    use http::StatusCode;
    use http::header::{self, HeaderValue};
    use tower_service::Service as _;

    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let rest = raw_path.strip_prefix(mount.prefix.as_str())?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let mut request = http::Request::new(crate::body::Body::empty());
    *request.method_mut() = method.clone();
    // ServeDir percent-decodes the path and refuses `..`; an unparsable path is no file.
    *request.uri_mut() = if rest.is_empty() { "/" } else { rest }.parse().ok()?;
    for name in [
        header::RANGE,
        header::IF_RANGE,
        header::IF_MODIFIED_SINCE,
        header::IF_UNMODIFIED_SINCE,
        header::ACCEPT_ENCODING,
    ] {
        for value in headers.get_all(&name) {
            request.headers_mut().append(name.clone(), value.clone());
        }
    }
    let mut dir = mount.dir.clone();
    let Ok(response) = dir.call(request).await;
    if response.status() == StatusCode::NOT_FOUND {
        return None;
    }
    let mut response = Response::from(response.map(crate::body::Body::new));
    // A directory without its slash is redirected to ServeDir's view of the path, which
    // lacks the script root and the prefix.
    if response.status().is_redirection()
        && let Some(location) = response.headers().get(header::LOCATION)
        && let Ok(location) = location.to_str()
        && location.starts_with('/')
        && let Ok(full) = HeaderValue::from_str(&format!("{script_root}{}{location}", mount.prefix))
    {
        response.headers_mut().insert(header::LOCATION, full);
    }
    Some(response)
}
