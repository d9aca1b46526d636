#![cfg(target_arch = "wasm32")]
//! The core's own restore of a stored session (src/js/session.rs), in Chromium: what it restores
//! (and how it answers, as the sign-in module's `configureAuth` would), what it leaves to the
//! sign-in module (`undefined`), a stale session refreshed once against the fault server standing
//! in for Cognito, and the hand-over. The whole page with the module: tests/e2e/restore.mjs.

mod common;

use common::fault::*;
use common::*;
use epilot_portal_sdk::js::PortalClient;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const POOL: &str = "eu-central-1_Restore1";
const CLIENT: &str = "restoreclient1";

/// An unsigned JWT with `claims` (the restore path only reads the payload).
fn jwt(claims: Value) -> String {
    let b64 = |s: &str| {
        let text = js_sys::JsString::from(s);
        let encoded = web_sys::window().expect("window").btoa(&String::from(text)).expect("btoa");
        encoded.trim_end_matches('=').replace('+', "-").replace('/', "_")
    };
    format!("{}.{}.sig", b64(r#"{"alg":"none"}"#), b64(&claims.to_string()))
}

fn local() -> web_sys::Storage {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage")
}

/// A stored form as the sign-in module writes it, for `endpoint`, expiring in `expires_in_ms`.
fn stored(endpoint: &str, expires_in_ms: f64, refresh: bool) -> Value {
    let now = js_sys::Date::now().floor();
    let mut v = json!({
        "v": 2, "userPoolId": POOL, "clientId": CLIENT, "endpoint": endpoint,
        "accessToken": jwt(json!({ "sub": "u-1", "username": "u-1", "token_use": "access" })),
        "idToken": jwt(json!({ "sub": "u-1", "email": "jo@example.com", "token_use": "id" })),
        "expiresAt": (now + expires_in_ms) as i64, "issuedAt": now as i64, "username": "u-1",
    });
    if refresh {
        v["refreshToken"] = json!("refresh-1");
    }
    v
}

fn options(key: &str, endpoint: &str, extra: Value) -> Value {
    let mut o = json!({ "userPoolId": POOL, "clientId": CLIENT, "endpoint": endpoint, "storage": "localStorage", "storageKey": key });
    if let (Some(o), Some(e)) = (o.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    o
}

async fn restore(client: &PortalClient, options: Value) -> JsValue {
    JsFuture::from(client.restore_session(js(&options))).await.unwrap_or_else(|e| panic!("__restoreSession rejected: {}", describe(&e)))
}

fn bare_client() -> PortalClient {
    client_with(json!({ "baseUrl": API_URL, "retry": { "maxRetries": 0 } }))
}

/// `text` stored under `key` in `localStorage`, then a new client's restore with the options of
/// `key` and `endpoint` (and `extra`): the client, and what it answered.
async fn store_and_restore(key: &str, text: &str, endpoint: &str, extra: Value) -> (PortalClient, JsValue) {
    local().set_item(key, text).expect("setItem");
    let client = bare_client();
    let answer = restore(&client, options(key, endpoint, extra)).await;
    (client, answer)
}

#[wasm_bindgen_test]
async fn nothing_stored_is_answered_as_none() {
    let _ = local().remove_item("restore.none");
    let r = json(&restore(&bare_client(), options("restore.none", "http://127.0.0.1:9/", json!({}))).await);
    assert_eq!(r, json!({ "session": null, "source": "none", "storage": "localStorage", "key": "restore.none" }));
}

#[wasm_bindgen_test]
async fn a_fresh_session_is_restored_and_its_token_given_while_fresh() {
    let endpoint = "http://127.0.0.1:9/";
    let form = stored(endpoint, 3_600_000.0, true);
    let (client, r) = store_and_restore("restore.fresh", &form.to_string(), endpoint, json!({})).await;
    let r = json(&r);
    assert_eq!(r["source"], "restored");
    assert_eq!(r["storage"], "localStorage");
    assert_eq!(r["key"], "restore.fresh");
    assert_eq!(r["session"]["username"], "u-1");
    assert_eq!(r["session"]["email"], "jo@example.com");
    assert_eq!(r["session"]["claims"]["token_use"], "id");
    assert_eq!(r["session"]["expiresAt"], form["expiresAt"]);
    assert!(!r.to_string().contains(form["accessToken"].as_str().unwrap_or("?")), "the answer shows a token");
    assert_eq!(client.session_token().as_string().as_deref(), form["accessToken"].as_str());
    // Not refreshed, so not written: the stored text is the same.
    assert_eq!(local().get_item("restore.fresh").ok().flatten(), Some(form.to_string()));

    // `bearer: 'idToken'` gives the ID token.
    let client = bare_client();
    restore(&client, options("restore.fresh", endpoint, json!({ "bearer": "idToken" }))).await;
    assert_eq!(client.session_token().as_string().as_deref(), form["idToken"].as_str());

    // Within the refresh margin it is stale: refreshed first, and here Cognito cannot be
    // reached (nothing listens on port 9), so the sign-in module decides.
    let client = bare_client();
    assert!(restore(&client, options("restore.fresh", endpoint, json!({ "refreshMarginSeconds": 3601 }))).await.is_undefined());
    assert!(client.session_token().is_undefined());
}

#[wasm_bindgen_test]
async fn what_the_core_does_not_restore_is_left_to_the_module() {
    let endpoint = "http://127.0.0.1:9/";
    let good = stored(endpoint, 3_600_000.0, true);
    let cases: Vec<(&str, Value, Value)> = vec![
        ("an option it does not know", good.clone(), json!({ "orgId": "o", "portalId": "p" })),
        ("a memory store", good.clone(), json!({ "storage": "memory" })),
        ("a padded pool id", good.clone(), json!({ "userPoolId": format!(" {POOL}") })),
        ("an endpoint that is not http(s)", good.clone(), json!({ "endpoint": "ftp://127.0.0.1:9/" })),
        ("a negative refresh margin", good.clone(), json!({ "refreshMarginSeconds": -1 })),
        ("an unknown bearer", good.clone(), json!({ "bearer": "refreshToken" })),
        ("another app client's session", json!({ "clientId": "other" }), json!({})),
        ("another endpoint's session", json!({ "endpoint": "http://127.0.0.1:8/" }), json!({})),
        ("an older stored form", json!({ "v": 1 }), json!({})),
        ("a session without an access token", json!({ "accessToken": "" }), json!({})),
        ("an expired session without a refresh token", json!({ "expiresAt": js_sys::Date::now() as i64 - 1000, "refreshToken": null }), json!({})),
    ];
    for (what, form, extra) in cases {
        let mut form_value = good.clone();
        if let (Some(f), Some(changes)) = (form_value.as_object_mut(), form.as_object()) {
            for (k, v) in changes {
                if v.is_null() {
                    f.remove(k);
                } else {
                    f.insert(k.clone(), v.clone());
                }
            }
        }
        let (client, r) = store_and_restore("restore.left", &form_value.to_string(), endpoint, extra).await;
        assert!(r.is_undefined(), "{what}: answered {:?}", json(&r));
        assert!(client.session_token().is_undefined(), "{what}: a token is given");
    }
    // Text that is not JSON, and options that are not an object.
    assert!(store_and_restore("restore.left", "{not json", endpoint, json!({})).await.1.is_undefined());
    assert!(JsFuture::from(bare_client().restore_session(JsValue::from_str("x"))).await.expect("resolves").is_undefined());
}

#[wasm_bindgen_test]
async fn a_stale_session_is_refreshed_once_and_written_back() {
    let fresh_access = jwt(json!({ "sub": "u-1", "username": "u-1", "token_use": "access", "n": 2 }));
    let s = Script::new("restore-refresh", json!([{ "json": { "AuthenticationResult": { "AccessToken": fresh_access, "ExpiresIn": 3600, "TokenType": "Bearer" } } }])).await;
    let endpoint = format!("{}/", s.base_url());
    let form = stored(&endpoint, -1000.0, true);
    let (client, r) = store_and_restore("restore.stale", &form.to_string(), &endpoint, json!({})).await;
    let r = json(&r);
    assert_eq!(r["source"], "restored");
    let requests = s.requests().await;
    assert_eq!(requests.len(), 1, "one refresh: {requests:?}");
    assert_eq!(requests[0]["method"], "POST");
    assert_eq!(requests[0]["headers"]["x-amz-target"], "AWSCognitoIdentityProviderService.InitiateAuth");
    let body: Value = serde_json::from_str(requests[0]["body"].as_str().unwrap_or("")).unwrap_or(Value::Null);
    assert_eq!(body, json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT, "AuthParameters": { "REFRESH_TOKEN": "refresh-1" } }));
    // Written back: the new access token and expiry, the refresh and ID tokens kept.
    let now_stored: Value = serde_json::from_str(&local().get_item("restore.stale").ok().flatten().unwrap_or_default()).unwrap_or(Value::Null);
    assert_eq!(now_stored["accessToken"], json!(fresh_access));
    assert_eq!(now_stored["refreshToken"], "refresh-1");
    assert_eq!(now_stored["idToken"], form["idToken"]);
    assert!(now_stored["expiresAt"].as_f64().unwrap_or(0.0) > js_sys::Date::now() + 3_500_000.0);
    assert_eq!(r["session"]["expiresAt"], now_stored["expiresAt"]);
    assert_eq!(client.session_token().as_string(), Some(fresh_access));
}

#[wasm_bindgen_test]
async fn a_refused_refresh_is_left_to_the_module_and_nothing_written() {
    let s = Script::new("restore-refused", json!([{ "status": 400, "json": { "__type": "NotAuthorizedException", "message": "Refresh Token has been revoked" } }])).await;
    let endpoint = format!("{}/", s.base_url());
    let form = stored(&endpoint, -1000.0, true).to_string();
    let (client, r) = store_and_restore("restore.refused", &form, &endpoint, json!({})).await;
    assert!(r.is_undefined());
    assert_eq!(s.requests().await.len(), 1);
    assert_eq!(local().get_item("restore.refused").ok().flatten(), Some(form));
    assert!(client.session_token().is_undefined());
}

#[wasm_bindgen_test]
async fn the_hand_over_gives_the_stored_form_once_and_signs_out_at_the_call() {
    let endpoint = "http://127.0.0.1:9/";
    let form = stored(endpoint, 3_600_000.0, true);
    let (client, _) = store_and_restore("restore.hand", &form.to_string(), endpoint, json!({})).await;
    let given: Value = serde_json::from_str(&client.hand_over(true).as_string().unwrap_or_default()).unwrap_or(Value::Null);
    assert_eq!(given, form);
    assert_eq!(local().get_item("restore.hand").ok().flatten(), None, "still stored after a sign-out");
    assert!(client.session_token().is_undefined());
    assert!(client.hand_over(false).is_undefined(), "handed over twice");

    // Without sign-out the stored form stays where it is (the module takes it over there).
    let (client, _) = store_and_restore("restore.hand", &form.to_string(), endpoint, json!({})).await;
    assert!(client.hand_over(false).is_string());
    assert!(local().get_item("restore.hand").ok().flatten().is_some());
}
