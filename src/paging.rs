//! Walking a paged list (`from`/`size` offset paging) one page at a time.
//!
//! The generator marks the operations that page ([`Paging`] on their `Operation`);
//! this module holds the one piece of paging logic, [`Cursor`] (which page to ask
//! for next, when the list has ended), shared by the Rust [`Pages`] stream and the
//! JS async iterator (`src/js/paging.rs`). Pure and tested natively.
//!
//! When the walk stops, after a page of `n` items asked with size `size`:
//! - `n == 0`: an empty page is the end;
//! - the answer has a total (`total`/`hits` next to the items): the end is reached
//!   once `from + n >= total` (so an exact multiple of the page size needs no extra
//!   request, and a server that caps the page size below the one asked still gets
//!   walked to the end);
//! - no total: a page with fewer items than asked (`n < size`) is the last;
//! - in any case after [`MAX_PAGES`] pages (a server that ignores `from` would
//!   otherwise be walked forever).
//!
//! The next page starts at `from + n`, with the same size.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::LocalFuture;
use crate::client::Client;
use crate::error::{Error, ErrorCode};
use crate::operation::{Operation, PageIn, Paging};

/// Page size when neither the caller nor the spec gives one.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// Safety cap: a walk never asks for more pages than this.
pub const MAX_PAGES: u32 = 10_000;

/// Largest offset or size accepted (JS numbers are exact up to 2^53).
const MAX_WHOLE: f64 = 9_007_199_254_740_991.0;

/// Where a walk is: the next page's offset and size, pages fetched, and whether
/// the end was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    from: u64,
    size: u64,
    pages: u32,
    done: bool,
}

impl Cursor {
    /// Starts at the caller's `from` (default 0) with the caller's `size` (default:
    /// the operation's). Both must be whole numbers; `size` at least 1.
    pub fn new(paging: &Paging, from: Option<f64>, size: Option<f64>) -> Result<Cursor, Error> {
        let default_size = f64::from(paging.default_size.filter(|s| *s > 0).unwrap_or(DEFAULT_PAGE_SIZE));
        Ok(Cursor {
            from: whole(paging.from, from.unwrap_or(0.0), 0.0)?,
            size: whole(paging.size, size.unwrap_or(default_size), 1.0)?,
            pages: 0,
            done: false,
        })
    }

    /// A cursor already at its end: the walk fetches nothing.
    pub fn finished() -> Cursor {
        Cursor { from: 0, size: 1, pages: 0, done: true }
    }

    /// The next page to ask for, `(from, size)`; `None` once the walk has ended.
    pub fn next_page(&self) -> Option<(u64, u64)> {
        (!self.done).then_some((self.from, self.size))
    }

    /// Records the page just received: `items` items, and the total the answer
    /// gave (if any). Decides whether there is a next page.
    pub fn record(&mut self, items: usize, total: Option<f64>) {
        if self.done {
            return;
        }
        let items = items as u64;
        self.pages += 1;
        self.from = self.from.saturating_add(items);
        let more = match total.filter(|t| t.is_finite() && *t >= 0.0) {
            Some(total) => (self.from as f64) < total,
            None => items >= self.size,
        };
        if items == 0 || !more || self.pages >= MAX_PAGES {
            self.done = true;
        }
    }

    /// Ends the walk (error, cancellation, or the caller stopped).
    pub fn finish(&mut self) {
        self.done = true;
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Pages recorded so far.
    pub fn pages(&self) -> u32 {
        self.pages
    }
}

fn whole(name: &str, value: f64, min: f64) -> Result<u64, Error> {
    if value.is_finite() && value.fract() == 0.0 && value >= min && value <= MAX_WHOLE {
        Ok(value as u64)
    } else {
        let what = if min > 0.0 { "a whole number of at least 1" } else { "a whole number of at least 0" };
        Err(Error::invalid_input(crate::error::text(&["`", name, "` must be ", what, " to page through the results"])))
    }
}

/// A caller's starting `from`/`size` member: absent or `null` → `None`; a number;
/// anything else is an `INVALID_INPUT` error.
pub fn start_value(name: &str, value: Option<&Value>) -> Result<Option<f64>, Error> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(_) => Err(Error::invalid_input(format!("`{name}` must be a number to page through the results"))),
    }
}

/// The items and the total of one page's JSON answer. An empty answer (`null`) or
/// an answer without the items member is an empty page; items that are not an
/// array, or an answer that is not an object, are a `DECODE` error.
pub fn page_of(paging: &Paging, answer: Value) -> Result<(Vec<Value>, Option<f64>), Error> {
    match answer {
        Value::Null => Ok((Vec::new(), None)),
        Value::Object(mut members) => {
            let total = paging.total.and_then(|t| members.get(t)).and_then(Value::as_f64);
            match members.remove(paging.items) {
                None | Some(Value::Null) => Ok((Vec::new(), total)),
                Some(Value::Array(items)) => Ok((items, total)),
                Some(_) => Err(Error::decode(format!("the page's `{}` is not an array", paging.items))),
            }
        }
        _ => Err(Error::decode("a page of the list is not a JSON object")),
    }
}

/// Puts `from`/`size` into a JSON object (query params or body).
fn set_page(members: &mut Map<String, Value>, paging: &Paging, from: u64, size: u64) {
    members.insert(paging.from.to_string(), Value::from(from));
    members.insert(paging.size.to_string(), Value::from(size));
}

type Fetch = Box<dyn FnMut(u64, u64) -> LocalFuture<Result<Value, Error>>>;

/// Every item of a paged list, as a [`futures_core::Stream`]: pages are fetched
/// lazily, one when the items of the previous one are used up. The first error
/// (request, decoding, the call's `AbortSignal`) is the last item.
///
/// Made by the generated `client.paginate_<operation>(..)` methods.
pub struct Pages<T> {
    operation: &'static str,
    paging: Paging,
    cursor: Cursor,
    /// An error to yield before anything else (bad input).
    failed: Option<Error>,
    fetch: Fetch,
    pending: Option<LocalFuture<Result<Value, Error>>>,
    buffer: VecDeque<Value>,
    signal: Option<web_sys::AbortSignal>,
    item: PhantomData<fn() -> T>,
}

impl<T> Pages<T> {
    fn new(op: &'static Operation, paging: Paging, cursor: Result<Cursor, Error>, fetch: Fetch) -> Self {
        let (cursor, failed) = match cursor {
            Ok(c) => (c, None),
            Err(e) => (Cursor { from: 0, size: 1, pages: 0, done: true }, Some(e.with_operation(op.id))),
        };
        Pages { operation: op.id, paging, cursor, failed, fetch, pending: None, buffer: VecDeque::new(), signal: None, item: PhantomData }
    }

    /// Pages fetched so far.
    pub fn pages(&self) -> u32 {
        self.cursor.pages()
    }

    fn fail(&mut self, error: Error) -> Poll<Option<Result<T, Error>>> {
        self.cursor.finish();
        self.pending = None;
        self.buffer.clear();
        Poll::Ready(Some(Err(error.with_operation(self.operation))))
    }

    fn aborted(&self) -> bool {
        #[cfg(target_arch = "wasm32")]
        {
            self.signal.as_ref().is_some_and(|s| s.aborted())
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = &self.signal;
            false
        }
    }

    fn finished(&self) -> bool {
        self.cursor.is_done() && self.pending.is_none() && self.buffer.is_empty() && self.failed.is_none()
    }
}

impl<T: DeserializeOwned> futures_core::Stream for Pages<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(e) = this.failed.take() {
            return this.fail(e);
        }
        if this.finished() {
            return Poll::Ready(None);
        }
        if this.aborted() {
            return this.fail(Error::new(ErrorCode::Aborted, "the request was aborted"));
        }
        loop {
            if let Some(pending) = this.pending.as_mut() {
                let answer = match pending.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(answer) => answer,
                };
                this.pending = None;
                match answer.and_then(|a| page_of(&this.paging, a)) {
                    Ok((items, total)) => {
                        this.cursor.record(items.len(), total);
                        this.buffer.extend(items);
                    }
                    Err(e) => return this.fail(e),
                }
            }
            if let Some(item) = this.buffer.pop_front() {
                return match serde_json::from_value::<T>(item) {
                    Ok(item) => Poll::Ready(Some(Ok(item))),
                    Err(e) => this.fail(Error::decode(format!("an item of the list does not match the expected shape: {e}"))),
                };
            }
            match this.cursor.next_page() {
                Some((from, size)) => this.pending = Some((this.fetch)(from, size)),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl Client {
    /// Every item of the paged operation `op`, as a stream (see [`Pages`]). The
    /// generated `paginate_<operation>` methods are thin wrappers around this;
    /// `params` and `body` are those of the operation, their `from`/`size` (when
    /// set) give the first page. The call options of this client (signal, timeout,
    /// headers: [`Client::with_call_options`]) apply to every page.
    pub fn paginate<P, B, T>(&self, op: &'static Operation, params: &P, body: Option<&B>) -> Pages<T>
    where
        P: Serialize + ?Sized,
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let Some(paging) = op.paging else {
            let nothing: Fetch = Box::new(|_, _| Box::pin(async { Ok(Value::Null) }));
            return Pages::new(op, Paging::NONE, Err(Error::invalid_input("this operation does not page")), nothing);
        };
        let start = (|| {
            let params = match serde_json::to_value(params) {
                Ok(Value::Object(map)) => map,
                Ok(Value::Null) => Map::new(),
                Ok(_) => return Err(Error::invalid_input("params must serialise to an object")),
                Err(e) => return Err(Error::invalid_input(format!("params could not be serialised: {e}"))),
            };
            let body = match body.map(serde_json::to_value) {
                None | Some(Ok(Value::Null)) => None,
                Some(Ok(v)) => Some(v),
                Some(Err(e)) => return Err(Error::invalid_input(format!("body could not be serialised: {e}"))),
            };
            let holder = match paging.location {
                PageIn::Query => Some(&params),
                PageIn::Body => match &body {
                    None => None,
                    Some(Value::Object(members)) => Some(members),
                    Some(_) => return Err(Error::invalid_input("the body must be an object to page through the results")),
                },
            };
            let from = start_value(paging.from, holder.and_then(|h| h.get(paging.from)))?;
            let size = start_value(paging.size, holder.and_then(|h| h.get(paging.size)))?;
            Ok((Cursor::new(&paging, from, size)?, params, body))
        })();
        let (cursor, params, body) = match start {
            Ok((cursor, params, body)) => (Ok(cursor), params, body),
            Err(e) => (Err(e), Map::new(), None),
        };
        let client = self.clone();
        let fetch: Fetch = Box::new(move |from, size| {
            let mut params = params.clone();
            let mut body = body.clone();
            match paging.location {
                PageIn::Query => set_page(&mut params, &paging, from, size),
                PageIn::Body => {
                    if let Value::Object(members) = body.get_or_insert_with(|| Value::Object(Map::new())) {
                        set_page(members, &paging, from, size);
                    }
                }
            }
            let client = client.clone();
            Box::pin(async move { client.send::<_, Value, Value>(op, &params, body.as_ref()).await.map(|r| r.data) })
        });
        let mut pages = Pages::new(op, paging, cursor, fetch);
        pages.signal = self.call_options().signal.clone();
        pages
    }
}

impl Paging {
    /// Placeholder for [`Client::paginate`] on an operation that does not page.
    const NONE: Paging = Paging { location: PageIn::Query, from: "from", size: "size", items: "", total: None, default_size: None };
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_core::Stream;
    use std::cell::RefCell;
    use std::rc::Rc;

    const QUERY: Paging = Paging { location: PageIn::Query, from: "from", size: "size", items: "results", total: None, default_size: Some(25) };
    const WITH_TOTAL: Paging = Paging { total: Some("hits"), ..QUERY };

    static OP: Operation = Operation {
        id: "listThings",
        method: crate::operation::Method::Get,
        path: "/things",
        params: &[],
        auth: crate::operation::Auth::Session,
        body: crate::operation::BodyKind::None,
        redirect_status: None,
        paging: Some(QUERY),
    };

    /// Walks a cursor against a list of `len` items served `cap` at most per page
    /// (the server's own limit), answering `total` when `with_total`; returns the
    /// `(from, size)` of every page asked.
    fn walk(paging: &Paging, len: u64, cap: u64, start: Option<f64>, size: Option<f64>, with_total: bool) -> Vec<(u64, u64)> {
        let mut cursor = Cursor::new(paging, start, size).unwrap();
        let mut asked = Vec::new();
        while let Some((from, size)) = cursor.next_page() {
            asked.push((from, size));
            let n = len.saturating_sub(from).min(size).min(cap);
            cursor.record(n as usize, with_total.then_some(len as f64));
        }
        asked
    }

    #[test]
    fn an_empty_list_takes_one_request() {
        assert_eq!(walk(&QUERY, 0, 1000, None, Some(10.0), false), vec![(0, 10)]);
        assert_eq!(walk(&WITH_TOTAL, 0, 1000, None, Some(10.0), true), vec![(0, 10)]);
    }

    #[test]
    fn an_exact_multiple_needs_one_extra_empty_page_unless_a_total_says_so() {
        assert_eq!(walk(&QUERY, 30, 1000, None, Some(10.0), false), vec![(0, 10), (10, 10), (20, 10), (30, 10)]);
        assert_eq!(walk(&WITH_TOTAL, 30, 1000, None, Some(10.0), true), vec![(0, 10), (10, 10), (20, 10)]);
    }

    #[test]
    fn a_short_page_is_the_last_without_a_total() {
        assert_eq!(walk(&QUERY, 25, 1000, None, Some(10.0), false), vec![(0, 10), (10, 10), (20, 10)]);
        // the server gives fewer than asked (its own cap): without a total, that is the end
        assert_eq!(walk(&QUERY, 25, 4, None, Some(10.0), false), vec![(0, 10)]);
    }

    #[test]
    fn a_total_walks_on_through_a_server_side_cap() {
        assert_eq!(walk(&WITH_TOTAL, 10, 4, None, Some(10.0), true), vec![(0, 10), (4, 10), (8, 10)]);
    }

    #[test]
    fn a_total_smaller_than_the_list_stops_and_a_larger_one_ends_on_an_empty_page() {
        let mut c = Cursor::new(&WITH_TOTAL, None, Some(10.0)).unwrap();
        c.record(10, Some(5.0));
        assert!(c.is_done());
        let mut c = Cursor::new(&WITH_TOTAL, None, Some(10.0)).unwrap();
        c.record(3, Some(100.0));
        assert_eq!(c.next_page(), Some((3, 10)));
        c.record(0, Some(100.0));
        assert_eq!(c.next_page(), None);
    }

    #[test]
    fn starts_where_the_caller_says_and_defaults_to_the_spec_size() {
        assert_eq!(walk(&QUERY, 12, 1000, Some(5.0), Some(5.0), false), vec![(5, 5), (10, 5)]);
        assert_eq!(Cursor::new(&QUERY, None, None).unwrap().next_page(), Some((0, 25)));
        let no_default = Paging { default_size: None, ..QUERY };
        assert_eq!(Cursor::new(&no_default, None, None).unwrap().next_page(), Some((0, u64::from(DEFAULT_PAGE_SIZE))));
    }

    #[test]
    fn a_bad_start_is_invalid_input() {
        for (from, size) in [(Some(-1.0), None), (Some(1.5), None), (None, Some(0.0)), (None, Some(f64::NAN)), (None, Some(f64::INFINITY)), (Some(1e300), None)] {
            let e = Cursor::new(&QUERY, from, size).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{from:?} {size:?}");
        }
        assert!(start_value("from", Some(&Value::from("3"))).is_err());
        assert_eq!(start_value("from", Some(&Value::Null)).unwrap(), None);
    }

    #[test]
    fn a_server_ignoring_from_is_cut_off_at_max_pages() {
        let mut c = Cursor::new(&QUERY, None, Some(10.0)).unwrap();
        let mut n = 0;
        while c.next_page().is_some() {
            c.record(10, None);
            n += 1;
        }
        assert_eq!(n, MAX_PAGES);
    }

    #[test]
    fn pages_are_read_from_the_items_member() {
        let (items, total) = page_of(&WITH_TOTAL, serde_json::json!({ "results": [1, 2], "hits": 7 })).unwrap();
        assert_eq!((items.len(), total), (2, Some(7.0)));
        assert_eq!(page_of(&QUERY, serde_json::json!({})).unwrap().0.len(), 0);
        assert_eq!(page_of(&QUERY, Value::Null).unwrap().0.len(), 0);
        assert_eq!(page_of(&QUERY, serde_json::json!({ "results": null })).unwrap().0.len(), 0);
        assert_eq!(page_of(&QUERY, serde_json::json!({ "results": 3 })).unwrap_err().code, ErrorCode::Decode);
        assert_eq!(page_of(&QUERY, serde_json::json!([1])).unwrap_err().code, ErrorCode::Decode);
        // a total that is not a number is ignored
        assert_eq!(page_of(&WITH_TOTAL, serde_json::json!({ "results": [], "hits": "7" })).unwrap().1, None);
    }

    /// Polls a stream to the end with a no-op waker (every fake page is ready at once).
    fn collect<T: DeserializeOwned>(mut pages: Pages<T>) -> Vec<Result<T, Error>> {
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut out = Vec::new();
        loop {
            match Pin::new(&mut pages).poll_next(&mut cx) {
                Poll::Ready(Some(item)) => out.push(item),
                Poll::Ready(None) => return out,
                Poll::Pending => panic!("a fake page was not ready"),
            }
        }
    }

    /// A stream over `pages` answers (then errors), recording each `(from, size)` asked.
    type Asked = Rc<RefCell<Vec<(u64, u64)>>>;

    fn fake(answers: Vec<Result<Value, Error>>, start: Option<f64>, size: Option<f64>) -> (Pages<i64>, Asked) {
        let asked = Rc::new(RefCell::new(Vec::new()));
        let log = asked.clone();
        let mut answers = answers.into_iter();
        let fetch: Fetch = Box::new(move |from, size| {
            log.borrow_mut().push((from, size));
            let answer = answers.next().unwrap_or_else(|| Err(Error::new(ErrorCode::Network, "no more fake pages")));
            Box::pin(async move { answer })
        });
        (Pages::new(&OP, QUERY, Cursor::new(&QUERY, start, size), fetch), asked)
    }

    #[test]
    fn the_stream_yields_every_item_and_fetches_lazily() {
        let answers = vec![Ok(serde_json::json!({ "results": [1, 2] })), Ok(serde_json::json!({ "results": [3] }))];
        let (mut pages, asked) = fake(answers, None, Some(2.0));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert!(matches!(Pin::new(&mut pages).poll_next(&mut cx), Poll::Ready(Some(Ok(1)))));
        assert_eq!(asked.borrow().len(), 1);
        assert!(matches!(Pin::new(&mut pages).poll_next(&mut cx), Poll::Ready(Some(Ok(2)))));
        assert_eq!(asked.borrow().len(), 1, "the second page is fetched only when needed");
        let rest: Vec<i64> = collect(pages).into_iter().map(|r| r.unwrap()).collect();
        assert_eq!(rest, vec![3]);
        assert_eq!(*asked.borrow(), vec![(0, 2), (2, 2)]);
    }

    #[test]
    fn the_stream_of_an_empty_list_ends_at_once() {
        let (pages, asked) = fake(vec![Ok(serde_json::json!({ "results": [] }))], None, None);
        assert!(collect(pages).is_empty());
        assert_eq!(*asked.borrow(), vec![(0, 25)]);
    }

    #[test]
    fn the_stream_ends_with_the_first_error() {
        let answers = vec![Ok(serde_json::json!({ "results": [1, 2] })), Err(Error::new(ErrorCode::Timeout, "slow"))];
        let (pages, asked) = fake(answers, Some(4.0), Some(2.0));
        let out = collect(pages);
        assert_eq!(out.len(), 3);
        let e = out[2].as_ref().unwrap_err();
        assert_eq!((e.code, e.operation), (ErrorCode::Timeout, Some("listThings")));
        assert_eq!(*asked.borrow(), vec![(4, 2), (6, 2)]);
    }

    #[test]
    fn an_item_of_the_wrong_shape_is_a_decode_error() {
        let (pages, _) = fake(vec![Ok(serde_json::json!({ "results": [1, "two", 3] }))], None, Some(5.0));
        let out = collect(pages);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().unwrap_err().code, ErrorCode::Decode);
    }

    #[test]
    fn bad_input_is_the_only_item() {
        let (pages, asked) = fake(vec![], None, Some(0.0));
        let out = collect(pages);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap_err().code, ErrorCode::InvalidInput);
        assert!(asked.borrow().is_empty());
    }

    #[test]
    fn client_paginate_reads_the_start_from_params_or_body() {
        let client = Client::default();
        let pages: Pages<Value> = client.paginate(&OP, &serde_json::json!({ "from": 3, "size": 7 }), None::<&()>);
        assert_eq!(pages.cursor.next_page(), Some((3, 7)));
        let pages: Pages<Value> = client.paginate(&OP, &serde_json::json!({ "size": "x" }), None::<&()>);
        assert!(pages.failed.is_some());
        static BODY_OP: Operation = Operation { paging: Some(Paging { location: PageIn::Body, ..QUERY }), ..OP };
        let pages: Pages<Value> = client.paginate(&BODY_OP, &(), Some(&serde_json::json!({ "from": 2, "q": "x" })));
        assert_eq!(pages.cursor.next_page(), Some((2, 25)));
        let pages: Pages<Value> = client.paginate(&BODY_OP, &(), Some(&serde_json::json!([1])));
        assert!(pages.failed.is_some());
    }
}
