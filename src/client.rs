//! The client: settings, credentials and hooks shared by every call, and the
//! attempt loop (auth, hooks, retries, 401 refresh, redirects; large-response payloads are
//! fetched by `payload.rs`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::auth::{self, LocalFuture, TokenSource};
use crate::config::{check_header, effective_timeout, set_header, CallOptions, Config, LARGE_RESPONSE_ACCEPT};
use crate::error::{Error, ErrorCode, ErrorResponse};
use crate::hooks::{apply_hook_headers, report, Attempted};
use crate::operation::{Auth, BodyKind, Operation};
use crate::payload::{self, Fetching};
use crate::request::{self, ParamSource};
use crate::retry;
use crate::transport::{self, Failure, HttpRequest, HttpResponse};

/// A successful call: the decoded body, the status and the response headers
/// (names lower-cased).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiResponse<T> {
    pub data: T,
    pub status: u16,
    pub headers: crate::Headers,
}

/// The params of an operation that has none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NoParams {}

/// The result of an operation whose success response has no body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NoContent;

impl<'de> serde::Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| NoContent)
    }
}

pub use crate::hooks::{RequestHook, RequestInfo, ResponseHook, ResponseInfo, UnauthorizedHook};

#[derive(Default)]
struct State {
    config: Config,
    token: TokenSource,
    on_request: Option<RequestHook>,
    on_response: Option<ResponseHook>,
    on_unauthorized: Option<UnauthorizedHook>,
    /// A running `onUnauthorized`, shared by every call that got a 401 meanwhile.
    refreshing: Option<js_sys::Promise>,
}

/// The API client. Cheap to clone; clones share settings, token and hooks.
#[derive(Clone, Default)]
pub struct Client {
    state: Rc<RefCell<State>>,
    /// Bumped whenever credentials change, so a late 401 for an old token retries
    /// with the new one instead of refreshing again.
    token_generation: Rc<Cell<u64>>,
    call_options: Rc<CallOptions>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("Client").field("config", &state.config).field("token", &state.token).finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(config: Config) -> Self {
        let client = Client::default();
        client.state.borrow_mut().config = config;
        client
    }

    /// A copy of the current settings.
    pub fn config(&self) -> Config {
        self.state.borrow().config.clone()
    }

    pub fn update_config(&self, change: impl FnOnce(&mut Config)) {
        change(&mut self.state.borrow_mut().config);
    }

    /// Sets where the session token comes from.
    pub fn authorize(&self, token: TokenSource) {
        self.state.borrow_mut().token = token;
        self.token_generation.set(self.token_generation.get() + 1);
    }

    pub fn on_request(&self, hook: Option<RequestHook>) {
        self.state.borrow_mut().on_request = hook;
    }

    pub fn on_response(&self, hook: Option<ResponseHook>) {
        self.state.borrow_mut().on_response = hook;
    }

    /// Awaited once when a call gets 401; the call is then repeated once.
    pub fn on_unauthorized(&self, hook: Option<UnauthorizedHook>) {
        self.state.borrow_mut().on_unauthorized = hook;
    }

    /// A handle whose calls use `options` (signal, timeout, headers); shares
    /// everything else with `self`.
    pub fn with_call_options(&self, options: CallOptions) -> Client {
        Client { call_options: Rc::new(options), ..self.clone() }
    }

    /// The per-call options of this handle (see [`Client::with_call_options`]).
    pub fn call_options(&self) -> &CallOptions {
        &self.call_options
    }

    /// Calls `op` and decodes the success body into `R`. The generated operation
    /// methods (`client.get_contact(..)`) are thin wrappers around this.
    pub async fn send<P, B, R>(&self, op: &'static Operation, params: &P, body: Option<&B>) -> Result<ApiResponse<R>, Error>
    where
        P: Serialize + ?Sized,
        B: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let run = async {
            let params = match serde_json::to_value(params) {
                Ok(serde_json::Value::Object(map)) => map,
                Ok(serde_json::Value::Null) => serde_json::Map::new(),
                Ok(_) => return Err(Error::invalid_input("params must serialise to an object")),
                Err(e) => return Err(Error::invalid_input(format!("params could not be serialised: {e}"))),
            };
            let body = match body {
                Some(b) => Some(rust_body(op, b)?),
                None => None,
            };
            let response = self.execute(op, &params, body, &self.call_options).await?;
            let text = String::from(&response.body);
            let data = decode_text::<R>(&text).map_err(|e| {
                Error::decode(format!("the answer does not match the expected shape: {e}")).with_response(ErrorResponse {
                    status: response.status,
                    headers: response.headers.clone(),
                    body: text.clone(),
                })
            })?;
            Ok(ApiResponse { data, status: response.status, headers: response.headers })
        };
        run.await.map_err(|e| e.with_operation(op.id))
    }

    /// Sends `op` with retries, hooks and auth; returns the success answer with
    /// its body still a JS string. `body` is a JSON string or `FormData`.
    pub(crate) async fn execute(
        &self,
        op: &'static Operation,
        params: &dyn ParamSource,
        body: Option<JsValue>,
        options: &CallOptions,
    ) -> Result<HttpResponse, Error> {
        if body.is_none() && matches!(op.body, BodyKind::Json { required: true } | BodyKind::Multipart { required: true }) {
            return Err(Error::invalid_input("this operation requires a request body"));
        }
        let (config, token, on_request, on_response) = {
            let s = self.state.borrow();
            (s.config.clone(), s.token.clone(), s.on_request.clone(), s.on_response.clone())
        };
        let parts = request::build(op, &config.base_url, params)?;
        let headers = request_headers(op, &config, options, &parts.headers, body.is_some())?;
        let fetching = Fetching { signal: options.signal.as_ref(), timeout_ms: effective_timeout(&config, options)?, retry: &config.retry };
        let signal = fetching.signal;
        let mut retries = 0;
        let mut refreshed = false;

        loop {
            let attempt = retries + u32::from(refreshed);
            let mut sent_headers = headers.clone();
            if let Some(hook) = &on_request {
                let info = RequestInfo { operation: op.id, method: op.method, url: parts.url.clone(), headers: headers.clone(), attempt };
                let changed = transport::until_aborted(signal, hook(info)).await.map_err(Failure::into_error)??;
                sent_headers = apply_hook_headers(&headers, &changed.headers)?;
            }
            let generation = self.token_generation.get();
            let session = if refreshed { self.state.borrow().token.clone() } else { token.clone() };
            let authorization = transport::until_aborted(signal, std::pin::pin!(auth::authorization(op.auth, parts.caller_token.as_deref(), &session)))
                .await
                .map_err(Failure::into_error)??;
            let started_ms = transport::now_ms();
            let outcome = transport::send(HttpRequest {
                method: op.method,
                url: &parts.url,
                headers: &sent_headers,
                authorization: authorization.as_ref().map(|a| a.expose()),
                body: body.as_ref(),
                signal,
                timeout_ms: fetching.timeout_ms,
                // Never followed: a redirect the spec documents is the answer; any other is an
                // error, not a NETWORK failure retried with a one-time token.
                manual_redirect: true,
            })
            .await;
            let attempted = Attempted { operation: op.id, method: op.method, url: &parts.url, started_ms, attempt, payload: false };
            report(on_response.as_ref(), attempted, &outcome);

            let retry_on = match outcome {
                Ok(r) if r.status == 0 => return redirect_answer(op),
                Ok(r) if (200..300).contains(&r.status) || op.redirect_status == Some(r.status) => {
                    return if config.large_response && payload::is_large_response(&r) {
                        payload::follow(op, r, &fetching, on_response.as_ref()).await
                    } else {
                        Ok(r)
                    };
                }
                Ok(ref r) if r.status == 401 && !refreshed && op.auth == Auth::Session => {
                    match self.refresh_after_401(generation, signal).await {
                        Ok(true) => {
                            refreshed = true;
                            continue;
                        }
                        Ok(false) => transport::retry_reason(&outcome),
                        Err(e) if e.code == ErrorCode::Aborted => return Err(e),
                        Err(e) => {
                            let response = ErrorResponse { status: r.status, headers: r.headers.clone(), body: String::from(&r.body) };
                            return Err(e.with_response(response));
                        }
                    }
                }
                ref other => transport::retry_reason(other),
            };
            let now = transport::now_ms();
            match retry_on.and_then(|a| retry::delay_before_retry(&config.retry, op.method, a, retries, now, transport::random())) {
                Some(delay) => {
                    transport::sleep(delay, signal).await.map_err(Failure::into_error)?;
                    retries += 1;
                }
                None => return Err(transport::final_error(outcome)),
            }
        }
    }

    /// Runs `onUnauthorized` once for all calls that got a 401 with the current
    /// credentials. Returns whether the call should be repeated. The caller's signal stops
    /// this call's wait, not the shared run.
    async fn refresh_after_401(&self, generation: u64, signal: Option<&web_sys::AbortSignal>) -> Result<bool, Error> {
        if self.token_generation.get() != generation {
            return Ok(true); // credentials changed while this call was in flight
        }
        let running = {
            let mut state = self.state.borrow_mut();
            match (&state.refreshing, &state.on_unauthorized) {
                (Some(p), _) => p.clone(),
                (None, None) => return Ok(false),
                (None, Some(hook)) => {
                    let future = hook();
                    let (shared, generation) = (self.state.clone(), self.token_generation.clone());
                    // The run ends itself (whoever still waits), so an abandoned wait never
                    // leaves a settled run in place.
                    let p = js_promise(Box::pin(async move {
                        let result = future.await;
                        shared.borrow_mut().refreshing = None;
                        generation.set(generation.get() + 1);
                        result.map(|_| JsValue::UNDEFINED).map_err(|e| hook_error_to_js(&e))
                    }));
                    state.refreshing = Some(p.clone());
                    p
                }
            }
        };
        let result = transport::until_aborted(signal, wasm_bindgen_futures::JsFuture::from(running)).await.map_err(Failure::into_error)?;
        match result {
            Ok(_) => Ok(true),
            Err(e) => Err(hook_error_from_js(&e)),
        }
    }
}

/// `future` as a JS promise. Every promise the core makes (a JS call, a page step, a shared
/// `onUnauthorized` run), and every one sign-in makes, comes here with a boxed future, so
/// `future_to_promise` and the task it spawns are in each `.wasm` once.
pub(crate) fn js_promise(future: LocalFuture<Result<JsValue, JsValue>>) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(future)
}

/// The answer to a redirect the browser did not follow: the status the spec documents for
/// `op`, with `data: null`; a redirect of an operation that documents none is an error.
fn redirect_answer(op: &Operation) -> Result<HttpResponse, Error> {
    match op.redirect_status {
        Some(status) => Ok(HttpResponse { status, headers: crate::Headers::new(), body: js_sys::JsString::from("") }),
        None => Err(Error::new(
            ErrorCode::Http,
            "the server answered with a redirect, which this operation does not document (the SDK does not follow redirects)",
        )),
    }
}

/// A failed `onUnauthorized` run as the JS value shared by the calls waiting on it.
fn hook_error_to_js(e: &Error) -> JsValue {
    js_sys::Array::of2(&JsValue::from_str(e.code.as_str()), &JsValue::from_str(&e.message)).into()
}

/// The error of a call whose 401 could not be handled: NETWORK or TIMEOUT when the refresh
/// failed that way, else HTTP (the 401 stands). The caller adds the server's answer.
fn hook_error_from_js(value: &JsValue) -> Error {
    let pair = js_sys::Array::from(value);
    let code = pair.get(0).as_string().and_then(|c| ErrorCode::parse(&c));
    let message = pair.get(1).as_string().unwrap_or_else(|| "unknown error".into());
    let code = match code {
        Some(c @ (ErrorCode::Network | ErrorCode::Timeout)) => c,
        _ => ErrorCode::Http,
    };
    Error::new(code, crate::error::text(&["the server answered 401 Unauthorized and onUnauthorized failed: ", &message]))
}

/// Default, client and per-call headers, then header parameters; content type and
/// accept set by the SDK.
fn request_headers(
    op: &Operation,
    config: &Config,
    options: &CallOptions,
    param_headers: &[(String, String)],
    has_body: bool,
) -> Result<Vec<(String, String)>, Error> {
    let mut headers = Vec::with_capacity(config.headers.len() + options.headers.len() + param_headers.len() + 2);
    let accept = if config.large_response { LARGE_RESPONSE_ACCEPT } else { "application/json" };
    headers.push(("accept".to_string(), accept.to_string()));
    if has_body && matches!(op.body, BodyKind::Json { .. }) {
        headers.push(("content-type".to_string(), "application/json".to_string()));
    }
    for (name, value) in config.headers.iter().chain(&options.headers).chain(param_headers) {
        check_header(name, value)?;
        if name.eq_ignore_ascii_case("authorization") {
            return Err(Error::invalid_input("set the token with authorize(), not as a header"));
        }
        set_header(&mut headers, name, value);
    }
    Ok(headers)
}

/// JSON text to `R`; an empty body, or one of JSON whitespace only, decodes as `null` (204,
/// empty 200), as the JS API does. The success-body decoding of [`Client::send`]; public for
/// the fuzz suite.
#[doc(hidden)]
pub fn decode_text<R: DeserializeOwned>(text: &str) -> Result<R, serde_json::Error> {
    if is_blank(text) {
        serde_json::from_str("null")
    } else {
        serde_json::from_str(text)
    }
}

/// Only JSON whitespace (space, tab, CR, LF): what `JSON.parse` and serde_json both skip.
/// transport.js `isBlank` is the same test on a JS string.
pub(crate) fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// A Rust request body as JSON text, or `FormData` for multipart operations.
fn rust_body<B: Serialize + ?Sized>(op: &Operation, body: &B) -> Result<JsValue, Error> {
    let value = serde_json::to_value(body).map_err(|e| Error::invalid_input(format!("body could not be serialised: {e}")))?;
    match op.body {
        BodyKind::Multipart { .. } => crate::form::from_json(&value),
        _ => Ok(JsValue::from_str(&value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Method;

    #[test]
    fn empty_body_decodes_as_null() {
        assert_eq!(decode_text::<Option<u8>>("").unwrap(), None);
        assert_eq!(decode_text::<NoContent>("{\"any\":1}").unwrap(), NoContent);
        assert!(decode_text::<u8>("{").is_err());
        assert_eq!(decode_text::<Option<u8>>(" \r\n\t ").unwrap(), None);
        // Not JSON whitespace: the JS API's JSON.parse refuses it, so does this.
        assert!(decode_text::<Option<u8>>("\u{a0}").is_err());
    }

    const OP: Operation = Operation {
        id: "createMeterReading",
        method: Method::Post,
        path: "/v2/portal/metering/reading",
        params: &[],
        auth: crate::operation::Auth::Session,
        body: BodyKind::Json { required: true },
        redirect_status: None,
        paging: None,
    };

    #[test]
    fn headers_layer_in_order_and_refuse_authorization() {
        let config = Config { headers: vec![("x-org".into(), "1".into()), ("x-trace".into(), "a".into())], ..Config::default() };
        let options = CallOptions { headers: vec![("X-Trace".into(), "b".into())], ..CallOptions::default() };
        let h = request_headers(&OP, &config, &options, &[], true).unwrap();
        assert_eq!(h[0], ("accept".into(), LARGE_RESPONSE_ACCEPT.into()));
        assert!(h.contains(&("content-type".into(), "application/json".into())));
        assert!(h.contains(&("X-Trace".into(), "b".into())));
        assert!(!h.iter().any(|(n, v)| n == "x-trace" && v == "a"));
        let bad = CallOptions { headers: vec![("Authorization".into(), "Bearer x".into())], ..CallOptions::default() };
        let err = request_headers(&OP, &config, &bad, &[], true).unwrap_err();
        assert!(!err.message.contains("Bearer x"));
    }

    #[test]
    fn large_response_off_sends_json_accept() {
        let config = Config { large_response: false, ..Config::default() };
        let h = request_headers(&OP, &config, &CallOptions::default(), &[], false).unwrap();
        assert_eq!(h, vec![("accept".to_string(), "application/json".to_string())]);
    }

    #[test]
    fn debug_does_not_show_the_token() {
        let client = Client::new(Config::default());
        client.authorize(TokenSource::Static(crate::auth::Secret::new("tok-123")));
        assert!(!format!("{client:?}").contains("tok-123"));
    }
}
