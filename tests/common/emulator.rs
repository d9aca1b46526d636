//! The local Cognito emulator (`scripts/cognito-local.mjs`) from a browser test: its config,
//! test controls (users, one-time codes, MFA requirement, SSO codes, devices, stats), and
//! `PortalClient` methods called through their JS names. The URL comes from `COGNITO_URL` at
//! compile time.
#![allow(dead_code)]

use js_sys::{Function, Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::common::{client_with, describe, js};

pub const COGNITO_URL: &str = match option_env!("COGNITO_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:4030",
};

/// A request to the emulator (`path` on its Cognito port); the JSON answer (`null` if none).
pub async fn emu(method: &str, path: &str, body: Option<Value>) -> Value {
    let url = format!("{COGNITO_URL}{path}");
    let mut req = gloo_net::http::RequestBuilder::new(&url).method(if method == "POST" { gloo_net::http::Method::POST } else { gloo_net::http::Method::GET });
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let res = match body {
        Some(b) => req.body(b.to_string()).expect("request").send().await,
        None => req.send().await,
    }
    .unwrap_or_else(|e| panic!("{url}: is the emulator running (node scripts/cognito-local.mjs)? {e}"));
    serde_json::from_str(&res.text().await.unwrap_or_default()).unwrap_or(Value::Null)
}

pub async fn config() -> Value {
    emu("GET", "/__config", None).await
}

pub async fn stats() -> Value {
    emu("GET", "/__stats", None).await
}

pub fn unique_email(tag: &str) -> String {
    format!("{tag}-{}@example.com", (js_sys::Math::random() * 1e12) as u64)
}

/// A new confirmed user; returns its `sub`.
pub async fn new_user(email: &str, password: &str) -> String {
    new_user_with_status(email, password, "CONFIRMED").await
}

/// A new user with the Cognito status `status` (`CONFIRMED`, `FORCE_CHANGE_PASSWORD`, ...).
pub async fn new_user_with_status(email: &str, password: &str, status: &str) -> String {
    let r = emu("POST", "/__admin/users", Some(json!({ "email": email, "password": password, "status": status }))).await;
    r["sub"].as_str().unwrap_or_else(|| panic!("could not create a user: {r}")).to_string()
}

/// The newest one-time code of `purpose` the emulator "sent" to `email`.
pub async fn code_for(email: &str, purpose: &str) -> String {
    let r = emu("GET", &format!("/__admin/codes?username={}", js_sys::encode_uri_component(email)), None).await;
    let codes = r["codes"].as_array().cloned().unwrap_or_default();
    let found = codes.iter().find(|c| c["purpose"] == purpose).unwrap_or_else(|| panic!("no {purpose} code for {email}: {r}"));
    found["code"].as_str().unwrap_or_default().to_string()
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
    });
    let _ = JsFuture::from(p).await;
}

/// `client[name](...args)`, awaited when it returns a promise.
pub async fn invoke(client: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(client, &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .unwrap_or_else(|| panic!("PortalClient has no method `{name}`"));
    let args: js_sys::Array = args.iter().collect();
    let value = f.apply(client, &args)?;
    match value.dyn_ref::<Promise>() {
        Some(p) => JsFuture::from(p.clone()).await,
        None => Ok(value),
    }
}

pub async fn ok(client: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    invoke(client, name, args).await.unwrap_or_else(|e| panic!("{name} failed: {}", describe(&e)))
}

pub async fn fails(client: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    match invoke(client, name, args).await {
        Ok(v) => panic!("{name} should have failed, got {}", js_sys::JSON::stringify(&v).map(String::from).unwrap_or_default()),
        Err(e) => e,
    }
}

/// Everything an error shows (message, JSON form, response), to check for leaked secrets.
pub fn error_text(error: &JsValue) -> String {
    format!("{} {}", describe(error), js_sys::JSON::stringify(error).map(String::from).unwrap_or_default())
}

/// A client on the emulator's mock API with sign-in configured (`extra` adds options).
pub async fn auth_client(extra: Value) -> JsValue {
    let env = config().await;
    let client: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
    let mut options = json!({ "userPoolId": env["userPoolId"], "clientId": env["clientId"], "endpoint": env["endpoint"] });
    if let (Some(o), Some(e)) = (options.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    ok(&client, "configureAuth", &[js(&options)]).await;
    client
}
