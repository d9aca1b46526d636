//! [`AuthHost`] over the page's JS `PortalClient` (what `SignIn` drives, `js_signin.rs`): API
//! operations through its operation methods (so they go with the client's base URL, headers,
//! hooks and retries), the session through its public `authorize` and `onUnauthorized`.
//!
//! One JS function each for the token and the 401 hook, made once: re-authorizing (after
//! every refresh) swaps what they call, not the functions.

use std::cell::RefCell;
use std::rc::Rc;

use crate::auth::{LocalFuture, Secret, TokenSource};
use crate::client::UnauthorizedHook;
use crate::cognito::host::{AuthHost, Params, REVOKE_TIMEOUT_MS};
use crate::client::js_promise;
use crate::error::{text, ErrorCode, ErrorResponse};
use crate::operation::Operation;
use crate::request::ParamValue;
use crate::Error;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub struct JsHost {
    client: JsValue,
    token: Rc<RefCell<TokenSource>>,
    token_fn: JsValue,
    unauthorized: Rc<RefCell<Option<UnauthorizedHook>>>,
    unauthorized_fn: JsValue,
}

impl JsHost {
    pub fn new(client: JsValue) -> JsHost {
        let token: Rc<RefCell<TokenSource>> = Rc::default();
        let source = token.clone();
        let token_fn = Closure::<dyn Fn() -> Promise>::new(move || {
            let source = source.borrow().clone();
            js_promise(Box::pin(async move {
                match source.token().await {
                    Ok(t) => Ok(t.map(|s| JsValue::from_str(s.expose())).unwrap_or(JsValue::NULL)),
                    Err(e) => Err(super::js_error::to_js(e)),
                }
            }))
        })
        .into_js_value();
        let unauthorized: Rc<RefCell<Option<UnauthorizedHook>>> = Rc::default();
        let hook = unauthorized.clone();
        let unauthorized_fn = Closure::<dyn Fn() -> Promise>::new(move || {
            let hook = hook.borrow().clone();
            js_promise(Box::pin(async move {
                match hook {
                    Some(h) => h().await.map(|_| JsValue::UNDEFINED).map_err(super::js_error::to_js),
                    None => Ok(JsValue::UNDEFINED),
                }
            }))
        })
        .into_js_value();
        JsHost { client, token, token_fn, unauthorized, unauthorized_fn }
    }

    fn invoke(&self, name: &str, args: &[&JsValue]) -> Result<JsValue, Error> {
        invoke(&self.client, name, args)
    }
}

/// Calls `client`'s method `name` with `args`.
fn invoke(client: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, Error> {
    let f: Function = Reflect::get(client, &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| Error::invalid_input(text(&["the client has no method ", name])))?;
    let args: Array = args.iter().copied().collect();
    f.apply(client, &args).map_err(from_js)
}

/// Runs `op` through `client`'s operation method; resolves with the answer's data as JSON text.
fn call_op(client: &JsValue, op: &'static Operation, params: Params, body: Option<String>) -> LocalFuture<Result<String, Error>> {
    let obj = Object::new();
    for (name, value) in &params {
        let _ = Reflect::set(&obj, &(*name).into(), &param_js(value));
    }
    let body = match body.as_deref().map(js_sys::JSON::parse) {
        None => Ok(JsValue::UNDEFINED),
        Some(Ok(b)) => Ok(b),
        Some(Err(_)) => Err(Error::invalid_input("the request body is not JSON")),
    };
    let started = body.and_then(|body| invoke(client, op.id, &[&obj, &body, &JsValue::UNDEFINED]));
    Box::pin(async move {
        let promise: Promise = started?.dyn_into().map_err(|_| Error::invalid_input("the client's method did not return a promise"))?;
        let answer = JsFuture::from(promise).await.map_err(from_js)?;
        let data = Reflect::get(&answer, &"data".into()).unwrap_or(JsValue::UNDEFINED);
        if data.is_undefined() || data.is_null() {
            return Ok(String::new());
        }
        let text = js_sys::JSON::stringify(&data).map_err(|_| Error::decode("the answer could not be read"))?;
        Ok(String::from(text))
    })
}

impl AuthHost for JsHost {
    fn call(&self, op: &'static Operation, params: Params, body: Option<String>) -> LocalFuture<Result<String, Error>> {
        call_op(&self.client, op, params, body)
    }

    fn authorize(&self, source: TokenSource) {
        let f = match source {
            TokenSource::None => JsValue::NULL,
            source => {
                *self.token.borrow_mut() = source;
                self.token_fn.clone()
            }
        };
        let _ = self.invoke("authorize", &[&f]);
    }

    fn on_unauthorized(&self, hook: Option<UnauthorizedHook>) {
        let f = if hook.is_some() { self.unauthorized_fn.clone() } else { JsValue::NULL };
        *self.unauthorized.borrow_mut() = hook;
        let _ = self.invoke("onUnauthorized", &[&f]);
    }

    fn timeout_ms(&self) -> Option<u32> {
        None
    }

    fn revoke(&self, access_token: Secret, refresh: Secret) -> LocalFuture<Result<(), Error>> {
        // The core's client with this client's settings and the captured token (`__withToken`).
        let one_off = self.invoke("__withToken", &[&JsValue::from_str(access_token.expose()), &JsValue::from(REVOKE_TIMEOUT_MS)]);
        Box::pin(async move {
            let one_off = one_off?;
            let body = js_sys::JSON::stringify(&{
                let o = Object::new();
                let _ = Reflect::set(&o, &"refresh_token".into(), &refresh.expose().into());
                o.into()
            })
            .map(String::from)
            .map_err(|_| Error::invalid_input("the revocation body could not be written"))?;
            let result = call_op(&one_off, &crate::generated::operations::REVOKE_TOKEN, Params::new(), Some(body)).await;
            let _ = invoke(&one_off, "free", &[]);
            result.map(|_| ()).map_err(|e| e.with_operation("revokeToken"))
        })
    }
}

fn param_js(value: &ParamValue) -> JsValue {
    match value {
        ParamValue::Str(s) => JsValue::from_str(s),
        ParamValue::Num(n) => JsValue::from_f64(*n),
        ParamValue::Bool(b) => JsValue::from_bool(*b),
        ParamValue::List(items) => items.iter().map(param_js).collect::<Array>().into(),
        ParamValue::Json(text) => js_sys::JSON::parse(text).unwrap_or_else(|_| JsValue::from_str(text)),
    }
}

/// A `PortalApiError` (or anything thrown) from the client as an [`Error`].
fn from_js(value: JsValue) -> Error {
    let get = |k: &str| Reflect::get(&value, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let code = get("code").as_string().and_then(|c| ErrorCode::parse(&c)).unwrap_or(ErrorCode::InvalidInput);
    let message = get("message").as_string().unwrap_or_else(|| "the call failed".into());
    let mut error = Error::new(code, message);
    error.response = ErrorResponse::from_js(&get("response"));
    error
}
