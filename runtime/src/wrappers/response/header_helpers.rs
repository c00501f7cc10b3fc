//! Typed header helpers of [`Response`]: dates, cookies, entity tags, `Cache-Control`,
//! `WWW-Authenticate` and `Vary`.

use std::time::SystemTime;

use http::header::{self, HeaderName, HeaderValue};

use super::{Response, iri_to_uri};
use crate::headers::{
    ContentRange, CookieError, CookieOptions, HeaderMapExt, HeaderSet, InvalidETag,
    ResponseCacheControl, WwwAuthenticate, dump_cookie, generate_etag, http_date, parse_date,
    quote_etag, unquote_etag,
};

impl Response {
    fn date_header(&self, name: HeaderName) -> Option<SystemTime> {
        parse_date(self.inner.headers().get(name)?.to_str().ok()?)
    }

    fn set_date_header(&mut self, name: HeaderName, at: SystemTime) -> &mut Self {
        if let Ok(v) = HeaderValue::from_str(&http_date(at)) {
            self.inner.headers_mut().insert(name, v);
        }
        self
    }

    /// `Last-Modified`.
    pub fn last_modified(&self) -> Option<SystemTime> {
        self.date_header(header::LAST_MODIFIED)
    }

    /// Sets `Last-Modified`.
    pub fn set_last_modified(&mut self, at: SystemTime) -> &mut Self {
        self.set_date_header(header::LAST_MODIFIED, at)
    }

    /// `Expires`.
    pub fn expires(&self) -> Option<SystemTime> {
        self.date_header(header::EXPIRES)
    }

    /// Sets `Expires`.
    pub fn set_expires(&mut self, at: SystemTime) -> &mut Self {
        self.set_date_header(header::EXPIRES, at)
    }

    /// `Date`.
    pub fn date(&self) -> Option<SystemTime> {
        self.date_header(header::DATE)
    }

    /// Sets `Date`.
    pub fn set_date(&mut self, at: SystemTime) -> &mut Self {
        self.set_date_header(header::DATE, at)
    }

    /// `Location`.
    pub fn location(&self) -> Option<&str> {
        self.inner.headers().get(header::LOCATION)?.to_str().ok()
    }

    /// Sets `Location`, converting an IRI to a URI (non-ASCII and unsafe characters
    /// percent-encoded, host Punycode-encoded), so the header can never carry CR/LF.
    pub fn set_location(&mut self, location: &str) -> &mut Self {
        if let Ok(v) = HeaderValue::from_str(&iri_to_uri(location)) {
            self.inner.headers_mut().insert(header::LOCATION, v);
        }
        self
    }

    /// Appends a `Set-Cookie` line written by [`dump_cookie`].
    ///
    /// ```
    /// use stellwerk_runtime::headers::CookieOptions;
    /// use stellwerk_runtime::wrappers::response::Response;
    /// let mut r = Response::new("");
    /// r.set_cookie("theme", "dark", &CookieOptions::default().httponly(true)).unwrap();
    /// assert_eq!(r.headers()["set-cookie"], "theme=dark; HttpOnly; Path=/");
    /// ```
    pub fn set_cookie(
        &mut self,
        key: &str,
        value: &str,
        options: &CookieOptions,
    ) -> Result<&mut Self, CookieError> {
        let line = dump_cookie(key, value, options)?;
        let v = HeaderValue::from_bytes(line.as_bytes())
            .map_err(|_| CookieError::InvalidName(key.to_owned()))?;
        self.inner.headers_mut().append(header::SET_COOKIE, v);
        Ok(self)
    }

    /// Appends a `Set-Cookie` line that deletes the cookie: empty value, `Expires` at the
    /// epoch, `Max-Age=0`. Path, domain and the flags of `options` are kept (they must match
    /// the cookie's); its expiry settings are replaced.
    pub fn delete_cookie(
        &mut self,
        key: &str,
        options: &CookieOptions,
    ) -> Result<&mut Self, CookieError> {
        let mut opts = options.clone();
        opts.max_age = Some(0);
        opts.expires = Some(SystemTime::UNIX_EPOCH);
        self.set_cookie(key, "", &opts)
    }

    /// Sets `ETag` (quoted; `W/` when weak). A tag containing `"` is an error.
    pub fn set_etag(&mut self, etag: &str, weak: bool) -> Result<&mut Self, InvalidETag> {
        let quoted = quote_etag(etag, weak)?;
        let v = HeaderValue::from_str(&quoted).map_err(|_| InvalidETag(etag.to_owned()))?;
        self.inner.headers_mut().insert(header::ETAG, v);
        Ok(self)
    }

    /// The `ETag` as `(tag, weak)`.
    pub fn etag(&self) -> Option<(String, bool)> {
        unquote_etag(self.inner.headers().get(header::ETAG)?.to_str().ok()?)
    }

    /// Sets `ETag` to the SHA3-256 digest of the body (Werkzeug 3.2), unless one is set and
    /// `overwrite` is false. Returns whether a tag is now set; `false` for a streamed body
    /// (call [`buffer`](Self::buffer) first).
    pub fn add_etag(&mut self, overwrite: bool, weak: bool) -> bool {
        if !overwrite && self.inner.headers().contains_key(header::ETAG) {
            return true;
        }
        let Some(data) = &self.data else { return false };
        let tag = generate_etag(data);
        self.set_etag(&tag, weak).is_ok()
    }

    /// The `Cache-Control` directives (empty when absent).
    pub fn cache_control(&self) -> ResponseCacheControl {
        self.inner
            .headers()
            .get_all(header::CACHE_CONTROL)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(ResponseCacheControl::parse)
            .reduce(|mut acc, next| {
                for (k, v) in next.directives() {
                    acc.set(k, v);
                }
                acc
            })
            .unwrap_or_default()
    }

    /// Writes `Cache-Control`; empty directives remove the header.
    pub fn set_cache_control(&mut self, cache_control: &ResponseCacheControl) -> &mut Self {
        if cache_control.is_empty() {
            self.inner.headers_mut().remove(header::CACHE_CONTROL);
        } else if let Ok(v) = HeaderValue::from_str(&cache_control.to_header()) {
            self.inner.headers_mut().insert(header::CACHE_CONTROL, v);
        }
        self
    }

    /// Edits `Cache-Control` in place.
    ///
    /// ```
    /// use stellwerk_runtime::wrappers::response::Response;
    /// let mut r = Response::new("");
    /// r.update_cache_control(|cc| { cc.set_public(true).set_max_age(Some(60)); });
    /// assert_eq!(r.headers()["cache-control"], "public, max-age=60");
    /// ```
    pub fn update_cache_control(
        &mut self,
        edit: impl FnOnce(&mut ResponseCacheControl),
    ) -> &mut Self {
        let mut cc = self.cache_control();
        edit(&mut cc);
        self.set_cache_control(&cc)
    }

    /// The `WWW-Authenticate` challenges.
    pub fn www_authenticate(&self) -> Vec<WwwAuthenticate> {
        self.inner
            .headers()
            .get_all(header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(WwwAuthenticate::parse)
            .collect()
    }

    /// Replaces the `WWW-Authenticate` lines, one per challenge.
    pub fn set_www_authenticate(&mut self, challenges: &[WwwAuthenticate]) -> &mut Self {
        let headers = self.inner.headers_mut();
        headers.remove(header::WWW_AUTHENTICATE);
        for c in challenges {
            if let Ok(v) = HeaderValue::from_str(&c.to_header()) {
                headers.append(header::WWW_AUTHENTICATE, v);
            }
        }
        self
    }

    /// `Content-Range`, if present and valid.
    pub fn content_range(&self) -> Option<ContentRange> {
        ContentRange::parse(self.headers().get(header::CONTENT_RANGE)?.to_str().ok()?)
    }

    /// Sets `Content-Range`, or removes it (`None`).
    ///
    /// ```
    /// use stellwerk_runtime::headers::ContentRange;
    /// use stellwerk_runtime::wrappers::response::Response;
    /// let mut r = Response::new("");
    /// r.set_content_range(ContentRange::new("bytes", Some((0, 5)), Some(11)));
    /// assert_eq!(r.headers()["content-range"], "bytes 0-4/11");
    /// assert_eq!(r.content_range().unwrap().length(), Some(11));
    /// ```
    pub fn set_content_range(&mut self, range: Option<ContentRange>) -> &mut Self {
        match range.and_then(|r| HeaderValue::from_str(&r.to_header()).ok()) {
            Some(v) => {
                self.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            None => {
                self.headers_mut().remove(header::CONTENT_RANGE);
            }
        }
        self
    }

    /// `Vary` as a [`HeaderSet`].
    pub fn vary(&self) -> HeaderSet {
        self.headers().get_set("vary")
    }

    /// Writes `Vary`; an empty set removes it.
    pub fn set_vary(&mut self, vary: &HeaderSet) -> &mut Self {
        let _ = self.headers_mut().set_set(header::VARY, vary);
        self
    }

    /// Adds a header name to `Vary` unless already listed (case-insensitively).
    pub fn add_vary(&mut self, name: &str) -> &mut Self {
        let mut vary = self.vary();
        vary.add(name);
        self.set_vary(&vary)
    }

    /// `Allow` as a [`HeaderSet`].
    pub fn allow(&self) -> HeaderSet {
        self.headers().get_set("allow")
    }

    /// Writes `Allow`; an empty set removes it.
    ///
    /// ```
    /// use stellwerk_runtime::headers::HeaderSet;
    /// use stellwerk_runtime::wrappers::response::Response;
    /// let mut r = Response::new("");
    /// r.set_allow(&["GET", "POST"].into_iter().collect::<HeaderSet>());
    /// assert_eq!(r.headers()["allow"], "GET, POST");
    /// ```
    pub fn set_allow(&mut self, allow: &HeaderSet) -> &mut Self {
        let _ = self.headers_mut().set_set(header::ALLOW, allow);
        self
    }
}
