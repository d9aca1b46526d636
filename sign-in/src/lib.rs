#![cfg(target_arch = "wasm32")]
//! The sign-in module of the npm package: the SDK's `SignIn` (the sign-in API of one
//! `PortalClient`: `configureAuth`, `signIn`, `completeSignIn`, `signOut`, ...), built as its
//! own `.wasm` with the SDK's feature `sign-in-module` (src/cognito/js_signin.rs).
//!
//! The package's loader (`src/js/sign_in.js` in the SDK) imports this module on the first
//! call of one of those methods and forwards the call to the client's `SignIn`, which drives
//! the page's `PortalClient` through its JS methods: the core holds no sign-in code.

pub use epilot_portal_sdk::cognito::js_signin::SignIn;
