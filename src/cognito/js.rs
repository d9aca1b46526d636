//! The sign-in methods of the JS `PortalClient`: `configureAuth`, `signIn`,
//! `completeSignIn`, `signOut`, `onSessionChange`, `getSession`, `getAccessToken`,
//! `refreshSession`, `forgotPassword`, `confirmForgotPassword`, `register`,
//! `confirmRegistration`.
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
use super::{Auth, AuthConfig, AuthFlow, BearerToken, Challenge, ChallengeAnswer, Registration, SessionChange, SessionInfo, SignInResult};
use crate::auth::{LocalFuture, Secret};
use crate::error::Error;
use crate::js::error::to_js;
use crate::js::PortalClient;

/// The methods of the other sign-in flows, MFA, devices and the user's account.
#[path = "js_flows.rs"]
mod flows;

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

/// A caller's input object, read member by member.
struct Input {
    what: &'static str,
    value: JsValue,
}

impl Input {
    fn new(what: &'static str, value: JsValue, allowed: &[&str]) -> Result<Input, Error> {
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

    fn raw(&self, key: &str) -> Option<JsValue> {
        let v = Reflect::get(&self.value, &key.into()).ok()?;
        (!v.is_undefined() && !v.is_null()).then_some(v)
    }

    fn opt(&self, key: &str) -> Result<Option<String>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| Error::invalid_input(format!("{}: `{key}` must be a string", self.what))),
        }
    }

    fn req(&self, key: &str) -> Result<String, Error> {
        self.opt(key)?.filter(|s| !s.is_empty()).ok_or_else(|| Error::invalid_input(format!("{}: `{key}` is required", self.what)))
    }

    fn num(&self, key: &str) -> Result<Option<f64>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| Error::invalid_input(format!("{}: `{key}` must be a number", self.what))),
        }
    }

    /// A `Record<string, string>` member.
    fn strings(&self, key: &str) -> Result<Vec<(String, String)>, Error> {
        let Some(v) = self.raw(key) else { return Ok(Vec::new()) };
        string_record(&v).ok_or_else(|| Error::invalid_input(format!("{}: `{key}` must be an object of strings", self.what)))
    }
}

fn string_record(v: &JsValue) -> Option<Vec<(String, String)>> {
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

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

fn set_opt(obj: &Object, key: &str, value: &Option<String>) {
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

fn session_js(session: Option<&SessionInfo>) -> JsValue {
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

fn sign_in_js(result: &SignInResult) -> JsValue {
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

fn flow(value: Option<&str>) -> Result<Option<AuthFlow>, Error> {
    match value {
        None => Ok(None),
        Some("USER_SRP_AUTH") => Ok(Some(AuthFlow::UserSrp)),
        Some("USER_PASSWORD_AUTH") => Ok(Some(AuthFlow::UserPassword)),
        Some(other) => Err(Error::invalid_input(format!("authFlow must be USER_SRP_AUTH, USER_PASSWORD_AUTH or (for signIn) USER_AUTH, not `{other}`"))),
    }
}

/// A promise that resolves with `run`'s value or rejects with a `PortalApiError`
/// (tagged with `operation` when the error has none yet).
fn promise(operation: &'static str, run: LocalFuture<Result<JsValue, Error>>) -> Promise {
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

fn store_from(value: Option<JsValue>) -> Result<Option<Rc<dyn TokenStore>>, Error> {
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

const AUTH_OPTIONS: &[&str] =
    &["userPoolId", "clientId", "endpoint", "orgId", "portalId", "authFlow", "storage", "storageKey", "refreshMarginSeconds", "bearer"];

fn apply_options(input: &Input, config: &mut AuthConfig) -> Result<(), Error> {
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
    pub fn sign_in(&self, #[wasm_bindgen(unchecked_param_type = "SignInInput | UserAuthSignInInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "signIn",
            Box::pin(async move {
                let input = Input::new("signIn input", input, &["email", "password", "authFlow", "preferredChallenge"])?;
                if input.opt("authFlow")?.as_deref() == Some("USER_AUTH") || input.raw("preferredChallenge").is_some() {
                    return flows::sign_in_user_auth(&auth, &input).await;
                }
                let email = input.req("email")?;
                let password = Secret::new(input.req("password")?);
                let flow = match flow(input.opt("authFlow")?.as_deref())? {
                    Some(f) => f,
                    None => auth.inner.config.borrow().flow,
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
                let a = Input::new("completeSignIn answer", answer, &["newPassword", "code", "answer", "attributes", "password", "clientMetadata"])?;
                let answer = ChallengeAnswer {
                    new_password: a.opt("newPassword")?.map(Secret::new),
                    code: a.opt("code")?.map(Secret::new),
                    answer: a.opt("answer")?,
                    attributes: a.strings("attributes")?,
                    password: a.opt("password")?.map(Secret::new),
                    client_metadata: a.strings("clientMetadata")?,
                };
                Ok(sign_in_js(&auth.complete_sign_in(&answer).await?))
            }),
        )
    }

    /// Revokes the refresh token (`revokeToken`) and clears the session everywhere; with
    /// `{ global: true }` first signs the user out on every device (`GlobalSignOut`).
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<SignOutResult>")]
    pub fn sign_out(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignOutOptions")] options: Option<JsValue>) -> Promise {
        let auth = self.auth_handle();
        promise(
            "signOut",
            Box::pin(async move {
                let (out, global) = flows::sign_out(&auth, options).await?;
                let obj = Object::new();
                set(&obj, "revoked", &out.revoked.into());
                set_opt(&obj, "error", &out.error);
                flows::set_global(&obj, global);
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
