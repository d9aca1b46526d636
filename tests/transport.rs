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
async fn a_failing_payload_url_is_an_http_error_that_says_so() {
    let s = Script::new("large-expired", json!([{ "payload": { "status": 403, "text": "expired" } }])).await;
    let err = contact(&s.client(json!({ "retry": { "maxRetries": 0 } })), JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(403.0));
    assert_eq!(get(&err, "fromPayload").as_bool(), Some(true), "{}", describe(&err));
    assert!(get(&err, "message").as_string().unwrap_or_default().contains("payload"));
    // The API's own 403 is not marked.
    let s = Script::new("api-403", json!([{ "status": 403, "json": { "message": "forbidden" } }])).await;
    let err = contact(&s.client(json!({})), JsValue::UNDEFINED).await.unwrap_err();
    assert!(get(&err, "fromPayload").is_undefined());
}

#[wasm_bindgen_test]
async fn the_payload_get_is_retried_and_seen_by_on_response() {
    let payload = json!({ "entity": { "_id": "big" } });
    let s = Script::new("large-retry", json!([{ "payload": [{ "status": 503 }, { "json": { "x": 1 }, "destroyAfterBytes": 2 }, { "json": payload }] }])).await;
    let c = s.client(json!({ "retry": { "maxRetries": 3 } }));
    let seen = js_sys::Array::new();
    let hook = js_sys::Function::new_with_args("seen", "return (x) => { seen.push(x); };").call1(&JsValue::NULL, &seen).expect("hook");
    invoke(&c, "onResponse", &[hook]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    let res = contact(&c, JsValue::UNDEFINED).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), payload);
    assert_eq!(s.payload_requests().await.iter().filter(|r| r["method"] == "GET").count(), 3);
    let infos: Vec<serde_json::Value> = seen.iter().map(|i| json(&i)).collect();
    assert_eq!(infos.len(), 4, "{infos:?}");
    assert!(infos[0].get("payload").is_none());
    let fetches: Vec<_> = infos[1..].iter().map(|i| (i["payload"].clone(), i["status"].clone(), i["error"].clone(), i["attempt"].clone())).collect();
    assert_eq!(fetches, vec![
        (json!(true), json!(503), serde_json::Value::Null, json!(0)),
        (json!(true), serde_json::Value::Null, json!("NETWORK"), json!(1)),
        (json!(true), json!(200), serde_json::Value::Null, json!(2)),
    ]);
    for info in &infos[1..] {
        let url = info["url"].as_str().unwrap_or("");
        assert!(url.contains("/payload/large-retry") && !url.contains('?'), "the presigned query is not shown: {url}");
    }
}

#[wasm_bindgen_test]
async fn a_payload_ref_to_a_plain_http_host_is_not_followed() {
    for (id, url) in [("large-http", "http://example.com/payload"), ("large-userinfo", "http://127.0.0.1@example.com/p"), ("large-js", "javascript:alert(1)")] {
        let body = json!({ "$payload_ref": url }).to_string();
        let s = Script::new(id, json!([{ "text": body, "contentType": "application/large-response.vnd+json" }])).await;
        let err = contact(&s.client(json!({})), JsValue::UNDEFINED).await.unwrap_err();
        assert_error(&err, "DECODE");
        assert_eq!(s.requests().await.len(), 1, "{id}");
    }
}

#[wasm_bindgen_test]
async fn a_redirect_next_to_a_2xx_is_not_followed() {
    // confirmUser documents 200 and 301; following it would retry a one-time token.
    let s = Script::new("redirect-confirm", json!([{ "status": 301, "headers": { "location": "http://127.0.0.1:9/portal/confirmed" } }])).await;
    let params = arg(json!({ "confirmation_link_token": "one-time" }));
    let res = call_on(&s.client(json!({})), "confirmUser", params, JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(get(&res, "status").as_f64(), Some(301.0));
    assert!(get(&res, "data").is_null());
    assert_eq!(s.requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn an_undocumented_redirect_is_an_error_sent_once() {
    let s = Script::new("redirect-other", json!([{ "status": 302, "headers": { "location": "http://127.0.0.1:9/elsewhere" } }])).await;
    let err = contact(&s.client(json!({})), JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert!(get(&err, "message").as_string().unwrap_or_default().contains("redirect"));
    assert_eq!(s.requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn timeout_zero_means_no_timeout() {
    let s = Script::new("timeout-zero", json!([{ "delayMs": 400, "json": { "ok": 1 } }])).await;
    // On the client...
    let c = s.client(json!({ "timeout": 0, "retry": { "maxRetries": 0 } }));
    let res = contact(&c, JsValue::UNDEFINED).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "ok": 1 }));
    // ...and per call, over a client timeout.
    let c = s.client(json!({ "timeout": 100, "retry": { "maxRetries": 0 } }));
    let res = contact(&c, arg(json!({ "timeout": 0 }))).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "ok": 1 }));
    invoke(&c, "timeout", &[JsValue::from(0)]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    contact(&c, JsValue::UNDEFINED).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
}

#[wasm_bindgen_test]
fn timeouts_a_timer_cannot_express_are_invalid_input() {
    let c = Script { id: "timeout-bad".into() }.client(json!({}));
    for bad in [f64::INFINITY, f64::NAN, -1.0, 1.5, 2_147_483_648.0] {
        let err = invoke(&c, "timeout", &[JsValue::from(bad)]).expect_err("refused");
        assert_error(&err, "INVALID_INPUT");
    }
    for bad in [json!(-1), json!(0.5), json!(2_147_483_648u64)] {
        let err = epilot_portal_sdk::js::PortalClient::new(Some(tsify::Ts::new_unchecked(arg(json!({ "timeout": bad }))))).err().expect("refused");
        assert_error(&err, "INVALID_INPUT");
    }
    invoke(&c, "timeout", &[JsValue::from(2_147_483_647.0)]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    invoke(&c, "timeout", &[JsValue::NULL]).unwrap_or_else(|e| panic!("{}", describe(&e)));
}

/// A JS function `() => new Promise(r => setTimeout(() => r(value), ms))`.
fn slow(value: &str, ms: u32) -> JsValue {
    js_sys::Function::new_with_args("", &format!("return new Promise(r => setTimeout(() => r({value}), {ms}));")).into()
}

/// Calls `getContact` with a signal aborted after 150 ms; asserts ABORTED well before `slow` ends.
async fn aborts_quickly(c: &JsValue) {
    let controller = web_sys::AbortController::new().expect("controller");
    abort_after(&controller, 150);
    let started = js_sys::Date::now();
    let err = contact(c, signal_options(&controller)).await.unwrap_err();
    assert_error(&err, "ABORTED");
    assert!(js_sys::Date::now() - started < 1500.0, "the wait ignored the signal");
}

#[wasm_bindgen_test]
async fn abort_stops_the_wait_on_the_token_function() {
    let s = Script::new("abort-token", json!([{ "json": {} }])).await;
    let c = s.client(json!({}));
    invoke(&c, "authorize", &[slow("'late-token'", 3000)]).expect("authorize");
    aborts_quickly(&c).await;
    assert_eq!(s.requests().await.len(), 0);
}

#[wasm_bindgen_test]
async fn abort_stops_the_wait_on_on_request() {
    let s = Script::new("abort-hook", json!([{ "json": {} }])).await;
    let c = s.client(json!({}));
    invoke(&c, "onRequest", &[slow("undefined", 3000)]).expect("onRequest");
    aborts_quickly(&c).await;
    assert_eq!(s.requests().await.len(), 0);
}

#[wasm_bindgen_test]
async fn abort_stops_the_wait_on_a_shared_on_unauthorized() {
    let s = Script::new("abort-401", json!([{ "status": 401 }, { "json": {} }])).await;
    let c = s.client(json!({}));
    invoke(&c, "onUnauthorized", &[slow("undefined", 3000)]).expect("onUnauthorized");
    aborts_quickly(&c).await;
    assert_eq!(s.requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn abort_during_a_retry_wait_clears_its_timer() {
    // Record the ids of the 11 s timers set (this test's retry wait: no other test waits that
    // long) and of every timer cleared. Tests run concurrently: the spies call the originals.
    let spy = js_sys::Function::new_with_args(
        "",
        "const s = { long: [], cleared: [], set: globalThis.setTimeout, clear: globalThis.clearTimeout };
         globalThis.setTimeout = (f, ms, ...a) => { const id = s.set.call(globalThis, f, ms, ...a); if (ms === 11000) s.long.push(id); return id; };
         globalThis.clearTimeout = (id) => { s.cleared.push(id); return s.clear.call(globalThis, id); };
         return s;",
    )
    .call0(&JsValue::NULL)
    .expect("spy");
    let s = Script::new("abort-clears", json!([{ "status": 429, "headers": { "retry-after": "11" } }, { "json": {} }])).await;
    let c = s.client(json!({}));
    let controller = web_sys::AbortController::new().expect("controller");
    abort_after(&controller, 300);
    let err = contact(&c, signal_options(&controller)).await.unwrap_err();
    let restore = js_sys::Function::new_with_args("s", "globalThis.setTimeout = s.set; globalThis.clearTimeout = s.clear;");
    let _ = restore.call1(&JsValue::NULL, &spy);
    assert_error(&err, "ABORTED");
    let (long, cleared) = (json(&get(&spy, "long")), json(&get(&spy, "cleared")));
    let long = long.as_array().cloned().unwrap_or_default();
    assert_eq!(long.len(), 1, "one 11 s retry wait: {long:?}");
    assert!(cleared.as_array().is_some_and(|c| c.contains(&long[0])), "the retry timer was left pending: {cleared}");
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
