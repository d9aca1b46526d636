//! How a session ends: sign-out (local state first, synchronously, then the refresh
//! token's revocation with a bounded timeout), expiry, and settings that name another
//! pool, app client, endpoint or portal.

use super::*;

impl Auth {
    /// Ends the session here, synchronously: pending sign-ins cancelled (on sign-out),
    /// tokens taken, the cached pool forgotten (the portal's is read again at the next
    /// sign-in), the client deauthorized, every store told to remove the session, and
    /// `change` announced. Returns the tokens it held and the storage removals.
    pub(crate) fn end_session(&self, change: SessionChange) -> (Option<Tokens>, LocalFuture<Vec<String>>) {
        self.inner.epoch.set(self.inner.epoch.get() + 1);
        if change == SessionChange::SignedOut {
            self.inner.cancel.set(self.inner.cancel.get() + 1);
            self.inner.pending.borrow_mut().take();
        }
        self.end_flow(change == SessionChange::SignedOut, true);
        let tokens = self.inner.tokens.borrow_mut().take();
        let key = tokens.as_ref().map(|t| self.key_for(&t.pool)).or_else(|| self.configured_key());
        self.inner.pool.borrow_mut().take();
        self.uninstall();
        let removals = self.remove_everywhere(key);
        if tokens.is_some() {
            self.emit(change);
        }
        (tokens, removals)
    }

    /// Signs out. At the call, synchronously: the session is cleared from memory and
    /// every store it was written to, the client is deauthorized, a pending sign-in
    /// is cancelled, `SignedOut` is announced. Then the refresh token is revoked
    /// through the API's `revokeToken` (with the captured access token, at most
    /// 10 s or the client's timeout). The result says whether it was revoked and
    /// whether every store removed the session.
    pub fn sign_out(&self) -> LocalFuture<SignOutResult> {
        let (tokens, removals) = self.end_session(SessionChange::SignedOut);
        let host = self.inner.client.clone();
        Box::pin(async move {
            let failed = removals.await;
            let (revoked, error) = revoke_tokens(host, tokens).await;
            signed_out(revoked, error, failed)
        })
    }

    /// Applies new settings. A changed pool, app client, endpoint or portal drops the
    /// cached pool and cancels a sign-in still running; a session or pending challenge that does not belong to the new
    /// settings ends (signed out; the revocation runs in the background), so a token
    /// never goes to an endpoint that did not issue it.
    pub fn set_config(&self, config: AuthConfig) {
        let old = self.inner.config.replace(config.clone());
        let moved = old.user_pool_id != config.user_pool_id
            || old.client_id != config.client_id
            || old.endpoint != config.endpoint
            || old.org_id != config.org_id
            || old.portal_id != config.portal_id;
        if moved {
            // A sign-in still running for the old pool must not leave a session behind.
            self.inner.pool.borrow_mut().take();
            self.inner.cancel.set(self.inner.cancel.get() + 1);
        }
        let pending_elsewhere = self.inner.pending.borrow().as_ref().is_some_and(|p| !p.pool.fits(&config));
        if pending_elsewhere {
            self.inner.pending.borrow_mut().take();
        }
        let elsewhere = self.inner.tokens.borrow().as_ref().is_some_and(|t| !t.pool.fits(&config));
        if elsewhere {
            let done = self.sign_out();
            wasm_bindgen_futures::spawn_local(async move {
                done.await;
            });
        }
    }

    /// Changes the settings through `change` (see [`Auth::set_config`]).
    pub fn update_config(&self, change: impl FnOnce(&mut AuthConfig)) {
        let mut config = self.config();
        change(&mut config);
        self.set_config(config);
    }
}

/// Revokes the refresh token of `tokens` through `host`, when there is one: whether it was
/// revoked, and why not.
pub(super) async fn revoke_tokens(host: Rc<dyn AuthHost>, tokens: Option<Tokens>) -> (bool, Option<String>) {
    match tokens {
        Some(Tokens { access_token, refresh_token: Some(refresh), .. }) => match host.revoke(access_token, refresh).await {
            Ok(()) => (true, None),
            Err(e) => (false, Some(e.described())),
        },
        _ => (false, None),
    }
}

/// A sign-out's result: the revocation's outcome and the stores that could not remove
/// the session.
pub(super) fn signed_out(revoked: bool, error: Option<String>, failed: Vec<String>) -> SignOutResult {
    let storage_error = (!failed.is_empty()).then(|| failed.iter().map(String::as_str).collect::<Vec<_>>().join("; "));
    SignOutResult { revoked, error, cleared: storage_error.is_none(), storage_error }
}
