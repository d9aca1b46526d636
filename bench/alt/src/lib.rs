//! The alternative JS-path designs, one export per step, timed from JS (bench/pages/bench.js).
//! Every function takes the response text as a JS string, as the SDK's transport has it.

use epilot_portal_sdk::models::SearchPortalUserEntitiesResponse;
use js_sys::JsString;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Copy only: the JS string into wasm memory as UTF-8 (what any wasm-side parse starts with).
#[wasm_bindgen]
pub fn alt_copy_in(text: &JsString) -> usize {
    String::from(text).len()
}

/// Copy + serde_json into an untyped `serde_json::Value`.
#[wasm_bindgen]
pub fn alt_parse_value(text: &JsString) -> usize {
    let s = String::from(text);
    serde_json::from_str::<serde_json::Value>(&s).map(|_| s.len()).unwrap_or(0)
}

fn typed(text: &JsString) -> Result<SearchPortalUserEntitiesResponse, JsValue> {
    let s = String::from(text);
    let v: SearchPortalUserEntitiesResponse = serde_json::from_str(&s).map_err(|e| JsValue::from_str(&e.to_string()))?;
    match &v {
        SearchPortalUserEntitiesResponse::EntityResponseWithHits(r) if r.results.as_ref().map_or(0, Vec::len) == 1000 => Ok(v),
        _ => Err(JsValue::from_str("the typed parse did not pick EntityResponseWithHits with 1000 results")),
    }
}

/// Copy + serde_json into the generated typed models (unknown fields kept in `extra`).
#[wasm_bindgen]
pub fn alt_parse_typed(text: &JsString) -> Result<usize, JsValue> {
    typed(text).map(|_| 1)
}

/// Copy + typed parse + build the JS objects from Rust (serde-wasm-bindgen, plain objects).
#[wasm_bindgen]
pub fn alt_typed_to_js(text: &JsString) -> Result<JsValue, JsValue> {
    let v = typed(text)?;
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Copy + typed parse + JSON text back out (then JSON.parse in JS).
#[wasm_bindgen]
pub fn alt_typed_to_text(text: &JsString) -> Result<JsString, JsValue> {
    let v = typed(text)?;
    serde_json::to_string(&v).map(|s| JsString::from(s.as_str())).map_err(|e| JsValue::from_str(&e.to_string()))
}
