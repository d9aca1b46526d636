//! Emits `operations.rs`, `client_ops.rs`, `methods.js` and the `PortalClient`
//! TypeScript interface from the analysed operations.

use crate::naming::is_ts_ident;
use crate::ops::{AuthKind, Loc, Media, OpInfo, Shape};
use crate::paging::{PageLoc, FROM, SIZE};
use crate::rust_models::rust_ty;
use crate::ts::ts_ty;
use std::fmt::Write;

/// `GET /v2/portal/contact`
fn route(op: &OpInfo) -> String {
    format!("{} {}", op.http_method(), op.path)
}

pub fn emit_operations(ops: &[OpInfo], header: &str) -> String {
    let mut out = String::from(header);
    out.push_str("//! One `Operation` per operation of the spec, in spec order; `ALL` lists them.\n\n");
    out.push_str("use crate::operation::{Auth, BodyKind, Method, Operation, ParamIn, ParamShape, ParamSpec};\n");
    for op in ops {
        let _ = writeln!(out, "\n/// `{}` (operationId `{}`)", route(op), op.id);
        let _ = writeln!(out, "pub const {}: Operation = Operation {{", op.const_name);
        let _ = writeln!(out, "    id: {:?},\n    method: Method::{},\n    path: {:?},", op.id, op.method, op.path);
        if op.params.is_empty() {
            out.push_str("    params: &[],\n");
        } else {
            out.push_str("    params: &[\n");
            for p in &op.params {
                let loc = match p.loc {
                    Loc::Path => "Path",
                    Loc::Query => "Query",
                    Loc::Header => "Header",
                    Loc::BearerToken => "BearerToken",
                };
                let shape = match p.shape {
                    Shape::Scalar => "Scalar",
                    Shape::Array => "Array",
                    Shape::Json => "Json",
                };
                let _ = writeln!(
                    out,
                    "        ParamSpec {{ name: {:?}, location: ParamIn::{loc}, required: {}, shape: ParamShape::{shape}, explode: {} }},",
                    p.name, p.required, p.explode
                );
            }
            out.push_str("    ],\n");
        }
        let auth = match op.auth {
            AuthKind::None => "None",
            AuthKind::Session => "Session",
            AuthKind::CallerToken => "CallerToken",
        };
        let body = match &op.body {
            None => "BodyKind::None".to_string(),
            Some(b) => {
                let kind = if b.media == Media::Json { "Json" } else { "Multipart" };
                format!("BodyKind::{kind} {{ required: {} }}", b.required)
            }
        };
        let redirect = op.redirect.map_or("None".to_string(), |c| format!("Some({c})"));
        let paging = match &op.paging {
            None => "None".to_string(),
            Some(p) => {
                let location = match p.location {
                    PageLoc::Query => "Query",
                    PageLoc::Body => "Body",
                };
                format!(
                    "Some(crate::operation::Paging {{\n        location: crate::operation::PageIn::{location},\n        from: {FROM:?},\n        size: {SIZE:?},\n        items: {:?},\n        total: {},\n        default_size: {},\n    }})",
                    p.items,
                    p.total.as_ref().map_or("None".to_string(), |t| format!("Some({t:?})")),
                    p.default_size.map_or("None".to_string(), |d| format!("Some({d})")),
                )
            }
        };
        let _ = writeln!(out, "    auth: Auth::{auth},\n    body: {body},\n    redirect_status: {redirect},\n    paging: {paging},\n}};");
    }
    let _ = writeln!(out, "\n/// How many operations there are (the length of [`ALL`]).\npub const COUNT: usize = {};", ops.len());
    out.push_str("\n/// Every operation, in spec order.\npub const ALL: &[&Operation] = &[\n");
    for op in ops {
        let _ = writeln!(out, "    &{},", op.const_name);
    }
    out.push_str("];\n");
    out
}

pub fn emit_client_ops(ops: &[OpInfo], header: &str) -> String {
    let mut out = String::from(header);
    out.push_str("//! The typed Rust API: one async method of `Client` per operation.\n\n");
    out.push_str("use super::models::*;\nuse super::operations;\n\nimpl crate::Client {\n");
    for (i, op) in ops.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&crate::docs::rust_doc(op, None));
        let mut args = vec!["&self".to_string()];
        let params = match &op.params_ty {
            Some(p) => {
                args.push(format!("params: &{p}"));
                "params"
            }
            None => "&crate::NoParams {}",
        };
        let body = match &op.body {
            None => "None::<&()>".to_string(),
            Some(b) if b.required => {
                args.push(format!("body: &{}", rust_ty(&b.ty)));
                "Some(body)".to_string()
            }
            Some(b) => {
                args.push(format!("body: Option<&{}>", rust_ty(&b.ty)));
                "body".to_string()
            }
        };
        let response = op.response.as_ref().map_or("crate::NoContent".to_string(), rust_ty);
        let _ = writeln!(
            out,
            "    pub async fn {}({}) -> Result<crate::ApiResponse<{response}>, crate::Error> {{",
            op.fn_name,
            args.join(", ")
        );
        let _ = writeln!(out, "        self.send(&operations::{}, {params}, {body}).await\n    }}", op.const_name);
        if let Some(p) = &op.paging {
            out.push('\n');
            out.push_str(&crate::docs::rust_doc(op, Some(&paging_note(op, p, "a `Stream`"))));
            let _ = writeln!(
                out,
                "    pub fn {}({}) -> crate::Pages<{}> {{\n        self.paginate(&operations::{}, {params}, {body})\n    }}",
                p.fn_name,
                args.join(", "),
                rust_ty(&p.item_ty),
                op.const_name
            );
        }
    }
    out.push_str("}\n");
    out
}

/// One operation as the runtime reads it (`Operation::from_descriptor`, src/operation.rs):
/// space-separated `<id> <method><auth><body> <path>`, then one token per parameter,
/// `<in><shape><flags><name>` (`in`: p path, q query, h header, b bearer token; `shape`: s
/// scalar, a array, j JSON; `flags`: a digit, 1 = required, 2 = exploded), then `~<q|b>,<items>,
/// <total>,<default size>` when it pages and `><status>` when its answer is a redirect.
/// `method`: G H P U A D (GET HEAD POST PUT PATCH DELETE); `auth`: n none, s session, c caller's
/// token; `body`: - none, j/J JSON, m/M multipart (capital: required).
pub fn descriptor(op: &OpInfo) -> String {
    let method = match op.method.as_str() {
        "Get" => 'G',
        "Head" => 'H',
        "Post" => 'P',
        "Put" => 'U',
        "Patch" => 'A',
        "Delete" => 'D',
        other => panic!("operation {}: no descriptor letter for method {other}", op.id),
    };
    let auth = match op.auth {
        AuthKind::None => 'n',
        AuthKind::Session => 's',
        AuthKind::CallerToken => 'c',
    };
    let body = match &op.body {
        None => '-',
        Some(b) => match (b.media == Media::Json, b.required) {
            (true, false) => 'j',
            (true, true) => 'J',
            (false, false) => 'm',
            (false, true) => 'M',
        },
    };
    let mut out = format!("{} {method}{auth}{body} {}", op.id, op.path);
    for p in &op.params {
        let loc = match p.loc {
            Loc::Path => 'p',
            Loc::Query => 'q',
            Loc::Header => 'h',
            Loc::BearerToken => 'b',
        };
        let shape = match p.shape {
            Shape::Scalar => 's',
            Shape::Array => 'a',
            Shape::Json => 'j',
        };
        let _ = write!(out, " {loc}{shape}{}{}", u8::from(p.required) + 2 * u8::from(p.explode), p.name);
    }
    if let Some(p) = &op.paging {
        let at = if p.location == PageLoc::Query { 'q' } else { 'b' };
        let total = p.total.as_deref().unwrap_or("");
        let size = p.default_size.map_or(String::new(), |d| d.to_string());
        assert!(!p.items.contains(',') && !total.contains(','), "operation {}: a paging member with a comma", op.id);
        let _ = write!(out, " ~{at},{},{total},{size}", p.items);
    }
    if let Some(status) = op.redirect {
        let _ = write!(out, " >{status}");
    }
    // one `|`-separated JS string in single quotes: no separator, quote, backslash or line break
    // may occur in a name or path, and no token may be empty
    assert!(
        !out.contains(['|', '\'', '\\', '\n', '\r']) && !out.contains("  ") && !out.ends_with(' '),
        "operation {}: a name or path the JS method table cannot hold",
        op.id
    );
    out
}

/// `methods.js`: the JS methods of `PortalClient` (one per operation) and of `client.paginate`,
/// installed on the class's prototype by the package's index.js. Each calls the client's one
/// wasm export for operations with the operation's index and descriptor ([`descriptor`]), so the
/// `.wasm` exports two functions instead of one per operation and holds no operation table.
pub fn emit_js_methods(ops: &[OpInfo], header: &str) -> String {
    let mut out = String::from(header);
    out.push_str(concat!(
        "// The operation methods of `PortalClient`, `client.<operationId>(params, body, options)`, and\n",
        "// the page iterators of `client.paginate`. Each calls the client's wasm export `__call` (or\n",
        "// `__paginate`) with the operation's index in spec order and its descriptor (operationId,\n",
        "// method, auth, body, path, parameters, paging; read by `Operation::from_descriptor` in\n",
        "// src/operation.rs, which holds the format): the work (parameters, URL, validation, retries,\n",
        "// auth) is the Rust's, the types and docs the .d.ts's.\n",
        "// scripts/package.mjs copies this file into the package; index.js calls installOperations.\n\n",
        "/** The operations' descriptors, in spec order (the index is the operation's in `ALL`). */\nconst OPERATIONS = '",
    ));
    let descriptors: Vec<String> = ops.iter().map(descriptor).collect();
    out.push_str(&descriptors.join("|"));
    out.push_str("'.split('|');\n\n/** Indices (in OPERATIONS) of the operations that page. */\nconst PAGED = [");
    let paged: Vec<String> = ops.iter().enumerate().filter(|(_, op)| op.paging.is_some()).map(|(i, _)| i.to_string()).collect();
    out.push_str(&paged.join(", "));
    out.push_str(concat!(
        "];\n\n",
        "/** The operationId of a descriptor. */\n",
        "const idOf = (op) => op.slice(0, op.indexOf(' '));\n\n",
        "/** Puts the operation methods and `paginate` on `PortalClient.prototype` (once). */\n",
        "export function installOperations(PortalClient) {\n",
        "  const proto = PortalClient.prototype;\n",
        "  if (Object.prototype.hasOwnProperty.call(proto, 'paginate')) return;\n",
        "  // like a class's methods: not enumerable, replaceable\n",
        "  const define = (target, name, value) => Object.defineProperty(target, name, { value, writable: true, configurable: true });\n",
        "  OPERATIONS.forEach((op, i) => {\n",
        "    define(proto, idOf(op), function (params, body, options) {\n",
        "      return this.__call(i, op, params, body, options);\n",
        "    });\n  });\n",
        "  // `client.paginate`: the page iterators of one client\n",
        "  function PortalPaginate(client) {\n    define(this, '__client', client);\n  }\n",
        "  for (const i of PAGED) {\n",
        "    define(PortalPaginate.prototype, idOf(OPERATIONS[i]), function (params, body, options) {\n",
        "      return this.__client.__paginate(i, OPERATIONS[i], params, body, options);\n",
        "    });\n  }\n",
        "  Object.defineProperty(proto, 'paginate', {\n",
        "    get() {\n      return new PortalPaginate(this);\n    },\n",
        "    configurable: true,\n  });\n}\n",
    ));
    out
}

/// The extra hover line of a paging helper.
fn paging_note(op: &OpInfo, p: &crate::paging::PagingInfo, what: &str) -> String {
    let at = if p.location == PageLoc::Query { "query" } else { "body" };
    let total = p.total.as_ref().map_or(String::new(), |t| format!(", up to `{t}`"));
    format!("Every `{}` item of `{}`, page by page (`{FROM}`/`{SIZE}` in the {at}{total}): {what}.", p.items, op.id)
}

/// `export interface PortalClient { ... }`: one method signature per operation; and
/// `export interface PortalPaginate { ... }`: one page iterator per paged operation.
pub fn ts_client(ops: &[OpInfo]) -> String {
    let mut out = String::from("export interface PortalClient {\n");
    if ops.iter().any(|op| op.paging.is_some()) {
        out.push_str("  /** Every item of a paged list, page by page: `for await (const item of client.paginate.<operationId>(params, body, options))`. */\n");
        out.push_str("  readonly paginate: PortalPaginate;\n");
    }
    for op in ops {
        out.push_str(&crate::docs::jsdoc(op, None));
        let body_required = op.body.as_ref().is_some_and(|b| b.required);
        let params_required = op.params.iter().any(|p| p.required);
        let params = match (&op.params_ty, params_required, body_required) {
            (Some(p), true, _) => format!("params: {p}"),
            (Some(p), false, false) => format!("params?: {p} | null"),
            (Some(p), false, true) => format!("params: {p} | null | undefined"),
            (None, _, false) => "params?: null".to_string(),
            (None, _, true) => "params: null | undefined".to_string(),
        };
        let body = match &op.body {
            None => "body?: null".to_string(),
            Some(b) if b.required => format!("body: {}", ts_ty(&b.ty)),
            Some(b) => format!("body?: {} | null", ts_ty(&b.ty)),
        };
        let response = op.response.as_ref().map_or("null".to_string(), ts_ty);
        let name = if is_ts_ident(&op.id) { op.id.clone() } else { crate::ts::ts_str(&op.id) };
        let _ = writeln!(out, "  {name}({params}, {body}, options?: CallOptions): Promise<ApiResponse<{response}>>;");
    }
    out.push_str("}\n");
    if ops.iter().any(|op| op.paging.is_some()) {
        out.push_str("\n/** `client.paginate`: one async iterator per paged operation (pages fetched lazily, `from`/`size` set by the SDK). */\n");
        out.push_str("export interface PortalPaginate {\n");
        for op in ops {
            let Some(p) = &op.paging else { continue };
            out.push_str(&crate::docs::jsdoc(op, Some(&paging_note(op, p, "an async iterator"))));
            // the SDK sets `from`/`size`: the caller's (optional) ones give the first page
            let in_query = p.location == PageLoc::Query;
            let params_required = op.params.iter().any(|q| q.required && !(in_query && (q.name == FROM || q.name == SIZE)));
            let params_ty = op.params_ty.as_ref().map(|t| if in_query { format!("PageParams<{t}>") } else { t.clone() });
            let body_required = op.body.as_ref().is_some_and(|b| b.required);
            let params = match (params_ty, params_required, body_required) {
                (Some(t), true, _) => format!("params: {t}"),
                (Some(t), false, false) => format!("params?: {t} | null"),
                (Some(t), false, true) => format!("params: {t} | null | undefined"),
                (None, _, false) => "params?: null".to_string(),
                (None, _, true) => "params: null | undefined".to_string(),
            };
            let body = match &op.body {
                None => "body?: null".to_string(),
                Some(b) if b.required => format!("body: {}", ts_ty(&b.ty)),
                Some(b) => format!("body?: {} | null", ts_ty(&b.ty)),
            };
            let name = if is_ts_ident(&op.id) { op.id.clone() } else { crate::ts::ts_str(&op.id) };
            let _ = writeln!(out, "  {name}({params}, {body}, options?: CallOptions): PageIterator<{}>;", ts_ty(&p.item_ty));
        }
        out.push_str("}\n");
    }
    out
}
