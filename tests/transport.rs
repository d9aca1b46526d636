#![cfg(target_arch = "wasm32")]
//! Timeouts, cancellation and large-response redirects against the fault server.

mod common;

use common::fault::*;
use common::*;
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

async fn contact(c: &JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    call_on(c, "getContact", JsValue::NULL, JsValue::NULL, options).await
}

#[wasm_bindgen_test]
async fn client_timeout_rejects_with_timeout() {
    let s = Script::new("timeout-client", json!([{ "delayMs": 3000, "json": {} }])).await;
    let c = s.client(json!({ "timeout": 200, "retry": { "maxRetries": 0 } }));
    let started = js_sys::Date::now();
    let err = contact(&c, JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "TIMEOUT");
    assert!(js_sys::Date::now() - started < 2500.0);
}

#[wasm_bindgen_test]
async fn per_call_timeout_wins_over_the_client_one() {
    let s = Script::new("timeout-call", json!([{ "delayMs": 600, "json": { "ok": 1 } }])).await;
    let c = s.client(json!({ "timeout": 100, "retry": { "maxRetries": 0 } }));
    let options = arg(json!({ "timeout": 3000 }));
    let res = contact(&c, options).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "ok": 1 }));
}

#[wasm_bindgen_test]
async fn a_get_that_times_out_is_retried_then_succeeds() {
    let s = Script::new("timeout-retry", json!([{ "delayMs": 2000, "json": {} }, { "json": { "second": true } }])).await;
    let c = s.client(json!({ "timeout": 200 }));
    let res = contact(&c, JsValue::UNDEFINED).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "second": true }));
}

#[wasm_bindgen_test]
async fn a_body_that_stalls_times_out() {
    let s = Script::new("timeout-stall", json!([{ "json": { "a": "xxxxxxxxxxxxxxxxxxxxxxxx" }, "stallAfterBytes": 5 }])).await;
    let c = s.client(json!({ "timeout": 300, "retry": { "maxRetries": 0 } }));
    assert_error(&contact(&c, JsValue::UNDEFINED).await.unwrap_err(), "TIMEOUT");
}

#[wasm_bindgen_test]
async fn abort_signal_cancels_the_request() {
    let s = Script::new("abort-request", json!([{ "delayMs": 3000, "json": {} }])).await;
    let c = s.client(json!({}));
    let controller = web_sys::AbortController::new().expect("controller");
    abort_after(&controller, 100);
    let started = js_sys::Date::now();
    let err = contact(&c, signal_options(&controller)).await.unwrap_err();
    assert_error(&err, "ABORTED");
    assert!(js_sys::Date::now() - started < 2000.0);
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    let s = Script::new("abort-before", json!([{ "json": {} }])).await;
    let controller = web_sys::AbortController::new().expect("controller");
    controller.abort();
    let err = contact(&s.client(json!({})), signal_options(&controller)).await.unwrap_err();
    assert_error(&err, "ABORTED");
    assert_eq!(s.requests().await.len(), 0);
}

#[wasm_bindgen_test]
async fn abort_cancels_a_pending_retry_wait() {
    let s = Script::new("abort-retry-wait", json!([{ "status": 429, "headers": { "retry-after": "10" } }, { "json": {} }])).await;
    let c = s.client(json!({}));
    let controller = web_sys::AbortController::new().expect("controller");
    let started = js_sys::Date::now();
    abort_after(&controller, 300);
    let err = contact(&c, signal_options(&controller)).await.unwrap_err();
    assert_error(&err, "ABORTED");
    assert!(js_sys::Date::now() - started < 3000.0, "the retry wait was not cancelled");
    assert_eq!(s.requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn large_response_is_followed_without_credentials_or_custom_headers() {
    let payload = json!({ "entity": { "_id": "big", "name": "payload" } });
    let s = Script::new("large-ref", json!([{ "largeRef": payload }])).await;
    let c = s.client(json!({ "headers": { "x-custom": "secret-ish" } }));
    let res = contact(&c, options_with_headers(&[("x-trace", "t1")])).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), payload);
    let sent = s.requests().await;
    assert_eq!(sent[0]["headers"]["accept"], "application/large-response.vnd+json");
    assert_eq!(sent[0]["headers"]["authorization"], format!("Bearer {TEST_TOKEN}"));
    let fetched = s.payload_requests().await;
    let gets: Vec<_> = fetched.iter().filter(|r| r["method"] == "GET").collect();
    assert_eq!(gets.len(), 1, "{fetched:?}");
    for r in &fetched {
        let headers = r["headers"].as_object().cloned().unwrap_or_default();
        assert!(!headers.contains_key("authorization"), "token sent to the payload host: {r}");
        assert!(!headers.contains_key("x-custom") && !headers.contains_key("x-trace"), "custom header sent: {r}");
        let requested = r["headers"]["access-control-request-headers"].as_str().unwrap_or("");
        assert!(!requested.contains("authorization"));
    }
}

#[wasm_bindgen_test]
async fn large_response_can_be_turned_off() {
    let s = Script::new("large-off", json!([{ "json": { "small": true } }])).await;
    let c = s.client(json!({}));
    invoke(&c, "largeResponse", &[arg(json!({ "enabled": false }))]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    contact(&c, JsValue::UNDEFINED).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(s.requests().await[0]["headers"]["accept"], "application/json");
}

#[wasm_bindgen_test]
async fn a_failing_payload_url_is_an_http_error() {
    let s = Script::new("large-expired", json!([{ "payload": { "status": 403, "text": "expired" } }])).await;
    let err = contact(&s.client(json!({ "retry": { "maxRetries": 0 } })), JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(403.0));
}

#[wasm_bindgen_test]
async fn a_large_response_without_payload_ref_is_a_decode_error() {
    let s = Script::new("large-broken", json!([{ "text": "{\"nope\":1}", "contentType": "application/large-response.vnd+json" }])).await;
    let err = contact(&s.client(json!({})), JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "DECODE");
}


/// `fetch` rejects with the signal's reason, which can be any value: a string is no `Error`
/// (gloo-net's `send` panicked on that, which kills the wasm instance). Still `ABORTED`, and the
/// same client goes on working.
#[wasm_bindgen_test]
async fn an_abort_reason_that_is_not_an_error_is_aborted_and_the_client_lives_on() {
    let s = Script::new("abort-reason-string", json!([{ "delayMs": 3000, "json": {} }, { "json": { "after": true } }])).await;
    let c = s.client(json!({ "retry": { "maxRetries": 0 } }));
    let controller = web_sys::AbortController::new().expect("controller");
    js_sys::Function::new_with_args("c", "setTimeout(() => c.abort('the user left the page'), 100)")
        .call1(&JsValue::NULL, &controller)
        .expect("timer");
    assert_error(&contact(&c, signal_options(&controller)).await.unwrap_err(), "ABORTED");
    let res = contact(&c, JsValue::UNDEFINED).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "after": true }));
}
