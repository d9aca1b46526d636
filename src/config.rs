//! Client settings and per-call options, with the defaults a portal wants.

use crate::retry::RetryConfig;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://customer-portal-api.sls.epilot.io";

/// The `Accept` value that opts in to the API's large-response redirect. The gateway
/// compares the whole header with this type, so it must be sent alone.
pub const LARGE_RESPONSE_ACCEPT: &str = "application/large-response.vnd+json";

/// The longest wait a browser timer can express (2^31 - 1 ms, about 24.8 days): `setTimeout`
/// with more fires at once. Longer timeouts are refused; retry waits are capped at it.
pub const MAX_TIMER_MS: u32 = 2_147_483_647;

/// Settings shared by every call of a [`crate::Client`].
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub base_url: String,
    /// Sent with every request (e.g. `x-epilot-org-id`).
    pub headers: Vec<(String, String)>,
    /// Per-attempt timeout in ms; `None` or `Some(0)` waits as long as the browser does (axios'
    /// `timeout: 0`). At most [`MAX_TIMER_MS`].
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
    /// Overrides the client's per-attempt timeout; `Some(0)`: no timeout for this call.
    pub timeout_ms: Option<u32>,
    /// Extra headers for this call (win over the client's).
    pub headers: Vec<(String, String)>,
}

/// The per-attempt timeout of a call: the call's, else the client's; `None` for no timeout.
/// One above [`MAX_TIMER_MS`] is `INVALID_INPUT` (a browser timer would fire at once).
pub fn effective_timeout(config: &Config, options: &CallOptions) -> Result<Option<u32>, crate::Error> {
    match options.timeout_ms.or(config.timeout_ms) {
        Some(ms) if ms > MAX_TIMER_MS => Err(crate::Error::invalid_input(crate::error::text(&[
            "timeout must be at most ",
            &crate::error::decimal(MAX_TIMER_MS.into()),
            " ms (0 for none)",
        ]))),
        Some(0) | None => Ok(None),
        ms => Ok(ms),
    }
}

/// Sets `name` in `headers`, replacing an existing value case-insensitively.
pub fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_string(), value.to_string()));
}

/// Header names must be RFC 9110 tokens; values must not contain CR, LF or NUL, nor a code
/// point above U+00FF (the browser's `Headers` refuses those: a `TypeError` that would look
/// like a network failure). Checked here so a bad header is an `INVALID_INPUT` error before
/// any request.
pub fn check_header(name: &str, value: &str) -> Result<(), crate::Error> {
    // (bytes, not `str::contains`: a substring searcher in the .wasm for one character class)
    let token = |c: char| c.is_ascii_alphanumeric() || (c.is_ascii() && b"!#$%&'*+-.^_`|~".contains(&(c as u8)));
    if name.is_empty() || !name.chars().all(token) {
        // Control characters shown as `?` (not `escape_debug`: its Unicode tables cost ~3 KB of wasm).
        let mut shown = String::with_capacity(name.len());
        for (at, c) in name.char_indices() {
            shown.push_str(if c.is_control() { "?" } else { name.get(at..at + c.len_utf8()).unwrap_or("") });
        }
        return Err(crate::Error::invalid_input(crate::error::text(&["`", &shown, "` is not a valid header name"])));
    }
    if value.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err(crate::Error::invalid_input(crate::error::text(&["the value of header `", name, "` contains a line break or NUL"])));
    }
    if !is_latin1(value) {
        return Err(crate::Error::invalid_input(crate::error::text(&[
            "the value of header `",
            name,
            "` contains a character above U+00FF, which HTTP headers cannot carry (encode it first)",
        ])));
    }
    Ok(())
}

/// Whether every character is in U+0000..=U+00FF (what a browser sends as a header byte).
pub fn is_latin1(value: &str) -> bool {
    value.chars().all(|c| c <= '\u{ff}')
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
        assert!(check_header("x-name", "Müller").is_ok(), "Latin-1 is sendable");
        for value in ["Ġ", "名前", "🙂"] {
            let err = check_header("x-name", value).unwrap_err();
            assert_eq!(err.code, crate::ErrorCode::InvalidInput);
            assert!(err.message.contains("above U+00FF"), "{}", err.message);
        }
    }

    #[test]
    fn timeout_zero_is_none_and_the_call_wins() {
        let config = Config { timeout_ms: Some(5000), ..Config::default() };
        let call = |t| CallOptions { timeout_ms: t, ..CallOptions::default() };
        assert_eq!(effective_timeout(&config, &call(None)).unwrap(), Some(5000));
        assert_eq!(effective_timeout(&config, &call(Some(0))).unwrap(), None);
        assert_eq!(effective_timeout(&config, &call(Some(300))).unwrap(), Some(300));
        assert_eq!(effective_timeout(&Config { timeout_ms: Some(0), ..Config::default() }, &call(None)).unwrap(), None);
        assert_eq!(effective_timeout(&config, &call(Some(MAX_TIMER_MS))).unwrap(), Some(MAX_TIMER_MS));
        let err = effective_timeout(&config, &call(Some(MAX_TIMER_MS + 1))).unwrap_err();
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
