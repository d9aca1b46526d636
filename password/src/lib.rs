#![cfg(target_arch = "wasm32")]
//! The password module of the npm package: `signInWithPassword`, a password sign-in on its own
//! (the SDK's `cognito::password`, src/cognito/password.rs), built as its own `.wasm` with the
//! SDK's feature `password-module`.
//!
//! The package's loader (`src/js/sign_in.js` in the SDK) imports it for the `signIn` of a page
//! whose sign-in needs nothing else; anything more loads the sign-in module (../sign-in), which
//! takes over what this one began.

pub use epilot_portal_sdk::cognito::password::sign_in_with_password;
