#![cfg(target_arch = "wasm32")]
//! `onRequest`, `onResponse` and `onUnauthorized` against the fault server.

mod common;

use common::fault::*;
use common::*;
use js_sys::{Array, Function};
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

async fn contact(c: &JsValue) -> Result<JsValue, JsValue> {
    call_on(c, "getContact", JsValue::NULL, JsValue::NULL, JsValue::UNDEFINED).await
}

/// A JS function `(x) => { seen.push(x); return body(x) }`.
fn recorder(seen: &Array, body: &str) -> Function {
    let make = Function::new_with_args("seen", &format!("return (x) => {{ seen.push(x); {body} }};"));
    make.call1(&JsValue::NULL, seen).expect("hook").into()
}

#[wasm_bindgen_test]
async fn on_request_adds_a_header_and_never_sees_the_token() {
    let s = Script::new("hook-request", json!([{ "json": {} }])).await;
    let c = s.client(json!({}));
    let seen = Array::new();
    let hook = recorder(&seen, "x.headers['x-correlation-id'] = 'corr-1'; return x;");
    invoke(&c, "onRequest", &[hook.into()]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    contact(&c).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(s.requests().await[0]["headers"]["x-correlation-id"], "corr-1");
    let info = json(&seen.get(0));
    assert_eq!(info["operation"], "getContact");
    assert_eq!(info["method"], "GET");
    let headers = info["headers"].as_object().cloned().unwrap_or_default();
    assert!(headers.keys().all(|k| !k.eq_ignore_ascii_case("authorization")), "{info}");
}

#[wasm_bindgen_test]
async fn on_request_may_change_headers_in_place_without_returning() {
    let s = Script::new("hook-request-inplace", json!([{ "json": {} }])).await;
    let c = s.client(json!({}));
    let hook = recorder(&Array::new(), "x.headers['x-app'] = 'portal';");
    invoke(&c, "onRequest", &[hook.into()]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    contact(&c).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(s.requests().await[0]["headers"]["x-app"], "portal");
}

#[wasm_bindgen_test]
async fn on_response_observes_every_attempt() {
    let s = Script::new("hook-response", json!([{ "status": 503 }, { "json": {}, "delayMs": 50 }])).await;
    let c = s.client(json!({}));
    let seen = Array::new();
    invoke(&c, "onResponse", &[recorder(&seen, "").into()]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    contact(&c).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(seen.length(), 2);
    let (first, second) = (json(&seen.get(0)), json(&seen.get(1)));
    assert_eq!(first["status"], 503);
    assert_eq!(first["attempt"], 0);
    assert_eq!(second["status"], 200);
    assert_eq!(second["attempt"], 1);
    assert!(second["durationMs"].as_f64().unwrap_or(0.0) >= 40.0, "{second}");
}

/// A token function reading `state.token`, and an `onUnauthorized` that counts its
/// runs and sets a fresh token after a short wait.
fn refreshing_auth(c: &JsValue) -> JsValue {
    let state = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&state, &"token".into(), &"old-token".into());
    let _ = js_sys::Reflect::set(&state, &"refreshes".into(), &0.into());
    let token = Function::new_with_args("state", "return () => state.token;").call1(&JsValue::NULL, &state).expect("fn");
    let refresh = Function::new_with_args(
        "state",
        "return async () => { state.refreshes += 1; await new Promise(r => setTimeout(r, 50)); state.token = 'new-token'; };",
    )
    .call1(&JsValue::NULL, &state)
    .expect("fn");
    invoke(c, "authorize", &[token]).expect("authorize");
    invoke(c, "onUnauthorized", &[refresh]).expect("onUnauthorized");
    state.into()
}

#[wasm_bindgen_test]
async fn on_unauthorized_refreshes_once_and_repeats_with_the_fresh_token() {
    let s = Script::new("hook-401", json!([{ "status": 401, "json": { "message": "expired" } }, { "json": { "ok": true } }])).await;
    let c = s.client(json!({}));
    let state = refreshing_auth(&c);
    let res = contact(&c).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "ok": true }));
    assert_eq!(get(&state, "refreshes").as_f64(), Some(1.0));
    let reqs = s.requests().await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0]["headers"]["authorization"], "Bearer old-token");
    assert_eq!(reqs[1]["headers"]["authorization"], "Bearer new-token");
}

#[wasm_bindgen_test]
async fn a_second_401_after_refresh_is_final() {
    let s = Script::new("hook-401-twice", json!([{ "status": 401 }])).await;
    let c = s.client(json!({}));
    let state = refreshing_auth(&c);
    let err = contact(&c).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(401.0));
    assert_eq!(get(&state, "refreshes").as_f64(), Some(1.0));
    assert_eq!(s.requests().await.len(), 2);
}

#[wasm_bindgen_test]
async fn concurrent_401s_share_one_refresh() {
    const CALLS: usize = 20;
    let mut steps: Vec<serde_json::Value> = (0..CALLS).map(|_| json!({ "status": 401 })).collect();
    steps.push(json!({ "json": { "ok": true } }));
    let s = Script::new("hook-401-concurrent", json!(steps)).await;
    let c = s.client(json!({}));
    let state = refreshing_auth(&c);
    let calls: Vec<_> = (0..CALLS)
        .map(|_| {
            let c = c.clone();
            async move { contact(&c).await }
        })
        .collect();
    for res in join_all(calls).await {
        res.unwrap_or_else(|e| panic!("{}", describe(&e)));
    }
    assert_eq!(get(&state, "refreshes").as_f64(), Some(1.0));
    assert_eq!(s.requests().await.len(), 2 * CALLS);
}

#[wasm_bindgen_test]
async fn a_failing_refresh_rejects_the_call_clearly() {
    let s = Script::new("hook-401-fail", json!([{ "status": 401, "json": { "message": "expired" } }])).await;
    let c = s.client(json!({}));
    let failing = Function::new_with_args("", "return Promise.reject(new Error('refresh token expired'));");
    invoke(&c, "onUnauthorized", &[failing.into()]).expect("onUnauthorized");
    let err = contact(&c).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert!(get(&err, "message").as_string().unwrap_or_default().contains("401"));
    // The server's answer stays on the error.
    assert_eq!(get(&err, "status").as_f64(), Some(401.0));
    assert_eq!(json(&get(&get(&err, "response"), "data")), json!({ "message": "expired" }));
}

#[wasm_bindgen_test]
async fn a_refresh_that_failed_on_the_network_is_network_and_keeps_the_401() {
    let s = Script::new("hook-401-offline", json!([{ "status": 401, "json": { "message": "expired" } }])).await;
    let c = s.client(json!({}));
    // What a refresh through the SDK (or anything that reports PortalApiError codes) rejects with.
    let failing = Function::new_with_args("", "return Promise.reject(Object.assign(new Error('offline'), { code: 'NETWORK' }));");
    invoke(&c, "onUnauthorized", &[failing.into()]).expect("onUnauthorized");
    let err = contact(&c).await.unwrap_err();
    assert_error(&err, "NETWORK");
    assert_eq!(get(&err, "status").as_f64(), Some(401.0));
    assert!(get(&err, "message").as_string().unwrap_or_default().contains("offline"));
    assert_eq!(s.requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn an_identity_provider_token_answered_401_is_sent_once_without_refresh() {
    let s = Script::new("hook-401-sso", json!([{ "status": 401, "json": { "message": "bad id token" } }, { "json": { "ok": true } }])).await;
    let c = s.client(json!({}));
    let state = refreshing_auth(&c);
    let params = arg(json!({ "origin": "END_CUSTOMER_PORTAL", "org_id": "1", "id_token": "idp-token" }));
    let err = call_on(&c, "ssoLogin", params, JsValue::NULL, JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(401.0));
    assert_eq!(get(&state, "refreshes").as_f64(), Some(0.0), "the session's refresh must not run");
    let reqs = s.requests().await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0]["headers"]["authorization"], "Bearer idp-token");
}

#[wasm_bindgen_test]
async fn a_header_set_by_on_request_replaces_one_in_another_case() {
    let s = Script::new("hook-request-case", json!([{ "json": {} }])).await;
    let c = s.client(json!({ "headers": { "x-correlation-id": "from-client" } }));
    let hook = recorder(&Array::new(), "x.headers['X-Correlation-Id'] = 'from-hook'; return x;");
    invoke(&c, "onRequest", &[hook.into()]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    contact(&c).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(s.requests().await[0]["headers"]["x-correlation-id"], "from-hook");
}

#[wasm_bindgen_test]
async fn on_request_may_remove_a_header_but_not_set_authorization() {
    let s = Script::new("hook-request-remove", json!([{ "json": {} }])).await;
    let c = s.client(json!({ "headers": { "x-drop": "1" } }));
    let hook = recorder(&Array::new(), "delete x.headers['x-drop'];");
    invoke(&c, "onRequest", &[hook.into()]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    contact(&c).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    let headers = s.requests().await[0]["headers"].clone();
    assert!(headers.get("x-drop").is_none(), "{headers}");
    assert_eq!(headers["authorization"], format!("Bearer {TEST_TOKEN}"));
    let hook = recorder(&Array::new(), "x.headers.Authorization = 'Bearer stolen';");
    invoke(&c, "onRequest", &[hook.into()]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_error(&contact(&c).await.unwrap_err(), "INVALID_INPUT");
    assert_eq!(s.requests().await.len(), 1);
}
