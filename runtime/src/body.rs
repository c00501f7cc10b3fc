//! [`Body`]: the one response and request body type that stellwerk's wrappers, test client
//! and server pass around.
//!
//! It is a type-erased [`http_body::Body`] of [`Bytes`] chunks, so a handler can answer with
//! a fixed buffer, a string or a stream, and any body hyper or axum hands us can be wrapped
//! without copying. It is `Send` and `Sync`, so a handler future may hold a `&Request`
//! across an `.await` and still be `Send`.
//!
//! # Why `Sync` costs no lock
//!
//! A streaming body is only ever driven through `Pin<&mut Self>`, so the boxed body sits in
//! a [`SyncWrapper`], which is `Sync` because it hands out nothing through `&self`. The two
//! `&self` methods of [`http_body::Body`], `is_end_stream` and `size_hint`, answer from
//! plain fields instead: they are read from the inner body when it is wrapped and again
//! after every `poll_frame`, the only calls that can change them. A whole buffer (a
//! string, `Bytes`, nothing) is not boxed at all, so its size hint is exact and free, and
//! servers send `Content-Length` for it.

use std::any::Any;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Frame, SizeHint};
use http_body_util::{BodyExt, StreamBody};
use sync_wrapper::SyncWrapper;

/// The error type carried by a [`Body`]: any error of the underlying body, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A type-erased streaming body.
type DynBody = Pin<Box<dyn ErasedBody>>;

/// What [`Body`] needs of a wrapped body, with its data and error already converted.
///
/// Implemented on the wrapped body itself rather than through `http_body_util`'s
/// `map_frame`, whose adapter does not forward `size_hint` (a wrapped `Full` would lose its
/// exact length, and with it `Content-Length`).
trait ErasedBody: Send + 'static {
    fn poll_bytes(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>>;
    fn end_stream(&self) -> bool;
    fn hint(&self) -> SizeHint;
}

impl<B> ErasedBody for B
where
    B: http_body::Body + Send + 'static,
    B::Data: Into<Bytes>,
    B::Error: Into<BoxError>,
{
    fn poll_bytes(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => Poll::Ready(Some(Ok(frame.map_data(Into::into)))),
            Poll::Ready(Some(Err(err))) => Poll::Ready(Some(Err(err.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn end_stream(&self) -> bool {
        self.is_end_stream()
    }

    fn hint(&self) -> SizeHint {
        self.size_hint()
    }
}

/// A streaming HTTP body of [`Bytes`] chunks.
///
/// ```
/// use stellwerk_runtime::body::Body;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let body = Body::from("hello");
/// assert_eq!(body.collect_bytes().await.unwrap(), "hello");
/// # });
/// ```
pub struct Body(Kind);

enum Kind {
    /// A whole buffer sent as one frame; `None` once sent, or when there was nothing.
    Full(Option<Bytes>),
    /// Any other body. `end_stream` and `hint` are the inner body's answers as of the last
    /// `poll_frame` (or construction), kept so that `&self` never reaches the inner body.
    Stream {
        inner: SyncWrapper<DynBody>,
        end_stream: bool,
        hint: SizeHint,
    },
}

impl Body {
    /// Wraps any [`http_body::Body`] whose data converts into [`Bytes`]. A [`Body`] is
    /// returned as it is, not boxed a second time.
    ///
    /// ```
    /// use http_body::Body as _;
    /// use stellwerk_runtime::body::Body;
    ///
    /// let body = Body::new(http_body_util::Full::new(bytes::Bytes::from_static(b"abc")));
    /// assert_eq!(body.size_hint().exact(), Some(3));
    /// let same = Body::new(Body::from("xy"));
    /// assert_eq!(same.size_hint().exact(), Some(2));
    /// ```
    pub fn new<B>(body: B) -> Self
    where
        B: http_body::Body + Send + 'static,
        B::Data: Into<Bytes>,
        B::Error: Into<BoxError>,
    {
        // Re-boxing an already boxed body would only add a layer of indirection (and lose
        // the unboxed form of a full buffer).
        let mut slot = Some(body);
        if let Some(body) = (&mut slot as &mut dyn Any)
            .downcast_mut::<Option<Body>>()
            .and_then(Option::take)
        {
            return body;
        }
        let Some(body) = slot else {
            return Body::empty();
        };
        let end_stream = body.is_end_stream();
        let hint = body.size_hint();
        Body(Kind::Stream {
            inner: SyncWrapper::new(Box::pin(body)),
            end_stream,
            hint,
        })
    }

    /// A body with no data; its size hint is exactly zero so servers send
    /// `Content-Length: 0`.
    pub fn empty() -> Self {
        Body(Kind::Full(None))
    }

    /// A body from a stream of byte chunks (sent with chunked transfer encoding).
    pub fn from_stream<S, D, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<D, E>> + Send + 'static,
        D: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        Body::new(StreamBody::new(StreamMap(Box::pin(stream))))
    }

    /// Reads the whole body into one buffer.
    ///
    /// There is no size limit here: callers that read untrusted bodies limit them first
    /// (the request wrapper applies `max_content_length`).
    pub async fn collect_bytes(self) -> Result<Bytes, BoxError> {
        if let Kind::Full(data) = self.0 {
            return Ok(data.unwrap_or_default());
        }
        Ok(self.collect().await?.to_bytes())
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::empty()
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body").finish_non_exhaustive()
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.0 {
            Kind::Full(data) => Poll::Ready(data.take().map(|data| Ok(Frame::data(data)))),
            Kind::Stream {
                inner,
                end_stream,
                hint,
            } => {
                let body = inner.get_mut();
                let polled = body.as_mut().poll_bytes(cx);
                if polled.is_ready() {
                    // Only a frame (or the end) changes what the body has left.
                    *end_stream = body.end_stream();
                    *hint = body.hint();
                }
                polled
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Kind::Full(data) => data.is_none(),
            Kind::Stream { end_stream, .. } => *end_stream,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Kind::Full(data) => SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64)),
            Kind::Stream { hint, .. } => *hint,
        }
    }
}

macro_rules! body_from_buffer {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Body {
            fn from(value: $ty) -> Self {
                let data = Bytes::from(value);
                // An empty buffer is already at its end, as `http_body_util::Full` says.
                Body(Kind::Full((!data.is_empty()).then_some(data)))
            }
        }
    )*};
}
body_from_buffer!(Bytes, Vec<u8>, String, &'static str, &'static [u8]);

impl From<()> for Body {
    fn from((): ()) -> Self {
        Body::empty()
    }
}

/// Adapts a stream of `Result<D, E>` into a stream of frames for [`StreamBody`]. The stream
/// is boxed so that `!Unpin` streams (async blocks, generators) work without unsafe code.
struct StreamMap<S>(Pin<Box<S>>);

impl<S, D, E> Stream for StreamMap<S>
where
    S: Stream<Item = Result<D, E>>,
    D: Into<Bytes>,
    E: Into<BoxError>,
{
    type Item = Result<Frame<Bytes>, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.0.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(data))) => Poll::Ready(Some(Ok(Frame::data(data.into())))),
            Poll::Ready(Some(Err(err))) => Poll::Ready(Some(Err(err.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

// A handler future that holds a `&Request` across an await must be `Send`, so the body
// (which the request owns) must be `Sync` as well as `Send`.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Body>();
};

#[cfg(test)]
mod tests {
    use super::Body;
    use bytes::Bytes;
    use http_body::Body as _;
    use http_body_util::BodyExt;

    #[test]
    fn full_bodies_have_exact_hints() {
        for (name, body, len) in [
            ("empty", Body::empty(), 0),
            ("unit", Body::from(()), 0),
            ("empty str", Body::from(""), 0),
            ("str", Body::from("hello"), 5),
            ("bytes", Body::from(Bytes::from_static(b"abc")), 3),
            ("vec", Body::from(vec![1u8; 10]), 10),
            ("string", Body::from(String::from("xy")), 2),
            (
                "wrapped Full",
                Body::new(http_body_util::Full::new(Bytes::from_static(b"abcd"))),
                4,
            ),
        ] {
            assert_eq!(body.size_hint().exact(), Some(len), "{name}");
            assert_eq!(body.is_end_stream(), len == 0, "{name}");
        }
    }

    #[tokio::test]
    async fn hints_follow_the_frames() {
        let mut body = Body::new(http_body_util::Full::new(Bytes::from_static(b"abc")));
        assert!(!body.is_end_stream());
        let frame = body.frame().await.expect("a frame").expect("no error");
        assert_eq!(frame.into_data().expect("data"), "abc");
        assert!(body.is_end_stream(), "refreshed after the frame");
        assert_eq!(body.size_hint().exact(), Some(0));
        assert!(body.frame().await.is_none());

        let mut full = Body::from("hi");
        let frame = full.frame().await.expect("a frame").expect("no error");
        assert_eq!(frame.into_data().expect("data"), "hi");
        assert!(full.is_end_stream());
        assert_eq!(full.size_hint().exact(), Some(0));
    }

    #[tokio::test]
    async fn streams_are_collected_in_order() {
        let chunks: Vec<Result<&'static str, std::io::Error>> = vec![Ok("a"), Ok("b"), Ok("c")];
        let body = Body::from_stream(futures_util::stream::iter(chunks));
        assert_eq!(
            body.size_hint().exact(),
            None,
            "a stream has no exact length"
        );
        assert!(!body.is_end_stream());
        assert_eq!(body.collect_bytes().await.expect("no error"), "abc");
    }

    #[tokio::test]
    async fn a_body_is_not_boxed_twice() {
        // Wrapping a full body again keeps it a full body: exact hint, one frame.
        let body = Body::new(Body::new(Body::from("data")));
        assert!(matches!(body.0, super::Kind::Full(Some(_))));
        assert_eq!(body.collect_bytes().await.expect("no error"), "data");
    }
}
