//! `multipart/form-data` bodies: each top-level property is one form field.

use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;

/// From a serialised Rust body: strings as they are, other values as JSON text.
pub(crate) fn from_json(value: &serde_json::Value) -> Result<JsValue, Error> {
    let map = value.as_object().ok_or_else(|| Error::invalid_input("a form body must be an object"))?;
    let form = new_form()?;
    for (name, v) in map {
        let text = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        form.append_with_str(name, &text).map_err(|_| Error::invalid_input(format!("form field `{name}` was refused")))?;
    }
    Ok(form.into())
}

/// From a JS object: `Blob`/`File` values are sent as files, others as text.
#[cfg_attr(not(all(target_arch = "wasm32", feature = "js")), allow(dead_code))] // used by the JS API only
pub(crate) fn from_js(value: &JsValue) -> Result<JsValue, Error> {
    if value.is_instance_of::<web_sys::FormData>() {
        return Ok(value.clone());
    }
    let entries = js_sys::Object::try_from(value)
        .map(js_sys::Object::entries)
        .ok_or_else(|| Error::invalid_input("a form body must be an object"))?;
    let form = new_form()?;
    for entry in entries.iter() {
        let pair = js_sys::Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        let v = pair.get(1);
        let appended = if v.is_undefined() || v.is_null() {
            continue;
        } else if let Some(blob) = v.dyn_ref::<web_sys::Blob>() {
            form.append_with_blob(&name, blob)
        } else if let Some(s) = v.as_string() {
            form.append_with_str(&name, &s)
        } else {
            let text = js_sys::JSON::stringify(&v).map(String::from).unwrap_or_default();
            form.append_with_str(&name, &text)
        };
        appended.map_err(|_| Error::invalid_input(crate::error::text(&["form field `", &name, "` was refused"])))?;
    }
    Ok(form.into())
}

fn new_form() -> Result<web_sys::FormData, Error> {
    web_sys::FormData::new().map_err(|_| Error::invalid_input("FormData is unavailable here"))
}
