//! The JS side of paging: `client.paginate.<operationId>(params, body, options)`
//! returns an async iterator over every item of a paged list. Pages are fetched
//! lazily (one when the previous page's items are used up); the items are the
//! browser's own `JSON.parse` output, never copied through Rust. When to stop is
//! decided by [`crate::paging::Cursor`], shared with the Rust `Stream`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{convert, error, options, PortalClient};
use crate::client::Client;
use crate::config::CallOptions;
use crate::error::{Error, ErrorCode};
use crate::operation::{Operation, PageIn, Paging};
use crate::paging::Cursor;

#[wasm_bindgen(module = "/src/js/paging.js")]
extern "C" {
    #[wasm_bindgen(js_name = asyncIterable)]
    fn async_iterable(iterator: JsValue) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_PAGING: &str = r#"
/**
 * Every item of a paged list: `for await (const item of client.paginate.getAllContracts())`.
 * Pages are fetched one at a time, when the previous page's items are used up. Ends after an
 * empty page, a page shorter than the page size (when the answer gives no total), or when the
 * total is reached. A failed page (or the call's `signal`) rejects `next()` with a
 * `PortalApiError`, and the walk ends there.
 */
export interface PageIterator<T> extends AsyncIterableIterator<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  /** Stops the walk (`break` in a `for await` calls it). */
  return(): Promise<IteratorResult<T, undefined>>;
  [Symbol.asyncIterator](): PageIterator<T>;
}

/** The params of an operation paged in its query: `from` (first item, default 0) and `size`
 *  (page size, default the spec's) are optional and give the first page. */
export type PageParams<P> = Omit<P, 'from' | 'size'> & { from?: number; size?: number };
"#;

#[wasm_bindgen(js_class = PortalClient)]
impl PortalClient {
    /// `client.paginate.<operationId>(params, body, options)` (generated `methods.js`) for
    /// operation number `op`, described by `descriptor`: a `PageIterator` over its items. Bad
    /// input is not thrown: the first `next()` rejects with it, as a call's promise would. Not
    /// part of the typed API (an index or descriptor that names no operation throws).
    #[wasm_bindgen(js_name = __paginate, skip_typescript)]
    pub fn paginate_index(&self, op: u32, descriptor: JsValue, params: JsValue, body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let op = super::operation(op, &descriptor).map_err(error::to_js)?;
        let walk = Walk::start(self.client().clone(), op, params, body, &options);
        Ok(async_iterable(PageIterator { walk: Rc::new(RefCell::new(walk)), tail: RefCell::new(None) }.into()))
    }
}

/// The async iterator handed to JS (typed as `PageIterator<T>` in the `.d.ts`).
#[wasm_bindgen(skip_typescript)]
pub struct PageIterator {
    walk: Rc<RefCell<Walk>>,
    /// The last `next()` promise: calls run one after the other, even when the
    /// caller does not wait for the previous one.
    tail: RefCell<Option<Promise>>,
}

#[wasm_bindgen]
impl PageIterator {
    /// Resolves `{ value: item, done: false }`, then `{ value: undefined, done: true }`.
    pub fn next(&self) -> Promise {
        let walk = self.walk.clone();
        let previous = self.tail.borrow_mut().take();
        let operation = walk.borrow().op.id;
        let promise = error::promise(
            operation,
            Box::pin(async move {
                if let Some(previous) = previous {
                    let _ = JsFuture::from(previous).await;
                }
                step(&walk).await
            }),
        );
        *self.tail.borrow_mut() = Some(promise.clone());
        promise
    }

    /// Stops the walk: later `next()` calls resolve `done`.
    #[wasm_bindgen(js_name = "return")]
    pub fn stop(&self) -> Promise {
        self.walk.borrow_mut().close();
        Promise::resolve(&iterator_result(JsValue::UNDEFINED, true))
    }
}

struct Walk {
    client: Client,
    op: &'static Operation,
    paging: Paging,
    params: JsValue,
    body: JsValue,
    options: CallOptions,
    cursor: Cursor,
    /// Bad input, reported by the first `next()`.
    failed: Option<Error>,
    /// The items of the last page fetched, handed out from index `next` on (kept as the
    /// browser's array, not copied).
    items: Array,
    next: u32,
}

impl Walk {
    fn start(client: Client, op: &'static Operation, params: JsValue, body: JsValue, options: &JsValue) -> Walk {
        let paging = op.paging.unwrap_or(Paging { location: PageIn::Query, from: "from", size: "size", items: "", total: None, default_size: None });
        let start = (|| {
            let options = options::call_options(options)?;
            let op_paging = op.paging.ok_or_else(|| Error::invalid_input("this operation does not page"))?;
            let (holder, what) = match op_paging.location {
                PageIn::Query => (&params, "params"),
                PageIn::Body => (&body, "the body"),
            };
            if !(holder.is_undefined() || holder.is_null() || (holder.is_object() && !Array::is_array(holder))) {
                return Err(Error::invalid_input(crate::error::text(&[what, " must be an object to page through the results"])));
            }
            let from = start_number(holder, paging.from)?;
            let size = start_number(holder, paging.size)?;
            Ok((options, Cursor::new(&paging, from, size)?))
        })();
        let (options, cursor, failed) = match start {
            Ok((options, cursor)) => (options, cursor, None),
            Err(e) => (CallOptions::default(), Cursor::finished(), Some(e)),
        };
        Walk { client, op, paging, params, body, options, cursor, failed, items: Array::new(), next: 0 }
    }

    fn close(&mut self) {
        self.cursor.finish();
        self.items = Array::new();
        self.next = 0;
    }

    /// The next item of the current page, if any is left.
    fn next_item(&mut self) -> Option<JsValue> {
        if self.next >= self.items.length() {
            return None;
        }
        self.next += 1;
        Some(self.items.get(self.next - 1))
    }
}

fn start_number(holder: &JsValue, name: &str) -> Result<Option<f64>, Error> {
    if !holder.is_object() {
        return Ok(None);
    }
    let value = Reflect::get(holder, &name.into()).map_err(|_| Error::invalid_input(crate::error::text(&["`", name, "` could not be read"])))?;
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        value.as_f64().map(Some).ok_or_else(|| Error::invalid_input(crate::error::text(&["`", name, "` must be a number to page through the results"])))
    }
}

/// A copy of the caller's params (or body) object with this page's `from`/`size`. Read key by
/// key (a getter or a Proxy that throws is an error, not an exception through wasm).
fn with_page(value: &JsValue, paging: &Paging, from: u64, size: u64) -> Result<JsValue, Error> {
    let copy = Object::new();
    if value.is_object() {
        let unreadable = || Error::invalid_input("the params or body to page with could not be read");
        for key in options::own_keys(value).map_err(|_| unreadable())? {
            let key = JsValue::from_str(&key);
            let _ = Reflect::set(&copy, &key, &Reflect::get(value, &key).map_err(|_| unreadable())?);
        }
    }
    let _ = Reflect::set(&copy, &paging.from.into(), &JsValue::from_f64(from as f64));
    let _ = Reflect::set(&copy, &paging.size.into(), &JsValue::from_f64(size as f64));
    Ok(copy.into())
}

/// The items and total of one page (mirrors `crate::paging::page_of`).
fn page_of(paging: &Paging, data: &JsValue) -> Result<(Array, Option<f64>), Error> {
    if data.is_undefined() || data.is_null() {
        return Ok((Array::new(), None));
    }
    if !data.is_object() || Array::is_array(data) {
        return Err(Error::decode("a page of the list is not a JSON object"));
    }
    let total = paging.total.and_then(|t| Reflect::get(data, &t.into()).ok()).and_then(|t| t.as_f64());
    let items = Reflect::get(data, &paging.items.into()).unwrap_or(JsValue::UNDEFINED);
    if items.is_undefined() || items.is_null() {
        Ok((Array::new(), total))
    } else if Array::is_array(&items) {
        Ok((items.unchecked_into(), total))
    } else {
        Err(Error::decode(crate::error::text(&["the page's `", paging.items, "` is not an array"])))
    }
}

fn iterator_result(value: JsValue, done: bool) -> JsValue {
    let obj = Object::new();
    let _ = Reflect::set(&obj, &"value".into(), &value);
    let _ = Reflect::set(&obj, &"done".into(), &done.into());
    obj.into()
}

/// One `next()`: an item from the current page, else the next page, else done.
async fn step(walk: &Rc<RefCell<Walk>>) -> Result<JsValue, Error> {
    loop {
        let (client, op, params, body, options) = {
            let mut w = walk.borrow_mut();
            if let Some(e) = w.failed.take() {
                w.close();
                return Err(e);
            }
            let ended = w.cursor.is_done() && w.next >= w.items.length();
            if !ended && w.options.signal.as_ref().is_some_and(|s| s.aborted()) {
                w.close();
                return Err(Error::new(ErrorCode::Aborted, "the request was aborted"));
            }
            if let Some(item) = w.next_item() {
                return Ok(iterator_result(item, false));
            }
            let Some((from, size)) = w.cursor.next_page() else {
                return Ok(iterator_result(JsValue::UNDEFINED, true));
            };
            let page = match w.paging.location {
                PageIn::Query => with_page(&w.params, &w.paging, from, size).map(|p| (p, w.body.clone())),
                PageIn::Body => with_page(&w.body, &w.paging, from, size).map(|b| (w.params.clone(), b)),
            };
            let (params, body) = match page {
                Ok(page) => page,
                Err(e) => {
                    w.close();
                    return Err(e);
                }
            };
            (w.client.clone(), w.op, params, body, w.options.clone())
        };
        let answer = async {
            let params = convert::JsParams::new(op, params)?;
            let body = convert::body(op, &body)?;
            let response = client.execute(op, &params, body, &options).await?;
            convert::data(&response)
        }
        .await;
        let mut w = walk.borrow_mut();
        if w.cursor.is_done() {
            // `return()` was called while the page was on its way
            return Ok(iterator_result(JsValue::UNDEFINED, true));
        }
        let paging = w.paging;
        match answer.and_then(|data| page_of(&paging, &data)) {
            Ok((items, total)) => {
                w.cursor.record(items.length() as usize, total);
                w.items = items;
                w.next = 0;
            }
            Err(e) => {
                w.close();
                return Err(e);
            }
        }
    }
}
