//! Static description of one API operation.
//!
//! The generator (`codegen/`) writes one `Operation` constant per operation of the
//! spec into `src/generated/operations.rs`; the runtime needs nothing else to build
//! and send a request, so the same code path serves the JS and the Rust API.

/// HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Methods that may be repeated without changing the outcome (RFC 9110 §9.2.2).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    /// A caller-supplied bearer token for this one call (the spec's external OIDC
    /// scheme): sent as `Authorization: Bearer <value>` instead of the session token.
    BearerToken,
}

/// The JSON shape of a parameter's schema, which decides its serialisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamShape {
    /// string, number, integer or boolean
    Scalar,
    /// array of scalars: `form` style; exploded (`a=1&a=2`) or not (`a=1,2`)
    Array,
    /// object or array of objects: sent as compact JSON text (OpenAPI 3.0 defines
    /// no query serialisation for these; see README "Decisions")
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamSpec {
    /// Name on the wire and in the `params` object (the spec's name, unchanged).
    pub name: &'static str,
    pub location: ParamIn,
    pub required: bool,
    pub shape: ParamShape,
    /// OpenAPI `explode` (default true for `form`).
    pub explode: bool,
}

/// Which credential an operation sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Security `[]`: no Authorization header.
    None,
    /// The client's token (from `authorize`), as `Bearer <token>`.
    Session,
    /// A token passed per call in a `ParamIn::BearerToken` parameter.
    CallerToken,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    None,
    Json { required: bool },
    /// `multipart/form-data`: each top-level property of the body is one form field.
    Multipart { required: bool },
}

/// One operation of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The spec's operationId, also the JS method name.
    pub id: &'static str,
    pub method: Method,
    /// Path template as in the spec, e.g. `/v2/portal/contract/{id}`.
    pub path: &'static str,
    pub params: &'static [ParamSpec],
    pub auth: Auth,
    pub body: BodyKind,
    /// The spec's success response is a redirect (3xx): the SDK does not follow it
    /// and reports this status instead (a browser hides the redirect's details).
    pub redirect_status: Option<u16>,
    /// The operation returns one page of a list (`from`/`size` offset paging): the
    /// `paginate` helpers walk every page (see [`crate::paging`]).
    pub paging: Option<Paging>,
}

/// Where an operation's paging members travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageIn {
    /// Query parameters.
    Query,
    /// Top-level properties of the JSON request body.
    Body,
}

/// Offset paging of one operation, detected by the generator from the spec's
/// structure: a numeric `from` + `size` pair in the query or the JSON body, and an
/// array member of the success response holding the page's items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub location: PageIn,
    /// Name of the offset member (index of the page's first item).
    pub from: &'static str,
    /// Name of the page-size member.
    pub size: &'static str,
    /// The response member holding the page's items (an array).
    pub items: &'static str,
    /// A numeric response member next to `items` giving the total count, if any.
    pub total: Option<&'static str>,
    /// The page size sent when the caller gives none: the spec's `default` for
    /// `size`, else [`crate::paging::DEFAULT_PAGE_SIZE`].
    pub default_size: Option<u32>,
}
