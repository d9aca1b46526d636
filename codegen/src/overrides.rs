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

/// Who holds the token of a bearer scheme (the spec carries no prose to say it).
/// A scheme not listed reads as "a bearer token".
pub const SCHEME_HOLDERS: &[(&str, &[&str])] = &[
    ("PortalAuth", &["a portal user's"]),
    ("EpilotAuth", &["an epilot (organisation) user's"]),
    ("EitherAuth", &["a portal user's", "an epilot (organisation) user's"]),
];

/// "a portal user's token", "a portal user's or an epilot (organisation) user's token"…
/// for the bearer schemes an operation accepts (any of them).
pub fn token_holders(schemes: &[String]) -> String {
    let mut holders: Vec<&str> = Vec::new();
    for scheme in schemes {
        let names: &[&str] = SCHEME_HOLDERS.iter().find(|(s, _)| s == scheme).map_or(&["a bearer"], |(_, h)| h);
        for n in names {
            if !holders.contains(n) {
                holders.push(n);
            }
        }
    }
    if holders.is_empty() {
        holders.push("a bearer");
    }
    format!("{} token", holders.join(" or "))
}
