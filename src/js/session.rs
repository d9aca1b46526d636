//! A stored session brought back on a new page load without the sign-in module: what every
//! signed-in portal page does first (`configureAuth` with `localStorage` or `sessionStorage`).
//! It reads the session the sign-in module stored, refreshes the tokens when they are stale
//! (one `REFRESH_TOKEN_AUTH` through the client's transport), writes them back, and gives the
//! bearer token while it is fresh. Everything else is the sign-in module's, loaded when it is
//! used (the package's loader, `sign_in.js`): sign-in and sign-out, a refresh later on, a
//! refused refresh, another tab's change, any option or stored form this path does not know.
//! The module takes the session over by value ([`PortalClient::hand_over`]).
//!
//! Written for size (it is in every page's download): the stored form and Cognito's answer
//! are read with the browser's `JSON.parse`, and the stored form is written back with only
//! the tokens and times changed.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Storage;

use super::PortalClient;
use crate::auth::{Secret, TokenSource};
use crate::session_base::{cognito_call, default_key, jwt_payload, pool_endpoint};
use crate::transport;

/// The restored session of one client, while the sign-in module has not taken it over.
pub(crate) type Slot = Rc<RefCell<Option<Restored>>>;

pub(crate) struct Restored {
    bearer: Secret,
    /// When the bearer stops being used: the access token's expiry less the refresh margin.
    fresh_until_ms: f64,
    /// The stored form (it holds the tokens): what the sign-in module takes over.
    stored: Secret,
    storage: Storage,
    key: String,
}

/// `configureAuth`'s options this path knows; any other one is the sign-in module's.
const OPTIONS: [&str; 8] = ["userPoolId", "clientId", "endpoint", "authFlow", "storage", "storageKey", "refreshMarginSeconds", "bearer"];

#[inline(never)]
fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

#[inline(never)]
fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// A non-empty string member.
#[inline(never)]
fn text(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string().filter(|s| !s.is_empty())
}

/// Whether member `key` is absent or one of `allowed`.
#[inline(never)]
fn absent_or(object: &JsValue, key: &str, allowed: [&str; 2]) -> bool {
    let v = get(object, key);
    v.is_undefined() || v.as_string().is_some_and(|s| allowed.contains(&s.as_str()))
}

/// A stored session found for `configureAuth`'s options, before its refresh.
struct Found {
    storage: Storage,
    key: String,
    /// The stored form as read (to see whether another tab changed it meanwhile).
    raw: String,
    stored: JsValue,
    /// `localStorage` or `sessionStorage`.
    kind: &'static str,
    endpoint: String,
    /// The stored access token's expiry (ms since the epoch, this device's clock).
    expires_at_ms: f64,
    margin_ms: f64,
    id_bearer: bool,
}

/// What this path does with `options`: `Err(None)` when they are not all plainly valid or the
/// stored session is not one it restores (the sign-in module then reads them, and words any
/// error), `Err(Some((kind, key)))` when nothing is stored under `key` in storage `kind`.
#[inline(never)]
fn find(options: &JsValue) -> Result<Found, Option<(&'static str, String)>> {
    let object: &Object = options.dyn_ref().ok_or(None)?;
    if !Object::keys(object).iter().all(|k| k.as_string().is_some_and(|k| OPTIONS.contains(&k.as_str()))) {
        return Err(None);
    }
    // Pool, app client and endpoint in printable ASCII: one with white space is the module's,
    // which trims it (and a pool id or app client id has neither spaces nor other letters).
    let plain = |key| text(options, key).filter(|s| s.bytes().all(|b| b > b' ' && b < 0x7f));
    let (pool, client) = (plain("userPoolId").ok_or(None)?, plain("clientId").ok_or(None)?);
    let endpoint = match get(options, "endpoint").is_undefined() {
        true => pool_endpoint(&pool),
        false => plain("endpoint").filter(|e| e.starts_with("https://") || e.starts_with("http://")),
    }
    .ok_or(None)?;
    let margin = get(options, "refreshMarginSeconds");
    let margin_s = if margin.is_undefined() { Some(60.0) } else { margin.as_f64().filter(|s| s.is_finite() && *s >= 0.0) };
    let key = get(options, "storageKey");
    let key = if key.is_undefined() { Some(String::new()) } else { key.as_string() };
    let storage = get(options, "storage");
    let kind = ["localStorage", "sessionStorage"].into_iter().find(|k| storage == *k);
    let (Some(margin_s), Some(key), Some(kind)) = (margin_s, key, kind) else { return Err(None) };
    if !(absent_or(options, "authFlow", ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"]) && absent_or(options, "bearer", ["accessToken", "idToken"])) {
        return Err(None);
    }
    // No key, or an empty one: the sign-in module's default, one per pool and app client.
    let key = if key.is_empty() { default_key(&pool, &client) } else { key };
    let window = web_sys::window().ok_or(None)?;
    let storage = if kind == "localStorage" { window.local_storage() } else { window.session_storage() };
    let storage = storage.ok().flatten().ok_or(None)?;
    let Some(raw) = storage.get_item(&key).ok().ok_or(None)? else { return Err(Some((kind, key))) };
    // The stored form the sign-in module writes (version 2), of this pool, app client and endpoint.
    let stored = JSON::parse(&raw).map_err(|_| None)?;
    let fits = get(&stored, "v").as_f64() == Some(2.0)
        && get(&stored, "userPoolId") == get(options, "userPoolId")
        && get(&stored, "clientId") == get(options, "clientId")
        && get(&stored, "endpoint") == JsValue::from_str(&endpoint)
        && text(&stored, "accessToken").is_some()
        && text(&stored, "username").is_some();
    let Some(expires_at_ms) = get(&stored, "expiresAt").as_f64().filter(|_| fits) else { return Err(None) };
    let id_bearer = get(options, "bearer").as_string().is_some_and(|b| b == "idToken");
    Ok(Found { storage, key, raw, stored, kind, endpoint, expires_at_ms, margin_ms: margin_s * 1000.0, id_bearer })
}

/// `REFRESH_TOKEN_AUTH`'s request body for the stored session.
#[inline(never)]
fn refresh_body(stored: &JsValue) -> Option<JsValue> {
    let params: JsValue = Object::new().into();
    set(&params, "REFRESH_TOKEN", &get(stored, "refreshToken"));
    let body: JsValue = Object::new().into();
    set(&body, "AuthFlow", &"REFRESH_TOKEN_AUTH".into());
    set(&body, "ClientId", &get(stored, "clientId"));
    set(&body, "AuthParameters", &params);
    JSON::stringify(&body).ok().map(Into::into)
}

/// Cognito's answer to the refresh, into the stored form: the new tokens, and the expiry as
/// their lifetime from now on this device's clock (as the sign-in module counts it).
#[inline(never)]
fn refreshed(stored: &JsValue, answer: &str) -> Option<()> {
    let result = get(&JSON::parse(answer).ok()?, "AuthenticationResult");
    let access = text(&result, "AccessToken")?;
    // `ExpiresIn`, else the access token's `exp - iat` (its lifetime, not its server-clock expiry).
    let lifetime_s = match get(&result, "ExpiresIn").as_f64() {
        Some(s) => s,
        None => {
            let claims = JSON::parse(&jwt_payload(&access)?).ok()?;
            get(&claims, "exp").as_f64()? - get(&claims, "iat").as_f64()?
        }
    };
    if !(lifetime_s.is_finite() && lifetime_s > 0.0) {
        return None;
    }
    let now = transport::now_ms().floor();
    for (from, to) in [("AccessToken", "accessToken"), ("IdToken", "idToken"), ("RefreshToken", "refreshToken")] {
        let token = get(&result, from);
        if token.as_string().is_some_and(|t| !t.is_empty()) {
            set(stored, to, &token);
        }
    }
    set(stored, "expiresAt", &(now + lifetime_s * 1000.0).into());
    set(stored, "issuedAt", &now.into());
    Some(())
}

/// One `REFRESH_TOKEN_AUTH` at the endpoint that issued the session; `None` for any failure:
/// the sign-in module then decides (a refused token ends the session, an offline page keeps it).
async fn refresh(found: &Found, timeout_ms: Option<u32>) -> Option<()> {
    text(&found.stored, "refreshToken")?;
    let body = refresh_body(&found.stored)?;
    let response = cognito_call(&found.endpoint, "InitiateAuth", &body, timeout_ms).await.ok()?;
    if !(200..300).contains(&response.status) {
        return None;
    }
    refreshed(&found.stored, &String::from(&response.body))
}

/// `{ session, source, storage }`, as the sign-in module's `configureAuth` resolves, and the
/// storage `key` (for the loader, which watches it for another tab's change).
#[inline(never)]
fn configured(session: &JsValue, source: &str, storage: &str, key: &str) -> JsValue {
    let result: JsValue = Object::new().into();
    set(&result, "session", session);
    set(&result, "source", &source.into());
    set(&result, "storage", &storage.into());
    set(&result, "key", &key.into());
    result
}

/// Holds the (fresh) stored session in `slot`; resolves as `configureAuth` does. A refreshed
/// one is written back first, unless another tab changed the session meanwhile (the sign-in
/// module then takes the newer one).
#[inline(never)]
fn hold(slot: &Slot, found: Found, refreshed: bool) -> Option<JsValue> {
    let stored = &found.stored;
    let text_of = if refreshed {
        let text_of = JSON::stringify(stored).ok()?.as_string()?;
        if found.storage.get_item(&found.key).ok()?.as_deref() != Some(found.raw.as_str()) {
            return None;
        }
        let _ = found.storage.set_item(&found.key, &text_of);
        text_of
    } else {
        found.raw
    };
    let (id, access) = (text(stored, "idToken"), text(stored, "accessToken"));
    let bearer = Secret::new(id.clone().filter(|_| found.id_bearer).or_else(|| access.clone())?);
    // What `getSession` gives: who, until when, and the ID token's claims (no token).
    let jwt = id.or(access).unwrap_or_default();
    let claims = jwt_payload(&jwt).and_then(|p| JSON::parse(&p).ok()).filter(JsValue::is_object).unwrap_or_else(|| Object::new().into());
    let session: JsValue = Object::new().into();
    set(&session, "username", &get(stored, "username"));
    let email = get(&claims, "email");
    if email.is_string() {
        set(&session, "email", &email);
    }
    let expires_at = get(stored, "expiresAt");
    set(&session, "expiresAt", &expires_at);
    set(&session, "claims", &claims);
    let result = configured(&session, "restored", found.kind, &found.key);
    *slot.borrow_mut() = Some(Restored {
        bearer,
        fresh_until_ms: expires_at.as_f64()? - found.margin_ms,
        stored: Secret::new(text_of),
        storage: found.storage,
        key: found.key,
    });
    Some(result)
}

/// Restores the stored session of `options`; `None` for every case the sign-in module handles.
async fn restore(slot: Slot, client: crate::Client, options: JsValue) -> Option<JsValue> {
    let found = match find(&options) {
        Ok(found) => found,
        Err(Some((kind, key))) => return Some(configured(&JsValue::NULL, "none", kind, &key)),
        Err(None) => return None,
    };
    let stale = transport::now_ms() >= found.expires_at_ms - found.margin_ms;
    if stale {
        refresh(&found, client.config().timeout_ms).await?;
    }
    hold(&slot, found, stale)
}

/// The package's loader (`sign_in.js`) calls these; not part of the typed API.
#[wasm_bindgen]
impl PortalClient {
    /// `configureAuth(options)` for a client whose sign-in module is not loaded: resolves as
    /// that would (`{ session, source, storage }`, and the session's storage `key`), or with
    /// `undefined` when the module must.
    #[wasm_bindgen(js_name = __restoreSession, skip_typescript)]
    pub fn restore_session(&self, options: JsValue) -> Promise {
        let slot = self.session.clone();
        let client = self.client.clone();
        super::error::promise("configureAuth", Box::pin(async move { Ok(restore(slot, client, options).await.unwrap_or(JsValue::UNDEFINED)) }))
    }

    /// The restored session's bearer token while it is fresh; else `undefined` (the sign-in
    /// module refreshes it).
    #[wasm_bindgen(js_name = __sessionToken, skip_typescript)]
    pub fn session_token(&self) -> JsValue {
        match self.session.borrow().as_ref() {
            Some(r) if transport::now_ms() < r.fresh_until_ms => JsValue::from_str(r.bearer.expose()),
            _ => JsValue::UNDEFINED,
        }
    }

    /// Gives the restored session up: its stored form, for the sign-in module to take over.
    /// With `sign_out`, at the call: removed from its storage, and the client no longer sends
    /// its token.
    #[wasm_bindgen(js_name = __handOver, skip_typescript)]
    pub fn hand_over(&self, sign_out: bool) -> JsValue {
        let Some(restored) = self.session.borrow_mut().take() else { return JsValue::UNDEFINED };
        if sign_out {
            let _ = restored.storage.remove_item(&restored.key);
            self.client.authorize(TokenSource::None);
        }
        JsValue::from_str(restored.stored.expose())
    }
}
