#![cfg(target_arch = "wasm32")]
//! The sign-in module of the npm package: `SignIn`, the sign-in API of one `PortalClient`
//! (`configureAuth`, `signIn`, `completeSignIn`, `signOut`, ...), built as its own `.wasm`.
//!
//! The package's loader (`src/js/sign_in.js` in the SDK) imports this module on the first
//! call of one of those methods and forwards the call to the client's `SignIn`. The logic
//! is the SDK's `cognito` module, unchanged; it drives the page's `PortalClient` through
//! its JS methods ([`host::JsHost`]), so the core holds no sign-in code.

mod host;

use std::rc::Rc;

use epilot_portal_sdk::cognito::js::{AuthOwner, AuthSlot};
use epilot_portal_sdk::cognito::Auth;
use epilot_portal_sdk::{Error, ErrorResponse};
use wasm_bindgen::prelude::*;

/// The sign-in API of one `PortalClient`.
#[wasm_bindgen(skip_typescript)]
pub struct SignIn {
    client: JsValue,
    auth: AuthSlot,
}

#[wasm_bindgen]
impl SignIn {
    /// For the page's `PortalClient` (the JS object).
    #[wasm_bindgen(constructor)]
    pub fn new(client: JsValue) -> SignIn {
        SignIn { client, auth: AuthSlot::default() }
    }
}

impl AuthOwner for SignIn {
    fn auth_handle(&self) -> Auth {
        self.auth.get_or_create(|| Rc::new(host::JsHost::new(self.client.clone())))
    }
    fn auth(&self) -> Option<Auth> {
        self.auth.get()
    }
    fn to_js(error: Error) -> JsValue {
        to_js(error)
    }
}

epilot_portal_sdk::sign_in_methods!(SignIn);

// The package's own `PortalApiError` (re-exported by its index.js), so that `instanceof`
// holds for errors from either module.
#[wasm_bindgen(raw_module = "../index.js")]
extern "C" {
    type PortalApiError;
    #[wasm_bindgen(constructor)]
    fn new(code: &str, message: &str, operation: JsValue, status: JsValue, response: JsValue) -> PortalApiError;
}

/// The JS error for `error` (as the core makes it: `response` is `{ status, data, headers }`).
pub(crate) fn to_js(error: Error) -> JsValue {
    let operation = error.operation.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
    let status = error.status().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let response = error.response.as_ref().map(ErrorResponse::to_js).unwrap_or(JsValue::UNDEFINED);
    PortalApiError::new(error.code.as_str(), &error.message, operation, status, response).into()
}
