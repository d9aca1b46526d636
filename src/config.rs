//! Client settings and per-call options, with the defaults a portal wants.

use crate::retry::RetryConfig;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://customer-portal-api.sls.epilot.io";

/// The `Accept` value that opts in to the API's large-response redirect. The gateway
/// compares the whole header with this type, so it must be sent alone.
pub const LARGE_RESPONSE_ACCEPT: &str = "application/large-response.vnd+json";

/// Settings shared by every call of a [`crate::Client`].
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub base_url: String,
    /// Sent with every request (e.g. `x-epilot-org-id`).
    pub headers: Vec<(String, String)>,
    /// Per-attempt timeout; `None` waits as long as the browser does.
    pub timeout_ms: Option<u32>,
    pub retry: RetryConfig,
    /// Opt in to large-response redirects and follow them transparently.
    pub large_response: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: DEFAULT_BASE_URL.to_string(),
            headers: Vec::new(),
            timeout_ms: None,
            retry: RetryConfig::default(),
            large_response: true,
        }
    }
}

/// Options of one call.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// Cancels the request and any pending retry wait.
    pub signal: Option<web_sys::AbortSignal>,
    /// Overrides the client's per-attempt timeout.
    pub timeout_ms: Option<u32>,
    /// Extra headers for this call (win over the client's).
    pub headers: Vec<(String, String)>,
}

/// Sets `name` in `headers`, replacing an existing value case-insensitively.
pub fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_string(), value.to_string()));
}

/// Header names must be RFC 9110 tokens and values must not contain CR, LF or NUL;
/// checked here so a bad header is an `INVALID_INPUT` error, not a thrown exception.
pub fn check_header(name: &str, value: &str) -> Result<(), crate::Error> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        // Control characters shown as `?` (not `escape_debug`: its Unicode tables cost ~3 KB of wasm).
        let shown: String = name.chars().map(|c| if c.is_control() { '?' } else { c }).collect();
        return Err(crate::Error::invalid_input(format!("`{shown}` is not a valid header name")));
    }
    if value.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err(crate::Error::invalid_input(format!("the value of header `{name}` contains a line break or NUL")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_header_replaces_case_insensitively() {
        let mut h = vec![("X-Trace".to_string(), "a".to_string()), ("accept".to_string(), "b".to_string())];
        set_header(&mut h, "x-trace", "c");
        assert_eq!(h, vec![("accept".to_string(), "b".to_string()), ("x-trace".to_string(), "c".to_string())]);
    }

    #[test]
    fn header_checks() {
        assert!(check_header("x-epilot-org-id", "123").is_ok());
        assert!(check_header("bad header", "x").is_err());
        assert!(check_header("", "x").is_err());
        let err = check_header("x-a", "1\r\nInjected: yes").unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::InvalidInput);
    }

    #[test]
    fn defaults() {
        let c = Config::default();
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert!(c.large_response);
        assert_eq!(c.retry.max_retries, 3);
    }
}
