//! The pre-checks for JS: plain functions, no request.

use wasm_bindgen::prelude::*;

use super::{error, options};
use crate::precheck::{self, AllowedRangeResponse, PasswordPolicy, ReadingInput};

#[wasm_bindgen(typescript_custom_section)]
const TS_PRECHECK: &str = r#"
/** The outcome of a pre-check: `ok` when nothing failed; each failure names its rule and says what to do. */
export interface CheckResult {
  ok: boolean;
  failures: { rule: string; message: string }[];
}
"#;

/// `{ ok, failures: [{ rule, message }] }` as plain JS objects.
fn result(r: precheck::CheckResult) -> Result<JsValue, JsValue> {
    let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
    };
    let failures = js_sys::Array::new();
    for f in &r.failures {
        let item = js_sys::Object::new();
        set(&item, "rule", &JsValue::from_str(f.rule));
        set(&item, "message", &JsValue::from_str(&f.message));
        failures.push(&item);
    }
    let obj = js_sys::Object::new();
    set(&obj, "ok", &JsValue::from_bool(r.ok));
    set(&obj, "failures", &failures);
    Ok(obj.into())
}

/// Checks a password against `cognito_details.password_policy` of the portal config.
#[wasm_bindgen(js_name = checkPassword, unchecked_return_type = "CheckResult")]
pub fn check_password(
    password: &str,
    #[wasm_bindgen(unchecked_param_type = "{ minimum_length?: number; maximum_length?: number; require_lowercase?: boolean; require_uppercase?: boolean; require_numbers?: boolean; require_symbols?: boolean } | null | undefined")]
    policy: JsValue,
) -> Result<JsValue, JsValue> {
    let policy: PasswordPolicy = options::read("password policy", &policy).map_err(error::to_js)?;
    result(precheck::check_password(password, &policy))
}

/// Checks a reading against the answer of `getAllowedMeterReadingRange`.
#[wasm_bindgen(js_name = checkMeterReading, unchecked_return_type = "CheckResult")]
pub fn check_meter_reading(
    #[wasm_bindgen(unchecked_param_type = "GetAllowedMeterReadingRangeResponse")] range: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ value: number; counterId?: string; direction?: string }")] reading: JsValue,
) -> Result<JsValue, JsValue> {
    let range: AllowedRangeResponse = options::read("allowed range", &range).map_err(error::to_js)?;
    if reading.is_undefined() || reading.is_null() {
        return Err(error::to_js(crate::Error::invalid_input("checkMeterReading needs a reading { value }")));
    }
    let reading: ReadingInput = options::read("reading", &reading).map_err(error::to_js)?;
    result(precheck::check_meter_reading(&range, &reading))
}

/// Checks a file name against `allowed_file_extensions` of the portal config.
#[wasm_bindgen(js_name = checkFileName, unchecked_return_type = "CheckResult")]
pub fn check_file_name(
    name: &str,
    #[wasm_bindgen(unchecked_param_type = "AllowedFileExtensions | null | undefined")] allowed: JsValue,
) -> Result<JsValue, JsValue> {
    let listed = allowed_extensions(&allowed).map_err(error::to_js)?;
    result(precheck::check_file_name_in(name, listed.iter().map(String::as_str)))
}

/// `allowed_file_extensions`: the check only looks at the string items of its array members,
/// so only those are read (a `null` or unknown member counts as no list).
fn allowed_extensions(value: &JsValue) -> Result<Vec<String>, crate::Error> {
    let mut listed = Vec::new();
    if value.is_undefined() || value.is_null() {
        return Ok(listed);
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(crate::Error::invalid_input("invalid allowed extensions: must be an object"));
    }
    for list in js_sys::Object::values(value.unchecked_ref()).iter() {
        if js_sys::Array::is_array(&list) {
            listed.extend(js_sys::Array::from(&list).iter().filter_map(|v| v.as_string()));
        }
    }
    Ok(listed)
}
