//! One HTTP attempt through the browser's `fetch` (src/js/transport.js: fetch and the body
//! read in one promise), with a per-attempt timeout and the caller's `AbortSignal`, the wait
//! between attempts, and any other wait of a call made cancellable ([`until_aborted`]).
//!
//! The body is read as a JS string and stays in JS: the JS API hands it to the
//! browser's own `JSON.parse`, the Rust API copies it once into serde_json.


use crate::error::{Error, ErrorCode};
use crate::operation::Method;

/// What to send. Header values were checked by `config::check_header`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // read by the browser transport only
pub(crate) struct HttpRequest<'a> {
    pub method: Method,
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    /// Full `Authorization` value, if any.
    pub authorization: Option<&'a str>,
    /// A JS string or `FormData`.
    pub body: Option<&'a wasm_bindgen::JsValue>,
    pub signal: Option<&'a web_sys::AbortSignal>,
    pub timeout_ms: Option<u32>,
    /// Report a redirect instead of following it.
    pub manual_redirect: bool,
}

/// An answer, body fully read.
pub(crate) struct HttpResponse {
    /// 0 for a redirect that was not followed (the browser hides its status).
    pub status: u16,
    pub headers: crate::Headers,
    pub body: js_sys::JsString,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }
}

/// Why an attempt got no answer.
#[derive(Debug, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // built by the browser transport only
pub(crate) enum Failure {
    Network(String),
    Timeout,
    Aborted,
}

impl Failure {
    pub fn code(&self) -> ErrorCode {
        match self {
            Failure::Network(_) => ErrorCode::Network,
            Failure::Timeout => ErrorCode::Timeout,
            Failure::Aborted => ErrorCode::Aborted,
        }
    }

    pub fn into_error(self) -> Error {
        let code = self.code();
        match self {
            Failure::Network(m) => Error::new(code, crate::error::text(&["network error: ", &m])),
            Failure::Timeout => Error::new(code, "the request timed out"),
            Failure::Aborted => Error::new(code, "the request was aborted"),
        }
    }
}

/// What an attempt that got no success ended with, for the retry policy; `None` when it must
/// not be repeated (the caller aborted).
pub(crate) fn retry_reason(outcome: &Result<HttpResponse, Failure>) -> Option<crate::retry::Attempt<'_>> {
    use crate::retry::Attempt;
    match outcome {
        Ok(r) => Some(Attempt::Status { status: r.status, retry_after: r.header("retry-after") }),
        Err(Failure::Network(_)) => Some(Attempt::NetworkError),
        Err(Failure::Timeout) => Some(Attempt::TimedOut),
        Err(Failure::Aborted) => None,
    }
}

/// The error of an attempt that is not repeated: the server's answer, or why there was none.
pub(crate) fn final_error(outcome: Result<HttpResponse, Failure>) -> Error {
    match outcome {
        Ok(r) => Error::http(crate::error::ErrorResponse { status: r.status, body: String::from(&r.body), headers: r.headers }),
        Err(f) => f.into_error(),
    }
}

#[cfg(target_arch = "wasm32")]
pub(crate) use browser::{now_ms, random, send, sleep, until_aborted};

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::{now_ms, random, send, sleep, until_aborted};

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use js_sys::{Array, Function, JsString, Promise, Reflect};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{AbortController, AbortSignal};

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = setTimeout)]
        fn set_timeout(handler: &Function, ms: f64) -> JsValue;
        #[wasm_bindgen(js_name = clearTimeout)]
        fn clear_timeout(id: &JsValue);
    }

    #[wasm_bindgen(module = "/src/js/transport.js")]
    extern "C" {
        /// `fetch` and the body as text in one promise (see transport.js), bound with
        /// `catch`: a rejection can be any value (an abort reason), never a panic here.
        #[wasm_bindgen(js_name = sendRequest, catch)]
        fn send_request(url: &str, method: &str, headers: &Array, body: &JsValue, signal: Option<AbortSignal>, manual_redirect: bool) -> Result<Promise, JsValue>;
    }

    /// The abort reason our own timer uses, to tell a timeout from the caller's abort.
    const TIMEOUT_REASON: &str = "epilot-portal-sdk:timeout";

    pub(crate) fn now_ms() -> f64 {
        js_sys::Date::now()
    }

    pub(crate) fn random() -> f64 {
        js_sys::Math::random()
    }

    /// Aborts the attempt when the timer fires or the caller's signal aborts; the
    /// listeners are removed when the attempt ends (Drop), so nothing leaks per call.
    /// Without a timeout and a caller signal there is nothing to abort: no controller.
    struct AttemptAbort {
        controller: Option<AbortController>,
        timer: Option<JsValue>,
        caller: Option<(AbortSignal, Function)>,
    }

    impl AttemptAbort {
        fn new(signal: Option<&AbortSignal>, timeout_ms: Option<u32>) -> Result<Self, Failure> {
            // 0 is no timeout (axios' meaning); a browser timer cannot wait longer than MAX_TIMER_MS.
            let timeout_ms = timeout_ms.filter(|&ms| ms > 0).map(|ms| ms.min(crate::config::MAX_TIMER_MS));
            if signal.is_none() && timeout_ms.is_none() {
                return Ok(AttemptAbort { controller: None, timer: None, caller: None });
            }
            let controller = AbortController::new().map_err(|_| Failure::Network("AbortController is unavailable".into()))?;
            let abort: Function = Reflect::get(&controller, &"abort".into())
                .ok()
                .and_then(|f| f.dyn_into().ok())
                .ok_or_else(|| Failure::Network("AbortController.abort is unavailable".into()))?;
            let timer = timeout_ms.map(|ms| set_timeout(abort.bind1(&controller, &TIMEOUT_REASON.into()).unchecked_ref(), ms as f64));
            let caller = match signal {
                Some(s) => {
                    let on_abort: Function = abort.bind0(&controller).unchecked_into();
                    let _ = s.add_event_listener_with_callback("abort", &on_abort);
                    Some((s.clone(), on_abort))
                }
                None => None,
            };
            Ok(AttemptAbort { controller: Some(controller), timer, caller })
        }

        fn signal(&self) -> Option<AbortSignal> {
            self.controller.as_ref().map(AbortController::signal)
        }

        /// Classifies a failed fetch or body read.
        fn failure(&self, error: &JsValue) -> Failure {
            if self.caller.as_ref().is_some_and(|(s, _)| s.aborted()) {
                Failure::Aborted
            } else if self.signal().is_some_and(|s| s.reason().as_string().as_deref() == Some(TIMEOUT_REASON)) {
                Failure::Timeout
            } else {
                let message = Reflect::get(error, &"message".into()).ok().and_then(|m| m.as_string());
                Failure::Network(message.unwrap_or_else(|| "the request failed".into()))
            }
        }
    }

    impl Drop for AttemptAbort {
        fn drop(&mut self) {
            if let Some(timer) = &self.timer {
                clear_timeout(timer);
            }
            if let Some((signal, f)) = &self.caller {
                let _ = signal.remove_event_listener_with_callback("abort", f);
            }
        }
    }

    pub(crate) async fn send(req: HttpRequest<'_>) -> Result<HttpResponse, Failure> {
        if req.signal.is_some_and(|s| s.aborted()) {
            return Err(Failure::Aborted);
        }
        let abort = AttemptAbort::new(req.signal, req.timeout_ms)?;
        let headers = Array::new();
        let authorization = req.authorization.map(|value| ("authorization", value));
        for (name, value) in req.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).chain(authorization) {
            headers.push(&JsValue::from_str(name));
            headers.push(&JsValue::from_str(value));
        }
        let body = req.body.cloned().unwrap_or(JsValue::UNDEFINED);
        let pending = send_request(req.url, req.method.as_str(), &headers, &body, abort.signal(), req.manual_redirect)
            .map_err(|e| abort.failure(&e))?;
        let answer: Array = JsFuture::from(pending).await.map_err(|e| abort.failure(&e))?.unchecked_into();
        let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
        let headers = header_map(&answer.get(1).as_string().unwrap_or_default());
        let body = answer.get(2).dyn_into::<JsString>().unwrap_or_else(|_| JsString::from(""));
        Ok(HttpResponse { status, headers, body })
    }

    /// `"name\nvalue\n..."` (transport.js) as a map with lower-case names.
    fn header_map(text: &str) -> crate::Headers {
        let mut map = crate::Headers::new();
        let mut lines = crate::text::pieces(text, b'\n');
        while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
            map.insert(name.to_ascii_lowercase(), value.to_string());
        }
        map
    }

    /// Waits `ms` (at most what a browser timer can), returning early with `Aborted` when
    /// the caller's signal fires; the timer is cleared then, so nothing is left pending.
    pub(crate) fn sleep(ms: u32, signal: Option<&AbortSignal>) -> UntilAborted<Timer> {
        until_aborted(signal, Timer { ms, running: None })
    }

    /// A browser timer as a future: started when first polled (so never when the caller had
    /// already aborted), cleared when dropped.
    pub(crate) struct Timer {
        ms: u32,
        running: Option<(JsValue, JsFuture)>,
    }

    impl Future for Timer {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            let ms = self.ms;
            let (_, done) = self.running.get_or_insert_with(|| {
                let mut timer = JsValue::UNDEFINED;
                let done = Promise::new(&mut |resolve, _reject| timer = set_timeout(&resolve, ms.min(crate::config::MAX_TIMER_MS) as f64));
                (timer, JsFuture::from(done))
            });
            Pin::new(done).poll(cx).map(|_| ())
        }
    }

    impl Drop for Timer {
        fn drop(&mut self) {
            if let Some((timer, _)) = &self.running {
                clear_timeout(timer);
            }
        }
    }

    /// `future`, unless the caller's signal fires first (then `Aborted`, and `future` is
    /// dropped). For the waits of a call outside fetch: the token function, `onRequest`, a
    /// shared `onUnauthorized`, the wait between attempts. Only the small poll below is
    /// generic: watching the signal is [`AbortWatch`], once in the `.wasm`.
    pub(crate) fn until_aborted<F: Future + Unpin>(signal: Option<&AbortSignal>, future: F) -> UntilAborted<F> {
        UntilAborted { future, watch: AbortWatch::new(signal) }
    }

    /// The future of [`until_aborted`].
    pub(crate) struct UntilAborted<F> {
        future: F,
        watch: AbortWatch,
    }

    impl<F: Future + Unpin> Future for UntilAborted<F> {
        type Output = Result<F::Output, Failure>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let this = &mut *self;
            if matches!(this.watch, AbortWatch::AbortedBefore) {
                return Poll::Ready(Err(Failure::Aborted));
            }
            if let Poll::Ready(v) = Pin::new(&mut this.future).poll(cx) {
                return Poll::Ready(Ok(v));
            }
            if this.watch.fired(cx) {
                Poll::Ready(Err(Failure::Aborted))
            } else {
                Poll::Pending
            }
        }
    }

    /// The caller's signal, watched while a call waits: a promise its `abort` event resolves.
    /// The listener is removed when the watch is dropped (the wait ended or was abandoned).
    enum AbortWatch {
        /// No signal to watch.
        Unwatched,
        /// The signal had fired before the wait began.
        AbortedBefore,
        Watching { signal: AbortSignal, wake: Function, fired: JsFuture },
    }

    impl AbortWatch {
        fn new(signal: Option<&AbortSignal>) -> AbortWatch {
            let Some(signal) = signal else { return AbortWatch::Unwatched };
            if signal.aborted() {
                return AbortWatch::AbortedBefore;
            }
            let mut wake: Option<Function> = None;
            let fired = Promise::new(&mut |resolve, _reject| wake = Some(resolve));
            // (the executor runs at once: `wake` is always set)
            let Some(wake) = wake else { return AbortWatch::Unwatched };
            let _ = signal.add_event_listener_with_callback("abort", &wake);
            AbortWatch::Watching { signal: signal.clone(), wake, fired: JsFuture::from(fired) }
        }

        /// Whether the signal has fired; if not, `cx` is woken when it does.
        fn fired(&mut self, cx: &mut Context<'_>) -> bool {
            match self {
                AbortWatch::Unwatched => false,
                AbortWatch::AbortedBefore => true,
                AbortWatch::Watching { fired, .. } => Pin::new(fired).poll(cx).is_ready(),
            }
        }
    }

    impl Drop for AbortWatch {
        fn drop(&mut self) {
            if let AbortWatch::Watching { signal, wake, .. } = self {
                let _ = signal.remove_event_listener_with_callback("abort", wake);
            }
        }
    }
}

/// Outside the browser there is no `fetch`: every attempt fails cleanly.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;

    pub(crate) fn now_ms() -> f64 {
        0.0
    }

    pub(crate) fn random() -> f64 {
        0.5
    }

    pub(crate) async fn send(_req: HttpRequest<'_>) -> Result<HttpResponse, Failure> {
        Err(Failure::Network("HTTP is only available in a browser (wasm32) build".into()))
    }

    pub(crate) async fn sleep(_ms: u32, _signal: Option<&web_sys::AbortSignal>) -> Result<(), Failure> {
        Ok(())
    }

    pub(crate) async fn until_aborted<F: std::future::Future>(_signal: Option<&web_sys::AbortSignal>, future: F) -> Result<F::Output, Failure> {
        Ok(future.await)
    }
}
