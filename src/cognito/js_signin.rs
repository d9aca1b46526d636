//! `SignIn`: the sign-in API of one JS `PortalClient` (`configureAuth`, `signIn`,
//! `completeSignIn`, `signOut`, ...), as a JS class of its own. The package's loader
//! (`src/js/sign_in.js`) creates one per client on the first call of one of those methods and
//! forwards the call to it; `SignIn` drives the client only through its public JS methods
//! (authorize, onUnauthorized, the operation methods: [`JsHost`]), so the core's
//! `PortalClient` holds no sign-in code.
//!
//! In the npm package `SignIn` is the separately loaded sign-in module (`sign-in/`, feature
//! `sign-in-module`: its errors are the package's own `PortalApiError`, from `../index.js`);
//! in a build with the JS API (feature `js`) it sits beside `PortalClient` in the same module.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::js::AuthSlot;
use super::js_host::JsHost;
use super::js_input::read_options;
use super::Auth;
use crate::error::Error;

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

#[wasm_bindgen]
impl SignIn {
    /// Takes over the session the core restored before this module was loaded
    /// (`PortalClient.__handOver`, src/js/session.rs): `options` are those it was restored
    /// under (applied as `configureAuth` applies them), `stored` its stored form, or `null`.
    /// Whether a session was taken over. Not part of the typed API.
    #[wasm_bindgen(js_name = __adopt, skip_typescript)]
    pub fn adopt(&self, options: JsValue, stored: Option<String>) -> Result<bool, JsValue> {
        let auth = self.auth_handle();
        let (config, store) = read_options(options, auth.config()).map_err(to_js)?;
        auth.set_config(config);
        if let Some((store, _)) = store {
            auth.swap_store(store);
        }
        Ok(stored.is_some_and(|s| auth.take_over(&s)))
    }

    /// Another tab changed the session under `key` in `localStorage` (`null`: cleared) while
    /// the loader was watching it for this module: taken as this module's own tab sync takes
    /// it (a newer session is taken over, a removed one ends here). Not part of the typed API.
    #[wasm_bindgen(js_name = __otherTab, skip_typescript)]
    pub fn other_tab(&self, key: Option<String>) {
        self.auth_handle().on_other_tab(key.as_deref());
    }
}

impl SignIn {
    /// The `Auth`, created with default settings on first use.
    pub(crate) fn auth_handle(&self) -> Auth {
        self.auth.get_or_create(|| Rc::new(JsHost::new(self.client.clone())))
    }

    /// The Rust `Auth` behind this client's sign-in, once it was configured or used.
    pub fn auth(&self) -> Option<Auth> {
        self.auth.get()
    }
}


/// The JS error for `error`: the `PortalApiError` of the module `PortalClient` comes from.
#[cfg(feature = "js")]
pub(crate) fn to_js(error: Error) -> JsValue {
    crate::js::error::to_js(error)
}

/// The JS error for `error`: the package's own `PortalApiError` (re-exported by its index.js),
/// so that `instanceof` holds for errors from either module; `response` is `{ status, data,
/// headers }` as the core makes it.
#[cfg(not(feature = "js"))]
pub(crate) fn to_js(error: Error) -> JsValue {
    let operation = error.operation.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
    let status = error.status().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let response = error.response.as_ref().map(crate::ErrorResponse::to_js).unwrap_or(JsValue::UNDEFINED);
    PortalApiError::new(error.code.as_str(), &error.message, operation, status, response).into()
}

#[cfg(not(feature = "js"))]
#[wasm_bindgen(raw_module = "../index.js")]
extern "C" {
    type PortalApiError;
    #[wasm_bindgen(constructor)]
    fn new(code: &str, message: &str, operation: JsValue, status: JsValue, response: JsValue) -> PortalApiError;
}
