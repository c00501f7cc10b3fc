//! Handlers: what runs for a matched endpoint.
//!
//! At run time every route is a [`HandlerFn`]: a shared function from the
//! [`RequestContext`] to a boxed future of a [`Response`]. The route macros generate one
//! per `#[get]`/`#[route]` function; for dynamic [`Map`](crate::routing::Map)s,
//! [`Handlers`] collects them by endpoint from async functions and closures whose
//! arguments are extractors (the [`Handler`] trait).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::extract::{FromRequest, FromRequestParts};
use crate::wrappers::response::{IntoResponse, Response};

use super::context::RequestContext;

/// A boxed, `Send` future (the futures handlers return).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A route's handler as the application stores it: from the request context to a
/// response. Extractor failures and returned [`HttpError`](crate::exceptions::HttpError)s
/// are responses rendered from the error; the application recognises them and renders
/// them again through its error handlers.
pub type HandlerFn = Arc<dyn Fn(RequestContext) -> BoxFuture<'static, Response> + Send + Sync>;

/// The adapter a route attribute generates for its handler: extracts the arguments from
/// the context, calls the handler, converts its output. It travels type-erased in the
/// route's `META` ([`HandlerSlot`](crate::routing::macro_support::HandlerSlot)).
pub type HandlerPtr = fn(RequestContext) -> BoxFuture<'static, Response>;

/// An async function (or closure) usable as a handler: every argument is an extractor,
/// the last may read the body ([`FromRequest`]), the others only the head
/// ([`FromRequestParts`]); the output is anything [`IntoResponse`].
///
/// `T` only tells the implementations for different arities apart; it is inferred.
///
/// ```
/// use http::Method;
/// use stellwerk_runtime::app::handler_fn;
/// use stellwerk_runtime::extract::PathValues;
///
/// async fn show(method: Method, values: PathValues) -> String {
///     format!("{method} {}", values.len())
/// }
/// let handler = handler_fn(show);
/// # let _ = handler;
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a handler",
    label = "not a handler",
    note = "a handler is an `async fn` or a closure returning a future; every argument must be an extractor (only the last may read the body) and the output must implement `IntoResponse`"
)]
pub trait Handler<T>: Clone + Send + Sync + 'static {
    /// Runs the handler: extracts the arguments, calls it, converts the output.
    fn call(&self, cx: RequestContext) -> BoxFuture<'static, Response>;
}

impl<F, Fut, R> Handler<()> for F
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: IntoResponse,
{
    fn call(&self, _cx: RequestContext) -> BoxFuture<'static, Response> {
        let f = self.clone();
        Box::pin(async move { f().await.into_response() })
    }
}

macro_rules! handler_arity {
    ($($part:ident),* ; $last:ident) => {
        #[allow(non_snake_case)]
        impl<F, Fut, R, M, $($part,)* $last> Handler<(M, $($part,)* $last)> for F
        where
            F: Fn($($part,)* $last) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = R> + Send + 'static,
            R: IntoResponse,
            $($part: FromRequestParts + 'static,)*
            $last: FromRequest<M> + 'static,
            M: 'static,
        {
            fn call(&self, cx: RequestContext) -> BoxFuture<'static, Response> {
                let f = self.clone();
                Box::pin(async move {
                    #[allow(unused_mut)]
                    let mut cx = cx;
                    $(
                        let $part = match $part::from_request_parts(&mut cx).await {
                            Ok(value) => value,
                            Err(err) => return err.into_response(),
                        };
                    )*
                    let $last = match $last::from_request(cx).await {
                        Ok(value) => value,
                        Err(err) => return err.into_response(),
                    };
                    f($($part,)* $last).await.into_response()
                })
            }
        }
    };
}

handler_arity!(; A1);
handler_arity!(A1; A2);
handler_arity!(A1, A2; A3);
handler_arity!(A1, A2, A3; A4);
handler_arity!(A1, A2, A3, A4; A5);
handler_arity!(A1, A2, A3, A4, A5; A6);
handler_arity!(A1, A2, A3, A4, A5, A6; A7);
handler_arity!(A1, A2, A3, A4, A5, A6, A7; A8);

/// Erases a [`Handler`] into the [`HandlerFn`] the application stores.
pub fn handler_fn<H: Handler<T>, T>(handler: H) -> HandlerFn {
    Arc::new(move |cx| handler.call(cx))
}

/// The handlers of a dynamic [`Map`](crate::routing::Map), by endpoint name.
///
/// ```
/// use stellwerk_runtime::app::Handlers;
/// use stellwerk_runtime::extract::PathValues;
///
/// let handlers = Handlers::new()
///     .on("index", || async { "home" })
///     .on("user", |values: PathValues| async move { format!("{:?}", values.get("id")) });
/// assert_eq!(handlers.endpoints().count(), 2);
/// ```
#[derive(Clone, Default)]
pub struct Handlers {
    pub(crate) by_endpoint: HashMap<String, HandlerFn>,
}

impl Handlers {
    /// No handlers yet.
    pub fn new() -> Self {
        Handlers::default()
    }

    /// Registers the handler of `endpoint` (replacing an earlier one).
    pub fn on<H: Handler<T>, T>(self, endpoint: impl Into<String>, handler: H) -> Self {
        self.on_fn(endpoint, handler_fn(handler))
    }

    /// Registers an already erased handler.
    pub fn on_fn(mut self, endpoint: impl Into<String>, handler: HandlerFn) -> Self {
        self.by_endpoint.insert(endpoint.into(), handler);
        self
    }

    /// The endpoints that have a handler.
    pub fn endpoints(&self) -> impl Iterator<Item = &str> {
        self.by_endpoint.keys().map(String::as_str)
    }
}

impl fmt::Debug for Handlers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = self.endpoints().collect();
        names.sort_unstable();
        f.debug_struct("Handlers")
            .field("endpoints", &names)
            .finish()
    }
}
