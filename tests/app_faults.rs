//! A real `App` (route macros, `max_content_length`) served on 127.0.0.1:0 by stellwerk's
//! server, and the faults a public server meets: slow clients, aborted uploads, oversized
//! bodies, malformed requests, handler panics. After each, the server must still serve.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use http_body_util::{BodyExt, Empty, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use stellwerk::app::App;
use stellwerk::exceptions::HttpError;
use stellwerk::serve::Server;
use stellwerk::wrappers::{Request, RequestConfig};
use stellwerk::{get, post, routes};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::timeout;

/// Every network step is bounded by this.
const LIMIT: Duration = Duration::from_secs(5);
/// The application's body limit.
const MAX_BODY: u64 = 64 * 1024;

#[get("/echo")]
fn echo() -> &'static str {
    "still here"
}

#[post("/upload")]
async fn upload(mut request: Request) -> Result<String, HttpError> {
    let data = request.data().await?;
    Ok(format!("{} bytes", data.len()))
}

#[get("/panic/<detail>")]
fn explode(detail: &str) -> String {
    panic!("handler exploded on {detail}");
}

fn app() -> App {
    App::new()
        .config(RequestConfig::default().max_content_length(Some(MAX_BODY)))
        .mount("/", routes![echo, upload, explode])
        .build()
        .expect("no conflicts")
}

struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    fn start(server: Server) -> Running {
        let addr = server.local_addr().expect("bound");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.serve_with_shutdown(app(), async {
            let _ = stopped.await;
        }));
        Running {
            addr,
            stop: Some(stop),
            task,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A GET with a fresh client: status and body text.
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
        let response = timeout(
            LIMIT,
            client.get(self.url(path).parse().expect("valid URL")),
        )
        .await
        .expect("answer within the limit")
        .expect("request succeeds");
        let status = response.status();
        let body = timeout(LIMIT, response.into_body().collect())
            .await
            .expect("body within the limit")
            .expect("body arrives")
            .to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    async fn assert_serving(&self, after: &str) {
        let (status, body) = self.get("/echo").await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "still here"),
            "after {after}"
        );
    }

    async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        timeout(LIMIT, self.task)
            .await
            .expect("stops within the limit")
            .expect("server task does not panic")
            .expect("server ends without error");
    }
}

fn quiet() -> Server {
    Server::bind("127.0.0.1:0").banner(false).log(false)
}

/// Writes `request` on a fresh connection and reads until the server closes it or the
/// limit passes.
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
async fn handler_panics_are_500_and_the_app_keeps_serving() {
    let running = Running::start(quiet());
    for round in 0..3 {
        let (status, body) = running.get("/panic/secret-detail").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "round {round}");
        assert!(
            body.contains("Internal Server Error"),
            "round {round}: {body}"
        );
        assert!(
            !body.contains("secret-detail"),
            "no detail outside debug: {body}"
        );
        running.assert_serving("a panic").await;
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_413_from_max_content_length() {
    let running = Running::start(quiet());
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    for (size, status, body) in [
        (10_usize, 200, Some("10 bytes".to_owned())),
        (MAX_BODY as usize, 200, Some(format!("{MAX_BODY} bytes"))),
        (MAX_BODY as usize + 1, 413, None),
        (4 * MAX_BODY as usize, 413, None),
    ] {
        let request = http::Request::post(running.url("/upload"))
            .body(Full::new(Bytes::from(vec![b'x'; size])))
            .expect("valid request");
        let response = timeout(LIMIT, client.request(request))
            .await
            .expect("answer within the limit")
            .expect("request succeeds");
        assert_eq!(response.status().as_u16(), status, "{size} bytes");
        let text = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        if let Some(body) = body {
            assert_eq!(text, body.as_bytes(), "{size} bytes");
        } else {
            assert!(
                String::from_utf8_lossy(&text).contains("Payload Too Large"),
                "{size} bytes"
            );
        }
    }
    // A declared length over the limit is refused before the body arrives; a chunked
    // body without a length is cut off once it passes the limit.
    let declared = format!(
        "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        MAX_BODY * 100
    );
    let answer = raw_exchange(running.addr, declared.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let mut chunked = b"POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for _ in 0..(2 * MAX_BODY / 4096) {
        chunked.extend_from_slice(b"1000\r\n");
        chunked.extend_from_slice(&[b'y'; 4096]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = raw_exchange(running.addr, &chunked).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    running.assert_serving("oversized bodies").await;
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborted_uploads_leave_the_app_serving() {
    let running = Running::start(quiet());
    for declared in [1000_u64, MAX_BODY] {
        let mut stream = TcpStream::connect(running.addr).await.expect("connect");
        let head = format!(
            "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: {declared}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.expect("write head");
        stream
            .write_all(&[b'x'; 100])
            .await
            .expect("write part of the body");
        drop(stream);
        running
            .assert_serving(&format!("an upload of {declared} aborted after 100 bytes"))
            .await;
    }
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_do_not_block_others_and_time_out() {
    let running = Running::start(quiet().header_read_timeout(Some(Duration::from_millis(400))));
    let mut slow = TcpStream::connect(running.addr).await.expect("connect");
    slow.write_all(b"GET /echo HTTP/1.1\r\nHost: loc")
        .await
        .expect("write");
    for _ in 0..3 {
        running
            .assert_serving("a client stalled in its headers")
            .await;
    }
    let mut rest = Vec::new();
    let read = timeout(LIMIT, slow.read_to_end(&mut rest)).await;
    assert!(
        read.is_ok(),
        "the server closes a client that stalls in its headers"
    );
    assert!(
        !String::from_utf8_lossy(&rest).contains("still here"),
        "{rest:?}"
    );
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_are_400_and_the_app_keeps_serving() {
    let running = Running::start(quiet());
    for request in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET /echo HTTP/9.9\r\nHost: x\r\n\r\n",
        b"GET /echo HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
        b"GET /echo HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"\x00\x01\x02\x03\r\n\r\n",
        // Well-formed HTTP, but a path that does not decode to UTF-8: the App's 400.
        b"GET /panic/%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let answer = raw_exchange(running.addr, request).await;
        assert!(
            answer.starts_with("HTTP/1.1 400"),
            "{:?} answered {answer:?}",
            String::from_utf8_lossy(request)
        );
        running
            .assert_serving(&String::from_utf8_lossy(request))
            .await;
    }
    running.shutdown().await;
}
