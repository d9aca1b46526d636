//! JS values in and out of a call: params, body, and the `{ data, status, headers }` result.

use js_sys::{Array, JsString, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{headers_object, Error, ErrorResponse};
use crate::operation::{BodyKind, Operation, ParamShape, ParamSpec};
use crate::request::{ParamSource, ParamValue};
use crate::transport::HttpResponse;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on a JS string, so a large body never crosses into wasm memory.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_js_string(text: &JsString) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/src/js/transport.js")]
extern "C" {
    /// Empty or JSON whitespace only (see transport.js).
    #[wasm_bindgen(js_name = isBlank)]
    fn is_blank(text: &JsString) -> bool;
}

/// The `params` argument, read lazily by parameter name.
pub(crate) struct JsParams(JsValue);

impl JsParams {
    /// `value` as the params of `op`. A key that is not one of `op`'s parameters is an error
    /// naming it (with the near miss it probably is), so a typo never drops a filter silently;
    /// a key whose value is `undefined` says nothing and is ignored.
    pub fn new(op: &Operation, value: JsValue) -> Result<Self, Error> {
        if value.is_undefined() || value.is_null() {
            return Ok(JsParams(value));
        }
        if !value.is_object() || Array::is_array(&value) {
            return Err(Error::invalid_input("params must be an object"));
        }
        let keys = super::options::own_keys(&value).map_err(|_| Error::invalid_input("params could not be read"))?;
        for key in keys {
            if op.params.iter().any(|p| p.name == key) {
                continue;
            }
            let item = Reflect::get(&value, &JsValue::from_str(&key))
                .map_err(|_| Error::invalid_input(crate::error::text(&["parameter `", &key, "` could not be read"])))?;
            if !item.is_undefined() {
                let known: Vec<&str> = op.params.iter().map(|p| p.name).collect();
                return Err(Error::invalid_input(crate::error::unknown_key("parameter", &key, &known)));
            }
        }
        Ok(JsParams(value))
    }
}

impl ParamSource for JsParams {
    fn get(&self, spec: &ParamSpec) -> Result<Option<ParamValue>, Error> {
        if !self.0.is_object() {
            return Ok(None);
        }
        let value = Reflect::get(&self.0, &spec.name.into())
            .map_err(|_| Error::invalid_input(crate::error::text(&["parameter `", spec.name, "` could not be read"])))?;
        param_value(spec, &value)
    }
}

fn param_value(spec: &ParamSpec, value: &JsValue) -> Result<Option<ParamValue>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if spec.shape == ParamShape::Json {
        return Ok(Some(ParamValue::Json(json_text(value, spec.name)?)));
    }
    if let Some(s) = value.as_string() {
        Ok(Some(ParamValue::Str(s)))
    } else if let Some(n) = value.as_f64() {
        Ok(Some(ParamValue::Num(n)))
    } else if let Some(b) = value.as_bool() {
        Ok(Some(ParamValue::Bool(b)))
    } else if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        if date.get_time().is_nan() {
            return Err(Error::invalid_input(crate::error::text(&["parameter `", spec.name, "` is an invalid Date"])));
        }
        Ok(Some(ParamValue::Str(date.to_iso_string().into())))
    } else if Array::is_array(value) {
        let mut items = Vec::new();
        for item in Array::from(value).iter() {
            if let Some(v) = param_value(spec, &item)? {
                items.push(v);
            }
        }
        Ok(Some(ParamValue::List(items)))
    } else {
        Err(Error::invalid_input(crate::error::text(&["parameter `", spec.name, "` must be a string, number or boolean"])))
    }
}

fn json_text(value: &JsValue, what: &str) -> Result<String, Error> {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid_input(crate::error::text(&["`", what, "` cannot be sent as JSON"])))
}

/// The `body` argument as JSON text or `FormData`; `None` when absent or unused.
pub(crate) fn body(op: &Operation, value: &JsValue) -> Result<Option<JsValue>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match op.body {
        BodyKind::None => Ok(None),
        BodyKind::Json { .. } => Ok(Some(JsValue::from_str(&json_text(value, "body")?))),
        BodyKind::Multipart { .. } => crate::form::from_js(value).map(Some),
    }
}

/// The body parsed by the browser's own JSON parser (`null` when empty or whitespace).
pub(crate) fn data(response: &HttpResponse) -> Result<JsValue, Error> {
    if is_blank(&response.body) {
        return Ok(JsValue::NULL);
    }
    parse_js_string(&response.body).map_err(|_| {
        Error::decode("the answer is not valid JSON").with_response(ErrorResponse {
            status: response.status,
            headers: response.headers.clone(),
            body: String::from(&response.body),
        })
    })
}

/// `{ data, status, headers }`, with `data` parsed by the browser's own JSON parser.
pub(crate) fn response(response: HttpResponse) -> Result<JsValue, Error> {
    let data = data(&response)?;
    let obj = Object::new();
    let _ = Reflect::set(&obj, &"data".into(), &data);
    let _ = Reflect::set(&obj, &"status".into(), &response.status.into());
    let _ = Reflect::set(&obj, &"headers".into(), &headers_object(&response.headers));
    Ok(obj.into())
}

