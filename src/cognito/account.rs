//! Account helpers around sign-in: forgot password, change password, registration.

use super::*;

impl Auth {
    /// An account action on Cognito (no session needed), tagged with `operation`.
    async fn account(&self, operation: &'static str, action: &str, body: impl FnOnce(&Pool) -> String, secrets: &[&str]) -> Result<Json, Error> {
        let run = async {
            let pool = self.pool().await?;
            self.cognito(&pool, action, body(&pool), Purpose::Account, secrets).await
        };
        run.await.map_err(|e| e.with_operation(operation))
    }

    /// Sends a password-reset code (`ForgotPassword`).
    pub async fn forgot_password(&self, email: &str) -> Result<CodeDelivery, Error> {
        let body = |pool: &Pool| Obj::new().str("ClientId", &pool.client_id).str("Username", email.trim()).finish();
        let answer = self.account("forgotPassword", "ForgotPassword", body, &[]).await?;
        let d = answer.get("CodeDeliveryDetails");
        let s = |k: &str| d.as_ref().and_then(|d| d.str(k));
        Ok(CodeDelivery { destination: s("Destination"), medium: s("DeliveryMedium"), attribute: s("AttributeName") })
    }

    /// Sets a new password with the code from `forgot_password` (`ConfirmForgotPassword`).
    pub async fn confirm_forgot_password(&self, email: &str, code: &Secret, new_password: &Secret) -> Result<(), Error> {
        if code.expose().is_empty() || new_password.expose().is_empty() {
            return Err(Error::invalid_input("code and newPassword are required").with_operation("confirmForgotPassword"));
        }
        let body = |pool: &Pool| {
            Obj::new()
                .str("ClientId", &pool.client_id)
                .str("Username", email.trim())
                .str("ConfirmationCode", code.expose())
                .str("Password", new_password.expose())
                .finish()
        };
        self.account("confirmForgotPassword", "ConfirmForgotPassword", body, &[code.expose(), new_password.expose()]).await?;
        Ok(())
    }

    /// Changes the signed-in user's password (`ChangePassword`).
    pub async fn change_password(&self, old_password: &Secret, new_password: &Secret) -> Result<(), Error> {
        let access = self.access_token().await?.ok_or_else(|| Error::invalid_input("not signed in").with_operation("changePassword"))?;
        let body = |_: &Pool| {
            Obj::new()
                .str("AccessToken", access.expose())
                .str("PreviousPassword", old_password.expose())
                .str("ProposedPassword", new_password.expose())
                .finish()
        };
        let secrets = [access.expose(), old_password.expose(), new_password.expose()];
        self.account("changePassword", "ChangePassword", body, &secrets).await?;
        Ok(())
    }

    /// Registers a portal user through the API (`createUserV3`); the user confirms
    /// with [`Auth::confirm_registration`] (the emailed link's token).
    pub async fn register(&self, user: &Registration) -> Result<(), Error> {
        let op = &operations::CREATE_USER_V3;
        let config = self.inner.config.borrow().clone();
        let missing = |what: &str| Error::invalid_input(text(&["register needs ", what, " (give it here or in configureAuth)"])).with_operation(op.id);
        let portal_id = user.portal_id.clone().or(config.portal_id).ok_or_else(|| missing("portalId"))?;
        let org_id = user.org_id.clone().or(config.org_id).ok_or_else(|| missing("orgId"))?;
        let password = user.password.as_ref().filter(|p| !p.expose().is_empty()).ok_or_else(|| missing("a password"))?;
        let mut identifiers = Obj::new();
        for (slug, fields) in &user.registration_identifiers {
            let mut inner = Obj::new();
            for (k, v) in fields {
                inner = inner.str(k, v);
            }
            identifiers = identifiers.raw(slug, &inner.finish());
        }
        let mut body = Obj::new()
            .str("email", user.email.trim())
            .str("password", password.expose())
            .str("orgId", &org_id)
            .opt_str("first_name", user.first_name.as_deref())
            .opt_str("last_name", user.last_name.as_deref())
            .opt_str("contactId", user.contact_id.as_deref())
            .opt_str("account_id", user.account_id.as_deref());
        if !user.registration_identifiers.is_empty() {
            body = body.raw("registration_identifiers", &identifiers.finish());
        }
        self.api(op, vec![("portal_id", ParamValue::Str(portal_id))], Some(body.finish())).await?;
        Ok(())
    }

    /// Confirms a registration with the token from the confirmation link (`confirmUser`);
    /// returns whether the user was already confirmed.
    pub async fn confirm_registration(&self, confirmation_token: &str) -> Result<bool, Error> {
        let params = vec![("confirmation_link_token", ParamValue::Str(confirmation_token.to_string())), ("use_redirect", ParamValue::Bool(false))];
        let answer = self.api(&operations::CONFIRM_USER, params, None).await?;
        Ok(answer.get("user_already_confirmed").and_then(|v| v.as_bool()).unwrap_or(false))
    }

    /// Confirms a self-service Cognito sign-up with the emailed code (`ConfirmSignUp`).
    pub async fn confirm_sign_up(&self, email: &str, code: &Secret) -> Result<(), Error> {
        let body = |pool: &Pool| Obj::new().str("ClientId", &pool.client_id).str("Username", email.trim()).str("ConfirmationCode", code.expose()).finish();
        self.account("confirmRegistration", "ConfirmSignUp", body, &[code.expose()]).await?;
        Ok(())
    }
}
