//! Options that cross the JS boundary: typed with tsify, read with serde-wasm-bindgen,
//! so a wrong value from plain JS is an `INVALID_INPUT` error, never a throw or a panic.

use std::collections::BTreeMap;

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsValue};

use crate::config::{CallOptions, Config};
use crate::error::Error;
use crate::retry::RetryConfig;

/// `new PortalClient(options)`: every field optional.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientOptions {
    /// API base URL; defaults to https://customer-portal-api.sls.epilot.io
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Headers sent with every request.
    #[tsify(optional, type = "Record<string, string>")]
    pub headers: Option<BTreeMap<String, String>>,
    /// Per-attempt timeout in ms.
    #[tsify(optional)]
    pub timeout: Option<u32>,
    #[tsify(optional)]
    pub retry: Option<RetryOptions>,
    #[tsify(optional)]
    pub large_response: Option<LargeResponseOptions>,
}

/// `client.retry(options)`.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetryOptions {
    /// Retries after the first attempt (default 3; 0 turns retrying off).
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// Wait after a 429 without `Retry-After`, in ms (default 1000).
    #[tsify(optional)]
    pub default_delay_ms: Option<u32>,
    /// Longest single wait, in ms (default 20000).
    #[tsify(optional)]
    pub max_delay_ms: Option<u32>,
}

/// `client.largeResponse(options)`.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LargeResponseOptions {
    /// Opt in to the API's large-response redirect and follow it (default true).
    pub enabled: bool,
}

impl RetryOptions {
    pub(crate) fn apply(&self, retry: &mut RetryConfig) {
        if let Some(v) = self.max_retries {
            retry.max_retries = v;
        }
        if let Some(v) = self.default_delay_ms {
            retry.default_delay_ms = v;
        }
        if let Some(v) = self.max_delay_ms {
            retry.max_delay_ms = v;
        }
    }
}

impl ClientOptions {
    pub(crate) fn into_config(self) -> Config {
        let mut config = Config::default();
        if let Some(url) = self.base_url {
            config.base_url = url;
        }
        config.headers = self.headers.unwrap_or_default().into_iter().collect();
        config.timeout_ms = self.timeout;
        if let Some(r) = &self.retry {
            r.apply(&mut config.retry);
        }
        if let Some(l) = self.large_response {
            config.large_response = l.enabled;
        }
        config
    }
}

/// Reads an optional options object (`undefined`/`null` → defaults).
pub(crate) fn read<T: Default + for<'de> Deserialize<'de>>(what: &str, value: &JsValue) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    // Through serde_json so `deny_unknown_fields` sees every key: a typo such as
    // `baseURL` is reported instead of silently ignored.
    let json: serde_json::Value =
        serde_wasm_bindgen::from_value(value.clone()).map_err(|e| Error::invalid_input(format!("invalid {what}: {e}")))?;
    serde_json::from_value(json).map_err(|e| Error::invalid_input(format!("invalid {what}: {e}")))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct CallOptionsData {
    timeout: Option<u32>,
    headers: Option<BTreeMap<String, String>>,
}

/// Per-call `{ signal, timeout, headers }`.
pub(crate) fn call_options(value: &JsValue) -> Result<CallOptions, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(CallOptions::default());
    }
    if !value.is_object() {
        return Err(Error::invalid_input("options must be an object"));
    }
    let signal = js_sys::Reflect::get(value, &"signal".into()).unwrap_or(JsValue::UNDEFINED);
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        Some(signal.dyn_into::<web_sys::AbortSignal>().map_err(|_| Error::invalid_input("options.signal must be an AbortSignal"))?)
    };
    // `signal` is a live object, not data: read the rest without it.
    let data = js_sys::Object::assign(&js_sys::Object::new(), value.unchecked_ref());
    let _ = js_sys::Reflect::delete_property(&data, &"signal".into());
    let data: CallOptionsData = read("call options", &data.into())?;
    Ok(CallOptions {
        signal,
        timeout_ms: data.timeout,
        headers: data.headers.unwrap_or_default().into_iter().collect(),
    })
}
