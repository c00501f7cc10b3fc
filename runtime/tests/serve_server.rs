//! The development server over real sockets: a hand-written `tower::service_fn` app, a
//! hyper client for well-formed requests and raw TCP writes for malformed ones.
#![cfg(feature = "server")]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode, Version};
use http_body_util::{BodyExt, Empty, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use stellwerk_runtime::body::{Body, BoxError};
use stellwerk_runtime::serve::{DEFAULT_SERVER_HEADER, RemoteAddr, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::timeout;

/// Every network step of these tests is bounded by this.
const LIMIT: Duration = Duration::from_secs(5);

/// A running server: its address, the trigger for graceful shutdown and its task.
struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = timeout(LIMIT, self.task)
            .await
            .expect("server stops within the limit")
            .expect("server task does not panic");
        result.expect("server ends without error");
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn start<S>(server: Server, app: S) -> Running
where
    S: tower::Service<Request<Body>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
{
    let addr = server.local_addr().expect("bound");
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server.serve_with_shutdown(app, async {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop: Some(stop),
        task,
    }
}

fn quiet_server() -> Server {
    Server::bind("127.0.0.1:0").banner(false).log(false)
}

/// The test application: routes by path.
///
/// * `/echo`: method, path, remote address and selected headers as text
/// * `/panic`: panics with a message that contains the request path
/// * `/error`: returns a service error
/// * `/slow`: signals start through `started`, then answers after 300 ms
/// * `/stream-panic`: a body that panics after its first chunk
/// * `/upload`: reads the whole body and answers its length
/// * `/form-panic`: reads the form through stellwerk's `Request`, then panics
/// * `/admin`: counts hits (must never be reached by smuggling)
/// * anything else: 404 with the URI, its authority and the `Host` header
#[derive(Clone, Default)]
struct App {
    admin_hits: Arc<AtomicUsize>,
    started: Arc<tokio::sync::Mutex<Option<oneshot::Sender<()>>>>,
}

#[derive(Debug)]
struct AppError;
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the app failed <on purpose>")
    }
}
impl std::error::Error for AppError {}

impl App {
    fn service(
        self,
    ) -> impl tower::Service<
        Request<Body>,
        Response = Response<Body>,
        Error = BoxError,
        Future = impl Future<Output = Result<Response<Body>, BoxError>> + Send,
    > + Clone
    + Send
    + 'static {
        let app = self;
        tower::service_fn(move |request: Request<Body>| {
            let app = app.clone();
            async move { app.handle(request).await }
        })
    }

    async fn handle(self, request: Request<Body>) -> Result<Response<Body>, BoxError> {
        let path = request.uri().path().to_owned();
        match path.as_str() {
            "/echo" => {
                let remote = request
                    .extensions()
                    .get::<RemoteAddr>()
                    .map(|r| r.0.to_string())
                    .unwrap_or_default();
                let underscore = request.headers().contains_key("x_forwarded_for");
                let text = format!(
                    "{} {} {:?} remote={remote} underscore={underscore}",
                    request.method(),
                    request.uri().path(),
                    request.version()
                );
                Ok(Response::new(Body::from(text)))
            }
            "/error" => Err(Box::new(AppError)),
            "/slow" => {
                if let Some(started) = self.started.lock().await.take() {
                    let _ = started.send(());
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
                Ok(Response::new(Body::from("slow and steady")))
            }
            "/stream-panic" => {
                let chunks = futures_stream(vec![Some(Bytes::from("first;")), None]);
                Ok(Response::new(Body::from_stream(chunks)))
            }
            "/upload" => {
                let body = request.into_body().collect_bytes().await?;
                Ok(Response::new(Body::from(format!("{} bytes", body.len()))))
            }
            "/admin" => {
                self.admin_hits.fetch_add(1, Ordering::SeqCst);
                Ok(Response::new(Body::from("admin")))
            }
            "/form-panic" => {
                // A service that wraps the request itself and panics after reading the form.
                let mut request = stellwerk_runtime::wrappers::Request::new(request);
                let fields = request.form().await.map(|f| f.len()).unwrap_or(0);
                panic!("panicked after {fields} form fields");
            }
            "/custom-server" => Ok(Response::builder()
                .header("server", "mine")
                .body(Body::from("custom"))
                .expect("valid response")),
            _ if path.starts_with("/panic") => {
                let decoded = percent_decode(&path);
                panic!("handler exploded on {decoded}");
            }
            _ => {
                let host = request
                    .headers()
                    .get("host")
                    .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
                    .unwrap_or_default();
                let text = format!(
                    "not found: uri={} authority={:?} host={host}",
                    request.uri(),
                    request.uri().authority().map(|a| a.as_str())
                );
                Ok(Response::builder()
                    .status(StatusCode::NOT_FOUND)
                    .body(Body::from(text))
                    .expect("valid response"))
            }
        }
    }
}

/// A stream of chunks where `None` panics when reached.
fn futures_stream(
    chunks: Vec<Option<Bytes>>,
) -> impl futures_core::Stream<Item = Result<Bytes, Infallible>> + Send {
    struct Chunks(std::vec::IntoIter<Option<Bytes>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Bytes, Infallible>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            match self.0.next() {
                Some(Some(chunk)) => std::task::Poll::Ready(Some(Ok(chunk))),
                Some(None) => panic!("the body stream broke"),
                None => std::task::Poll::Ready(None),
            }
        }
    }
    Chunks(chunks.into_iter())
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

fn http1_client() -> Client<hyper_util::client::legacy::connect::HttpConnector, Empty<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

async fn get(url: &str) -> (StatusCode, http::HeaderMap, String) {
    let response = timeout(LIMIT, http1_client().get(url.parse().expect("valid url")))
        .await
        .expect("answer within the limit")
        .expect("request succeeds");
    let status = response.status();
    let headers = response.headers().clone();
    let body = timeout(LIMIT, response.into_body().collect())
        .await
        .expect("body within the limit")
        .expect("body arrives")
        .to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// Writes `request` on a fresh connection and reads until the server closes it (or the
/// limit passes; whatever arrived by then is returned).
async fn raw_exchange(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = timeout(LIMIT, TcpStream::connect(addr))
        .await
        .expect("connect within the limit")
        .expect("connect");
    stream.write_all(request).await.expect("write request");
    let mut received = Vec::new();
    let _ = timeout(LIMIT, stream.read_to_end(&mut received)).await;
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_with_server_header_and_remote_addr() {
    let running = start(quiet_server(), App::default().service());
    let (status, headers, body) = get(&running.url("/echo")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["server"], DEFAULT_SERVER_HEADER);
    assert!(DEFAULT_SERVER_HEADER.starts_with("stellwerk/"));
    assert!(headers.contains_key("date"), "hyper adds Date: {headers:?}");
    assert!(
        body.starts_with("GET /echo HTTP/1.1 remote=127.0.0.1:"),
        "{body}"
    );

    // The app's own Server header wins.
    let (_, headers, _) = get(&running.url("/custom-server")).await;
    assert_eq!(headers["server"], "mine");
    let (status, _, _) = get(&running.url("/nowhere")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_header_configurable_and_off_in_production() {
    for (server, expected) in [
        (
            quiet_server().server_header(Some("dev/1".into())),
            Some("dev/1"),
        ),
        (quiet_server().server_header(None), None),
        (quiet_server().production(true), None),
    ] {
        let running = start(server, App::default().service());
        let (_, headers, _) = get(&running.url("/echo")).await;
        assert_eq!(
            headers.get("server").map(|v| v.to_str().unwrap()),
            expected,
            "expected {expected:?}"
        );
        running.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn underscore_headers_are_dropped_by_default() {
    for (server, expected) in [
        (quiet_server(), "underscore=false"),
        (
            quiet_server().drop_underscore_headers(false),
            "underscore=true",
        ),
    ] {
        let running = start(server, App::default().service());
        let request = Request::get(running.url("/echo"))
            .header("X_Forwarded_For", "1.2.3.4")
            .body(Empty::<Bytes>::new())
            .unwrap();
        let response = timeout(LIMIT, http1_client().request(request))
            .await
            .unwrap()
            .unwrap();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(
            String::from_utf8_lossy(&body).ends_with(expected),
            "{body:?} should end with {expected}"
        );
        running.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http2_prior_knowledge() {
    let running = start(quiet_server(), App::default().service());
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build_http();
    let response = timeout(LIMIT, client.get(running.url("/echo").parse().unwrap()))
        .await
        .unwrap()
        .expect("h2 request succeeds");
    assert_eq!(response.version(), Version::HTTP_2);
    assert_eq!(response.headers()["server"], DEFAULT_SERVER_HEADER);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
        body.starts_with(b"GET /echo HTTP/2.0 remote=127.0.0.1:"),
        "{body:?}"
    );
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panic_becomes_plain_500_and_server_keeps_serving() {
    let running = start(quiet_server(), App::default().service());
    for round in 0..3 {
        let (status, headers, body) = get(&running.url("/panic/secret-detail")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "round {round}");
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");
        assert!(body.contains("Internal Server Error"), "{body}");
        assert!(
            !body.contains("secret-detail"),
            "no detail outside debug: {body}"
        );
        assert!(
            !body.contains("exploded"),
            "no message outside debug: {body}"
        );
        let (status, _, _) = get(&running.url("/echo")).await;
        assert_eq!(status, StatusCode::OK, "round {round}: still serving");
    }
    let (status, _, body) = get(&running.url("/error")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!body.contains("on purpose"), "{body}");
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_page_only_in_debug_mode_and_escaped() {
    // hyper refuses a raw `<` in the request target, so the script arrives percent-encoded
    // and the app decodes it into its panic message.
    let request = b"GET /panic/%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1\r\nHost: localhost\r\n\
                    X-Probe: <b>bold</b>\r\nAuthorization: Bearer hunter2\r\nConnection: close\r\n\r\n";
    for (server, debug) in [
        (quiet_server().debug(true), true),
        (quiet_server(), false),
        // Production mode overrides debug.
        (quiet_server().debug(true).production(true), false),
    ] {
        let running = start(server, App::default().service());
        let answer = raw_exchange(running.addr, request).await;
        assert!(
            answer.starts_with("HTTP/1.1 500"),
            "debug={debug}: {answer}"
        );
        assert!(!answer.contains("<script>"), "debug={debug}: {answer}");
        assert!(!answer.contains("<b>"), "debug={debug}: {answer}");
        assert!(!answer.contains("hunter2"), "debug={debug}: {answer}");
        if debug {
            // The message (with the decoded path) is escaped in the title and the body.
            assert!(
                answer.contains(
                    "<title>panic: handler exploded on /panic/&lt;script&gt;alert(1)&lt;/script&gt;"
                ),
                "{answer}"
            );
            assert!(answer.contains("serve_server.rs"), "location: {answer}");
            assert!(answer.contains("<h2>Backtrace</h2>"), "{answer}");
            assert!(
                answer.contains("&lt;b&gt;bold&lt;/b&gt;"),
                "headers: {answer}"
            );
            assert!(answer.contains("[masked]"), "{answer}");
        } else {
            assert!(!answer.contains("exploded"), "{answer}");
            assert!(!answer.contains("Backtrace"), "{answer}");
        }
        running.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_page_lists_the_form_the_service_read() {
    let body = "name=Ada&comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    let post = |path: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    for (server, debug) in [(quiet_server().debug(true), true), (quiet_server(), false)] {
        let running = start(server, App::default().service());
        let read = raw_exchange(running.addr, post("/form-panic").as_bytes()).await;
        let unread = raw_exchange(running.addr, post("/panic/unread").as_bytes()).await;
        for (what, answer) in [("read", &read), ("unread", &unread)] {
            assert!(
                answer.starts_with("HTTP/1.1 500"),
                "debug={debug} {what}: {answer}"
            );
            assert!(
                !answer.contains("<script"),
                "debug={debug} {what}: {answer}"
            );
        }
        let (fields, note) = (
            [
                "<tr><th>name<td>Ada",
                "<tr><th>comment<td>&lt;script&gt;alert(1)&lt;/script&gt;",
            ],
            "the service did not read the body as a form",
        );
        for field in fields {
            assert_eq!(
                read.contains(field),
                debug,
                "debug={debug} {field:?}: {read}"
            );
            assert!(!unread.contains(field), "debug={debug} {field:?}: {unread}");
        }
        assert!(!read.contains(note), "debug={debug}: {read}");
        assert_eq!(unread.contains(note), debug, "debug={debug}: {unread}");
        running.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_page_for_service_errors() {
    let running = start(quiet_server().debug(true), App::default().service());
    let (status, _, body) = get(&running.url("/error")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        body.contains("<h1>service error</h1>") && body.contains("&lt;on purpose&gt;"),
        "{body}"
    );
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panic_in_streaming_body_aborts_only_that_connection() {
    let running = start(quiet_server(), App::default().service());
    let outcome = timeout(
        LIMIT,
        http1_client().get(running.url("/stream-panic").parse().unwrap()),
    )
    .await
    .unwrap();
    // hyper may not have flushed the head before the panic, so the failure shows either as
    // an incomplete message or as a body error; never as a complete response.
    if let Ok(response) = outcome {
        assert_eq!(response.status(), StatusCode::OK);
        let body = timeout(LIMIT, response.into_body().collect())
            .await
            .unwrap();
        assert!(
            body.is_err(),
            "the body must end in an error, not look complete"
        );
    }
    let (status, _, _) = get(&running.url("/echo")).await;
    assert_eq!(status, StatusCode::OK);
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_client_does_not_block_others_and_times_out() {
    let running = start(
        quiet_server().header_read_timeout(Some(Duration::from_millis(400))),
        App::default().service(),
    );
    let mut slow = TcpStream::connect(running.addr).await.unwrap();
    slow.write_all(b"GET /echo HTTP/1.1\r\nHost: loc")
        .await
        .unwrap();
    // While the slow client stalls, others are served.
    for _ in 0..3 {
        let (status, _, _) = get(&running.url("/echo")).await;
        assert_eq!(status, StatusCode::OK);
    }
    // The stalled connection is closed by the header read timeout, well within the limit.
    let mut rest = Vec::new();
    let read = timeout(LIMIT, slow.read_to_end(&mut rest)).await;
    assert!(
        read.is_ok(),
        "the server closes a client that stalls in its headers"
    );
    assert!(
        !String::from_utf8_lossy(&rest).contains("200 OK"),
        "{rest:?}"
    );
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborted_upload_leaves_server_serving() {
    let running = start(quiet_server(), App::default().service());
    for path in ["/upload", "/echo"] {
        let mut stream = TcpStream::connect(running.addr).await.unwrap();
        let head =
            format!("POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&[b'x'; 1000]).await.unwrap();
        drop(stream);
    }
    let (status, _, body) = get(&running.url("/echo")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A complete upload still works.
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let request = Request::post(running.url("/upload"))
        .body(Full::new(Bytes::from(vec![b'y'; 5000])))
        .unwrap();
    let response = timeout(LIMIT, client.request(request))
        .await
        .unwrap()
        .unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, "5000 bytes");
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_400_and_server_keeps_serving() {
    let running = start(quiet_server(), App::default().service());
    for request in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET /echo HTTP/9.9\r\nHost: x\r\n\r\n",
        b"GET /echo HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
        b"GET /echo HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"\x00\x01\x02\x03\r\n\r\n",
    ] {
        let answer = raw_exchange(running.addr, request).await;
        assert!(
            answer.starts_with("HTTP/1.1 400"),
            "{:?} answered {answer:?}",
            String::from_utf8_lossy(request)
        );
        let (status, _, _) = get(&running.url("/echo")).await;
        assert_eq!(status, StatusCode::OK);
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unread_body_is_not_parsed_as_a_second_request() {
    let app = App::default();
    let running = start(quiet_server(), app.clone().service());
    let smuggled = "GET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let request = format!(
        "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n\r\n{smuggled}",
        smuggled.len()
    );
    let mut stream = TcpStream::connect(running.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    // The server keeps the connection alive; read what arrives within a short window.
    let _ = timeout(
        Duration::from_millis(500),
        stream.read_to_end(&mut received),
    )
    .await;
    let text = String::from_utf8_lossy(&received);
    // One status line (the echoed body also says "HTTP/1.1", so count status lines).
    assert_eq!(text.matches("HTTP/1.1 200").count(), 1, "{text}");
    assert!(!text.contains("admin"), "{text}");
    assert_eq!(app.admin_hits.load(Ordering::SeqCst), 0);
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_in_flight_request() {
    let app = App::default();
    let (started_tx, started_rx) = oneshot::channel();
    *app.started.lock().await = Some(started_tx);
    let running = start(quiet_server(), app.clone().service());
    let url = running.url("/slow");
    let in_flight = tokio::spawn(async move { get(&url).await });
    timeout(LIMIT, started_rx)
        .await
        .expect("the request reaches the app")
        .expect("start signal");
    // `shutdown` returns only once the server future has finished.
    running.shutdown().await;
    let (status, _, body) = in_flight.await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "slow and steady");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_listener_and_logging_path() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    // Banner and request log on: exercises the logging path end to end.
    let running = start(Server::from_listener(listener), App::default().service());
    let (status, _, _) = get(&running.url("/echo?x=%1b[31m")).await;
    assert_eq!(status, StatusCode::OK);
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bind_error_is_returned_by_serve() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let server = Server::bind(taken.local_addr().unwrap()).banner(false);
    let result = timeout(
        LIMIT,
        server.serve_with_shutdown(App::default().service(), async {}),
    )
    .await
    .unwrap();
    assert_eq!(result.unwrap_err().kind(), std::io::ErrorKind::AddrInUse);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxy_fix_layer_behind_the_server() {
    use stellwerk_runtime::serve::ProxyFix;
    use tower::Layer;
    let app = tower::service_fn(|request: Request<Body>| async move {
        let remote = request.extensions().get::<RemoteAddr>().map(|r| r.0);
        Ok::<_, Infallible>(Response::new(Body::from(format!(
            "{} {remote:?}",
            request.uri()
        ))))
    });
    let running = start(quiet_server(), ProxyFix::new(1).layer(app));
    for (headers, expected) in [
        (
            &[
                ("x-forwarded-for", "203.0.113.7"),
                ("x-forwarded-proto", "https"),
            ][..],
            "https://proxied.test/p Some(203.0.113.7:0)",
        ),
        // The underscore variant is dropped by the server before ProxyFix sees it.
        (
            &[("x_forwarded_for", "203.0.113.7")][..],
            "/p Some(127.0.0.1:",
        ),
    ] {
        let mut request = Request::get(running.url("/p")).header("host", "proxied.test");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = timeout(
            LIMIT,
            http1_client().request(request.body(Empty::<Bytes>::new()).unwrap()),
        )
        .await
        .unwrap()
        .unwrap();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with(expected), "{headers:?}: {text}");
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn double_slash_target_stays_a_path() {
    // CVE-2020-28724 in Werkzeug: `//evil.test/path` was read as a host.
    let running = start(quiet_server(), App::default().service());
    let answer = raw_exchange(
        running.addr,
        b"GET //evil.test/path HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(
        answer.contains("not found: uri=//evil.test/path authority=None host=localhost"),
        "{answer}"
    );
    running.shutdown().await;
}
