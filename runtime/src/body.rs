//! [`Body`]: the one response and request body type that stellwerk's wrappers, test client
//! and server pass around.
//!
//! It is a type-erased [`http_body::Body`] of [`Bytes`] chunks, so a handler can answer with
//! a fixed buffer, a string or a stream, and any body hyper or axum hands us can be wrapped
//! without copying. It is `Send` but not `Sync`, like axum's, which is what hyper needs.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Frame, SizeHint};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty, Full, StreamBody};

/// The error type carried by a [`Body`]: any error of the underlying body, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A streaming HTTP body of [`Bytes`] chunks.
///
/// ```
/// use stellwerk_runtime::body::Body;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let body = Body::from("hello");
/// assert_eq!(body.collect_bytes().await.unwrap(), "hello");
/// # });
/// ```
pub struct Body(UnsyncBoxBody<Bytes, BoxError>);

impl Body {
    /// Wraps any [`http_body::Body`] whose data converts into [`Bytes`].
    pub fn new<B>(body: B) -> Self
    where
        B: http_body::Body + Send + 'static,
        B::Data: Into<Bytes>,
        B::Error: Into<BoxError>,
    {
        // Re-boxing an already boxed body would only add a layer of indirection.
        let body = body
            .map_frame(|f| f.map_data(Into::into))
            .map_err(Into::into);
        Body(UnsyncBoxBody::new(body))
    }

    /// A body with no data; its size hint is exactly zero so servers send
    /// `Content-Length: 0`.
    pub fn empty() -> Self {
        Body(UnsyncBoxBody::new(
            Empty::new().map_err(|never| match never {}),
        ))
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
        Ok(self.0.collect().await?.to_bytes())
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
        Pin::new(&mut self.0).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.0.size_hint()
    }
}

macro_rules! body_from_buffer {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Body {
            fn from(value: $ty) -> Self {
                Body(UnsyncBoxBody::new(
                    Full::new(Bytes::from(value)).map_err(|never| match never {}),
                ))
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
