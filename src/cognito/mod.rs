//! Sign-in without Amplify: the portal's Amazon Cognito user pool, spoken to directly.
//!
//! * [`srp`]: SRP-6a as Cognito does it (`USER_SRP_AUTH`, the default: the password
//!   never leaves the browser); `USER_PASSWORD_AUTH` is an option.
//! * [`api`]: the Cognito JSON 1.1 calls through the SDK's fetch, errors made readable.
//! * [`session`]: tokens, expiry, where they are kept ([`TokenStore`]).
//! * `js`: the JS methods (`signIn`, `completeSignIn`, `signOut`, ...), on `PortalClient`
//!   or on the npm package's separately loaded sign-in module (see [`AuthHost`]).
//!
//! An [`Auth`] drives one [`Client`]: on sign-in it authorizes the client with a token
//! source that refreshes the access token (`REFRESH_TOKEN_AUTH`) shortly before it
//! expires, and installs an `onUnauthorized` hook that refreshes after a 401 (the
//! client repeats the call once). Every refresh, whichever asked for it, is shared:
//! concurrent calls wait for one refresh.
//!
//! ```no_run
//! # async fn demo() -> Result<(), epilot_portal_sdk::Error> {
//! use epilot_portal_sdk::{cognito::{Auth, AuthConfig, SignInResult}, Client, Config, Secret};
//! let client = Client::new(Config::default());
//! let auth = Auth::new(client.clone(), AuthConfig { org_id: Some("123".into()), portal_id: Some("abc".into()), ..AuthConfig::default() });
//! match auth.sign_in("me@example.com", &Secret::new("pw")).await? {
//!     SignInResult::SignedIn(session) => println!("hello {}", session.username),
//!     SignInResult::Challenge(c) => println!("answer {} with complete_sign_in", c.name),
//! }
//! let contact = client.get_contact().await?;
//! # Ok(()) }
//! ```

pub mod api;
pub mod bignum;
pub mod host;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod js;
pub mod json;
pub mod session;
pub mod srp;
mod types;
mod account;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::JsValue;

use crate::auth::{Secret, TokenSource};
use crate::client::Client;
use crate::error::Error;
use crate::generated::operations;
use crate::operation::Operation;
use crate::request::ParamValue;
use crate::transport;
use api::Purpose;
pub use host::AuthHost;
use json::{Json, Obj};
pub use session::{MemoryStore, SessionInfo, TokenStore, Tokens, WebStorage};
pub use types::*;

struct Pending {
    name: String,
    session: Option<Secret>,
    username: String,
    pool: Pool,
}

/// One running refresh, shared by everyone who needs it.
struct Refresh {
    promise: js_sys::Promise,
    outcome: Rc<RefCell<Option<Result<(), Error>>>>,
}

struct Inner {
    client: Rc<dyn AuthHost>,
    config: RefCell<AuthConfig>,
    pool: RefCell<Option<Pool>>,
    store: RefCell<Rc<dyn TokenStore>>,
    tokens: RefCell<Option<Tokens>>,
    pending: RefCell<Option<Pending>>,
    refreshing: RefCell<Option<Refresh>>,
    listener: RefCell<Option<SessionListener>>,
    /// Bumped on every sign-in and sign-out: a refresh that finishes after either
    /// must not bring the old session back.
    epoch: Cell<u64>,
}

/// Sign-in and session for one [`Client`]. Cheap to clone. Keep it alive as long as
/// the client should stay signed in (the client holds it weakly).
#[derive(Clone)]
pub struct Auth {
    inner: Rc<Inner>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("pool", &*self.inner.pool.borrow())
            .field("signed_in", &self.inner.tokens.borrow().is_some())
            .finish_non_exhaustive()
    }
}

impl Auth {
    /// With the session kept in memory; see [`Auth::with_store`].
    pub fn new(client: Client, config: AuthConfig) -> Auth {
        Auth::with_store(client, config, session::memory())
    }

    pub fn with_store(client: Client, config: AuthConfig, store: Rc<dyn TokenStore>) -> Auth {
        Auth::with_host(client.into(), config, store)
    }

    /// Driving another client than a Rust [`Client`] (see [`AuthHost`]).
    pub fn with_host(client: Rc<dyn AuthHost>, config: AuthConfig, store: Rc<dyn TokenStore>) -> Auth {
        Auth {
            inner: Rc::new(Inner {
                client,
                config: RefCell::new(config),
                pool: RefCell::new(None),
                store: RefCell::new(store),
                tokens: RefCell::new(None),
                pending: RefCell::new(None),
                refreshing: RefCell::new(None),
                listener: RefCell::new(None),
                epoch: Cell::new(0),
            }),
        }
    }

    /// Called with every session change (sign-in, restore, refresh, sign-out, expiry).
    pub fn on_session_change(&self, listener: Option<SessionListener>) {
        *self.inner.listener.borrow_mut() = listener;
    }

    /// The current session (no tokens), if signed in.
    pub fn session(&self) -> Option<SessionInfo> {
        self.inner.tokens.borrow().as_ref().map(Tokens::info)
    }

    /// One API operation (no retries beyond the client's own), its answer as JSON.
    async fn api(&self, op: &'static Operation, params: host::Params, body: Option<String>) -> Result<Json, Error> {
        let text = self.inner.client.call(op, params, body).await.map_err(|e| e.with_operation(op.id))?;
        Json::parse(if text.trim().is_empty() { "{}" } else { &text })
            .ok_or_else(|| Error::decode("the API's answer is not JSON").with_operation(op.id))
    }

    /// The pool: from the config, else from the portal's public config (cached).
    pub async fn pool(&self) -> Result<Pool, Error> {
        if let Some(pool) = self.inner.pool.borrow().clone() {
            return Ok(pool);
        }
        let config = self.inner.config.borrow().clone();
        let (user_pool_id, client_id) = match (config.user_pool_id, config.client_id) {
            (Some(p), Some(c)) => (p, c),
            (p, c) => {
                let (Some(org_id), Some(portal_id)) = (config.org_id, config.portal_id) else {
                    return Err(Error::invalid_input(
                        "sign-in needs the portal's pool: call configureAuth with userPoolId and clientId, or orgId and portalId to read them from the portal config",
                    ));
                };
                let op = &operations::GET_PUBLIC_PORTAL_CONFIG_V3;
                let answer = self.api(op, vec![("org_id", ParamValue::Str(org_id)), ("portal_id", ParamValue::Str(portal_id))], None).await?;
                let details = answer.get("cognito_details");
                let get = |k: &str| details.as_ref().and_then(|d| d.str(k)).filter(|s| !s.is_empty());
                match (p.or_else(|| get("cognito_user_pool_id")), c.or_else(|| get("cognito_user_pool_client_id"))) {
                    (Some(p), Some(c)) => (p, c),
                    _ => return Err(Error::decode("the portal config has no cognito_details (user pool id and client id)").with_operation(op.id)),
                }
            }
        };
        let endpoint = match config.endpoint {
            Some(e) => e,
            None => api::endpoint_for_pool(&user_pool_id)?,
        };
        let pool = Pool { user_pool_id, client_id, endpoint };
        *self.inner.pool.borrow_mut() = Some(pool.clone());
        Ok(pool)
    }

    async fn cognito(&self, pool: &Pool, action: &str, body: String, purpose: Purpose, secrets: &[&str]) -> Result<Json, Error> {
        let timeout = self.inner.client.timeout_ms().or(Some(30_000));
        api::call(&pool.endpoint, action, body, purpose, secrets, timeout).await
    }

    /// Reads a session kept by the token store (after a reload) and, when there is
    /// one for this pool, authorizes the client with it.
    pub async fn restore(&self) -> Result<Option<SessionInfo>, Error> {
        let key = self.inner.config.borrow().storage_key.clone();
        let store = self.inner.store.borrow().clone();
        let Some(text) = store.get(&key).await? else { return Ok(None) };
        let Some(tokens) = Tokens::from_stored(&text) else {
            let _ = store.remove(&key).await;
            return Ok(None);
        };
        let config = self.inner.config.borrow().clone();
        let foreign = config.user_pool_id.as_ref().is_some_and(|p| *p != tokens.user_pool_id)
            || config.client_id.as_ref().is_some_and(|c| *c != tokens.client_id);
        if foreign {
            return Ok(None);
        }
        if self.inner.pool.borrow().is_none() && config.user_pool_id.is_none() {
            // Refreshing needs the pool: take it from the stored session.
            let endpoint = match config.endpoint {
                Some(e) => e,
                None => api::endpoint_for_pool(&tokens.user_pool_id)?,
            };
            *self.inner.pool.borrow_mut() =
                Some(Pool { user_pool_id: tokens.user_pool_id.clone(), client_id: tokens.client_id.clone(), endpoint });
        }
        self.inner.epoch.set(self.inner.epoch.get() + 1);
        let info = tokens.info();
        *self.inner.tokens.borrow_mut() = Some(tokens);
        self.install();
        self.emit(SessionChange::Restored);
        Ok(Some(info))
    }

    /// Signs in with email (or user name) and password, with the configured flow.
    pub async fn sign_in(&self, email: &str, password: &Secret) -> Result<SignInResult, Error> {
        let flow = self.inner.config.borrow().flow;
        self.sign_in_with(email, password, flow).await
    }

    pub async fn sign_in_with(&self, email: &str, password: &Secret, flow: AuthFlow) -> Result<SignInResult, Error> {
        self.sign_in_inner(email, password, flow).await.map_err(|e| e.with_operation("signIn"))
    }

    async fn sign_in_inner(&self, email: &str, password: &Secret, flow: AuthFlow) -> Result<SignInResult, Error> {
        let email = email.trim();
        if email.is_empty() || password.expose().is_empty() {
            return Err(Error::invalid_input("email and password are required"));
        }
        let pool = self.pool().await?;
        self.inner.pending.borrow_mut().take();
        let pw = password.expose();
        let start = |params: String| Obj::new().str("AuthFlow", flow.as_str()).str("ClientId", &pool.client_id).raw("AuthParameters", &params).finish();
        if flow == AuthFlow::UserPassword {
            let body = start(Obj::new().str("USERNAME", email).str("PASSWORD", pw).finish());
            let answer = self.cognito(&pool, "InitiateAuth", body, Purpose::SignIn, &[pw]).await?;
            return self.handle_answer(&pool, answer, email).await;
        }
        let random = srp::random_bytes(srp::SMALL_A_BYTES)?;
        let client = srp::SrpClient::new(&random)?;
        let body = start(Obj::new().str("USERNAME", email).str("SRP_A", &client.large_a_hex()).finish());
        let answer = self.cognito(&pool, "InitiateAuth", body, Purpose::SignIn, &[]).await?;
        if answer.str("ChallengeName").as_deref() != Some("PASSWORD_VERIFIER") {
            return self.handle_answer(&pool, answer, email).await;
        }
        let params = answer.get("ChallengeParameters");
        let param = |k: &str| {
            params.as_ref().and_then(|p| p.str(k)).ok_or_else(|| Error::decode(format!("Cognito's PASSWORD_VERIFIER challenge has no {k}")))
        };
        let user_id = param("USER_ID_FOR_SRP")?;
        let b = srp::parse_hex("SRP_B", &param("SRP_B")?)?;
        let salt = srp::parse_hex("SALT", &param("SALT")?)?;
        let secret_block = param("SECRET_BLOCK")?;
        let pool_name = srp::pool_name(&pool.user_pool_id);
        let key = client.password_key(pool_name, &user_id, pw, &b, &salt)?;
        let timestamp = srp::timestamp(transport::now_ms());
        let signature = srp::signature(&key, pool_name, &user_id, &secret_block, &timestamp)?;
        let responses = Obj::new()
            .str("USERNAME", &user_id)
            .str("PASSWORD_CLAIM_SECRET_BLOCK", &secret_block)
            .str("TIMESTAMP", &timestamp)
            .str("PASSWORD_CLAIM_SIGNATURE", &signature)
            .finish();
        let body = Obj::new()
            .str("ChallengeName", "PASSWORD_VERIFIER")
            .str("ClientId", &pool.client_id)
            .opt_str("Session", answer.str("Session").as_deref())
            .raw("ChallengeResponses", &responses)
            .finish();
        let answer = self.cognito(&pool, "RespondToAuthChallenge", body, Purpose::SignIn, &[&secret_block]).await?;
        self.handle_answer(&pool, answer, &user_id).await
    }

    /// Tokens → signed in; a challenge → kept pending and returned to the caller.
    async fn handle_answer(&self, pool: &Pool, answer: Json, username: &str) -> Result<SignInResult, Error> {
        if let Some(result) = answer.get("AuthenticationResult").filter(Json::is_object) {
            let tokens = Tokens::from_result(&result, username, &pool.user_pool_id, &pool.client_id, None, transport::now_ms())?;
            let info = tokens.info();
            self.start_session(tokens).await;
            return Ok(SignInResult::SignedIn(info));
        }
        let Some(name) = answer.str("ChallengeName") else {
            return Err(Error::decode("Cognito answered with neither tokens nor a challenge"));
        };
        let params = answer.get("ChallengeParameters").map(|p| p.string_entries()).unwrap_or_default();
        let user = find(&params, "USER_ID_FOR_SRP").or_else(|| find(&params, "USERNAME")).cloned().unwrap_or_else(|| username.to_string());
        let session = answer.str("Session").map(Secret::new);
        *self.inner.pending.borrow_mut() = Some(Pending { name: name.clone(), session, username: user, pool: pool.clone() });
        Ok(SignInResult::Challenge(challenge_of(&name, params)))
    }

    /// The pending challenge's name, if any.
    pub fn pending_challenge(&self) -> Option<String> {
        self.inner.pending.borrow().as_ref().map(|p| p.name.clone())
    }

    /// Answers the pending challenge. A wrong code keeps the challenge pending, so the
    /// user can try again.
    pub async fn complete_sign_in(&self, answer: &ChallengeAnswer) -> Result<SignInResult, Error> {
        self.complete(answer).await.map_err(|e| e.with_operation("completeSignIn"))
    }

    async fn complete(&self, answer: &ChallengeAnswer) -> Result<SignInResult, Error> {
        let Some(pending) = self.inner.pending.borrow_mut().take() else {
            return Err(Error::invalid_input("there is no sign-in challenge to complete: call signIn first"));
        };
        let name = pending.name.as_str();
        let value = |v: &Option<Secret>| v.as_ref().filter(|s| !s.expose().is_empty()).map(|s| s.expose().to_string());
        // (response key, value, is it secret), or why the answer does not fit.
        let response = match name {
            "NEW_PASSWORD_REQUIRED" => value(&answer.new_password).map(|v| ("NEW_PASSWORD".to_string(), v, true)).ok_or("newPassword"),
            "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | "SMS_OTP" => {
                value(&answer.code).map(|v| (format!("{name}_CODE"), v, true)).ok_or("code")
            }
            "SELECT_MFA_TYPE" | "SELECT_CHALLENGE" | "CUSTOM_CHALLENGE" => {
                answer.answer.clone().filter(|a| !a.is_empty()).map(|v| ("ANSWER".to_string(), v, name == "CUSTOM_CHALLENGE")).ok_or("answer")
            }
            _ => Err(""),
        };
        let (key, value, secret) = match response {
            Ok(r) => r,
            Err(what) => {
                let message = if what.is_empty() {
                    format!("the {name} challenge is not supported by this SDK yet")
                } else {
                    format!("the {name} challenge needs `{what}`")
                };
                *self.inner.pending.borrow_mut() = Some(pending);
                return Err(Error::invalid_input(message));
            }
        };
        let mut responses = Obj::new().str("USERNAME", &pending.username).str(&key, &value);
        if name == "NEW_PASSWORD_REQUIRED" {
            for (k, v) in &answer.attributes {
                responses = responses.str(&format!("userAttributes.{k}"), v);
            }
        }
        let body = Obj::new()
            .str("ChallengeName", name)
            .str("ClientId", &pending.pool.client_id)
            .opt_str("Session", pending.session.as_ref().map(Secret::expose))
            .raw("ChallengeResponses", &responses.finish())
            .finish();
        let secrets: &[&str] = if secret { &[&value] } else { &[] };
        match self.cognito(&pending.pool, "RespondToAuthChallenge", body, Purpose::Account, secrets).await {
            Ok(answer) => {
                let pool = pending.pool.clone();
                let user = pending.username.clone();
                self.handle_answer(&pool, answer, &user).await
            }
            Err(e) => {
                // A wrong code or a weak new password can be tried again in the same session.
                let retry = matches!(
                    api::error_type(&e).as_deref(),
                    Some("CodeMismatchException" | "InvalidPasswordException" | "InvalidParameterException")
                );
                if retry {
                    *self.inner.pending.borrow_mut() = Some(pending);
                }
                Err(e)
            }
        }
    }

    async fn start_session(&self, tokens: Tokens) {
        self.inner.epoch.set(self.inner.epoch.get() + 1);
        self.inner.pending.borrow_mut().take();
        *self.inner.tokens.borrow_mut() = Some(tokens);
        self.install();
        self.persist().await;
        self.emit(SessionChange::SignedIn);
    }

    /// Authorizes the client with this session and installs the 401 hook. Also bumps
    /// the client's credential generation, so a late 401 retries instead of refreshing.
    fn install(&self) {
        let weak = Rc::downgrade(&self.inner);
        self.inner.client.authorize(TokenSource::Dynamic(Rc::new(move || {
            let auth = weak.upgrade().map(|inner| Auth { inner });
            Box::pin(async move {
                match auth {
                    Some(auth) => auth.bearer().await,
                    None => Ok(None),
                }
            })
        })));
        let weak: Weak<Inner> = Rc::downgrade(&self.inner);
        self.inner.client.on_unauthorized(Some(Rc::new(move || {
            let auth = weak.upgrade().map(|inner| Auth { inner });
            Box::pin(async move {
                match auth {
                    Some(auth) => auth.refresh().await.map(|_| ()),
                    None => Err(Error::invalid_input("signed out")),
                }
            })
        })));
    }

    fn uninstall(&self) {
        self.inner.client.authorize(TokenSource::None);
        self.inner.client.on_unauthorized(None);
    }

    async fn persist(&self) {
        let text = self.inner.tokens.borrow().as_ref().map(Tokens::to_stored);
        let key = self.inner.config.borrow().storage_key.clone();
        let store = self.inner.store.borrow().clone();
        // A store that fails must not fail the sign-in: the session still works in memory.
        let _ = match text {
            Some(t) => store.set(&key, t).await,
            None => store.remove(&key).await,
        };
    }

    fn emit(&self, change: SessionChange) {
        let listener = self.inner.listener.borrow().clone();
        if let Some(listener) = listener {
            let info = self.session();
            listener(change, info.as_ref());
        }
    }

    /// The bearer token for the next request, refreshed first when it expires within
    /// the margin. Used by the client's token source.
    fn bearer(&self) -> transport_future::Boxed<Option<Secret>> {
        let me = self.clone();
        Box::pin(async move {
            let (expires_at, can_refresh) = match me.inner.tokens.borrow().as_ref() {
                None => return Ok(None),
                Some(t) => (t.expires_at_ms, t.refresh_token.is_some()),
            };
            let margin = me.inner.config.borrow().refresh_margin_ms;
            let now = transport::now_ms();
            if can_refresh && now >= expires_at - margin {
                if let Err(e) = me.refresh().await {
                    // Not expired yet (or the refresh token was refused: then no session is
                    // left and the call goes without a token): go on with what there is.
                    if now >= expires_at && me.inner.tokens.borrow().is_some() {
                        return Err(e);
                    }
                }
            }
            let bearer = me.inner.config.borrow().bearer;
            Ok(me.inner.tokens.borrow().as_ref().map(|t| match (bearer, &t.id_token) {
                (BearerToken::Id, Some(id)) => id.clone(),
                _ => t.access_token.clone(),
            }))
        })
    }

    /// The access token, refreshed first when it is about to expire.
    pub async fn access_token(&self) -> Result<Option<Secret>, Error> {
        self.bearer().await?;
        Ok(self.inner.tokens.borrow().as_ref().map(|t| t.access_token.clone()))
    }

    /// The ID token, refreshed first when the session is about to expire.
    pub async fn id_token(&self) -> Result<Option<Secret>, Error> {
        self.bearer().await?;
        Ok(self.inner.tokens.borrow().as_ref().and_then(|t| t.id_token.clone()))
    }

    /// Refreshes the tokens now (`REFRESH_TOKEN_AUTH`). Concurrent callers share one
    /// refresh. A refused refresh token ends the session (`Expired`).
    pub fn refresh(&self) -> transport_future::Boxed<SessionInfo> {
        let me = self.clone();
        Box::pin(async move {
            let (promise, outcome) = {
                let mut running = me.inner.refreshing.borrow_mut();
                match running.as_ref() {
                    Some(r) => (r.promise.clone(), r.outcome.clone()),
                    None => {
                        let outcome: Rc<RefCell<Option<Result<(), Error>>>> = Rc::new(RefCell::new(None));
                        let task = me.clone();
                        let slot = outcome.clone();
                        let promise = wasm_bindgen_futures::future_to_promise(async move {
                            let result = task.refresh_now().await;
                            *slot.borrow_mut() = Some(result);
                            task.inner.refreshing.borrow_mut().take();
                            Ok(JsValue::UNDEFINED)
                        });
                        *running = Some(Refresh { promise: promise.clone(), outcome: outcome.clone() });
                        (promise, outcome)
                    }
                }
            };
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            let result = outcome.borrow().clone().unwrap_or_else(|| Err(Error::invalid_input("the refresh did not finish")));
            result.map_err(|e| e.with_operation("refreshSession"))?;
            me.session().ok_or_else(|| Error::invalid_input("not signed in"))
        })
    }

    async fn refresh_now(&self) -> Result<(), Error> {
        let epoch = self.inner.epoch.get();
        let (refresh_token, username) = match self.inner.tokens.borrow().as_ref() {
            Some(Tokens { refresh_token: Some(r), username, .. }) => (r.clone(), username.clone()),
            Some(_) => return Err(Error::invalid_input("this session has no refresh token: sign in again")),
            None => return Err(Error::invalid_input("not signed in")),
        };
        let pool = self.pool().await?;
        let body = Obj::new()
            .str("AuthFlow", "REFRESH_TOKEN_AUTH")
            .str("ClientId", &pool.client_id)
            .raw("AuthParameters", &Obj::new().str("REFRESH_TOKEN", refresh_token.expose()).finish())
            .finish();
        let answer = self.cognito(&pool, "InitiateAuth", body, Purpose::Refresh, &[refresh_token.expose()]).await;
        if self.inner.epoch.get() != epoch {
            return Err(Error::invalid_input("the session changed while it was being refreshed"));
        }
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                if api::error_type(&e).as_deref() == Some("NotAuthorizedException") {
                    self.clear(SessionChange::Expired).await;
                }
                return Err(e);
            }
        };
        let result = answer.get("AuthenticationResult").ok_or_else(|| Error::decode("Cognito's refresh answer has no AuthenticationResult"))?;
        let tokens = Tokens::from_result(&result, &username, &pool.user_pool_id, &pool.client_id, Some(&refresh_token), transport::now_ms())?;
        *self.inner.tokens.borrow_mut() = Some(tokens);
        // Re-authorize (same source): calls that got a 401 with the old token retry
        // with the new one instead of refreshing again.
        self.install();
        self.persist().await;
        self.emit(SessionChange::Refreshed);
        Ok(())
    }

    async fn clear(&self, change: SessionChange) {
        self.inner.epoch.set(self.inner.epoch.get() + 1);
        self.inner.pending.borrow_mut().take();
        let had = self.inner.tokens.borrow_mut().take().is_some();
        self.uninstall();
        self.persist().await;
        if had {
            self.emit(change);
        }
    }

    /// Revokes the refresh token through the API's `revokeToken`, then clears the
    /// session everywhere (memory, token store, the client's authorization), whether
    /// or not the revocation succeeded.
    pub async fn sign_out(&self) -> SignOutResult {
        let refresh = self.inner.tokens.borrow().as_ref().and_then(|t| t.refresh_token.clone());
        let outcome = match refresh {
            None => SignOutResult { revoked: false, error: None },
            Some(token) => {
                let body = Obj::new().str("refresh_token", token.expose()).finish();
                match self.api(&operations::REVOKE_TOKEN, Vec::new(), Some(body)).await {
                    Ok(_) => SignOutResult { revoked: true, error: None },
                    Err(e) => SignOutResult { revoked: false, error: Some(e.to_string()) },
                }
            }
        };
        self.clear(SessionChange::SignedOut).await;
        outcome
    }

    /// Changes where the session is kept (and moves a current session there).
    pub async fn set_store(&self, store: Rc<dyn TokenStore>) {
        *self.inner.store.borrow_mut() = store;
        if self.inner.tokens.borrow().is_some() {
            self.persist().await;
        }
    }

    /// Changes the settings (pool, flow, margin, ...). A changed pool drops the cached one.
    pub fn update_config(&self, change: impl FnOnce(&mut AuthConfig)) {
        let mut config = self.inner.config.borrow_mut();
        change(&mut config);
        let cached = self.inner.pool.borrow().clone();
        if let Some(pool) = cached {
            let stale = config.user_pool_id.as_ref().is_some_and(|p| *p != pool.user_pool_id)
                || config.client_id.as_ref().is_some_and(|c| *c != pool.client_id)
                || config.endpoint.as_ref().is_some_and(|e| *e != pool.endpoint);
            if stale {
                self.inner.pool.borrow_mut().take();
            }
        }
    }
}

/// Boxed futures at the refresh boundary, so the shared refresh is compiled once.
mod transport_future {
    pub type Boxed<T> = crate::auth::LocalFuture<Result<T, crate::error::Error>>;
}

/// The value of `key` in a list of pairs.
pub fn find<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_password_challenge_is_typed() {
        let p = vec![
            ("USER_ID_FOR_SRP".to_string(), "u1".to_string()),
            ("requiredAttributes".to_string(), "[\"userAttributes.given_name\"]".to_string()),
            ("userAttributes".to_string(), "{\"email\":\"a@b.c\",\"email_verified\":\"true\"}".to_string()),
        ];
        let c = challenge_of("NEW_PASSWORD_REQUIRED", p);
        assert_eq!(c.required_attributes, vec!["given_name".to_string()]);
        assert_eq!(find(&c.user_attributes, "email").map(String::as_str), Some("a@b.c"));
        let m = challenge_of("SELECT_MFA_TYPE", vec![("MFAS_CAN_CHOOSE".to_string(), "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]".to_string())]);
        assert_eq!(m.mfa_options, vec!["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    }

    #[test]
    fn debug_shows_no_secret() {
        let a = ChallengeAnswer { new_password: Some(Secret::new("n3w-Secret!")), code: Some(Secret::new("123456")), ..Default::default() };
        let d = format!("{a:?}");
        assert!(!d.contains("n3w-Secret!") && !d.contains("123456"), "{d}");
        let auth = Auth::new(Client::default(), AuthConfig::default());
        assert!(format!("{auth:?}").contains("signed_in: false"));
    }
}
