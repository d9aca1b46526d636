//! The main sign-in methods of `SignIn` (`js_signin.rs`, one per JS `PortalClient`, which the
//! package's loader `src/js/sign_in.js` forwards the client's sign-in methods to):
//! `configureAuth`, `signIn`, `completeSignIn`, `signOut`, `onSessionChange`, `getSession`,
//! `getAccessToken`, `refreshSession`, `forgotPassword`, `confirmForgotPassword`, `register`,
//! `confirmRegistration`; the other flows are in `js_flows.rs`.
//!
//! Inputs are read member by member (`js_input`: a wrong shape is an `INVALID_INPUT`
//! error, never a throw); passwords and codes become [`Secret`]s at once. Results are
//! plain objects (their TypeScript is in `src/js/auth_types.rs`). No serde here: the wasm
//! size budget is tight. `PortalClient` itself knows nothing of sign-in.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js_input::{flow, read_options, string_record, Input};
use super::js_error::{promise, to_js};
use super::js_signin::SignIn;
use super::{Auth, AuthConfig, Challenge, ChallengeAnswer, Registration, Restored, SessionChange, SessionInfo, SignInResult};
use crate::auth::Secret;
use crate::error::Error;
use flows::{set_global, sign_in_user_auth as flow_sign_in_user_auth, sign_out as flow_sign_out};

/// The methods of the other sign-in flows, MFA, devices and the user's account.
#[path = "js_flows.rs"]
#[doc(hidden)]
pub mod flows;

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

pub fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

pub fn set_opt(obj: &Object, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        set(obj, key, &v.into());
    }
}

pub fn string_array(items: &[String]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}

pub fn record(map: &[(String, String)]) -> JsValue {
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
    flows::challenge_extras(&obj, c);
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


#[wasm_bindgen]
impl SignIn {
    /// Sets where the user pool is, the flow and where the session is kept. Every
    /// option is checked before any is applied; the settings apply at the call. A
    /// session of another pool, app client or portal ends; a session is moved to a
    /// changed store or key. Resolves with the session in use (read back from the store
    /// after a reload) and where it is kept.
    #[wasm_bindgen(js_name = configureAuth, unchecked_return_type = "Promise<AuthConfigured>")]
    pub fn configure_auth(&self, #[wasm_bindgen(unchecked_param_type = "AuthOptions")] options: JsValue) -> Promise {
        let auth = self.auth_handle();
        let read = read_options(options, auth.config());
        let mut fallback = None;
        if let Ok((config, store)) = &read {
            auth.set_config(config.clone());
            if let Some((store, why)) = store {
                auth.swap_store(store.clone());
                fallback = why.clone();
            }
        }
        promise(
            "configureAuth",
            Box::pin(async move {
                read?;
                let (session, source) = match auth.session() {
                    Some(_) => {
                        // Moved to a changed store or key (where another tab's newer
                        // session may be taken over).
                        auth.persist_now().await;
                        (auth.session(), "current")
                    }
                    None => match auth.restore().await? {
                        Restored::Session(s) => (Some(s), "restored"),
                        Restored::Expired => (None, "expired"),
                        Restored::None => (None, "none"),
                    },
                };
                let obj = Object::new();
                set(&obj, "session", &session_js(session.as_ref()));
                set(&obj, "source", &source.into());
                set(&obj, "storage", &auth.store_kind().into());
                set_opt(&obj, "storageFallback", &fallback);
                Ok(obj.into())
            }),
        )
    }

    /// Signs in with email and password; resolves with `{ kind: 'signedIn', session }` or
    /// a challenge to answer with `completeSignIn`. Rejects with a readable error
    /// (`wrong email or password`, ...).
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn sign_in(&self, #[wasm_bindgen(unchecked_param_type = "SignInInput | UserAuthSignInInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        // A signOut from here on cancels this sign-in.
        let cancel = auth.sign_out_count();
        promise(
            "signIn",
            Box::pin(async move {
                let input = Input::new("signIn input", input, &["email", "password", "authFlow", "preferredChallenge"])?;
                if input.opt("authFlow")?.as_deref() == Some("USER_AUTH") || input.raw("preferredChallenge").is_some() {
                    return flow_sign_in_user_auth(&auth, &input, cancel).await;
                }
                let email = input.req("email")?;
                let password = Secret::new(input.req("password")?);
                let flow = match flow(input.opt("authFlow")?.as_deref())? {
                    Some(f) => f,
                    None => auth.config().flow,
                };
                Ok(sign_in_js(&auth.sign_in_since(cancel, &email, &password, flow).await?))
            }),
        )
    }

    /// Answers the pending sign-in challenge.
    #[wasm_bindgen(js_name = completeSignIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn complete_sign_in(&self, #[wasm_bindgen(unchecked_param_type = "ChallengeAnswer")] answer: JsValue) -> Promise {
        let auth = self.auth_handle();
        let cancel = auth.sign_out_count();
        promise(
            "completeSignIn",
            Box::pin(async move {
                let a = Input::new("completeSignIn answer", answer, &["newPassword", "code", "answer", "attributes", "password", "clientMetadata"])?;
                let answer = ChallengeAnswer {
                    new_password: a.opt("newPassword")?.map(Secret::new),
                    code: a.opt("code")?.map(Secret::new),
                    answer: a.opt("answer")?.map(Secret::new),
                    attributes: a.strings("attributes")?,
                    password: a.opt("password")?.map(Secret::new),
                    client_metadata: a.strings("clientMetadata")?,
                };
                Ok(sign_in_js(&auth.complete_since(cancel, &answer).await?))
            }),
        )
    }

    /// Clears the session everywhere at the call (memory, every store it was written
    /// to, the client's authorization; a pending sign-in is cancelled), then revokes the
    /// refresh token (`revokeToken`, bounded timeout); with `{ global: true }` it signs
    /// the user out on every device instead (`GlobalSignOut`). Invalid options reject
    /// and sign nothing out.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<SignOutResult>")]
    pub fn sign_out(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignOutOptions")] options: Option<JsValue>) -> Promise {
        let done = flow_sign_out(&self.auth_handle(), options);
        promise(
            "signOut",
            Box::pin(async move {
                let (out, global) = done?.await;
                let obj = Object::new();
                set(&obj, "revoked", &out.revoked.into());
                set_opt(&obj, "error", &out.error);
                set(&obj, "cleared", &out.cleared.into());
                set_opt(&obj, "storageError", &out.storage_error);
                set_global(&obj, global);
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
        session_js(self.auth().and_then(|a| a.session()).as_ref())
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

    /// The token the client sends: the configured bearer (the access token, or the ID token
    /// with `bearer: 'idToken'`), refreshed first when due; `null` without a session. The
    /// package's loader asks it for a session the core restored once that is no longer fresh.
    /// Not part of the typed API.
    #[wasm_bindgen(js_name = __bearer, skip_typescript)]
    pub fn bearer_token(&self) -> Promise {
        let auth = self.auth_handle();
        promise("getAccessToken", Box::pin(async move { Ok(auth.bearer().await?.map(|t| JsValue::from_str(t.expose())).unwrap_or(JsValue::NULL)) }))
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

