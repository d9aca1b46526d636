#![cfg(target_arch = "wasm32")]
//! Nothing a server or a caller sends may kill the instance: every odd answer and
//! every wrong input ends as a value or a `PortalApiError`, and the same client
//! keeps working afterwards. Also: tokens never leak into errors or logs.

mod common;

use common::fault::*;
use common::*;
use epilot_portal_sdk::models::{Direction, Source};
use epilot_portal_sdk::ErrorCode;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const SECRET_TOKEN: &str = "tok-SECRET-7f3a9";

async fn contact(c: &JsValue) -> Result<JsValue, JsValue> {
    call_on(c, "getContact", JsValue::NULL, JsValue::NULL, JsValue::UNDEFINED).await
}

/// Each step, then a good answer: the first call ends as `expect`, the second succeeds.
async fn survives(id: &str, bad: Value, expect: Result<Value, &str>) {
    let s = Script::new(id, json!([bad, { "json": { "after": true } }])).await;
    let c = s.client(json!({ "retry": { "maxRetries": 0 } }));
    match (contact(&c).await, expect) {
        (Ok(res), Ok(data)) => assert_eq!(json(&get(&res, "data")), data, "{id}"),
        (Err(err), Err(code)) => {
            assert_error(&err, code);
        }
        (Ok(res), Err(code)) => panic!("{id}: expected {code}, got {}", json(&get(&res, "data"))),
        (Err(err), Ok(_)) => panic!("{id}: expected success, got {}", describe(&err)),
    }
    let again = contact(&c).await.unwrap_or_else(|e| panic!("{id}: the client stopped working: {}", describe(&e)));
    assert_eq!(json(&get(&again, "data")), json!({ "after": true }), "{id}");
}

#[wasm_bindgen_test]
async fn odd_server_answers_end_cleanly() {
    survives("bad-json", json!({ "text": "{\"entity\": ", "contentType": "application/json" }), Err("DECODE")).await;
    survives("truncated", json!({ "json": { "entity": { "_id": "x" } }, "truncate": { "declare": 500 } }), Err("NETWORK")).await;
    survives("closed-mid-body", json!({ "json": { "entity": { "_id": "xxxxxxxxxxxxxxxx" } }, "destroyAfterBytes": 10 }), Err("NETWORK")).await;
    survives("html", json!({ "text": "<html><body>Bad gateway</body></html>", "contentType": "text/html" }), Err("DECODE")).await;
    survives("empty-200", json!({ "status": 200 }), Ok(Value::Null)).await;
    // JSON whitespace only: `null`, as the Rust API decodes it (client::decode_text).
    survives("blank-200", json!({ "text": " \r\n\t ", "contentType": "application/json" }), Ok(Value::Null)).await;
    survives("nbsp-200", json!({ "text": "\u{a0}", "contentType": "application/json" }), Err("DECODE")).await;
    survives("no-content", json!({ "status": 204 }), Ok(Value::Null)).await;
    // {"name":"<0xff 0xfe>"}: invalid UTF-8 is replaced, the rest decodes.
    survives("non-utf8", json!({ "base64": "eyJuYW1lIjoi//4ifQ==", "contentType": "application/json" }), Ok(json!({ "name": "\u{fffd}\u{fffd}" }))).await;
    survives("ten-mb-garbage", json!({ "repeat": { "chunk": "garbage ", "bytes": 10 * 1024 * 1024 }, "contentType": "application/json" }), Err("DECODE")).await;
    survives("error-not-json", json!({ "status": 500, "text": "upstream exploded" }), Err("HTTP")).await;
}

#[wasm_bindgen_test]
async fn a_ten_megabyte_json_answer_decodes() {
    let big = "x".repeat(10 * 1024 * 1024);
    let s = Script::new("ten-mb-json", json!([{ "json": { "entity": { "_id": "big", "blob": big } } }])).await;
    let res = contact(&s.client(json!({}))).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    let blob = get(&get(&get(&res, "data"), "entity"), "blob");
    assert_eq!(blob.as_string().map(|b| b.len()), Some(10 * 1024 * 1024));
}

#[wasm_bindgen_test]
async fn newer_server_fields_and_enum_values_stay_visible_in_js() {
    let answer = json!({ "data": { "meter_id": "m", "value": 1, "source": "SMART_METER_V9", "direction": "sideways", "brand_new": { "x": 1 } } });
    let s = Script::new("forward-compat-js", json!([{ "json": answer }])).await;
    let body = arg(json!({ "meter_id": "m", "value": 1, "source": "ECP" }));
    let res = call_on(&s.client(json!({})), "createMeterReading", JsValue::NULL, body, JsValue::UNDEFINED).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), answer);
}

#[wasm_bindgen_test]
async fn rust_models_keep_unknown_fields_and_enum_values() {
    let answer = json!({ "data": { "meter_id": "m", "value": 1, "source": "SMART_METER_V9", "direction": "feed-in", "brand_new": 7 } });
    let s = Script::new("forward-compat-rust", json!([{ "json": answer }])).await;
    let c = s.rust_client(json!({}));
    let body: epilot_portal_sdk::models::MeterReading =
        serde_json::from_value(json!({ "meter_id": "m", "value": 1, "source": "ECP" })).unwrap_or_else(|e| panic!("{e}"));
    let params = epilot_portal_sdk::models::CreateMeterReadingParams::default();
    let res = c.client().create_meter_reading(&params, &body).await.unwrap_or_else(|e| panic!("{e}"));
    let reading = res.data.data.unwrap_or_else(|| panic!("no data"));
    assert_eq!(reading.source, Source::Unknown("SMART_METER_V9".into()));
    assert_eq!(reading.direction, Some(Direction::FeedIn));
    assert_eq!(reading.extra.get("brand_new"), Some(&json!(7)));
    // What we send back is what we got.
    assert_eq!(serde_json::to_value(&reading.source).ok(), Some(json!("SMART_METER_V9")));
}

#[wasm_bindgen_test]
async fn rust_decode_of_wrong_types_is_an_error_value() {
    for (id, answer) in [("wrong-types", json!({ "entity": 5 })), ("wrong-json", json!("not an object"))] {
        let s = Script::new(id, json!([{ "json": answer }, { "json": { "entity": null } }])).await;
        let c = s.rust_client(json!({}));
        let err = c.client().get_contact().await.expect_err("wrong types must not decode");
        assert_eq!(err.code, ErrorCode::Decode);
        assert_eq!(err.operation, Some("getContact"));
        assert!(err.response.is_some());
        assert!(c.client().get_contact().await.is_ok(), "{id}: the client stopped working");
    }
}

#[wasm_bindgen_test]
async fn wrong_caller_input_is_invalid_input() {
    let s = Script::new("caller-input", json!([{ "json": { "ok": true } }])).await;
    let c = s.client(json!({}));
    let reading = arg(json!({ "meter_id": "m", "value": 1, "source": "ECP" }));
    let cyclic = js_sys::Function::new_with_args("", "const a = {}; a.self = a; return a;").call0(&JsValue::NULL).expect("cyclic");
    let bigint = js_sys::Function::new_with_args("", "return { meter_id: 'm', value: 10n, source: 'ECP' };").call0(&JsValue::NULL).expect("bigint");
    let cases: Vec<(&str, JsValue, JsValue, JsValue)> = vec![
        ("getContract", JsValue::from_str("c1"), JsValue::NULL, JsValue::UNDEFINED),
        ("getContract", arg(json!(["c1"])), JsValue::NULL, JsValue::UNDEFINED),
        ("getContract", JsValue::UNDEFINED, JsValue::NULL, JsValue::UNDEFINED),
        ("getContract", arg(json!({ "id": "" })), JsValue::NULL, JsValue::UNDEFINED),
        ("createMeterReading", JsValue::NULL, JsValue::UNDEFINED, JsValue::UNDEFINED),
        ("createMeterReading", JsValue::NULL, cyclic, JsValue::UNDEFINED),
        ("createMeterReading", JsValue::NULL, bigint, JsValue::UNDEFINED),
        ("createMeterReading", JsValue::NULL, reading.clone(), JsValue::from(5)),
        ("createMeterReading", JsValue::NULL, reading.clone(), arg(json!({ "signal": {} }))),
        ("createMeterReading", JsValue::NULL, reading.clone(), arg(json!({ "timeout": "soon" }))),
        ("createMeterReading", JsValue::NULL, reading.clone(), arg(json!({ "headers": { "bad header": "x" } }))),
        ("createMeterReading", JsValue::NULL, reading.clone(), arg(json!({ "headers": { "x-a": "1\r\nx-b: 2" } }))),
        ("createMeterReading", JsValue::NULL, reading.clone(), arg(json!({ "headers": { "x-a": 5 } }))),
        ("getAllContracts", arg(json!({ "from": { "nested": true } })), JsValue::NULL, JsValue::UNDEFINED),
        ("getAllContracts", nan_from(), JsValue::NULL, JsValue::UNDEFINED),
        // Timeouts that a browser timer cannot express.
        ("createMeterReading", JsValue::NULL, reading.clone(), arg(json!({ "timeout": -1 }))),
        ("createMeterReading", JsValue::NULL, reading.clone(), arg(json!({ "timeout": 1.5 }))),
        ("createMeterReading", JsValue::NULL, reading.clone(), arg(json!({ "timeout": 2147483648u64 }))),
        ("createMeterReading", JsValue::NULL, reading.clone(), infinite_timeout()),
    ];
    for (i, (op, params, body, options)) in cases.into_iter().enumerate() {
        let err = call_on(&c, op, params, body, options).await.expect_err(&format!("case {i} must fail"));
        assert_error(&err, "INVALID_INPUT");
    }
    assert_eq!(s.requests().await.len(), 0, "no bad input may reach the server");
    contact(&c).await.unwrap_or_else(|e| panic!("the client stopped working: {}", describe(&e)));
}

#[wasm_bindgen_test]
async fn dot_segment_path_values_are_invalid_input_and_send_nothing() {
    // A URL parser collapses `.` and `..` (encoded or not) onto another endpoint.
    let s = Script::new("dot-segments", json!([{ "json": {} }])).await;
    let c = s.client(json!({}));
    let cases = [
        ("getFileById", json!({ "id": ".." })),
        ("trackFileDownloaded", json!({ "id": "." })),
        ("deletePortalPageBlock", json!({ "id": "p1", "block_id": ".." })),
    ];
    for (op, params) in cases {
        let err = call_on(&c, op, arg(params), JsValue::NULL, JsValue::UNDEFINED).await.expect_err(op);
        assert_error(&err, "INVALID_INPUT");
    }
    assert_eq!(s.requests().await.len(), 0);
}

#[wasm_bindgen_test]
async fn header_values_the_browser_refuses_are_invalid_input_and_not_retried() {
    let s = Script::new("header-unicode", json!([{ "json": {} }])).await;
    let c = s.client(json!({}));
    let err = contact_with(&c, arg(json!({ "headers": { "x-name": "名前" } }))).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
    let err = invoke(&c, "headers", &[arg(json!({ "x-name": "🙂" }))]).expect_err("client headers");
    assert_error(&err, "INVALID_INPUT");
    let options = arg(json!({ "baseUrl": s.base_url(), "headers": { "x-name": "名前" } }));
    let err = epilot_portal_sdk::js::PortalClient::new(Some(tsify::Ts::new_unchecked(options))).err().expect("refused");
    assert_error(&err, "INVALID_INPUT");
    // Latin-1 is fine.
    contact_with(&c, arg(json!({ "headers": { "x-name": "Müller" } }))).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    let reqs = s.requests().await;
    assert_eq!(reqs.len(), 1);
}

async fn contact_with(c: &JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    call_on(c, "getContact", JsValue::NULL, JsValue::NULL, options).await
}

/// `{ timeout: Infinity }` (JSON cannot express it).
fn infinite_timeout() -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"timeout".into(), &JsValue::from(f64::INFINITY));
    o.into()
}

/// `{ from: NaN }` (JSON cannot express NaN).
fn nan_from() -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"from".into(), &JsValue::from(f64::NAN));
    o.into()
}

/// `Function(body)()`: a JS value built by JS code.
fn js_value(body: &str) -> JsValue {
    js_sys::Function::new_with_args("", body).call0(&JsValue::NULL).unwrap_or_else(|e| panic!("{e:?}"))
}

#[wasm_bindgen_test]
async fn unknown_keys_are_invalid_input_with_a_suggestion() {
    let s = Script::new("unknown-keys", json!([{ "json": { "ok": true } }])).await;
    let c = s.client(json!({}));
    let cases = [
        ("getAllContracts", arg(json!({ "form": 0 })), JsValue::UNDEFINED, "unknown parameter `form`: did you mean `from`?"),
        ("getContract", arg(json!({ "id": "c1", "ID": "c2" })), JsValue::UNDEFINED, "unknown parameter `ID`: did you mean `id`?"),
        ("getContact", arg(json!({ "zzz": 1 })), JsValue::UNDEFINED, "unknown parameter `zzz`"),
        ("getContact", JsValue::NULL, arg(json!({ "timeoutMs": 5 })), "unknown field `timeoutMs`: did you mean `timeout`?"),
        ("getContact", JsValue::NULL, arg(json!({ "header": { "x-a": "1" } })), "did you mean `headers`?"),
    ];
    for (op, params, options, expected) in cases {
        let err = call_on(&c, op, params, JsValue::NULL, options).await.expect_err(expected);
        assert_error(&err, "INVALID_INPUT");
        let message = get(&err, "message").as_string().unwrap_or_default();
        assert!(message.contains(expected), "{message}");
    }
    // A key whose value is `undefined` says nothing: not an error.
    call_on(&c, "getContact", js_value("return { zzz: undefined };"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(s.requests().await.len(), 1, "only the last call may reach the server");
}

#[wasm_bindgen_test]
async fn options_whose_reads_throw_are_invalid_input() {
    let s = Script::new("throwing-options", json!([{ "json": { "ok": true } }])).await;
    let c = s.client(json!({}));
    let throwing = [
        "return { get timeout() { throw new Error('boom'); } };",
        "return { get signal() { throw new Error('boom'); } };",
        "return { headers: { get 'x-a'() { throw new Error('boom'); } } };",
        "return new Proxy({}, { ownKeys() { throw new Error('boom'); } });",
        "return new Proxy({ timeout: 5 }, { get() { throw new Error('boom'); } });",
    ];
    for body in throwing {
        let err = call_on(&c, "getContact", JsValue::NULL, JsValue::NULL, js_value(body)).await.expect_err(body);
        assert_error(&err, "INVALID_INPUT");
    }
    let params = js_value("return new Proxy({}, { ownKeys() { throw new Error('boom'); } });");
    assert_error(&call_on(&c, "getContact", params, JsValue::NULL, JsValue::UNDEFINED).await.expect_err("params"), "INVALID_INPUT");
    assert_eq!(s.requests().await.len(), 0);
    let options = js_value("return { get baseUrl() { throw new Error('boom'); } };");
    let err = epilot_portal_sdk::js::PortalClient::new(Some(tsify::Ts::new_unchecked(options))).err().expect("refused");
    assert_error(&err, "INVALID_INPUT");
}

#[wasm_bindgen_test]
async fn a_token_no_header_can_carry_is_invalid_input_and_not_retried() {
    let s = Script::new("token-unicode", json!([{ "json": {} }])).await;
    let c = s.client(json!({}));
    invoke(&c, "authorize", &[JsValue::from_str("tök€n")]).expect("authorize");
    let err = contact(&c).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
    assert!(!get(&err, "message").as_string().unwrap_or_default().contains("tök€n"));
    assert_eq!(s.requests().await.len(), 0);
}

#[wasm_bindgen_test]
fn wrong_constructor_and_setter_input_throws_portal_api_errors() {
    for options in [json!({ "timeout": "x" }), json!({ "retry": { "maxRetries": -1 } }), json!({ "typo": 1 }), json!("string")] {
        let err = epilot_portal_sdk::js::PortalClient::new(Some(tsify::Ts::new_unchecked(arg(options.clone())))).err().unwrap_or_else(|| panic!("{options} accepted"));
        assert_error(&err, "INVALID_INPUT");
    }
    let c: JsValue = client().into();
    for (method, value) in [("authorize", JsValue::from(42)), ("headers", arg(json!({ "x": 1 }))), ("onRequest", JsValue::from_str("nope")), ("retry", JsValue::from_str("x"))] {
        let err = invoke(&c, method, &[value]).expect_err(method);
        assert_error(&err, "INVALID_INPUT");
    }
}

#[wasm_bindgen_test]
async fn path_parameters_cannot_escape_their_segment() {
    let s = Script::new("path-escape", json!([{ "json": {} }])).await;
    call_on(&s.client(json!({})), "getContract", arg(json!({ "id": "../../admin?x=1#y" })), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    let req = &s.requests().await[0];
    assert_eq!(req["path"], "/v2/portal/contract/..%2F..%2Fadmin%3Fx%3D1%23y");
    assert_eq!(req["query"], "");
}

/// Every console method replaced by one that records its arguments as text.
fn capture_console() -> js_sys::Array {
    let lines = js_sys::Array::new();
    js_sys::Function::new_with_args(
        "lines",
        "for (const m of ['log','info','warn','error','debug']) { console[m] = (...a) => lines.push(a.map(String).join(' ')); }",
    )
    .call1(&JsValue::NULL, &lines)
    .expect("console capture");
    lines
}

#[wasm_bindgen_test]
async fn the_token_never_appears_in_errors_or_logs() {
    let logged = capture_console();
    let s = Script::new("secrets", json!([
        { "status": 401, "json": { "message": "bad token" } },
        { "text": "{oops", "contentType": "application/json" },
        { "json": { "x": 1 }, "destroyAfterBytes": 1 },
        { "delayMs": 2000 },
    ])).await;
    let c = s.client(json!({ "retry": { "maxRetries": 0 }, "timeout": 300 }));
    invoke(&c, "authorize", &[JsValue::from_str(SECRET_TOKEN)]).expect("authorize");
    let mut errors = Vec::new();
    for _ in 0..4 {
        errors.push(contact(&c).await.unwrap_err());
    }
    errors.push(call_on(&c, "getContract", JsValue::NULL, JsValue::NULL, JsValue::UNDEFINED).await.unwrap_err());
    let codes: Vec<String> = errors.iter().map(|e| get(e, "code").as_string().unwrap_or_default()).collect();
    assert_eq!(codes, ["HTTP", "DECODE", "NETWORK", "TIMEOUT", "INVALID_INPUT"]);
    for err in &errors {
        let text = js_sys::JSON::stringify(err).ok().and_then(|s| s.as_string()).unwrap_or_default();
        let string = js_sys::JsString::from(err.clone()).as_string().unwrap_or_default();
        let stack = get(err, "stack").as_string().unwrap_or_default();
        for shown in [&text, &string, &stack, &describe(err)] {
            assert!(!shown.contains(SECRET_TOKEN), "token leaked: {shown}");
        }
        assert!(text.contains("\"code\""), "JSON.stringify shows the error: {text}");
    }
    // The server did receive it (so the check above is meaningful).
    assert_eq!(s.requests().await[0]["headers"]["authorization"], format!("Bearer {SECRET_TOKEN}"));
    for line in logged.iter() {
        assert!(!line.as_string().unwrap_or_default().contains(SECRET_TOKEN), "token logged");
    }
}

#[wasm_bindgen_test]
fn rust_debug_and_display_never_show_the_token() {
    let c = client();
    let _ = c.authorize(JsValue::from_str(SECRET_TOKEN));
    let shown = format!("{:?}", c.client());
    assert!(!shown.contains(SECRET_TOKEN), "{shown}");
    let err = epilot_portal_sdk::Error::invalid_input("x").with_operation("getContact");
    assert!(!format!("{err:?} {err}").contains(SECRET_TOKEN));
}

/// The hidden entries behind the generated methods (`__call`, `__paginate`): an index or a
/// descriptor that names no operation, or another descriptor for an operation already read, is
/// `INVALID_INPUT` and sends nothing; the operation's own method works before and after.
#[wasm_bindgen_test]
async fn an_index_or_descriptor_that_names_no_operation_is_invalid_input() {
    let s = Script::new("hidden-entries", json!([{ "json": { "before": true } }, { "json": { "after": true } }])).await;
    let c = s.client(json!({ "retry": { "maxRetries": 0 } }));
    let res = contact(&c).await.unwrap_or_else(|e| panic!("getContact before the bad entries: {}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "before": true }));
    let entry = |name: &str| js_sys::Function::from(get(&c, name));
    let hidden = |name: &str, index: f64, descriptor: JsValue| {
        let args = js_sys::Array::of5(&index.into(), &descriptor, &JsValue::NULL, &JsValue::NULL, &JsValue::UNDEFINED);
        entry(name).apply(&c, &args)
    };
    // the real index of getContact, with descriptors that are not its own
    let methods = include_str!("../src/generated/methods.js");
    let table = methods.split("const OPERATIONS = '").nth(1).and_then(|t| t.split('\'').next()).expect("OPERATIONS in methods.js");
    let index = table.split('|').position(|d| d.starts_with("getContact ")).expect("getContact in methods.js") as f64;
    let descriptors = [
        JsValue::UNDEFINED,
        JsValue::from(42),
        "".into(),
        "getContact".into(),
        "getContact Gs- v2/portal/contact".into(),
        "getContact Gs- /v2/portal/contact qs9id".into(),
        "getContact Gn- /v2/portal/elsewhere".into(), // well formed, but not the one read first
    ];
    for descriptor in descriptors {
        let promise = hidden("__call", index, descriptor.clone()).unwrap_or_else(|e| panic!("__call threw: {}", describe(&e)));
        match wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await {
            Err(err) => assert_error(&err, "INVALID_INPUT"),
            Ok(_) => panic!("__call({index}, {descriptor:?}) was sent"),
        };
        match hidden("__paginate", index, descriptor.clone()) {
            Err(err) => assert_error(&err, "INVALID_INPUT"),
            Ok(_) => panic!("__paginate({index}, {descriptor:?}) made an iterator"),
        };
    }
    for bad_index in [-1.0, 1e9] {
        let promise = hidden("__call", bad_index, "getContact Gs- /v2/portal/contact".into()).unwrap_or_else(|e| panic!("__call threw: {}", describe(&e)));
        match wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await {
            Err(err) => assert_error(&err, "INVALID_INPUT"),
            Ok(_) => panic!("__call({bad_index}) was sent"),
        };
    }
    let res = contact(&c).await.unwrap_or_else(|e| panic!("getContact after the bad entries: {}", describe(&e)));
    assert_eq!(json(&get(&res, "data")), json!({ "after": true }));
    assert_eq!(s.requests().await.len(), 2, "only the two good calls were sent");
}
