//! The sign-in methods of the JS `PortalClient`: `configureAuth`, `signIn`,
//! `completeSignIn`, `signOut`, `onSessionChange`, `getSession`, `getAccessToken`,
//! `getIdToken`, `refreshSession`, `forgotPassword`, `confirmForgotPassword`,
//! `changePassword`, `register`, `confirmRegistration`.
//!
//! Inputs are read with serde (a wrong shape is an `INVALID_INPUT` error, never a
//! throw); passwords and codes become [`Secret`]s at once. Results are plain objects.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::session::{TokenStore, WebStorage};
use super::{Auth, AuthConfig, AuthFlow, BearerToken, ChallengeAnswer, SessionChange, SessionInfo, SignInResult};
use crate::auth::{LocalFuture, Secret};
use crate::error::Error;
use crate::js::error::to_js;
use crate::js::PortalClient;

#[wasm_bindgen(typescript_custom_section)]
const TS_AUTH: &str = r#"
/** `USER_SRP_AUTH` (default: the password never leaves the browser) or `USER_PASSWORD_AUTH`. */
export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

/** A custom place for the session (e.g. IndexedDB, a native bridge). Methods may be async. */
export interface TokenStore {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

/** `client.configureAuth(options)`. Give `userPoolId` + `clientId`, or `orgId` + `portalId`
 *  to read them from `getPublicPortalConfigV3` (`cognito_details`). */
export interface AuthOptions {
  userPoolId?: string;
  clientId?: string;
  /** Cognito endpoint instead of https://cognito-idp.<region>.amazonaws.com/ (e.g. a local emulator). */
  endpoint?: string;
  orgId?: string;
  portalId?: string;
  /** Default `USER_SRP_AUTH`. */
  authFlow?: AuthFlow;
  /** Where the session is kept: `memory` (default), `sessionStorage`, `localStorage` or your own store. */
  storage?: 'memory' | 'sessionStorage' | 'localStorage' | TokenStore;
  /** Key in the store (default `epilot-portal-sdk.session`). */
  storageKey?: string;
  /** Refresh this many seconds before the access token expires (default 60). */
  refreshMarginSeconds?: number;
  /** Which token API calls carry (default `accessToken`). */
  bearer?: 'accessToken' | 'idToken';
}

/** The signed-in user (no tokens). */
export interface Session {
  username: string;
  email?: string;
  /** Access-token expiry, ms since the epoch. */
  expiresAt: number;
  /** The ID token's claims. */
  claims: Record<string, unknown>;
}

export type ChallengeName =
  | 'NEW_PASSWORD_REQUIRED' | 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SMS_OTP'
  | 'SELECT_MFA_TYPE' | 'MFA_SETUP' | 'CUSTOM_CHALLENGE' | (string & {});

/** A challenge Cognito wants answered with `completeSignIn`. */
export interface SignInChallenge {
  kind: 'challenge';
  name: ChallengeName;
  /** Where a code was sent (masked). */
  codeDeliveryDestination?: string;
  codeDeliveryMedium?: string;
  /** NEW_PASSWORD_REQUIRED: attributes to give with the new password. */
  requiredAttributes?: string[];
  /** NEW_PASSWORD_REQUIRED: the user's current attributes. */
  userAttributes?: Record<string, string>;
  /** SELECT_MFA_TYPE / MFA_SETUP: the methods to choose from. */
  mfaOptions?: string[];
  /** All public challenge parameters as Cognito sent them. */
  parameters: Record<string, string>;
}

export type SignInResult = { kind: 'signedIn'; session: Session } | SignInChallenge;

export interface SignInInput {
  email: string;
  password: string;
  /** Overrides the configured flow for this sign-in. */
  authFlow?: AuthFlow;
}

/** The answer to the pending challenge: `newPassword` (+ `attributes`) for NEW_PASSWORD_REQUIRED,
 *  `code` for SMS_MFA / SOFTWARE_TOKEN_MFA / EMAIL_OTP / SMS_OTP, `answer` for SELECT_MFA_TYPE
 *  (the method) and CUSTOM_CHALLENGE. */
export interface ChallengeAnswer {
  newPassword?: string;
  code?: string;
  answer?: string;
  attributes?: Record<string, string>;
}

export type SessionChangeReason = 'signedIn' | 'restored' | 'refreshed' | 'signedOut' | 'expired';
export interface SessionChange {
  reason: SessionChangeReason;
  session: Session | null;
}

/** The session is always cleared; `revoked` tells whether the API confirmed the revocation. */
export interface SignOutResult {
  revoked: boolean;
  error?: string;
}

export interface CodeDelivery {
  destination?: string;
  medium?: string;
  attribute?: string;
}

/** `createUserV3`'s body in camelCase; `orgId` / `portalId` default to `configureAuth`'s. */
export interface RegisterInput {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  contactId?: string;
  accountId?: string;
  registrationIdentifiers?: Record<string, Record<string, string>>;
  orgId?: string;
  portalId?: string;
}

/** `{ token }` from the confirmation link (`confirmUser`), or `{ email, code }` (Cognito `ConfirmSignUp`). */
export type ConfirmRegistrationInput = { token: string } | { email: string; code: string };
"#;

/// The `Auth` behind a `PortalClient` (created on first use).
#[derive(Default)]
pub(crate) struct AuthSlot(RefCell<Option<Auth>>);

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuthOptions {
    user_pool_id: Option<String>,
    client_id: Option<String>,
    endpoint: Option<String>,
    org_id: Option<String>,
    portal_id: Option<String>,
    auth_flow: Option<String>,
    storage_key: Option<String>,
    refresh_margin_seconds: Option<f64>,
    bearer: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SignInInput {
    email: String,
    password: String,
    auth_flow: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AnswerInput {
    new_password: Option<String>,
    code: Option<String>,
    answer: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EmailInput {
    email: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConfirmForgotInput {
    email: String,
    code: String,
    new_password: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ChangePasswordInput {
    old_password: String,
    new_password: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RegisterInput {
    email: String,
    password: String,
    first_name: Option<String>,
    last_name: Option<String>,
    contact_id: Option<String>,
    account_id: Option<String>,
    registration_identifiers: Option<BTreeMap<String, BTreeMap<String, String>>>,
    org_id: Option<String>,
    portal_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConfirmRegistrationInput {
    token: Option<String>,
    email: Option<String>,
    code: Option<String>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum SignInOutput<'a> {
    SignedIn { session: &'a SessionInfo },
    Challenge(&'a super::Challenge),
}

fn read<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Err(Error::invalid_input(format!("{what} is required")));
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| Error::invalid_input(format!("{what}: {e}")))
}

fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::decode(format!("the result could not be converted: {e}")))
}

fn flow(value: Option<&str>) -> Result<Option<AuthFlow>, Error> {
    match value {
        None => Ok(None),
        Some("USER_SRP_AUTH") => Ok(Some(AuthFlow::UserSrp)),
        Some("USER_PASSWORD_AUTH") => Ok(Some(AuthFlow::UserPassword)),
        Some(other) => Err(Error::invalid_input(format!("authFlow must be USER_SRP_AUTH or USER_PASSWORD_AUTH, not `{other}`"))),
    }
}

fn sign_in_output(result: &SignInResult) -> Result<JsValue, Error> {
    match result {
        SignInResult::SignedIn(session) => to_value(&SignInOutput::SignedIn { session }),
        SignInResult::Challenge(c) => to_value(&SignInOutput::Challenge(c)),
    }
}

fn session_value(session: Option<&SessionInfo>) -> JsValue {
    session.and_then(|s| to_value(s).ok()).unwrap_or(JsValue::NULL)
}

/// A promise that resolves with `run`'s value or rejects with a `PortalApiError`.
fn promise<F>(run: F) -> Promise
where
    F: std::future::Future<Output = Result<JsValue, Error>> + 'static,
{
    future_to_promise(async move { run.await.map_err(to_js) })
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
    fn new(object: JsValue) -> Result<JsStore, Error> {
        for name in ["get", "set", "remove"] {
            let f = Reflect::get(&object, &name.into()).unwrap_or(JsValue::UNDEFINED);
            if !f.is_function() {
                return Err(Error::invalid_input(format!("a custom storage needs a `{name}` method")));
            }
        }
        Ok(JsStore { object })
    }

    fn call(&self, name: &'static str, args: &[JsValue]) -> LocalFuture<Result<JsValue, Error>> {
        let object = self.object.clone();
        let args: js_sys::Array = args.iter().collect();
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
        let call = self.call("get", &[key.into()]);
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
        let call = self.call("set", &[key.into(), value.into()]);
        Box::pin(async move { call.await.map(|_| ()) })
    }
    fn remove(&self, key: &str) -> LocalFuture<Result<(), Error>> {
        let call = self.call("remove", &[key.into()]);
        Box::pin(async move { call.await.map(|_| ()) })
    }
}

fn store_from(value: &JsValue) -> Result<Option<Rc<dyn TokenStore>>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_string().as_deref() {
        Some("memory") => Ok(Some(super::session::memory())),
        Some("sessionStorage") => Ok(Some(Rc::new(WebStorage::Session))),
        Some("localStorage") => Ok(Some(Rc::new(WebStorage::Local))),
        Some(other) => Err(Error::invalid_input(format!(
            "storage must be 'memory', 'sessionStorage', 'localStorage' or an object with get/set/remove, not `{other}`"
        ))),
        None if value.is_object() => Ok(Some(Rc::new(JsStore::new(value.clone())?))),
        None => Err(Error::invalid_input("storage must be a string or an object with get/set/remove")),
    }
}

impl AuthOptions {
    fn apply(&self, config: &mut AuthConfig) -> Result<(), Error> {
        let set = |target: &mut Option<String>, v: &Option<String>| {
            if let Some(v) = v {
                *target = Some(v.clone()).filter(|s| !s.is_empty());
            }
        };
        set(&mut config.user_pool_id, &self.user_pool_id);
        set(&mut config.client_id, &self.client_id);
        set(&mut config.endpoint, &self.endpoint);
        set(&mut config.org_id, &self.org_id);
        set(&mut config.portal_id, &self.portal_id);
        if let Some(f) = flow(self.auth_flow.as_deref())? {
            config.flow = f;
        }
        if let Some(k) = &self.storage_key {
            config.storage_key = k.clone();
        }
        if let Some(s) = self.refresh_margin_seconds {
            if !(s.is_finite() && s >= 0.0) {
                return Err(Error::invalid_input("refreshMarginSeconds must be a number ≥ 0"));
            }
            config.refresh_margin_ms = s * 1000.0;
        }
        match self.bearer.as_deref() {
            None => {}
            Some("accessToken") => config.bearer = BearerToken::Access,
            Some("idToken") => config.bearer = BearerToken::Id,
            Some(other) => return Err(Error::invalid_input(format!("bearer must be 'accessToken' or 'idToken', not `{other}`"))),
        }
        Ok(())
    }
}

impl PortalClient {
    /// The client's `Auth`, created with default settings on first use.
    fn auth_handle(&self) -> Auth {
        self.auth.0.borrow_mut().get_or_insert_with(|| Auth::new(self.client().clone(), AuthConfig::default())).clone()
    }

    /// The Rust `Auth` behind this client, once sign-in was configured or used.
    pub fn auth(&self) -> Option<Auth> {
        self.auth.0.borrow().clone()
    }
}

#[wasm_bindgen(js_class = PortalClient)]
impl PortalClient {
    /// Sets where the user pool is, the flow and where the session is kept; resolves
    /// with the session read back from the store (after a reload), or `null`.
    #[wasm_bindgen(js_name = configureAuth, unchecked_return_type = "Promise<Session | null>")]
    pub fn configure_auth(&self, #[wasm_bindgen(unchecked_param_type = "AuthOptions")] options: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(async move {
            let storage = if options.is_object() { Reflect::get(&options, &"storage".into()).unwrap_or(JsValue::UNDEFINED) } else { JsValue::UNDEFINED };
            let plain = if options.is_object() {
                // `storage` may be an object with functions: read it separately.
                let copy = Object::assign(&Object::new(), options.unchecked_ref());
                let _ = Reflect::delete_property(&copy, &"storage".into());
                JsValue::from(copy)
            } else {
                options.clone()
            };
            let parsed: AuthOptions = if plain.is_undefined() || plain.is_null() { AuthOptions::default() } else { read("auth options", &plain)? };
            let store = store_from(&storage)?;
            let mut result = Ok(());
            auth.update_config(|c| result = parsed.apply(c));
            result?;
            if let Some(store) = store {
                auth.set_store(store).await;
            }
            let session = match auth.session() {
                Some(s) => Some(s),
                None => auth.restore().await?,
            };
            Ok(session_value(session.as_ref()))
        })
    }

    /// Signs in with email and password; resolves with `{ kind: 'signedIn', session }` or
    /// a challenge to answer with `completeSignIn`. Rejects with a readable error
    /// (`wrong email or password`, ...).
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn sign_in(&self, #[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(async move {
            let input: SignInInput = read("signIn input", &input).map_err(|e| e.with_operation("signIn"))?;
            let password = Secret::new(input.password);
            let flow = match flow(input.auth_flow.as_deref()).map_err(|e| e.with_operation("signIn"))? {
                Some(f) => f,
                None => auth.inner.config.borrow().flow,
            };
            let result = auth.sign_in_with(&input.email, &password, flow).await.map_err(|e| e.with_operation("signIn"))?;
            sign_in_output(&result)
        })
    }

    /// Answers the pending sign-in challenge.
    #[wasm_bindgen(js_name = completeSignIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn complete_sign_in(&self, #[wasm_bindgen(unchecked_param_type = "ChallengeAnswer")] answer: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(async move {
            let a: AnswerInput = read("completeSignIn answer", &answer).map_err(|e| e.with_operation("completeSignIn"))?;
            let answer = ChallengeAnswer {
                new_password: a.new_password.map(Secret::new),
                code: a.code.map(Secret::new),
                answer: a.answer,
                attributes: a.attributes,
            };
            let result = auth.complete_sign_in(&answer).await?;
            sign_in_output(&result)
        })
    }

    /// Revokes the refresh token (`revokeToken`) and clears the session everywhere.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<SignOutResult>")]
    pub fn sign_out(&self) -> Promise {
        let auth = self.auth_handle();
        promise(async move { to_value(&auth.sign_out().await) })
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
            let _ = Reflect::set(&event, &"reason".into(), &change.as_str().into());
            let _ = Reflect::set(&event, &"session".into(), &session_value(session));
            let _ = f.call1(&JsValue::NULL, &event);
        })));
        Ok(())
    }

    /// The current session, or `null`.
    #[wasm_bindgen(js_name = getSession, unchecked_return_type = "Session | null")]
    pub fn get_session(&self) -> JsValue {
        session_value(self.auth().and_then(|a| a.session()).as_ref())
    }

    /// The access token (refreshed first when about to expire), or `null`.
    #[wasm_bindgen(js_name = getAccessToken, unchecked_return_type = "Promise<string | null>")]
    pub fn get_access_token(&self) -> Promise {
        let auth = self.auth_handle();
        promise(async move { Ok(auth.access_token().await?.map(|t| JsValue::from_str(t.expose())).unwrap_or(JsValue::NULL)) })
    }

    /// The ID token (refreshed first when the session is about to expire), or `null`.
    #[wasm_bindgen(js_name = getIdToken, unchecked_return_type = "Promise<string | null>")]
    pub fn get_id_token(&self) -> Promise {
        let auth = self.auth_handle();
        promise(async move { Ok(auth.id_token().await?.map(|t| JsValue::from_str(t.expose())).unwrap_or(JsValue::NULL)) })
    }

    /// Refreshes the tokens now (shared with any refresh already running).
    #[wasm_bindgen(js_name = refreshSession, unchecked_return_type = "Promise<Session>")]
    pub fn refresh_session(&self) -> Promise {
        let auth = self.auth_handle();
        promise(async move { to_value(&auth.refresh().await?) })
    }

    /// Sends a password-reset code.
    #[wasm_bindgen(js_name = forgotPassword, unchecked_return_type = "Promise<CodeDelivery>")]
    pub fn forgot_password(&self, #[wasm_bindgen(unchecked_param_type = "{ email: string }")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(async move {
            let input: EmailInput = read("forgotPassword input", &input).map_err(|e| e.with_operation("forgotPassword"))?;
            to_value(&auth.forgot_password(&input.email).await?)
        })
    }

    /// Sets a new password with the emailed code.
    #[wasm_bindgen(js_name = confirmForgotPassword, unchecked_return_type = "Promise<void>")]
    pub fn confirm_forgot_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ email: string; code: string; newPassword: string }")] input: JsValue,
    ) -> Promise {
        let auth = self.auth_handle();
        promise(async move {
            let input: ConfirmForgotInput = read("confirmForgotPassword input", &input).map_err(|e| e.with_operation("confirmForgotPassword"))?;
            let (code, pw) = (Secret::new(input.code), Secret::new(input.new_password));
            auth.confirm_forgot_password(&input.email, &code, &pw).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Changes the signed-in user's password.
    #[wasm_bindgen(js_name = changePassword, unchecked_return_type = "Promise<void>")]
    pub fn change_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ oldPassword: string; newPassword: string }")] input: JsValue,
    ) -> Promise {
        let auth = self.auth_handle();
        promise(async move {
            let input: ChangePasswordInput = read("changePassword input", &input).map_err(|e| e.with_operation("changePassword"))?;
            let (old, new) = (Secret::new(input.old_password), Secret::new(input.new_password));
            auth.change_password(&old, &new).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Registers a portal user (`createUserV3`); the user then confirms (`confirmRegistration`).
    #[wasm_bindgen(unchecked_return_type = "Promise<{ message?: string }>")]
    pub fn register(&self, #[wasm_bindgen(unchecked_param_type = "RegisterInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(async move {
            let i: RegisterInput = read("register input", &input).map_err(|e| e.with_operation("createUserV3"))?;
            let mut body = serde_json::Map::new();
            body.insert("email".into(), i.email.into());
            body.insert("password".into(), i.password.into());
            let mut opt = |k: &str, v: Option<String>| {
                if let Some(v) = v {
                    body.insert(k.into(), v.into());
                }
            };
            opt("first_name", i.first_name);
            opt("last_name", i.last_name);
            opt("contactId", i.contact_id);
            opt("account_id", i.account_id);
            opt("orgId", i.org_id);
            if let Some(r) = i.registration_identifiers {
                body.insert("registration_identifiers".into(), serde_json::to_value(r).unwrap_or_default());
            }
            to_value(&auth.register(body, i.portal_id).await?)
        })
    }

    /// Confirms a registration: `{ token }` from the confirmation link, or `{ email, code }`.
    #[wasm_bindgen(js_name = confirmRegistration, unchecked_return_type = "Promise<unknown>")]
    pub fn confirm_registration(&self, #[wasm_bindgen(unchecked_param_type = "ConfirmRegistrationInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(async move {
            let i: ConfirmRegistrationInput = read("confirmRegistration input", &input).map_err(|e| e.with_operation("confirmRegistration"))?;
            match (i.token, i.email, i.code) {
                (Some(token), None, None) => to_value(&auth.confirm_registration(&token).await?),
                (None, Some(email), Some(code)) => {
                    auth.confirm_sign_up(&email, &Secret::new(code)).await?;
                    Ok(JsValue::UNDEFINED)
                }
                _ => Err(Error::invalid_input("confirmRegistration takes { token } or { email, code }").with_operation("confirmRegistration")),
            }
        })
    }
}
