//! More ways to sign in than email and password:
//!
//! * choice-based `USER_AUTH`: a preferred first factor (`EMAIL_OTP`, `SMS_OTP`, `PASSWORD`,
//!   `PASSWORD_SRP`), or Cognito's `SELECT_CHALLENGE` answered with `complete_sign_in`;
//! * `CUSTOM_AUTH`, with an SRP password step first when asked, and client metadata on
//!   every step;
//! * single sign-on: the provider's authorization code goes through the API's
//!   `ssoCallback`, whose token answers Cognito's `CUSTOM_CHALLENGE` ([`SsoSignIn`]);
//! * the SRP password step all flows share, and the glue run on every Cognito answer
//!   (remembered devices in `devices`, MFA enrolment in `mfa`).
//!
//! Every step of a sign-in shares one [`FlowState`]; a new sign-in starts a fresh one.

use super::devices::{Device, NewDevice};
use super::mfa::TotpSetup;
use super::*;
use crate::error::{text, ErrorCode};

/// The first factors `USER_AUTH` offers.
pub const USER_AUTH_CHALLENGES: [&str; 4] = ["EMAIL_OTP", "SMS_OTP", "PASSWORD", "PASSWORD_SRP"];

/// What one sign-in keeps between its steps. Holds secrets: no `Debug`.
#[derive(Default)]
pub(super) struct FlowState {
    /// The login the sign-in started with (trimmed, lower case): devices are kept per login.
    pub(super) login: Option<String>,
    /// A `USER_AUTH` sign-in's password, for a `SELECT_CHALLENGE` answered with a password.
    password: Option<Secret>,
    /// `ClientMetadata` (a JSON object) sent with every step of a custom sign-in.
    metadata: Option<String>,
    /// This login's remembered device, if this browser has one.
    pub(super) device: Option<Device>,
    /// The device Cognito tracked for the last sign-in, until `remember_device`.
    pub(super) new_device: Option<NewDevice>,
    /// `MFA_SETUP`: the authenticator secret and the Session that goes with it.
    pub(super) totp_setup: Option<(TotpSetup, Secret)>,
    /// The `issuer` of the `otpauth://` URIs (kept across sign-ins).
    pub(super) issuer: Option<String>,
}

/// Which token of `ssoCallback`'s answer answers the custom challenge. The API says only
/// that `ssoCallback` "produces an external provider token for the CUSTOM_AUTH flow".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SsoToken {
    /// `id_token` (when the answer has none, `access_token`). The default.
    #[default]
    IdToken,
    AccessToken,
}

/// A single sign-on: what the portal got back from the identity provider (the redirect's
/// `code` and `state`) and what its authorization request used.
#[derive(Clone, Debug, Default)]
pub struct SsoSignIn {
    pub code: Option<Secret>,
    /// The PKCE verifier of the authorization request.
    pub code_verifier: Option<Secret>,
    pub redirect_uri: String,
    /// The provider's OAuth client id.
    pub client_id: String,
    pub token_endpoint: String,
    pub provider_slug: Option<String>,
    /// Default `authorization_code`.
    pub grant_type: Option<String>,
    /// `ssoCallback`'s `domain` query parameter (the portal's domain).
    pub domain: Option<String>,
    /// `state` from the redirect and the one the sign-in started with: both are required
    /// and must be equal, else nothing is sent (a forged or stale redirect).
    pub state: Option<String>,
    pub expected_state: Option<String>,
    /// The Cognito user to sign in; default: the `email` claim of the provider's `id_token`.
    pub username: Option<String>,
    pub token: SsoToken,
    /// Sent with both Cognito steps; `provider_slug` is added when given.
    pub client_metadata: Vec<(String, String)>,
}

/// A signed SRP password claim (`PASSWORD_VERIFIER`, `DEVICE_PASSWORD_VERIFIER`).
pub(super) struct Claim {
    pub(super) secret_block: String,
    timestamp: String,
    signature: String,
}

impl Claim {
    /// `realm`/`id`: the pool name and `USER_ID_FOR_SRP`, or the device group key and device key.
    pub(super) fn new(client: &srp::SrpClient, realm: &str, id: &str, password: &str, challenge: &Json) -> Result<Claim, Error> {
        let name = challenge.str("ChallengeName").unwrap_or_default();
        let b = srp::parse_hex("SRP_B", &param(challenge, &name, "SRP_B")?)?;
        let salt = srp::parse_hex("SALT", &param(challenge, &name, "SALT")?)?;
        let secret_block = param(challenge, &name, "SECRET_BLOCK")?;
        let key = client.password_key(realm, id, password, &b, &salt)?;
        let timestamp = srp::timestamp(transport::now_ms());
        let signature = srp::signature(&key, realm, id, &secret_block, &timestamp)?;
        Ok(Claim { secret_block, timestamp, signature })
    }

    pub(super) fn responses(&self, obj: Obj) -> Obj {
        obj.str("PASSWORD_CLAIM_SECRET_BLOCK", &self.secret_block).str("TIMESTAMP", &self.timestamp).str("PASSWORD_CLAIM_SIGNATURE", &self.signature)
    }
}

/// A public challenge parameter Cognito must send.
pub(super) fn param(challenge: &Json, name: &str, key: &str) -> Result<String, Error> {
    challenge
        .get("ChallengeParameters")
        .and_then(|p| p.str(key))
        .ok_or_else(|| Error::decode(text(&["Cognito's ", name, " challenge has no ", key])))
}

pub(super) fn new_srp_client() -> Result<srp::SrpClient, Error> {
    srp::SrpClient::new(&srp::random_bytes(srp::SMALL_A_BYTES)?)
}

/// A login as remembered devices are kept per login: trimmed, in lower case. ASCII case folding:
/// the key only has to be the same for the same login, and the Unicode tables of `to_lowercase`
/// cost the sign-in module 17 KB (8 KB gzip).
pub(super) fn login_key(login: &str) -> String {
    login.trim().to_ascii_lowercase()
}

/// How long a Cognito request may take unless the client sets a timeout.
pub(super) const COGNITO_TIMEOUT_MS: u32 = 30_000;

/// The first request of a password sign-in as `login` with `flow` (`USER_SRP_AUTH`,
/// `USER_PASSWORD_AUTH`): its `AuthParameters`, and the SRP client when the password is proved
/// by SRP (else the password is sent, and is a secret of the request).
pub(super) fn password_params(login: &str, password: &str, flow: AuthFlow) -> Result<(Obj, Option<srp::SrpClient>), Error> {
    let params = Obj::new().str("USERNAME", login);
    if flow == AuthFlow::UserPassword {
        return Ok((params.str("PASSWORD", password), None));
    }
    let client = new_srp_client()?;
    Ok((params.str("SRP_A", &client.large_a_hex()), Some(client)))
}

/// The Cognito requests of one sign-in: where, how long each may take, and the client metadata
/// sent with every step.
pub(super) struct Steps<'a> {
    pub(super) pool: &'a Pool,
    pub(super) timeout_ms: Option<u32>,
    pub(super) metadata: Option<String>,
}

impl Steps<'_> {
    fn body(&self, body: Obj) -> String {
        match &self.metadata {
            Some(m) => body.raw("ClientMetadata", m),
            None => body,
        }
        .finish()
    }

    /// `InitiateAuth` with `params` and the login's remembered `device_key`.
    pub(super) async fn initiate(&self, flow: &str, params: Obj, device_key: Option<&str>, secrets: &[&str]) -> Result<Json, Error> {
        let params = params.opt_str("DEVICE_KEY", device_key).finish();
        let body = self.body(Obj::new().str("AuthFlow", flow).str("ClientId", &self.pool.client_id).raw("AuthParameters", &params));
        api::call(&self.pool.endpoint, "InitiateAuth", body, Purpose::SignIn, secrets, self.timeout_ms).await
    }

    /// `RespondToAuthChallenge`; the challenge's `session` is a secret of the request too.
    pub(super) async fn respond(&self, name: &str, session: Option<&str>, responses: Obj, purpose: Purpose, secrets: &[&str]) -> Result<Json, Error> {
        let body = self.body(
            Obj::new().str("ChallengeName", name).str("ClientId", &self.pool.client_id).opt_str("Session", session).raw("ChallengeResponses", &responses.finish()),
        );
        let mut all = secrets.to_vec();
        all.extend(session);
        api::call(&self.pool.endpoint, "RespondToAuthChallenge", body, purpose, &all, self.timeout_ms).await
    }

    /// Cognito's `answer` to the first step, with `PASSWORD_VERIFIER` answered when it asks for
    /// it and `srp` gives the client and password: the answer then, and the user it is for
    /// (`USER_ID_FOR_SRP` after the SRP step, else `login`).
    pub(super) async fn password_verifier(
        &self,
        answer: Json,
        srp: Option<(&srp::SrpClient, &str)>,
        login: &str,
        device_key: Option<&str>,
    ) -> Result<(Json, String), Error> {
        match srp {
            Some((client, password)) if answer.str("ChallengeName").as_deref() == Some("PASSWORD_VERIFIER") => {
                let user_id = param(&answer, "PASSWORD_VERIFIER", "USER_ID_FOR_SRP")?;
                let claim = Claim::new(client, srp::pool_name(&self.pool.user_pool_id), &user_id, password, &answer)?;
                let responses = claim.responses(Obj::new().str("USERNAME", &user_id)).opt_str("DEVICE_KEY", device_key);
                let session = answer.str("Session");
                let answer = self.respond("PASSWORD_VERIFIER", session.as_deref(), responses, Purpose::SignIn, &[&claim.secret_block]).await?;
                Ok((answer, user_id))
            }
            _ => Ok((answer, login.to_string())),
        }
    }
}

fn metadata_json(pairs: &[(String, String)]) -> Option<String> {
    (!pairs.is_empty()).then(|| pairs.iter().fold(Obj::new(), |o, (k, v)| o.str(k, v)).finish())
}

fn answer_text(answer: &ChallengeAnswer, name: &str) -> Result<String, Error> {
    let given = answer.answer.as_ref().map(|a| a.expose().to_string()).filter(|a| !a.is_empty());
    given.ok_or_else(|| Error::invalid_input(text(&["the ", name, " challenge needs `answer`"])))
}

impl Auth {
    /// Starts a sign-in as `login`: drops any pending challenge, resets the flow state and
    /// loads the login's remembered device.
    pub(super) async fn begin(&self, login: &str, password: Option<&Secret>, metadata: Option<String>) -> Result<Pool, Error> {
        let pool = self.pool().await?;
        self.inner.pending.borrow_mut().take();
        let login = login_key(login);
        let device = self.load_device(&pool, &login).await;
        let mut state = self.inner.flow.borrow_mut();
        let issuer = state.issuer.take();
        *state = FlowState { login: Some(login), password: password.cloned(), metadata, device, issuer, ..FlowState::default() };
        Ok(pool)
    }

    /// Forgets, once the sign-in is over (`sign_in_over`), what only it needed (its password,
    /// client metadata, an `MFA_SETUP` secret); once the session is over (`session_over`),
    /// the device Cognito offered for `remember_device`.
    pub(super) fn end_flow(&self, sign_in_over: bool, session_over: bool) {
        let mut state = self.inner.flow.borrow_mut();
        if sign_in_over {
            state.password = None;
            state.metadata = None;
            state.totp_setup = None;
        }
        if session_over {
            state.new_device = None;
        }
    }

    pub(super) fn device_key(&self) -> Option<String> {
        self.inner.flow.borrow().device.as_ref().map(|d| d.key.expose().to_string())
    }

    /// The Cognito requests of a sign-in at `pool`: the client's timeout, this sign-in's client
    /// metadata.
    pub(super) fn steps<'a>(&self, pool: &'a Pool) -> Steps<'a> {
        Steps { pool, timeout_ms: self.cognito_timeout_ms(), metadata: self.inner.flow.borrow().metadata.clone() }
    }

    /// `InitiateAuth` with `params` (and this login's `DEVICE_KEY`); then the SRP step when
    /// Cognito asks for it and `srp` gives the client and password.
    #[allow(clippy::too_many_arguments)] // each argument is one part of Cognito's InitiateAuth
    pub(super) async fn initiate(
        &self,
        pool: &Pool,
        flow: &str,
        params: Obj,
        srp: Option<(&srp::SrpClient, &str)>,
        login: &str,
        secrets: &[&str],
        cancel: u64,
    ) -> Result<SignInResult, Error> {
        let answer = self.steps(pool).initiate(flow, params, self.device_key().as_deref(), secrets).await?;
        self.after_first_step(pool, answer, srp, login, cancel).await
    }

    async fn after_first_step(
        &self,
        pool: &Pool,
        answer: Json,
        srp: Option<(&srp::SrpClient, &str)>,
        login: &str,
        cancel: u64,
    ) -> Result<SignInResult, Error> {
        let (answer, user) = self.steps(pool).password_verifier(answer, srp, login, self.device_key().as_deref()).await?;
        self.handle_answer(pool, answer, &user, cancel).await
    }

    /// `RespondToAuthChallenge`, with this sign-in's client metadata.
    pub(super) async fn respond(
        &self,
        pool: &Pool,
        name: &str,
        session: Option<&str>,
        responses: Obj,
        purpose: Purpose,
        secrets: &[&str],
    ) -> Result<Json, Error> {
        self.steps(pool).respond(name, session, responses, purpose, secrets).await
    }

    /// Run on every Cognito answer of a sign-in, before it becomes a session or a challenge:
    /// answers `DEVICE_SRP_AUTH` with the remembered device, notes a newly tracked device,
    /// and starts TOTP enrolment for `MFA_SETUP`.
    pub(super) async fn before_answer(&self, pool: &Pool, answer: Json, username: &str, cancel: u64) -> Result<Json, Error> {
        let answer = self.device_step(pool, answer, username).await?;
        self.still_wanted(cancel)?;
        self.note_new_device(&answer);
        if answer.str("ChallengeName").as_deref() == Some("MFA_SETUP") {
            self.associate_for_setup(pool, &answer, username).await?;
        }
        Ok(answer)
    }

    /// The typed challenge: the public parameters, `AvailableChallenges` and, for
    /// `MFA_SETUP`, the authenticator secret (its Session replaces the pending one).
    pub(super) fn typed_challenge(&self, name: &str, params: Vec<(String, String)>, answer: &Json) -> Challenge {
        let mut challenge = challenge_of(name, params);
        challenge.available_challenges = answer.get("AvailableChallenges").map(|a| a.strings()).unwrap_or_default();
        if name == "MFA_SETUP" {
            if let Some((setup, session)) = self.inner.flow.borrow_mut().totp_setup.take() {
                if let Some(pending) = self.inner.pending.borrow_mut().as_mut() {
                    pending.session = Some(session);
                }
                challenge.totp_setup = Some(setup);
            }
        }
        challenge
    }

    /// Signs in with `USER_AUTH`. Without `preferred`, Cognito answers `SELECT_CHALLENGE`
    /// (`available_challenges`); `PASSWORD` and `PASSWORD_SRP` need the password.
    pub async fn sign_in_user_auth(&self, email: &str, password: Option<&Secret>, preferred: Option<&str>) -> Result<SignInResult, Error> {
        self.sign_in_user_auth_since(self.sign_out_count(), email, password, preferred).await
    }

    /// [`Auth::sign_in_user_auth`], cancelled by any sign-out after the `cancel`th.
    pub(crate) async fn sign_in_user_auth_since(
        &self,
        cancel: u64,
        email: &str,
        password: Option<&Secret>,
        preferred: Option<&str>,
    ) -> Result<SignInResult, Error> {
        self.user_auth(email, password, preferred, cancel).await.map_err(|e| e.with_operation("signIn"))
    }

    async fn user_auth(&self, email: &str, password: Option<&Secret>, preferred: Option<&str>, cancel: u64) -> Result<SignInResult, Error> {
        let email = email.trim();
        let password = password.filter(|p| !p.expose().is_empty());
        if email.is_empty() {
            return Err(Error::invalid_input("email is required"));
        }
        if let Some(p) = preferred {
            if !USER_AUTH_CHALLENGES.contains(&p) {
                return Err(Error::invalid_input(text(&["preferredChallenge must be one of ", &USER_AUTH_CHALLENGES.join(", "), ", not `", p, "`"])));
            }
            if p.starts_with("PASSWORD") && password.is_none() {
                return Err(Error::invalid_input(text(&["preferredChallenge ", p, " needs `password`"])));
            }
        }
        let pool = self.begin(email, password, None).await?;
        let params = Obj::new().str("USERNAME", email).opt_str("PREFERRED_CHALLENGE", preferred);
        match (preferred, password) {
            (Some("PASSWORD"), Some(pw)) => {
                self.initiate(&pool, "USER_AUTH", params.str("PASSWORD", pw.expose()), None, email, &[pw.expose()], cancel).await
            }
            (Some("PASSWORD_SRP"), Some(pw)) => {
                let client = new_srp_client()?;
                let params = params.str("SRP_A", &client.large_a_hex());
                self.initiate(&pool, "USER_AUTH", params, Some((&client, pw.expose())), email, &[], cancel).await
            }
            _ => self.initiate(&pool, "USER_AUTH", params, None, email, &[], cancel).await,
        }
    }

    /// Starts `CUSTOM_AUTH` for `username`; with `srp_password` the SRP step comes first
    /// (`CHALLENGE_NAME: SRP_A`). `metadata` goes with every step as `ClientMetadata`.
    pub async fn sign_in_custom(&self, username: &str, srp_password: Option<&Secret>, metadata: &[(String, String)]) -> Result<SignInResult, Error> {
        self.sign_in_custom_since(self.sign_out_count(), username, srp_password, metadata).await
    }

    /// [`Auth::sign_in_custom`], cancelled by any sign-out after the `cancel`th.
    #[doc(hidden)]
    pub async fn sign_in_custom_since(
        &self,
        cancel: u64,
        username: &str,
        srp_password: Option<&Secret>,
        metadata: &[(String, String)],
    ) -> Result<SignInResult, Error> {
        self.custom(username, srp_password, metadata, cancel).await.map_err(|e| e.with_operation("signInCustom"))
    }

    async fn custom(&self, username: &str, srp_password: Option<&Secret>, metadata: &[(String, String)], cancel: u64) -> Result<SignInResult, Error> {
        let username = username.trim();
        if username.is_empty() {
            return Err(Error::invalid_input("username is required"));
        }
        let pool = self.begin(username, None, metadata_json(metadata)).await?;
        let params = Obj::new().str("USERNAME", username);
        match srp_password.filter(|p| !p.expose().is_empty()) {
            Some(pw) => {
                let client = new_srp_client()?;
                let params = params.str("SRP_A", &client.large_a_hex()).str("CHALLENGE_NAME", "SRP_A");
                self.initiate(&pool, "CUSTOM_AUTH", params, Some((&client, pw.expose())), username, &[], cancel).await
            }
            None => self.initiate(&pool, "CUSTOM_AUTH", params, None, username, &[], cancel).await,
        }
    }

    /// Signs in with single sign-on: `ssoCallback` turns the provider's code into tokens,
    /// then `CUSTOM_AUTH` is answered with one of them (see [`SsoToken`]). Ends in a
    /// session, or in a further challenge (MFA) like any sign-in.
    pub async fn sign_in_with_sso(&self, sso: &SsoSignIn) -> Result<SignInResult, Error> {
        self.sign_in_with_sso_since(self.sign_out_count(), sso).await
    }

    /// [`Auth::sign_in_with_sso`], cancelled by any sign-out after the `cancel`th.
    #[doc(hidden)]
    pub async fn sign_in_with_sso_since(&self, cancel: u64, sso: &SsoSignIn) -> Result<SignInResult, Error> {
        self.sso(sso, cancel).await.map_err(|e| e.with_operation("signInWithSso"))
    }

    async fn sso(&self, sso: &SsoSignIn, cancel: u64) -> Result<SignInResult, Error> {
        // The OAuth `state` is what tells this sign-in's redirect from a forged one (RFC 6749
        // §10.12): without the expected value there is nothing to check, so it is required.
        match sso.expected_state.as_deref() {
            None | Some("") => {
                return Err(Error::invalid_input("signInWithSso needs `expectedState`: the `state` this sign-in sent to the provider (it is what refuses a forged redirect)"));
            }
            Some(expected) if sso.state.as_deref() != Some(expected) => {
                return Err(Error::invalid_input("the SSO `state` is not the one this sign-in started with (a stale or forged redirect): start the sign-in again"));
            }
            Some(_) => {}
        }
        let secret = |s: &Option<Secret>| s.as_ref().filter(|s| !s.expose().is_empty()).map(|s| s.expose().to_string());
        let (Some(code), Some(verifier)) = (secret(&sso.code), secret(&sso.code_verifier)) else {
            return Err(Error::invalid_input("signInWithSso needs `code` and `codeVerifier`"));
        };
        for (name, value) in [("redirectUri", &sso.redirect_uri), ("clientId", &sso.client_id), ("tokenEndpoint", &sso.token_endpoint)] {
            if value.is_empty() {
                return Err(Error::invalid_input(text(&["signInWithSso needs `", name, "`"])));
            }
        }
        let body = Obj::new()
            .opt_str("provider_slug", sso.provider_slug.as_deref())
            .str("token_endpoint", &sso.token_endpoint)
            .str("grant_type", sso.grant_type.as_deref().unwrap_or("authorization_code"))
            .str("code", &code)
            .str("redirect_uri", &sso.redirect_uri)
            .str("client_id", &sso.client_id)
            .str("code_verifier", &verifier)
            .finish();
        let query: host::Params = sso.domain.iter().map(|d| ("domain", ParamValue::Str(d.clone()))).collect();
        let tokens = self.api(&operations::SSO_CALLBACK, query, Some(body)).await.map_err(|e| scrubbed(e, &[&code, &verifier]))?;
        self.still_wanted(cancel)?;
        let pick = |k: &str| tokens.str(k).filter(|t| !t.is_empty());
        let token = match sso.token {
            SsoToken::IdToken => pick("id_token").or_else(|| pick("access_token")),
            SsoToken::AccessToken => pick("access_token"),
        }
        .map(Secret::new)
        .ok_or_else(|| Error::decode("ssoCallback's answer has no token for the custom challenge").with_operation(operations::SSO_CALLBACK.id))?;
        let username = match &sso.username {
            Some(u) if !u.trim().is_empty() => u.clone(),
            _ => pick("id_token")
                .and_then(|t| session::jwt_claims(&t))
                .and_then(|c| c.str("email"))
                .ok_or_else(|| Error::invalid_input("the provider's id_token has no email claim: pass `username`"))?,
        };
        let mut metadata = sso.client_metadata.clone();
        if let Some(slug) = &sso.provider_slug {
            if find(&metadata, "provider_slug").is_none() {
                metadata.push(("provider_slug".into(), slug.clone()));
            }
        }
        let first = self.custom(&username, None, &metadata, cancel).await?;
        let SignInResult::Challenge(c) = &first else { return Ok(first) };
        if c.name != "CUSTOM_CHALLENGE" {
            return Ok(first);
        }
        let pending = self.inner.pending.borrow_mut().take().ok_or_else(|| Error::invalid_input("the sign-in was cancelled"))?;
        let answer = ChallengeAnswer { answer: Some(token), ..ChallengeAnswer::default() };
        let result = self.custom_answer(&pending, &answer, cancel).await?;
        if matches!(&result, SignInResult::Challenge(c) if c.name == "CUSTOM_CHALLENGE") {
            self.inner.pending.borrow_mut().take();
            return Err(Error::new(ErrorCode::Http, "Cognito did not accept the single sign-on token: start the sign-in again"));
        }
        Ok(result)
    }

    /// `complete_sign_in` for the challenges of these flows (`SELECT_CHALLENGE`, `MFA_SETUP`,
    /// `CUSTOM_CHALLENGE`). A wrong code or a bad answer keeps the challenge pending.
    pub(super) async fn complete_flow(&self, pending: Pending, answer: &ChallengeAnswer, cancel: u64) -> Result<SignInResult, Error> {
        let result = match pending.name.as_str() {
            "SELECT_CHALLENGE" => self.select(&pending, answer, cancel).await,
            "MFA_SETUP" => self.finish_mfa_setup(&pending, answer, cancel).await,
            _ => {
                if let Some(m) = metadata_json(&answer.client_metadata) {
                    self.inner.flow.borrow_mut().metadata = Some(m);
                }
                self.custom_answer(&pending, answer, cancel).await
            }
        };
        if let Err(e) = &result {
            let again = e.code == ErrorCode::InvalidInput
                || matches!(api::error_type(e).as_deref(), Some("CodeMismatchException" | "EnableSoftwareTokenMFAException" | "InvalidParameterException"));
            if again && self.inner.pending.borrow().is_none() && self.inner.cancel.get() == cancel {
                *self.inner.pending.borrow_mut() = Some(pending);
            }
        }
        result
    }

    pub(super) fn handles_challenge(name: &str) -> bool {
        matches!(name, "SELECT_CHALLENGE" | "MFA_SETUP" | "CUSTOM_CHALLENGE")
    }

    async fn select(&self, pending: &Pending, answer: &ChallengeAnswer, cancel: u64) -> Result<SignInResult, Error> {
        let choice = answer_text(answer, "SELECT_CHALLENGE")?;
        let pool = &pending.pool;
        let session = pending.session.as_ref().map(Secret::expose);
        let responses = Obj::new().str("USERNAME", &pending.username).str("ANSWER", &choice).opt_str("DEVICE_KEY", self.device_key().as_deref());
        if !choice.starts_with("PASSWORD") {
            let next = self.respond(pool, "SELECT_CHALLENGE", session, responses, Purpose::Account, &[]).await?;
            return self.handle_answer(pool, next, &pending.username, cancel).await;
        }
        let password = answer.password.clone().or_else(|| self.inner.flow.borrow().password.clone()).filter(|p| !p.expose().is_empty());
        let password = password.ok_or_else(|| Error::invalid_input(text(&["answering ", &choice, " needs `password`"])))?;
        let pw = password.expose();
        if choice == "PASSWORD" {
            let next = self.respond(pool, "SELECT_CHALLENGE", session, responses.str("PASSWORD", pw), Purpose::SignIn, &[pw]).await?;
            return self.handle_answer(pool, next, &pending.username, cancel).await;
        }
        let client = new_srp_client()?;
        let next = self.respond(pool, "SELECT_CHALLENGE", session, responses.str("SRP_A", &client.large_a_hex()), Purpose::SignIn, &[]).await?;
        self.after_first_step(pool, next, Some((&client, pw)), &pending.username, cancel).await
    }

    pub(super) async fn custom_answer(&self, pending: &Pending, answer: &ChallengeAnswer, cancel: u64) -> Result<SignInResult, Error> {
        let text = answer_text(answer, "CUSTOM_CHALLENGE")?;
        let responses = Obj::new().str("USERNAME", &pending.username).str("ANSWER", &text);
        let session = pending.session.as_ref().map(Secret::expose);
        let next = self.respond(&pending.pool, "CUSTOM_CHALLENGE", session, responses, Purpose::SignIn, &[&text]).await.map_err(|mut e| {
            if api::error_type(&e).as_deref() == Some("NotAuthorizedException") {
                e.message = "the answer was not accepted and the sign-in has ended: start it again".into();
            }
            e
        })?;
        self.handle_answer(&pending.pool, next, &pending.username, cancel).await
    }
}

/// `error` with every secret removed from its message and response body.
pub(super) fn scrubbed(mut error: Error, secrets: &[&str]) -> Error {
    error.message = api::scrub(&error.message, secrets);
    if let Some(r) = error.response.as_mut() {
        r.body = api::scrub(&r.body, secrets);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_password_auth_sends_the_password() {
        // (USER_SRP_AUTH needs the browser's random numbers: tested in Chromium, tests/cognito.rs.)
        let (params, client) = password_params("ann@example.com", "pw-Secret-1", AuthFlow::UserPassword).expect("params");
        let sent = params.finish();
        assert!(client.is_none(), "no SRP client for USER_PASSWORD_AUTH");
        assert_eq!(sent, "{\"USERNAME\":\"ann@example.com\",\"PASSWORD\":\"pw-Secret-1\"}");
    }
}
