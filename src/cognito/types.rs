//! The values of sign-in: settings, results, challenges and session events.

use std::rc::Rc;

use crate::auth::Secret;
use super::json::Json;
use super::session::SessionInfo;
use super::find;

/// Which Cognito flow `sign_in` uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthFlow {
    /// SRP-6a: the password never leaves the browser (the default).
    #[default]
    UserSrp,
    /// The password is sent to Cognito (TLS); the app client must allow it.
    UserPassword,
}

impl AuthFlow {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthFlow::UserSrp => "USER_SRP_AUTH",
            AuthFlow::UserPassword => "USER_PASSWORD_AUTH",
        }
    }
}

/// Which token the API calls carry as `Authorization: Bearer`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BearerToken {
    #[default]
    Access,
    Id,
}

/// Where the user pool is and how to sign in.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// The pool (`<region>_<name>`); with `client_id`, no portal config is fetched.
    pub user_pool_id: Option<String>,
    /// The app client (public, without secret).
    pub client_id: Option<String>,
    /// A Cognito endpoint instead of `https://cognito-idp.<region>.amazonaws.com/`
    /// (a local emulator such as cognito-local).
    pub endpoint: Option<String>,
    /// With `portal_id`: the pool is read from `getPublicPortalConfigV3` (`cognito_details`).
    pub org_id: Option<String>,
    pub portal_id: Option<String>,
    pub flow: AuthFlow,
    /// Refresh this long before the access token expires (default 60 s).
    pub refresh_margin_ms: f64,
    pub bearer: BearerToken,
    /// The token store's key; `None`: one key per pool and app client
    /// (`epilot-portal-sdk.session.<userPoolId>.<clientId>`, see [`Pool::storage_key`]).
    pub storage_key: Option<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            user_pool_id: None,
            client_id: None,
            endpoint: None,
            org_id: None,
            portal_id: None,
            flow: AuthFlow::default(),
            refresh_margin_ms: 60_000.0,
            bearer: BearerToken::default(),
            storage_key: None,
        }
    }
}

/// The default storage key of a pool's sessions: one per pool and app client.
pub use crate::session_base::default_key as default_storage_key;

/// A resolved pool: ids and endpoint, and the portal when the pool was configured
/// by `org_id` / `portal_id`. A session is bound to the pool that issued it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pool {
    pub user_pool_id: String,
    pub client_id: String,
    pub endpoint: String,
    /// `(org_id, portal_id)` of the portal the pool was configured for.
    pub portal: Option<(String, String)>,
}

impl Pool {
    /// The default storage key: one per pool and app client.
    pub fn storage_key(&self) -> String {
        default_storage_key(&self.user_pool_id, &self.client_id)
    }

    /// Whether a session of this pool may be used under `config`: same pool, app
    /// client and endpoint, and the same portal when the config names one.
    pub fn fits(&self, config: &AuthConfig) -> bool {
        let same = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        let endpoint = match &config.endpoint {
            Some(e) => Some(e.clone()),
            None => super::api::endpoint_for_pool(&self.user_pool_id).ok(),
        };
        let portal = match (&config.org_id, &config.portal_id) {
            (Some(o), Some(p)) => self.portal.as_ref().is_some_and(|(so, sp)| so == o && sp == p),
            _ => true,
        };
        same(&config.user_pool_id, &self.user_pool_id)
            && same(&config.client_id, &self.client_id)
            && endpoint.as_deref() == Some(self.endpoint.as_str())
            && portal
    }
}

/// The outcome of `sign_in` / `complete_sign_in`.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per sign-in step, never stored in bulk: not worth a Box in the API
pub enum SignInResult {
    SignedIn(SessionInfo),
    /// Cognito wants more (a new password, an MFA code, ...): answer with `complete_sign_in`.
    Challenge(Challenge),
}

/// A challenge to answer. `name` is Cognito's (`NEW_PASSWORD_REQUIRED`, `SMS_MFA`,
/// `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`, `SELECT_MFA_TYPE`, `MFA_SETUP`, `CUSTOM_CHALLENGE`, ...).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Challenge {
    pub name: String,
    /// Where a code was sent (`CODE_DELIVERY_DESTINATION`, masked by Cognito).
    pub code_delivery_destination: Option<String>,
    pub code_delivery_medium: Option<String>,
    /// `NEW_PASSWORD_REQUIRED`: attributes that must be given with the new password.
    pub required_attributes: Vec<String>,
    /// `NEW_PASSWORD_REQUIRED`: the user's current attributes.
    pub user_attributes: Vec<(String, String)>,
    /// `SELECT_MFA_TYPE` / `MFA_SETUP`: the methods to choose from.
    pub mfa_options: Vec<String>,
    /// Every other public challenge parameter, as sent.
    pub parameters: Vec<(String, String)>,
    /// `SELECT_CHALLENGE`: the first factors to choose from (`AvailableChallenges`).
    pub available_challenges: Vec<String>,
    /// `MFA_SETUP`: the authenticator secret to show (answer with its `code`).
    pub totp_setup: Option<super::mfa::TotpSetup>,
}

/// An answer to the pending challenge. Which field counts depends on the challenge:
/// `new_password` (+ `attributes`) for `NEW_PASSWORD_REQUIRED`, `code` for the MFA and
/// OTP challenges, `answer` for `SELECT_MFA_TYPE` (the method) and `CUSTOM_CHALLENGE`.
#[derive(Clone, Debug, Default)]
pub struct ChallengeAnswer {
    pub new_password: Option<Secret>,
    pub code: Option<Secret>,
    /// A secret for `CUSTOM_CHALLENGE`: never shown by `Debug`.
    pub answer: Option<Secret>,
    pub attributes: Vec<(String, String)>,
    /// `SELECT_CHALLENGE` answered `PASSWORD` / `PASSWORD_SRP` (default: the sign-in's).
    pub password: Option<Secret>,
    /// `CUSTOM_CHALLENGE`: `ClientMetadata` for this and later steps.
    pub client_metadata: Vec<(String, String)>,
}

/// Why the session changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionChange {
    SignedIn,
    /// Read back from the token store.
    Restored,
    Refreshed,
    SignedOut,
    /// The refresh token was refused (expired or revoked): signed out.
    Expired,
}

impl SessionChange {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionChange::SignedIn => "signedIn",
            SessionChange::Restored => "restored",
            SessionChange::Refreshed => "refreshed",
            SessionChange::SignedOut => "signedOut",
            SessionChange::Expired => "expired",
        }
    }
}

pub type SessionListener = Rc<dyn Fn(SessionChange, Option<&SessionInfo>)>;

/// Where a code for forgot-password was sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeDelivery {
    pub destination: Option<String>,
    pub medium: Option<String>,
    pub attribute: Option<String>,
}

/// The outcome of `sign_out`: the session is always cleared in memory; `revoked` says
/// whether the API confirmed the refresh token's revocation, `cleared` whether every
/// store the session was written to removed it.
#[derive(Clone, Debug, PartialEq)]
pub struct SignOutResult {
    pub revoked: bool,
    pub error: Option<String>,
    pub cleared: bool,
    /// Why a store could not remove the session (one line per store).
    pub storage_error: Option<String>,
}

/// What [`super::Auth::restore`] found in the token store.
#[derive(Clone, Debug, PartialEq)]
pub enum Restored {
    /// Nothing (or a session of another pool, client or portal, which is left alone).
    None,
    /// A session, now in use.
    Session(SessionInfo),
    /// A session that can no longer be used (its refresh was refused, or it has no
    /// refresh token and its access token expired): removed from the store.
    Expired,
}

/// A portal user to register (`createUserV3`); `org_id` / `portal_id` default to the config's.
#[derive(Clone, Debug, Default)]
pub struct Registration {
    pub email: String,
    pub password: Option<Secret>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub contact_id: Option<String>,
    pub account_id: Option<String>,
    pub registration_identifiers: Vec<(String, Vec<(String, String)>)>,
    pub org_id: Option<String>,
    pub portal_id: Option<String>,
}

/// The typed view of a challenge's parameters (only the public ones).
pub(crate) fn challenge_of(name: &str, params: Vec<(String, String)>) -> Challenge {
    let list = |k: &str| -> Vec<String> { find(&params, k).and_then(|s| Json::parse(s)).map(|j| j.strings()).unwrap_or_default() };
    let required_attributes = list("requiredAttributes")
        .into_iter()
        .map(|a| a.strip_prefix("userAttributes.").map(str::to_string).unwrap_or(a))
        .collect();
    let user_attributes = find(&params, "userAttributes").and_then(|s| Json::parse(s)).map(|j| j.string_entries()).unwrap_or_default();
    let mut mfa_options = list("MFAS_CAN_CHOOSE");
    mfa_options.extend(list("MFAS_CAN_SETUP"));
    Challenge {
        name: name.to_string(),
        code_delivery_destination: find(&params, "CODE_DELIVERY_DESTINATION").cloned(),
        code_delivery_medium: find(&params, "CODE_DELIVERY_DELIVERY_MEDIUM").cloned(),
        required_attributes,
        user_attributes,
        mfa_options,
        parameters: params,
        ..Challenge::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_fits_only_its_pool_client_endpoint_and_portal() {
        let pool = Pool {
            user_pool_id: "eu-central-1_Abc".into(),
            client_id: "c1".into(),
            endpoint: "https://cognito-idp.eu-central-1.amazonaws.com/".into(),
            portal: Some(("o1".into(), "p1".into())),
        };
        let by_pool = AuthConfig { user_pool_id: Some("eu-central-1_Abc".into()), client_id: Some("c1".into()), ..AuthConfig::default() };
        assert!(pool.fits(&by_pool));
        assert!(!pool.fits(&AuthConfig { client_id: Some("c2".into()), ..by_pool.clone() }));
        assert!(!pool.fits(&AuthConfig { user_pool_id: Some("eu-central-1_Other".into()), ..by_pool.clone() }));
        assert!(!pool.fits(&AuthConfig { endpoint: Some("http://127.0.0.1:1".into()), ..by_pool.clone() }), "another endpoint");
        let by_portal = AuthConfig { org_id: Some("o1".into()), portal_id: Some("p1".into()), ..AuthConfig::default() };
        assert!(pool.fits(&by_portal));
        assert!(!pool.fits(&AuthConfig { portal_id: Some("p2".into()), ..by_portal.clone() }), "another portal");
        assert!(!Pool { portal: None, ..pool.clone() }.fits(&by_portal), "a session of no portal");
        assert_eq!(pool.storage_key(), "epilot-portal-sdk.session.eu-central-1_Abc.c1");
    }
}
