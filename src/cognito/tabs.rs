//! Tabs that share `localStorage`. The browser's `storage` event tells a tab about
//! changes made by the others: a session another tab wrote (sign-in, refresh) is taken
//! over when it is newer than this tab's, and a session another tab removed (sign-out,
//! expiry) ends here too. Before refreshing, a tab also looks whether another one has
//! refreshed already.

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::*;

/// The `storage` listener of one [`Auth`]; removed when dropped.
pub(crate) struct TabSync {
    window: JsValue,
    listener: Closure<dyn FnMut(JsValue)>,
}

impl TabSync {
    pub(crate) fn start(inner: Weak<Inner>) -> Option<TabSync> {
        let window: JsValue = web_sys::window()?.into();
        let listener = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let Some(inner) = inner.upgrade() else { return };
            let local = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).map(JsValue::from);
            let area = Reflect::get(&event, &"storageArea".into()).ok();
            if local.is_none() || area != local {
                return;
            }
            let key = Reflect::get(&event, &"key".into()).ok().and_then(|k| k.as_string());
            Auth { inner }.on_other_tab(key.as_deref());
        });
        call(&window, "addEventListener", &listener)?;
        Some(TabSync { window, listener })
    }
}

impl Drop for TabSync {
    fn drop(&mut self) {
        let _ = call(&self.window, "removeEventListener", &self.listener);
    }
}

fn call(window: &JsValue, method: &str, listener: &Closure<dyn FnMut(JsValue)>) -> Option<()> {
    let f: Function = Reflect::get(window, &method.into()).ok()?.dyn_into().ok()?;
    f.call2(window, &"storage".into(), listener.as_ref()).ok().map(|_| ())
}

impl Auth {
    /// The key this tab's session lives under in `localStorage`, if it uses it.
    fn shared_key(&self) -> Option<String> {
        if self.inner.store.borrow().kind() != "localStorage" {
            return None;
        }
        let from_tokens = self.inner.tokens.borrow().as_ref().map(|t| self.key_for(&t.pool));
        from_tokens.or_else(|| self.configured_key())
    }

    /// The session another tab left under `key`, when it belongs to this configuration.
    fn theirs(&self, key: &str) -> (bool, Option<Tokens>) {
        let text = WebStorage::Local.read_now(key);
        let config = self.inner.config.borrow().clone();
        let tokens = text.as_deref().and_then(Tokens::from_stored).filter(|t| t.pool.fits(&config));
        (text.is_some(), tokens)
    }

    /// Takes over `tokens` (newer than this tab's), announced as a refresh when the
    /// user is the same, else as a sign-in.
    fn adopt(&self, tokens: Tokens, key: String) {
        let same_user = self.inner.tokens.borrow().as_ref().is_some_and(|t| t.username == tokens.username);
        self.hold(tokens, key);
        self.emit(if same_user { SessionChange::Refreshed } else { SessionChange::SignedIn });
    }

    /// Another tab changed `localStorage` (`key` is `None` after `clear()`).
    pub(crate) fn on_other_tab(&self, changed: Option<&str>) {
        let Some(key) = self.shared_key() else { return };
        if changed.is_some_and(|k| k != key) {
            return;
        }
        match self.theirs(&key) {
            // Removed there (sign-out, expiry): over here too. The other tab revoked.
            (false, _) => {
                if self.inner.tokens.borrow().is_some() {
                    drop(self.end_session(SessionChange::SignedOut));
                }
            }
            (true, Some(tokens)) => {
                let newer = match self.inner.tokens.borrow().as_ref() {
                    Some(ours) => ours.access_token != tokens.access_token && tokens.issued_at_ms > ours.issued_at_ms,
                    None => !tokens.is_dead(transport::now_ms()),
                };
                if newer {
                    self.adopt(tokens, key);
                }
            }
            // Another pool's or an unreadable entry: not this tab's to act on.
            (true, None) => {}
        }
    }

    /// Before a refresh (`before_refresh`: when another tab has already refreshed, a
    /// newer session not about to expire) or a write (a newer session that is still
    /// usable): take the other tab's session over instead, so no tab overwrites a newer
    /// session with an older one.
    pub(crate) fn adopt_newer_from_other_tab(&self, before_refresh: bool) -> bool {
        let Some(key) = self.shared_key() else { return false };
        let Some(tokens) = self.theirs(&key).1 else { return false };
        let now = transport::now_ms();
        let margin = if before_refresh { self.inner.config.borrow().refresh_margin_ms } else { 0.0 };
        let usable = now < tokens.expires_at_ms - margin || (!before_refresh && tokens.refresh_token.is_some());
        let newer = self.inner.tokens.borrow().as_ref().is_some_and(|ours| tokens.issued_at_ms > ours.issued_at_ms);
        if usable && newer {
            self.adopt(tokens, key);
        }
        usable && newer
    }
}
