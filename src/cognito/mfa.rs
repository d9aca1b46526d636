//! Multi-factor authentication with an authenticator app (TOTP):
//!
//! * enrolment during sign-in: for `MFA_SETUP`, `AssociateSoftwareToken` (with the
//!   challenge's Session) gives the secret shown in the challenge ([`TotpSetup`], with an
//!   `otpauth://` URI for a QR code); the user's code is checked with `VerifySoftwareToken`
//!   and the sign-in goes on (`RespondToAuthChallenge: MFA_SETUP`);
//! * for a signed-in user: [`Auth::set_up_totp`], [`Auth::verify_totp`],
//!   [`Auth::set_mfa_preference`].
//!
//! Secrets are [`Secret`]s: `Debug` never shows them.

use super::*;

/// The issuer in `otpauth://` URIs unless `set_totp_issuer` says otherwise.
pub const DEFAULT_ISSUER: &str = "Customer Portal";

/// An authenticator secret to show the user (as text and as a QR code of `uri`).
#[derive(Clone, Debug, PartialEq)]
pub struct TotpSetup {
    /// Base32, as Cognito sends it.
    pub secret: Secret,
    /// `otpauth://totp/<issuer>:<account>?secret=...&issuer=...`
    pub uri: Secret,
    pub account: String,
    pub issuer: String,
}

/// The `otpauth://` URI authenticator apps read (Key Uri Format).
pub fn totp_uri(issuer: &str, account: &str, secret: &str) -> String {
    // The account is usually an email: its `@` stays readable.
    let enc = |s: &str| crate::request::encode_keeping(s, b"@");
    let issuer = enc(issuer);
    crate::error::text(&["otpauth://totp/", &issuer, ":", &enc(account), "?secret=", &enc(secret), "&issuer=", &issuer, "&algorithm=SHA1&digits=6&period=30"])
}

/// An MFA method of `set_mfa_preference`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaMethod {
    Totp,
    Sms,
    Email,
}

impl MfaMethod {
    fn settings(self) -> &'static str {
        match self {
            MfaMethod::Totp => "SoftwareTokenMfaSettings",
            MfaMethod::Sms => "SMSMfaSettings",
            MfaMethod::Email => "EmailMfaSettings",
        }
    }
}

/// Which methods are enabled (`None`: unchanged) and which one is preferred.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MfaPreference {
    pub totp: Option<bool>,
    pub sms: Option<bool>,
    pub email: Option<bool>,
    pub preferred: Option<MfaMethod>,
}

/// The secret of an `AssociateSoftwareToken` answer.
fn secret_code(answer: &Json) -> Result<String, Error> {
    answer.str("SecretCode").ok_or_else(|| Error::decode("AssociateSoftwareToken's answer has no SecretCode"))
}

/// Whether `VerifySoftwareToken` accepted the code.
fn code_accepted(answer: &Json) -> Result<(), Error> {
    match answer.str("Status").as_deref() {
        Some("SUCCESS") => Ok(()),
        _ => Err(Error::new(crate::error::ErrorCode::Http, "the code is wrong")),
    }
}

impl Auth {
    /// Sets the `issuer` of the `otpauth://` URIs (your portal's name, as the app shows it).
    pub fn set_totp_issuer(&self, issuer: &str) {
        self.inner.flow.borrow_mut().issuer = Some(issuer.trim().to_string()).filter(|s| !s.is_empty());
    }

    fn totp_setup(&self, secret: String, account: &str) -> TotpSetup {
        let issuer = self.inner.flow.borrow().issuer.clone().unwrap_or_else(|| DEFAULT_ISSUER.to_string());
        let uri = Secret::new(totp_uri(&issuer, account, &secret));
        TotpSetup { secret: Secret::new(secret), uri, account: account.to_string(), issuer }
    }

    /// `MFA_SETUP` offering TOTP: gets the secret with the challenge's Session, kept for
    /// the typed challenge (with the Session that now goes with it).
    pub(super) async fn associate_for_setup(&self, pool: &Pool, challenge: &Json, username: &str) -> Result<(), Error> {
        let can = challenge.get("ChallengeParameters").and_then(|p| p.str("MFAS_CAN_SETUP")).unwrap_or_default();
        let Some(session) = challenge.str("Session").filter(|_| super::api::has(&can, "SOFTWARE_TOKEN_MFA")) else { return Ok(()) };
        let answer = self.cognito(pool, "AssociateSoftwareToken", Obj::new().str("Session", &session).finish(), Purpose::Account, &[&session]).await?;
        let secret = secret_code(&answer)?;
        let account = self.inner.flow.borrow().login.clone().unwrap_or_else(|| username.to_string());
        let setup = self.totp_setup(secret, &account);
        let next = Secret::new(answer.str("Session").unwrap_or(session));
        self.inner.flow.borrow_mut().totp_setup = Some((setup, next));
        Ok(())
    }

    /// Answers `MFA_SETUP` with the authenticator's code: `VerifySoftwareToken`, then the
    /// challenge. `answer` (optional) names the authenticator (`FriendlyDeviceName`).
    pub(super) async fn finish_mfa_setup(&self, pending: &Pending, answer: &ChallengeAnswer, cancel: u64) -> Result<SignInResult, Error> {
        let code = answer.code.as_ref().filter(|c| !c.expose().is_empty());
        let code = code.ok_or_else(|| Error::invalid_input("the MFA_SETUP challenge needs `code` (from the authenticator app)"))?;
        let session = pending.session.as_ref().map(Secret::expose).unwrap_or_default();
        let body = Obj::new().str("Session", session).str("UserCode", code.expose()).opt_str("FriendlyDeviceName", answer.answer.as_ref().map(Secret::expose)).finish();
        let verified = self.cognito(&pending.pool, "VerifySoftwareToken", body, Purpose::Account, &[session, code.expose()]).await?;
        code_accepted(&verified)?;
        let next = verified.str("Session");
        let responses = Obj::new().str("USERNAME", &pending.username);
        let done = self.respond(&pending.pool, "MFA_SETUP", next.as_deref().or(Some(session)), responses, Purpose::Account, &[]).await?;
        self.handle_answer(&pending.pool, done, &pending.username, cancel).await
    }

    /// A new authenticator secret for the signed-in user (`AssociateSoftwareToken`); confirm
    /// it with [`Auth::verify_totp`], then enable it with [`Auth::set_mfa_preference`].
    pub async fn set_up_totp(&self) -> Result<TotpSetup, Error> {
        let answer = self.signed_in("setUpTotp", "AssociateSoftwareToken", Obj::new(), &[]).await?;
        let secret = secret_code(&answer).map_err(|e| e.with_operation("setUpTotp"))?;
        let account = self.session().map(|s| s.email.unwrap_or(s.username)).unwrap_or_default();
        Ok(self.totp_setup(secret, &account))
    }

    /// Checks a code from the authenticator app (`VerifySoftwareToken`).
    pub async fn verify_totp(&self, code: &Secret, device_name: Option<&str>) -> Result<(), Error> {
        if code.expose().trim().is_empty() {
            return Err(Error::invalid_input("verifyTotp needs `code`").with_operation("verifyTotp"));
        }
        let body = Obj::new().str("UserCode", code.expose().trim()).opt_str("FriendlyDeviceName", device_name);
        let answer = self.signed_in("verifyTotp", "VerifySoftwareToken", body, &[code.expose()]).await?;
        code_accepted(&answer).map_err(|e| e.with_operation("verifyTotp"))
    }

    /// Enables or disables MFA methods and sets the preferred one (`SetUserMFAPreference`).
    /// A method named `preferred` is enabled too.
    pub async fn set_mfa_preference(&self, preference: &MfaPreference) -> Result<(), Error> {
        let mut body = Obj::new();
        let mut any = false;
        for (method, enabled) in [(MfaMethod::Totp, preference.totp), (MfaMethod::Sms, preference.sms), (MfaMethod::Email, preference.email)] {
            let preferred = preference.preferred == Some(method);
            if enabled == Some(false) && preferred {
                return Err(Error::invalid_input("the preferred MFA method cannot be disabled at the same time").with_operation("setMfaPreference"));
            }
            let Some(enabled) = enabled.or(preferred.then_some(true)) else { continue };
            any = true;
            body = body.raw(method.settings(), &Obj::new().boolean("Enabled", enabled).boolean("PreferredMfa", preferred).finish());
        }
        if !any {
            return Err(Error::invalid_input("setMfaPreference needs at least one of totp, sms, email or preferred").with_operation("setMfaPreference"));
        }
        self.signed_in("setMfaPreference", "SetUserMFAPreference", body, &[]).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn otpauth_uri_is_escaped_and_secret_hidden_from_debug() {
        let uri = totp_uri("My Portal", "a+b@example.com", "JBSWY3DPEHPK3PXP");
        assert_eq!(uri, "otpauth://totp/My%20Portal:a%2Bb@example.com?secret=JBSWY3DPEHPK3PXP&issuer=My%20Portal&algorithm=SHA1&digits=6&period=30");
        let setup = TotpSetup { secret: Secret::new("JBSWY3DPEHPK3PXP"), uri: Secret::new(uri), account: "a".into(), issuer: "i".into() };
        assert!(!format!("{setup:?}").contains("JBSWY3DPEHPK3PXP"));
        // Nor does the challenge that carries it.
        let challenge = Challenge { name: "MFA_SETUP".into(), totp_setup: Some(setup), ..Challenge::default() };
        let shown = format!("{challenge:?} {:?}", SignInResult::Challenge(challenge.clone()));
        assert!(!shown.contains("JBSWY3DPEHPK3PXP") && shown.contains("MFA_SETUP"), "{shown}");
    }
}
