//! The signed-in user's own account at Cognito, with the session's access token:
//! sign-out everywhere (`GlobalSignOut`), attributes (`GetUser`, `UpdateUserAttributes`,
//! `VerifyUserAttribute`, `GetUserAttributeVerificationCode`) and a password change
//! checked first against the portal's password policy.

use super::signout::{revoke_tokens, signed_out};
use super::*;
use crate::precheck::{check_password, PasswordPolicy};

/// The user's attributes and MFA settings (`GetUser`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserAttributes {
    pub username: String,
    pub attributes: Vec<(String, String)>,
    /// `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP`.
    pub mfa_enabled: Vec<String>,
    pub preferred_mfa: Option<String>,
}

fn delivery(d: &Json) -> CodeDelivery {
    CodeDelivery { destination: d.str("Destination"), medium: d.str("DeliveryMedium"), attribute: d.str("AttributeName") }
}

impl Auth {
    /// A Cognito action with the session's access token (refreshed first when due), tagged
    /// with `operation`. `fields` is the body without the token.
    pub(super) async fn signed_in(&self, operation: &'static str, action: &str, fields: Obj, secrets: &[&str]) -> Result<Json, Error> {
        let run = async {
            let access = self.access_token().await?.ok_or_else(|| Error::invalid_input("not signed in"))?;
            let pool = self.pool().await?;
            let mut all = secrets.to_vec();
            all.push(access.expose());
            self.cognito(&pool, action, fields.str("AccessToken", access.expose()).finish(), Purpose::Account, &all).await
        };
        run.await.map_err(|e| e.with_operation(operation))
    }

    /// Signs out on every device. At the call, synchronously, exactly as [`Auth::sign_out`]:
    /// the session is cleared here and a pending sign-in cancelled. Then `GlobalSignOut`
    /// with the session's access token (refreshed first, and not kept, when it has
    /// expired): every refresh and access token of the user, in every browser, stops
    /// working, this one's included (`revoked`). When that fails, the refresh token is
    /// revoked as by `sign_out` and `error` says why the global sign-out did not happen.
    /// The second value is whether it did.
    pub fn sign_out_everywhere(&self) -> LocalFuture<(SignOutResult, bool)> {
        let (tokens, removals) = self.end_session(SessionChange::SignedOut);
        let host = self.inner.client.clone();
        let me = self.clone();
        Box::pin(async move {
            let failed = removals.await;
            let Some(session) = &tokens else {
                return (signed_out(false, Some("not signed in: there was no session to sign out everywhere".into()), failed), false);
            };
            match me.global_sign_out(session).await.map_err(|e| e.with_operation("signOut")) {
                Ok(()) => (signed_out(true, None, failed), true),
                Err(e) => {
                    let (revoked, local) = revoke_tokens(host, tokens).await;
                    let error = local.map_or_else(|| e.described(), |local| text(&[&e.described(), "; ", &local]));
                    (signed_out(revoked, Some(error), failed), false)
                }
            }
        })
    }

    /// `GlobalSignOut` for a session that has already ended here.
    async fn global_sign_out(&self, tokens: &Tokens) -> Result<(), Error> {
        let access = match &tokens.refresh_token {
            Some(refresh) if transport::now_ms() >= tokens.expires_at_ms => {
                let answer = self.refresh_call(&tokens.pool, refresh).await?;
                let access = answer.get("AuthenticationResult").and_then(|r| r.str("AccessToken"));
                Secret::new(access.ok_or_else(|| Error::decode("Cognito's refresh answer has no AccessToken"))?)
            }
            _ => tokens.access_token.clone(),
        };
        let body = Obj::new().str("AccessToken", access.expose()).finish();
        self.cognito(&tokens.pool, "GlobalSignOut", body, Purpose::Account, &[access.expose()]).await.map(|_| ())
    }

    pub async fn user_attributes(&self) -> Result<UserAttributes, Error> {
        let user = self.signed_in("getUserAttributes", "GetUser", Obj::new(), &[]).await?;
        let attributes = user
            .get("UserAttributes")
            .map(|list| list.items().iter().filter_map(|a| Some((a.str("Name")?, a.str("Value").unwrap_or_default()))).collect())
            .unwrap_or_default();
        Ok(UserAttributes {
            username: user.str("Username").unwrap_or_default(),
            attributes,
            mfa_enabled: user.get("UserMFASettingList").map(|l| l.strings()).unwrap_or_default(),
            preferred_mfa: user.str("PreferredMfaSetting"),
        })
    }

    /// Changes attributes; a changed email or phone number gets a code to confirm it with
    /// [`Auth::confirm_user_attribute`] (where each code went is returned).
    pub async fn update_user_attributes(&self, attributes: &[(String, String)]) -> Result<Vec<CodeDelivery>, Error> {
        if attributes.is_empty() {
            return Err(Error::invalid_input("updateUserAttributes needs at least one attribute").with_operation("updateUserAttributes"));
        }
        let list = attributes.iter().fold(String::new(), |mut list, (k, v)| {
            if !list.is_empty() {
                list.push(',');
            }
            list.push_str(&Obj::new().str("Name", k).str("Value", v).finish());
            list
        });
        let answer = self.signed_in("updateUserAttributes", "UpdateUserAttributes", Obj::new().raw("UserAttributes", &text(&["[", &list, "]"])), &[]).await?;
        Ok(answer.get("CodeDeliveryDetailsList").map(|l| l.items().iter().map(delivery).collect()).unwrap_or_default())
    }

    /// Confirms a changed attribute (`email`, `phone_number`) with the code sent to it.
    pub async fn confirm_user_attribute(&self, name: &str, code: &Secret) -> Result<(), Error> {
        if name.is_empty() || code.expose().is_empty() {
            return Err(Error::invalid_input("confirmUserAttribute needs `name` and `code`").with_operation("confirmUserAttribute"));
        }
        let body = Obj::new().str("AttributeName", name).str("Code", code.expose());
        self.signed_in("confirmUserAttribute", "VerifyUserAttribute", body, &[code.expose()]).await.map(|_| ())
    }

    /// Sends a new code for an attribute (`GetUserAttributeVerificationCode`).
    pub async fn send_user_attribute_code(&self, name: &str) -> Result<CodeDelivery, Error> {
        let answer = self.signed_in("sendUserAttributeCode", "GetUserAttributeVerificationCode", Obj::new().str("AttributeName", name), &[]).await?;
        Ok(answer.get("CodeDeliveryDetails").map(|d| delivery(&d)).unwrap_or_default())
    }

    /// Changes the password after checking the new one against the portal's password
    /// policy (`cognito_details.password_policy` of the public portal config, when
    /// `orgId` / `portalId` are configured): a failed rule is an `INVALID_INPUT` error
    /// naming it, and nothing is sent.
    pub async fn change_password_checked(&self, old_password: &Secret, new_password: &Secret) -> Result<(), Error> {
        if old_password.expose().is_empty() || new_password.expose().is_empty() {
            return Err(Error::invalid_input("changePassword needs `oldPassword` and `newPassword`").with_operation("changePassword"));
        }
        if let Some(policy) = self.password_policy().await.map_err(|e| e.with_operation("changePassword"))? {
            let check = check_password(new_password.expose(), &policy);
            if !check.ok {
                let rules: Vec<&str> = check.failures.iter().map(|f| f.message.as_str()).collect();
                let message = text(&["the new password does not meet the portal's password policy: ", &rules.join(" ")]);
                return Err(Error::invalid_input(message).with_operation("changePassword"));
            }
        }
        self.change_password(old_password, new_password).await
    }

    async fn password_policy(&self) -> Result<Option<PasswordPolicy>, Error> {
        let config = self.inner.config.borrow().clone();
        let (Some(org_id), Some(portal_id)) = (config.org_id, config.portal_id) else { return Ok(None) };
        let portal = self.portal_config(org_id, portal_id).await?;
        let Some(p) = portal.get("cognito_details").and_then(|d| d.get("password_policy")) else { return Ok(None) };
        let int = |k: &str| p.num(k).map(|n| n as i64);
        let flag = |k: &str| p.get(k).and_then(|v| v.as_bool());
        Ok(Some(PasswordPolicy {
            minimum_length: int("minimum_length"),
            maximum_length: int("maximum_length"),
            require_lowercase: flag("require_lowercase"),
            require_uppercase: flag("require_uppercase"),
            require_numbers: flag("require_numbers"),
            require_symbols: flag("require_symbols"),
        }))
    }
}
