//! Options that cross the JS boundary: typed with tsify (the .d.ts), read member by member
//! ([`read`]), so a wrong value from plain JS is an `INVALID_INPUT` error, never a throw or a panic.

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsValue};

use crate::config::{CallOptions, Config};
use crate::error::{text, Error};
use crate::precheck::{AllowedRange, AllowedRangeResponse, PasswordPolicy, ReadingInput};
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
    pub headers: Option<Record<String>>,
    /// Per-attempt timeout in ms; 0 (the default) for none.
    #[tsify(optional, type = "number")]
    pub timeout: Option<TimeoutMs>,
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

/// A timeout in ms as JS gives it: a whole number from 0 (no timeout) to 2^31 - 1 (what a
/// browser timer can wait). Anything else (negative, fractional, `Infinity`, `NaN`) is
/// `INVALID_INPUT`, never truncated into something else.
#[derive(Deserialize, Clone, Copy)]
pub struct TimeoutMs(pub u32);

impl ReadJs for TimeoutMs {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        match value.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=crate::config::MAX_TIMER_MS as f64).contains(&n) => Ok(TimeoutMs(n as u32)),
            _ => Err(r.error("must be a whole number of ms from 0 (no timeout) to 2147483647")),
        }
    }
}

/// `client.timeout(ms)`: a [`TimeoutMs`], or `null`/`undefined` for none.
pub(crate) fn timeout(value: &JsValue) -> Result<Option<u32>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    TimeoutMs::read_js(&Reader { what: "timeout", at: None }, value).map(|t| Some(t.0))
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
    /// The settings; a header no request could carry is refused here, not at the first call.
    pub(crate) fn into_config(self) -> Result<Config, Error> {
        let mut config = Config::default();
        if let Some(url) = self.base_url {
            config.base_url = url;
        }
        config.headers = self.headers.unwrap_or_default().0;
        for (name, value) in &config.headers {
            crate::config::check_header(name, value)?;
        }
        config.timeout_ms = self.timeout.map(|t| t.0);
        if let Some(r) = &self.retry {
            r.apply(&mut config.retry);
        }
        if let Some(l) = self.large_response {
            config.large_response = l.enabled;
        }
        Ok(config)
    }
}

/// Reads an optional options object (`undefined`/`null` → defaults).
///
/// Member by member with `Reflect` (no serde on the JS path: serde-wasm-bindgen, serde_json's
/// `Value` and serde's error formatting cost ~40 KB of wasm). Unknown keys of the client
/// option objects are reported, so a typo such as `baseURL` is an error, not ignored.
pub(crate) fn read<T: Default + ReadJs>(what: &str, value: &JsValue) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    T::read_js(&Reader { what, at: None }, value)
}

/// A type read from a plain JS value by [`read`].
pub(crate) trait ReadJs: Sized {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error>;
}

/// Where in the input a value is, for error messages (`invalid client options: retry.maxRetries ...`).
/// The path is only written out for an error: reading a member allocates nothing.
pub(crate) struct Reader<'a> {
    what: &'a str,
    /// The value's key and the reader of the object holding it; `None` at the top.
    at: Option<(&'a Reader<'a>, &'a str)>,
}

impl Reader<'_> {
    #[inline(never)]
    fn error(&self, problem: &str) -> Error {
        let path = self.path();
        if path.is_empty() {
            Error::invalid_input(text(&["invalid ", self.what, ": ", problem]))
        } else {
            Error::invalid_input(text(&["invalid ", self.what, ": `", &path, "` ", problem]))
        }
    }

    /// The keys from the top down, joined with `.` (`retry.maxRetries`).
    fn path(&self) -> String {
        let Some((holder, key)) = self.at else { return String::new() };
        let mut path = holder.path();
        if !path.is_empty() {
            path.push_str(".");
        }
        path.push_str(key);
        path
    }

    fn at<'b>(&'b self, key: &'b str) -> Reader<'b> {
        Reader { what: self.what, at: Some((self, key)) }
    }

    /// The value as a plain object (not an array, not a function).
    fn object<'v>(&self, value: &'v JsValue) -> Result<&'v js_sys::Object, Error> {
        if value.is_object() && !js_sys::Array::is_array(value) && !value.is_function() {
            Ok(value.unchecked_ref())
        } else {
            Err(self.error("must be an object"))
        }
    }

    /// Fails on an own key that is not in `known`, suggesting the one it is a near miss of.
    fn deny_unknown(&self, obj: &js_sys::Object, known: &[&str]) -> Result<(), Error> {
        for key in own_keys(obj).map_err(|_| self.error("could not be read"))? {
            if !known.contains(&key.as_str()) {
                return Err(self.error(&crate::error::unknown_key("field", &key, known)));
            }
        }
        Ok(())
    }

    /// `obj[key]`, `None` when undefined or null; a read that throws (a getter, a Proxy) is an
    /// error, never a silently missing option.
    fn member(&self, obj: &js_sys::Object, key: &str) -> Result<Option<JsValue>, Error> {
        let v = js_sys::Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| self.at(key).error("could not be read"))?;
        Ok((!v.is_undefined() && !v.is_null()).then_some(v))
    }

    fn opt<T: ReadJs>(&self, obj: &js_sys::Object, key: &str) -> Result<Option<T>, Error> {
        match self.member(obj, key)? {
            Some(v) => T::read_js(&self.at(key), &v).map(Some),
            None => Ok(None),
        }
    }

    fn required<T: ReadJs>(&self, obj: &js_sys::Object, key: &str) -> Result<T, Error> {
        match self.member(obj, key)? {
            Some(v) => T::read_js(&self.at(key), &v),
            None => Err(self.error(&text(&["missing field `", key, "`"]))),
        }
    }
}

impl ReadJs for String {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        value.as_string().ok_or_else(|| r.error("must be a string"))
    }
}

impl ReadJs for bool {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        value.as_bool().ok_or_else(|| r.error("must be a boolean"))
    }
}

impl ReadJs for u32 {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        match value.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) => Ok(n as u32),
            _ => Err(r.error("must be a whole number from 0 to 4294967295")),
        }
    }
}

impl ReadJs for i64 {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        match value.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 => Ok(n as i64),
            _ => Err(r.error("must be a whole number")),
        }
    }
}

impl ReadJs for f64 {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        // JSON has no NaN or Infinity: refused like serde refused them before.
        value.as_f64().filter(|n| n.is_finite()).ok_or_else(|| r.error("must be a finite number"))
    }
}

impl<T: ReadJs> ReadJs for Vec<T> {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        if !js_sys::Array::is_array(value) {
            return Err(r.error("must be an array"));
        }
        let array: &js_sys::Array = value.unchecked_ref();
        let mut items = Vec::new();
        for (i, item) in array.iter().enumerate() {
            items.push(T::read_js(&r.at(&crate::error::decimal(i as i64)), &item)?);
        }
        Ok(items)
    }
}

/// A JS `Record<string, T>`: every own enumerable key with its value, in `Object.keys` order
/// (a key occurs once).
#[derive(Default, Deserialize)]
pub struct Record<T>(pub Vec<(String, T)>);

impl<T: ReadJs> ReadJs for Record<T> {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        let obj = r.object(value)?;
        let mut pairs = Vec::new();
        for key in own_keys(obj).map_err(|_| r.error("could not be read"))? {
            let item = js_sys::Reflect::get(obj, &JsValue::from_str(&key)).map_err(|_| r.at(&key).error("could not be read"))?;
            let value = T::read_js(&r.at(&key), &item)?;
            pairs.push((key, value));
        }
        Ok(Record(pairs))
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Object.keys`, bound with `catch`: a Proxy's `ownKeys` trap may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(obj: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// The own enumerable string keys of `obj` (`Object.keys`); `Err` when listing them throws.
pub(crate) fn own_keys(obj: &JsValue) -> Result<Vec<String>, JsValue> {
    let mut keys = Vec::new();
    for key in object_keys(obj)?.iter() {
        if let Some(key) = key.as_string() {
            keys.push(key);
        }
    }
    Ok(keys)
}

/// A struct read member by member: `$ty { field: "jsName" required|opt, ... }`, with unknown
/// keys refused when `deny` is given.
macro_rules! read_struct {
    ($ty:ident, $deny:expr, { $($field:ident : $key:literal $how:ident),* $(,)? }) => {
        impl ReadJs for $ty {
            fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
                let obj = r.object(value)?;
                if $deny {
                    r.deny_unknown(obj, &[$($key),*])?;
                }
                Ok($ty { $($field: r.$how(obj, $key)?),* })
            }
        }
    };
}

read_struct!(ClientOptions, true, {
    base_url: "baseUrl" opt, headers: "headers" opt, timeout: "timeout" opt, retry: "retry" opt, large_response: "largeResponse" opt,
});
read_struct!(RetryOptions, true, { max_retries: "maxRetries" opt, default_delay_ms: "defaultDelayMs" opt, max_delay_ms: "maxDelayMs" opt });
read_struct!(LargeResponseOptions, true, { enabled: "enabled" required });
read_struct!(CallOptionsData, false, { timeout: "timeout" opt, headers: "headers" opt });
read_struct!(PasswordPolicy, false, {
    minimum_length: "minimum_length" opt, maximum_length: "maximum_length" opt, require_lowercase: "require_lowercase" opt,
    require_uppercase: "require_uppercase" opt, require_numbers: "require_numbers" opt, require_symbols: "require_symbols" opt,
});
read_struct!(AllowedRange, false, { meter_counter_id: "meter_counter_id" opt, min_value: "min_value" opt, max_value: "max_value" opt, direction: "direction" opt });
read_struct!(ReadingInput, false, { value: "value" required, counter_id: "counterId" opt, direction: "direction" opt });

impl ReadJs for AllowedRangeResponse {
    fn read_js(r: &Reader<'_>, value: &JsValue) -> Result<Self, Error> {
        let obj = r.object(value)?;
        Ok(AllowedRangeResponse { data: r.opt(obj, "data")?.unwrap_or_default() })
    }
}

#[derive(Default)]
struct CallOptionsData {
    timeout: Option<TimeoutMs>,
    headers: Option<Record<String>>,
}

/// Per-call `{ signal, timeout, headers }`.
pub(crate) fn call_options(value: &JsValue) -> Result<CallOptions, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(CallOptions::default());
    }
    if !value.is_object() {
        return Err(Error::invalid_input("options must be an object"));
    }
    let reader = Reader { what: "call options", at: None };
    reader.deny_unknown(reader.object(value)?, &["signal", "timeout", "headers"])?;
    let signal = js_sys::Reflect::get(value, &"signal".into()).map_err(|_| reader.at("signal").error("could not be read"))?;
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        Some(signal.dyn_into::<web_sys::AbortSignal>().map_err(|_| Error::invalid_input("options.signal must be an AbortSignal"))?)
    };
    // `signal` is a live object, not data; the other members are read by name.
    let data: CallOptionsData = read("call options", value)?;
    Ok(CallOptions {
        signal,
        timeout_ms: data.timeout.map(|t| t.0),
        headers: data.headers.unwrap_or_default().0,
    })
}
