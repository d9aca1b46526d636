//! Remembered devices. After a sign-in in which Cognito tracked this browser
//! (`NewDeviceMetadata`), [`Auth::remember_device`] registers it: `ConfirmDevice` with the
//! SRP verifier of a random device password, then `UpdateDeviceStatus: remembered`. The next
//! sign-in of the same login sends the `DEVICE_KEY` and answers `DEVICE_SRP_AUTH` /
//! `DEVICE_PASSWORD_VERIFIER` with that password, and Cognito skips the MFA code.
//!
//! The device (key, group key, password) is kept in the session's token store, under
//! `epilot-portal-sdk.device.<userPoolId>.<login>` (`<storageKey>.device.<userPoolId>.<login>`
//! with a configured `storageKey`; devices belong to the pool, not the app client);
//! [`Auth::forget_device`] removes it there and at Cognito. None of it is ever shown by
//! `Debug` or put in an error.

use super::flows::{new_srp_client, Claim};
use super::*;
use crate::b64;

/// The start of a device's key in the store unless `storageKey` is configured.
const DEVICE_PREFIX: &str = "epilot-portal-sdk";

/// A remembered device of one login.
#[derive(Clone)]
pub struct Device {
    pub(super) key: Secret,
    group_key: Secret,
    password: Secret,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Device(<redacted>)")
    }
}

impl Device {
    fn to_stored(&self) -> String {
        Obj::new().str("key", self.key.expose()).str("group", self.group_key.expose()).str("password", self.password.expose()).finish()
    }

    fn from_stored(text: &str) -> Option<Device> {
        let j = Json::parse(text)?;
        Some(Device { key: Secret::new(j.str("key")?), group_key: Secret::new(j.str("group")?), password: Secret::new(j.str("password")?) })
    }
}

/// The device Cognito tracked for the last sign-in (`NewDeviceMetadata`).
#[derive(Clone)]
pub(super) struct NewDevice {
    key: Secret,
    group_key: Secret,
}

/// `DeviceSecretVerifierConfig` for `ConfirmDevice`: Base64 of PAD(salt) and PAD(g^x), x from
/// the group key, device key and device password (`generateHashDevice`). Checked against
/// amazon-cognito-identity-js in `tests/cognito/device-vectors.json`.
#[doc(hidden)]
pub fn device_verifier(group_key: &str, device_key: &str, password: &str, salt: &[u8]) -> (String, String) {
    let salt = super::bignum::Big::from_bytes_be(salt);
    let verifier = srp::verifier(group_key, device_key, password, &salt);
    (b64::encode(&srp::pad(&salt)), b64::encode(&srp::pad(&verifier)))
}

/// Where the remembered device of `login` (trimmed, lower case) at pool `user_pool_id` is kept,
/// with the configured `storageKey`, if any.
pub(super) fn device_slot(storage_key: Option<&str>, user_pool_id: &str, login: &str) -> String {
    text(&[storage_key.unwrap_or(DEVICE_PREFIX), ".device.", user_pool_id, ".", login])
}

impl Auth {
    fn device_slot(&self, pool: &Pool, login: &str) -> String {
        device_slot(self.inner.config.borrow().storage_key.as_deref(), &pool.user_pool_id, login)
    }

    /// The login's remembered device in the token store, if any.
    pub(super) async fn load_device(&self, pool: &Pool, login: &str) -> Option<Device> {
        let store = self.inner.store.borrow().clone();
        store.get(&self.device_slot(pool, login)).await.ok().flatten().and_then(|t| Device::from_stored(&t))
    }

    pub(super) fn note_new_device(&self, answer: &Json) {
        let meta = answer.get("AuthenticationResult").and_then(|r| r.get("NewDeviceMetadata"));
        if let Some((key, group_key)) = meta.and_then(|m| Some((m.str("DeviceKey")?, m.str("DeviceGroupKey")?))) {
            self.inner.flow.borrow_mut().new_device = Some(NewDevice { key: Secret::new(key), group_key: Secret::new(group_key) });
        }
    }

    /// `DEVICE_SRP_AUTH`: proves the remembered device (two round trips) and returns what
    /// Cognito answers then; any other answer passes unchanged. A device Cognito no longer
    /// knows is forgotten here too.
    pub(super) async fn device_step(&self, pool: &Pool, answer: Json, username: &str) -> Result<Json, Error> {
        if answer.str("ChallengeName").as_deref() != Some("DEVICE_SRP_AUTH") {
            return Ok(answer);
        }
        let device = self.inner.flow.borrow().device.clone();
        let device = device.ok_or_else(|| Error::decode("Cognito asked for this browser's remembered device, but none is kept here"))?;
        let user = answer.get("ChallengeParameters").and_then(|p| p.str("USERNAME")).unwrap_or_else(|| username.to_string());
        let (key, group) = (device.key.expose(), device.group_key.expose());
        let client = new_srp_client()?;
        let proof = async {
            let responses = Obj::new().str("USERNAME", &user).str("DEVICE_KEY", key).str("SRP_A", &client.large_a_hex());
            let session = answer.str("Session");
            let step = self.respond(pool, "DEVICE_SRP_AUTH", session.as_deref(), responses, Purpose::SignIn, &[key]).await?;
            let claim = Claim::new(&client, group, key, device.password.expose(), &step)?;
            let responses = claim.responses(Obj::new().str("USERNAME", &user).str("DEVICE_KEY", key));
            let session = step.str("Session");
            self.respond(pool, "DEVICE_PASSWORD_VERIFIER", session.as_deref(), responses, Purpose::SignIn, &[key, group, &claim.secret_block]).await
        };
        match proof.await {
            Err(mut e) if matches!(api::error_type(&e).as_deref(), Some("ResourceNotFoundException" | "NotAuthorizedException")) => {
                self.drop_device(pool).await;
                e.message = "Cognito no longer knows this browser's remembered device (it is forgotten here too): sign in again".into();
                Err(e)
            }
            other => other,
        }
    }

    async fn drop_device(&self, pool: &Pool) {
        let login = self.inner.flow.borrow().login.clone();
        self.inner.flow.borrow_mut().device = None;
        if let Some(login) = login {
            let store = self.inner.store.borrow().clone();
            let _ = store.remove(&self.device_slot(pool, &login)).await;
        }
    }

    /// Remembers this browser for the signed-in user, so the next sign-in skips the MFA
    /// code. Call it right after a sign-in: only then does Cognito offer the device.
    pub async fn remember_device(&self, name: Option<&str>) -> Result<(), Error> {
        self.remember_now(name).await.map_err(|e| e.with_operation("rememberDevice"))
    }

    async fn remember_now(&self, name: Option<&str>) -> Result<(), Error> {
        let new = self.inner.flow.borrow().new_device.clone();
        let new = new.ok_or_else(|| {
            Error::invalid_input("there is no device to remember: call rememberDevice right after a sign-in (the pool must track devices)")
        })?;
        let login = self.login().ok_or_else(|| Error::invalid_input("not signed in"))?;
        let password = b64::encode(&srp::random_bytes(40)?);
        let (key, group) = (new.key.expose(), new.group_key.expose());
        let (salt, verifier) = device_verifier(group, key, &password, &srp::random_bytes(16)?);
        let config = Obj::new().str("PasswordVerifier", &verifier).str("Salt", &salt).finish();
        let body = Obj::new().str("DeviceKey", key).raw("DeviceSecretVerifierConfig", &config).opt_str("DeviceName", name);
        self.signed_in("rememberDevice", "ConfirmDevice", body, &[key, group]).await?;
        let status = Obj::new().str("DeviceKey", key).str("DeviceRememberedStatus", "remembered");
        self.signed_in("rememberDevice", "UpdateDeviceStatus", status, &[key]).await?;
        let device = Device { key: new.key.clone(), group_key: new.group_key.clone(), password: Secret::new(password) };
        let pool = self.pool().await?;
        let store = self.inner.store.borrow().clone();
        store.set(&self.device_slot(&pool, &login), device.to_stored()).await?;
        let mut state = self.inner.flow.borrow_mut();
        state.device = Some(device);
        state.new_device = None;
        Ok(())
    }

    /// Whether this browser has a remembered device for the signed-in (or last) login.
    pub async fn has_remembered_device(&self) -> bool {
        if self.inner.flow.borrow().device.is_some() {
            return true;
        }
        match (self.login(), self.pool().await) {
            (Some(login), Ok(pool)) => self.load_device(&pool, &login).await.is_some(),
            _ => false,
        }
    }

    /// Forgets this browser's remembered device: at Cognito (`ForgetDevice`, when signed
    /// in) and here. Returns whether there was one.
    pub async fn forget_device(&self) -> Result<bool, Error> {
        let run = async {
            let pool = self.pool().await?;
            let Some(login) = self.login() else { return Ok(false) };
            let cached = self.inner.flow.borrow().device.clone();
            let device = match cached {
                Some(d) => Some(d),
                None => self.load_device(&pool, &login).await,
            };
            let Some(device) = device else { return Ok(false) };
            if self.session().is_some() {
                let body = Obj::new().str("DeviceKey", device.key.expose());
                if let Err(e) = self.signed_in("forgetDevice", "ForgetDevice", body, &[device.key.expose()]).await {
                    if api::error_type(&e).as_deref() != Some("ResourceNotFoundException") {
                        return Err(e);
                    }
                }
            }
            self.inner.flow.borrow_mut().login = Some(login);
            self.drop_device(&pool).await;
            Ok(true)
        };
        run.await.map_err(|e: Error| e.with_operation("forgetDevice"))
    }

    /// The login devices are kept under: the sign-in's, else the session's email or user name.
    fn login(&self) -> Option<String> {
        let from_flow = self.inner.flow.borrow().login.clone();
        from_flow.or_else(|| self.session().map(|s| super::flows::login_key(&s.email.unwrap_or(s.username))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_debug_shows_nothing() {
        let d = Device { key: Secret::new("eu-central-1_dev-key"), group_key: Secret::new("-group"), password: Secret::new("device-pw") };
        let shown = format!("{d:?}");
        assert!(!shown.contains("dev-key") && !shown.contains("group") && !shown.contains("device-pw"), "{shown}");
        let back = Device::from_stored(&d.to_stored()).expect("round trip");
        assert_eq!((back.key, back.group_key, back.password), (d.key, d.group_key, d.password));
    }

    #[test]
    fn a_device_is_kept_per_pool_and_login() {
        // The sign-in module and the password module look it up under the same key.
        let login = super::super::flows::login_key("  Ann@Example.COM ");
        assert_eq!(device_slot(None, "eu-central-1_p", &login), "epilot-portal-sdk.device.eu-central-1_p.ann@example.com");
        assert_eq!(device_slot(Some("my-portal"), "eu-central-1_p", &login), "my-portal.device.eu-central-1_p.ann@example.com");
    }
}
