//! The one error type of the SDK.
//!
//! Every failure (HTTP status, network, timeout, cancellation, undecodable body,
//! bad caller input) is an [`Error`]; on the JS side it becomes a `PortalApiError`.
//! Nothing here ever holds a request header, so a token cannot leak through an
//! error's message, `Display` or `Debug`.

use std::fmt;

/// What kind of failure an [`Error`] is. The JS `code` property is [`ErrorCode::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The server answered with a non-success status.
    Http,
    /// The request never got an answer (DNS, connection, CORS, connection closed mid-body).
    Network,
    /// An attempt took longer than the configured timeout.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The answer could not be decoded into the expected shape.
    Decode,
    /// The caller's input was rejected before any request was sent.
    InvalidInput,
}

impl ErrorCode {
    /// The code for [`ErrorCode::as_str`]'s text.
    pub fn parse(text: &str) -> Option<ErrorCode> {
        [ErrorCode::Http, ErrorCode::Network, ErrorCode::Timeout, ErrorCode::Aborted, ErrorCode::Decode, ErrorCode::InvalidInput]
            .into_iter()
            .find(|c| c.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Http => "HTTP",
            ErrorCode::Network => "NETWORK",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::Decode => "DECODE",
            ErrorCode::InvalidInput => "INVALID_INPUT",
        }
    }
}

/// The server's answer attached to an HTTP (or decode) error.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    pub status: u16,
    /// Response headers, names lower-cased.
    pub headers: crate::Headers,
    /// The body as sent by the server (UTF-8 text; invalid bytes replaced).
    pub body: String,
}

/// The `response` a JS `PortalApiError` carries: `{ status, data, headers }` (axios shape),
/// `data` parsed as JSON when it is JSON, else the text. One shape for the core's JS API and
/// the sign-in module.
#[cfg(target_arch = "wasm32")]
impl ErrorResponse {
    pub fn to_js(&self) -> wasm_bindgen::JsValue {
        use js_sys::{Object, Reflect};
        let data = js_sys::JSON::parse(&self.body).unwrap_or_else(|_| self.body.as_str().into());
        let obj = Object::new();
        let _ = Reflect::set(&obj, &"status".into(), &self.status.into());
        let _ = Reflect::set(&obj, &"data".into(), &data);
        let _ = Reflect::set(&obj, &"headers".into(), &headers_object(&self.headers));
        obj.into()
    }

    /// The response a JS `PortalApiError` carries (`response`, as [`ErrorResponse::to_js`]
    /// writes it), if it has one: `data` back as text (JSON unless it was text).
    pub fn from_js(response: &wasm_bindgen::JsValue) -> Option<ErrorResponse> {
        use js_sys::{Array, Object, Reflect};
        use wasm_bindgen::JsCast;
        if !response.is_object() {
            return None;
        }
        let field = |k: &str| Reflect::get(response, &k.into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
        let data = field("data");
        let body = match data.as_string() {
            Some(s) => s,
            None => js_sys::JSON::stringify(&data).map(String::from).unwrap_or_default(),
        };
        let mut headers = crate::Headers::new();
        let h = field("headers");
        if h.is_object() {
            for pair in Object::entries(h.unchecked_ref::<Object>()).iter() {
                let pair = Array::from(&pair);
                if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                    headers.insert(k, v);
                }
            }
        }
        let status = field("status").as_f64().unwrap_or(0.0) as u16;
        Some(ErrorResponse { status, headers, body })
    }
}

/// A header map as a plain JS object (names as they are, lower-cased by the transport).
#[cfg(target_arch = "wasm32")]
pub(crate) fn headers_object(headers: &crate::Headers) -> wasm_bindgen::JsValue {
    let obj = js_sys::Object::new();
    for (name, value) in headers.iter() {
        let _ = js_sys::Reflect::set(&obj, &name.into(), &value.into());
    }
    obj.into()
}

impl ErrorResponse {
    /// The body parsed as JSON, when it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// A failed call.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// The operationId of the failed call, when the failure belongs to one.
    pub operation: Option<&'static str>,
    pub response: Option<ErrorResponse>,
    /// The failure came from fetching a large response's payload (its presigned URL on
    /// another host), not from the API: a 403 here is an expired URL, not a permission.
    pub from_payload: bool,
}

impl Error {
    /// (Not inlined: one copy instead of the struct built at every one of the many call sites.)
    #[inline(never)]
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, message: message.into(), operation: None, response: None, from_payload: false }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn decode(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Decode, message)
    }

    /// An HTTP error built from the server's answer.
    pub fn http(response: ErrorResponse) -> Self {
        let message = text(&["the server answered ", &decimal(response.status.into()), " ", status_reason(response.status)]);
        Error { code: ErrorCode::Http, message, operation: None, response: Some(response), from_payload: false }
    }

    pub fn with_operation(mut self, operation: &'static str) -> Self {
        self.operation.get_or_insert(operation);
        self
    }

    pub fn with_response(mut self, response: ErrorResponse) -> Self {
        self.response = Some(response);
        self
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        self.response.as_ref().map(|r| r.status)
    }
}

impl Error {
    /// What `Display` writes (`operation [CODE]: message`), built without `core::fmt` for the
    /// wasm code that needs the text.
    pub fn described(&self) -> String {
        let [operation, space] = self.operation.map_or([""; 2], |op| [op, " "]);
        text(&[operation, space, "[", self.code.as_str(), "]: ", &self.message])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.described())
    }
}

impl std::error::Error for Error {}

/// `parts` joined: messages are built by concatenation, not `format!`, which keeps
/// `core::fmt` (the formatter, padding, integer printing) out of the `.wasm`.
#[inline(never)]
pub(crate) fn text(parts: &[&str]) -> String {
    parts.concat()
}

/// A run of ASCII digits as a number (no sign, no spaces; `None` when empty or past
/// `u32::MAX`): the callers' numbers without the generic integer parser, one copy per type, in
/// the `.wasm`.
pub(crate) fn digits(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u32, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(u32::from(digit))
    })
}

/// `n` in decimal, as `format!("{n}")` writes it (see [`text`]). The digits are pushed as
/// `&str` pieces, highest first, so no character has to be encoded.
pub(crate) fn decimal(n: i64) -> String {
    const DIGITS: &str = "0123456789";
    let mut out = String::with_capacity(20);
    if n < 0 {
        out.push_str("-");
    }
    let n = n.unsigned_abs();
    let mut power = 1u64;
    while power <= n / 10 {
        power *= 10;
    }
    loop {
        let digit = (n / power % 10) as usize;
        out.push_str(DIGITS.get(digit..digit + 1).unwrap_or(""));
        if power == 1 {
            return out;
        }
        power /= 10;
    }
}

/// The message for a key that is not one of `known`: names it, and suggests the known key it
/// is a near miss of (`form` → `from`, `timeoutMs` → `timeout`, `baseURL` → `baseUrl`).
pub fn unknown_key(kind: &str, key: &str, known: &[&str]) -> String {
    match did_you_mean(key, known) {
        Some(k) => text(&["unknown ", kind, " `", key, "`: did you mean `", k, "`?"]),
        None if known.is_empty() => text(&["unknown ", kind, " `", key, "`: this operation takes none"]),
        None => {
            let mut message = text(&["unknown ", kind, " `", key, "`, expected one of "]);
            for (i, k) in known.iter().enumerate() {
                message.push_str(if i == 0 { "`" } else { ", `" });
                message.push_str(k);
                message.push_str("`");
            }
            message
        }
    }
}

/// The known key closest to `key` when it is a near miss: the same but for case, or within an
/// edit distance of a third of its length (at least 1; a swap of two neighbours counts once),
/// or the known key plus a suffix (`timeoutMs`).
pub fn did_you_mean<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = key.to_ascii_lowercase();
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        return Some(k);
    }
    // The nearest, the first of equals (a loop: smaller in the .wasm than the iterator chain).
    let mut near: Option<(usize, &'a str)> = None;
    for &k in known {
        let d = edit_distance(&lower, &k.to_ascii_lowercase());
        if d <= (k.chars().count() / 3).max(1) && near.is_none_or(|(best, _)| d < best) {
            near = Some((d, k));
        }
    }
    near.map(|(_, k)| k).or_else(|| known.iter().find(|k| k.len() >= 4 && lower.starts_with(&k.to_ascii_lowercase())).copied())
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
fn edit_distance(a: &str, b: &str) -> usize {
    let chars = |s: &str| {
        let mut chars = Vec::with_capacity(s.len());
        for c in s.chars() {
            chars.push(c);
        }
        chars
    };
    let (a, b) = (chars(a), chars(b));
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        if let Some(first) = row.first_mut() {
            *first = i;
        }
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let at = |r: usize, c: usize| d.get(r * width + c).copied().unwrap_or(usize::MAX - 1);
            let mut best = (at(i, j + 1) + 1).min(at(i + 1, j) + 1).min(at(i, j) + cost);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                best = best.min(at(i - 1, j - 1) + 1);
            }
            if let Some(cell) = d.get_mut((i + 1) * width + j + 1) {
                *cell = best;
            }
        }
    }
    d.last().copied().unwrap_or(0)
}

/// A short English reason phrase, so messages read well without a lookup.
pub fn status_reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_operation_and_code() {
        let e = Error::invalid_input("missing required path parameter `id`").with_operation("getContract");
        assert_eq!(e.to_string(), "getContract [INVALID_INPUT]: missing required path parameter `id`");
        assert_eq!(e.described(), e.to_string());
        assert_eq!(Error::new(ErrorCode::Network, "no route").to_string(), "[NETWORK]: no route");
    }

    #[test]
    fn http_error_carries_status_and_reason() {
        let e = Error::http(ErrorResponse { status: 404, headers: crate::Headers::new(), body: "{\"message\":\"nope\"}".into() });
        assert_eq!(e.code, ErrorCode::Http);
        assert_eq!(e.status(), Some(404));
        assert_eq!(e.message, "the server answered 404 Not Found");
        assert_eq!(e.response.and_then(|r| r.json()), Some(serde_json::json!({"message": "nope"})));
    }

    #[test]
    fn unknown_keys_suggest_near_misses() {
        assert_eq!(did_you_mean("form", &["from", "size"]), Some("from"));
        assert_eq!(did_you_mean("timeoutMs", &["signal", "timeout", "headers"]), Some("timeout"));
        assert_eq!(did_you_mean("baseURL", &["baseUrl", "headers"]), Some("baseUrl"));
        assert_eq!(did_you_mean("contract_id", &["contact_id", "org_id"]), Some("contact_id"));
        assert_eq!(did_you_mean("zzz", &["from", "size"]), None);
        assert_eq!(did_you_mean("id", &["size"]), None);
        assert_eq!(did_you_mean("ab", &["ac", "bb"]), Some("ac")); // the first of equals
        assert_eq!(did_you_mean("sizes", &["sized", "size"]), Some("sized"));
        assert_eq!(unknown_key("parameter", "form", &["from", "size"]), "unknown parameter `form`: did you mean `from`?");
        assert_eq!(unknown_key("parameter", "zzz", &["from", "size"]), "unknown parameter `zzz`, expected one of `from`, `size`");
        assert_eq!(unknown_key("parameter", "zzz", &[]), "unknown parameter `zzz`: this operation takes none");
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn decimal_writes_what_format_writes() {
        for n in [0, 7, -7, 10, 429, 2_147_483_647, i64::MAX, i64::MIN] {
            assert_eq!(decimal(n), format!("{n}"));
        }
        assert_eq!(text(&["a", "", "bc"]), "abc");
    }

    #[test]
    fn first_operation_wins() {
        let e = Error::decode("x").with_operation("a").with_operation("b");
        assert_eq!(e.operation, Some("a"));
    }
}
