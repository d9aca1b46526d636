//! Just enough JSON for the Cognito wire format and the stored session.
//!
//! Reading goes through the browser's own `JSON.parse` in wasm (serde_json in native
//! builds, where only the unit tests run), writing through a small escaping writer:
//! this keeps serde_json's parser and float formatter out of the wasm binary.

/// A parsed JSON value (read-only).
#[derive(Clone)]
pub struct Json(Inner);

#[cfg(target_arch = "wasm32")]
type Inner = wasm_bindgen::JsValue;
#[cfg(not(target_arch = "wasm32"))]
type Inner = serde_json::Value;

impl Json {
    pub fn parse(text: &str) -> Option<Json> {
        #[cfg(target_arch = "wasm32")]
        return js_sys::JSON::parse(text).ok().map(Json);
        #[cfg(not(target_arch = "wasm32"))]
        return serde_json::from_str(text).ok().map(Json);
    }

    /// A member of an object; `None` when missing or `null`.
    pub fn get(&self, key: &str) -> Option<Json> {
        #[cfg(target_arch = "wasm32")]
        {
            if !self.0.is_object() {
                return None;
            }
            let v = js_sys::Reflect::get(&self.0, &key.into()).ok()?;
            (!v.is_undefined() && !v.is_null()).then_some(Json(v))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.0.get(key).filter(|v| !v.is_null()).cloned().map(Json)
        }
    }

    pub fn as_string(&self) -> Option<String> {
        #[cfg(target_arch = "wasm32")]
        return self.0.as_string();
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.as_str().map(str::to_string);
    }

    pub fn as_f64(&self) -> Option<f64> {
        #[cfg(target_arch = "wasm32")]
        return self.0.as_f64();
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.as_f64();
    }

    pub fn as_bool(&self) -> Option<bool> {
        #[cfg(target_arch = "wasm32")]
        return self.0.as_bool();
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.as_bool();
    }

    pub fn is_object(&self) -> bool {
        #[cfg(target_arch = "wasm32")]
        return self.0.is_object() && !js_sys::Array::is_array(&self.0);
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.is_object();
    }

    /// A string member.
    pub fn str(&self, key: &str) -> Option<String> {
        self.get(key)?.as_string()
    }

    /// A number member.
    pub fn num(&self, key: &str) -> Option<f64> {
        self.get(key)?.as_f64()
    }

    /// An object's members whose values are strings.
    pub fn string_entries(&self) -> Vec<(String, String)> {
        #[cfg(target_arch = "wasm32")]
        {
            if !self.is_object() {
                return Vec::new();
            }
            let entries = js_sys::Object::entries(wasm_bindgen::JsCast::unchecked_ref::<js_sys::Object>(&self.0));
            entries
                .iter()
                .filter_map(|pair| {
                    let pair = js_sys::Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect()
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.0
                .as_object()
                .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
                .unwrap_or_default()
        }
    }

    /// An array's string items.
    pub fn strings(&self) -> Vec<String> {
        #[cfg(target_arch = "wasm32")]
        {
            if !js_sys::Array::is_array(&self.0) {
                return Vec::new();
            }
            js_sys::Array::from(&self.0).iter().filter_map(|v| v.as_string()).collect()
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.0.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
        }
    }

    /// An array's items.
    pub fn items(&self) -> Vec<Json> {
        #[cfg(target_arch = "wasm32")]
        {
            if !js_sys::Array::is_array(&self.0) {
                return Vec::new();
            }
            js_sys::Array::from(&self.0).iter().map(Json).collect()
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.0.as_array().map(|a| a.iter().cloned().map(Json).collect()).unwrap_or_default()
        }
    }

    #[cfg(target_arch = "wasm32")]
    pub fn js(&self) -> &wasm_bindgen::JsValue {
        &self.0
    }

    /// A value JS already parsed; `None` for `undefined` and `null`.
    #[cfg(target_arch = "wasm32")]
    pub fn from_js(value: wasm_bindgen::JsValue) -> Option<Json> {
        (!value.is_undefined() && !value.is_null()).then_some(Json(value))
    }
}

/// A JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes one JSON object.
pub struct Obj(String);

impl Obj {
    pub fn new() -> Obj {
        Obj(String::from("{"))
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push_str(&quote(key));
        self.0.push(':');
    }

    pub fn str(mut self, key: &str, value: &str) -> Obj {
        self.key(key);
        self.0.push_str(&quote(value));
        self
    }

    pub fn opt_str(self, key: &str, value: Option<&str>) -> Obj {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    pub fn int(mut self, key: &str, value: i64) -> Obj {
        self.key(key);
        self.0.push_str(&crate::error::decimal(value));
        self
    }

    pub fn boolean(mut self, key: &str, value: bool) -> Obj {
        self.key(key);
        self.0.push_str(if value { "true" } else { "false" });
        self
    }

    /// `value` must already be JSON.
    pub fn raw(mut self, key: &str, value: &str) -> Obj {
        self.key(key);
        self.0.push_str(value);
        self
    }

    pub fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

impl Default for Obj {
    fn default() -> Self {
        Obj::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_back() {
        let inner = Obj::new().str("USERNAME", "a\"b\\c\u{1}é").finish();
        let text = Obj::new().str("AuthFlow", "X").raw("AuthParameters", &inner).int("n", -5).boolean("b", true).finish();
        let v = Json::parse(&text).unwrap();
        assert_eq!(v.str("AuthFlow").as_deref(), Some("X"));
        assert_eq!(v.get("AuthParameters").unwrap().str("USERNAME").as_deref(), Some("a\"b\\c\u{1}é"));
        assert_eq!(v.num("n"), Some(-5.0));
        assert!(v.get("missing").is_none());
        assert_eq!(v.get("AuthParameters").unwrap().string_entries().len(), 1);
        assert!(Json::parse("{").is_none());
    }
}
