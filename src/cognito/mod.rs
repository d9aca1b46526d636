//! Sign-in without Amplify: the portal's Amazon Cognito user pool, spoken to directly.
//!
//! * [`srp`]: SRP-6a as Cognito does it (`USER_SRP_AUTH`, the default: the password
//!   never leaves the browser); `USER_PASSWORD_AUTH` is an option.
//! * [`api`]: the Cognito JSON 1.1 calls through the SDK's fetch, errors made readable.
//! * [`session`]: tokens, expiry, where they are kept ([`TokenStore`]).
//! * `store`: the session in its store (key per pool, moves, restore); `signout`: how a
//!   session ends; `tabs`: tabs sharing `localStorage`.
//! * `js`: the JS methods (`signIn`, `completeSignIn`, `signOut`, ...) of `js_signin`'s
//!   `SignIn`, one per JS `PortalClient`, which it drives through the client's public JS
//!   methods (`js_host`); the npm package loads it as its own module (see [`AuthHost`]).
//! * `flows` (`USER_AUTH`, `CUSTOM_AUTH`, SSO), `mfa` (TOTP), `devices` (remembered
//!   devices), `user` (global sign-out, attributes, password change): the other ways to
//!   sign in and the signed-in user's account.
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
#[cfg(all(target_arch = "wasm32", any(feature = "js", feature = "sign-in-module")))]
#[doc(hidden)]
pub mod js;
#[cfg(all(target_arch = "wasm32", any(feature = "js", feature = "sign-in-module", feature = "password-module")))]
mod js_error;
#[cfg(all(target_arch = "wasm32", any(feature = "js", feature = "sign-in-module", feature = "password-module")))]
#[doc(hidden)]
pub mod js_input;
#[cfg(all(target_arch = "wasm32", any(feature = "js", feature = "sign-in-module")))]
mod js_host;
#[cfg(all(target_arch = "wasm32", any(feature = "js", feature = "sign-in-module")))]
pub mod js_signin;
#[cfg(all(target_arch = "wasm32", feature = "password-module"))]
#[doc(hidden)]
pub mod password;
pub mod json;
pub mod session;
pub mod srp;
mod types;
mod account;
mod challenge;
mod devices;
mod flows;
mod mfa;
mod signout;
mod store;
#[cfg(target_arch = "wasm32")]
mod tabs;
mod user;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::JsValue;

use crate::auth::{LocalFuture, Secret, TokenSource};
use crate::client::Client;
use crate::error::{text, Error, ErrorCode};
use crate::generated::operations;
use crate::operation::Operation;
use crate::request::ParamValue;
use crate::transport;
use api::Purpose;
pub use host::AuthHost;
use json::{Json, Obj};
pub use session::{MemoryStore, SessionInfo, TokenStore, Tokens, WebStorage};
pub use types::*;
pub use devices::device_verifier;
pub use flows::{SsoSignIn, SsoToken, USER_AUTH_CHALLENGES};
pub use mfa::{totp_uri, MfaMethod, MfaPreference, TotpSetup};
pub use user::UserAttributes;


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
    /// Bumped by sign-out: a sign-in still running when it is bumped is cancelled.
    cancel: Cell<u64>,
    /// Every place (store, key) the session was written to since it was last cleared.
    places: RefCell<Vec<store::Place>>,
    /// Listens to other tabs while the session is kept in `localStorage`.
    #[cfg(target_arch = "wasm32")]
    tabs: RefCell<Option<tabs::TabSync>>,
    /// What the steps of the current sign-in share (`flows`).
    flow: RefCell<flows::FlowState>,
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
                cancel: Cell::new(0),
                places: RefCell::new(Vec::new()),
                #[cfg(target_arch = "wasm32")]
                tabs: RefCell::new(None),
                flow: RefCell::new(flows::FlowState::default()),
            }),
        }
    }

    /// Called with every session change (sign-in, restore, refresh, sign-out, expiry).
    pub fn on_session_change(&self, listener: Option<SessionListener>) {
        *self.inner.listener.borrow_mut() = listener;
    }

    /// The current session (no tokens), if signed in. A session that cannot be
    /// refreshed is not reported past its access token's expiry.
    pub fn session(&self) -> Option<SessionInfo> {
        self.inner.tokens.borrow().as_ref().filter(|t| !t.is_dead(transport::now_ms())).map(Tokens::info)
    }

    /// A copy of the settings.
    pub fn config(&self) -> AuthConfig {
        self.inner.config.borrow().clone()
    }

    /// One API operation (no retries beyond the client's own), its answer as JSON.
    async fn api(&self, op: &'static Operation, params: host::Params, body: Option<String>) -> Result<Json, Error> {
        let text = self.inner.client.call(op, params, body).await.map_err(|e| e.with_operation(op.id))?;
        Json::parse(if text.trim().is_empty() { "{}" } else { &text })
            .ok_or_else(|| Error::decode("the API's answer is not JSON").with_operation(op.id))
    }

    /// The portal's public config (`getPublicPortalConfigV3`): its `cognito_details` name the
    /// pool and the password policy.
    async fn portal_config(&self, org_id: String, portal_id: String) -> Result<Json, Error> {
        let params = vec![("org_id", ParamValue::Str(org_id)), ("portal_id", ParamValue::Str(portal_id))];
        self.api(&operations::GET_PUBLIC_PORTAL_CONFIG_V3, params, None).await
    }

    /// The pool: from the config, else from the portal's public config (cached).
    pub async fn pool(&self) -> Result<Pool, Error> {
        if let Some(pool) = self.inner.pool.borrow().clone() {
            return Ok(pool);
        }
        let config = self.inner.config.borrow().clone();
        let portal = config.org_id.clone().zip(config.portal_id.clone());
        let (user_pool_id, client_id) = match (config.user_pool_id, config.client_id) {
            (Some(p), Some(c)) => (p, c),
            (p, c) => {
                let (Some(org_id), Some(portal_id)) = (config.org_id, config.portal_id) else {
                    return Err(Error::invalid_input(
                        "sign-in needs the portal's pool: call configureAuth with userPoolId and clientId, or orgId and portalId to read them from the portal config",
                    ));
                };
                let op = &operations::GET_PUBLIC_PORTAL_CONFIG_V3;
                let answer = self.portal_config(org_id, portal_id).await?;
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
        let pool = Pool { user_pool_id, client_id, endpoint, portal };
        *self.inner.pool.borrow_mut() = Some(pool.clone());
        Ok(pool)
    }

    /// How long a Cognito request may take: the client's timeout, else 30 s.
    fn cognito_timeout_ms(&self) -> Option<u32> {
        self.inner.client.timeout_ms().or(Some(flows::COGNITO_TIMEOUT_MS))
    }

    async fn cognito(&self, pool: &Pool, action: &str, body: String, purpose: Purpose, secrets: &[&str]) -> Result<Json, Error> {
        api::call(&pool.endpoint, action, body, purpose, secrets, self.cognito_timeout_ms()).await
    }

    /// Signs in with email (or user name) and password, with the configured flow.
    pub async fn sign_in(&self, email: &str, password: &Secret) -> Result<SignInResult, Error> {
        let flow = self.inner.config.borrow().flow;
        self.sign_in_with(email, password, flow).await
    }

    pub async fn sign_in_with(&self, email: &str, password: &Secret, flow: AuthFlow) -> Result<SignInResult, Error> {
        self.sign_in_since(self.sign_out_count(), email, password, flow).await
    }

    /// How many sign-outs there were: a sign-in started at `n` is cancelled by the next.
    #[doc(hidden)]
    pub fn sign_out_count(&self) -> u64 {
        self.inner.cancel.get()
    }

    #[doc(hidden)]
    pub async fn sign_in_since(&self, cancel: u64, email: &str, password: &Secret, flow: AuthFlow) -> Result<SignInResult, Error> {
        self.sign_in_inner(email, password, flow, cancel).await.map_err(|e| e.with_operation("signIn"))
    }

    async fn sign_in_inner(&self, email: &str, password: &Secret, flow: AuthFlow, cancel: u64) -> Result<SignInResult, Error> {
        let email = email.trim();
        if email.is_empty() || password.expose().is_empty() {
            return Err(Error::invalid_input("email and password are required"));
        }
        let pool = self.begin(email, None, None).await?;
        let pw = password.expose();
        let (params, client) = flows::password_params(email, pw, flow)?;
        let secrets: &[&str] = if client.is_some() { &[] } else { &[pw] };
        self.initiate(&pool, flow.as_str(), params, client.as_ref().map(|c| (c, pw)), email, secrets, cancel).await
    }

    /// A sign-out since `cancel` cancels the sign-in: nothing is kept and it rejects.
    fn still_wanted(&self, cancel: u64) -> Result<(), Error> {
        match self.inner.cancel.get() == cancel {
            true => Ok(()),
            false => Err(cancelled()),
        }
    }

    /// Tokens → signed in; a challenge → kept pending and returned to the caller.
    /// Unless a sign-out came while the sign-in ran (`cancel` moved on): then nothing
    /// is kept and the sign-in rejects.
    async fn handle_answer(&self, pool: &Pool, answer: Json, username: &str, cancel: u64) -> Result<SignInResult, Error> {
        self.still_wanted(cancel)?;
        let answer = self.before_answer(pool, answer, username, cancel).await?;
        self.still_wanted(cancel)?;
        if let Some(result) = answer.get("AuthenticationResult").filter(Json::is_object) {
            let tokens = Tokens::from_result(&result, username, pool, None, transport::now_ms())?;
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
        Ok(SignInResult::Challenge(self.typed_challenge(&name, params, &answer)))
    }

    async fn start_session(&self, tokens: Tokens) {
        self.inner.epoch.set(self.inner.epoch.get() + 1);
        self.inner.pending.borrow_mut().take();
        self.end_flow(true, false);
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
            if !can_refresh && now >= expires_at {
                // Nothing can renew it: the session is over.
                drop(me.end_session(SessionChange::Expired));
                return Ok(None);
            }
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
                        let promise = crate::client::js_promise(Box::pin(async move {
                            let result = task.refresh_now(SessionChange::Refreshed).await;
                            *slot.borrow_mut() = Some(result);
                            task.inner.refreshing.borrow_mut().take();
                            Ok(JsValue::UNDEFINED)
                        }));
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

    /// `REFRESH_TOKEN_AUTH` with `refresh` at `pool`: Cognito's answer.
    async fn refresh_call(&self, pool: &Pool, refresh: &Secret) -> Result<Json, Error> {
        let body = Obj::new()
            .str("AuthFlow", "REFRESH_TOKEN_AUTH")
            .str("ClientId", &pool.client_id)
            .raw("AuthParameters", &Obj::new().str("REFRESH_TOKEN", refresh.expose()).finish())
            .finish();
        self.cognito(pool, "InitiateAuth", body, Purpose::Refresh, &[refresh.expose()]).await
    }

    /// One `REFRESH_TOKEN_AUTH` at the pool, app client and endpoint that issued the
    /// session (never another), announced as `change`. A refused refresh token ends the
    /// session (`Expired`).
    async fn refresh_now(&self, change: SessionChange) -> Result<(), Error> {
        let epoch = self.inner.epoch.get();
        let (refresh_token, username, pool) = match self.inner.tokens.borrow().as_ref() {
            Some(Tokens { refresh_token: Some(r), username, pool, .. }) => (r.clone(), username.clone(), pool.clone()),
            Some(_) => return Err(Error::invalid_input("this session has no refresh token: sign in again")),
            None => return Err(Error::invalid_input("not signed in")),
        };
        #[cfg(target_arch = "wasm32")]
        if self.adopt_newer_from_other_tab(true) {
            return Ok(());
        }
        let answer = self.refresh_call(&pool, &refresh_token).await;
        if self.inner.epoch.get() != epoch {
            return Err(Error::invalid_input("the session changed while it was being refreshed"));
        }
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                if api::error_type(&e).as_deref() == Some("NotAuthorizedException") {
                    self.end_session(SessionChange::Expired).1.await;
                }
                return Err(e);
            }
        };
        let result = answer.get("AuthenticationResult").ok_or_else(|| Error::decode("Cognito's refresh answer has no AuthenticationResult"))?;
        let tokens = Tokens::from_result(&result, &username, &pool, Some(&refresh_token), transport::now_ms())?;
        *self.inner.tokens.borrow_mut() = Some(tokens);
        // Re-authorize (same source): calls that got a 401 with the old token retry
        // with the new one instead of refreshing again.
        self.install();
        self.persist().await;
        self.emit(change);
        Ok(())
    }
}

/// A sign-in that a sign-out cancelled while it ran.
pub(crate) fn cancelled() -> Error {
    Error::new(ErrorCode::Aborted, "signOut was called while signing in: the sign-in was cancelled")
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
        // Every value sign-in holds that can be a secret, each a distinct marker.
        let answer = ChallengeAnswer {
            new_password: Some(Secret::new("n3w-Secret!")),
            code: Some(Secret::new("123456")),
            answer: Some(Secret::new("custom-answer-42")),
            attributes: vec![("given_name".into(), "Ann".into())],
            password: Some(Secret::new("select-Passw0rd!")),
            client_metadata: vec![("challenge".into(), "EMAIL_CODE".into())],
        };
        let registration = Registration { email: "a@b.c".into(), password: Some(Secret::new("reg-Passw0rd!")), ..Default::default() };
        let pool = Pool { user_pool_id: "eu-central-1_x".into(), client_id: "c".into(), endpoint: "https://e/".into(), portal: None };
        let tokens = Tokens {
            access_token: Secret::new("access-tok-1"),
            id_token: Some(Secret::new("id-tok-1")),
            refresh_token: Some(Secret::new("refresh-tok-1")),
            expires_at_ms: 1.0,
            issued_at_ms: 0.0,
            username: "u".into(),
            pool: pool.clone(),
        };
        let pending = Pending { name: "SMS_MFA".into(), session: Some(Secret::new("cognito-session-1")), username: "u".into(), pool };
        let auth = Auth::new(Client::default(), AuthConfig::default());
        *auth.inner.tokens.borrow_mut() = Some(tokens.clone());
        *auth.inner.pending.borrow_mut() = Some(pending);
        let shown = format!("{answer:?} {registration:?} {tokens:?} {auth:?} {:?}", auth.inner.pending.borrow().as_ref().map(|p| &p.session));
        for secret in ["n3w-Secret!", "123456", "custom-answer-42", "select-Passw0rd!", "reg-Passw0rd!", "access-tok-1", "id-tok-1", "refresh-tok-1", "cognito-session-1"] {
            assert!(!shown.contains(secret), "`{secret}` in {shown}");
        }
        assert!(shown.contains("signed_in: true") && shown.contains("given_name"), "{shown}");
    }
}
