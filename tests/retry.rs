#![cfg(target_arch = "wasm32")]
//! Retries against the fault server: what is repeated, how often, after how long.

mod common;

use common::fault::*;
use common::*;
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const BODY: &str = r#"{"meter_id":"m1","value":1,"source":"ECP"}"#;

fn reading() -> JsValue {
    arg(serde_json::from_str(BODY).unwrap_or_default())
}

async fn contract(c: &JsValue) -> Result<JsValue, JsValue> {
    call_on(c, "getContract", arg(json!({ "id": "c1" })), JsValue::NULL, JsValue::UNDEFINED).await
}

#[wasm_bindgen_test]
async fn a_429_on_post_waits_retry_after_seconds_then_repeats() {
    let s = Script::new("retry-429-seconds", json!([{ "status": 429, "headers": { "retry-after": "1" } }, { "json": { "data": {} } }])).await;
    let c = s.client(json!({}));
    let res = call_on(&c, "createMeterReading", JsValue::NULL, reading(), JsValue::UNDEFINED).await;
    assert!(res.is_ok(), "{}", res.err().map(|e| describe(&e)).unwrap_or_default());
    let reqs = s.requests().await;
    assert_eq!(reqs.len(), 2);
    let waited = reqs[1]["at"].as_f64().unwrap_or(0.0) - reqs[0]["at"].as_f64().unwrap_or(0.0);
    assert!(waited >= 950.0, "waited only {waited} ms");
}

#[wasm_bindgen_test]
async fn a_429_with_an_http_date_in_the_past_repeats_at_once() {
    let s = Script::new("retry-429-date", json!([{ "status": 429, "headers": { "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" } }, { "json": {} }])).await;
    assert!(contract(&s.client(json!({}))).await.is_ok());
    assert_eq!(s.requests().await.len(), 2);
}

#[wasm_bindgen_test]
async fn a_429_without_retry_after_waits_default_delay() {
    let s = Script::new("retry-429-default", json!([{ "status": 429 }, { "json": {} }])).await;
    let c = s.client(json!({ "retry": { "defaultDelayMs": 300 } }));
    assert!(contract(&c).await.is_ok());
    let reqs = s.requests().await;
    let waited = reqs[1]["at"].as_f64().unwrap_or(0.0) - reqs[0]["at"].as_f64().unwrap_or(0.0);
    assert!(waited >= 280.0, "waited only {waited} ms");
}

#[wasm_bindgen_test]
async fn a_post_answered_503_is_sent_exactly_once() {
    let s = Script::new("retry-post-503", json!([{ "status": 503, "json": { "message": "down" } }, { "json": {} }])).await;
    let err = call_on(&s.client(json!({})), "createMeterReading", JsValue::NULL, reading(), JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(503.0));
    assert_eq!(s.requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn a_patch_answered_502_is_sent_exactly_once() {
    let s = Script::new("retry-patch-502", json!([{ "status": 502 }, { "json": {} }])).await;
    let body = arg(json!({ "first_name": "A" }));
    let err = call_on(&s.client(json!({})), "updateContact", JsValue::NULL, body, JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(s.requests().await.len(), 1, "PATCH must not be repeated");
}

#[wasm_bindgen_test]
async fn a_get_is_retried_through_502_503_504() {
    let s = Script::new("retry-get-5xx", json!([{ "status": 502 }, { "status": 503 }, { "status": 504 }, { "json": { "entity": { "_id": "c1" } } }])).await;
    let res = contract(&s.client(json!({}))).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data"))["entity"]["_id"], "c1");
    assert_eq!(s.requests().await.len(), 4);
}

#[wasm_bindgen_test]
async fn retries_stop_at_max_retries() {
    let s = Script::new("retry-max", json!([{ "status": 503 }])).await;
    let err = contract(&s.client(json!({ "retry": { "maxRetries": 2 } }))).await.unwrap_err();
    assert_eq!(get(&err, "status").as_f64(), Some(503.0));
    assert_eq!(s.requests().await.len(), 3);
}

#[wasm_bindgen_test]
async fn max_retries_zero_turns_retrying_off() {
    let s = Script::new("retry-off", json!([{ "status": 429, "headers": { "retry-after": "0" } }, { "json": {} }])).await;
    let c = s.client(json!({}));
    invoke(&c, "retry", &[arg(json!({ "maxRetries": 0 }))]).unwrap_or_else(|e| panic!("{}", describe(&e)));
    let err = contract(&c).await.unwrap_err();
    assert_eq!(get(&err, "status").as_f64(), Some(429.0));
    assert_eq!(s.requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_retried_for_get() {
    let s = Script::new("retry-network", json!([{ "json": { "x": 1 }, "destroyAfterBytes": 0 }, { "json": { "ok": true } }])).await;
    let res = contract(&s.client(json!({}))).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "ok": true }));
    assert_eq!(s.requests().await.len(), 2);
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_not_retried_for_post() {
    let s = Script::new("retry-network-post", json!([{ "json": { "x": 1 }, "destroyAfterBytes": 0 }, { "json": {} }])).await;
    let err = call_on(&s.client(json!({})), "createMeterReading", JsValue::NULL, reading(), JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "NETWORK");
    assert_eq!(s.requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn a_thousand_concurrent_calls_each_get_their_own_answer() {
    let s = Script::new("concurrent-1000", json!([{ "echo": true }])).await;
    let c = s.client(json!({}));
    let calls: Vec<_> = (0..1000)
        .map(|i| {
            let c = c.clone();
            async move { (i, call_on(&c, "getContract", arg(json!({ "id": format!("c{i}") })), JsValue::NULL, JsValue::UNDEFINED).await) }
        })
        .collect();
    let results = join_all(calls).await;
    for (i, res) in results {
        let res = res.unwrap_or_else(|e| panic!("call {i}: {}", describe(&e)));
        assert_eq!(json(&get(&res, "data"))["path"], format!("/v2/portal/contract/c{i}"));
    }
    assert_eq!(s.requests().await.len(), 1000);
}


#[wasm_bindgen_test]
async fn every_retry_after_form_is_honoured_and_huge_ones_are_capped() {
    // (value, defaultDelayMs, maxDelayMs): each must lead to a second request well under the
    // 5 s default wait, i.e. the value was understood (RFC 850 / asctime dates in the past:
    // at once; values beyond any integer or date: capped at maxDelayMs, never an overflow).
    let cases = [
        ("Wednesday, 21-Oct-15 07:28:00 GMT", 5000, 20_000),
        ("Wed Oct 21 07:28:00 2015", 5000, 20_000),
        ("99999999999999999999999", 5000, 200),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 5000, 200),
        ("Fri, 31 Dec 99999999999 23:59:59 GMT", 200, 200),
    ];
    for (i, (value, default_delay, max_delay)) in cases.into_iter().enumerate() {
        let id = format!("retry-after-form-{i}");
        let s = Script::new(&id, json!([{ "status": 429, "headers": { "retry-after": value } }, { "json": {} }])).await;
        let c = s.client(json!({ "retry": { "defaultDelayMs": default_delay, "maxDelayMs": max_delay } }));
        let res = contract(&c).await;
        assert!(res.is_ok(), "{value}: {}", res.err().map(|e| describe(&e)).unwrap_or_default());
        let reqs = s.requests().await;
        assert_eq!(reqs.len(), 2, "{value}");
        let waited = reqs[1]["at"].as_f64().unwrap_or(0.0) - reqs[0]["at"].as_f64().unwrap_or(0.0);
        assert!(waited < 2000.0, "{value}: waited {waited} ms");
    }
}
