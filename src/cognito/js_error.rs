//! The JS side of a sign-in error: the `PortalApiError` a sign-in method rejects with, and the
//! promise every sign-in method returns. Shared by the sign-in module (`SignIn`) and the password
//! module (`password`).

// In a build with the JS API (feature `js`, sign-in inside `PortalClient`'s module): the core's.
#[cfg(feature = "js")]
pub(crate) use crate::js::error::{promise, to_js};
// In the npm package's sign-in and password modules: the package's own `PortalApiError`.
#[cfg(not(feature = "js"))]
#[allow(unused_imports)] // (the password module rejects only through `promise`)
pub(crate) use package::{promise, to_js};

#[cfg(not(feature = "js"))]
mod package {
    use js_sys::Promise;
    use wasm_bindgen::prelude::*;

    use crate::auth::LocalFuture;
    use crate::error::Error;

    /// A promise that resolves with `run`'s value or rejects with the JS error of the error
    /// (tagged with `operation` when the error has none yet).
    pub(crate) fn promise(operation: &'static str, run: LocalFuture<Result<JsValue, Error>>) -> Promise {
        crate::client::js_promise(Box::pin(async move { run.await.map_err(|e| to_js(e.with_operation(operation))) }))
    }

    /// The JS error for `error`: the package's own `PortalApiError` (re-exported by its
    /// index.js), so that `instanceof` holds for errors from any of its modules; `response` is
    /// `{ status, data, headers }` as the core makes it.
    pub(crate) fn to_js(error: Error) -> JsValue {
        let operation = error.operation.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
        let status = error.status().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
        let response = error.response.as_ref().map(crate::ErrorResponse::to_js).unwrap_or(JsValue::UNDEFINED);
        PortalApiError::new(error.code.as_str(), &error.message, operation, status, response).into()
    }

    #[wasm_bindgen(raw_module = "../index.js")]
    extern "C" {
        type PortalApiError;
        #[wasm_bindgen(constructor)]
        fn new(code: &str, message: &str, operation: JsValue, status: JsValue, response: JsValue) -> PortalApiError;
    }
}
