//! The JS API: `PortalClient`, shaped like `@epilot/sdk`'s client so moving a
//! portal over is a change of import. The operation methods are JS (generated, in
//! `generated/methods.js`, installed by the package's index.js): each calls the one
//! export `__call` with the operation's index and descriptor (`Operation::from_descriptor`).

mod auth_flow_types;
mod auth_types;
mod convert;
pub(crate) mod error;
mod options;
pub(crate) mod paging;
mod precheck;
mod session;

use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::auth::{Secret, TokenSource};
use crate::client::{Client, RequestInfo, ResponseInfo};
use crate::error::Error;
use crate::operation::Operation;
pub use options::{ClientOptions, LargeResponseOptions, RetryOptions};

#[wasm_bindgen(typescript_custom_section)]
const TS_RUNTIME: &str = r#"
/** A successful call. `headers` names are lower-case. */
export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Record<string, string>;
}

/** Options of one call. */
export interface CallOptions {
  /** Cancels the request and any pending retry wait (rejects with code `ABORTED`). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms (rejects with code `TIMEOUT`); `0` for none, even when the client has one. */
  timeout?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/**
 * What `onRequest` receives; change it in place or return it (or a copy). Only `headers` is
 * read back: add, change or delete entries. A header set under any case replaces the existing
 * one (`X-Correlation-Id` replaces `x-correlation-id`). `url`, `method`, `operation` and
 * `attempt` are for reading; Authorization cannot be set (the token is added after the hook).
 */
export interface RequestHookInfo {
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  /** Without Authorization: the token is added after the hook. */
  headers: Record<string, string>;
  readonly attempt: number;
}

/** What `onResponse` receives after every attempt. */
export interface ResponseHookInfo {
  operation: string;
  method: string;
  url: string;
  /** Absent when the attempt got no answer. */
  status?: number;
  error?: PortalApiErrorCode;
  durationMs: number;
  attempt: number;
  /** Set for the fetch of a large response's payload (`url` is then the payload URL without
   *  its presigned query). */
  payload?: true;
}

export type TokenProvider = string | (() => string | null | undefined | Promise<string | null | undefined>);
"#;

/// The API client for JavaScript.
#[wasm_bindgen]
pub struct PortalClient {
    client: Client,
    /// A stored session restored before the sign-in module was loaded (`session.rs`).
    session: session::Slot,
}

#[wasm_bindgen]
impl PortalClient {
    /// `new PortalClient({ baseUrl, headers, timeout, retry, largeResponse })`, all optional.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<tsify::Ts<ClientOptions>>) -> Result<PortalClient, JsValue> {
        let options: ClientOptions = match options {
            Some(o) => options::read("client options", &o.js_value()).map_err(error::to_js)?,
            None => ClientOptions::default(),
        };
        Ok(PortalClient {
            client: Client::new(options.into_config().map_err(error::to_js)?),
            session: Default::default(),
        })
    }

    /// A client with this one's settings (no hooks, no retries, the timeout capped at
    /// `max_timeout_ms`) whose only credential is `token`. The package's sign-in module
    /// revokes a session with it after sign-out. Not part of the typed API.
    #[wasm_bindgen(js_name = __withToken, skip_typescript)]
    pub fn with_token(&self, token: String, max_timeout_ms: u32) -> PortalClient {
        let mut config = self.client.config();
        config.retry.max_retries = 0;
        config.timeout_ms = Some(config.timeout_ms.filter(|t| *t > 0).map_or(max_timeout_ms, |t| t.min(max_timeout_ms)));
        let client = Client::new(config);
        client.authorize(TokenSource::Static(Secret::new(token)));
        PortalClient { client, session: Default::default() }
    }

    /// Runs operation number `op` (in spec order), described by `descriptor`: what every
    /// operation method of the generated `methods.js` calls. Not part of the typed API.
    #[wasm_bindgen(js_name = __call, skip_typescript)]
    pub fn call_index(&self, op: u32, descriptor: JsValue, params: JsValue, body: JsValue, options: JsValue) -> Promise {
        match operation(op, &descriptor) {
            Ok(op) => self.call(op, params, body, options),
            Err(e) => Promise::reject(&error::to_js(e)),
        }
    }

    /// Sets the token: a string, or a (possibly async) function asked before every request.
    pub fn authorize(&self, #[wasm_bindgen(unchecked_param_type = "TokenProvider | null")] token: JsValue) -> Result<(), JsValue> {
        let source = if token.is_undefined() || token.is_null() {
            TokenSource::None
        } else if let Some(s) = token.as_string() {
            TokenSource::Static(Secret::new(s))
        } else if let Some(f) = token.dyn_ref::<Function>() {
            let f = f.clone();
            TokenSource::Dynamic(Rc::new(move || {
                let f = f.clone();
                Box::pin(async move {
                    let value = await_maybe(f.call0(&JsValue::NULL)).await.map_err(|_| Error::invalid_input("the token function failed"))?;
                    match value.as_string() {
                        Some(s) => Ok(Some(Secret::new(s))),
                        None if value.is_undefined() || value.is_null() => Ok(None),
                        None => Err(Error::invalid_input("the token function must return a string")),
                    }
                })
            }))
        } else {
            return Err(error::to_js(Error::invalid_input("authorize() takes a string or a function")));
        };
        self.client.authorize(source);
        Ok(())
    }

    /// Adds or replaces headers sent with every request.
    pub fn headers(&self, #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] headers: JsValue) -> Result<(), JsValue> {
        let map: options::Record<String> = options::read("headers", &headers).map_err(error::to_js)?;
        for (name, value) in &map.0 {
            crate::config::check_header(name, value).map_err(error::to_js)?;
        }
        self.client.update_config(|c| {
            for (name, value) in &map.0 {
                crate::config::set_header(&mut c.headers, name, value);
            }
        });
        Ok(())
    }

    /// Sets the retry policy (`maxRetries: 0` turns retrying off).
    pub fn retry(&self, options: tsify::Ts<RetryOptions>) -> Result<(), JsValue> {
        let options: RetryOptions = options::read("retry options", &options.js_value()).map_err(error::to_js)?;
        self.client.update_config(|c| options.apply(&mut c.retry));
        Ok(())
    }

    /// Turns the large-response redirect on or off.
    #[wasm_bindgen(js_name = largeResponse)]
    pub fn large_response(&self, options: tsify::Ts<LargeResponseOptions>) -> Result<(), JsValue> {
        let options: LargeResponseOptions = options::read("large response options", &options.js_value()).map_err(error::to_js)?;
        self.client.update_config(|c| c.large_response = options.enabled);
        Ok(())
    }

    /// Sets the per-attempt timeout in ms (`0` or `null` for none).
    pub fn timeout(&self, #[wasm_bindgen(unchecked_param_type = "number | null")] ms: JsValue) -> Result<(), JsValue> {
        let ms = options::timeout(&ms).map_err(error::to_js)?;
        self.client.update_config(|c| c.timeout_ms = ms);
        Ok(())
    }

    /// Called before every attempt; may change `url`'s headers (e.g. add a correlation id).
    #[wasm_bindgen(js_name = onRequest)]
    pub fn on_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "((request: RequestHookInfo) => RequestHookInfo | void | Promise<RequestHookInfo | void>) | null")] hook: JsValue,
    ) -> Result<(), JsValue> {
        let hook = function_or_null(hook)?.map(|f| -> crate::client::RequestHook {
            Rc::new(move |info: RequestInfo| {
                let f = f.clone();
                Box::pin(async move {
                    let js = request_info_object(&info);
                    let result = await_maybe(f.call1(&JsValue::NULL, &js)).await.map_err(|_| Error::invalid_input("onRequest failed"))?;
                    let source = if result.is_object() { result } else { js };
                    let headers = Reflect::get(&source, &"headers".into()).map_err(|_| Error::invalid_input("onRequest headers could not be read"))?;
                    if headers.is_undefined() {
                        return Ok(info); // a returned object without headers changes nothing
                    }
                    let headers: options::Record<String> = options::read("onRequest headers", &headers)?;
                    Ok(RequestInfo { headers: headers.0, ..info })
                })
            })
        });
        self.client.on_request(hook);
        Ok(())
    }

    /// Called after every attempt with its status and duration.
    #[wasm_bindgen(js_name = onResponse)]
    pub fn on_response(&self, #[wasm_bindgen(unchecked_param_type = "((response: ResponseHookInfo) => void) | null")] hook: JsValue) -> Result<(), JsValue> {
        let hook = function_or_null(hook)?.map(|f| -> crate::client::ResponseHook {
            Rc::new(move |info: &ResponseInfo| {
                let _ = f.call1(&JsValue::NULL, &response_info_object(info));
            })
        });
        self.client.on_response(hook);
        Ok(())
    }

    /// Awaited once when a call gets 401 (e.g. to refresh the token); the call is
    /// then repeated once. Concurrent 401s share one run.
    #[wasm_bindgen(js_name = onUnauthorized)]
    pub fn on_unauthorized(&self, #[wasm_bindgen(unchecked_param_type = "(() => unknown | Promise<unknown>) | null")] hook: JsValue) -> Result<(), JsValue> {
        let hook = function_or_null(hook)?.map(|f| -> crate::client::UnauthorizedHook {
            Rc::new(move || {
                let f = f.clone();
                Box::pin(async move { await_maybe(f.call0(&JsValue::NULL)).await.map(|_| ()).map_err(|e| rejection(&e)) })
            })
        });
        self.client.on_unauthorized(hook);
        Ok(())
    }
}

impl PortalClient {
    /// The Rust client behind this JS object.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Runs one operation for the JS API: reads `params`/`body`/`options`, sends,
    /// and resolves `{ data, status, headers }` or rejects with a `PortalApiError`.
    pub(crate) fn call(&self, op: &'static Operation, params: JsValue, body: JsValue, options: JsValue) -> Promise {
        let client = self.client.clone();
        error::promise(
            op.id,
            Box::pin(async move {
                let options = options::call_options(&options)?;
                let params = convert::JsParams::new(op, params)?;
                let body = convert::body(op, &body)?;
                let response = client.execute(op, &params, body, &options).await?;
                convert::response(response)
            }),
        )
    }
}

thread_local! {
    /// The operations read so far, by index, with the descriptor each was read from: each is
    /// read once and kept for the page's life (at most
    /// [`operations::COUNT`](crate::generated::operations::COUNT) of them).
    static OPERATIONS: std::cell::RefCell<Vec<Option<(JsValue, &'static Operation)>>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Descriptor text read so far (kept for the page's life, read or refused): at most
    /// [`DESCRIPTOR_BYTES_MAX`], so no caller can grow the memory without end.
    static DESCRIPTOR_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Four times the whole generated table (~13 KB).
const DESCRIPTOR_BYTES_MAX: usize = 1 << 16;

/// Operation number `index` (in spec order), read from `descriptor` (from the generated
/// `methods.js`) the first time. The `.wasm` holds no operation table: the JS method table
/// carries each operation's descriptor, [`Operation::from_descriptor`] reads it. A later call
/// with another descriptor for the same index is refused (the first one stays; nothing is read
/// or kept twice).
pub(crate) fn operation(index: u32, descriptor: &JsValue) -> Result<&'static Operation, Error> {
    let no_such = || Error::invalid_input("no such operation");
    let index = index as usize;
    if index >= crate::generated::operations::COUNT {
        return Err(no_such());
    }
    OPERATIONS.with_borrow_mut(|known| {
        if let Some(Some((read_from, op))) = known.get(index) {
            return if read_from == descriptor { Ok(*op) } else { Err(no_such()) };
        }
        let text = descriptor.as_string().ok_or_else(no_such)?;
        let read = DESCRIPTOR_BYTES.get() + text.len();
        if read > DESCRIPTOR_BYTES_MAX {
            return Err(no_such());
        }
        DESCRIPTOR_BYTES.set(read);
        let text: &'static str = String::leak(text);
        let op: &'static Operation = Box::leak(Box::new(Operation::from_descriptor(text).ok_or_else(no_such)?));
        if known.len() <= index {
            known.resize_with(index + 1, || None);
        }
        if let Some(slot) = known.get_mut(index) {
            *slot = Some((descriptor.clone(), op));
        }
        Ok(op)
    })
}

/// What a hook rejected with, as an error: its `code` when it is a `PortalApiError` code (a
/// refresh that failed on the network stays `NETWORK`), and its message.
fn rejection(value: &JsValue) -> Error {
    let read = |key: &str| Reflect::get(value, &key.into()).ok().and_then(|v| v.as_string());
    let code = read("code").and_then(|c| crate::error::ErrorCode::parse(&c)).unwrap_or(crate::error::ErrorCode::Http);
    Error::new(code, read("message").or_else(|| value.as_string()).unwrap_or_else(|| "it threw".into()))
}

fn function_or_null(value: JsValue) -> Result<Option<Function>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        value.dyn_into::<Function>().map(Some).map_err(|_| error::to_js(Error::invalid_input("a hook must be a function or null")))
    }
}

/// The result of a JS call, awaited when it is a promise (or any thenable).
async fn await_maybe(result: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    let value = result?;
    match value.dyn_ref::<Promise>() {
        Some(p) => JsFuture::from(p.clone()).await,
        None => Ok(value),
    }
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

fn request_info_object(info: &RequestInfo) -> JsValue {
    let obj = Object::new();
    set(&obj, "operation", &info.operation.into());
    set(&obj, "method", &info.method.as_str().into());
    set(&obj, "url", &info.url.as_str().into());
    let headers = Object::new();
    for (name, value) in &info.headers {
        set(&headers, name, &value.into());
    }
    set(&obj, "headers", &headers);
    set(&obj, "attempt", &info.attempt.into());
    obj.into()
}

fn response_info_object(info: &ResponseInfo) -> JsValue {
    let obj = Object::new();
    set(&obj, "operation", &info.operation.into());
    set(&obj, "method", &info.method.as_str().into());
    set(&obj, "url", &info.url.as_str().into());
    if let Some(status) = info.status {
        set(&obj, "status", &status.into());
    }
    if let Some(code) = info.error {
        set(&obj, "error", &code.as_str().into());
    }
    set(&obj, "durationMs", &info.duration_ms.into());
    set(&obj, "attempt", &info.attempt.into());
    if info.payload {
        set(&obj, "payload", &true.into());
    }
    obj.into()
}
