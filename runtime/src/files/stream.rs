//! A file read as a stream of chunks.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::{AsyncRead, ReadBuf};

/// Bytes read from a file per chunk.
pub(super) const CHUNK_SIZE: usize = 64 * 1024;

/// Streams `remaining` bytes of a file in chunks of at most [`CHUNK_SIZE`].
pub(super) struct FileStream {
    pub(super) file: tokio::fs::File,
    pub(super) remaining: u64,
    pub(super) buf: Vec<u8>,
}

impl Stream for FileStream {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        let want = usize::try_from(self.remaining)
            .unwrap_or(usize::MAX)
            .min(CHUNK_SIZE);
        let this = &mut *self;
        let mut read_buf = ReadBuf::new(&mut this.buf[..want]);
        match Pin::new(&mut this.file).poll_read(cx, &mut read_buf) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
            Poll::Ready(Ok(())) => {
                let filled = read_buf.filled();
                if filled.is_empty() {
                    // The file shrank while being sent: end the body rather than hang.
                    this.remaining = 0;
                    return Poll::Ready(None);
                }
                let chunk = Bytes::copy_from_slice(filled);
                this.remaining -= chunk.len() as u64;
                Poll::Ready(Some(Ok(chunk)))
            }
        }
    }
}
