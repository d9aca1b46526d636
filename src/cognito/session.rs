//! The signed-in session: its tokens (each a [`Secret`]), their expiry (the access
//! token's JWT `exp`), and where they are kept between page loads ([`TokenStore`]:
//! memory by default, `sessionStorage`, `localStorage`, or the caller's own store).

use std::cell::RefCell;
use std::rc::Rc;

use super::json::{Json, Obj};
use super::Pool;
use crate::auth::{LocalFuture, Secret};
use crate::session_base::jwt_payload;
use crate::error::{text, Error};

/// The tokens of a session. `Debug` shows no token.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub access_token: Secret,
    pub id_token: Option<Secret>,
    pub refresh_token: Option<Secret>,
    /// When the access token expires (ms since the epoch, on this device's clock).
    pub expires_at_ms: f64,
    /// When this device received the tokens (its own clock): of two sessions the
    /// newer one wins (tabs sharing `localStorage`).
    pub issued_at_ms: f64,
    /// The user's Cognito user name (`USER_ID_FOR_SRP`, often the `sub`).
    pub username: String,
    /// The pool, app client, endpoint (and portal) that issued the tokens: the session
    /// is refreshed there and nowhere else.
    pub pool: Pool,
}

/// What the app may see of a session: no token, only who and until when.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionInfo {
    pub username: String,
    /// The `email` claim, when the ID token has one.
    pub email: Option<String>,
    /// Access-token expiry, ms since the epoch.
    pub expires_at: f64,
    /// The ID token's claims (the access token's when there is no ID token), as JSON text.
    pub claims_json: String,
}

impl Tokens {
    /// From a Cognito `AuthenticationResult` received at `now_ms` (this device's clock);
    /// `previous_refresh` is kept when the answer carries no refresh token (Cognito sends
    /// one only at sign-in).
    ///
    /// The expiry is the token's lifetime (`ExpiresIn`, else the JWT's `exp - iat`) from
    /// the time of receipt, not the JWT's `exp`: that is the server's clock, and a device
    /// whose clock is off would otherwise refresh before every call, or never.
    pub fn from_result(result: &Json, username: &str, pool: &Pool, previous_refresh: Option<&Secret>, now_ms: f64) -> Result<Tokens, Error> {
        let text = |k: &str| result.str(k).filter(|s| !s.is_empty());
        let access = text("AccessToken").ok_or_else(|| Error::decode("Cognito's AuthenticationResult has no AccessToken"))?;
        let claims = jwt_claims(&access);
        let claim = |k: &str| claims.as_ref().and_then(|c| c.num(k));
        let lifetime_s = result
            .num("ExpiresIn")
            .or_else(|| Some(claim("exp")? - claim("iat")?))
            .filter(|s| s.is_finite() && *s > 0.0);
        let expires_at_ms = match lifetime_s {
            Some(s) => now_ms + s * 1000.0,
            None => claim("exp").map(|s| s * 1000.0).ok_or_else(|| Error::decode("the access token has no `exp` and Cognito sent no ExpiresIn"))?,
        };
        // The token's own user name beats what the caller typed (an email alias).
        let username = claims.as_ref().and_then(|c| c.str("username")).unwrap_or_else(|| username.to_string());
        Ok(Tokens {
            access_token: Secret::new(access),
            id_token: text("IdToken").map(Secret::new),
            refresh_token: text("RefreshToken").map(Secret::new).or_else(|| previous_refresh.cloned()),
            expires_at_ms,
            issued_at_ms: now_ms,
            username,
            pool: pool.clone(),
        })
    }

    pub fn info(&self) -> SessionInfo {
        let payload = self
            .id_token
            .as_ref()
            .and_then(|t| jwt_payload(t.expose()))
            .or_else(|| jwt_payload(self.access_token.expose()))
            .unwrap_or_else(|| "{}".into());
        let email = Json::parse(&payload).and_then(|c| c.str("email"));
        SessionInfo { username: self.username.clone(), email, expires_at: self.expires_at_ms, claims_json: payload }
    }

    /// A session that cannot be refreshed and whose access token has expired.
    pub fn is_dead(&self, now_ms: f64) -> bool {
        self.refresh_token.is_none() && now_ms >= self.expires_at_ms
    }

    /// The stored form (JSON text). Holds the tokens: it goes only to the token store.
    pub fn to_stored(&self) -> String {
        let (org, portal) = match &self.pool.portal {
            Some((o, p)) => (Some(o.as_str()), Some(p.as_str())),
            None => (None, None),
        };
        Obj::new()
            .int("v", 2)
            .str("userPoolId", &self.pool.user_pool_id)
            .str("clientId", &self.pool.client_id)
            .str("endpoint", &self.pool.endpoint)
            .opt_str("orgId", org)
            .opt_str("portalId", portal)
            .str("username", &self.username)
            .str("accessToken", self.access_token.expose())
            .opt_str("idToken", self.id_token.as_ref().map(Secret::expose))
            .opt_str("refreshToken", self.refresh_token.as_ref().map(Secret::expose))
            .int("expiresAt", self.expires_at_ms as i64)
            .int("issuedAt", self.issued_at_ms as i64)
            .finish()
    }

    /// Reads the stored form; `None` for anything unreadable (a stale or foreign entry,
    /// or one written before sessions named their endpoint).
    pub fn from_stored(text: &str) -> Option<Tokens> {
        let v = Json::parse(text)?;
        if v.num("v") != Some(2.0) {
            return None;
        }
        let s = |k: &str| v.str(k).filter(|s| !s.is_empty());
        let portal = match (s("orgId"), s("portalId")) {
            (Some(o), Some(p)) => Some((o, p)),
            _ => None,
        };
        Some(Tokens {
            access_token: Secret::new(s("accessToken")?),
            id_token: s("idToken").map(Secret::new),
            refresh_token: s("refreshToken").map(Secret::new),
            expires_at_ms: v.num("expiresAt")?,
            issued_at_ms: v.num("issuedAt").unwrap_or(0.0),
            username: s("username")?,
            pool: Pool { user_pool_id: s("userPoolId")?, client_id: s("clientId")?, endpoint: s("endpoint")?, portal },
        })
    }
}

/// A JWT's payload claims.
pub fn jwt_claims(token: &str) -> Option<Json> {
    Json::parse(&jwt_payload(token)?).filter(Json::is_object)
}

/// A JWT's `exp` in ms since the epoch.
pub fn jwt_expiry_ms(token: &str) -> Option<f64> {
    jwt_claims(token)?.num("exp").map(|s| s * 1000.0)
}

/// Where the session is kept. Every method may be asynchronous (a custom store may
/// be backed by IndexedDB or a native bridge).
/// Each method starts its work when called (a browser storage is changed at once),
/// so sign-out clears storage synchronously where the store allows it.
pub trait TokenStore {
    fn get(&self, key: &str) -> LocalFuture<Result<Option<String>, Error>>;
    fn set(&self, key: &str, value: String) -> LocalFuture<Result<(), Error>>;
    fn remove(&self, key: &str) -> LocalFuture<Result<(), Error>>;
    /// `memory`, `sessionStorage`, `localStorage` or `custom`.
    fn kind(&self) -> &'static str {
        "custom"
    }
}

/// Whether two stores are the same place: the same object, or the same browser storage.
pub fn same_store(a: &Rc<dyn TokenStore>, b: &Rc<dyn TokenStore>) -> bool {
    std::ptr::eq(Rc::as_ptr(a) as *const (), Rc::as_ptr(b) as *const ()) || (a.kind() == b.kind() && a.kind().ends_with("Storage"))
}

/// The default store: this page's memory (gone on reload).
#[derive(Default)]
pub struct MemoryStore {
    map: RefCell<Vec<(String, String)>>,
}

impl TokenStore for MemoryStore {
    fn get(&self, key: &str) -> LocalFuture<Result<Option<String>, Error>> {
        let v = super::find(&self.map.borrow(), key).cloned();
        Box::pin(async move { Ok(v) })
    }
    fn set(&self, key: &str, value: String) -> LocalFuture<Result<(), Error>> {
        let mut map = self.map.borrow_mut();
        map.retain(|(k, _)| k != key);
        map.push((key.to_string(), value));
        Box::pin(async { Ok(()) })
    }
    fn remove(&self, key: &str) -> LocalFuture<Result<(), Error>> {
        self.map.borrow_mut().retain(|(k, _)| k != key);
        Box::pin(async { Ok(()) })
    }
    fn kind(&self) -> &'static str {
        "memory"
    }
}

/// The browser's `sessionStorage` (per tab, survives reloads) or `localStorage`
/// (shared by the origin's tabs, survives restarts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebStorage {
    Session,
    Local,
}

impl WebStorage {
    /// Whether this storage can be written here: blocked storage (disabled by the user
    /// or a policy) throws on access, a full or zero-quota one on write.
    pub fn usable(self) -> Result<(), Error> {
        const PROBE: &str = "epilot-portal-sdk.probe";
        let storage = self.storage()?;
        let failed = |what: &str| Error::invalid_input(text(&[self.name(), " cannot be ", what, " here"]));
        storage.set_item(PROBE, "1").map_err(|_| failed("written"))?;
        storage.remove_item(PROBE).map_err(|_| failed("changed"))
    }

    /// The value under `key` now (browser storage answers synchronously).
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn read_now(self, key: &str) -> Option<String> {
        self.storage().ok()?.get_item(key).ok().flatten()
    }

    fn name(self) -> &'static str {
        match self {
            WebStorage::Session => "sessionStorage",
            WebStorage::Local => "localStorage",
        }
    }

    #[cfg(target_arch = "wasm32")]
    fn storage(self) -> Result<web_sys::Storage, Error> {
        let window = web_sys::window().ok_or_else(|| Error::invalid_input(text(&[self.name(), " needs a browser window"])))?;
        let storage = match self {
            WebStorage::Session => window.session_storage(),
            WebStorage::Local => window.local_storage(),
        };
        storage.ok().flatten().ok_or_else(|| Error::invalid_input(text(&[self.name(), " is not available here"])))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn storage(self) -> Result<NoStorage, Error> {
        Err(Error::invalid_input(text(&[self.name(), " is only available in a browser"])))
    }
}

#[cfg(not(target_arch = "wasm32"))]
struct NoStorage;

#[cfg(not(target_arch = "wasm32"))]
impl NoStorage {
    fn get_item(&self, _: &str) -> Result<Option<String>, ()> {
        Ok(None)
    }
    fn set_item(&self, _: &str, _: &str) -> Result<(), ()> {
        Ok(())
    }
    fn remove_item(&self, _: &str) -> Result<(), ()> {
        Ok(())
    }
}

impl TokenStore for WebStorage {
    fn get(&self, key: &str) -> LocalFuture<Result<Option<String>, Error>> {
        let r = self.storage().and_then(|s| s.get_item(key).map_err(|_| Error::invalid_input(text(&[self.name(), " could not be read"]))));
        Box::pin(async move { r })
    }
    fn set(&self, key: &str, value: String) -> LocalFuture<Result<(), Error>> {
        let r = self
            .storage()
            .and_then(|s| s.set_item(key, &value).map_err(|_| Error::invalid_input(text(&[self.name(), " refused the session (full?)"]))));
        Box::pin(async move { r })
    }
    fn remove(&self, key: &str) -> LocalFuture<Result<(), Error>> {
        let r = self.storage().and_then(|s| s.remove_item(key).map_err(|_| Error::invalid_input(text(&[self.name(), " could not be changed"]))));
        Box::pin(async move { r })
    }
    fn kind(&self) -> &'static str {
        self.name()
    }
}

pub(crate) fn memory() -> Rc<dyn TokenStore> {
    Rc::new(MemoryStore::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(claims: serde_json::Value) -> String {
        let b64 = |v: &serde_json::Value| crate::b64::encode_url(v.to_string().as_bytes());
        format!("{}.{}.sig", b64(&json!({"alg": "RS256"})), b64(&claims))
    }

    fn parse(v: serde_json::Value) -> Json {
        Json::parse(&v.to_string()).unwrap()
    }

    fn pool() -> Pool {
        Pool { user_pool_id: "local_p".into(), client_id: "c".into(), endpoint: "http://127.0.0.1:1/".into(), portal: Some(("o".into(), "p".into())) }
    }

    #[test]
    fn expiry_is_the_lifetime_from_receipt_not_the_servers_clock() {
        // The device's clock is two hours ahead of the server's (exp/iat are server time).
        let iat = 2_000_000_000u64;
        let device_now = (iat as f64 + 7200.0) * 1000.0;
        let access = jwt(json!({ "exp": iat + 3600, "iat": iat, "username": "u-1", "token_use": "access" }));
        let id = jwt(json!({ "email": "a@b.c", "sub": "u-1" }));
        let result = parse(json!({ "AccessToken": access, "IdToken": id, "RefreshToken": "r-secret", "ExpiresIn": 3600 }));
        let t = Tokens::from_result(&result, "a@b.c", &pool(), None, device_now).unwrap();
        assert_eq!(t.expires_at_ms, device_now + 3_600_000.0, "ExpiresIn from the time of receipt");
        assert_eq!(t.issued_at_ms, device_now);
        // Without ExpiresIn: exp - iat.
        let t2 = Tokens::from_result(&parse(json!({ "AccessToken": access })), "u-1", &pool(), None, device_now).unwrap();
        assert_eq!(t2.expires_at_ms, device_now + 3_600_000.0);
        // Only exp: taken as is.
        let only_exp = jwt(json!({ "exp": iat }));
        let t3 = Tokens::from_result(&parse(json!({ "AccessToken": only_exp })), "u-1", &pool(), None, device_now).unwrap();
        assert_eq!(t3.expires_at_ms, iat as f64 * 1000.0);
        assert_eq!(t.username, "u-1");
        let info = t.info();
        assert_eq!(info.email.as_deref(), Some("a@b.c"));
        assert!(info.claims_json.contains("\"sub\""));
        // a refresh answer without a refresh token keeps the old one
        let refreshed = Tokens::from_result(&parse(json!({ "AccessToken": access })), "u-1", &pool(), t.refresh_token.as_ref(), 0.0).unwrap();
        assert_eq!(refreshed.refresh_token.as_ref().map(Secret::expose), Some("r-secret"));
        // no exp: ExpiresIn from now
        let plain = Tokens::from_result(&parse(json!({ "AccessToken": "opaque", "ExpiresIn": 60 })), "x", &pool(), None, 1000.0).unwrap();
        assert_eq!(plain.expires_at_ms, 61_000.0);
        assert!(Tokens::from_result(&parse(json!({})), "x", &pool(), None, 0.0).is_err());
        assert!(Tokens::from_result(&parse(json!({ "AccessToken": "opaque" })), "x", &pool(), None, 0.0).is_err());
    }

    #[test]
    fn stored_form_round_trips_and_debug_hides_tokens() {
        let access = jwt(json!({ "exp": 1u64 }));
        let t = Tokens::from_result(&parse(json!({ "AccessToken": access, "RefreshToken": "refresh-secret-1" })), "me", &pool(), None, 0.0).unwrap();
        let back = Tokens::from_stored(&t.to_stored()).unwrap();
        assert_eq!(back.access_token, t.access_token);
        assert_eq!(back.refresh_token, t.refresh_token);
        assert_eq!(back.expires_at_ms, 1000.0);
        assert_eq!(back.pool, pool(), "pool, client, endpoint and portal are kept");
        assert!(back.id_token.is_none());
        // A v1 entry (no endpoint) is not used.
        let mut v1: serde_json::Value = serde_json::from_str(&t.to_stored()).unwrap();
        v1["v"] = json!(1);
        assert!(Tokens::from_stored(&v1.to_string()).is_none());
        let dbg = format!("{t:?} {:?}", t.info());
        assert!(!dbg.contains("refresh-secret-1") && !dbg.contains(&access), "{dbg}");
        assert!(Tokens::from_stored("{}").is_none());
        assert!(Tokens::from_stored("not json").is_none());
    }

    #[test]
    fn the_payload_is_the_second_part() {
        let old = |token: &str| {
            let payload = token.split('.').nth(1)?;
            let bytes = crate::b64::decode_url(payload.trim_end_matches('='))?;
            String::from_utf8(bytes).ok()
        };
        for token in ["", "x", "a.", ".e30", "a.e30", "a.e30.sig", "a.e30==.sig.more", "a.e30=", "a.=.b", "a..b", "a.!!!.c", "a.gA.c"] {
            assert_eq!(jwt_payload(token), old(token), "{token}");
        }
        assert_eq!(jwt_payload("h.e30.s").as_deref(), Some("{}"));
    }

    #[test]
    fn bad_jwts_are_none() {
        assert!(jwt_claims("x").is_none());
        assert!(jwt_claims("a.!!!.c").is_none());
        assert!(jwt_expiry_ms(&jwt(json!({ "exp": "soon" }))).is_none());
    }
}
