//! The one error type of the SDK.
//!
//! Every failure (HTTP status, network, timeout, cancellation, undecodable body,
//! bad caller input) is an [`Error`]; on the JS side it becomes a `PortalApiError`.
//! Nothing here ever holds a request header, so a token cannot leak through an
//! error's message, `Display` or `Debug`.

use std::collections::BTreeMap;
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
    pub headers: BTreeMap<String, String>,
    /// The body as sent by the server (UTF-8 text; invalid bytes replaced).
    pub body: String,
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
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, message: message.into(), operation: None, response: None }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn decode(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Decode, message)
    }

    /// An HTTP error built from the server's answer.
    pub fn http(response: ErrorResponse) -> Self {
        let message = format!("the server answered {} {}", response.status, status_reason(response.status));
        Error { code: ErrorCode::Http, message, operation: None, response: Some(response) }
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.operation {
            Some(op) => write!(f, "{} [{}]: {}", op, self.code.as_str(), self.message),
            None => write!(f, "[{}]: {}", self.code.as_str(), self.message),
        }
    }
}

impl std::error::Error for Error {}

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
    }

    #[test]
    fn http_error_carries_status_and_reason() {
        let e = Error::http(ErrorResponse { status: 404, headers: BTreeMap::new(), body: "{\"message\":\"nope\"}".into() });
        assert_eq!(e.code, ErrorCode::Http);
        assert_eq!(e.status(), Some(404));
        assert_eq!(e.message, "the server answered 404 Not Found");
        assert_eq!(e.response.and_then(|r| r.json()), Some(serde_json::json!({"message": "nope"})));
    }

    #[test]
    fn first_operation_wins() {
        let e = Error::decode("x").with_operation("a").with_operation("b");
        assert_eq!(e.operation, Some("a"));
    }
}
