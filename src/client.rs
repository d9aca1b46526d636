//! The client: settings, credentials and hooks shared by every call, and the
//! attempt loop (auth, hooks, retries, 401 refresh, large-response redirects).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::auth::{self, LocalFuture, TokenSource};
use crate::config::{check_header, set_header, CallOptions, Config, LARGE_RESPONSE_ACCEPT};
use crate::error::{Error, ErrorCode, ErrorResponse};
use crate::operation::{BodyKind, Method, Operation};
use crate::request::{self, ParamSource};
use crate::retry::{self, Attempt};
use crate::transport::{self, Failure, HttpRequest, HttpResponse};

/// A successful call: the decoded body, the status and the response headers
/// (names lower-cased).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiResponse<T> {
    pub data: T,
    pub status: u16,
    pub headers: BTreeMap<String, String>,
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

/// What `onRequest` sees and may change. The Authorization header is added after
/// the hook, so a logging hook cannot leak the token.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub operation: &'static str,
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// 0 for the first attempt.
    pub attempt: u32,
}

/// What `onResponse` sees after each attempt.
#[derive(Clone, Debug)]
pub struct ResponseInfo {
    pub operation: &'static str,
    pub method: Method,
    pub url: String,
    /// `None` when the attempt got no answer.
    pub status: Option<u16>,
    pub error: Option<ErrorCode>,
    pub duration_ms: f64,
    pub attempt: u32,
}

pub type RequestHook = Rc<dyn Fn(RequestInfo) -> LocalFuture<Result<RequestInfo, Error>>>;
pub type ResponseHook = Rc<dyn Fn(&ResponseInfo)>;
pub type UnauthorizedHook = Rc<dyn Fn() -> LocalFuture<Result<(), Error>>>;

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
        let timeout_ms = options.timeout_ms.or(config.timeout_ms);
        let signal = options.signal.as_ref();
        let mut retries = 0;
        let mut refreshed = false;

        loop {
            let attempt = retries + u32::from(refreshed);
            let mut info = RequestInfo { operation: op.id, method: op.method, url: parts.url.clone(), headers: headers.clone(), attempt };
            if let Some(hook) = &on_request {
                info = hook(info).await?;
                for (name, value) in &info.headers {
                    check_header(name, value)?;
                }
            }
            let generation = self.token_generation.get();
            let session = if refreshed { self.state.borrow().token.clone() } else { token.clone() };
            let authorization = auth::authorization(op.auth, parts.caller_token.as_deref(), &session).await?;
            let started = transport::now_ms();
            let outcome = transport::send(HttpRequest {
                method: op.method,
                url: &info.url,
                headers: &info.headers,
                authorization: authorization.as_ref().map(|a| a.expose()),
                body: body.as_ref(),
                signal,
                timeout_ms,
                manual_redirect: op.redirect_status.is_some(),
            })
            .await;
            if let Some(hook) = &on_response {
                hook(&ResponseInfo {
                    operation: op.id,
                    method: op.method,
                    url: info.url.clone(),
                    status: outcome.as_ref().ok().map(|r| r.status),
                    error: outcome.as_ref().err().map(failure_code),
                    duration_ms: transport::now_ms() - started,
                    attempt,
                });
            }

            let retry_on = match &outcome {
                Ok(r) if r.status == 0 => return Ok(HttpResponse { status: op.redirect_status.unwrap_or(0), ..response_of(outcome) }),
                Ok(r) if (200..300).contains(&r.status) || op.redirect_status == Some(r.status) => {
                    let response = response_of(outcome);
                    return if config.large_response && is_large_response(&response) {
                        follow_payload_ref(response, signal, timeout_ms).await
                    } else {
                        Ok(response)
                    };
                }
                Ok(r) if r.status == 401 && !refreshed && op.auth != crate::operation::Auth::None => {
                    if self.refresh_after_401(generation).await? {
                        refreshed = true;
                        continue;
                    }
                    Attempt::Status { status: 401, retry_after: None }
                }
                Ok(r) => Attempt::Status { status: r.status, retry_after: r.header("retry-after") },
                Err(Failure::Network(_)) => Attempt::NetworkError,
                Err(Failure::Timeout) => Attempt::TimedOut,
                Err(Failure::Aborted) => return Err(failure_error(Failure::Aborted)),
            };
            match retry::delay_before_retry(&config.retry, op.method, retry_on, retries, transport::now_ms(), transport::random()) {
                Some(delay) => {
                    transport::sleep(delay, signal).await.map_err(failure_error)?;
                    retries += 1;
                }
                None => {
                    return Err(match outcome {
                        Ok(r) => Error::http(ErrorResponse { status: r.status, headers: r.headers, body: String::from(&r.body) }),
                        Err(f) => failure_error(f),
                    })
                }
            }
        }
    }

    /// Runs `onUnauthorized` once for all calls that got a 401 with the current
    /// credentials. Returns whether the call should be repeated.
    async fn refresh_after_401(&self, generation: u64) -> Result<bool, Error> {
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
                    let p = wasm_bindgen_futures::future_to_promise(async move {
                        future.await.map(|_| JsValue::UNDEFINED).map_err(|e| JsValue::from_str(&e.message))
                    });
                    state.refreshing = Some(p.clone());
                    p
                }
            }
        };
        let result = wasm_bindgen_futures::JsFuture::from(running.clone()).await;
        {
            let mut state = self.state.borrow_mut();
            if state.refreshing.as_ref().is_some_and(|p| JsValue::from(p) == JsValue::from(&running)) {
                state.refreshing = None;
                drop(state);
                self.token_generation.set(self.token_generation.get() + 1);
            }
        }
        match result {
            Ok(_) => Ok(true),
            Err(e) => Err(Error::new(ErrorCode::Http, format!(
                "the server answered 401 Unauthorized and onUnauthorized failed: {}",
                e.as_string().unwrap_or_else(|| "unknown error".into())
            ))),
        }
    }
}

fn response_of(outcome: Result<HttpResponse, Failure>) -> HttpResponse {
    match outcome {
        Ok(r) => r,
        Err(_) => HttpResponse { status: 0, headers: BTreeMap::new(), body: js_sys::JsString::from("") },
    }
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

fn is_large_response(response: &HttpResponse) -> bool {
    response.header("content-type").is_some_and(|ct| ct.starts_with(LARGE_RESPONSE_ACCEPT))
}

/// The `$payload_ref` member of a large response's JSON body. In the browser through its
/// `JSON.parse`, so the JS build carries no JSON parser of its own.
fn payload_ref(text: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).ok().filter(|v| v.is_object())?;
        js_sys::Reflect::get(&value, &JsValue::from_str("$payload_ref")).ok()?.as_string()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let value = serde_json::from_str::<serde_json::Value>(text).ok()?;
        value.get("$payload_ref")?.as_str().map(str::to_string)
    }
}

/// Fetches the payload a large response points to. Plain GET, no headers at all:
/// the URL is presigned and on another host, so the token must not go there.
async fn follow_payload_ref(
    response: HttpResponse,
    signal: Option<&web_sys::AbortSignal>,
    timeout_ms: Option<u32>,
) -> Result<HttpResponse, Error> {
    let text = String::from(&response.body);
    let url = payload_ref(&text)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .ok_or_else(|| {
            Error::decode("a large response carried no usable `$payload_ref` URL").with_response(ErrorResponse {
                status: response.status,
                headers: response.headers.clone(),
                body: text.clone(),
            })
        })?;
    let payload = transport::send(HttpRequest {
        method: Method::Get,
        url: &url,
        headers: &[],
        authorization: None,
        body: None,
        signal,
        timeout_ms,
        manual_redirect: false,
    })
    .await
    .map_err(failure_error)?;
    if !(200..300).contains(&payload.status) {
        let mut e = Error::http(ErrorResponse { status: payload.status, headers: payload.headers, body: String::from(&payload.body) });
        e.message = format!("fetching a large response's payload failed: {}", e.message);
        return Err(e);
    }
    let mut headers = response.headers;
    headers.insert("content-type".into(), payload.header("content-type").unwrap_or("application/json").to_string());
    Ok(HttpResponse { status: response.status, headers, body: payload.body })
}

fn failure_code(f: &Failure) -> ErrorCode {
    match f {
        Failure::Network(_) => ErrorCode::Network,
        Failure::Timeout => ErrorCode::Timeout,
        Failure::Aborted => ErrorCode::Aborted,
    }
}

fn failure_error(f: Failure) -> Error {
    let code = failure_code(&f);
    match f {
        Failure::Network(m) => Error::new(code, format!("network error: {m}")),
        Failure::Timeout => Error::new(code, "the request timed out"),
        Failure::Aborted => Error::new(code, "the request was aborted"),
    }
}

/// JSON text to `R`; an empty body decodes as `null` (204, empty 200). The
/// success-body decoding of [`Client::send`]; public for the fuzz suite.
#[doc(hidden)]
pub fn decode_text<R: DeserializeOwned>(text: &str) -> Result<R, serde_json::Error> {
    if text.trim().is_empty() {
        serde_json::from_str("null")
    } else {
        serde_json::from_str(text)
    }
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

    #[test]
    fn empty_body_decodes_as_null() {
        assert_eq!(decode_text::<Option<u8>>("").unwrap(), None);
        assert_eq!(decode_text::<NoContent>("{\"any\":1}").unwrap(), NoContent);
        assert!(decode_text::<u8>("{").is_err());
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
