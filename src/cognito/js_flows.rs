//! The `SignIn` methods of the other sign-in flows and of the signed-in user's
//! account: `signIn` with `authFlow: 'USER_AUTH'`, `signInCustom`, `signInWithSso`,
//! `setUpTotp`, `verifyTotp`, `setMfaPreference`, `setTotpIssuer`, `changePassword`,
//! `getUserAttributes`, `updateUserAttributes`, `confirmUserAttribute`,
//! `sendUserAttributeCode`, `rememberDevice`, `forgetDevice`, `hasRememberedDevice`, and
//! `signOut({ global })`. Same conventions as the rest of sign-in: inputs read member by
//! member, secrets wrapped at once, plain objects out.

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;

use super::super::js_input::{string_record, Input};
use super::super::js_signin::SignIn;
use super::super::{Auth, Challenge, CodeDelivery, MfaMethod, MfaPreference, SignOutResult, SsoSignIn, SsoToken, TotpSetup};
use super::{promise, record, set, set_opt, sign_in_js, string_array};
use crate::auth::{LocalFuture, Secret};
use crate::error::{text, Error};

fn string(value: &str) -> JsValue {
    JsValue::from_str(value)
}

/// `SELECT_CHALLENGE` and `MFA_SETUP` members of a challenge object.
pub fn challenge_extras(obj: &Object, c: &Challenge) {
    if !c.available_challenges.is_empty() {
        set(obj, "availableChallenges", &string_array(&c.available_challenges));
    }
    if let Some(setup) = &c.totp_setup {
        set(obj, "totpSetup", &totp_js(setup));
    }
}

pub fn totp_js(setup: &TotpSetup) -> JsValue {
    let obj = Object::new();
    set(&obj, "secret", &string(setup.secret.expose()));
    set(&obj, "uri", &string(setup.uri.expose()));
    set(&obj, "account", &string(&setup.account));
    set(&obj, "issuer", &string(&setup.issuer));
    obj.into()
}

pub async fn sign_in_user_auth(auth: &Auth, input: &Input, cancel: u64) -> Result<JsValue, Error> {
    if input.opt("authFlow")?.as_deref() != Some("USER_AUTH") {
        return Err(Error::invalid_input("signIn input: `preferredChallenge` goes with authFlow 'USER_AUTH'"));
    }
    let email = input.req("email")?;
    let password = input.opt("password")?.map(Secret::new);
    let preferred = input.opt("preferredChallenge")?;
    Ok(sign_in_js(&auth.sign_in_user_auth_since(cancel, &email, password.as_ref(), preferred.as_deref()).await?))
}

/// `signOut(options)`: everywhere or here, started at the call (the session is cleared
/// then); the second value is set for `{ global: true }`. Invalid options start nothing.
pub fn sign_out(auth: &Auth, options: Option<JsValue>) -> Result<LocalFuture<(SignOutResult, Option<bool>)>, Error> {
    let global = match options.filter(|o| !o.is_undefined() && !o.is_null()) {
        None => None,
        Some(options) => Input::new("signOut options", options, &["global"])?.raw("global"),
    };
    let global = match global {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| Error::invalid_input("signOut options: `global` must be a boolean"))?,
    };
    if !global {
        let done = auth.sign_out();
        return Ok(Box::pin(async move { (done.await, None) }));
    }
    let done = auth.sign_out_everywhere();
    Ok(Box::pin(async move {
        let (out, global) = done.await;
        (out, Some(global))
    }))
}

pub fn set_global(obj: &Object, global: Option<bool>) {
    if let Some(g) = global {
        set(obj, "global", &g.into());
    }
}

pub fn delivery_js(d: &CodeDelivery) -> JsValue {
    let obj = Object::new();
    set_opt(&obj, "destination", &d.destination);
    set_opt(&obj, "medium", &d.medium);
    set_opt(&obj, "attribute", &d.attribute);
    obj.into()
}

#[wasm_bindgen]
impl SignIn {
    /// Starts Cognito's CUSTOM_AUTH; custom challenges come back as `CUSTOM_CHALLENGE` with
    /// their public `parameters`, answered with `completeSignIn({ answer, clientMetadata })`.
    #[wasm_bindgen(js_name = signInCustom, unchecked_return_type = "Promise<SignInResult>")]
    pub fn sign_in_custom(&self, #[wasm_bindgen(unchecked_param_type = "CustomSignInInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        let cancel = auth.sign_out_count();
        promise(
            "signInCustom",
            Box::pin(async move {
                let input = Input::new("signInCustom input", input, &["username", "srp", "clientMetadata"])?;
                let password = match input.raw("srp") {
                    None => None,
                    Some(v) => Some(Secret::new(Input::new("signInCustom input: srp", v, &["password"])?.req("password")?)),
                };
                let (username, metadata) = (input.req("username")?, input.strings("clientMetadata")?);
                let result = auth.sign_in_custom_since(cancel, &username, password.as_ref(), &metadata).await?;
                Ok(sign_in_js(&result))
            }),
        )
    }

    /// Single sign-on end to end: `ssoCallback` with the provider's code, then CUSTOM_AUTH
    /// answered with the token it returns; resolves like `signIn`.
    #[wasm_bindgen(js_name = signInWithSso, unchecked_return_type = "Promise<SignInResult>")]
    pub fn sign_in_with_sso(&self, #[wasm_bindgen(unchecked_param_type = "SsoSignInInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        let cancel = auth.sign_out_count();
        promise(
            "signInWithSso",
            Box::pin(async move {
                const FIELDS: &[&str] = &[
                    "code", "codeVerifier", "redirectUri", "clientId", "tokenEndpoint", "providerSlug", "grantType", "domain", "state",
                    "expectedState", "username", "answerWith", "clientMetadata",
                ];
                let i = Input::new("signInWithSso input", input, FIELDS)?;
                let token = match i.opt("answerWith")?.as_deref() {
                    None | Some("id_token") => SsoToken::IdToken,
                    Some("access_token") => SsoToken::AccessToken,
                    Some(other) => return Err(Error::invalid_input(text(&["answerWith must be 'id_token' or 'access_token', not `", other, "`"]))),
                };
                let sso = SsoSignIn {
                    code: Some(Secret::new(i.req("code")?)),
                    code_verifier: Some(Secret::new(i.req("codeVerifier")?)),
                    redirect_uri: i.req("redirectUri")?,
                    client_id: i.req("clientId")?,
                    token_endpoint: i.req("tokenEndpoint")?,
                    provider_slug: i.opt("providerSlug")?,
                    grant_type: i.opt("grantType")?,
                    domain: i.opt("domain")?,
                    state: i.opt("state")?,
                    expected_state: i.opt("expectedState")?,
                    username: i.opt("username")?,
                    token,
                    client_metadata: i.strings("clientMetadata")?,
                };
                Ok(sign_in_js(&auth.sign_in_with_sso_since(cancel, &sso).await?))
            }),
        )
    }

    /// The issuer shown by authenticator apps for `otpauth://` URIs (default "Customer Portal").
    #[wasm_bindgen(js_name = setTotpIssuer)]
    pub fn set_totp_issuer(&self, issuer: &str) {
        self.auth_handle().set_totp_issuer(issuer);
    }

    /// A new authenticator secret for the signed-in user; confirm with `verifyTotp`.
    #[wasm_bindgen(js_name = setUpTotp, unchecked_return_type = "Promise<TotpSetup>")]
    pub fn set_up_totp(&self) -> Promise {
        let auth = self.auth_handle();
        promise("setUpTotp", Box::pin(async move { Ok(totp_js(&auth.set_up_totp().await?)) }))
    }

    /// Checks a code of the new authenticator; enable it with `setMfaPreference({ totp: true })`.
    #[wasm_bindgen(js_name = verifyTotp, unchecked_return_type = "Promise<void>")]
    pub fn verify_totp(&self, #[wasm_bindgen(unchecked_param_type = "{ code: string; deviceName?: string }")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "verifyTotp",
            Box::pin(async move {
                let i = Input::new("verifyTotp input", input, &["code", "deviceName"])?;
                auth.verify_totp(&Secret::new(i.req("code")?), i.opt("deviceName")?.as_deref()).await?;
                Ok(JsValue::UNDEFINED)
            }),
        )
    }

    /// Enables or disables MFA methods and picks the preferred one.
    #[wasm_bindgen(js_name = setMfaPreference, unchecked_return_type = "Promise<void>")]
    pub fn set_mfa_preference(&self, #[wasm_bindgen(unchecked_param_type = "MfaPreferenceInput")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "setMfaPreference",
            Box::pin(async move {
                let i = Input::new("setMfaPreference input", input, &["totp", "sms", "email", "preferred"])?;
                let flag = |k: &str| -> Result<Option<bool>, Error> {
                    i.raw(k).map(|v| v.as_bool().ok_or_else(|| Error::invalid_input(text(&["setMfaPreference: `", k, "` must be a boolean"])))).transpose()
                };
                let preferred = match i.opt("preferred")?.as_deref() {
                    None => None,
                    Some("TOTP") => Some(MfaMethod::Totp),
                    Some("SMS") => Some(MfaMethod::Sms),
                    Some("EMAIL") => Some(MfaMethod::Email),
                    Some(other) => return Err(Error::invalid_input(text(&["preferred must be 'TOTP', 'SMS' or 'EMAIL', not `", other, "`"]))),
                };
                auth.set_mfa_preference(&MfaPreference { totp: flag("totp")?, sms: flag("sms")?, email: flag("email")?, preferred }).await?;
                Ok(JsValue::UNDEFINED)
            }),
        )
    }

    /// Changes the password, checked first against the portal's password policy.
    #[wasm_bindgen(js_name = changePassword, unchecked_return_type = "Promise<void>")]
    pub fn change_password(&self, #[wasm_bindgen(unchecked_param_type = "{ oldPassword: string; newPassword: string }")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "changePassword",
            Box::pin(async move {
                let i = Input::new("changePassword input", input, &["oldPassword", "newPassword"])?;
                auth.change_password_checked(&Secret::new(i.req("oldPassword")?), &Secret::new(i.req("newPassword")?)).await?;
                Ok(JsValue::UNDEFINED)
            }),
        )
    }

    /// The signed-in user's attributes and MFA settings.
    #[wasm_bindgen(js_name = getUserAttributes, unchecked_return_type = "Promise<UserAttributesResult>")]
    pub fn get_user_attributes(&self) -> Promise {
        let auth = self.auth_handle();
        promise(
            "getUserAttributes",
            Box::pin(async move {
                let user = auth.user_attributes().await?;
                let obj = Object::new();
                set(&obj, "username", &JsValue::from_str(&user.username));
                set(&obj, "attributes", &record(&user.attributes));
                set(&obj, "mfaEnabled", &string_array(&user.mfa_enabled));
                set_opt(&obj, "preferredMfa", &user.preferred_mfa);
                Ok(obj.into())
            }),
        )
    }

    /// Changes attributes; resolves with where confirmation codes went (a changed email).
    #[wasm_bindgen(js_name = updateUserAttributes, unchecked_return_type = "Promise<CodeDelivery[]>")]
    pub fn update_user_attributes(&self, #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] attributes: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "updateUserAttributes",
            Box::pin(async move {
                let pairs = string_record(&attributes).ok_or_else(|| Error::invalid_input("updateUserAttributes takes an object of strings"))?;
                let sent = auth.update_user_attributes(&pairs).await?;
                Ok(sent.iter().map(delivery_js).collect::<Array>().into())
            }),
        )
    }

    /// Confirms a changed attribute with the code sent to it.
    #[wasm_bindgen(js_name = confirmUserAttribute, unchecked_return_type = "Promise<void>")]
    pub fn confirm_user_attribute(&self, #[wasm_bindgen(unchecked_param_type = "{ name: string; code: string }")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "confirmUserAttribute",
            Box::pin(async move {
                let i = Input::new("confirmUserAttribute input", input, &["name", "code"])?;
                auth.confirm_user_attribute(&i.req("name")?, &Secret::new(i.req("code")?)).await?;
                Ok(JsValue::UNDEFINED)
            }),
        )
    }

    /// Sends a new confirmation code for an attribute.
    #[wasm_bindgen(js_name = sendUserAttributeCode, unchecked_return_type = "Promise<CodeDelivery>")]
    pub fn send_user_attribute_code(&self, #[wasm_bindgen(unchecked_param_type = "{ name: string }")] input: JsValue) -> Promise {
        let auth = self.auth_handle();
        promise(
            "sendUserAttributeCode",
            Box::pin(async move {
                let i = Input::new("sendUserAttributeCode input", input, &["name"])?;
                Ok(delivery_js(&auth.send_user_attribute_code(&i.req("name")?).await?))
            }),
        )
    }

    /// Remembers this browser after a sign-in, so the next sign-in skips the MFA code.
    #[wasm_bindgen(js_name = rememberDevice, unchecked_return_type = "Promise<void>")]
    pub fn remember_device(&self, #[wasm_bindgen(unchecked_optional_param_type = "{ name?: string }")] input: Option<JsValue>) -> Promise {
        let auth = self.auth_handle();
        promise(
            "rememberDevice",
            Box::pin(async move {
                let name = match input.filter(|i| !i.is_undefined() && !i.is_null()) {
                    None => None,
                    Some(i) => Input::new("rememberDevice input", i, &["name"])?.opt("name")?,
                };
                auth.remember_device(name.as_deref()).await?;
                Ok(JsValue::UNDEFINED)
            }),
        )
    }

    /// Forgets this browser's remembered device (at Cognito and here); resolves with
    /// whether there was one.
    #[wasm_bindgen(js_name = forgetDevice, unchecked_return_type = "Promise<boolean>")]
    pub fn forget_device(&self) -> Promise {
        let auth = self.auth_handle();
        promise("forgetDevice", Box::pin(async move { Ok(auth.forget_device().await?.into()) }))
    }

    /// Whether this browser has a remembered device for the current login.
    #[wasm_bindgen(js_name = hasRememberedDevice, unchecked_return_type = "Promise<boolean>")]
    pub fn has_remembered_device(&self) -> Promise {
        let auth = self.auth_handle();
        promise("hasRememberedDevice", Box::pin(async move { Ok(auth.has_remembered_device().await.into()) }))
    }
}
