//! Cognito user-pool API calls (AWS JSON 1.1: `POST /` with
//! `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>`), through the SDK's one
//! fetch primitive, with Cognito's `__type` errors turned into clear [`Error`]s.
//!
//! Request bodies (passwords, tokens) are never kept in an error; the server's
//! error message is attached only after every secret sent was scrubbed from it.

use wasm_bindgen::JsValue;

use super::json::{Json, Obj};
use crate::error::{decimal, text, Error, ErrorCode, ErrorResponse};
use crate::transport::Failure;

/// What the caller was doing, to word the error for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// Password or SRP sign-in and its challenges.
    SignIn,
    /// `REFRESH_TOKEN_AUTH`.
    Refresh,
    /// Forgot password, confirmation, change password.
    Account,
}

/// The Cognito endpoint of a pool: `https://cognito-idp.<region>.amazonaws.com/`,
/// the region being the pool id's prefix (`eu-central-1_AbC` → `eu-central-1`).
pub fn endpoint_for_pool(user_pool_id: &str) -> Result<String, Error> {
    crate::session_base::pool_endpoint(user_pool_id).ok_or_else(|| {
        Error::invalid_input(text(&["`", user_pool_id, "` is not a Cognito user pool id (<region>_<name>); pass `endpoint` for a local emulator"]))
    })
}

/// Sends one action and returns the JSON answer. `secrets` are the values in the
/// request that must never show up in an error (scrubbed from server messages).
pub(crate) async fn call(
    endpoint: &str,
    action: &str,
    body: String,
    purpose: Purpose,
    secrets: &[&str],
    timeout_ms: Option<u32>,
) -> Result<Json, Error> {
    let outcome = crate::session_base::cognito_call(endpoint, action, &JsValue::from_str(&body), timeout_ms).await;
    let response = match outcome {
        Ok(r) => r,
        Err(Failure::Network(m)) => {
            return Err(Error::new(ErrorCode::Network, text(&["could not reach Cognito at ", endpoint, ": ", &scrub(&m, secrets)])))
        }
        Err(Failure::Timeout) => return Err(Error::new(ErrorCode::Timeout, "Cognito did not answer in time")),
        Err(Failure::Aborted) => return Err(Error::new(ErrorCode::Aborted, "the Cognito request was aborted")),
    };
    let text = String::from(&response.body);
    if (200..300).contains(&response.status) {
        // The success body holds tokens: never quote it in an error.
        let body = if text.trim().is_empty() { "{}" } else { &text };
        return Json::parse(body).ok_or_else(|| Error::decode(crate::error::text(&["Cognito's answer to ", action, " is not JSON"])));
    }
    let parsed = Json::parse(&text);
    let field = |k: &str| parsed.as_ref().and_then(|p| p.str(k));
    let kind = error_kind(field("__type"), response.header("x-amzn-errortype"));
    let message = field("message").or_else(|| field("Message")).unwrap_or_default();
    let message = scrub(&message, secrets);
    Err(error_for(purpose, response.status, &kind, &message, &response.headers))
}

/// Cognito's error type: `__type`, else the `x-amzn-errortype` header (`Type:details`), without
/// a namespace (`aws.cognito#Type` -> `Type`).
fn error_kind(field: Option<String>, header: Option<&str>) -> String {
    let kind = field.or_else(|| header.map(|t| t.split_once(':').map_or(t, |(before, _)| before).to_string())).unwrap_or_default();
    // The part after the last `#` (an ASCII byte, so the slice is at a character boundary).
    match kind.bytes().rposition(|b| b == b'#') {
        Some(i) => kind.get(i + 1..).unwrap_or_default().to_string(),
        None => kind,
    }
}

/// A clear error for a Cognito failure; the response attached holds only the
/// error type and the (scrubbed) message.
pub(crate) fn error_for(purpose: Purpose, status: u16, kind: &str, message: &str, headers: &crate::Headers) -> Error {
    let lower = message.to_ascii_lowercase();
    let text = match kind {
        "NotAuthorizedException" if has(&lower, "attempts exceeded") => {
            "too many failed sign-in attempts: wait a few minutes and try again".to_string()
        }
        "NotAuthorizedException" if has(&lower, "disabled") => "this account is disabled".to_string(),
        "NotAuthorizedException" | "UserNotFoundException" | "InvalidPasswordException" if purpose == Purpose::SignIn => {
            "wrong email or password".to_string()
        }
        "NotAuthorizedException" if purpose == Purpose::Refresh => "the session has expired or was revoked: sign in again".to_string(),
        "NotAuthorizedException" => text(&["Cognito refused the request: ", message]),
        "UserNotFoundException" => "there is no account with this email".to_string(),
        "UserNotConfirmedException" => "this account is not confirmed yet: confirm it first (see the confirmation email)".to_string(),
        "PasswordResetRequiredException" => "a password reset is required for this account: use forgotPassword".to_string(),
        "CodeMismatchException" | "EnableSoftwareTokenMFAException" => "the code is wrong".to_string(),
        "ExpiredCodeException" => "the code has expired: request a new one".to_string(),
        "InvalidPasswordException" => text(&["the new password does not meet the password policy: ", message]),
        "UsernameExistsException" | "AliasExistsException" => "an account with this email already exists".to_string(),
        "LimitExceededException" | "TooManyRequestsException" | "TooManyFailedAttemptsException" => {
            "too many attempts: wait a while and try again".to_string()
        }
        "ResourceNotFoundException" => {
            text(&["the user pool or app client was not found (check userPoolId, clientId and the Cognito endpoint): ", message])
        }
        "InvalidParameterException" => text(&["Cognito rejected the request: ", message]),
        "CognitoLocal" | "Unsupported" => text(&["the local Cognito emulator does not support this: ", message]),
        "" => text(&["Cognito answered ", &decimal(status.into()), " with no error type"]),
        other => text(&["Cognito answered ", other, ": ", message]),
    };
    let body = Obj::new().str("__type", kind).str("message", message).finish();
    let mut kept = crate::Headers::new();
    for (k, v) in headers.iter() {
        if k.starts_with("x-amzn") || k == "content-type" {
            kept.insert(k.to_string(), v.to_string());
        }
    }
    let headers = kept;
    Error::new(ErrorCode::Http, text).with_response(ErrorResponse { status, headers, body })
}

/// The Cognito error type of an error made by [`error_for`].
pub(crate) fn error_type(error: &Error) -> Option<String> {
    Json::parse(&error.response.as_ref()?.body)?.str("__type")
}

/// `text` with every non-empty secret replaced.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = redacted(&out, s);
    }
    out
}

// A plain search for the short texts here (Cognito's messages): the standard library's
// substring search (`str::contains`, `str::replace`) is 1 KB of the sign-in `.wasm`.

/// Whether `needle` occurs in `text`.
pub(crate) fn has(text: &str, needle: &str) -> bool {
    needle.is_empty() || text.as_bytes().windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// `text` with every `secret` replaced by `<redacted>`, left to right, as
/// `text.replace(secret, "<redacted>")` does (`secret` not empty).
fn redacted(text: &str, secret: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(secret) {
            out.push_str("<redacted>");
            rest = after;
        } else {
            let mut chars = rest.chars();
            out.extend(chars.next());
            rest = chars.as_str();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_search_is_what_the_standard_library_finds() {
        let texts = ["", "a", "aaaa", "x hunter22 y hunter22hunter22", "ééhunterée", "hunte", "abcabcab", "Password attempts exceeded"];
        let needles = ["hunter22", "aa", "aaa", "abcab", "é", "hunterée", "attempts exceeded", "ab", "a"];
        for t in texts {
            for n in needles {
                assert_eq!(has(t, n), t.contains(n), "{t} {n}");
                assert_eq!(redacted(t, n), t.replace(n, "<redacted>"), "{t} {n}");
            }
        }
        assert!(has("x", ""));
    }

    #[test]
    fn error_type_from_the_body_or_the_header() {
        let old = |field: Option<String>, header: Option<&str>| {
            let kind = field.or_else(|| header.map(|t| t.split(':').next().unwrap_or(t).to_string())).unwrap_or_default();
            kind.rsplit('#').next().unwrap_or(&kind).to_string()
        };
        for field in [None, Some(""), Some("NotAuthorizedException"), Some("aws.cognito#UserNotFoundException"), Some("a#b#"), Some("é#ü")] {
            for header in [None, Some(""), Some("CodeMismatchException:http://x"), Some("ns#ExpiredCodeException:u#v"), Some("#")] {
                assert_eq!(error_kind(field.map(String::from), header), old(field.map(String::from), header), "{field:?} {header:?}");
            }
        }
    }

    #[test]
    fn region_comes_from_the_pool_id() {
        assert_eq!(endpoint_for_pool("eu-central-1_CUEQRNbUb").unwrap(), "https://cognito-idp.eu-central-1.amazonaws.com/");
        assert!(endpoint_for_pool("nounderscore").is_err());
        assert!(endpoint_for_pool("evil.com/x_1").is_err());
    }

    #[test]
    fn wrong_password_reads_well_and_hides_what_was_sent() {
        let e = error_for(Purpose::SignIn, 400, "NotAuthorizedException", &scrub("Incorrect hunter22 x", &["hunter22"]), &crate::Headers::new());
        assert_eq!(e.message, "wrong email or password");
        assert_eq!(e.status(), Some(400));
        assert_eq!(error_type(&e).as_deref(), Some("NotAuthorizedException"));
        assert!(!format!("{e:?} {e}").contains("hunter22"));
        let r = error_for(Purpose::Refresh, 400, "NotAuthorizedException", "Refresh Token has expired", &crate::Headers::new());
        assert!(r.message.contains("sign in again"));
        let t = error_for(Purpose::SignIn, 400, "NotAuthorizedException", "Password attempts exceeded", &crate::Headers::new());
        assert!(t.message.contains("too many"));
    }
}
