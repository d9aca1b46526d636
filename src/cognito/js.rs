//! The sign-in methods of the JS API: `configureAuth`, `signIn`,
//! `completeSignIn`, `signOut`, `onSessionChange`, `getSession`, `getAccessToken`,
//! `refreshSession`, `forgotPassword`, `confirmForgotPassword`, `register`,
//! `confirmRegistration`. [`sign_in_methods!`](crate::sign_in_methods) puts them on a JS
//! class that owns an [`Auth`] ([`AuthOwner`]): on `PortalClient` in a build with the JS API
//! (feature `js`), on `SignIn` in the npm package's separately loaded sign-in module
//! (`sign-in/`). Their TypeScript is in `src/js/auth_types.rs`.
//!
//! Inputs are read member by member (a wrong shape is an `INVALID_INPUT` error, never a
//! throw); passwords and codes become [`Secret`]s at once. Results are plain objects.
//! No serde here: the wasm size budget is tight.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::session::{TokenStore, WebStorage};
use super::{Auth, AuthConfig, AuthFlow, BearerToken, Challenge, SessionInfo, SignInResult};
use crate::auth::LocalFuture;
use crate::error::Error;
#[cfg(feature = "js")]
use crate::js::PortalClient;

/// What the sign-in methods need of the class they are on.
pub trait AuthOwner {
    /// The `Auth`, created with default settings on first use.
    fn auth_handle(&self) -> Auth;
    /// The `Auth`, once sign-in was configured or used.
    fn auth(&self) -> Option<Auth>;
    /// The JS error (`PortalApiError`) for `error`.
    fn to_js(error: Error) -> JsValue;
}

/// What the methods' bodies use (the macro expands in the crate that invokes it).
#[doc(hidden)]
pub mod prelude {
    pub use super::{
        apply_options, flow, promise_with, session_js, set, set_opt, sign_in_js, store_from, string_record, AuthOwner, Input, AUTH_OPTIONS,
    };
    pub use crate::auth::{LocalFuture, Secret};
    pub use crate::cognito::{ChallengeAnswer, Registration, SessionChange, SessionInfo};
    pub use crate::error::Error;
    pub use js_sys::{Array, Function, Object, Promise};
    pub use std::rc::Rc;
    pub use wasm_bindgen::prelude::*;
    pub use wasm_bindgen::JsCast;
}


/// The `Auth` behind a JS object (created on first use).
#[derive(Default)]
pub struct AuthSlot(RefCell<Option<Auth>>);

impl AuthSlot {
    /// The `Auth`, created for `host` with default settings on first use.
    pub fn get_or_create(&self, host: impl FnOnce() -> Rc<dyn super::AuthHost>) -> Auth {
        self.0.borrow_mut().get_or_insert_with(|| Auth::with_host(host(), AuthConfig::default(), super::session::memory())).clone()
    }

    pub fn get(&self) -> Option<Auth> {
        self.0.borrow().clone()
    }
}

/// A caller's input object, read member by member.
pub struct Input {
    what: &'static str,
    value: JsValue,
}

impl Input {
    pub fn new(what: &'static str, value: JsValue, allowed: &[&str]) -> Result<Input, Error> {
        if !value.is_object() {
            return Err(Error::invalid_input(format!("{what} must be an object")));
        }
        for key in Object::keys(value.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()) {
            if !allowed.contains(&key.as_str()) {
                return Err(Error::invalid_input(format!("{what}: unknown field `{key}` (expected one of {})", allowed.join(", "))));
            }
        }
        Ok(Input { what, value })
    }

    pub fn raw(&self, key: &str) -> Option<JsValue> {
        let v = Reflect::get(&self.value, &key.into()).ok()?;
        (!v.is_undefined() && !v.is_null()).then_some(v)
    }

    pub fn opt(&self, key: &str) -> Result<Option<String>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| Error::invalid_input(format!("{}: `{key}` must be a string", self.what))),
        }
    }

    pub fn req(&self, key: &str) -> Result<String, Error> {
        self.opt(key)?.filter(|s| !s.is_empty()).ok_or_else(|| Error::invalid_input(format!("{}: `{key}` is required", self.what)))
    }

    pub fn num(&self, key: &str) -> Result<Option<f64>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| Error::invalid_input(format!("{}: `{key}` must be a number", self.what))),
        }
    }

    /// A `Record<string, string>` member.
    pub fn strings(&self, key: &str) -> Result<Vec<(String, String)>, Error> {
        let Some(v) = self.raw(key) else { return Ok(Vec::new()) };
        string_record(&v).ok_or_else(|| Error::invalid_input(format!("{}: `{key}` must be an object of strings", self.what)))
    }
}

pub fn string_record(v: &JsValue) -> Option<Vec<(String, String)>> {
    if !v.is_object() {
        return None;
    }
    let mut out = Vec::new();
    for pair in Object::entries(v.unchecked_ref::<Object>()).iter() {
        let pair = Array::from(&pair);
        out.push((pair.get(0).as_string()?, pair.get(1).as_string()?));
    }
    Some(out)
}

pub fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

pub fn set_opt(obj: &Object, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        set(obj, key, &v.into());
    }
}

fn string_array(items: &[String]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}

fn record(map: &[(String, String)]) -> JsValue {
    let obj = Object::new();
    for (k, v) in map {
        set(&obj, k, &v.into());
    }
    obj.into()
}

pub fn session_js(session: Option<&SessionInfo>) -> JsValue {
    let Some(s) = session else { return JsValue::NULL };
    let obj = Object::new();
    set(&obj, "username", &s.username.as_str().into());
    set_opt(&obj, "email", &s.email);
    set(&obj, "expiresAt", &s.expires_at.into());
    set(&obj, "claims", &js_sys::JSON::parse(&s.claims_json).unwrap_or_else(|_| Object::new().into()));
    obj.into()
}

fn challenge_js(c: &Challenge) -> JsValue {
    let obj = Object::new();
    set(&obj, "kind", &"challenge".into());
    set(&obj, "name", &c.name.as_str().into());
    set_opt(&obj, "codeDeliveryDestination", &c.code_delivery_destination);
    set_opt(&obj, "codeDeliveryMedium", &c.code_delivery_medium);
    if !c.required_attributes.is_empty() {
        set(&obj, "requiredAttributes", &string_array(&c.required_attributes));
    }
    if !c.user_attributes.is_empty() {
        set(&obj, "userAttributes", &record(&c.user_attributes));
    }
    if !c.mfa_options.is_empty() {
        set(&obj, "mfaOptions", &string_array(&c.mfa_options));
    }
    set(&obj, "parameters", &record(&c.parameters));
    obj.into()
}

pub fn sign_in_js(result: &SignInResult) -> JsValue {
    match result {
        SignInResult::SignedIn(session) => {
            let obj = Object::new();
            set(&obj, "kind", &"signedIn".into());
            set(&obj, "session", &session_js(Some(session)));
            obj.into()
        }
        SignInResult::Challenge(c) => challenge_js(c),
    }
}

pub fn flow(value: Option<&str>) -> Result<Option<AuthFlow>, Error> {
    match value {
        None => Ok(None),
        Some("USER_SRP_AUTH") => Ok(Some(AuthFlow::UserSrp)),
        Some("USER_PASSWORD_AUTH") => Ok(Some(AuthFlow::UserPassword)),
        Some(other) => Err(Error::invalid_input(format!("authFlow must be USER_SRP_AUTH or USER_PASSWORD_AUTH, not `{other}`"))),
    }
}

/// A promise that resolves with `run`'s value or rejects with `to_js` of the error
/// (tagged with `operation` when the error has none yet).
pub fn promise_with(to_js: fn(Error) -> JsValue, operation: &'static str, run: LocalFuture<Result<JsValue, Error>>) -> Promise {
    future_to_promise(async move { run.await.map_err(|e| to_js(e.with_operation(operation))) })
}

async fn await_maybe(result: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    let value = result?;
    match value.dyn_ref::<Promise>() {
        Some(p) => JsFuture::from(p.clone()).await,
        None => Ok(value),
    }
}

/// A caller's `{ get, set, remove }` object.
struct JsStore {
    object: JsValue,
}

impl JsStore {
    fn call(&self, name: &'static str, args: Array) -> LocalFuture<Result<JsValue, Error>> {
        let object = self.object.clone();
        Box::pin(async move {
            let f: Function = Reflect::get(&object, &name.into())
                .ok()
                .and_then(|f| f.dyn_into().ok())
                .ok_or_else(|| Error::invalid_input(format!("the custom storage has no `{name}` method")))?;
            await_maybe(f.apply(&object, &args)).await.map_err(|_| Error::invalid_input(format!("the custom storage's `{name}` failed")))
        })
    }
}

impl TokenStore for JsStore {
    fn get(&self, key: &str) -> LocalFuture<Result<Option<String>, Error>> {
        let call = self.call("get", Array::of1(&key.into()));
        Box::pin(async move {
            let v = call.await?;
            match v.as_string() {
                Some(s) => Ok(Some(s)),
                None if v.is_null() || v.is_undefined() => Ok(None),
                None => Err(Error::invalid_input("the custom storage's `get` must return a string or null")),
            }
        })
    }
    fn set(&self, key: &str, value: String) -> LocalFuture<Result<(), Error>> {
        let call = self.call("set", Array::of2(&key.into(), &value.into()));
        Box::pin(async move { call.await.map(|_| ()) })
    }
    fn remove(&self, key: &str) -> LocalFuture<Result<(), Error>> {
        let call = self.call("remove", Array::of1(&key.into()));
        Box::pin(async move { call.await.map(|_| ()) })
    }
}

pub fn store_from(value: Option<JsValue>) -> Result<Option<Rc<dyn TokenStore>>, Error> {
    let Some(value) = value else { return Ok(None) };
    match value.as_string().as_deref() {
        Some("memory") => return Ok(Some(super::session::memory())),
        Some("sessionStorage") => return Ok(Some(Rc::new(WebStorage::Session))),
        Some("localStorage") => return Ok(Some(Rc::new(WebStorage::Local))),
        _ => {}
    }
    let usable = value.is_object() && ["get", "set", "remove"].iter().all(|m| Reflect::get(&value, &(*m).into()).is_ok_and(|f| f.is_function()));
    if !usable {
        return Err(Error::invalid_input("storage must be 'memory', 'sessionStorage', 'localStorage' or an object with get/set/remove methods"));
    }
    Ok(Some(Rc::new(JsStore { object: value })))
}

pub const AUTH_OPTIONS: &[&str] =
    &["userPoolId", "clientId", "endpoint", "orgId", "portalId", "authFlow", "storage", "storageKey", "refreshMarginSeconds", "bearer"];

pub fn apply_options(input: &Input, config: &mut AuthConfig) -> Result<(), Error> {
    for (key, target) in [
        ("userPoolId", &mut config.user_pool_id),
        ("clientId", &mut config.client_id),
        ("endpoint", &mut config.endpoint),
        ("orgId", &mut config.org_id),
        ("portalId", &mut config.portal_id),
    ] {
        if let Some(v) = input.opt(key)? {
            *target = Some(v).filter(|s| !s.is_empty());
        }
    }
    if let Some(f) = flow(input.opt("authFlow")?.as_deref())? {
        config.flow = f;
    }
    if let Some(k) = input.opt("storageKey")? {
        config.storage_key = k;
    }
    if let Some(s) = input.num("refreshMarginSeconds")? {
        if !(s.is_finite() && s >= 0.0) {
            return Err(Error::invalid_input("refreshMarginSeconds must be a number ≥ 0"));
        }
        config.refresh_margin_ms = s * 1000.0;
    }
    match input.opt("bearer")?.as_deref() {
        None => {}
        Some("accessToken") => config.bearer = BearerToken::Access,
        Some("idToken") => config.bearer = BearerToken::Id,
        Some(other) => return Err(Error::invalid_input(format!("bearer must be 'accessToken' or 'idToken', not `{other}`"))),
    }
    Ok(())
}

impl Auth {
    #[doc(hidden)]
    pub fn configured_flow(&self) -> AuthFlow {
        self.inner.config.borrow().flow
    }
}

#[cfg(feature = "js")]
impl PortalClient {
    /// The Rust `Auth` behind this client, once sign-in was configured or used.
    pub fn auth(&self) -> Option<Auth> {
        self.auth.get()
    }
}

#[cfg(feature = "js")]
impl AuthOwner for PortalClient {
    fn auth_handle(&self) -> Auth {
        self.auth.get_or_create(|| self.client().clone().into())
    }
    fn auth(&self) -> Option<Auth> {
        self.auth.get()
    }
    fn to_js(error: Error) -> JsValue {
        crate::js::error::to_js(error)
    }
}

#[cfg(feature = "js")]
crate::sign_in_methods!(PortalClient);

/// Puts the sign-in methods on the JS class `$ty` (a Rust type implementing [`AuthOwner`],
/// in scope where this is invoked). Invoke once per module.
#[doc(hidden)]
#[macro_export]
macro_rules! sign_in_methods {
    ($ty:ident) => {
        mod sign_in_methods {
            use super::$ty;
            use $crate::cognito::js::prelude::*;

            fn promise(operation: &'static str, run: LocalFuture<Result<JsValue, Error>>) -> Promise {
                promise_with(<$ty as AuthOwner>::to_js, operation, run)
            }

            fn to_js(error: Error) -> JsValue {
                <$ty as AuthOwner>::to_js(error)
            }

#[wasm_bindgen(js_class = $ty)]
impl $ty {
    /// Sets where the user pool is, the flow and where the session is kept; resolves
    /// with the session read back from the store (after a reload), or `null`.
    #[wasm_bindgen(js_name = configureAuth, unchecked_return_type = "Promise<Session | null>")]
    pub fn configure_auth(&self, #[wasm_bindgen(unchecked_param_type = "AuthOptions")] options: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "configureAuth",
            Box::pin(async move {
                let options = if options.is_undefined() || options.is_null() { Object::new().into() } else { options };
                let input = Input::new("auth options", options, AUTH_OPTIONS)?;
                let store = store_from(input.raw("storage"))?;
                let mut result = Ok(());
                auth.update_config(|c| result = apply_options(&input, c));
                result?;
                if let Some(store) = store {
                    auth.set_store(store).await;
                }
                let session = match auth.session() {
                    Some(s) => Some(s),
                    None => auth.restore().await?,
                };
                Ok(session_js(session.as_ref()))
            }),
        )
    }

    /// Signs in with email and password; resolves with `{ kind: 'signedIn', session }` or
    /// a challenge to answer with `completeSignIn`. Rejects with a readable error
    /// (`wrong email or password`, ...).
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn sign_in(&self, #[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "signIn",
            Box::pin(async move {
                let input = Input::new("signIn input", input, &["email", "password", "authFlow"])?;
                let email = input.req("email")?;
                let password = Secret::new(input.req("password")?);
                let flow = match flow(input.opt("authFlow")?.as_deref())? {
                    Some(f) => f,
                    None => auth.configured_flow(),
                };
                Ok(sign_in_js(&auth.sign_in_with(&email, &password, flow).await?))
            }),
        )
    }

    /// Answers the pending sign-in challenge.
    #[wasm_bindgen(js_name = completeSignIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn complete_sign_in(&self, #[wasm_bindgen(unchecked_param_type = "ChallengeAnswer")] answer: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "completeSignIn",
            Box::pin(async move {
                let a = Input::new("completeSignIn answer", answer, &["newPassword", "code", "answer", "attributes"])?;
                let answer = ChallengeAnswer {
                    new_password: a.opt("newPassword")?.map(Secret::new),
                    code: a.opt("code")?.map(Secret::new),
                    answer: a.opt("answer")?,
                    attributes: a.strings("attributes")?,
                };
                Ok(sign_in_js(&auth.complete_sign_in(&answer).await?))
            }),
        )
    }

    /// Revokes the refresh token (`revokeToken`) and clears the session everywhere.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<SignOutResult>")]
    pub fn sign_out(&self) -> Promise {
        let auth = self.auth_handle();
        promise(
            "signOut",
            Box::pin(async move {
                let out = auth.sign_out().await;
                let obj = Object::new();
                set(&obj, "revoked", &out.revoked.into());
                set_opt(&obj, "error", &out.error);
                Ok(obj.into())
            }),
        )
    }

    /// Called with `{ reason, session }` whenever the session changes; `null` removes it.
    #[wasm_bindgen(js_name = onSessionChange)]
    pub fn on_session_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "((change: SessionChange) => void) | null")] listener: JsValue,
    ) -> Result<(), JsValue> {
        let auth = self.auth_handle();
        if listener.is_undefined() || listener.is_null() {
            auth.on_session_change(None);
            return Ok(());
        }
        let f: Function = listener.dyn_into().map_err(|_| to_js(Error::invalid_input("onSessionChange takes a function or null")))?;
        auth.on_session_change(Some(Rc::new(move |change: SessionChange, session: Option<&SessionInfo>| {
            let event = Object::new();
            set(&event, "reason", &change.as_str().into());
            set(&event, "session", &session_js(session));
            let _ = f.call1(&JsValue::NULL, &event);
        })));
        Ok(())
    }

    /// The current session, or `null`.
    #[wasm_bindgen(js_name = getSession, unchecked_return_type = "Session | null")]
    pub fn get_session(&self) -> JsValue {
        session_js(AuthOwner::auth(self).and_then(|a| a.session()).as_ref())
    }

    /// The access token (refreshed first when about to expire), or `null`.
    #[wasm_bindgen(js_name = getAccessToken, unchecked_return_type = "Promise<string | null>")]
    pub fn get_access_token(&self) -> Promise {
        let auth = self.auth_handle();
        promise(
            "getAccessToken",
            Box::pin(async move { Ok(auth.access_token().await?.map(|t| JsValue::from_str(t.expose())).unwrap_or(JsValue::NULL)) }),
        )
    }

    /// Refreshes the tokens now (shared with any refresh already running).
    #[wasm_bindgen(js_name = refreshSession, unchecked_return_type = "Promise<Session>")]
    pub fn refresh_session(&self) -> Promise {
        let auth = self.auth_handle();
        promise("refreshSession", Box::pin(async move { Ok(session_js(Some(&auth.refresh().await?))) }))
    }

    /// Sends a password-reset code.
    #[wasm_bindgen(js_name = forgotPassword, unchecked_return_type = "Promise<CodeDelivery>")]
    pub fn forgot_password(&self, #[wasm_bindgen(unchecked_param_type = "{ email: string }")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "forgotPassword",
            Box::pin(async move {
                let input = Input::new("forgotPassword input", input, &["email"])?;
                let d = auth.forgot_password(&input.req("email")?).await?;
                let obj = Object::new();
                set_opt(&obj, "destination", &d.destination);
                set_opt(&obj, "medium", &d.medium);
                set_opt(&obj, "attribute", &d.attribute);
                Ok(obj.into())
            }),
        )
    }

    /// Sets a new password with the emailed code.
    #[wasm_bindgen(js_name = confirmForgotPassword, unchecked_return_type = "Promise<void>")]
    pub fn confirm_forgot_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ email: string; code: string; newPassword: string }")] input: JsValue,
    ) -> Promise {
        let auth = self.auth_handle();
        promise(
            "confirmForgotPassword",
            Box::pin(async move {
                let input = Input::new("confirmForgotPassword input", input, &["email", "code", "newPassword"])?;
                let (code, pw) = (Secret::new(input.req("code")?), Secret::new(input.req("newPassword")?));
                auth.confirm_forgot_password(&input.req("email")?, &code, &pw).await?;
                Ok(JsValue::UNDEFINED)
            }),
        )
    }

    /// Registers a portal user (`createUserV3`); the user then confirms (`confirmRegistration`).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn register(&self, #[wasm_bindgen(unchecked_param_type = "RegisterInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "createUserV3",
            Box::pin(async move {
                const FIELDS: &[&str] =
                    &["email", "password", "firstName", "lastName", "contactId", "accountId", "registrationIdentifiers", "orgId", "portalId"];
                let i = Input::new("register input", input, FIELDS)?;
                let mut identifiers = Vec::new();
                if let Some(v) = i.raw("registrationIdentifiers") {
                    let bad = || Error::invalid_input("register input: `registrationIdentifiers` must be Record<string, Record<string, string>>");
                    if !v.is_object() {
                        return Err(bad());
                    }
                    for pair in Object::entries(v.unchecked_ref::<Object>()).iter() {
                        let pair = Array::from(&pair);
                        identifiers.push((pair.get(0).as_string().ok_or_else(bad)?, string_record(&pair.get(1)).ok_or_else(bad)?));
                    }
                }
                let registration = Registration {
                    email: i.req("email")?,
                    password: Some(Secret::new(i.req("password")?)),
                    first_name: i.opt("firstName")?,
                    last_name: i.opt("lastName")?,
                    contact_id: i.opt("contactId")?,
                    account_id: i.opt("accountId")?,
                    registration_identifiers: identifiers,
                    org_id: i.opt("orgId")?,
                    portal_id: i.opt("portalId")?,
                };
                auth.register(&registration).await?;
                Ok(JsValue::UNDEFINED)
            }),
        )
    }

    /// Confirms a registration: `{ token }` from the confirmation link, or `{ email, code }`.
    #[wasm_bindgen(js_name = confirmRegistration, unchecked_return_type = "Promise<{ confirmed: boolean; alreadyConfirmed: boolean }>")]
    pub fn confirm_registration(&self, #[wasm_bindgen(unchecked_param_type = "ConfirmRegistrationInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "confirmRegistration",
            Box::pin(async move {
                let i = Input::new("confirmRegistration input", input, &["token", "email", "code"])?;
                let already = match (i.opt("token")?, i.opt("email")?, i.opt("code")?) {
                    (Some(token), None, None) => auth.confirm_registration(&token).await?,
                    (None, Some(email), Some(code)) => {
                        auth.confirm_sign_up(&email, &Secret::new(code)).await?;
                        false
                    }
                    _ => return Err(Error::invalid_input("confirmRegistration takes { token } or { email, code }")),
                };
                let obj = Object::new();
                set(&obj, "confirmed", &true.into());
                set(&obj, "alreadyConfirmed", &already.into());
                Ok(obj.into())
            }),
        )
    }
}
        }
    };
}
