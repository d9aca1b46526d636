//! Sessions in the browser: where they are kept and moved, what they are bound to, how
//! they end (sign-out order, sign-out during sign-in, a new pool), clock skew, restore,
//! and two tabs sharing `localStorage` (the second tab is a same-origin iframe whose
//! writes reach this window as real `storage` events).

use super::*;
use web_sys::Storage;

/// The flow these tests sign in with: the SRP maths is slow in a debug build, and the
/// SRP handshake has its own tests.
const FAST: &str = "USER_PASSWORD_AUTH";

fn session_storage() -> Storage {
    web_sys::window().unwrap().session_storage().unwrap().unwrap()
}

fn local_storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn unique_key(tag: &str) -> String {
    format!("test.{tag}.{}", (js_sys::Math::random() * 1e12) as u64)
}

fn stored(storage: &Storage, key: &str) -> Option<Value> {
    storage.get_item(key).unwrap().map(|t| serde_json::from_str(&t).unwrap())
}

/// `configureAuth(options)` on `client`, options given as JSON plus JS values.
async fn configure(client: &JsValue, options: Value, extra: &[(&str, &JsValue)]) -> Result<JsValue, JsValue> {
    let o = js(&options);
    for (k, v) in extra {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    invoke(client, "configureAuth", &[o]).await
}

/// Waits up to 3 s for `done`.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..60 {
        if done() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting until {what}");
}

async fn api_count(route: &str) -> u64 {
    stats().await["api"][route].as_u64().unwrap_or(0)
}

async fn fault(rule: Value) {
    emu("POST", "/__admin/fault", Some(rule)).await;
}

async fn clear_faults() {
    emu("POST", "/__admin/faults/clear", Some(json!({}))).await;
}

/// A `{ get, set, remove }` store over a JS Map (`.m`); `failRemove` makes `remove` throw.
fn map_store(fail_remove: bool) -> JsValue {
    Function::new_with_args(
        "failRemove",
        "const m = new Map(); return { m, get: async (k) => m.get(k) ?? null, set: (k, v) => { m.set(k, v); }, \
         remove: (k) => { if (failRemove) throw new Error('disk is read-only'); m.delete(k); } };",
    )
    .call1(&JsValue::NULL, &fail_remove.into())
    .unwrap()
}

fn map_of(store: &JsValue) -> js_sys::Map {
    Reflect::get(store, &"m".into()).unwrap().dyn_into().unwrap()
}

/// A fresh signed-in user on a fresh client configured with `extra`; returns (client, email, sub).
async fn signed_in_with(extra: Value, flow: &str) -> (JsValue, String, String) {
    let email = unique_email("s");
    let sub = new_user(&email, PASSWORD).await;
    let (client, _) = signed_out_client(extra).await;
    let r = ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": flow }))]).await;
    assert_eq!(json(&r)["kind"], "signedIn", "{}", json(&r));
    (client, email, sub)
}

#[wasm_bindgen_test]
async fn a_changed_store_or_key_moves_the_session_and_sign_out_clears_every_place() {
    let (k1, k2) = (unique_key("move1"), unique_key("move2"));
    let (client, _, _) = signed_in_with(json!({ "storage": "sessionStorage", "storageKey": k1 }), FAST).await;
    assert!(stored(&session_storage(), &k1).is_some());

    let r = json(&ok(&client, "configureAuth", &[js(&json!({ "storage": "localStorage" }))]).await);
    assert_eq!((r["source"].as_str(), r["storage"].as_str()), (Some("current"), Some("localStorage")), "{r}");
    assert!(stored(&local_storage(), &k1).is_some(), "moved to localStorage");
    assert!(stored(&session_storage(), &k1).is_none(), "and removed from sessionStorage");

    ok(&client, "configureAuth", &[js(&json!({ "storageKey": k2 }))]).await;
    assert!(stored(&local_storage(), &k2).is_some() && stored(&local_storage(), &k1).is_none(), "moved to the new key");

    let out = json(&ok(&client, "signOut", &[]).await);
    assert_eq!((out["revoked"].as_bool(), out["cleared"].as_bool()), (Some(true), Some(true)), "{out}");
    for key in [&k1, &k2] {
        assert!(stored(&local_storage(), key).is_none() && stored(&session_storage(), key).is_none());
    }

    // A store that cannot remove is reported.
    let (client, _, _) = signed_in_with(json!({ "storage": "localStorage", "storageKey": k1 }), FAST).await;
    let store = map_store(true);
    let r = json(&configure(&client, json!({}), &[("storage", &store)]).await.unwrap());
    assert_eq!(r["storage"], "custom");
    assert!(map_of(&store).get(&k1.as_str().into()).is_string() && stored(&local_storage(), &k1).is_none(), "moved to the custom store");
    let out = json(&ok(&client, "signOut", &[]).await);
    assert_eq!(out["cleared"], false, "{out}");
    assert!(out["storageError"].as_str().unwrap_or("").contains("custom"), "{out}");
    assert!(json(&ok(&client, "getSession", &[]).await).is_null(), "signed out in memory all the same");
}

#[wasm_bindgen_test]
async fn sessions_are_bound_to_their_pool_client_and_portal() {
    let env = config().await;
    let portal = json!({ "orgId": env["orgId"], "portalId": env["portalId"], "endpoint": env["endpoint"], "storage": "sessionStorage" });
    let client: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
    ok(&client, "configureAuth", &[js(&portal)]).await;
    let email = unique_email("bound");
    new_user(&email, PASSWORD).await;
    ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": FAST }))]).await;

    // The default key is per pool and app client; the entry names pool, client, endpoint and portal.
    let key = format!("epilot-portal-sdk.session.{}.{}", env["userPoolId"].as_str().unwrap(), env["clientId"].as_str().unwrap());
    let entry = stored(&session_storage(), &key).expect("kept under the per-pool key");
    assert!(stored(&session_storage(), "epilot-portal-sdk.session").is_none());
    assert_eq!((&entry["userPoolId"], &entry["clientId"], &entry["endpoint"]), (&env["userPoolId"], &env["clientId"], &env["endpoint"]));
    assert_eq!((&entry["orgId"], &entry["portalId"]), (&env["orgId"], &env["portalId"]));

    // Read back by a new client: only when pool, client and portal match.
    let restore = |entry: Value| restore_source(env.clone(), entry);
    assert_eq!(restore(entry.clone()).await, "restored");
    for (field, value) in [("portalId", "another-portal"), ("orgId", "another-org"), ("clientId", "another-client"), ("userPoolId", "local_another")] {
        let mut foreign = entry.clone();
        foreign[field] = json!(value);
        assert_eq!(restore(foreign).await, "none", "a session with another {field} is not used");
    }
    let mut unbound = entry.clone();
    unbound.as_object_mut().unwrap().remove("portalId");
    assert_eq!(restore(unbound).await, "none", "a session of no portal is not used for a portal");

    // Sign-out forgets the cached pool: the next sign-in reads the portal config again.
    let config_reads = api_count("GET /v3/portal/public/portal/config").await;
    ok(&client, "signOut", &[]).await;
    assert!(stored(&session_storage(), &key).is_none());
    ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": FAST }))]).await;
    assert_eq!(api_count("GET /v3/portal/public/portal/config").await, config_reads + 1, "the pool was looked up again");
    ok(&client, "signOut", &[]).await;
}

/// Where a new client configured for the emulator's portal finds `entry`: `restored` or `none`.
async fn restore_source(env: Value, entry: Value) -> String {
    let k = unique_key("bound");
    session_storage().set_item(&k, &entry.to_string()).unwrap();
    let other: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
    let options = json!({ "orgId": env["orgId"], "portalId": env["portalId"], "endpoint": env["endpoint"], "storage": "sessionStorage", "storageKey": k });
    let r = json(&ok(&other, "configureAuth", &[js(&options)]).await);
    session_storage().remove_item(&k).unwrap();
    r["source"].as_str().unwrap_or("").to_string()
}

#[wasm_bindgen_test]
async fn another_pool_client_or_endpoint_ends_the_session() {
    let env = config().await;
    let (client, _, _) = signed_in_with(json!({}), FAST).await;
    let seen = record_changes(&client);
    let r = json(&ok(&client, "configureAuth", &[js(&json!({ "clientId": "another-client" }))]).await);
    assert!(r["session"].is_null(), "{r}");
    assert_eq!(reasons(&seen), vec!["signedOut"]);
    assert_eq!(get(&validate(&client).await.unwrap_err(), "status").as_f64(), Some(401.0), "no token any more");

    // A new endpoint: the refresh token never goes there.
    let (client, _, _) = signed_in_with(json!({}), FAST).await;
    let before = api_count("POST /").await;
    let r = json(&ok(&client, "configureAuth", &[js(&json!({ "endpoint": env["apiUrl"] }))]).await);
    assert!(r["session"].is_null(), "{r}");
    let _ = invoke(&client, "refreshSession", &[]).await;
    let _ = validate(&client).await;
    assert_eq!(api_count("POST /").await, before, "nothing was sent to the new endpoint");
}

#[wasm_bindgen_test]
async fn sign_out_clears_local_state_at_the_call_then_revokes_with_a_bounded_timeout() {
    let key = unique_key("order");
    let email = unique_email("order");
    new_user(&email, PASSWORD).await;
    let env = config().await;
    let client: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 }, "timeout": 1500 })).into();
    let options = json!({ "userPoolId": env["userPoolId"], "clientId": env["clientId"], "endpoint": env["endpoint"], "storage": "sessionStorage", "storageKey": key });
    ok(&client, "configureAuth", &[js(&options)]).await;
    ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": FAST }))]).await;
    fault(json!({ "match": "POST /v2/portal/token/revoke", "delayMs": 5000 })).await;

    let started = js_sys::Date::now();
    let pending: Promise = invoke_sync(&client, "signOut").dyn_into().unwrap();
    // Synchronously, before the promise settles:
    assert!(json(&invoke_sync(&client, "getSession")).is_null(), "the session is gone at once");
    assert!(stored(&session_storage(), &key).is_none(), "the store is cleared at once");
    let call = validate(&client).await;
    assert_eq!(get(&call.unwrap_err(), "status").as_f64(), Some(401.0), "a call right after signOut carries no token");

    let out = json(&JsFuture::from(pending).await.unwrap());
    let took = js_sys::Date::now() - started;
    assert_eq!(out["revoked"], false, "{out}");
    assert!(out["error"].as_str().unwrap_or("").to_lowercase().contains("time"), "{out}");
    assert!(took < 4000.0, "the revocation is bounded by the client's timeout: {took} ms");
    clear_faults().await;
}

async fn server_clock(offset_ms: f64) {
    emu("POST", "/__admin/clock", Some(json!({ "offsetMs": offset_ms }))).await;
}

#[wasm_bindgen_test]
async fn a_skewed_clock_neither_refreshes_every_call_nor_fails_a_call_on_a_failed_refresh() {
    // The server's clock is 25 hours behind this device's (as if the device's were ahead):
    // every token's `exp` is in this device's past (the emulator's tokens live 24 hours, with
    // no ExpiresIn: the SDK takes exp - iat) while the server takes it for valid.
    server_clock(-90_000_000.0).await;
    let run = async {
        let (client, _, sub) = signed_in_with(json!({}), FAST).await;
        let before = refreshes(&stats().await, &sub);
        for _ in 0..3 {
            validate(&client).await.map_err(|e| describe(&e))?;
        }
        let after = refreshes(&stats().await, &sub);
        if after != before {
            return Err(format!("{} refreshes for 3 calls with a fresh token", after - before));
        }
        // Every call now wants a refresh, and Cognito fails: the still valid token is used.
        ok(&client, "configureAuth", &[js(&json!({ "refreshMarginSeconds": 90_000 }))]).await;
        fault(json!({ "match": "InitiateAuth:REFRESH_TOKEN_AUTH", "status": 500, "times": 10 })).await;
        let r = validate(&client).await.map_err(|e| format!("a failed refresh failed the call: {}", describe(&e)));
        clear_faults().await;
        r.map(|_| ())
    };
    let result = run.await;
    server_clock(0.0).await;
    result.unwrap();
}

#[wasm_bindgen_test]
async fn sign_out_during_sign_in_wins() {
    let key = unique_key("race");
    let email = unique_email("race");
    new_user(&email, PASSWORD).await;
    let (client, _) = signed_out_client(json!({ "storage": "sessionStorage", "storageKey": key })).await;
    let seen = record_changes(&client);
    fault(json!({ "match": "InitiateAuth:USER_PASSWORD_AUTH", "delayMs": 400 })).await;
    let signing_in: Promise = invoke_sync_with(&client, "signIn", &js(&json!({ "email": email, "password": PASSWORD, "authFlow": FAST }))).dyn_into().unwrap();
    sleep(100).await; // the sign-in is waiting for Cognito
    ok(&client, "signOut", &[]).await;
    let err = JsFuture::from(signing_in).await.expect_err("the sign-in must not succeed after signOut");
    assert_error(&err, "ABORTED");
    assert!(json(&ok(&client, "getSession", &[]).await).is_null());
    assert!(stored(&session_storage(), &key).is_none(), "nothing was persisted");
    assert!(reasons(&seen).is_empty(), "{:?}", reasons(&seen));
    assert_eq!(get(&validate(&client).await.unwrap_err(), "status").as_f64(), Some(401.0));
}

#[wasm_bindgen_test]
async fn configure_auth_checks_every_option_before_applying_any() {
    let (client, _, _) = signed_in_with(json!({}), FAST).await;
    let err = invoke(&client, "configureAuth", &[js(&json!({ "clientId": "another-client", "bearer": "nope" }))]).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
    assert!(!json(&ok(&client, "getSession", &[]).await).is_null(), "the session is kept");
    validate(&client).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    // and the client id was not applied: a new sign-in still goes to the right client
    let email = unique_email("atomic");
    new_user(&email, PASSWORD).await;
    let r = invoke(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": FAST }))]).await;
    assert_eq!(json(&r.unwrap_or_else(|e| panic!("{}", describe(&e))))["kind"], "signedIn");
}

#[wasm_bindgen_test]
async fn blocked_local_storage_falls_back_to_memory() {
    let unblock = Function::new_no_args(
        "const d = Object.getOwnPropertyDescriptor(window, 'localStorage'); \
         Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('access denied', 'SecurityError'); } }); \
         return () => Object.defineProperty(window, 'localStorage', d);",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let env = config().await;
    let client: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
    let options = json!({ "userPoolId": env["userPoolId"], "clientId": env["clientId"], "endpoint": env["endpoint"], "storage": "localStorage" });
    let r = invoke(&client, "configureAuth", &[js(&options)]).await;
    unblock.dyn_ref::<Function>().unwrap().call0(&JsValue::NULL).unwrap();
    let r = json(&r.unwrap_or_else(|e| panic!("configureAuth rejected: {}", describe(&e))));
    assert_eq!(r["storage"], "memory", "{r}");
    assert!(r["storageFallback"].as_str().unwrap_or("").contains("localStorage"), "{r}");
    let email = unique_email("blocked");
    new_user(&email, PASSWORD).await;
    assert_eq!(json(&ok(&client, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": FAST }))]).await)["kind"], "signedIn");
}

#[wasm_bindgen_test]
async fn a_restored_session_that_cannot_be_refreshed_is_expired() {
    let env = config().await;
    let store = map_store(false);
    let (first, _) = signed_out_client(json!({})).await;
    configure(&first, json!({ "storageKey": "r" }), &[("storage", &store)]).await.unwrap();
    let email = unique_email("restore");
    new_user(&email, PASSWORD).await;
    ok(&first, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": FAST }))]).await;
    let map = map_of(&store);
    let good: Value = serde_json::from_str(&map.get(&"r".into()).as_string().unwrap()).unwrap();
    let reload = |entry: Value| {
        let (store, env, map) = (store.clone(), env.clone(), map.clone());
        async move {
            map.set(&"r".into(), &entry.to_string().into());
            let client: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
            let seen = record_changes(&client);
            let options = json!({ "userPoolId": env["userPoolId"], "clientId": env["clientId"], "endpoint": env["endpoint"], "storageKey": "r" });
            let r = json(&configure(&client, options, &[("storage", &store)]).await.unwrap_or_else(|e| panic!("{}", describe(&e))));
            (client, r, reasons(&seen))
        }
    };
    // Expired access token, refresh refused.
    let mut stale = good.clone();
    stale["expiresAt"] = json!(js_sys::Date::now() - 1000.0);
    fault(json!({ "match": "InitiateAuth:REFRESH_TOKEN_AUTH", "status": 400, "type": "NotAuthorizedException", "message": "Refresh Token has been revoked" })).await;
    let (_, r, seen) = reload(stale.clone()).await;
    clear_faults().await;
    assert_eq!((r["source"].as_str(), r["session"].is_null()), (Some("expired"), true), "{r}");
    assert_eq!(seen, vec!["expired"]);
    assert!(map.get(&"r".into()).is_undefined(), "removed from the store");

    // No refresh token and an expired access token: not signed in.
    let mut dead = stale.clone();
    dead.as_object_mut().unwrap().remove("refreshToken");
    let (_, r, _) = reload(dead).await;
    assert_eq!((r["source"].as_str(), r["session"].is_null()), (Some("expired"), true), "{r}");

    // No refresh token, still valid: signed in until the access token expires, not after.
    let mut short = good.clone();
    short.as_object_mut().unwrap().remove("refreshToken");
    short["expiresAt"] = json!(js_sys::Date::now() + 400.0);
    let (client, r, _) = reload(short).await;
    assert_eq!(r["source"], "restored", "{r}");
    sleep(600).await;
    assert!(json(&ok(&client, "getSession", &[]).await).is_null(), "not reported as signed in past the expiry");
    assert!(json(&ok(&client, "getAccessToken", &[]).await).is_null());
}

/// A second "tab": a same-origin iframe. A store writing through its `localStorage`
/// changes this window's `localStorage` as another tab would (a real `storage` event here).
fn other_tab_store() -> JsValue {
    Function::new_no_args(
        "const f = document.createElement('iframe'); document.body.appendChild(f); const s = f.contentWindow.localStorage; \
         return { get: (k) => s.getItem(k), set: (k, v) => s.setItem(k, v), remove: (k) => s.removeItem(k) };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
}

async fn tab(key: &str, store: Option<&JsValue>) -> (JsValue, js_sys::Array) {
    let env = config().await;
    let client: JsValue = client_with(json!({ "baseUrl": env["apiUrl"], "retry": { "maxRetries": 0 } })).into();
    let seen = record_changes(&client);
    let options = json!({ "userPoolId": env["userPoolId"], "clientId": env["clientId"], "endpoint": env["endpoint"], "storageKey": key, "storage": "localStorage" });
    match store {
        Some(s) => configure(&client, options, &[("storage", s)]).await.unwrap(),
        None => configure(&client, options, &[]).await.unwrap(),
    };
    (client, seen)
}

/// The session's expiry: tells two sessions apart synchronously (getAccessToken is async).
fn expiry_of(client: &JsValue) -> Option<f64> {
    json(&invoke_sync(client, "getSession"))["expiresAt"].as_f64()
}

#[wasm_bindgen_test]
async fn two_tabs_share_refreshes_and_sign_out() {
    let key = unique_key("tabs");
    let (a, _) = tab(&key, Some(&other_tab_store())).await;
    let email = unique_email("tabs");
    let sub = new_user(&email, PASSWORD).await;
    ok(&a, "signIn", &[js(&json!({ "email": email, "password": PASSWORD, "authFlow": FAST }))]).await;
    let (b, seen) = tab(&key, None).await;
    assert_eq!(json(&invoke_sync(&b, "getSession"))["email"], email.as_str(), "tab B restored tab A's session");

    // A refreshes: B takes the newer tokens over without a refresh of its own.
    let before = refreshes(&stats().await, &sub);
    sleep(20).await;
    ok(&a, "refreshSession", &[]).await;
    let a_token = ok(&a, "getAccessToken", &[]).await.as_string();
    eventually("tab B has tab A's new session", || expiry_of(&b) == expiry_of(&a)).await;
    assert_eq!(ok(&b, "getAccessToken", &[]).await.as_string(), a_token);
    assert_eq!(refreshes(&stats().await, &sub), before + 1, "one refresh for both tabs");
    assert_eq!(reasons(&seen), vec!["restored", "refreshed"]);

    // A signs out: B is signed out too, and nothing brings the session back.
    ok(&a, "signOut", &[]).await;
    eventually("tab B is signed out", || json(&invoke_sync(&b, "getSession")).is_null()).await;
    assert_eq!(reasons(&seen).last().map(String::as_str), Some("signedOut"));
    assert_eq!(get(&validate(&b).await.unwrap_err(), "status").as_f64(), Some(401.0));
    assert!(local_storage().get_item(&key).unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_newer_session_wins_between_tabs() {
    let key = unique_key("newer");
    let (b, seen) = tab(&key, None).await;
    let (x, y) = (unique_email("x"), unique_email("y"));
    new_user(&x, PASSWORD).await;
    new_user(&y, PASSWORD).await;
    ok(&b, "signIn", &[js(&json!({ "email": x, "password": PASSWORD, "authFlow": FAST }))]).await;
    // The other tab signs in as Y later: B follows.
    let (a, _) = tab(&key, Some(&other_tab_store())).await;
    ok(&a, "signIn", &[js(&json!({ "email": y, "password": PASSWORD, "authFlow": FAST }))]).await;
    eventually("tab B has Y's session", || json(&invoke_sync(&b, "getSession"))["email"] == y.as_str()).await;
    assert_eq!(reasons(&seen), vec!["signedIn", "signedIn"]);
    // B's refresh keeps Y in the shared storage (X does not come back over it).
    ok(&b, "refreshSession", &[]).await;
    let entry = stored(&local_storage(), &key).expect("a session in localStorage");
    assert_eq!(json(&invoke_sync(&a, "getSession"))["email"], y.as_str());
    let b_claims = json(&invoke_sync(&b, "getSession"));
    assert_eq!(entry["username"], b_claims["username"], "{entry}");
    assert_eq!(b_claims["email"], y.as_str());
    ok(&b, "signOut", &[]).await;
}

#[wasm_bindgen_test]
async fn moving_into_shared_storage_does_not_overwrite_a_newer_session() {
    let key = unique_key("clobber");
    let (x, y) = (unique_email("x"), unique_email("y"));
    new_user(&x, PASSWORD).await;
    new_user(&y, PASSWORD).await;
    // B signs in as X, kept in its own sessionStorage.
    let (b, _) = signed_out_client(json!({ "storage": "sessionStorage", "storageKey": key })).await;
    ok(&b, "signIn", &[js(&json!({ "email": x, "password": PASSWORD, "authFlow": FAST }))]).await;
    // Later, another tab signs in as Y in localStorage under the same key.
    sleep(20).await;
    let (a, _) = tab(&key, Some(&other_tab_store())).await;
    ok(&a, "signIn", &[js(&json!({ "email": y, "password": PASSWORD, "authFlow": FAST }))]).await;
    // B moves to localStorage: the newer session there wins over B's older one.
    let r = json(&ok(&b, "configureAuth", &[js(&json!({ "storage": "localStorage" }))]).await);
    assert_eq!(r["session"]["email"], y.as_str(), "{r}");
    assert_eq!(stored(&local_storage(), &key).expect("a session")["username"], json(&invoke_sync(&a, "getSession"))["username"]);
    assert!(stored(&session_storage(), &key).is_none(), "B's old place was cleared");
    ok(&b, "signOut", &[]).await;
}
