//! Helpers shared by the browser tests: a `PortalClient` pointed at the local API
//! (Prism behind the gateway, port passed in by `scripts/test.sh` at compile time),
//! and calls through the public JS method of an operation.
#![allow(dead_code)]

pub mod fault;

use epilot_portal_sdk::js::PortalClient;
use js_sys::{Function, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

/// The local API (Prism with `--errors` on the spec, behind the gateway).
pub const API_URL: &str = match option_env!("PORTAL_API_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:4010",
};

/// The fault-injection server.
pub const FAULT_URL: &str = match option_env!("FAULT_SERVER_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:4020",
};

pub const TEST_TOKEN: &str = "test-portal-token";

/// JSON → JS value (maps as plain objects, as a JS caller would pass them).
pub fn js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::UNDEFINED)
}

/// JS value → JSON, for assertions.
pub fn json(value: &JsValue) -> serde_json::Value {
    serde_wasm_bindgen::from_value(value.clone()).unwrap_or(serde_json::Value::Null)
}

/// The exported function `name` of the JS module `source` (a file of the package: one that
/// imports nothing). Evaluated here rather than imported as a snippet: wasm-bindgen-test's
/// server stalls a page that loads more module files than Chromium opens connections (6).
fn module_function(file: &str, source: &str, name: &str) -> Function {
    let body = format!("{}\nreturn {name};", source.replace(&format!("export function {name}"), &format!("function {name}")));
    let f = Function::new_no_args(&body).call0(&JsValue::NULL).unwrap_or_else(|e| panic!("{file} did not evaluate: {e:?}"));
    f.dyn_into().unwrap_or_else(|_| panic!("{file} has no {name}"))
}

/// Puts the operation methods on `class` with the generated table, as the package's index.js
/// does.
fn install_operations(class: &JsValue) {
    let install = module_function("methods.js", include_str!("../../src/generated/methods.js"), "installOperations");
    install.call1(&JsValue::NULL, class).unwrap_or_else(|e| panic!("installOperations failed: {e:?}"));
}

/// Puts the sign-in methods on `class` with the package's loader (`src/js/sign_in.js`), its
/// module being this one: `SignIn` beside `PortalClient`, as in the package's sign-in module.
fn install_sign_in(class: &JsValue) {
    let install = module_function("sign_in.js", include_str!("../../src/js/sign_in.js"), "installSignIn");
    // the classes, from an instance of each (kept: their wrappers must not be collected)
    let sign_in: JsValue = epilot_portal_sdk::cognito::js_signin::SignIn::new(JsValue::NULL).into();
    let sign_in_class = get(&Object::get_prototype_of(&sign_in).into(), "constructor");
    std::mem::forget(sign_in);
    let error = match PortalClient::new(Some(tsify::Ts::new_unchecked(JsValue::from(1)))) {
        Err(e) => e,
        Ok(_) => panic!("new PortalClient(1) was accepted"),
    };
    let error_class = get(&Object::get_prototype_of(&error).into(), "constructor");
    let module = Object::new();
    let _ = Reflect::set(&module, &"SignIn".into(), &sign_in_class);
    let import_module = Function::new_with_args("m", "return () => Promise.resolve(m);").call1(&JsValue::NULL, &module).unwrap_or_else(|e| panic!("{e:?}"));
    let args = js_sys::Array::of3(class, &error_class, &import_module);
    install.apply(&JsValue::NULL, &args).unwrap_or_else(|e| panic!("installSignIn failed: {e:?}"));
}

thread_local!(static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });

/// A client built the way a JS caller builds one: `new PortalClient(options)`, with the
/// operation methods installed on its class as the package's entry point does.
pub fn client_with(options: serde_json::Value) -> PortalClient {
    let client = match PortalClient::new(Some(tsify::Ts::new_unchecked(js(&options)))) {
        Ok(c) => c,
        Err(e) => panic!("client options rejected: {}", describe(&e)),
    };
    INSTALLED.with(|done| {
        if !done.replace(true) {
            // a client's JS object leads to the class (kept: its wrapper must not be collected mid-test)
            let probe: JsValue = PortalClient::new(None).unwrap_or_else(|e| panic!("new PortalClient() failed: {}", describe(&e))).into();
            let class = get(&Object::get_prototype_of(&probe).into(), "constructor");
            install_operations(&class);
            install_sign_in(&class);
            std::mem::forget(probe);
        }
    });
    client
}

/// A client on the local API, authorized, with retries off (Prism never needs them).
pub fn client() -> PortalClient {
    let c = client_with(serde_json::json!({ "baseUrl": API_URL, "retry": { "maxRetries": 0 } }));
    c.authorize(JsValue::from_str(TEST_TOKEN)).unwrap_or_else(|e| panic!("authorize failed: {}", describe(&e)));
    c
}

/// Calls `client[op_id](params, body, options)` through the exported JS method.
pub async fn call_on(client: &JsValue, op_id: &str, params: JsValue, body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let method = Reflect::get(client, &op_id.into())
        .ok()
        .and_then(|m| m.dyn_into::<Function>().ok())
        .unwrap_or_else(|| panic!("PortalClient has no method `{op_id}`"));
    let args = js_sys::Array::of3(&params, &body, &options);
    let promise = method.apply(client, &args)?;
    JsFuture::from(js_sys::Promise::from(promise)).await
}

/// Calls an operation on a fresh authorized client.
pub async fn call(op_id: &str, params: serde_json::Value, body: serde_json::Value) -> Result<JsValue, JsValue> {
    let client: JsValue = client().into();
    call_on(&client, op_id, js(&params), js(&body), JsValue::UNDEFINED).await
}

/// Calls an operation and fails the test unless the API accepted the request
/// (2xx, no `sl-violations` header). Returns `data`.
pub async fn call_ok(op_id: &str, params: serde_json::Value, body: serde_json::Value) -> JsValue {
    match call(op_id, params, body).await {
        Ok(result) => assert_accepted(op_id, &result),
        Err(e) => panic!("{op_id}: the call failed: {}", describe(&e)),
    }
}

/// Checks a `{ data, status, headers }` result and returns `data`.
pub fn assert_accepted(op_id: &str, result: &JsValue) -> JsValue {
    let status = get(result, "status").as_f64().unwrap_or(0.0) as u16;
    assert!((200..400).contains(&status), "{op_id}: status {status}");
    let headers = get(result, "headers");
    let violations = get(&headers, "sl-violations");
    assert!(violations.is_undefined(), "{op_id}: the API reported violations: {violations:?}");
    get(result, "data")
}

/// Decodes `data` into the typed model; fails the test when it does not fit.
pub fn decode<T: serde::de::DeserializeOwned>(op_id: &str, data: &JsValue) -> T {
    match serde_wasm_bindgen::from_value(data.clone()) {
        Ok(v) => v,
        Err(e) => panic!("{op_id}: the answer does not decode into its model: {e}; data: {}", json(data)),
    }
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A rejection's code, message, status and response data, for assertion messages.
pub fn describe(error: &JsValue) -> String {
    format!(
        "{} {} (status {:?}) {}",
        get(error, "code").as_string().unwrap_or_default(),
        get(error, "message").as_string().unwrap_or_else(|| format!("{error:?}")),
        get(error, "status").as_f64(),
        json(&get(&get(error, "response"), "data")),
    )
}

/// Asserts that `error` is a `PortalApiError` (an `Error`) with `code`, and returns it.
pub fn assert_error(error: &JsValue, code: &str) -> JsValue {
    assert!(error.is_instance_of::<js_sys::Error>(), "not an Error: {error:?}");
    assert_eq!(get(error, "name").as_string().as_deref(), Some("PortalApiError"));
    assert_eq!(get(error, "code").as_string().as_deref(), Some(code), "{}", describe(error));
    error.clone()
}

/// `{ headers: { ... } }` call options.
pub fn options_with_headers(headers: &[(&str, &str)]) -> JsValue {
    let h = Object::new();
    for (k, v) in headers {
        let _ = Reflect::set(&h, &(*k).into(), &(*v).into());
    }
    let o = Object::new();
    let _ = Reflect::set(&o, &"headers".into(), &h);
    o.into()
}
