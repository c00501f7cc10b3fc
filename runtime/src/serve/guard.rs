//! The panic guard: a panic in the application becomes a 500 response (or, once the body
//! has started, an aborted connection) and never takes the server down.
//!
//! `catch_unwind` catches the panic where the future (or body) is polled. Its payload carries
//! the message; the location and, in debug mode, a backtrace can only be had while the panic
//! is in flight, so a process-wide panic hook is installed once and records them in a
//! thread-local slot, but only for panics raised inside a guarded poll. Every other panic is
//! passed on to the hook that was installed before, so the program's own panic output is
//! unchanged.

use std::backtrace::Backtrace;
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Once;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};

use crate::body::BoxError;

/// What to record about a panic raised inside a guarded poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Capture {
    /// Not inside a guarded poll: the previous hook handles the panic.
    Off,
    /// Record the location only (cheap; production and non-debug mode).
    Location,
    /// Record the location and a forced backtrace (debug mode).
    Backtrace,
}

thread_local! {
    static CAPTURE: Cell<Capture> = const { Cell::new(Capture::Off) };
    static RECORD: RefCell<Option<Record>> = const { RefCell::new(None) };
}

/// What the hook saw while the panic was in flight.
struct Record {
    location: Option<String>,
    backtrace: Option<String>,
}

/// A caught panic, ready to be logged or rendered.
#[derive(Clone, Debug)]
pub(crate) struct PanicReport {
    /// The panic message (the `&str` or `String` payload), or a placeholder for other payloads.
    pub(crate) message: String,
    /// `file:line:column` of the panic, when the hook saw it.
    pub(crate) location: Option<String>,
    /// The backtrace, captured only in debug mode.
    pub(crate) backtrace: Option<String>,
}

/// Installs the recording hook once per process, chained in front of the existing hook.
pub(crate) fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| match CAPTURE.get() {
            Capture::Off => previous(info),
            mode => {
                let record = Record {
                    location: info.location().map(ToString::to_string),
                    backtrace: (mode == Capture::Backtrace)
                        .then(|| trim_backtrace(&Backtrace::force_capture().to_string())),
                };
                RECORD.set(Some(record));
            }
        }));
    });
}

/// Drops the frames of the hook and the panic machinery from the top of a backtrace, so it
/// starts at the code that panicked. Frames are the lines that start with `N:`; the lines
/// after them (`at file:line`) belong to them. The machinery is the run of frames that
/// starts at `rust_begin_unwind` (or `begin_panic` for `panic_any`); `catch_unwind` frames
/// further down belong to the caller and stay.
fn trim_backtrace(trace: &str) -> String {
    let lines: Vec<&str> = trace.lines().collect();
    let is_frame = |line: &str| {
        let trimmed = line.trim_start();
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && trimmed[digits..].starts_with(':')
    };
    let frames: Vec<usize> = (0..lines.len()).filter(|&i| is_frame(lines[i])).collect();
    let is_machinery = |line: &str| {
        [
            "rust_begin_unwind",
            "begin_panic",
            "core::panicking::",
            "std::panicking::",
            "__rust_end_short_backtrace",
        ]
        .iter()
        .any(|marker| line.contains(marker))
    };
    // Only look near the top for the start of the unwinding.
    let Some(mut k) = frames
        .iter()
        .take(40)
        .position(|&i| lines[i].contains("rust_begin_unwind") || lines[i].contains("begin_panic"))
    else {
        return trace.to_owned();
    };
    while frames.get(k).is_some_and(|&i| is_machinery(lines[i])) {
        k += 1;
    }
    match frames.get(k) {
        Some(&first_kept) => lines[first_kept..].join("\n"),
        None => trace.to_owned(),
    }
}

/// Runs `f`, turning a panic into a [`PanicReport`].
pub(crate) fn guarded<R>(mode: Capture, f: impl FnOnce() -> R) -> Result<R, PanicReport> {
    let outer = CAPTURE.replace(mode);
    let result = catch_unwind(AssertUnwindSafe(f));
    CAPTURE.set(outer);
    result.map_err(|payload| {
        let message = if let Some(text) = payload.downcast_ref::<&'static str>() {
            (*text).to_owned()
        } else if let Some(text) = payload.downcast_ref::<String>() {
            text.clone()
        } else {
            "Box<dyn Any> (a panic payload that is not a string)".to_owned()
        };
        let record = RECORD.take();
        // Dropping an arbitrary payload runs user code; a panic there must not escape either.
        let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
        PanicReport {
            message,
            location: record.as_ref().and_then(|r| r.location.clone()),
            backtrace: record.and_then(|r| r.backtrace),
        }
    })
}

/// A future whose every poll runs under [`guarded`]; it answers `Err` once if the inner
/// future panics and must not be polled again after that.
///
/// The inner future must be `Unpin`: callers pin it where it lives (`std::pin::pin!` in
/// an already boxed async fn), which saves an allocation per request over boxing it here.
pub(crate) struct CatchPanic<F> {
    inner: F,
    mode: Capture,
}

impl<F> CatchPanic<F> {
    pub(crate) fn new(inner: F, mode: Capture) -> Self {
        CatchPanic { inner, mode }
    }
}

impl<F: Future + Unpin> Future for CatchPanic<F> {
    type Output = Result<F::Output, PanicReport>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mode = this.mode;
        let inner = Pin::new(&mut this.inner);
        match guarded(mode, move || inner.poll(cx)) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(report) => Poll::Ready(Err(report)),
        }
    }
}

/// The error a [`CatchPanicBody`] yields when the body panics mid-stream: the response head
/// is already on the wire, so all the server can do is abort the connection.
#[derive(Debug)]
pub(crate) struct BodyPanicked(pub(crate) PanicReport);

impl std::fmt::Display for BodyPanicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "response body panicked: {}", self.0.message)
    }
}

impl std::error::Error for BodyPanicked {}

/// A response body whose polls run under [`guarded`]. After a panic it reports the panic
/// once as an error (hyper then resets the stream or closes the connection) and ends.
///
/// The body must be `Unpin` (stellwerk's [`Body`](crate::body::Body) is), so it is kept
/// in place rather than in another box.
pub(crate) struct CatchPanicBody<B> {
    inner: Option<B>,
    mode: Capture,
    on_panic: fn(&PanicReport),
}

impl<B> CatchPanicBody<B> {
    pub(crate) fn new(inner: B, mode: Capture, on_panic: fn(&PanicReport)) -> Self {
        CatchPanicBody {
            inner: Some(inner),
            mode,
            on_panic,
        }
    }
}

impl<B> http_body::Body for CatchPanicBody<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let inner = Pin::new(inner);
        match guarded(this.mode, move || inner.poll_frame(cx)) {
            Ok(Poll::Ready(Some(Err(err)))) => Poll::Ready(Some(Err(err.into()))),
            Ok(Poll::Ready(Some(Ok(frame)))) => Poll::Ready(Some(Ok(frame))),
            Ok(Poll::Ready(None)) => Poll::Ready(None),
            Ok(Poll::Pending) => Poll::Pending,
            Err(report) => {
                // The body is in an unknown state after unwinding; never poll it again.
                this.inner = None;
                (this.on_panic)(&report);
                Poll::Ready(Some(Err(Box::new(BodyPanicked(report)))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(|b| b.is_end_stream())
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), |b| b.size_hint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_message_and_location() {
        install_hook();
        for (mode, wants_backtrace) in [(Capture::Location, false), (Capture::Backtrace, true)] {
            let report = guarded(mode, || -> u8 { panic!("boom {}", 42) }).unwrap_err();
            assert_eq!(report.message, "boom 42", "{mode:?}");
            let location = report.location.expect("hook records the location");
            assert!(location.contains("guard.rs"), "{location}");
            assert_eq!(report.backtrace.is_some(), wants_backtrace, "{mode:?}");
        }
        // Outside a guard the capture mode is back to off.
        assert_eq!(CAPTURE.get(), Capture::Off);
    }

    #[test]
    fn trims_panic_machinery_frames() {
        let trace = "   0: my_hook::closure\n             at src/hook.rs:1:1\n\
                     \x20  1: std::panicking::panic_with_hook\n\
                     \x20  2: std::panicking::begin_panic_handler::{{closure}}\n\
                     \x20  3: std::sys::backtrace::__rust_end_short_backtrace\n\
                     \x20  4: __rustc::rust_begin_unwind\n\
                     \x20  5: core::panicking::panic_fmt\n             at core/src/panicking.rs:80:14\n\
                     \x20  6: app::handler\n             at src/app.rs:9:5\n\
                     \x20  7: std::panicking::catch_unwind\n\
                     \x20  8: main\n";
        assert_eq!(
            trim_backtrace(trace),
            "   6: app::handler\n             at src/app.rs:9:5\n   7: std::panicking::catch_unwind\n   8: main"
        );
        // Nothing recognisable: unchanged.
        assert_eq!(trim_backtrace("no frames here"), "no frames here");
    }

    #[test]
    fn real_backtrace_starts_at_the_panicking_code() {
        install_hook();
        let report = guarded(Capture::Backtrace, || -> () { panic!("traced") }).unwrap_err();
        let trace = report.backtrace.expect("captured in backtrace mode");
        let first = trace.lines().next().unwrap_or_default();
        assert!(
            first.contains("real_backtrace_starts_at_the_panicking_code"),
            "first frame should be the test itself: {trace}"
        );
    }

    #[test]
    fn static_str_and_foreign_payloads() {
        install_hook();
        let report = guarded(Capture::Location, || -> () { panic!("plain") }).unwrap_err();
        assert_eq!(report.message, "plain");
        let report =
            guarded(Capture::Location, || -> () { std::panic::panic_any(7_u32) }).unwrap_err();
        assert!(
            report.message.contains("not a string"),
            "{}",
            report.message
        );
        assert_eq!(guarded(Capture::Location, || 5).unwrap(), 5);
    }

    #[tokio::test]
    async fn future_panic_is_caught() {
        install_hook();
        let result = CatchPanic::new(
            std::pin::pin!(async {
                tokio::task::yield_now().await;
                panic!("inside the future");
            }),
            Capture::Location,
        )
        .await;
        let report: PanicReport = match result {
            Ok(()) => unreachable!("the future panics"),
            Err(report) => report,
        };
        assert_eq!(report.message, "inside the future");
    }
}
