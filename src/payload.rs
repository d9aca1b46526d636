//! Large responses: the API answers a body over its limit with
//! `{ "$payload_ref": "<presigned URL>" }` (content type `application/large-response.vnd+json`),
//! and the SDK fetches the payload from that URL.
//!
//! The payload GET carries no header at all (the URL is presigned and on another host, so
//! the token must not go there), is retried like any idempotent GET, is reported to
//! `onResponse`, and goes only to `https:` (or `http:` on a loopback host, for local
//! development). A failure of the payload host is marked as such (`Error::from_payload`),
//! so an expired presigned URL is not mistaken for the API's own 403.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsValue;

use crate::config::LARGE_RESPONSE_ACCEPT;
use crate::error::{Error, ErrorResponse};
use crate::hooks::{report, Attempted, ResponseHook};
use crate::operation::{Method, Operation};
use crate::retry::{self, RetryConfig};
use crate::text;
use crate::transport::{self, HttpRequest, HttpResponse};

/// Whether an answer is a large-response redirect.
pub(crate) fn is_large_response(response: &HttpResponse) -> bool {
    response.header("content-type").is_some_and(|ct| ct.starts_with(LARGE_RESPONSE_ACCEPT))
}

/// Whether the SDK may fetch `url`: `https:` with a host, or `http:` to a loopback host
/// (`localhost`, `127.x.x.x`, `[::1]`). No user info (`user@host` is a classic disguise).
pub fn payload_url_allowed(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else {
        return false;
    };
    // The authority ends at the first of these (a browser treats `\` as `/` in http URLs).
    let authority = text::before(rest, b"/\\?#");
    // (bytes: a control character or a space is one ASCII byte, and no byte of another
    // character is ASCII)
    if authority.is_empty() || authority.bytes().any(|b| b == b'@') || url.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return false;
    }
    if secure {
        return true;
    }
    match authority.strip_prefix("[") {
        Some(v6) => text::before(v6, b"]") == "::1",
        None => {
            let host = text::before(authority, b":");
            host == "localhost" || is_loopback_v4(host)
        }
    }
}

/// `127.a.b.c` with four decimal octets.
fn is_loopback_v4(host: &str) -> bool {
    let mut octets = 0;
    for (i, o) in text::pieces(host, b'.').enumerate() {
        let octet = crate::error::digits(o).filter(|&n| o.len() <= 3 && n <= 255);
        if octet.is_none() || (i == 0 && o != "127") {
            return false;
        }
        octets += 1;
    }
    octets == 4
}

/// The `$payload_ref` member of a large response's JSON body. In the browser through its
/// `JSON.parse`, so the JS build carries no JSON parser of its own.
fn payload_ref(text: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).ok().filter(|v| v.is_object())?;
        js_sys::Reflect::get(&value, &JsValue::from_str("$payload_ref")).ok()?.as_string()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let value = serde_json::from_str::<serde_json::Value>(text).ok()?;
        value.get("$payload_ref")?.as_str().map(str::to_string)
    }
}

/// The URL as `onResponse` shows it: without the query and fragment (the presigned signature
/// is a credential).
fn shown_url(url: &str) -> &str {
    text::before(url, b"?#")
}

/// What the payload fetch shares with the call: its signal, timeout and retry policy.
pub(crate) struct Fetching<'a> {
    pub signal: Option<&'a web_sys::AbortSignal>,
    pub timeout_ms: Option<u32>,
    pub retry: &'a RetryConfig,
}

/// Fetches the payload `response` points to, with retries; the answer keeps the API's
/// status and headers, with the payload's body and content type.
pub(crate) async fn follow(
    op: &'static Operation,
    response: HttpResponse,
    fetching: &Fetching<'_>,
    on_response: Option<&ResponseHook>,
) -> Result<HttpResponse, Error> {
    let text = String::from(&response.body);
    let Some(url) = payload_ref(&text).filter(|u| payload_url_allowed(u)) else {
        return Err(Error::decode("a large response carried no usable `$payload_ref` URL (https, or http on a loopback host)")
            .with_response(ErrorResponse { status: response.status, headers: response.headers.clone(), body: text }));
    };
    let mut retries = 0;
    let payload = loop {
        let started_ms = transport::now_ms();
        let outcome = transport::send(HttpRequest {
            method: Method::Get,
            url: &url,
            headers: &[],
            authorization: None,
            body: None,
            signal: fetching.signal,
            timeout_ms: fetching.timeout_ms,
            manual_redirect: false,
        })
        .await;
        let attempted = Attempted { operation: op.id, method: Method::Get, url: shown_url(&url), started_ms, attempt: retries, payload: true };
        report(on_response, attempted, &outcome);
        let retry_on = match outcome {
            Ok(p) if (200..300).contains(&p.status) => break p,
            ref other => transport::retry_reason(other),
        };
        let now = transport::now_ms();
        match retry_on.and_then(|a| retry::delay_before_retry(fetching.retry, Method::Get, a, retries, now, transport::random())) {
            Some(ms) => {
                transport::sleep(ms, fetching.signal).await.map_err(|f| payload_error(f.into_error()))?;
                retries += 1;
            }
            None => return Err(payload_error(transport::final_error(outcome))),
        }
    };
    let mut headers = response.headers;
    headers.insert("content-type".into(), payload.header("content-type").unwrap_or("application/json").to_string());
    Ok(HttpResponse { status: response.status, headers, body: payload.body })
}

/// Marks an error as the payload host's, and says so in the message.
fn payload_error(mut e: Error) -> Error {
    e.message = crate::error::text(&["fetching the large response's payload failed: ", &e.message]);
    e.from_payload = true;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_urls_are_https_or_loopback_http() {
        for ok in [
            "https://bucket.s3.eu-central-1.amazonaws.com/key?X-Amz-Signature=abc",
            "HTTPS://example.com",
            "http://127.0.0.1:4011/payload/x?n=1",
            "http://localhost:8080/p",
            "http://[::1]:9/p",
            "http://127.255.0.1/",
        ] {
            assert!(payload_url_allowed(ok), "{ok}");
        }
        for bad in [
            "http://example.com/p",
            "http://127.0.0.1.evil.com/p",
            "http://localhost.evil.com/p",
            "http://127.0.0.1@evil.com/p",
            "https://user:pw@example.com/p",
            "http://evil.com\\@127.0.0.1/",
            "http://128.0.0.1/",
            "http://127.0.0.256/",
            "http://127.0.0/",
            "http://127.0.0.1.1/",
            "http://127.0..1/",
            "http://127.0.0.0001/",
            "http://127.0.0.+1/",
            "http://0127.0.0.1/",
            "ftp://example.com/p",
            "javascript:alert(1)",
            "data:application/json,{}",
            "//example.com/p",
            "/relative",
            "https://",
            "https:///path",
            "https://exa mple.com/",
        ] {
            assert!(!payload_url_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn shown_url_drops_the_signature() {
        assert_eq!(shown_url("https://b.s3/key?X-Amz-Signature=s#f"), "https://b.s3/key");
    }
}
