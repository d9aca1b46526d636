//! The session in its token store: the key (one per pool and app client unless the
//! app names one), writing it, moving it when the store or the key changes, removing it
//! from every place it was written to, and reading it back after a reload (`restore`).

use super::*;
use session::same_store;

/// A place a session was written to: a store and a key in it.
pub(crate) type Place = (Rc<dyn TokenStore>, String);

impl Auth {
    /// The storage key for a session of `pool`.
    pub(crate) fn key_for(&self, pool: &Pool) -> String {
        self.inner.config.borrow().storage_key.clone().unwrap_or_else(|| pool.storage_key())
    }

    /// The key the configured pool's session is (or would be) kept under, when known
    /// without a request.
    pub(crate) fn configured_key(&self) -> Option<String> {
        let config = self.inner.config.borrow();
        if let Some(key) = &config.storage_key {
            return Some(key.clone());
        }
        match (&config.user_pool_id, &config.client_id, self.inner.pool.borrow().as_ref()) {
            (Some(p), Some(c), _) => Some(default_storage_key(p, c)),
            (_, _, Some(pool)) => Some(pool.storage_key()),
            _ => None,
        }
    }

    fn remember(&self, store: Rc<dyn TokenStore>, key: String) {
        let mut places = self.inner.places.borrow_mut();
        if !places.iter().any(|(s, k)| same_store(s, &store) && *k == key) {
            places.push((store, key));
        }
    }

    fn forget(&self, store: &Rc<dyn TokenStore>, key: &str) {
        self.inner.places.borrow_mut().retain(|(s, k)| !(same_store(s, store) && k == key));
    }

    /// Writes the session to the current store under its key, then removes it from
    /// every other place it was written to: a changed store or key moves the session.
    /// A store that fails does not fail the caller: the session still works in memory.
    pub(crate) async fn persist(&self) {
        let Some((text, key)) = self.inner.tokens.borrow().as_ref().map(|t| (t.to_stored(), self.key_for(&t.pool))) else {
            return;
        };
        let store = self.inner.store.borrow().clone();
        // Another tab's newer session in the shared storage is taken over, not overwritten.
        #[cfg(target_arch = "wasm32")]
        let adopted = self.adopt_newer_from_other_tab(false);
        #[cfg(not(target_arch = "wasm32"))]
        let adopted = false;
        if !adopted {
            // Remembered before the write, so a sign-out during a slow write removes it too.
            self.remember(store.clone(), key.clone());
            let written = store.set(&key, text).await;
            if self.inner.tokens.borrow().is_none() {
                // Signed out while the store was writing: take it back out.
                let _ = store.remove(&key).await;
                return;
            }
            if written.is_err() {
                self.forget(&store, &key);
            }
        }
        let old: Vec<Place> = self.inner.places.borrow().iter().filter(|(s, k)| !(same_store(s, &store) && *k == key)).cloned().collect();
        for (s, k) in old {
            if s.remove(&k).await.is_ok() {
                self.forget(&s, &k);
            }
        }
    }

    /// Starts removing the session from every place it was written to and from
    /// `current` (each store is called now, so browser storage is cleared at once);
    /// the future gives one line per store that failed.
    pub(crate) fn remove_everywhere(&self, current: Option<String>) -> LocalFuture<Vec<String>> {
        let mut places = std::mem::take(&mut *self.inner.places.borrow_mut());
        if let Some(key) = current {
            let store = self.inner.store.borrow().clone();
            if !places.iter().any(|(s, k)| same_store(s, &store) && *k == key) {
                places.push((store, key));
            }
        }
        let removals: Vec<_> = places.iter().map(|(s, k)| (s.kind(), s.remove(k))).collect();
        Box::pin(async move {
            let mut failed = Vec::new();
            for (kind, removal) in removals {
                if let Err(e) = removal.await {
                    failed.push(crate::error::text(&[kind, ": ", &e.message]));
                }
            }
            failed
        })
    }

    /// Changes where the session is kept. Call [`Auth::persist_now`] (or configure)
    /// to move a current session there.
    #[doc(hidden)]
    pub fn swap_store(&self, store: Rc<dyn TokenStore>) {
        #[cfg(target_arch = "wasm32")]
        {
            let local = store.kind() == "localStorage";
            let mut sync = self.inner.tabs.borrow_mut();
            match (local, sync.is_some()) {
                (true, false) => *sync = tabs::TabSync::start(Rc::downgrade(&self.inner)),
                (false, true) => *sync = None,
                _ => {}
            }
        }
        *self.inner.store.borrow_mut() = store;
    }

    /// `memory`, `sessionStorage`, `localStorage` or `custom`.
    pub fn store_kind(&self) -> &'static str {
        self.inner.store.borrow().kind()
    }

    /// Changes where the session is kept, and moves a current session there (it is
    /// removed from where it was).
    pub async fn set_store(&self, store: Rc<dyn TokenStore>) {
        self.swap_store(store);
        self.persist_now().await;
    }

    /// Writes the current session (if any) where the settings say, removing it from
    /// any other place it was written to.
    pub async fn persist_now(&self) {
        self.persist().await;
    }

    /// Takes over a session given by its stored form (one the JS core restored before the
    /// sign-in module was loaded), when it fits the configured pool, app client and portal:
    /// authorizes the client with it, as a restore does, without writing or announcing it.
    pub fn take_over(&self, stored: &str) -> bool {
        let Some(tokens) = Tokens::from_stored(stored).filter(|t| t.pool.fits(&self.config())) else { return false };
        let key = self.key_for(&tokens.pool);
        self.hold(tokens, key);
        true
    }

    /// Makes `tokens` the session, kept under `key` in the current store, and authorizes the
    /// client with it.
    pub(crate) fn hold(&self, tokens: Tokens, key: String) {
        self.inner.epoch.set(self.inner.epoch.get() + 1);
        *self.inner.tokens.borrow_mut() = Some(tokens);
        let store = self.inner.store.borrow().clone();
        self.remember(store, key);
        self.install();
    }

    /// Reads a session kept by the token store (after a reload) and, when it belongs
    /// to the configured pool, app client and portal, authorizes the client with it.
    /// A session of another pool, client or portal is left alone. An expired access
    /// token is refreshed first: a refused refresh clears the session (`Expired`).
    pub async fn restore(&self) -> Result<Restored, Error> {
        let store = self.inner.store.borrow().clone();
        let mut config = self.config();
        if config.user_pool_id.is_none() || config.client_id.is_none() {
            // Configured by portal: its pool decides which session is ours. A fresh
            // memory store holds nothing: no need to look the pool up then.
            if config.org_id.is_none() || config.portal_id.is_none() || store.kind() == "memory" {
                return Ok(Restored::None);
            }
            let pool = self.pool().await?;
            config.user_pool_id = Some(pool.user_pool_id);
            config.client_id = Some(pool.client_id);
        }
        let key = match (&config.storage_key, &config.user_pool_id, &config.client_id) {
            (Some(k), _, _) => k.clone(),
            (None, Some(p), Some(c)) => default_storage_key(p, c),
            _ => return Ok(Restored::None),
        };
        let Some(text) = store.get(&key).await? else { return Ok(Restored::None) };
        let Some(tokens) = Tokens::from_stored(&text) else {
            let _ = store.remove(&key).await;
            return Ok(Restored::None);
        };
        if !tokens.pool.fits(&config) {
            return Ok(Restored::None);
        }
        if let Some(current) = self.session() {
            return Ok(Restored::Session(current));
        }
        let now = transport::now_ms();
        if tokens.is_dead(now) {
            let _ = store.remove(&key).await;
            self.emit(SessionChange::Expired);
            return Ok(Restored::Expired);
        }
        let stale = tokens.refresh_token.is_some() && now >= tokens.expires_at_ms - config.refresh_margin_ms;
        self.inner.epoch.set(self.inner.epoch.get() + 1);
        *self.inner.tokens.borrow_mut() = Some(tokens);
        self.remember(store, key);
        if stale {
            match self.refresh_now(SessionChange::Restored).await {
                Ok(()) => {}
                // Refused: the session was cleared and `Expired` announced.
                Err(_) if self.inner.tokens.borrow().is_none() => return Ok(Restored::Expired),
                // Offline or Cognito down: keep the session, a later call refreshes.
                Err(_) => {
                    self.install();
                    self.emit(SessionChange::Restored);
                }
            }
        } else {
            self.install();
            self.emit(SessionChange::Restored);
        }
        Ok(self.session().map(Restored::Session).unwrap_or(Restored::None))
    }
}
