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

impl Operation {
    /// The operation a descriptor of the generated `methods.js` describes (the JS API passes it
    /// with every call, so the `.wasm` holds no operation table); `None` when `d` is not one.
    ///
    /// `d` is space-separated: `<id> <method><auth><body> <path>`, then one token per parameter,
    /// `<in><shape><flags><name>`, then `~<q|b>,<items>,<total>,<default size>` when the operation
    /// pages and `><status>` when its answer is a redirect. The letters: method G H P U A D (GET
    /// HEAD POST PUT PATCH DELETE); auth n (none), s (session), c (caller's token); body `-`
    /// (none), j/J (JSON), m/M (multipart; capital: required); in p q h b (path, query, header,
    /// bearer token); shape s a j (scalar, array, JSON); flags a digit, 1 = required, 2 =
    /// exploded. Written by `codegen` (emit_ops.rs `descriptor`) from the same analysis as
    /// `generated::operations`, which a test compares operation by operation.
    pub fn from_descriptor(d: &'static str) -> Option<Operation> {
        let mut tokens = crate::text::pieces(d, b' ');
        let id = tokens.next().filter(|id| !id.is_empty())?;
        let &[method, auth, body] = tokens.next()?.as_bytes() else { return None };
        let path = tokens.next().filter(|p| p.starts_with("/"))?;
        let method = match method {
            b'G' => Method::Get,
            b'H' => Method::Head,
            b'P' => Method::Post,
            b'U' => Method::Put,
            b'A' => Method::Patch,
            b'D' => Method::Delete,
            _ => return None,
        };
        let auth = match auth {
            b'n' => Auth::None,
            b's' => Auth::Session,
            b'c' => Auth::CallerToken,
            _ => return None,
        };
        let body = match body {
            b'-' => BodyKind::None,
            b'j' | b'J' => BodyKind::Json { required: body == b'J' },
            b'm' | b'M' => BodyKind::Multipart { required: body == b'M' },
            _ => return None,
        };
        let mut op = Operation { id, method, path, params: &[], auth, body, redirect_status: None, paging: None };
        let mut params = Vec::new();
        for token in tokens {
            if let Some(paging) = token.strip_prefix("~") {
                op.paging = Some(Paging::from_descriptor(paging)?);
            } else if let Some(status) = token.strip_prefix(">") {
                op.redirect_status = Some(u16::try_from(whole_number(status)?).ok()?);
            } else {
                params.push(ParamSpec::from_descriptor(token)?);
            }
        }
        if !params.is_empty() {
            // One operation's parameters for the page's life: `from_descriptor` runs once per
            // operation (src/js/mod.rs keeps what it returns).
            op.params = params.leak();
        }
        Some(op)
    }
}

/// A `u32` in decimal as `str::parse` reads it: an optional `+`, then digits.
fn whole_number(text: &str) -> Option<u32> {
    crate::error::digits(text.strip_prefix("+").unwrap_or(text))
}

impl ParamSpec {
    /// `<in><shape><flags><name>`, see [`Operation::from_descriptor`].
    fn from_descriptor(token: &'static str) -> Option<ParamSpec> {
        let &[location, shape, flags, ..] = token.as_bytes() else { return None };
        let name = token.get(3..)?;
        let location = match location {
            b'p' => ParamIn::Path,
            b'q' => ParamIn::Query,
            b'h' => ParamIn::Header,
            b'b' => ParamIn::BearerToken,
            _ => return None,
        };
        let shape = match shape {
            b's' => ParamShape::Scalar,
            b'a' => ParamShape::Array,
            b'j' => ParamShape::Json,
            _ => return None,
        };
        let flags = flags.checked_sub(b'0').filter(|f| *f < 4)?;
        (!name.is_empty()).then_some(ParamSpec { name, location, required: flags & 1 != 0, shape, explode: flags & 2 != 0 })
    }
}

impl Paging {
    /// `<q|b>,<items>,<total>,<default size>` (after the `~`), see [`Operation::from_descriptor`].
    fn from_descriptor(token: &'static str) -> Option<Paging> {
        let mut fields = crate::text::pieces(token, b',');
        let location = match fields.next()? {
            "q" => PageIn::Query,
            "b" => PageIn::Body,
            _ => return None,
        };
        let items = fields.next().filter(|i| !i.is_empty())?;
        let total = fields.next()?;
        let default_size = match fields.next()? {
            "" => None,
            size => Some(whole_number(size)?),
        };
        if fields.next().is_some() {
            return None;
        }
        Some(Paging {
            location,
            // the generator detects offset paging by these two names only
            from: "from",
            size: "size",
            items,
            total: (!total.is_empty()).then_some(total),
            default_size,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::operations;

    #[test]
    fn whole_number_reads_what_parse_reads() {
        for text in ["0", "7", "+7", "301", "65535", "65536", "4294967295", "4294967296", "", "+", "-1", "1a", " 1", "++1", "00012"] {
            assert_eq!(whole_number(text), text.parse::<u32>().ok(), "{text}");
            assert_eq!(whole_number(text).and_then(|n| u16::try_from(n).ok()), text.parse::<u16>().ok(), "{text}");
        }
    }

    /// The descriptors of the generated `methods.js`, in order.
    fn descriptors() -> Vec<&'static str> {
        let js = include_str!("generated/methods.js");
        let start = js.find("const OPERATIONS = '").expect("methods.js has OPERATIONS") + "const OPERATIONS = '".len();
        let len = js[start..].find('\'').expect("OPERATIONS ends");
        js[start..start + len].split('|').collect()
    }

    #[test]
    fn every_descriptor_is_its_generated_operation() {
        let descriptors = descriptors();
        assert_eq!(descriptors.len(), operations::COUNT);
        assert_eq!(operations::ALL.len(), operations::COUNT);
        for (d, op) in descriptors.iter().zip(operations::ALL) {
            assert_eq!(Operation::from_descriptor(d).as_ref(), Some(*op), "{d}");
        }
        // the shapes the table uses are all there: redirects, paging in query and body, bearer tokens
        let all = operations::ALL;
        assert!(all.iter().any(|o| o.redirect_status.is_some()));
        assert!(all.iter().any(|o| o.paging.is_some_and(|p| p.location == PageIn::Body)));
        assert!(all.iter().any(|o| o.paging.is_some_and(|p| p.location == PageIn::Query && p.total.is_some())));
        assert!(all.iter().any(|o| o.params.iter().any(|p| p.location == ParamIn::BearerToken)));
        assert!(all.iter().any(|o| matches!(o.body, BodyKind::Multipart { .. })));
    }

    #[test]
    fn a_malformed_descriptor_is_none() {
        for d in [
            "",
            "getContact",
            "getContact Gs- ",
            "getContact Gs-",
            "getContact Xs- /v2/portal/contact",
            "getContact Gx- /v2/portal/contact",
            "getContact Gsx /v2/portal/contact",
            "getContact Gs v2/portal/contact",
            "getContact Gs-- /v2/portal/contact",
            "getContact Gs- /v2/portal/contact qs9id",
            "getContact Gs- /v2/portal/contact xs1id",
            "getContact Gs- /v2/portal/contact qx1id",
            "getContact Gs- /v2/portal/contact qs1",
            "getContact Gs- /v2/portal/contact qs",
            "getContact Gs- /v2/portal/contact q\u{e9}1id",
            "getContact Gs- /v2/portal/contact >30x",
            "getContact Gs- /v2/portal/contact >70000",
            "getContact Gs- /v2/portal/contact ~x,hits,,",
            "getContact Gs- /v2/portal/contact ~q,,,",
            "getContact Gs- /v2/portal/contact ~q,hits,",
            "getContact Gs- /v2/portal/contact ~q,hits,,x",
            "getContact Gs- /v2/portal/contact ~q,hits,,1,2",
            "getContact Gs- /v2/portal/contact  qs1id",
        ] {
            assert_eq!(Operation::from_descriptor(d), None, "{d:?}");
        }
        let op = Operation::from_descriptor("getContact Gs- /v2/portal/contact qs3id ~b,hits,total,25 >302").unwrap();
        assert_eq!(op.params, &[ParamSpec { name: "id", location: ParamIn::Query, required: true, shape: ParamShape::Scalar, explode: true }]);
        assert_eq!(op.redirect_status, Some(302));
        assert_eq!(op.paging.map(|p| (p.items, p.total, p.default_size)), Some(("hits", Some("total"), Some(25))));
    }
}
