//! `Error` → JS `PortalApiError` (defined in `portal_api_error.js`), and the promise of a call
//! that rejects with one.

use std::future::Future;
use std::pin::Pin;

use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorResponse};

#[wasm_bindgen(module = "/src/js/portal_api_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = createPortalApiError)]
    fn create_portal_api_error(code: &str, message: &str, operation: JsValue, status: JsValue, response: JsValue, from_payload: bool) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &str = r#"
/** What kind of failure a `PortalApiError` is. */
export type PortalApiErrorCode = 'HTTP' | 'NETWORK' | 'TIMEOUT' | 'ABORTED' | 'DECODE' | 'INVALID_INPUT';

/** Every failed call rejects with this (exported by the package entry point). */
export declare class PortalApiError extends Error {
  readonly name: 'PortalApiError';
  readonly code: PortalApiErrorCode;
  /** operationId of the failed call. */
  readonly operation?: string;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** The server's answer (HTTP and DECODE errors): parsed JSON when it is JSON, else text. */
  readonly response?: { status: number; data: unknown; headers: Record<string, string> };
  /** Set when the failure came from fetching a large response's payload (its presigned URL on
   *  another host), not from the API: a 403 then means an expired URL, not a permission. */
  readonly fromPayload?: true;
}
"#;

/// The JS error for `error`.
pub(crate) fn to_js(error: Error) -> JsValue {
    let operation = error.operation.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
    let status = error.status().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let response = error.response.as_ref().map(ErrorResponse::to_js).unwrap_or(JsValue::UNDEFINED);
    create_portal_api_error(error.code.as_str(), &error.message, operation, status, response, error.from_payload)
}

/// The promise of `future` (a call, a page step), rejecting with its error as a `PortalApiError`
/// of `operation`. The future comes boxed and the promise is the client's one
/// [`js_promise`](crate::client::js_promise): the promise machinery is in the `.wasm` once.
pub(crate) fn promise(operation: &'static str, future: Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>) -> js_sys::Promise {
    crate::client::js_promise(Box::pin(async move { future.await.map_err(|e| to_js(e.with_operation(operation))) }))
}
