#![cfg(all(target_arch = "wasm32", feature = "sign-in"))]
//! Sign-in in the browser, through the public JS methods of `PortalClient`, against the local
//! Cognito emulator (`scripts/cognito-local.mjs`: cognito-local behind a front that verifies
//! SRP proofs for real, plus a mock of the portal API's auth routes). The emulator's URL comes
//! from `COGNITO_URL` at compile time; pool and client ids from its `/__config`.
//! Every test makes its own user, so the tests do not depend on each other.

mod common;
#[path = "common/emulator.rs"]
mod emulator;
#[path = "cognito/sessions.rs"]
mod sessions;

use common::*;
use emulator::*;
use epilot_portal_sdk::cognito::srp;
use js_sys::{Function, Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const PASSWORD: &str = "Sup3r-Secret-pw!";

/// `client[name](arg)` without awaiting (a promise stays a promise).
fn invoke_sync_with(client: &JsValue, name: &str, arg: &JsValue) -> JsValue {
    let f: Function = Reflect::get(client, &name.into()).unwrap().dyn_into().unwrap();
    f.call1(client, arg).unwrap_or_else(|e| panic!("{name} threw: {}", describe(&e)))
}

fn invoke_sync(client: &JsValue, name: &str) -> JsValue {
    invoke_sync_with(client, name, &JsValue::UNDEFINED)
}

/// A client on the emulator's mock API, with sign-in configured (`extra` adds/overrides
/// options), and the emulator's config.
async fn signed_out_client(extra: Value) -> (JsValue, Value) {
    (auth_client(extra).await, config().await)
}

/// A fresh confirmed user, signed in; returns (client, email, sub).
async fn signed_in_client(flow: &str) -> (JsValue, String, String) {
    let email = unique_email("user");
    let sub = new_user(&email, PASSWORD).await;
    let (client, _) = signed_out_client(json!({})).await;
    let result = ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": flow }))]).await;
    assert_eq!(json(&result)["kind"], "signedIn", "{}", json(&result));
    (client, email, sub)
}

async fn validate(client: &JsValue) -> Result<JsValue, JsValue> {
    call_on(client, "validateToken", JsValue::NULL, JsValue::NULL, JsValue::UNDEFINED).await
}

async fn validate_owned(client: JsValue) -> Result<JsValue, JsValue> {
    validate(&client).await
}

fn refreshes(stats: &Value, sub: &str) -> u64 {
    stats["refreshBySub"][sub].as_u64().unwrap_or(0)
}

/// Records every `onSessionChange` reason.
fn record_changes(client: &JsValue) -> js_sys::Array {
    let seen = js_sys::Array::new();
    let f = Function::new_with_args("seen", "return (change) => { seen.push(change.reason); }").call1(&JsValue::NULL, &seen).unwrap();
    let on: Function = Reflect::get(client, &"onSessionChange".into()).unwrap().dyn_into().unwrap();
    on.call1(client, &f).unwrap();
    seen
}

fn reasons(seen: &js_sys::Array) -> Vec<String> {
    seen.iter().filter_map(|v| v.as_string()).collect()
}

#[wasm_bindgen_test]
fn srp_vectors_hold_in_wasm() {
    // The same vectors as tests/srp_vectors.rs, on wasm32 (32-bit big-integer digits).
    let file: Value = serde_json::from_str(include_str!("cognito/srp-vectors.json")).unwrap();
    for v in file["vectors"].as_array().unwrap() {
        let s = |k: &str| v[k].as_str().unwrap().to_string();
        let c = srp::check_vector(
            &s("smallA"),
            &s("srpB"),
            &s("salt"),
            &s("poolName"),
            &s("userIdForSrp"),
            &s("password"),
            &s("secretBlock"),
            v["unixMs"].as_f64().unwrap(),
        )
        .unwrap();
        let e = &v["expected"];
        assert_eq!(c.srp_a, e["srpA"].as_str().unwrap());
        assert_eq!(c.hkdf, e["hkdf"].as_str().unwrap());
        assert_eq!(c.timestamp, e["timestamp"].as_str().unwrap());
        assert_eq!(c.signature, e["signature"].as_str().unwrap(), "{}", s("name"));
    }
}

#[wasm_bindgen_test]
async fn srp_sign_in_authorizes_the_client() {
    let before = stats().await;
    let (client, email, sub) = signed_in_client("USER_SRP_AUTH").await;
    let after = stats().await;
    assert_eq!(after["srp"]["verified"].as_u64(), before["srp"]["verified"].as_u64().map(|n| n + 1), "the emulator verified one SRP proof");
    let session = json(&ok(&client, "getSession", &[]).await);
    assert_eq!(session["email"], email.as_str());
    assert_eq!(session["claims"]["sub"], sub.as_str());
    assert!(session["expiresAt"].as_f64().unwrap() > js_sys::Date::now());
    let res = validate(&client).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(get(&res, "status").as_f64(), Some(204.0), "the API accepted the Cognito access token");
}

#[wasm_bindgen_test]
async fn user_password_auth_signs_in_too() {
    let before = stats().await;
    let (client, _, _) = signed_in_client("USER_PASSWORD_AUTH").await;
    let after = stats().await;
    let n = |s: &Value| s["actions"]["InitiateAuth:USER_PASSWORD_AUTH"].as_u64().unwrap_or(0);
    assert_eq!(n(&after), n(&before) + 1);
    validate(&client).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
}

#[wasm_bindgen_test]
async fn pool_can_come_from_the_portal_config() {
    let env = config().await;
    let email = unique_email("cfg");
    new_user(&email, PASSWORD).await;
    let client: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
    ok(&client, "configureAuth", &[js(&json!({ "orgId": env["orgId"], "portalId": env["portalId"], "endpoint": env["endpoint"] }))]).await;
    let result = ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD }))]).await;
    assert_eq!(json(&result)["kind"], "signedIn");
}

#[wasm_bindgen_test]
async fn wrong_password_is_a_clear_error_in_both_flows() {
    let email = unique_email("wrong");
    new_user(&email, PASSWORD).await;
    let (client, _) = signed_out_client(json!({})).await;
    let secret = "Not-The-Passw0rd-42";
    for flow in ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"] {
        let err = invoke(&client, "signIn", &[js(&json!({ "email": email, "password": secret, "authFlow": flow }))]).await.unwrap_err();
        assert_error(&err, "HTTP");
        assert_eq!(get(&err, "message").as_string().as_deref(), Some("wrong email or password"), "{flow}: {}", describe(&err));
        assert_eq!(get(&err, "operation").as_string().as_deref(), Some("signIn"));
        assert_eq!(json(&get(&get(&err, "response"), "data"))["__type"], "NotAuthorizedException");
        let all = format!("{} {}", describe(&err), js_sys::JSON::stringify(&err).map(String::from).unwrap_or_default());
        assert!(!all.contains(secret), "{flow}: the password leaked into the error: {all}");
    }
    // An unknown email reads the same (no account probing).
    let err = invoke(&client, "signIn", &[js(&json!({ "email": unique_email("nobody"), "password": secret }))]).await.unwrap_err();
    assert_eq!(get(&err, "message").as_string().as_deref(), Some("wrong email or password"));
    assert!(json(&ok(&client, "getSession", &[]).await).is_null());
}

#[wasm_bindgen_test]
async fn many_concurrent_401s_share_one_refresh() {
    let (client, _, sub) = signed_in_client("USER_SRP_AUTH").await;
    let seen = record_changes(&client);
    validate(&client).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    // The API now refuses the current access token (as after a server-side revocation).
    emu("POST", "/__admin/reject-seen", Some(json!({ "sub": sub }))).await;
    let before = refreshes(&stats().await, &sub);
    let results = futures_join((0..8).map(|_| validate_owned(client.clone())).collect()).await;
    for r in &results {
        let res = r.as_ref().unwrap_or_else(|e| panic!("a call did not survive the 401: {}", describe(e)));
        assert_eq!(get(res, "status").as_f64(), Some(204.0));
    }
    assert_eq!(refreshes(&stats().await, &sub), before + 1, "exactly one REFRESH_TOKEN_AUTH for 8 concurrent 401s");
    assert_eq!(reasons(&seen), vec!["refreshed"]);
}

#[wasm_bindgen_test]
async fn an_expiring_session_is_refreshed_once_before_the_calls() {
    // A custom store (as a JS app would pass one): the session is put back with an expiry in the past.
    let store = Function::new_no_args(
        "const m = new Map(); return { m, get: async (k) => m.get(k) ?? null, set: (k, v) => { m.set(k, v); }, remove: (k) => { m.delete(k); } };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let email = unique_email("expiring");
    let sub = new_user(&email, PASSWORD).await;
    let env = config().await;
    let first: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
    let options = js(&json!({ "userPoolId": env["userPoolId"], "clientId": env["clientId"], "endpoint": env["endpoint"], "storageKey": "test.session" }));
    Reflect::set(&options, &"storage".into(), &store).unwrap();
    ok(&first, "configureAuth", std::slice::from_ref(&options)).await;
    ok(&first, "signIn", &[js(&json!({ "email": email, "password": PASSWORD }))]).await;
    let map = Reflect::get(&store, &"m".into()).unwrap();
    let map: js_sys::Map = map.dyn_into().unwrap();
    let stored: Value = serde_json::from_str(&map.get(&"test.session".into()).as_string().expect("the session was stored")).unwrap();
    let mut stale = stored.clone();
    stale["expiresAt"] = json!(js_sys::Date::now() - 1000.0);
    map.set(&"test.session".into(), &stale.to_string().into());

    // "After a reload": a new client restores the session from the store.
    let second: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
    let before = refreshes(&stats().await, &sub);
    let restored = ok(&second, "configureAuth", &[options]).await;
    assert_eq!(json(&restored)["session"]["email"], email.as_str());
    let results = futures_join((0..6).map(|_| validate_owned(second.clone())).collect()).await;
    assert!(results.iter().all(|r| r.is_ok()), "every call succeeded");
    assert_eq!(refreshes(&stats().await, &sub), before + 1, "one refresh (at restore) for 6 concurrent calls");
    let now: Value = serde_json::from_str(&map.get(&"test.session".into()).as_string().unwrap()).unwrap();
    assert!(now["expiresAt"].as_f64().unwrap() > js_sys::Date::now(), "the refreshed session was stored");
    assert_eq!(now["refreshToken"], stored["refreshToken"], "the refresh token is kept");
}

#[wasm_bindgen_test]
async fn sign_out_revokes_and_clears_everything() {
    let email = unique_email("signout");
    let sub = new_user(&email, PASSWORD).await;
    let key = format!("signout.{}", (js_sys::Math::random() * 1e9) as u64);
    let (client, _) = signed_out_client(json!({ "storage": "sessionStorage", "storageKey": key })).await;
    let seen = record_changes(&client);
    ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD }))]).await;
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    assert!(storage.get_item(&key).unwrap().is_some(), "sessionStorage holds the session");
    let before = stats().await["revoked"].as_array().map(Vec::len).unwrap_or(0);
    let out = json(&ok(&client, "signOut", &[]).await);
    assert_eq!(out["revoked"], true, "{out}");
    let revoked = stats().await["revoked"].as_array().cloned().unwrap_or_default();
    assert_eq!(revoked.len(), before + 1);
    assert_eq!(revoked.last().unwrap()["sub"], sub.as_str(), "revokeToken was sent with this user's token");
    assert!(storage.get_item(&key).unwrap().is_none(), "sessionStorage was cleared");
    assert!(json(&ok(&client, "getSession", &[]).await).is_null());
    assert!(json(&ok(&client, "getAccessToken", &[]).await).is_null());
    let err = validate(&client).await.unwrap_err();
    assert_eq!(get(&err, "status").as_f64(), Some(401.0), "no token is sent any more");
    assert_eq!(reasons(&seen), vec!["signedIn", "signedOut"]);
}

#[wasm_bindgen_test]
async fn new_password_required_is_a_challenge_not_a_dead_end() {
    let email = unique_email("newpw");
    new_user_with_status(&email, "Temp-Passw0rd!", "FORCE_CHANGE_PASSWORD").await;
    let (client, _) = signed_out_client(json!({})).await;
    let result = json(&ok(&client, "signIn", &[js(&json!({ "email": email, "password": "Temp-Passw0rd!" }))]).await);
    assert_eq!(result["kind"], "challenge", "{result}");
    assert_eq!(result["name"], "NEW_PASSWORD_REQUIRED");
    assert_eq!(result["userAttributes"]["email"], email.as_str());
    let err = invoke(&client, "completeSignIn", &[js(&json!({ "code": "123" }))]).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
    assert!(get(&err, "message").as_string().unwrap().contains("newPassword"));
    let done = json(&ok(&client, "completeSignIn", &[js(&json!({ "newPassword": PASSWORD }))]).await);
    assert_eq!(done["kind"], "signedIn", "{done}");
    validate(&client).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    // and the new password works for the next sign-in
    let (again, _) = signed_out_client(json!({})).await;
    assert_eq!(json(&ok(&again, "signIn", &[js(&json!({ "email": email, "password": PASSWORD }))]).await)["kind"], "signedIn");
}

#[wasm_bindgen_test]
async fn registration_then_confirmation_then_sign_in() {
    let (client, env) = signed_out_client(json!({})).await;
    ok(&client, "configureAuth", &[js(&json!({ "orgId": env["orgId"], "portalId": env["portalId"] }))]).await;
    let email = unique_email("register");
    ok(&client, "register", &[js(&json!({ "email": email, "password": PASSWORD, "firstName": "Reg" }))]).await;
    let err = invoke(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD }))]).await.unwrap_err();
    assert!(get(&err, "message").as_string().unwrap().contains("not confirmed"), "{}", describe(&err));
    let token = emu("GET", &format!("/__admin/confirmation-token?email={}", email.replace('@', "%40")), None).await;
    let confirmed = json(&ok(&client, "confirmRegistration", &[js(&json!({ "token": token["token"] }))]).await);
    assert_eq!(confirmed["confirmed"], true, "{confirmed}");
    assert_eq!(json(&ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD }))]).await)["kind"], "signedIn");
}

#[wasm_bindgen_test]
async fn forgot_password_is_wired() {
    let email = unique_email("forgot");
    new_user(&email, PASSWORD).await;
    let (client, _) = signed_out_client(json!({})).await;
    let delivery = json(&ok(&client, "forgotPassword", &[js(&json!({ "email": email }))]).await);
    assert!(delivery.is_object(), "{delivery}");
    let err = invoke(&client, "confirmForgotPassword", &[js(&json!({ "email": email, "code": "000000", "newPassword": "An0ther-Passw0rd!" }))])
        .await
        .unwrap_err();
    assert_eq!(get(&err, "message").as_string().as_deref(), Some("the code is wrong"), "{}", describe(&err));
    assert_eq!(get(&err, "operation").as_string().as_deref(), Some("confirmForgotPassword"));
    assert!(!describe(&err).contains("An0ther-Passw0rd!"));
}

#[wasm_bindgen_test]
async fn no_token_or_password_in_logs_debug_or_errors() {
    // Capture every console line during a whole session's life.
    let captured = js_sys::Array::new();
    let restore = Function::new_with_args(
        "out",
        "const saved = {}; for (const k of ['log','info','warn','error','debug']) { saved[k] = console[k]; \
         console[k] = (...a) => { out.push(a.map(String).join(' ')); saved[k].apply(console, a); }; } \
         return () => { for (const k in saved) console[k] = saved[k]; };",
    )
    .call1(&JsValue::NULL, &captured)
    .unwrap();
    let email = unique_email("secrets");
    new_user(&email, PASSWORD).await;
    let env = config().await;
    let portal = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } }));
    let rust_client = portal.client().clone();
    let client: JsValue = portal.into();
    ok(&client, "configureAuth", &[js(&json!({ "userPoolId": env["userPoolId"], "clientId": env["clientId"], "endpoint": env["endpoint"] }))]).await;
    ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD }))]).await;
    let access = ok(&client, "getAccessToken", &[]).await.as_string().expect("an access token");
    ok(&client, "refreshSession", &[]).await;
    let access2 = ok(&client, "getAccessToken", &[]).await.as_string().unwrap();
    assert_ne!(access, access2, "refreshSession gave a new access token");
    let debug = format!("{rust_client:?}");
    let session = json(&ok(&client, "getSession", &[]).await).to_string();
    let err = invoke(&client, "signIn", &[js(&json!({ "email": email, "password": "Wr0ng-but-secret!" }))]).await.unwrap_err();
    let err_text = format!("{} {}", describe(&err), js_sys::JSON::stringify(&err).map(String::from).unwrap_or_default());
    ok(&client, "signOut", &[]).await;
    restore.dyn_ref::<Function>().unwrap().call0(&JsValue::NULL).unwrap();
    let logs: Vec<String> = captured.iter().filter_map(|v| v.as_string()).collect();
    for secret in [PASSWORD, "Wr0ng-but-secret!", access.as_str(), access2.as_str()] {
        assert!(!debug.contains(secret), "Debug of the client shows a secret: {debug}");
        assert!(!session.contains(secret), "getSession shows a token");
        assert!(!err_text.contains(secret), "an error shows a secret: {err_text}");
        assert!(!logs.iter().any(|l| l.contains(secret)), "a console line shows a secret");
    }
}

/// Awaits all (no futures crate in dev-dependencies: Promise.allSettled does it).
async fn futures_join(calls: Vec<impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static>) -> Vec<Result<JsValue, JsValue>> {
    let promises: js_sys::Array = calls
        .into_iter()
        .map(|f| JsValue::from(wasm_bindgen_futures::future_to_promise(async move { Ok(match f.await {
            Ok(v) => js(&json!({ "ok": true })).tap_set("value", &v),
            Err(e) => js(&json!({ "ok": false })).tap_set("value", &e),
        }) })))
        .collect();
    let settled = JsFuture::from(Promise::all(&promises)).await.unwrap();
    js_sys::Array::from(&settled)
        .iter()
        .map(|r| {
            let value = get(&r, "value");
            if get(&r, "ok").as_bool() == Some(true) {
                Ok(value)
            } else {
                Err(value)
            }
        })
        .collect()
}

trait TapSet {
    fn tap_set(self, key: &str, value: &JsValue) -> JsValue;
}

impl TapSet for JsValue {
    fn tap_set(self, key: &str, value: &JsValue) -> JsValue {
        let _ = Reflect::set(&self, &key.into(), value);
        self
    }
}
