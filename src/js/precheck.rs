//! The pre-checks for JS: plain functions, no request.

use wasm_bindgen::prelude::*;

use super::{error, options};
use crate::precheck::{self, AllowedExtensions, AllowedRangeResponse, PasswordPolicy, ReadingInput};

#[wasm_bindgen(typescript_custom_section)]
const TS_PRECHECK: &str = r#"
/** The outcome of a pre-check: `ok` when nothing failed; each failure names its rule and says what to do. */
export interface CheckResult {
  ok: boolean;
  failures: { rule: string; message: string }[];
}
"#;

fn result(r: precheck::CheckResult) -> Result<JsValue, JsValue> {
    serde_wasm_bindgen::to_value(&r).map_err(|e| error::to_js(crate::Error::invalid_input(e.to_string())))
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
    let allowed: AllowedExtensions = options::read("allowed extensions", &allowed).map_err(error::to_js)?;
    result(precheck::check_file_name(name, &allowed))
}
