//! What sign-in needs of the API client ([`AuthHost`]): run one API operation, and set the
//! token source and the 401 hook. The Rust [`Client`] is one host; in the browser package the
//! separately loaded sign-in module drives the page's `PortalClient` through its JS methods
//! (`authorize`, `onUnauthorized` and the operation methods), so the core knows nothing of it.

use std::rc::Rc;

use wasm_bindgen::JsValue;

use crate::auth::{LocalFuture, Secret, TokenSource};
use crate::client::{Client, UnauthorizedHook};
use crate::config::CallOptions;
use crate::error::Error;
use crate::generated::operations;
use crate::operation::{Operation, ParamSpec};
use crate::request::{ParamSource, ParamValue};

/// The longest a sign-out waits for the revocation.
pub const REVOKE_TIMEOUT_MS: u32 = 10_000;

/// Named parameters of one operation call.
pub type Params = Vec<(&'static str, ParamValue)>;

pub trait AuthHost {
    /// Runs `op` with `params` and a JSON `body`; resolves with the answer's body text.
    fn call(&self, op: &'static Operation, params: Params, body: Option<String>) -> LocalFuture<Result<String, Error>>;
    /// Sets the token every request carries (what `Client::authorize` does).
    fn authorize(&self, source: TokenSource);
    /// Sets the hook run once when a request gets 401 (what `Client::on_unauthorized` does).
    fn on_unauthorized(&self, hook: Option<UnauthorizedHook>);
    /// The per-attempt timeout of the host's requests, if it has one.
    fn timeout_ms(&self) -> Option<u32>;
    /// `revokeToken` for `refresh`, with `access_token` as the only credential (the host is
    /// signed out by then): a client with the host's settings, no retries, at most
    /// [`REVOKE_TIMEOUT_MS`] (or the host's shorter timeout), none of its hooks.
    fn revoke(&self, access_token: Secret, refresh: Secret) -> LocalFuture<Result<(), Error>>;
}

struct Named<'a>(&'a Params);

impl ParamSource for Named<'_> {
    fn get(&self, spec: &ParamSpec) -> Result<Option<ParamValue>, Error> {
        Ok(self.0.iter().find(|(name, _)| *name == spec.name).map(|(_, v)| v.clone()))
    }
}

impl AuthHost for Client {
    fn call(&self, op: &'static Operation, params: Params, body: Option<String>) -> LocalFuture<Result<String, Error>> {
        let client = self.clone();
        Box::pin(async move {
            let body = body.map(|b| JsValue::from_str(&b));
            let answer = client.execute(op, &Named(&params), body, &CallOptions::default()).await?;
            Ok(String::from(&answer.body))
        })
    }

    fn authorize(&self, source: TokenSource) {
        Client::authorize(self, source);
    }

    fn on_unauthorized(&self, hook: Option<UnauthorizedHook>) {
        Client::on_unauthorized(self, hook);
    }

    fn timeout_ms(&self) -> Option<u32> {
        self.config().timeout_ms
    }

    fn revoke(&self, access_token: Secret, refresh: Secret) -> LocalFuture<Result<(), Error>> {
        let mut config = self.config();
        config.retry.max_retries = 0;
        let timeout = config.timeout_ms.filter(|t| *t > 0).map_or(REVOKE_TIMEOUT_MS, |t| t.min(REVOKE_TIMEOUT_MS));
        let client = Client::new(config);
        client.authorize(TokenSource::Static(access_token));
        Box::pin(async move {
            let body = JsValue::from_str(&super::json::Obj::new().str("refresh_token", refresh.expose()).finish());
            let options = CallOptions { timeout_ms: Some(timeout), ..CallOptions::default() };
            let params = Params::new();
            client.execute(&operations::REVOKE_TOKEN, &Named(&params), Some(body), &options).await.map(|_| ()).map_err(|e| e.with_operation("revokeToken"))
        })
    }
}

impl From<Client> for Rc<dyn AuthHost> {
    fn from(client: Client) -> Rc<dyn AuthHost> {
        Rc::new(client)
    }
}
