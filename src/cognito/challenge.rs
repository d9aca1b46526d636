//! Answering a sign-in challenge (`completeSignIn`): a new password, an MFA or OTP code,
//! or a choice of MFA method. `SELECT_CHALLENGE`, `MFA_SETUP` and `CUSTOM_CHALLENGE` are
//! answered in `flows`.

use super::*;

impl Auth {
    /// The pending challenge's name, if any.
    pub fn pending_challenge(&self) -> Option<String> {
        self.inner.pending.borrow().as_ref().map(|p| p.name.clone())
    }

    /// Answers the pending challenge. A wrong code keeps the challenge pending, so the
    /// user can try again.
    pub async fn complete_sign_in(&self, answer: &ChallengeAnswer) -> Result<SignInResult, Error> {
        self.complete_since(self.sign_out_count(), answer).await
    }

    #[doc(hidden)]
    pub async fn complete_since(&self, cancel: u64, answer: &ChallengeAnswer) -> Result<SignInResult, Error> {
        self.complete(answer, cancel).await.map_err(|e| e.with_operation("completeSignIn"))
    }

    async fn complete(&self, answer: &ChallengeAnswer, cancel: u64) -> Result<SignInResult, Error> {
        let Some(pending) = self.inner.pending.borrow_mut().take() else {
            return Err(Error::invalid_input("there is no sign-in challenge to complete: call signIn first"));
        };
        if Auth::handles_challenge(&pending.name) {
            return self.complete_flow(pending, answer, cancel).await;
        }
        let name = pending.name.as_str();
        let value = |v: &Option<Secret>| v.as_ref().filter(|s| !s.expose().is_empty()).map(|s| s.expose().to_string());
        // (response key, value, is it secret), or why the answer does not fit.
        let response = match name {
            "NEW_PASSWORD_REQUIRED" => value(&answer.new_password).map(|v| ("NEW_PASSWORD".to_string(), v, true)).ok_or("newPassword"),
            "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | "SMS_OTP" => {
                value(&answer.code).map(|v| (text(&[name, "_CODE"]), v, true)).ok_or("code")
            }
            "SELECT_MFA_TYPE" => value(&answer.answer).map(|v| ("ANSWER".to_string(), v, false)).ok_or("answer"),
            _ => Err(""),
        };
        let (key, value, secret) = match response {
            Ok(r) => r,
            Err(what) => {
                let message = if what.is_empty() {
                    text(&["the ", name, " challenge is not supported by this SDK yet"])
                } else {
                    text(&["the ", name, " challenge needs `", what, "`"])
                };
                *self.inner.pending.borrow_mut() = Some(pending);
                return Err(Error::invalid_input(message));
            }
        };
        let mut responses = Obj::new().str("USERNAME", &pending.username).str(&key, &value);
        if name == "NEW_PASSWORD_REQUIRED" {
            for (k, v) in &answer.attributes {
                responses = responses.str(&text(&["userAttributes.", k]), v);
            }
        }
        let body = Obj::new()
            .str("ChallengeName", name)
            .str("ClientId", &pending.pool.client_id)
            .opt_str("Session", pending.session.as_ref().map(Secret::expose))
            .raw("ChallengeResponses", &responses.finish())
            .finish();
        let secrets: &[&str] = if secret { &[&value] } else { &[] };
        match self.cognito(&pending.pool, "RespondToAuthChallenge", body, Purpose::Account, secrets).await {
            Ok(answer) => {
                let pool = pending.pool.clone();
                let user = pending.username.clone();
                self.handle_answer(&pool, answer, &user, cancel).await
            }
            Err(e) => {
                // A wrong code or a weak new password can be tried again in the same session.
                let retry = matches!(
                    api::error_type(&e).as_deref(),
                    Some("CodeMismatchException" | "InvalidPasswordException" | "InvalidParameterException")
                );
                if retry && self.inner.cancel.get() == cancel {
                    *self.inner.pending.borrow_mut() = Some(pending);
                }
                Err(e)
            }
        }
    }
}
