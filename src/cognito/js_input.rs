//! Reading the sign-in methods' inputs from JavaScript: input objects member by member
//! (a wrong shape is an `INVALID_INPUT` error, never a throw), `configureAuth`'s options
//! (all checked before any is applied), and the caller's own token store.

use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::session::{TokenStore, WebStorage};
use super::{AuthConfig, AuthFlow, BearerToken};
use crate::auth::LocalFuture;
use crate::error::{text, Error};

/// A caller's input object, read member by member.
pub struct Input {
    what: &'static str,
    value: JsValue,
}

impl Input {
    pub fn new(what: &'static str, value: JsValue, allowed: &[&str]) -> Result<Input, Error> {
        if !value.is_object() {
            return Err(Error::invalid_input(text(&[what, " must be an object"])));
        }
        for key in Object::keys(value.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()) {
            if !allowed.contains(&key.as_str()) {
                return Err(Error::invalid_input(text(&[what, ": unknown field `", &key, "` (expected one of ", &allowed.join(", "), ")"])));
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
            Some(v) => v.as_string().map(Some).ok_or_else(|| self.invalid(key, "` must be a string")),
        }
    }

    pub fn req(&self, key: &str) -> Result<String, Error> {
        self.opt(key)?.filter(|s| !s.is_empty()).ok_or_else(|| self.invalid(key, "` is required"))
    }

    pub fn num(&self, key: &str) -> Result<Option<f64>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| self.invalid(key, "` must be a number")),
        }
    }

    /// A `Record<string, string>` member.
    pub fn strings(&self, key: &str) -> Result<Vec<(String, String)>, Error> {
        let Some(v) = self.raw(key) else { return Ok(Vec::new()) };
        string_record(&v).ok_or_else(|| self.invalid(key, "` must be an object of strings"))
    }

    /// `<what>: `key<problem>`.
    fn invalid(&self, key: &str, problem: &str) -> Error {
        Error::invalid_input(text(&[self.what, ": `", key, problem]))
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


pub fn flow(value: Option<&str>) -> Result<Option<AuthFlow>, Error> {
    match value {
        None => Ok(None),
        Some("USER_SRP_AUTH") => Ok(Some(AuthFlow::UserSrp)),
        Some("USER_PASSWORD_AUTH") => Ok(Some(AuthFlow::UserPassword)),
        Some(other) => Err(Error::invalid_input(text(&["authFlow must be USER_SRP_AUTH, USER_PASSWORD_AUTH or (for signIn) USER_AUTH, not `", other, "`"]))),
    }
}

/// A caller's `{ get, set, remove }` object. Each method is called at once (so a
/// sign-out reaches the store synchronously); a returned promise is awaited.
struct JsStore {
    object: JsValue,
}

impl JsStore {
    fn call(&self, name: &'static str, args: Array) -> LocalFuture<Result<JsValue, Error>> {
        let failed = move || Error::invalid_input(text(&["the custom storage's `", name, "` failed"]));
        let called = Reflect::get(&self.object, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| Error::invalid_input(text(&["the custom storage has no `", name, "` method"])))
            .and_then(|f| f.apply(&self.object, &args).map_err(|_| failed()));
        Box::pin(async move {
            let value = called?;
            match value.dyn_ref::<Promise>() {
                Some(p) => JsFuture::from(p.clone()).await.map_err(|_| failed()),
                None => Ok(value),
            }
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

/// A store chosen by the `storage` option, and why a browser storage that cannot be used here
/// (blocked, zero quota) was replaced by memory.
pub type ChosenStore = (Rc<dyn TokenStore>, Option<String>);

/// The `storage` option: the store, and why a browser storage that cannot be used
/// here (blocked, zero quota) was replaced by memory.
pub fn store_from(value: Option<JsValue>) -> Result<Option<ChosenStore>, Error> {
    let Some(value) = value else { return Ok(None) };
    let web = match value.as_string().as_deref() {
        Some("memory") => return Ok(Some((super::session::memory(), None))),
        Some("sessionStorage") => WebStorage::Session,
        Some("localStorage") => WebStorage::Local,
        _ => {
            let usable = value.is_object() && ["get", "set", "remove"].iter().all(|m| Reflect::get(&value, &(*m).into()).is_ok_and(|f| f.is_function()));
            if !usable {
                return Err(Error::invalid_input("storage must be 'memory', 'sessionStorage', 'localStorage' or an object with get/set/remove methods"));
            }
            return Ok(Some((Rc::new(JsStore { object: value }), None)));
        }
    };
    Ok(Some(match web.usable() {
        Ok(()) => (Rc::new(web), None),
        Err(e) => (super::session::memory(), Some(text(&[&e.message, ": the session is kept in memory (lost on reload)"]))),
    }))
}

/// Every option `configureAuth` takes.
pub(super) const AUTH_OPTIONS: &[&str] =
    &["userPoolId", "clientId", "endpoint", "orgId", "portalId", "authFlow", "storage", "storageKey", "refreshMarginSeconds", "bearer"];

/// `configureAuth`'s options over `config`: the new settings and store, or the first
/// problem (then nothing changes).
pub fn read_options(options: JsValue, mut config: AuthConfig) -> Result<(AuthConfig, Option<ChosenStore>), Error> {
    let options = if options.is_undefined() || options.is_null() { Object::new().into() } else { options };
    let input = Input::new("auth options", options, AUTH_OPTIONS)?;
    for (key, target) in [
        ("userPoolId", &mut config.user_pool_id),
        ("clientId", &mut config.client_id),
        ("endpoint", &mut config.endpoint),
        ("orgId", &mut config.org_id),
        ("portalId", &mut config.portal_id),
    ] {
        if let Some(v) = input.opt(key)? {
            *target = Some(v.trim().to_string()).filter(|s| !s.is_empty());
        }
    }
    if let Some(e) = &config.endpoint {
        if !(e.starts_with("https://") || e.starts_with("http://")) {
            return Err(Error::invalid_input(text(&["endpoint must be an http(s) URL, not `", e, "`"])));
        }
    }
    if let (Some(pool), None) = (&config.user_pool_id, &config.endpoint) {
        super::api::endpoint_for_pool(pool)?;
    }
    if let Some(f) = flow(input.opt("authFlow")?.as_deref())? {
        config.flow = f;
    }
    if let Some(k) = input.opt("storageKey")? {
        config.storage_key = Some(k).filter(|k| !k.is_empty());
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
        Some(other) => return Err(Error::invalid_input(text(&["bearer must be 'accessToken' or 'idToken', not `", other, "`"]))),
    }
    let store = store_from(input.raw("storage"))?;
    Ok((config, store))
}
