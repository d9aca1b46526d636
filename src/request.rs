//! Turning an [`Operation`] plus the caller's parameters into a URL and headers.
//!
//! Pure logic, shared by the JS and the Rust API and tested natively: parameters
//! are looked up by their spec name through [`ParamSource`], so the JS side can read
//! a plain object and the Rust side a serialised params struct.

use crate::error::{text, Error};
use crate::operation::{Operation, ParamIn, ParamShape, ParamSpec};

/// One parameter value, already reduced to what a URL or header can carry.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    Str(String),
    Num(f64),
    Bool(bool),
    List(Vec<ParamValue>),
    /// Compact JSON text (objects, arrays of objects).
    Json(String),
}

/// Where parameter values come from.
pub trait ParamSource {
    /// The value of `spec.name`, `None` when absent (`undefined`/`null`/missing).
    fn get(&self, spec: &ParamSpec) -> Result<Option<ParamValue>, Error>;
}

/// No parameters at all.
impl ParamSource for () {
    fn get(&self, _: &ParamSpec) -> Result<Option<ParamValue>, Error> {
        Ok(None)
    }
}

impl ParamSource for serde_json::Map<String, serde_json::Value> {
    fn get(&self, spec: &ParamSpec) -> Result<Option<ParamValue>, Error> {
        Ok(self.get(spec.name).and_then(|v| json_param(spec, v)))
    }
}

fn json_param(spec: &ParamSpec, value: &serde_json::Value) -> Option<ParamValue> {
    use serde_json::Value;
    if spec.shape == ParamShape::Json {
        return (!value.is_null()).then(|| ParamValue::Json(value.to_string()));
    }
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(ParamValue::Bool(*b)),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if n.is_f64() => ParamValue::Num(f),
            // integers keep every digit (an i64 beyond 2^53 would lose some as f64)
            _ => ParamValue::Str(n.to_string()),
        }),
        Value::String(s) => Some(ParamValue::Str(s.clone())),
        Value::Array(items) => {
            Some(ParamValue::List(items.iter().filter_map(|v| json_param(spec, v)).collect()))
        }
        Value::Object(_) => Some(ParamValue::Json(value.to_string())),
    }
}

/// The request line and headers of one call, before auth and client headers.
#[derive(Clone, PartialEq)]
pub struct RequestParts {
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// A caller-supplied bearer token (operations with `Auth::CallerToken`).
    pub caller_token: Option<String>,
}

impl std::fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestParts")
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("caller_token", &self.caller_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Builds the URL (path parameters substituted and percent-encoded, query string
/// serialised) and the header parameters of `op`.
pub fn build(op: &Operation, base_url: &str, params: &dyn ParamSource) -> Result<RequestParts, Error> {
    let mut path = op.path.to_string();
    let mut query = String::new();
    let mut headers = Vec::new();
    let mut caller_token = None;

    for spec in op.params {
        let value = match params.get(spec)? {
            Some(v) => v,
            None if spec.required => {
                return Err(Error::invalid_input(text(&[
                    "missing required ",
                    location_name(spec.location),
                    " parameter `",
                    spec.name,
                    "`",
                ])))
            }
            None => continue,
        };
        match spec.location {
            ParamIn::Path => {
                let segment = scalar_text(spec, &value)?;
                if segment.is_empty() {
                    return Err(Error::invalid_input(text(&["path parameter `", spec.name, "` is empty"])));
                }
                // URL parsers collapse `.` and `..` segments (encoded or not), which would send
                // the request to another endpoint: such a value can never be a valid id.
                if segment == "." || segment == ".." {
                    return Err(Error::invalid_input(text(&["path parameter `", spec.name, "` cannot be `", &segment, "`"])));
                }
                path = fill_path(&path, spec.name, &encode_component(&segment));
            }
            ParamIn::Query => append_query(&mut query, spec, &value)?,
            ParamIn::Header => headers.push((spec.name.to_string(), joined_text(spec, &value)?)),
            ParamIn::BearerToken => caller_token = Some(scalar_text(spec, &value)?),
        }
    }

    let mut url = String::with_capacity(base_url.len() + path.len() + query.len() + 1);
    url.push_str(crate::text::trim_end(base_url, b'/'));
    url.push_str(&path);
    if !query.is_empty() {
        url.push_str("?");
        url.push_str(&query);
    }
    Ok(RequestParts { url, headers, caller_token })
}

/// `template` with every `{name}` replaced by `value`. (Not `str::replace` with a `format!`ed
/// pattern: its substring searcher brings core's string-slicing panic messages into the wasm.)
fn fill_path(template: &str, name: &str, value: &str) -> String {
    let mut out = String::with_capacity(template.len() + value.len());
    let mut rest = template;
    while let Some((before, after)) = crate::text::split_once(rest, b"{") {
        out.push_str(before);
        match after.strip_prefix(name).and_then(|r| r.strip_prefix("}")) {
            Some(r) => {
                out.push_str(value);
                rest = r;
            }
            None => {
                out.push_str("{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn location_name(location: ParamIn) -> &'static str {
    match location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::BearerToken => "token",
    }
}

fn append_query(query: &mut String, spec: &ParamSpec, value: &ParamValue) -> Result<(), Error> {
    let mut push = |text: &str| {
        if !query.is_empty() {
            query.push_str("&");
        }
        query.push_str(&encode_component(spec.name));
        query.push_str("=");
        query.push_str(&encode_component(text));
    };
    match (spec.shape, value) {
        (ParamShape::Array, ParamValue::List(items)) if spec.explode => {
            for item in items {
                push(&scalar_text(spec, item)?);
            }
        }
        _ => push(&joined_text(spec, value)?),
    }
    Ok(())
}

/// A scalar, or a list joined with commas (OpenAPI `form`/`simple`, not exploded).
fn joined_text(spec: &ParamSpec, value: &ParamValue) -> Result<String, Error> {
    match value {
        ParamValue::List(items) => {
            let mut joined = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    joined.push_str(",");
                }
                joined.push_str(&scalar_text(spec, item)?);
            }
            Ok(joined)
        }
        other => scalar_text(spec, other),
    }
}

fn scalar_text(spec: &ParamSpec, value: &ParamValue) -> Result<String, Error> {
    match value {
        ParamValue::Str(s) => Ok(s.clone()),
        ParamValue::Bool(b) => Ok(String::from(if *b { "true" } else { "false" })),
        ParamValue::Num(n) => number_text(*n)
            .ok_or_else(|| Error::invalid_input(text(&["parameter `", spec.name, "` is not a finite number"]))),
        ParamValue::Json(s) if spec.shape == ParamShape::Json => Ok(s.clone()),
        ParamValue::Json(_) | ParamValue::List(_) => Err(Error::invalid_input(text(&["parameter `", spec.name, "` must be a string, number or boolean"]))),
    }
}

/// Numbers as JavaScript prints them: `100`, not `100.0`.
fn number_text(n: f64) -> Option<String> {
    if !n.is_finite() {
        None
    } else if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        Some(crate::error::decimal(n as i64))
    } else {
        Some(float_text(n))
    }
}

/// A finite number as text. In the browser `Number.prototype.toString` (JavaScript's own
/// digits, and core's float formatter, ~18 KB, stays out of the wasm); elsewhere Rust's
/// shortest round-trip form, the same digits (only exponent notation differs: JS writes
/// `1e+21` and `1e-7` where Rust writes every zero).
pub(crate) fn float_text(n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    return format!("{n}");
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so a value can
/// never leave its path segment or query component (`/`, `?`, `#`, `&`, `..` stay data).
pub fn encode_component(text: &str) -> String {
    encode_keeping(text, b"")
}

/// [`encode_component`], leaving the ASCII bytes in `keep` as they are too.
pub(crate) fn encode_keeping(text: &str, keep: &[u8]) -> String {
    const HEX: &str = "0123456789ABCDEF";
    let hex = |n: u8| HEX.get(usize::from(n)..usize::from(n) + 1).unwrap_or("");
    let mut out = String::with_capacity(text.len());
    // Runs of bytes kept as they are are copied as `&str` pieces (ASCII, so character
    // boundaries), the others written as `%XX`: no character is encoded.
    let mut kept_from = 0;
    for (at, b) in text.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (b.is_ascii() && keep.contains(&b)) {
            continue;
        }
        out.push_str(text.get(kept_from..at).unwrap_or(""));
        out.push_str("%");
        out.push_str(hex(b >> 4));
        out.push_str(hex(b & 0xF));
        kept_from = at + 1;
    }
    out.push_str(text.get(kept_from..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{Auth, BodyKind, Method};
    use serde_json::json;

    #[test]
    fn fill_path_replaces_only_the_named_placeholder() {
        assert_eq!(fill_path("/v2/portal/entity/{slug}/{id}", "id", "a%2Fb"), "/v2/portal/entity/{slug}/a%2Fb");
        assert_eq!(fill_path("/x/{id}/{idx}/{id}", "id", "7"), "/x/7/{idx}/7");
        assert_eq!(fill_path("/x/{i/{id", "id", "7"), "/x/{i/{id");
        assert_eq!(fill_path("/ü/{id}", "id", "ä"), "/ü/ä");
    }

    const fn p(name: &'static str, location: ParamIn, required: bool, shape: ParamShape, explode: bool) -> ParamSpec {
        ParamSpec { name, location, required, shape, explode }
    }

    const PARAMS: &[ParamSpec] = &[
        p("slug", ParamIn::Path, true, ParamShape::Scalar, false),
        p("id", ParamIn::Path, true, ParamShape::Scalar, false),
        p("from", ParamIn::Query, false, ParamShape::Scalar, true),
        p("fields", ParamIn::Query, false, ParamShape::Array, true),
        p("ids", ParamIn::Query, false, ParamShape::Array, false),
        p("context_entities", ParamIn::Query, false, ParamShape::Json, true),
        p("x-epilot-org-id", ParamIn::Header, false, ParamShape::Scalar, false),
        p("id_token", ParamIn::BearerToken, false, ParamShape::Scalar, true),
    ];

    const OP: Operation = Operation {
        id: "getThing",
        method: Method::Get,
        path: "/v2/portal/{slug}/{id}:validate",
        params: PARAMS,
        auth: Auth::Session,
        body: BodyKind::None,
        redirect_status: None,
        paging: None,
    };

    fn build_json(v: serde_json::Value) -> Result<RequestParts, Error> {
        let map = v.as_object().cloned().unwrap_or_default();
        build(&OP, "https://api.example/", &map)
    }

    #[test]
    fn substitutes_path_and_serialises_query() {
        let parts = build_json(json!({
            "slug": "contract", "id": "42", "from": 25, "fields": ["a", "b c"], "ids": [1, 2],
        }))
        .unwrap();
        assert_eq!(parts.url, "https://api.example/v2/portal/contract/42:validate?from=25&fields=a&fields=b%20c&ids=1%2C2");
        assert!(parts.headers.is_empty());
    }

    #[test]
    fn path_values_cannot_escape_their_segment() {
        let parts = build_json(json!({"slug": "../../admin?x=1#y", "id": "a/b"})).unwrap();
        assert_eq!(parts.url, "https://api.example/v2/portal/..%2F..%2Fadmin%3Fx%3D1%23y/a%2Fb:validate");
    }

    #[test]
    fn missing_required_path_parameter_is_invalid_input() {
        let err = build_json(json!({"slug": "contract"})).unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::InvalidInput);
        assert_eq!(err.message, "missing required path parameter `id`");
        let err = build_json(json!({"slug": "", "id": "1"})).unwrap_err();
        assert_eq!(err.message, "path parameter `slug` is empty");
    }

    #[test]
    fn dot_segments_are_refused() {
        for dots in [".", ".."] {
            let err = build_json(json!({"slug": "s", "id": dots})).unwrap_err();
            assert_eq!(err.code, crate::ErrorCode::InvalidInput);
            assert_eq!(err.message, format!("path parameter `id` cannot be `{dots}`"));
        }
        // Longer values stay data: `...` and `.x` are not dot segments.
        assert!(build_json(json!({"slug": "...", "id": ".x"})).unwrap().url.contains("/.../.x:"));
    }

    #[test]
    fn object_query_values_are_json_text() {
        let parts = build_json(json!({"slug": "s", "id": "1", "context_entities": [{"entity_id": "e", "entity_schema": "contract"}]})).unwrap();
        assert!(parts.url.ends_with("?context_entities=%5B%7B%22entity_id%22%3A%22e%22%2C%22entity_schema%22%3A%22contract%22%7D%5D"), "{}", parts.url);
    }

    #[test]
    fn scalar_parameter_rejects_objects() {
        let err = build_json(json!({"slug": {"a": 1}, "id": "1"})).unwrap_err();
        assert_eq!(err.message, "parameter `slug` must be a string, number or boolean");
    }

    #[test]
    fn headers_and_caller_token_are_separate() {
        let parts = build_json(json!({"slug": "s", "id": "1", "x-epilot-org-id": 123, "id_token": "secret-id-token"})).unwrap();
        assert_eq!(parts.headers, vec![("x-epilot-org-id".to_string(), "123".to_string())]);
        assert_eq!(parts.caller_token.as_deref(), Some("secret-id-token"));
        assert!(!format!("{parts:?}").contains("secret-id-token"));
    }

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(number_text(100.0).as_deref(), Some("100"));
        assert_eq!(number_text(0.5).as_deref(), Some("0.5"));
        assert_eq!(number_text(-3.0).as_deref(), Some("-3"));
        assert_eq!(number_text(f64::NAN), None);
        assert_eq!(number_text(f64::INFINITY), None);
    }

    #[test]
    fn large_integers_keep_every_digit() {
        let parts = build_json(json!({"slug": "s", "id": 9007199254740993u64})).unwrap();
        assert!(parts.url.contains("/s/9007199254740993:"), "{}", parts.url);
    }

    #[test]
    fn encode_keeps_unreserved_only() {
        assert_eq!(encode_component("aZ09-._~"), "aZ09-._~");
        assert_eq!(encode_component("ä /"), "%C3%A4%20%2F");
    }
}
