//! Driving the fault-injection server (`scripts/fault-server.mjs`): program the
//! answers of a script, point a client at it, read back what it received.

use epilot_portal_sdk::js::PortalClient;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

use super::{client_with, js, FAULT_URL};

/// A script on the fault server; ids are unique per test.
pub struct Script {
    pub id: String,
}

impl Script {
    /// Programs `steps` (one answer per request; the last repeats).
    pub async fn new(id: &str, steps: Value) -> Script {
        let _ = control("DELETE", &format!("/__script/{id}"), None).await;
        let status = control("PUT", &format!("/__script/{id}"), Some(steps)).await.0;
        assert!((200..300).contains(&status), "the fault server refused the script `{id}` ({status})");
        Script { id: id.to_string() }
    }

    /// The base URL that routes every request of a client to this script.
    pub fn base_url(&self) -> String {
        format!("{FAULT_URL}/__s/{}", self.id)
    }

    /// An authorized client on this script with `extra` options merged in, as the
    /// JS object a portal would hold.
    pub fn client(&self, extra: Value) -> JsValue {
        self.rust_client(extra).into()
    }

    pub fn rust_client(&self, extra: Value) -> PortalClient {
        let mut options = json!({ "baseUrl": self.base_url() });
        if let (Some(o), Some(e)) = (options.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        let c = client_with(options);
        let _ = c.authorize(JsValue::from_str(super::TEST_TOKEN));
        c
    }

    /// Every request the script received, oldest first.
    pub async fn requests(&self) -> Vec<Value> {
        let (_, body) = control("GET", &format!("/__record/{}", self.id), None).await;
        body.as_array().cloned().unwrap_or_default()
    }

    /// Requests made to the large-response payload URLs of this script.
    pub async fn payload_requests(&self) -> Vec<Value> {
        let (_, body) = control("GET", &format!("/__payload-record/{}", self.id), None).await;
        body.as_array().cloned().unwrap_or_default()
    }
}

/// A control call to the fault server; returns status and JSON body (Null if none).
async fn control(method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(&b.to_string()));
    }
    let request = web_sys::Request::new_with_str_and_init(&format!("{FAULT_URL}{path}"), &init).expect("request");
    let window = web_sys::window().expect("window");
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request))
        .await
        .expect("the fault server is not reachable")
        .into();
    let text = wasm_bindgen_futures::JsFuture::from(response.text().expect("text")).await.expect("body");
    let value = serde_json::from_str(&text.as_string().unwrap_or_default()).unwrap_or(Value::Null);
    (response.status(), value)
}

/// `{ signal }` options for a controller.
pub fn signal_options(controller: &web_sys::AbortController) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"signal".into(), &controller.signal());
    o.into()
}

/// Aborts `controller` after `ms`, from a browser timer.
pub fn abort_after(controller: &web_sys::AbortController, ms: i32) {
    let abort: js_sys::Function = js_sys::Reflect::get(controller, &"abort".into()).expect("abort").into();
    let bound: js_sys::Function = abort.bind0(controller);
    let _ = web_sys::window().expect("window").set_timeout_with_callback_and_timeout_and_arguments_0(&bound, ms);
}

/// Resolves after `ms` (test pacing only).
pub async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().expect("window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A value as a JS argument.
pub fn arg(value: Value) -> JsValue {
    js(&value)
}

/// Calls a method of the JS client object (`client.name(args...)`), as JS would.
pub fn invoke(client: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(client, &name.into())?.into();
    let array: js_sys::Array = args.iter().collect();
    f.apply(client, &array)
}

/// Runs futures concurrently (each spawned as a promise) and returns their outputs in order.
pub async fn join_all<F, T>(futures: Vec<F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + 'static,
    T: 'static,
{
    use std::cell::RefCell;
    use std::rc::Rc;
    let out: Rc<RefCell<Vec<Option<T>>>> = Rc::new(RefCell::new(futures.iter().map(|_| None).collect()));
    let promises = js_sys::Array::new();
    for (i, f) in futures.into_iter().enumerate() {
        let out = out.clone();
        promises.push(&wasm_bindgen_futures::future_to_promise(async move {
            let v = f.await;
            out.borrow_mut()[i] = Some(v);
            Ok(JsValue::UNDEFINED)
        }));
    }
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&promises)).await;
    let mut out = out.borrow_mut();
    out.iter_mut().map(|v| v.take().expect("every future completed")).collect()
}
