//! The caller's hooks around each attempt: what `onRequest` sees and may change, what
//! `onResponse` sees, and the 401 hook's type.
//!
//! `onRequest` may change the headers only (add, change, remove); the URL, method and
//! operation are for reading. A header it sets replaces an existing one of the same name in
//! any case. The Authorization header is added after the hook, so a logging hook never sees
//! the token, and a hook cannot set one.

use std::rc::Rc;

use crate::auth::LocalFuture;
use crate::config::{check_header, set_header};
use crate::error::{Error, ErrorCode};
use crate::operation::Method;
use crate::transport::{Failure, HttpResponse};

/// What `onRequest` sees; its `headers` are what it may change.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub operation: &'static str,
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// 0 for the first attempt.
    pub attempt: u32,
}

/// What `onResponse` sees after each attempt.
#[derive(Clone, Debug)]
pub struct ResponseInfo {
    pub operation: &'static str,
    pub method: Method,
    /// For a payload fetch, the payload URL without its query (the presigned signature).
    pub url: String,
    /// `None` when the attempt got no answer.
    pub status: Option<u16>,
    pub error: Option<ErrorCode>,
    pub duration_ms: f64,
    pub attempt: u32,
    /// The attempt fetched a large response's payload (from its presigned URL), not the API.
    pub payload: bool,
}

pub type RequestHook = Rc<dyn Fn(RequestInfo) -> LocalFuture<Result<RequestInfo, Error>>>;
pub type ResponseHook = Rc<dyn Fn(&ResponseInfo)>;
pub type UnauthorizedHook = Rc<dyn Fn() -> LocalFuture<Result<(), Error>>>;

/// The headers to send after `onRequest` returned `after` (its whole set) for `before`.
/// Entries it left as they were keep their place; a new or changed entry replaces any header
/// of the same name in any case (so `X-Correlation-Id` wins over an existing
/// `x-correlation-id`); entries it deleted are not sent.
pub(crate) fn apply_hook_headers(before: &[(String, String)], after: &[(String, String)]) -> Result<Vec<(String, String)>, Error> {
    let mut headers = Vec::with_capacity(after.len());
    for header in after {
        if before.contains(header) {
            headers.push(header.clone());
        }
    }
    for (name, value) in after.iter().filter(|h| !before.contains(h)) {
        check_header(name, value)?;
        if name.eq_ignore_ascii_case("authorization") {
            return Err(Error::invalid_input("onRequest cannot set Authorization: set the token with authorize()"));
        }
        set_header(&mut headers, name, value);
    }
    Ok(headers)
}

/// One attempt, as `onResponse` reports it.
pub(crate) struct Attempted<'a> {
    pub operation: &'static str,
    pub method: Method,
    pub url: &'a str,
    pub started_ms: f64,
    pub attempt: u32,
    pub payload: bool,
}

/// Calls `onResponse` (if set) for an attempt that ended with `outcome`.
pub(crate) fn report(hook: Option<&ResponseHook>, attempted: Attempted<'_>, outcome: &Result<HttpResponse, Failure>) {
    if let Some(hook) = hook {
        hook(&ResponseInfo {
            operation: attempted.operation,
            method: attempted.method,
            url: attempted.url.to_string(),
            status: outcome.as_ref().ok().map(|r| r.status),
            error: outcome.as_ref().err().map(Failure::code),
            duration_ms: crate::transport::now_ms() - attempted.started_ms,
            attempt: attempted.attempt,
            payload: attempted.payload,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn hook_headers_replace_case_insensitively() {
        let before = h(&[("accept", "application/json"), ("x-correlation-id", "old")]);
        // What a JS object gives back: the untouched entry and the hook's new one, in key order.
        let after = h(&[("X-Correlation-Id", "new"), ("accept", "application/json"), ("x-correlation-id", "old")]);
        assert_eq!(apply_hook_headers(&before, &after).unwrap(), h(&[("accept", "application/json"), ("X-Correlation-Id", "new")]));
    }

    #[test]
    fn hook_may_change_and_remove_but_not_authorize() {
        let before = h(&[("accept", "a"), ("x-a", "1"), ("x-b", "2")]);
        let after = h(&[("accept", "a"), ("x-a", "9")]);
        assert_eq!(apply_hook_headers(&before, &after).unwrap(), h(&[("accept", "a"), ("x-a", "9")]));
        let err = apply_hook_headers(&before, &h(&[("Authorization", "Bearer x")])).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(!err.message.contains("Bearer x"));
        assert!(apply_hook_headers(&before, &h(&[("x-name", "名")])).is_err());
    }
}
