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
use super::js::sign_in_js;
use super::js_error::{promise, to_js};
use super::json::Json;
use crate::error::Error;
use super::js_host::JsHost;
use super::js_input::read_options;
use super::Auth;

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
    /// under (applied as `configureAuth` applies them), `stored` its stored form, or `null`;
    /// `signed_in`, when the password module signed it in on this page (src/cognito/password.rs),
    /// `{ answer, login }`: Cognito's last answer and the login, taken as this module's own
    /// sign-in takes them (a device Cognito tracked can be remembered). Whether a session was
    /// taken over. Not part of the typed API.
    #[wasm_bindgen(js_name = __adopt, skip_typescript)]
    pub fn adopt(&self, options: JsValue, stored: Option<String>, signed_in: JsValue) -> Result<bool, JsValue> {
        let auth = self.auth_handle();
        let (config, store) = read_options(options, auth.config()).map_err(to_js)?;
        auth.set_config(config);
        if let Some((store, _)) = store {
            auth.swap_store(store);
        }
        let taken = stored.is_some_and(|s| auth.take_over(&s));
        let signed_in = Json::from_js(signed_in);
        let of = |k: &str| signed_in.as_ref().and_then(|s| s.get(k));
        // (Only the answer that carried the session taken over.)
        let access = of("answer").and_then(|a| a.get("AuthenticationResult")).and_then(|r| r.str("AccessToken"));
        let same = access.is_some_and(|a| auth.inner.tokens.borrow().as_ref().is_some_and(|t| t.access_token.expose() == a));
        if let (true, Some(answer), Some(login)) = (same, of("answer"), of("login").and_then(|l| l.as_string())) {
            // As this module's own sign-in leaves it: the login, and the device Cognito tracked.
            auth.inner.flow.borrow_mut().login = Some(super::flows::login_key(&login));
            auth.note_new_device(&answer);
        }
        Ok(taken)
    }

    /// Another tab changed the session under `key` in `localStorage` (`null`: cleared) while
    /// the loader was watching it for this module: taken as this module's own tab sync takes
    /// it (a newer session is taken over, a removed one ends here). Not part of the typed API.
    #[wasm_bindgen(js_name = __otherTab, skip_typescript)]
    pub fn other_tab(&self, key: Option<String>) {
        self.auth_handle().on_other_tab(key.as_deref());
    }
}

#[wasm_bindgen]
impl SignIn {
    /// Takes over a password sign-in the package's password module began
    /// (src/cognito/password.rs), once `configureAuth`'s options were applied (`__adopt`):
    /// Cognito's `answer` to its last step (a challenge, a newly tracked device, tokens it could
    /// not keep), for `username`, of a sign-in as `login`, as if this module's own `signIn` had
    /// received it. `wanted()` says whether no signOut came since the sign-in began (before this
    /// module was loaded, it could not count them). Resolves as `signIn` does. Not part of the
    /// typed API.
    #[wasm_bindgen(js_name = __continueSignIn, skip_typescript)]
    pub fn continue_sign_in(&self, answer: JsValue, username: String, login: String, wanted: js_sys::Function) -> js_sys::Promise {
        let auth = self.auth_handle();
        let cancel = auth.sign_out_count();
        promise(
            "signIn",
            Box::pin(async move {
                if !wanted.call0(&JsValue::NULL).is_ok_and(|w| w.is_truthy()) {
                    return Err(super::cancelled());
                }
                let answer = Json::from_js(answer).filter(Json::is_object).ok_or_else(|| Error::decode("the sign-in to take over has no Cognito answer"))?;
                let pool = auth.begin(&login, None, None).await?;
                Ok(sign_in_js(&auth.handle_answer(&pool, answer, &username, cancel).await?))
            }),
        )
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
