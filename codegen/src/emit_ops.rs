//! Emits `operations.rs`, `client_ops.rs`, `js_bindings.rs` and the `PortalClient`
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

pub fn emit_js_bindings(ops: &[OpInfo], header: &str) -> String {
    let mut out = String::from(header);
    out.push_str("//! The JS API: one `PortalClient` method per operation (types come from typescript.rs).\n\n");
    out.push_str("use crate::js::PortalClient;\nuse wasm_bindgen::prelude::*;\n\n");
    out.push_str("#[wasm_bindgen(js_class = PortalClient)]\nimpl PortalClient {\n");
    for op in ops {
        let _ = writeln!(out, "    #[wasm_bindgen(js_name = {}, skip_typescript)]", js_name(&op.id));
        let _ = writeln!(
            out,
            "    pub fn {}(&self, params: JsValue, body: JsValue, options: JsValue) -> js_sys::Promise {{ self.call(&super::operations::{}, params, body, options) }}",
            op.fn_name, op.const_name
        );
    }
    out.push_str("}\n");
    if ops.iter().any(|op| op.paging.is_some()) {
        out.push_str("\nuse crate::js::paging::PortalPaginate;\n\n#[wasm_bindgen(js_class = PortalPaginate)]\nimpl PortalPaginate {\n");
        for op in ops.iter().filter(|op| op.paging.is_some()) {
            let _ = writeln!(out, "    #[wasm_bindgen(js_name = {}, skip_typescript)]", js_name(&op.id));
            let _ = writeln!(
                out,
                "    pub fn {}(&self, params: JsValue, body: JsValue, options: JsValue) -> JsValue {{ self.iterate(&super::operations::{}, params, body, options) }}",
                op.fn_name, op.const_name
            );
        }
        out.push_str("}\n");
    }
    out
}

/// The extra hover line of a paging helper.
fn paging_note(op: &OpInfo, p: &crate::paging::PagingInfo, what: &str) -> String {
    let at = if p.location == PageLoc::Query { "query" } else { "body" };
    let total = p.total.as_ref().map_or(String::new(), |t| format!(", up to `{t}`"));
    format!("Every `{}` item of `{}`, page by page (`{FROM}`/`{SIZE}` in the {at}{total}): {what}.", p.items, op.id)
}

fn js_name(id: &str) -> String {
    if is_ts_ident(id) && !id.contains('$') {
        id.to_string()
    } else {
        format!("{id:?}")
    }
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
