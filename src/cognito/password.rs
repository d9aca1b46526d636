//! Password sign-in without the sign-in module: the npm package's small third module
//! (`password/`, feature `password-module`). The package's loader (`src/js/sign_in.js`) imports
//! it for a `signIn` with email and password on a client whose `configureAuth` the core answered
//! (`src/js/session.rs`: plain options, the session kept in `localStorage` or `sessionStorage`)
//! and that holds no session: the sign-in page of a portal.
//!
//! It proves the password as the sign-in module does (the same `flows::Steps`: SRP by default,
//! `USER_PASSWORD_AUTH` when configured) and writes the session where that module would, in its
//! stored form; the core then holds it as after a page load, and the sign-in module, when it is
//! loaded later, takes it over with Cognito's answer (a device Cognito tracked can be remembered
//! then). Every other outcome is the sign-in module's: before anything is sent (an input it would
//! word an error for, a remembered device of this login), nothing is done here; after Cognito
//! answered with a challenge (or tokens that could not be stored), the sign-in module takes that
//! answer over (`SignIn.__continueSignIn`) as if its own sign-in had received it.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::devices::device_slot;
use super::flows::{login_key, password_params, Steps, COGNITO_TIMEOUT_MS};
use super::js_input::{flow, Input};
use super::json::Json;
use super::{cancelled, AuthFlow, Pool, Tokens};
use crate::error::Error;
use crate::session_base::pool_endpoint;
use crate::transport;

/// What the sign-in needs, read from `configureAuth`'s options and `signIn`'s input; `None` when
/// the sign-in module must do it (it then words any error).
struct Plan {
    pool: Pool,
    flow: AuthFlow,
    email: String,
    password: crate::Secret,
    storage: web_sys::Storage,
}

fn plan(options: JsValue, input: JsValue, storage: &str) -> Option<Plan> {
    let options = Input::new("configureAuth options", options, super::js_input::AUTH_OPTIONS).ok()?;
    let input = Input::new("signIn input", input, &["email", "password", "authFlow"]).ok()?;
    let (user_pool_id, client_id) = (options.req("userPoolId").ok()?, options.req("clientId").ok()?);
    let endpoint = match options.opt("endpoint").ok()? {
        Some(e) => e,
        None => pool_endpoint(&user_pool_id)?,
    };
    let flow = match flow(input.opt("authFlow").ok()?.as_deref()).ok()? {
        Some(f) => f,
        None => flow(options.opt("authFlow").ok()?.as_deref()).ok()?.unwrap_or_default(),
    };
    let email = input.req("email").ok()?.trim().to_string();
    let password = crate::Secret::new(input.req("password").ok()?);
    let window = web_sys::window()?;
    let storage = match storage {
        "localStorage" => window.local_storage(),
        "sessionStorage" => window.session_storage(),
        _ => return None,
    };
    let storage = storage.ok().flatten()?;
    // A remembered device of this login: its sign-in answers DEVICE_SRP_AUTH, the sign-in module's.
    let storage_key = options.opt("storageKey").ok()?.filter(|k| !k.is_empty());
    let device = storage.get_item(&device_slot(storage_key.as_deref(), &user_pool_id, &login_key(&email))).ok()?;
    if email.is_empty() || device.is_some() {
        return None;
    }
    Some(Plan { pool: Pool { user_pool_id, client_id, endpoint, portal: None }, flow, email, password, storage })
}

/// `{ answer, username, login, kept }`: Cognito's last answer, the user it is for, the login the
/// sign-in began with, and whether the session was written to storage under `key`.
fn outcome(answer: &Json, username: &str, login: &str, kept: bool) -> JsValue {
    let result = Object::new();
    for (k, v) in [("answer", answer.js().clone()), ("username", username.into()), ("login", login.into()), ("kept", kept.into())] {
        let _ = Reflect::set(&result, &k.into(), &v);
    }
    result.into()
}

async fn sign_in(plan: Plan, key: String, wanted: Function) -> Result<JsValue, Error> {
    let Plan { pool, flow, email, password, storage } = plan;
    let steps = Steps { pool: &pool, timeout_ms: Some(COGNITO_TIMEOUT_MS), metadata: None };
    let pw = password.expose();
    let (params, client) = password_params(&email, pw, flow)?;
    let secrets: &[&str] = if client.is_some() { &[] } else { &[pw] };
    let answer = steps.initiate(flow.as_str(), params, None, secrets).await?;
    let (answer, username) = steps.password_verifier(answer, client.as_ref().map(|c| (c, pw)), &email, None).await?;
    // A signOut while this ran cancels the sign-in (the loader counts them).
    if !wanted.call0(&JsValue::NULL).is_ok_and(|w| w.is_truthy()) {
        return Err(cancelled());
    }
    // Tokens: kept here (a device Cognito began to track is the sign-in module's to remember, from
    // this answer: `SignIn.__adopt`). A challenge goes to the sign-in module.
    let result = answer.get("AuthenticationResult").filter(Json::is_object);
    let kept = match result {
        Some(result) => {
            let tokens = Tokens::from_result(&result, &username, &pool, None, transport::now_ms())?;
            storage.set_item(&key, &tokens.to_stored()).is_ok()
        }
        None => false,
    };
    Ok(outcome(&answer, &username, &email, kept))
}

/// `signIn(input)` of a client configured with `options` (which the core accepted), its session to
/// be kept in `storage` (`localStorage` or `sessionStorage`) under `key`; `wanted()` says whether
/// no signOut came meanwhile. Resolves with `undefined` when the sign-in module must sign in
/// (nothing was sent), else `{ answer, username, login, kept }`: Cognito's last answer, and
/// whether the session is now kept in storage (else the sign-in module takes `answer` over).
/// Rejects as the sign-in module's `signIn` would (a wrong password, Cognito unreachable).
#[wasm_bindgen(js_name = signInWithPassword)]
pub fn sign_in_with_password(options: JsValue, input: JsValue, storage: String, key: String, wanted: Function) -> Promise {
    super::js_error::promise(
        "signIn",
        Box::pin(async move {
            match plan(options, input, &storage) {
                Some(plan) => sign_in(plan, key, wanted).await,
                None => Ok(JsValue::UNDEFINED),
            }
        }),
    )
}
