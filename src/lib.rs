//! Typed client for the epilot Customer Portal API, for the browser (wasm, with a
//! TypeScript API) and for Rust web apps.
//!
//! Hand-written runtime: [`operation`] (what an operation is), [`request`] (URL and
//! parameter serialisation), [`auth`], [`retry`], [`transport`] (fetch), [`client`]
//! (the attempt loop), [`hooks`], `payload` (large responses), [`error`], and `js` (the JS
//! boundary). Everything under
//! [`generated`] is written by `cargo run -p codegen` from `spec/customer-portal.openapi.json`.

// One-character literals are pushed as `&str` (`push_str(",")`) on purpose: `String::push`
// encodes its character, and no code here encodes one, which keeps `char::encode_utf8` out of
// the `.wasm`.
#![allow(clippy::single_char_add_str)]

pub mod auth;
#[cfg(any(feature = "sign-in", all(target_arch = "wasm32", feature = "js")))]
mod b64;
pub mod client;
#[cfg(feature = "sign-in")]
pub mod cognito;
pub mod config;
pub mod error;
mod form;
pub mod generated;
pub mod headers;
pub mod hooks;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod js;
mod model_support;
pub mod operation;
pub mod paging;
mod payload;
pub mod precheck;
pub mod request;
pub mod retry;
#[cfg(any(feature = "sign-in", all(target_arch = "wasm32", feature = "js")))]
mod session_base;
mod text;
mod transport;

pub use auth::{Secret, TokenSource};
pub use client::{ApiResponse, Client, NoContent, NoParams, RequestInfo, ResponseInfo};
pub use paging::Pages;
pub use config::{CallOptions, Config, DEFAULT_BASE_URL};
pub use error::{Error, ErrorCode, ErrorResponse};
pub use headers::Headers;
pub use generated::models;
pub use retry::RetryConfig;

/// Talc instead of Rust's default dlmalloc in the browser: ~7 KB less wasm (2.7 KB gzip).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
