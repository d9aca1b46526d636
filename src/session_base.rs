//! What both halves of sign-in share: the sign-in module, which signs in and writes the session
//! to storage, and the core's restore path (`js::session`), which reads it back on a new page
//! load and refreshes it without that module. The session's default storage key, the Cognito
//! endpoint its pool implies, a request to Cognito, and a JWT's payload (the session's claims).

use wasm_bindgen::JsValue;

use crate::operation::Method;
use crate::transport::{self, Failure, HttpRequest, HttpResponse};

/// The key a pool's session is kept under unless `storageKey` names another.
pub fn default_key(user_pool_id: &str, client_id: &str) -> String {
    crate::error::text(&["epilot-portal-sdk.session.", user_pool_id, ".", client_id])
}

/// `https://cognito-idp.<region>.amazonaws.com/`, the region being the pool id's prefix
/// (`<region>_<name>`); `None` when that is not a region (which could change the host).
pub fn pool_endpoint(user_pool_id: &str) -> Option<String> {
    let (region, _) = crate::text::split_once(user_pool_id, b"_")?;
    let valid = !region.is_empty() && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then(|| crate::error::text(&["https://cognito-idp.", region, ".amazonaws.com/"]))
}

/// One action of Cognito's user pool API (`AWSCognitoIdentityProviderService.<action>`, a JSON
/// `body`): no credentials, hooks or retries.
pub async fn cognito_call(endpoint: &str, action: &str, body: &JsValue, timeout_ms: Option<u32>) -> Result<HttpResponse, Failure> {
    let headers = [
        ("content-type".to_string(), "application/x-amz-json-1.1".to_string()),
        ("x-amz-target".to_string(), crate::error::text(&["AWSCognitoIdentityProviderService.", action])),
    ];
    transport::send(HttpRequest {
        method: Method::Post,
        url: endpoint,
        headers: &headers,
        authorization: None,
        body: Some(body),
        signal: None,
        timeout_ms,
        manual_redirect: false,
    })
    .await
}

/// A JWT's payload as JSON text (no signature check: the token came from Cognito over TLS,
/// and only the API decides whether it is valid).
pub fn jwt_payload(token: &str) -> Option<String> {
    // The second `.`-separated part; `=` padding dropped.
    let (_, rest) = crate::text::split_once(token, b".")?;
    let payload = crate::text::trim_end(crate::text::before(rest, b"."), b'=');
    String::from_utf8(crate::b64::decode_url(payload)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_is_the_pools_region_or_nothing() {
        assert_eq!(pool_endpoint("eu-central-1_CUEQRNbUb").as_deref(), Some("https://cognito-idp.eu-central-1.amazonaws.com/"));
        for id in ["nounderscore", "_x", "evil.com/x_1", "EU_1", "a b_1"] {
            assert_eq!(pool_endpoint(id), None, "{id}");
        }
    }

    #[test]
    fn the_default_key_names_pool_and_client() {
        assert_eq!(default_key("eu-central-1_a", "c1"), "epilot-portal-sdk.session.eu-central-1_a.c1");
    }
}
