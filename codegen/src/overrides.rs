//! The one table of special cases. Everything else is derived from the spec's structure.

/// How a security scheme's credential reaches the request, when it is not the
/// session token that `http`/`bearer` schemes otherwise mean.
pub struct SchemeOverride {
    /// Name under `components.securitySchemes`.
    pub scheme: &'static str,
    /// The token is supplied by the caller per call, in this (required) parameter,
    /// and sent as `Authorization: Bearer <value>` (`Auth::CallerToken`).
    pub caller_token_param: &'static str,
}

/// `ExternalOIDCAuth`: an identity provider's ID token that the portal exchanges for a
/// session (SSO login). The SDK cannot hold it as its session token, so each call takes it.
pub const SCHEME_OVERRIDES: &[SchemeOverride] =
    &[SchemeOverride { scheme: "ExternalOIDCAuth", caller_token_param: "id_token" }];

pub fn scheme_override(scheme: &str) -> Option<&'static SchemeOverride> {
    SCHEME_OVERRIDES.iter().find(|o| o.scheme == scheme)
}

/// Type names the hand-written runtime declares (Rust crate root or TypeScript); an
/// inline shape never takes them, and a component schema with such a name is an error.
pub const RUNTIME_TYPE_NAMES: &[&str] = &[
    "PortalClient", "ApiResponse", "ApiError", "CallOptions", "Client", "Error", "NoParams", "NoContent", "Operation",
];

/// Names the generated Rust or TypeScript code uses unqualified; a schema with one of
/// these names would shadow them.
pub const LANGUAGE_TYPE_NAMES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Self", "Record", "Array", "Promise",
    "Object", "Partial", "Date", "Map", "Set", "Function", "Symbol", "unknown", "string", "number", "boolean",
];

/// Method names of the hand-written `Client` / JS `PortalClient` runtime; an operation
/// whose snake_case name is one of these gets an `_op` suffix in Rust.
pub const RUNTIME_METHOD_NAMES: &[&str] = &["new", "send", "call", "authorize", "free", "constructor", "paginate", "call_options"];
