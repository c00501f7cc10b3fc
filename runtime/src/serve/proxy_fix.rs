//! [`ProxyFix`]: trust the `X-Forwarded-*` headers set by a known number of reverse proxies,
//! and [`RemoteAddr`], the client address every request served by the server carries.
//!
//! Behind a proxy the server's peer is the proxy, the scheme is whatever the proxy speaks
//! to the app, and the host may be rewritten. Proxies append what they saw to
//! `X-Forwarded-For`, `-Proto`, `-Host`, `-Port` and `-Prefix`. Only the values appended by
//! proxies you run can be trusted, since a client can send any of these headers itself, so
//! for each header you say how many proxies set it, and ProxyFix takes the value that many
//! places from the right. With fewer values than that the header is ignored, as in Werkzeug.
//! The default trusts nothing.

use std::net::{IpAddr, SocketAddr};
use std::task::{Context, Poll};

use http::uri::{Authority, PathAndQuery, Scheme};
use http::{HeaderMap, HeaderValue, Request, Uri, header};

/// The address of the client (defined with the request wrapper, which reads it; re-exported
/// here because the server inserts it and [`ProxyFix`] rewrites it).
///
/// ```
/// use stellwerk_runtime::serve::RemoteAddr;
/// # let request = http::Request::new(());
/// let ip = request.extensions().get::<RemoteAddr>().map(|addr| addr.0.ip());
/// # assert_eq!(ip, None);
/// ```
pub use crate::wrappers::RemoteAddr;

/// The path prefix under which a trusted proxy mounts the app (`X-Forwarded-Prefix`,
/// Werkzeug's `SCRIPT_NAME`), without a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ForwardedPrefix(pub String);

/// The request as it arrived, before [`ProxyFix`] rewrote it (Werkzeug keeps the same in
/// `werkzeug.proxy_fix.orig`). Only present when ProxyFix changed something.
#[derive(Clone, Debug)]
pub struct ProxyFixOriginal {
    /// The original request URI.
    pub uri: Uri,
    /// The original `Host` header.
    pub host: Option<HeaderValue>,
    /// The original remote address (the TCP peer).
    pub remote_addr: Option<RemoteAddr>,
}

/// How many proxies to trust for each `X-Forwarded-*` header, as a [`tower::Layer`].
///
/// It rewrites the request URI to absolute form with the forwarded scheme and host (and the
/// `Host` header to match), replaces [`RemoteAddr`] with the forwarded client address and
/// stores the forwarded prefix as [`ForwardedPrefix`]. Invalid forwarded values (an address
/// that is not an IP, a host with user info, a port that is not a number) are ignored.
///
/// ```
/// use stellwerk_runtime::serve::{ProxyFix, RemoteAddr};
/// use http::Request;
///
/// // One proxy (say nginx) in front of the app sets all the headers.
/// let fix = ProxyFix::new(1);
/// let mut request = Request::builder()
///     .uri("/app?x=1")
///     .header("host", "127.0.0.1:8000")
///     .header("x-forwarded-for", "203.0.113.9")
///     .header("x-forwarded-proto", "https")
///     .header("x-forwarded-host", "example.com")
///     .body(())
///     .unwrap();
/// request.extensions_mut().insert(RemoteAddr("127.0.0.1:50000".parse().unwrap()));
/// fix.apply(&mut request);
/// assert_eq!(request.uri(), "https://example.com/app?x=1");
/// assert_eq!(request.extensions().get::<RemoteAddr>().unwrap().0.ip().to_string(), "203.0.113.9");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProxyFix {
    x_for: usize,
    x_proto: usize,
    x_host: usize,
    x_port: usize,
    x_prefix: usize,
}

impl ProxyFix {
    /// Trusts `trusted_proxies` values of every `X-Forwarded-*` header; `0` trusts none.
    pub fn new(trusted_proxies: usize) -> Self {
        ProxyFix {
            x_for: trusted_proxies,
            x_proto: trusted_proxies,
            x_host: trusted_proxies,
            x_port: trusted_proxies,
            x_prefix: trusted_proxies,
        }
    }

    /// How many values of `X-Forwarded-For` to trust.
    pub fn x_for(mut self, trusted: usize) -> Self {
        self.x_for = trusted;
        self
    }

    /// How many values of `X-Forwarded-Proto` to trust.
    pub fn x_proto(mut self, trusted: usize) -> Self {
        self.x_proto = trusted;
        self
    }

    /// How many values of `X-Forwarded-Host` to trust.
    pub fn x_host(mut self, trusted: usize) -> Self {
        self.x_host = trusted;
        self
    }

    /// How many values of `X-Forwarded-Port` to trust.
    pub fn x_port(mut self, trusted: usize) -> Self {
        self.x_port = trusted;
        self
    }

    /// How many values of `X-Forwarded-Prefix` to trust.
    pub fn x_prefix(mut self, trusted: usize) -> Self {
        self.x_prefix = trusted;
        self
    }

    /// Rewrites `request` from its trusted forwarded headers.
    pub fn apply<B>(&self, request: &mut Request<B>) {
        let headers = request.headers();
        let remote = trusted_value(headers, "x-forwarded-for", self.x_for)
            .and_then(|v| parse_forwarded_addr(&v));
        let scheme = trusted_value(headers, "x-forwarded-proto", self.x_proto)
            .and_then(|v| Scheme::try_from(v.to_ascii_lowercase().as_str()).ok());
        let forwarded_host =
            trusted_value(headers, "x-forwarded-host", self.x_host).and_then(|v| parse_host(&v));
        let port = trusted_value(headers, "x-forwarded-port", self.x_port)
            .and_then(|v| v.parse::<u16>().ok());
        let prefix = trusted_value(headers, "x-forwarded-prefix", self.x_prefix)
            .map(|v| ForwardedPrefix(v.trim_end_matches('/').to_owned()));

        if remote.is_none()
            && scheme.is_none()
            && forwarded_host.is_none()
            && port.is_none()
            && prefix.is_none()
        {
            return;
        }
        let original = ProxyFixOriginal {
            uri: request.uri().clone(),
            host: request.headers().get(header::HOST).cloned(),
            remote_addr: request.extensions().get::<RemoteAddr>().copied(),
        };

        let mut host = forwarded_host.or_else(|| current_host(request));
        if let (Some(port), Some(current)) = (port, host.as_ref()) {
            host = Authority::try_from(format!("{}:{port}", current.host_with_brackets()))
                .ok()
                .map(HostAuthority);
        }
        let host_changed = host.as_ref().map(|h| h.0.as_str()) != current_host_text(request);
        if scheme.is_some() || host_changed {
            rebuild_uri(request, scheme, host.as_ref());
        }
        if host_changed
            && let Some(value) = host.and_then(|h| HeaderValue::try_from(h.0.as_str()).ok())
        {
            request.headers_mut().insert(header::HOST, value);
        }
        let extensions = request.extensions_mut();
        if let Some(remote) = remote {
            extensions.insert(RemoteAddr(remote));
        }
        if let Some(prefix) = prefix {
            extensions.insert(prefix);
        }
        extensions.insert(original);
    }
}

/// An authority known to have no user info.
struct HostAuthority(Authority);

impl HostAuthority {
    /// The host part, keeping the brackets of an IPv6 literal.
    fn host_with_brackets(&self) -> &str {
        let text = self.0.as_str();
        match self.0.port() {
            Some(port) => &text[..text.len() - port.as_str().len() - 1],
            None => text,
        }
    }
}

fn parse_host(text: &str) -> Option<HostAuthority> {
    if text.is_empty() || text.contains('@') {
        return None;
    }
    Authority::try_from(text).ok().map(HostAuthority)
}

fn current_host<B>(request: &Request<B>) -> Option<HostAuthority> {
    current_host_text(request).and_then(parse_host)
}

fn current_host_text<B>(request: &Request<B>) -> Option<&str> {
    request
        .uri()
        .authority()
        .map(Authority::as_str)
        .or_else(|| {
            request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
        })
}

fn rebuild_uri<B>(request: &mut Request<B>, scheme: Option<Scheme>, host: Option<&HostAuthority>) {
    // Without any host the URI cannot be made absolute; leave it as it was.
    let Some(host) = host else { return };
    let uri = request.uri();
    let scheme = scheme
        .or_else(|| uri.scheme().cloned())
        .unwrap_or(Scheme::HTTP);
    let path = uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    if let Ok(uri) = Uri::builder()
        .scheme(scheme)
        .authority(host.0.clone())
        .path_and_query(path)
        .build()
    {
        *request.uri_mut() = uri;
    }
}

/// The value `trusted` places from the right across all lines of `name`, if there are that
/// many and it is not empty.
fn trusted_value(headers: &HeaderMap, name: &str, trusted: usize) -> Option<String> {
    if trusted == 0 {
        return None;
    }
    let mut values = Vec::new();
    for line in headers.get_all(name) {
        // A header that is not text cannot be a trusted proxy's; ignore it entirely.
        let text = line.to_str().ok()?;
        values.extend(text.split(',').map(str::trim));
    }
    let index = values.len().checked_sub(trusted)?;
    let value = values[index];
    (!value.is_empty()).then(|| value.to_owned())
}

/// `203.0.113.9`, `203.0.113.9:4711`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn parse_forwarded_addr(text: &str) -> Option<SocketAddr> {
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Some(addr);
    }
    let bare = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    bare.parse::<IpAddr>().ok().map(|ip| SocketAddr::new(ip, 0))
}

impl<S> tower::Layer<S> for ProxyFix {
    type Service = ProxyFixService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ProxyFixService {
            inner,
            config: *self,
        }
    }
}

/// The service [`ProxyFix`] wraps around an application.
#[derive(Clone, Debug)]
pub struct ProxyFixService<S> {
    inner: S,
    config: ProxyFix,
}

impl<S, B> tower::Service<Request<B>> for ProxyFixService<S>
where
    S: tower::Service<Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        self.config.apply(&mut request);
        self.inner.call(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEER: &str = "10.0.0.1:5000";

    fn request(uri: &str, headers: &[(&str, &str)]) -> Request<()> {
        let mut builder = Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let mut request = builder.body(()).unwrap();
        request
            .extensions_mut()
            .insert(RemoteAddr(PEER.parse().unwrap()));
        request
    }

    fn remote(request: &Request<()>) -> String {
        request
            .extensions()
            .get::<RemoteAddr>()
            .unwrap()
            .0
            .to_string()
    }

    #[test]
    fn x_for_table() {
        for (trusted, lines, expected) in [
            (0, &["1.1.1.1"][..], PEER),
            (1, &["1.1.1.1"][..], "1.1.1.1:0"),
            (1, &["9.9.9.9, 1.1.1.1"][..], "1.1.1.1:0"),
            (2, &["9.9.9.9, 1.1.1.1"][..], "9.9.9.9:0"),
            (3, &["9.9.9.9, 1.1.1.1"][..], PEER),
            (2, &["9.9.9.9", "1.1.1.1"][..], "9.9.9.9:0"),
            (1, &["2001:db8::1"][..], "[2001:db8::1]:0"),
            (1, &["[2001:db8::1]:4711"][..], "[2001:db8::1]:4711"),
            (1, &["[2001:db8::1]"][..], "[2001:db8::1]:0"),
            (1, &["1.1.1.1:80"][..], "1.1.1.1:80"),
            (1, &["unknown"][..], PEER),
            (1, &["1.1.1.1, "][..], PEER),
        ] {
            let headers: Vec<_> = lines.iter().map(|l| ("x-forwarded-for", *l)).collect();
            let mut req = request("/", &headers);
            ProxyFix::new(0).x_for(trusted).apply(&mut req);
            assert_eq!(remote(&req), expected, "trusted {trusted}, lines {lines:?}");
        }
    }

    #[test]
    fn scheme_host_port_table() {
        for (fix, headers, expected_uri, expected_host) in [
            (
                ProxyFix::new(0),
                &[("x-forwarded-proto", "https")][..],
                "/p?q",
                "a.test",
            ),
            (
                ProxyFix::new(1),
                &[("x-forwarded-proto", "https")][..],
                "https://a.test/p?q",
                "a.test",
            ),
            (
                ProxyFix::new(1),
                &[("x-forwarded-proto", "HTTPS")][..],
                "https://a.test/p?q",
                "a.test",
            ),
            (
                ProxyFix::new(1),
                &[("x-forwarded-host", "b.test")][..],
                "http://b.test/p?q",
                "b.test",
            ),
            (
                ProxyFix::new(1),
                &[
                    ("x-forwarded-host", "b.test:8080"),
                    ("x-forwarded-port", "443"),
                ][..],
                "http://b.test:443/p?q",
                "b.test:443",
            ),
            (
                ProxyFix::new(1),
                &[("x-forwarded-port", "8443")][..],
                "http://a.test:8443/p?q",
                "a.test:8443",
            ),
            (
                ProxyFix::new(1),
                &[("x-forwarded-host", "[::1]:80"), ("x-forwarded-port", "81")][..],
                "http://[::1]:81/p?q",
                "[::1]:81",
            ),
            // Invalid values are ignored.
            (
                ProxyFix::new(1),
                &[("x-forwarded-host", "evil@b.test")][..],
                "/p?q",
                "a.test",
            ),
            (
                ProxyFix::new(1),
                &[("x-forwarded-port", "http")][..],
                "/p?q",
                "a.test",
            ),
            (
                ProxyFix::new(1),
                &[("x-forwarded-proto", "ht tp")][..],
                "/p?q",
                "a.test",
            ),
            // Only the proto is trusted: the client's X-Forwarded-Host is not.
            (
                ProxyFix::new(0).x_proto(1),
                &[
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-host", "evil.test"),
                ][..],
                "https://a.test/p?q",
                "a.test",
            ),
            // Two proxies trusted, one value present: ignored.
            (
                ProxyFix::new(2),
                &[("x-forwarded-host", "b.test")][..],
                "/p?q",
                "a.test",
            ),
        ] {
            let mut all = vec![("host", "a.test")];
            all.extend_from_slice(headers);
            let mut req = request("/p?q", &all);
            fix.apply(&mut req);
            assert_eq!(req.uri(), expected_uri, "{fix:?} {headers:?}");
            assert_eq!(req.headers()["host"], expected_host, "{fix:?} {headers:?}");
        }
    }

    #[test]
    fn prefix_and_original() {
        let mut req = request(
            "/p",
            &[
                ("host", "a.test"),
                ("x-forwarded-prefix", "/mount/"),
                ("x-forwarded-for", "1.2.3.4"),
            ],
        );
        ProxyFix::new(1).apply(&mut req);
        assert_eq!(
            req.extensions().get::<ForwardedPrefix>(),
            Some(&ForwardedPrefix("/mount".into()))
        );
        let original = req.extensions().get::<ProxyFixOriginal>().unwrap();
        assert_eq!(original.uri, "/p");
        assert_eq!(
            original.remote_addr,
            Some(RemoteAddr(PEER.parse().unwrap()))
        );

        // Nothing trusted: no original recorded, nothing changed.
        let mut untouched = request("/p", &[("x-forwarded-prefix", "/mount")]);
        ProxyFix::default().apply(&mut untouched);
        assert!(untouched.extensions().get::<ProxyFixOriginal>().is_none());
        assert!(untouched.extensions().get::<ForwardedPrefix>().is_none());
    }

    #[test]
    fn works_as_a_layer() {
        use tower::{Layer, Service};
        let inner = tower::service_fn(|req: Request<()>| async move {
            Ok::<_, std::convert::Infallible>(req.uri().to_string())
        });
        let mut svc = ProxyFix::new(1).layer(inner);
        let req = Request::builder()
            .uri("/x")
            .header("host", "a.test")
            .header("x-forwarded-proto", "https")
            .body(())
            .unwrap();
        let uri = futures_executor_block_on(svc.call(req)).unwrap();
        assert_eq!(uri, "https://a.test/x");
    }

    fn futures_executor_block_on<F: Future>(fut: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(fut)
    }

    proptest::proptest! {
        #[test]
        fn never_panics(values in proptest::collection::vec("[ -~]{0,20}", 5), trusted in 0usize..4) {
            let names = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix"];
            let mut builder = Request::builder().uri("/p");
            for (name, value) in names.iter().zip(&values) {
                builder = builder.header(*name, value.as_str());
            }
            let mut req = builder.body(()).unwrap();
            ProxyFix::new(trusted).apply(&mut req);
        }
    }
}
