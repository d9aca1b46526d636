#![cfg(all(target_arch = "wasm32", feature = "sign-in"))]
//! Every other way to sign in, in the browser through the public JS methods, against the local
//! Cognito emulator (`scripts/cognito-local.mjs` with `scripts/cognito/*.mjs`): USER_AUTH with
//! one-time codes, SELECT_CHALLENGE and SRP; CUSTOM_AUTH with SRP and client metadata; SSO
//! through ssoCallback; MFA_SETUP enrolment and TOTP; MFA preferences; remembered devices;
//! global sign-out; attributes; password change. Each flow's failures too (wrong and expired
//! codes, wrong TOTP, a refresh token after a global sign-out, three wrong custom answers, a
//! forgotten device), and no code, secret or token in any error. Every test makes its own user.

mod common;
#[path = "common/emulator.rs"]
mod emulator;

use base64::Engine;
use common::*;
use emulator::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const PASSWORD: &str = "Flows-Passw0rd!";

#[wasm_bindgen(inline_js = r#"
export function totp(secretBase32, keyHex, seconds, digits) {
  let key;
  if (keyHex) {
    key = new Uint8Array(keyHex.match(/../g).map((h) => parseInt(h, 16)));
  } else {
    const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const out = [];
    let bits = 0, val = 0;
    for (const c of secretBase32.toUpperCase().replace(/=+$/, '')) {
      val = ((val << 5) | A.indexOf(c)) & 0x1fff;
      bits += 5;
      if (bits >= 8) { out.push((val >>> (bits - 8)) & 255); bits -= 8; }
    }
    key = new Uint8Array(out);
  }
  const msg = new Uint8Array(8);
  let counter = Math.floor(seconds / 30);
  for (let i = 7; i >= 0; i--) { msg[i] = counter % 256; counter = Math.floor(counter / 256); }
  return crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])
    .then((k) => crypto.subtle.sign('HMAC', k, msg))
    .then((sig) => {
      const m = new Uint8Array(sig);
      const o = m[m.length - 1] & 15;
      const bin = ((m[o] & 127) << 24) | (m[o + 1] << 16) | (m[o + 2] << 8) | m[o + 3];
      return String(bin % 10 ** digits).padStart(digits, '0');
    });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = totp)]
    fn totp_js(secret_base32: &str, key_hex: &str, seconds: f64, digits: u32) -> js_sys::Promise;
}

/// RFC 6238 TOTP (HMAC-SHA1, 30 s) of a Base32 secret, computed with WebCrypto.
async fn totp(secret: &str, seconds: f64) -> String {
    JsFuture::from(totp_js(secret, "", seconds, 6)).await.unwrap().as_string().unwrap()
}

async fn totp_now(secret: &str) -> String {
    totp(secret, js_sys::Date::now() / 1000.0).await
}

/// A code that is not the right one now.
async fn wrong_totp(secret: &str) -> String {
    let right = totp_now(secret).await;
    if right == "000000" { "111111".into() } else { "000000".into() }
}

fn kind(v: &JsValue) -> String {
    json(v)["kind"].as_str().unwrap_or_default().to_string()
}

fn name(v: &JsValue) -> String {
    json(v)["name"].as_str().unwrap_or_default().to_string()
}

fn message(e: &JsValue) -> String {
    get(e, "message").as_string().unwrap_or_default()
}

async fn sign_in(client: &JsValue, input: Value) -> JsValue {
    ok(client, "signIn", &[js(&input)]).await
}

async fn complete(client: &JsValue, answer: Value) -> JsValue {
    ok(client, "completeSignIn", &[js(&answer)]).await
}

/// A user with TOTP enabled and preferred; returns the client (signed in) and the secret.
async fn user_with_totp(email: &str) -> (JsValue, String) {
    new_user(email, PASSWORD).await;
    let client = auth_client(json!({})).await;
    assert_eq!(kind(&sign_in(&client, json!({ "email": email, "password": PASSWORD })).await), "signedIn");
    let setup = json(&ok(&client, "setUpTotp", &[]).await);
    let secret = setup["secret"].as_str().unwrap().to_string();
    ok(&client, "verifyTotp", &[js(&json!({ "code": totp_now(&secret).await }))]).await;
    ok(&client, "setMfaPreference", &[js(&json!({ "totp": true, "preferred": "TOTP" }))]).await;
    (client, secret)
}

#[wasm_bindgen_test]
async fn the_tests_totp_matches_rfc_6238() {
    // RFC 6238 Appendix B, SHA-1 seed, 8 digits.
    let key = "3132333435363738393031323334353637383930";
    for (t, want) in [(59.0, "94287082"), (1111111109.0, "07081804"), (1111111111.0, "14050471"), (1234567890.0, "89005924"), (2000000000.0, "69279037"), (20000000000.0, "65353130")] {
        let got = JsFuture::from(totp_js("", key, t, 8)).await.unwrap().as_string().unwrap();
        assert_eq!(got, want, "T = {t}");
    }
    // The same key in Base32 gives the same 6-digit code.
    assert_eq!(totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59.0).await, "287082");
}

#[wasm_bindgen_test]
fn device_verifier_matches_amazon_cognito_identity_js() {
    let file: Value = serde_json::from_str(include_str!("cognito/device-vectors.json")).unwrap();
    for v in file["vectors"].as_array().unwrap() {
        let s = |k: &str| v[k].as_str().unwrap().to_string();
        let salt = (0..s("salt").len()).step_by(2).map(|i| u8::from_str_radix(&s("salt")[i..i + 2], 16).unwrap()).collect::<Vec<_>>();
        let (salt_b64, verifier) = epilot_portal_sdk::cognito::device_verifier(&s("deviceGroupKey"), &s("deviceKey"), &s("randomPassword"), &salt);
        assert_eq!(verifier, v["expected"]["passwordVerifier"].as_str().unwrap(), "{}", s("name"));
        assert_eq!(salt_b64, v["expected"]["salt"].as_str().unwrap(), "{}", s("name"));
        // The device proof: SRP with the group key as realm and the device key as user.
        let c = epilot_portal_sdk::cognito::srp::check_vector(
            &s("smallA"), &s("srpB"), &s("salt"), &s("deviceGroupKey"), &s("deviceKey"), &s("randomPassword"), &s("secretBlock"), v["unixMs"].as_f64().unwrap(),
        )
        .unwrap();
        assert_eq!((c.srp_a.as_str(), c.hkdf.as_str(), c.signature.as_str()), (
            v["expected"]["srpA"].as_str().unwrap(), v["expected"]["hkdf"].as_str().unwrap(), v["expected"]["signature"].as_str().unwrap(),
        ), "{}", s("name"));
    }
}

#[wasm_bindgen_test]
async fn email_one_time_code_signs_in_and_wrong_or_expired_codes_are_clear_errors() {
    let email = unique_email("otp");
    new_user(&email, PASSWORD).await;
    let client = auth_client(json!({})).await;
    let challenge = sign_in(&client, json!({ "authFlow": "USER_AUTH", "email": email, "preferredChallenge": "EMAIL_OTP" })).await;
    let c = json(&challenge);
    assert_eq!((c["name"].as_str(), c["codeDeliveryMedium"].as_str()), (Some("EMAIL_OTP"), Some("EMAIL")), "{c}");
    assert!(c["codeDeliveryDestination"].as_str().unwrap().contains("***"), "the destination is masked: {c}");
    let code = code_for(&email, "EMAIL_OTP").await;
    let wrong = if code == "00000000" { "11111111" } else { "00000000" };
    let err = fails(&client, "completeSignIn", &[js(&json!({ "code": wrong }))]).await;
    assert_eq!(message(&err), "the code is wrong");
    assert!(!error_text(&err).contains(wrong) && !error_text(&err).contains(&code), "no code in the error: {}", error_text(&err));
    // The challenge is still pending: the right code signs in.
    let done = complete(&client, json!({ "code": code })).await;
    assert_eq!(kind(&done), "signedIn");
    assert_eq!(json(&ok(&client, "getSession", &[]).await)["email"], email.as_str());

    // An expired code.
    let again = auth_client(json!({})).await;
    sign_in(&again, json!({ "authFlow": "USER_AUTH", "email": email, "preferredChallenge": "EMAIL_OTP" })).await;
    let code = code_for(&email, "EMAIL_OTP").await;
    emu("POST", "/__admin/expire-codes", Some(json!({ "username": email }))).await;
    let err = fails(&again, "completeSignIn", &[js(&json!({ "code": code }))]).await;
    assert_eq!(message(&err), "the code has expired: request a new one");
    assert_eq!(get(&err, "operation").as_string().as_deref(), Some("completeSignIn"));
    assert!(!error_text(&err).contains(&code));
    assert!(json(&ok(&again, "getSession", &[]).await).is_null());
}

#[wasm_bindgen_test]
async fn select_challenge_offers_the_factors_and_each_answer_works() {
    let email = unique_email("select");
    new_user(&email, PASSWORD).await;
    emu("POST", "/__admin/attributes", Some(json!({ "username": email, "attributes": { "phone_number": "+4915112345678" } }))).await;
    let client = auth_client(json!({})).await;
    let select = json(&sign_in(&client, json!({ "authFlow": "USER_AUTH", "email": email })).await);
    assert_eq!(select["name"], "SELECT_CHALLENGE");
    let offered: Vec<&str> = select["availableChallenges"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    for factor in ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"] {
        assert!(offered.contains(&factor), "{factor} in {offered:?}");
    }
    let sms = json(&complete(&client, json!({ "answer": "SMS_OTP" })).await);
    assert_eq!((sms["name"].as_str(), sms["codeDeliveryMedium"].as_str()), (Some("SMS_OTP"), Some("SMS")));
    assert!(sms["codeDeliveryDestination"].as_str().unwrap().ends_with("5678"));
    let done = complete(&client, json!({ "code": code_for(&email, "SMS_OTP").await })).await;
    assert_eq!(kind(&done), "signedIn");

    // PASSWORD_SRP chosen at SELECT_CHALLENGE, with the password given to signIn.
    let srp = auth_client(json!({})).await;
    let before = stats().await["srp"]["verified"].as_u64().unwrap_or(0);
    assert_eq!(name(&sign_in(&srp, json!({ "authFlow": "USER_AUTH", "email": email, "password": PASSWORD })).await), "SELECT_CHALLENGE");
    assert_eq!(kind(&complete(&srp, json!({ "answer": "PASSWORD_SRP" })).await), "signedIn");
    assert_eq!(stats().await["srp"]["verified"].as_u64().unwrap_or(0), before + 1, "the SRP proof was verified");

    // PASSWORD preferred: a wrong password is the usual clear error, without the password.
    let plain = auth_client(json!({})).await;
    let err = fails(&plain, "signIn", &[js(&json!({ "authFlow": "USER_AUTH", "email": email, "password": "Wrong-Passw0rd-9", "preferredChallenge": "PASSWORD" }))]).await;
    assert_eq!(message(&err), "wrong email or password");
    assert!(!error_text(&err).contains("Wrong-Passw0rd-9"));
    assert_eq!(kind(&sign_in(&plain, json!({ "authFlow": "USER_AUTH", "email": email, "password": PASSWORD, "preferredChallenge": "PASSWORD_SRP" })).await), "signedIn");
    // Bad input is refused before anything is sent.
    let err = fails(&plain, "signIn", &[js(&json!({ "authFlow": "USER_AUTH", "email": email, "preferredChallenge": "PASSWORD" }))]).await;
    assert_error(&err, "INVALID_INPUT");
    let err = fails(&plain, "signIn", &[js(&json!({ "authFlow": "USER_AUTH", "email": email, "preferredChallenge": "WEB_AUTHN" }))]).await;
    assert_error(&err, "INVALID_INPUT");
    let err = fails(&plain, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "preferredChallenge": "PASSWORD" }))]).await;
    assert!(message(&err).contains("USER_AUTH"), "{}", message(&err));
}

#[wasm_bindgen_test]
async fn custom_auth_with_srp_first_and_client_metadata() {
    let email = unique_email("custom");
    new_user(&email, PASSWORD).await;
    let client = auth_client(json!({})).await;
    let before = stats().await["srp"]["verified"].as_u64().unwrap_or(0);
    let input = json!({ "username": email, "srp": { "password": PASSWORD }, "clientMetadata": { "challenge": "EMAIL_CODE" } });
    let c = json(&ok(&client, "signInCustom", &[js(&input)]).await);
    assert_eq!(c["name"], "CUSTOM_CHALLENGE");
    assert_eq!(c["parameters"]["challenge"], "EMAIL_CODE", "the public challenge parameters: {c}");
    assert_eq!(stats().await["srp"]["verified"].as_u64().unwrap_or(0), before + 1, "the SRP step came first");
    let code = code_for(&email, "CUSTOM_CHALLENGE").await;
    let done = complete(&client, json!({ "answer": code, "clientMetadata": { "challenge": "EMAIL_CODE", "step": "answer" } })).await;
    assert_eq!(kind(&done), "signedIn");
    let seen = stats().await["flows"]["clientMetadata"].as_array().cloned().unwrap_or_default();
    assert_eq!(seen.last().map(|m| m["metadata"]["step"].clone()), Some(json!("answer")), "the answer carried its metadata");
    // A wrong SRP password fails at the SRP step.
    let err = fails(&auth_client(json!({})).await, "signInCustom", &[js(&json!({ "username": email, "srp": { "password": "Not-It-123!" } }))]).await;
    assert_eq!(message(&err), "wrong email or password");
}

#[wasm_bindgen_test]
async fn three_wrong_custom_answers_fail_the_sign_in() {
    let email = unique_email("custom-wrong");
    new_user(&email, PASSWORD).await;
    let client = auth_client(json!({})).await;
    ok(&client, "signInCustom", &[js(&json!({ "username": email, "clientMetadata": { "challenge": "EMAIL_CODE" } }))]).await;
    for attempt in 1..=2 {
        let again = complete(&client, json!({ "answer": "wrong-answer" })).await;
        assert_eq!(name(&again), "CUSTOM_CHALLENGE", "attempt {attempt}: Cognito asks again");
    }
    let err = fails(&client, "completeSignIn", &[js(&json!({ "answer": "wrong-answer" }))]).await;
    assert_eq!(message(&err), "the answer was not accepted and the sign-in has ended: start it again");
    assert!(!error_text(&err).contains("wrong-answer"));
    let err = fails(&client, "completeSignIn", &[js(&json!({ "answer": "x" }))]).await;
    assert!(message(&err).contains("no sign-in challenge"), "{}", message(&err));
    assert!(json(&ok(&client, "getSession", &[]).await).is_null());
}

fn pkce(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

async fn sso_code(email: &str, verifier: &str) -> String {
    let r = emu("POST", "/__admin/sso-code", Some(json!({
        "email": email, "client_id": "idp-client", "redirect_uri": "http://localhost/sso", "code_challenge": pkce(verifier), "code_challenge_method": "S256",
    })))
    .await;
    r["code"].as_str().unwrap().to_string()
}

fn sso_input(code: &str, verifier: &str) -> Value {
    json!({
        "code": code, "codeVerifier": verifier, "redirectUri": "http://localhost/sso", "clientId": "idp-client",
        "tokenEndpoint": "http://127.0.0.1/__idp/token", "providerSlug": "office-365-login", "state": "st-1", "expectedState": "st-1",
    })
}

#[wasm_bindgen_test]
async fn sso_ends_in_a_session_and_its_failures_are_clear() {
    // A user the pool does not know yet: the portal provisions SSO users.
    let email = unique_email("sso");
    let verifier = "verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
    let client = auth_client(json!({})).await;
    let code = sso_code(&email, verifier).await;
    let done = ok(&client, "signInWithSso", &[js(&sso_input(&code, verifier))]).await;
    assert_eq!(kind(&done), "signedIn", "{}", js_sys::JSON::stringify(&done).map(String::from).unwrap_or_default());
    assert_eq!(json(&ok(&client, "getSession", &[]).await)["email"], email.as_str());
    let seen = stats().await["flows"]["clientMetadata"].as_array().cloned().unwrap_or_default();
    assert_eq!(seen.last().map(|m| m["metadata"]["provider_slug"].clone()), Some(json!("office-365-login")));

    // The same code twice: ssoCallback refuses it; neither code nor verifier shows.
    let other = auth_client(json!({})).await;
    let err = fails(&other, "signInWithSso", &[js(&sso_input(&code, verifier))]).await;
    assert_eq!(get(&err, "operation").as_string().as_deref(), Some("ssoCallback"), "{}", describe(&err));
    assert!(!error_text(&err).contains(&code) && !error_text(&err).contains(verifier), "{}", error_text(&err));
    // A wrong PKCE verifier.
    let code = sso_code(&email, verifier).await;
    let err = fails(&other, "signInWithSso", &[js(&sso_input(&code, "another-verifier-0123456789-abcdefghijklmnop"))]).await;
    assert!(error_text(&err).contains("code_verifier"), "{}", error_text(&err));
    // A redirect whose state is not the one the sign-in started with: nothing is sent.
    let before = stats().await["actions"]["InitiateAuth:CUSTOM_AUTH"].as_u64().unwrap_or(0);
    let mut forged = sso_input(&sso_code(&email, verifier).await, verifier);
    forged["state"] = json!("st-forged");
    let err = fails(&other, "signInWithSso", &[js(&forged)]).await;
    assert_error(&err, "INVALID_INPUT");
    // Without the expected state there is nothing to check a redirect against: refused too.
    let mut unchecked = sso_input(&sso_code(&email, verifier).await, verifier);
    unchecked.as_object_mut().map(|o| o.remove("expectedState"));
    let err = fails(&other, "signInWithSso", &[js(&unchecked)]).await;
    assert_error(&err, "INVALID_INPUT");
    assert!(message(&err).contains("expectedState"), "{}", message(&err));
    assert_eq!(stats().await["actions"]["InitiateAuth:CUSTOM_AUTH"].as_u64().unwrap_or(0), before);
    assert!(json(&ok(&other, "getSession", &[]).await).is_null());
}

#[wasm_bindgen_test]
async fn mfa_setup_enrols_totp_during_sign_in_then_totp_is_asked() {
    let email = unique_email("enrol");
    new_user(&email, PASSWORD).await;
    emu("POST", "/__admin/mfa", Some(json!({ "username": email, "required": true }))).await;
    let client = auth_client(json!({})).await;
    ok(&client, "setTotpIssuer", &[JsValue::from_str("Local Portal")]).await;
    let c = json(&sign_in(&client, json!({ "email": email, "password": PASSWORD })).await);
    assert_eq!(c["name"], "MFA_SETUP");
    let secret = c["totpSetup"]["secret"].as_str().expect("the secret comes with the challenge").to_string();
    let uri = c["totpSetup"]["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Local%20Portal:") && uri.contains(&format!("secret={secret}")), "{uri}");
    // A wrong code keeps the enrolment pending.
    let wrong = wrong_totp(&secret).await;
    let err = fails(&client, "completeSignIn", &[js(&json!({ "code": wrong }))]).await;
    assert_eq!(message(&err), "the code is wrong");
    assert!(!error_text(&err).contains(&secret) && !error_text(&err).contains(&wrong));
    let done = complete(&client, json!({ "code": totp_now(&secret).await })).await;
    assert_eq!(kind(&done), "signedIn");
    let attrs = json(&ok(&client, "getUserAttributes", &[]).await);
    assert_eq!(attrs["preferredMfa"], "SOFTWARE_TOKEN_MFA", "{attrs}");

    // The next sign-in asks for the TOTP code.
    let next = auth_client(json!({})).await;
    assert_eq!(name(&sign_in(&next, json!({ "email": email, "password": PASSWORD })).await), "SOFTWARE_TOKEN_MFA");
    let err = fails(&next, "completeSignIn", &[js(&json!({ "code": wrong_totp(&secret).await }))]).await;
    assert_eq!(message(&err), "the code is wrong");
    assert_eq!(kind(&complete(&next, json!({ "code": totp_now(&secret).await })).await), "signedIn");
}

#[wasm_bindgen_test]
async fn totp_for_a_signed_in_user_and_mfa_preferences() {
    let email = unique_email("totp");
    new_user(&email, PASSWORD).await;
    let client = auth_client(json!({})).await;
    sign_in(&client, json!({ "email": email, "password": PASSWORD })).await;
    let setup = json(&ok(&client, "setUpTotp", &[]).await);
    let secret = setup["secret"].as_str().unwrap().to_string();
    assert_eq!(setup["account"], email.as_str());
    // Enabling TOTP before it is verified is refused by Cognito.
    let err = fails(&client, "setMfaPreference", &[js(&json!({ "totp": true }))]).await;
    assert!(message(&err).contains("not verified"), "{}", message(&err));
    let wrong = wrong_totp(&secret).await;
    let err = fails(&client, "verifyTotp", &[js(&json!({ "code": wrong }))]).await;
    assert_eq!(message(&err), "the code is wrong");
    assert!(!error_text(&err).contains(&wrong) && !error_text(&err).contains(&secret));
    ok(&client, "verifyTotp", &[js(&json!({ "code": totp_now(&secret).await, "deviceName": "phone" }))]).await;
    ok(&client, "setMfaPreference", &[js(&json!({ "totp": true, "preferred": "TOTP" }))]).await;
    let attrs = json(&ok(&client, "getUserAttributes", &[]).await);
    assert_eq!(attrs["mfaEnabled"], json!(["SOFTWARE_TOKEN_MFA"]));
    assert_eq!(attrs["attributes"]["email"], email.as_str());
    let err = fails(&client, "setMfaPreference", &[js(&json!({ "totp": false, "preferred": "TOTP" }))]).await;
    assert_error(&err, "INVALID_INPUT");
    ok(&client, "setMfaPreference", &[js(&json!({ "totp": false }))]).await;
    assert_eq!(json(&ok(&client, "getUserAttributes", &[]).await)["mfaEnabled"], json!([]));
}

#[wasm_bindgen_test]
async fn a_remembered_device_skips_the_code_until_it_is_forgotten() {
    let email = unique_email("device");
    let (client, secret) = user_with_totp(&email).await;
    // TOTP is on: sign in with the code, then remember this browser.
    let store = "device-test";
    let browser = auth_client(json!({ "storage": "sessionStorage", "storageKey": store })).await;
    assert_eq!(name(&sign_in(&browser, json!({ "email": email, "password": PASSWORD })).await), "SOFTWARE_TOKEN_MFA");
    assert_eq!(kind(&complete(&browser, json!({ "code": totp_now(&secret).await })).await), "signedIn");
    ok(&browser, "rememberDevice", &[js(&json!({ "name": "test browser" }))]).await;
    let devices = emu("GET", &format!("/__admin/devices?username={}", js_sys::encode_uri_component(&email)), None).await;
    assert!(devices["devices"].as_array().unwrap().iter().any(|d| d["remembered"] == true && d["name"] == "test browser"), "{devices}");
    // Nothing about the device is readable as plain text in what the SDK stored... except in
    // its own slot; the session slot does not carry it.
    ok(&browser, "signOut", &[]).await;

    // The next sign-in proves the device (DEVICE_SRP_AUTH) and asks no code.
    let before = stats().await["flows"]["deviceSrp"]["verified"].as_u64().unwrap_or(0);
    let again = auth_client(json!({ "storage": "sessionStorage", "storageKey": store })).await;
    assert_eq!(kind(&sign_in(&again, json!({ "email": email, "password": PASSWORD })).await), "signedIn");
    assert_eq!(stats().await["flows"]["deviceSrp"]["verified"].as_u64().unwrap_or(0), before + 1);
    assert_eq!(ok(&again, "hasRememberedDevice", &[]).await.as_bool(), Some(true));

    // Forgotten: the code is asked again.
    assert_eq!(ok(&again, "forgetDevice", &[]).await.as_bool(), Some(true));
    ok(&again, "signOut", &[]).await;
    let later = auth_client(json!({ "storage": "sessionStorage", "storageKey": store })).await;
    assert_eq!(name(&sign_in(&later, json!({ "email": email, "password": PASSWORD })).await), "SOFTWARE_TOKEN_MFA");
    let err = fails(&later, "rememberDevice", &[]).await;
    assert_error(&err, "INVALID_INPUT");
    drop(client);
}

#[wasm_bindgen_test]
async fn global_sign_out_ends_every_session_of_the_user() {
    let email = unique_email("global");
    new_user(&email, PASSWORD).await;
    let here = auth_client(json!({})).await;
    let elsewhere = auth_client(json!({})).await;
    sign_in(&here, json!({ "email": email, "password": PASSWORD })).await;
    sign_in(&elsewhere, json!({ "email": email, "password": PASSWORD })).await;
    // Options that do not fit reject and sign nothing out.
    let err = fails(&here, "signOut", &[js(&json!({ "global": "yes" }))]).await;
    assert_error(&err, "INVALID_INPUT");
    assert!(!json(&ok(&here, "getSession", &[]).await).is_null(), "still signed in");
    let before = stats().await["flows"]["globalSignOuts"].as_u64().unwrap_or(0);
    let out = json(&ok(&here, "signOut", &[js(&json!({ "global": true }))]).await);
    assert_eq!((out["global"].as_bool(), out["revoked"].as_bool(), out["cleared"].as_bool()), (Some(true), Some(true), Some(true)), "{out}");
    assert!(out.get("error").is_none() && out.get("storageError").is_none(), "{out}");
    assert_eq!(stats().await["flows"]["globalSignOuts"].as_u64(), Some(before + 1));
    assert!(json(&ok(&here, "getSession", &[]).await).is_null());
    // The other browser's refresh token is refused now, and its session ends.
    let err = fails(&elsewhere, "refreshSession", &[]).await;
    assert_eq!(message(&err), "the session has expired or was revoked: sign in again");
    assert!(json(&ok(&elsewhere, "getSession", &[]).await).is_null());
    // Signed out already: nothing to sign out everywhere, and it says so.
    let out = json(&ok(&here, "signOut", &[js(&json!({ "global": true }))]).await);
    assert_eq!((out["global"].as_bool(), out["revoked"].as_bool()), (Some(false), Some(false)), "{out}");
    assert!(out["error"].as_str().unwrap_or_default().starts_with("not signed in"), "{out}");
}

#[wasm_bindgen_test]
async fn sign_out_during_a_custom_sign_in_cancels_it() {
    let email = unique_email("custom-cancel");
    new_user(&email, PASSWORD).await;
    let client = auth_client(json!({})).await;
    emu("POST", "/__admin/fault", Some(json!({ "match": "InitiateAuth:CUSTOM_AUTH", "delayMs": 400 }))).await;
    let start: js_sys::Function = get(&client, "signInCustom").dyn_into().unwrap();
    let input = js(&json!({ "username": email, "clientMetadata": { "challenge": "EMAIL_CODE" } }));
    let signing_in: js_sys::Promise = start.call1(&client, &input).unwrap().dyn_into().unwrap();
    sleep(100).await; // waiting for Cognito
    ok(&client, "signOut", &[]).await;
    let err = JsFuture::from(signing_in).await.expect_err("the sign-in must not go on after signOut");
    assert_error(&err, "ABORTED");
    // No challenge was kept to answer.
    let err = fails(&client, "completeSignIn", &[js(&json!({ "answer": "x" }))]).await;
    assert!(message(&err).contains("no sign-in challenge"), "{}", message(&err));
}

#[wasm_bindgen_test]
async fn change_password_is_checked_against_the_portal_policy_first() {
    let env = config().await;
    let email = unique_email("pw");
    new_user(&email, PASSWORD).await;
    let client = auth_client(json!({ "orgId": env["orgId"], "portalId": env["portalId"] })).await;
    sign_in(&client, json!({ "email": email, "password": PASSWORD })).await;
    let before = stats().await["actions"]["ChangePassword"].as_u64().unwrap_or(0);
    let err = fails(&client, "changePassword", &[js(&json!({ "oldPassword": PASSWORD, "newPassword": "short" }))]).await;
    assert_error(&err, "INVALID_INPUT");
    assert!(message(&err).contains("at least 8"), "{}", message(&err));
    assert!(!error_text(&err).contains("short\"") && !error_text(&err).contains(PASSWORD));
    assert_eq!(stats().await["actions"]["ChangePassword"].as_u64().unwrap_or(0), before, "nothing was sent");
    ok(&client, "changePassword", &[js(&json!({ "oldPassword": PASSWORD, "newPassword": "Brand-New-Passw0rd!" }))]).await;
    let fresh = auth_client(json!({})).await;
    assert_eq!(kind(&sign_in(&fresh, json!({ "email": email, "password": "Brand-New-Passw0rd!" })).await), "signedIn");
}

#[wasm_bindgen_test]
async fn a_changed_email_is_confirmed_with_its_code() {
    let email = unique_email("attr");
    new_user(&email, PASSWORD).await;
    let client = auth_client(json!({})).await;
    sign_in(&client, json!({ "email": email, "password": PASSWORD })).await;
    ok(&client, "updateUserAttributes", &[js(&json!({ "given_name": "Ada" }))]).await;
    let new_email = unique_email("attr-new");
    ok(&client, "updateUserAttributes", &[js(&json!({ "email": new_email }))]).await;
    let code = code_for(&new_email, "VERIFY_ATTRIBUTE").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = fails(&client, "confirmUserAttribute", &[js(&json!({ "name": "email", "code": wrong }))]).await;
    assert!(!error_text(&err).contains(wrong), "{}", error_text(&err));
    ok(&client, "confirmUserAttribute", &[js(&json!({ "name": "email", "code": code }))]).await;
    let attrs = json(&ok(&client, "getUserAttributes", &[]).await);
    assert_eq!((attrs["attributes"]["email"].as_str(), attrs["attributes"]["given_name"].as_str()), (Some(new_email.as_str()), Some("Ada")), "{attrs}");
    assert_eq!(attrs["attributes"]["email_verified"], "true", "{attrs}");
}
