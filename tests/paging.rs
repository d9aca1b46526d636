#![cfg(target_arch = "wasm32")]
//! Paging (`client.paginate.<operationId>` in JS, `client.paginate_<operation>` in
//! Rust) against the fault server: every page walked, the end found, what each page
//! request carried; and one walk against the local API to prove the requests are valid.

mod common;

use std::pin::Pin;

use common::fault::*;
use common::*;
use futures_core::Stream;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = "
export async function collectAll(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}
export async function takeThenBreak(iterable, n) {
  const items = [];
  for await (const item of iterable) {
    items.push(item);
    if (items.length >= n) break;
  }
  return items;
}
export function selfIterable(it) {
  return typeof it[Symbol.asyncIterator] === 'function' && it[Symbol.asyncIterator]() === it;
}
")]
extern "C" {
    #[wasm_bindgen(js_name = collectAll, catch)]
    fn collect_all(iterable: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_name = takeThenBreak, catch)]
    fn take_then_break(iterable: &JsValue, n: u32) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_name = selfIterable)]
    fn self_iterable(it: &JsValue) -> bool;
}

/// `client.paginate[op](params, body, options)`, as JS calls it.
fn paginate(client: &JsValue, op: &str, params: Value, body: Value, options: JsValue) -> JsValue {
    let paginate = get(client, "paginate");
    assert!(paginate.is_object(), "client.paginate is not an object");
    invoke(&paginate, op, &[arg(params), arg(body), options]).unwrap_or_else(|e| panic!("paginate.{op} threw: {}", describe(&e)))
}

/// Every item, through a real `for await` loop.
async fn collect(iterable: &JsValue) -> Result<Vec<Value>, JsValue> {
    let items = JsFuture::from(collect_all(iterable)?).await?;
    Ok(json(&items).as_array().cloned().unwrap_or_default())
}

/// One `iterator.next()`: `Ok(Some(item))`, `Ok(None)` when done, or the rejection.
async fn next(iterator: &JsValue) -> Result<Option<Value>, JsValue> {
    let result = JsFuture::from(js_sys::Promise::from(invoke(iterator, "next", &[])?)).await?;
    if get(&result, "done").as_bool() == Some(true) {
        assert!(get(&result, "value").is_undefined());
        Ok(None)
    } else {
        assert_eq!(get(&result, "done").as_bool(), Some(false));
        Ok(Some(json(&get(&result, "value"))))
    }
}

/// The query strings of the requests a script got.
async fn queries(s: &Script) -> Vec<String> {
    s.requests().await.iter().map(|r| r["query"].as_str().unwrap_or_default().to_string()).collect()
}

fn page(items: Value) -> Value {
    json!({ "json": { "data": items } })
}

#[wasm_bindgen_test]
async fn walks_every_page_and_stops_at_a_short_one() {
    let s = Script::new("paging-walk", json!([page(json!([1, 2])), page(json!([3, 4])), page(json!([5]))])).await;
    let it = paginate(&s.client(json!({})), "getAllContracts", json!({ "size": 2 }), Value::Null, JsValue::UNDEFINED);
    assert!(self_iterable(&it), "the iterator is not async-iterable");
    assert_eq!(collect(&it).await.unwrap_or_else(|e| panic!("{}", describe(&e))), vec![json!(1), json!(2), json!(3), json!(4), json!(5)]);
    assert_eq!(queries(&s).await, vec!["from=0&size=2", "from=2&size=2", "from=4&size=2"]);
    let reqs = s.requests().await;
    assert!(reqs.iter().all(|r| r["method"] == "GET" && r["path"] == "/v2/portal/contract"), "{reqs:?}");
}

#[wasm_bindgen_test]
async fn an_exact_multiple_ends_on_an_empty_page() {
    let s = Script::new("paging-exact", json!([page(json!([1, 2])), page(json!([3, 4])), page(json!([])), page(json!([9]))])).await;
    let it = paginate(&s.client(json!({})), "getAllContracts", json!({ "size": 2 }), Value::Null, JsValue::UNDEFINED);
    assert_eq!(collect(&it).await.unwrap_or_default().len(), 4);
    assert_eq!(queries(&s).await, vec!["from=0&size=2", "from=2&size=2", "from=4&size=2"]);
}

#[wasm_bindgen_test]
async fn a_total_ends_an_exact_multiple_without_an_extra_request() {
    let s = Script::new(
        "paging-total",
        json!([{ "json": { "results": [{ "id": 1 }, { "id": 2 }], "hits": 4 } }, { "json": { "results": [{ "id": 3 }, { "id": 4 }], "hits": 4 } }, { "json": { "results": [{ "id": 99 }], "hits": 4 } }]),
    )
    .await;
    let it = paginate(&s.client(json!({})), "getAllFiles", json!({ "from": 0, "size": 2 }), Value::Null, JsValue::UNDEFINED);
    let items = collect(&it).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(items, vec![json!({ "id": 1 }), json!({ "id": 2 }), json!({ "id": 3 }), json!({ "id": 4 })]);
    assert_eq!(queries(&s).await, vec!["from=0&size=2", "from=2&size=2"]);
}

#[wasm_bindgen_test]
async fn fewer_items_than_asked_is_the_last_page() {
    let s = Script::new("paging-fewer", json!([page(json!([1, 2])), page(json!([7, 8]))])).await;
    let it = paginate(&s.client(json!({})), "getAllOrders", json!({ "size": 5 }), Value::Null, JsValue::UNDEFINED);
    assert_eq!(collect(&it).await.unwrap_or_default(), vec![json!(1), json!(2)]);
    assert_eq!(queries(&s).await, vec!["from=0&size=5"]);
}

#[wasm_bindgen_test]
async fn an_empty_first_page_yields_nothing() {
    let s = Script::new("paging-empty", json!([page(json!([])), page(json!([1]))])).await;
    let c = s.client(json!({}));
    let it = paginate(&c, "getAllContracts", Value::Null, Value::Null, JsValue::UNDEFINED);
    assert_eq!(next(&it).await.unwrap_or_else(|e| panic!("{}", describe(&e))), None);
    assert_eq!(next(&it).await.ok(), Some(None), "done stays done");
    // no size given: the spec's default page size
    assert_eq!(queries(&s).await, vec!["from=0&size=100"]);
    // an answer without the items member is an empty page too
    let s = Script::new("paging-missing", json!([{ "json": {} }])).await;
    let it = paginate(&s.client(json!({})), "getAllContracts", Value::Null, Value::Null, JsValue::UNDEFINED);
    assert_eq!(collect(&it).await.unwrap_or_default(), Vec::<Value>::new());
}

#[wasm_bindgen_test]
async fn the_body_carries_from_and_size_when_the_spec_puts_them_there() {
    let s = Script::new(
        "paging-body",
        json!([{ "json": { "results": [{ "_id": "a" }, { "_id": "b" }], "hits": 4 } }, { "json": { "results": [{ "_id": "c" }], "hits": 4 } }]),
    )
    .await;
    let body = json!({ "slug": "contract", "q": "x", "from": 1, "size": 2 });
    let it = paginate(&s.client(json!({})), "searchPortalUserEntities", Value::Null, body, JsValue::UNDEFINED);
    let ids: Vec<Value> = collect(&it).await.unwrap_or_else(|e| panic!("{}", describe(&e))).into_iter().map(|i| i["_id"].clone()).collect();
    assert_eq!(ids, vec![json!("a"), json!("b"), json!("c")]);
    let reqs = s.requests().await;
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    let bodies: Vec<Value> = reqs.iter().map(|r| serde_json::from_str(r["body"].as_str().unwrap_or("null")).unwrap_or(Value::Null)).collect();
    assert_eq!(bodies[0], json!({ "slug": "contract", "q": "x", "from": 1, "size": 2 }));
    assert_eq!(bodies[1], json!({ "slug": "contract", "q": "x", "from": 3, "size": 2 }));
    assert!(reqs.iter().all(|r| r["method"] == "POST" && r["query"] == "" && r["path"] == "/v2/portal/entity:search"));
}

#[wasm_bindgen_test]
async fn other_params_and_headers_travel_with_every_page() {
    let s = Script::new("paging-params", json!([{ "json": { "results": [1], "total": 2 } }, { "json": { "results": [2], "total": 2 } }])).await;
    let it = paginate(
        &s.client(json!({})),
        "getEntityActivityFeed",
        json!({ "slug": "contract", "id": "c 1", "size": 1, "type": "x" }),
        Value::Null,
        options_with_headers(&[("x-trace", "t-1")]),
    );
    assert_eq!(collect(&it).await.unwrap_or_default().len(), 2);
    let reqs = s.requests().await;
    assert_eq!(reqs.len(), 2);
    for (r, from) in reqs.iter().zip([0, 1]) {
        assert_eq!(r["path"], "/v2/portal/entity/contract/c%201/activity");
        let q = r["query"].as_str().unwrap_or_default();
        assert!(q.contains(&format!("from={from}")) && q.contains("size=1") && q.contains("type=x"), "{q}");
        assert_eq!(r["headers"]["x-trace"], "t-1");
        assert_eq!(r["headers"]["authorization"], format!("Bearer {TEST_TOKEN}"));
    }
}

#[wasm_bindgen_test]
async fn abort_between_pages_rejects_and_ends_the_walk() {
    let s = Script::new("paging-abort-between", json!([page(json!([1, 2])), page(json!([3, 4])), page(json!([]))])).await;
    let controller = web_sys::AbortController::new().expect("controller");
    let it = paginate(&s.client(json!({})), "getAllContracts", json!({ "size": 2 }), Value::Null, signal_options(&controller));
    assert_eq!(next(&it).await.ok(), Some(Some(json!(1))));
    controller.abort();
    let err = next(&it).await.expect_err("aborted");
    assert_error(&err, "ABORTED");
    assert_eq!(get(&err, "operation").as_string().as_deref(), Some("getAllContracts"));
    assert_eq!(next(&it).await.ok(), Some(None));
    assert_eq!(s.requests().await.len(), 1, "no page is fetched after the abort");
}

#[wasm_bindgen_test]
async fn abort_while_a_page_is_on_its_way_rejects() {
    let s = Script::new("paging-abort-inflight", json!([page(json!([1, 2])), { "delayMs": 3000, "json": { "data": [3, 4] } }])).await;
    let controller = web_sys::AbortController::new().expect("controller");
    let it = paginate(&s.client(json!({})), "getAllContracts", json!({ "size": 2 }), Value::Null, signal_options(&controller));
    let started = js_sys::Date::now();
    abort_after(&controller, 300);
    let err = collect(&it).await.expect_err("aborted");
    assert_error(&err, "ABORTED");
    assert!(js_sys::Date::now() - started < 2500.0, "the abort did not cut the pending page short");
    assert_eq!(next(&it).await.ok(), Some(None));
}

#[wasm_bindgen_test]
async fn break_stops_fetching() {
    let s = Script::new("paging-break", json!([page(json!([1, 2])), page(json!([3, 4])), page(json!([5, 6]))])).await;
    let it = paginate(&s.client(json!({})), "getAllContracts", json!({ "size": 2 }), Value::Null, JsValue::UNDEFINED);
    let taken = JsFuture::from(take_then_break(&it, 3).expect("iterable")).await.expect("no error");
    assert_eq!(json(&taken), json!([1, 2, 3]));
    assert_eq!(next(&it).await.ok(), Some(None), "return() ended the walk");
    assert_eq!(s.requests().await.len(), 2);
}

#[wasm_bindgen_test]
async fn a_failed_page_rejects_with_the_server_answer_and_ends_the_walk() {
    let s = Script::new("paging-fail", json!([page(json!([1, 2])), { "status": 500, "json": { "message": "boom" } }])).await;
    let it = paginate(&s.client(json!({ "retry": { "maxRetries": 0 } })), "getAllContracts", json!({ "size": 2 }), Value::Null, JsValue::UNDEFINED);
    assert_eq!(next(&it).await.ok(), Some(Some(json!(1))));
    assert_eq!(next(&it).await.ok(), Some(Some(json!(2))));
    let err = next(&it).await.expect_err("500");
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(500.0));
    assert_eq!(next(&it).await.ok(), Some(None));
    // items that are not an array: DECODE
    let s = Script::new("paging-bad-items", json!([{ "json": { "data": { "not": "a list" } } }])).await;
    let it = paginate(&s.client(json!({})), "getAllContracts", Value::Null, Value::Null, JsValue::UNDEFINED);
    assert_error(&next(&it).await.expect_err("decode"), "DECODE");
}

#[wasm_bindgen_test]
async fn bad_input_rejects_the_first_next_without_a_request() {
    let s = Script::new("paging-bad-input", json!([page(json!([1]))])).await;
    let c = s.client(json!({}));
    for params in [json!({ "size": 0 }), json!({ "from": -1 }), json!({ "size": 2.5 }), json!({ "size": "10" }), json!([1])] {
        let it = paginate(&c, "getAllContracts", params.clone(), Value::Null, JsValue::UNDEFINED);
        assert_error(&next(&it).await.expect_err("invalid"), "INVALID_INPUT");
        assert_eq!(next(&it).await.ok(), Some(None), "{params}");
    }
    let it = paginate(&c, "searchPortalUserEntities", Value::Null, json!("text"), JsValue::UNDEFINED);
    assert_error(&next(&it).await.expect_err("invalid"), "INVALID_INPUT");
    assert!(s.requests().await.is_empty());
}

#[wasm_bindgen_test]
async fn next_calls_without_waiting_run_in_order() {
    let s = Script::new("paging-overlap", json!([{ "delayMs": 100, "json": { "data": [1, 2] } }, page(json!([3]))])).await;
    let it = paginate(&s.client(json!({})), "getAllContracts", json!({ "size": 2 }), Value::Null, JsValue::UNDEFINED);
    let promises: Vec<js_sys::Promise> = (0..5).map(|_| js_sys::Promise::from(invoke(&it, "next", &[]).expect("next"))).collect();
    let mut values = Vec::new();
    for p in promises {
        let r = JsFuture::from(p).await.expect("resolves");
        values.push((json(&get(&r, "value")), get(&r, "done").as_bool()));
    }
    assert_eq!(values, vec![(json!(1), Some(false)), (json!(2), Some(false)), (json!(3), Some(false)), (Value::Null, Some(true)), (Value::Null, Some(true))]);
    assert_eq!(s.requests().await.len(), 2);
}

/// An entity with every member the models require.
fn entity(id: &str) -> Value {
    json!({ "_id": id, "_title": "t", "_org": "o", "_created_at": "2024-01-01T00:00:00Z", "_updated_at": "2024-01-01T00:00:00Z", "_schema": "contract" })
}

/// The next item of a Rust stream.
async fn stream_next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[wasm_bindgen_test]
#[allow(deprecated)] // getAllContracts: deprecated by the API, still served and tested
async fn the_rust_stream_walks_the_same_pages() {
    use epilot_portal_sdk::models::GetAllContractsParams;
    let s = Script::new(
        "paging-rust",
        json!([page(json!([entity("1"), entity("2")])), page(json!([entity("3")]))]),
    )
    .await;
    let js_client = s.rust_client(json!({}));
    let client = js_client.client();
    let mut stream = client.paginate_get_all_contracts(&GetAllContractsParams { from: None, size: Some(2.0) });
    let mut ids = Vec::new();
    while let Some(item) = stream_next(&mut stream).await {
        let item = item.unwrap_or_else(|e| panic!("{e}"));
        ids.push(item._id.clone());
    }
    assert_eq!(ids, vec!["1", "2", "3"]);
    assert_eq!(queries(&s).await, vec!["from=0&size=2", "from=2&size=2"]);
    assert_eq!(stream.pages(), 2);
}

#[wasm_bindgen_test]
async fn the_rust_stream_honours_the_signal_and_puts_body_paging_in_the_body() {
    use epilot_portal_sdk::models::EntitySearchParams;
    use epilot_portal_sdk::CallOptions;
    let s = Script::new("paging-rust-body", json!([{ "json": { "results": [entity("a")], "hits": 5 } }])).await;
    let js_client = s.rust_client(json!({}));
    let controller = web_sys::AbortController::new().expect("controller");
    let client = js_client.client().with_call_options(CallOptions { signal: Some(controller.signal()), ..CallOptions::default() });
    let body: EntitySearchParams = serde_json::from_value(json!({ "slug": "contract", "q": "x", "size": 1 })).expect("params");
    let mut stream = client.paginate_search_portal_user_entities(Some(&body));
    let first = stream_next(&mut stream).await.expect("an item").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(serde_json::to_value(&first).unwrap_or_default()["_id"], "a");
    controller.abort();
    let err = stream_next(&mut stream).await.expect("an error").expect_err("aborted");
    assert_eq!(err.code, epilot_portal_sdk::ErrorCode::Aborted);
    assert!(stream_next(&mut stream).await.is_none());
    let reqs = s.requests().await;
    assert_eq!(reqs.len(), 1);
    let sent: Value = serde_json::from_str(reqs[0]["body"].as_str().unwrap_or("null")).unwrap_or_default();
    assert_eq!(sent, json!({ "slug": "contract", "q": "x", "from": 0, "size": 1 }));
}

#[wasm_bindgen_test]
async fn search_portal_user_entities_pages_against_the_local_api() {
    // Prism checks every request against the spec (a bad one is a 4xx): each page's
    // body with the SDK's `from`/`size` must be valid.
    let c: JsValue = client().into();
    let it = paginate(&c, "searchPortalUserEntities", Value::Null, json!({ "slug": "contract", "q": "x", "size": 1 }), JsValue::UNDEFINED);
    let items = collect(&it).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["_id"].is_string()), "{items:?}");
    // a query-paged operation too
    let it = paginate(&c, "getAllContracts", json!({ "size": 1 }), Value::Null, JsValue::UNDEFINED);
    let first = next(&it).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert!(first.is_some());
    let _ = invoke(&it, "return", &[]).map(|p| p.dyn_into::<js_sys::Promise>());
}

#[wasm_bindgen_test]
async fn params_that_cannot_be_read_or_are_unknown_reject_the_first_page() {
    let s = Script::new("page-hostile", json!([{ "json": page(json!([1])) }])).await;
    let c = s.client(json!({}));
    let paginate_obj = get(&c, "paginate");
    let throwing = js_sys::Function::new_with_args("", "return { size: 2, get type() { throw new Error('boom'); } };")
        .call0(&JsValue::NULL)
        .expect("params");
    for params in [throwing, arg(json!({ "size": 2, "form": 4 }))] {
        let it = invoke(&paginate_obj, "getAllContracts", &[params, JsValue::NULL, JsValue::UNDEFINED]).expect("iterator");
        let err = next(&it).await.expect_err("the first page must fail");
        assert_error(&err, "INVALID_INPUT");
    }
    assert_eq!(s.requests().await.len(), 0);
}
