//! Operation analysis: merged parameters, security → `Auth`, request body, success
//! response, redirect status, and the per-operation inline types.

use crate::ir::{Field, Kind, Ty, Variant};
use crate::model::Builder;
use crate::naming::{pascal, rust_ident, screaming, snake, Names};
use crate::overrides::{scheme_override, RUNTIME_METHOD_NAMES};
use crate::spec::{flag, str_of, OpRef, Spec};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    Path,
    Query,
    Header,
    BearerToken,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Scalar,
    Array,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKind {
    None,
    Session,
    CallerToken,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Media {
    Json,
    Multipart,
}

pub struct ParamInfo<'s> {
    pub name: String,
    pub loc: Loc,
    pub required: bool,
    pub shape: Shape,
    pub explode: bool,
    /// The parameter's schema (`None` for the synthesized caller-token parameter).
    pub schema: Option<&'s Value>,
    pub example: Option<&'s Value>,
    pub deprecated: bool,
}

pub struct BodyInfo<'s> {
    pub media: Media,
    pub required: bool,
    pub ty: Ty,
    pub schema: &'s Value,
    /// Required top-level members of a JSON object body (allOf merged), for the docs.
    pub required_members: Vec<String>,
}

pub struct OpInfo<'s> {
    pub id: String,
    /// `Method` variant name (`Get`).
    pub method: String,
    pub path: String,
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub params: Vec<ParamInfo<'s>>,
    /// The `{Op}Params` struct, when the operation has parameters.
    pub params_ty: Option<String>,
    pub auth: AuthKind,
    pub body: Option<BodyInfo<'s>>,
    /// Success body type; `None` when the success response has no body.
    pub response: Option<Ty>,
    pub redirect: Option<u16>,
    /// `from`/`size` paging (`crate::paging`), when the operation pages.
    pub paging: Option<crate::paging::PagingInfo>,
    pub const_name: String,
    pub fn_name: String,
    /// The bearer-like security schemes that authorize it (any one of them).
    pub auth_schemes: Vec<String>,
    /// `x-contact-identification-token: true`: a token from `identifyContact` works too.
    pub contact_token: bool,
    /// The one-line description (`codegen/descriptions.json`), set by `generate`.
    pub description: Option<String>,
}

impl OpInfo<'_> {
    pub fn http_method(&self) -> String {
        self.method.to_ascii_uppercase()
    }
}

/// Analyses every operation (in spec order), adding their inline types to `b`.
pub fn analyse<'s>(b: &mut Builder<'s>) -> Vec<OpInfo<'s>> {
    let spec = b.spec;
    let mut consts = Names::default();
    consts.reserve("ALL");
    consts.reserve("COUNT");
    let mut fns = Names::default();
    RUNTIME_METHOD_NAMES.iter().for_each(|n| fns.reserve(n));
    let base = b.component_count();
    let mut out = Vec::new();
    for (i, op) in spec.operations().into_iter().enumerate() {
        let Some(method) = method_variant(op.method) else {
            eprintln!("codegen: skipping {} {}: method not supported by Operation", op.method, op.path);
            continue;
        };
        let Some(id) = str_of(op.op, "operationId").map(str::to_string) else {
            eprintln!("codegen: skipping {} {}: no operationId", op.method, op.path);
            continue;
        };
        b.set_root(base + i);
        let pascal_id = pascal(&id);
        let auth = auth_of(spec, op.op);
        let params = params_of(spec, &op, auth);
        let params_ty = (!params.is_empty()).then(|| params_struct(b, &op, &params, &pascal_id));
        let body = body_of(b, &op, &pascal_id);
        let (response, redirect) = response_of(b, &op, &pascal_id);
        let snake_id = snake(&id);
        let fn_name = if fns.is_taken(&snake_id) { fns.alloc_sep(&format!("{snake_id}_op"), "_") } else { fns.alloc(&snake_id) };
        let mut notes = std::mem::take(&mut b.notes);
        let paging = crate::paging::detect(spec, &id, &op.ptr, &params, body.as_ref(), response.as_ref(), &b.models, &mut notes)
            .map(|p| crate::paging::PagingInfo { fn_name: rust_ident(&fns.alloc_sep(&format!("paginate_{snake_id}"), "_")), ..p });
        b.notes = notes;
        out.push(OpInfo {
            const_name: consts.alloc_sep(&screaming(&id), "_"),
            fn_name: rust_ident(&fn_name),
            id,
            method: method.to_string(),
            path: op.path.to_string(),
            tags: op.op.get("tags").and_then(Value::as_array).map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default(),
            deprecated: flag(op.op, "deprecated"),
            params,
            params_ty,
            auth,
            body,
            response,
            redirect,
            paging,
            auth_schemes: bearer_schemes(spec, op.op),
            contact_token: flag(op.op, "x-contact-identification-token"),
            description: None,
        });
    }
    out
}

fn method_variant(method: &str) -> Option<&'static str> {
    Some(match method {
        "get" => "Get",
        "head" => "Head",
        "post" => "Post",
        "put" => "Put",
        "patch" => "Patch",
        "delete" => "Delete",
        _ => return None,
    })
}

/// Operation `security`, else the global one: the first requirement that names a
/// bearer-like scheme decides; `[]` (or only `{}`/unknown schemes) means no auth.
fn auth_of(spec: &Spec, op: &Value) -> AuthKind {
    for scheme in security_schemes(spec, op) {
        if scheme_override(scheme).is_some() {
            return AuthKind::CallerToken;
        }
        if is_bearer(spec, scheme) {
            return AuthKind::Session;
        }
    }
    AuthKind::None
}

/// The scheme names of the operation's `security` (else the global one), in order.
fn security_schemes<'s>(spec: &'s Spec, op: &'s Value) -> impl Iterator<Item = &'s String> {
    let security = op.get("security").or_else(|| spec.root.get("security"));
    security.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object).flat_map(|o| o.keys())
}

/// An http-bearer, oauth2 or OpenID Connect scheme.
fn is_bearer(spec: &Spec, scheme: &str) -> bool {
    let def = spec.root.pointer(&format!("/components/securitySchemes/{}", crate::spec::esc(scheme))).map(|d| spec.resolve(d));
    let kind = def.and_then(|d| str_of(d, "type")).unwrap_or_default();
    let bearer = def.and_then(|d| str_of(d, "scheme")).is_some_and(|s| s.eq_ignore_ascii_case("bearer"));
    (kind == "http" && bearer) || kind == "oauth2" || kind == "openIdConnect"
}

/// The bearer-like schemes named by the operation's `security` (else the global one),
/// in order, without the caller-token overrides.
fn bearer_schemes(spec: &Spec, op: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for scheme in security_schemes(spec, op) {
        if scheme_override(scheme).is_none() && is_bearer(spec, scheme) && !out.contains(scheme) {
            out.push(scheme.clone());
        }
    }
    out
}

/// Shape of a parameter schema: scalars, arrays of scalars, or anything else (JSON).
pub fn shape_of(spec: &Spec, schema: Option<&Value>) -> Shape {
    let Some(schema) = schema.map(|s| spec.resolve(s)) else { return Shape::Json };
    let scalar = |s: &Value| {
        let s = spec.resolve(s);
        let s = match s.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
            Some([only]) => spec.resolve(only),
            _ => s,
        };
        matches!(str_of(s, "type"), Some("string" | "integer" | "number" | "boolean"))
            || (s.get("type").is_none() && s.get("enum").is_some())
    };
    if scalar(schema) {
        Shape::Scalar
    } else if str_of(schema, "type") == Some("array") && schema.get("items").is_some_and(scalar) {
        Shape::Array
    } else {
        Shape::Json
    }
}

fn params_of<'s>(spec: &'s Spec, op: &OpRef<'s>, auth: AuthKind) -> Vec<ParamInfo<'s>> {
    let list = |v: &'s Value| -> Vec<&'s Value> {
        v.get("parameters").and_then(Value::as_array).map(|a| a.iter().map(|p| spec.resolve(p)).collect()).unwrap_or_default()
    };
    let key = |p: &Value| (str_of(p, "name").unwrap_or_default().to_string(), str_of(p, "in").unwrap_or_default().to_string());
    let own = list(op.op);
    let mut merged: Vec<&Value> = list(op.path_item)
        .into_iter()
        .map(|p| own.iter().copied().find(|o| key(o) == key(p)).unwrap_or(p))
        .collect();
    for p in own {
        if !merged.iter().any(|m| key(m) == key(p)) {
            merged.push(p);
        }
    }
    let mut out = Vec::new();
    for p in merged {
        let (name, location) = key(p);
        let loc = match location.as_str() {
            "path" => Loc::Path,
            "query" => Loc::Query,
            "header" => Loc::Header,
            other => {
                eprintln!("codegen: {}: parameter `{name}` in `{other}` is not supported; skipped", op.ptr);
                continue;
            }
        };
        let schema = p.get("schema").or_else(|| p.get("content").and_then(Value::as_object).and_then(|c| c.values().next()).and_then(|m| m.get("schema")));
        let style_form = str_of(p, "style").map_or(loc == Loc::Query, |s| s == "form");
        let shape = if p.get("content").is_some() { Shape::Json } else { shape_of(spec, schema) };
        out.push(ParamInfo {
            name,
            loc,
            required: flag(p, "required") || loc == Loc::Path,
            shape,
            explode: p.get("explode").and_then(Value::as_bool).unwrap_or(style_form),
            schema,
            example: p.get("example"),
            deprecated: flag(p, "deprecated") || schema.is_some_and(|s| flag(s, "deprecated")),
        });
    }
    if auth == AuthKind::CallerToken {
        let token = security_schemes(spec, op.op).find_map(|s| scheme_override(s)).map(|o| o.caller_token_param);
        if let Some(token) = token.filter(|t| !out.iter().any(|p| p.name == *t)) {
            out.push(ParamInfo {
                name: token.into(),
                loc: Loc::BearerToken,
                required: true,
                shape: Shape::Scalar,
                explode: true,
                schema: None,
                example: None,
                deprecated: false,
            });
        }
    }
    out
}

fn params_struct<'s>(b: &mut Builder<'s>, op: &OpRef<'s>, params: &[ParamInfo<'s>], pascal_id: &str) -> String {
    let mut idents = Names::default();
    let mut fields: Vec<Field> = Vec::new();
    let slot = b.reserve_model(&format!("{pascal_id}Params"));
    let owner = slot.0.clone();
    for (i, p) in params.iter().enumerate() {
        if fields.iter().any(|f| f.wire == p.name) {
            continue; // same name in two locations: one value serves both
        }
        let ty = match p.schema {
            Some(s) => b.ty_of(s, &format!("{}/parameters/{i}/schema", op.ptr), &format!("{owner}{}", pascal(&p.name))),
            None => Ty::Str,
        };
        fields.push(Field {
            wire: p.name.clone(),
            ident: rust_ident(&idents.alloc_sep(&snake(&p.name), "_")),
            ty,
            required: p.required,
            deprecated: p.deprecated,
            enum_values: None,
        });
    }
    let source = format!("Path, query and header parameters of `{}` (keyed by the spec's names)", str_of(op.op, "operationId").unwrap_or_default());
    b.push_struct(slot, fields, source);
    owner
}

fn body_of<'s>(b: &mut Builder<'s>, op: &OpRef<'s>, pascal_id: &str) -> Option<BodyInfo<'s>> {
    let spec = b.spec;
    let rb = spec.resolve(op.op.get("requestBody")?);
    let content = rb.get("content")?.as_object()?;
    let json = content.iter().find(|(k, _)| *k == "application/json" || k.ends_with("+json") || k.contains("json"));
    let multipart = content.iter().find(|(k, _)| *k == "multipart/form-data");
    let (media, (ct, mt)) = match (json, multipart) {
        (Some(j), _) => (Media::Json, j),
        (None, Some(m)) => (Media::Multipart, m),
        (None, None) => {
            let first = content.iter().next()?;
            eprintln!("codegen: {}: request body `{}` sent as JSON", op.ptr, first.0);
            (Media::Json, first)
        }
    };
    let schema = mt.get("schema").unwrap_or(&Value::Bool(true));
    let ptr = format!("{}/requestBody/content/{}/schema", op.ptr, crate::spec::esc(ct));
    let wanted = format!("{pascal_id}Request");
    let ty = b.ty_of(schema, &ptr, &wanted);
    let ty = b.named(&wanted, ty, format!("Request body of `{}`", str_of(op.op, "operationId").unwrap_or_default()));
    let required_members = spec.merge(schema, &ptr, &std::collections::HashMap::new()).required;
    Some(BodyInfo { media, required: flag(rb, "required"), ty, schema, required_members })
}

/// The success body type (2xx), and the 3xx status the spec documents, if any: the SDK does
/// not follow it and reports that status with no body (so a 2xx body next to a 3xx is
/// nullable).
fn response_of<'s>(b: &mut Builder<'s>, op: &OpRef<'s>, pascal_id: &str) -> (Option<Ty>, Option<u16>) {
    let spec = b.spec;
    let Some(responses) = op.op.get("responses").and_then(Value::as_object) else { return (None, None) };
    let status = |code: &str| code.get(..1).and_then(|c| c.parse::<u16>().ok());
    let mut bodies: Vec<(String, Option<&Value>)> = Vec::new();
    for (code, r) in responses.iter().filter(|(c, _)| status(c) == Some(2)) {
        let r = spec.resolve(r);
        let schema = r.get("content").and_then(Value::as_object).and_then(|c| {
            c.iter().find(|(k, _)| k.contains("json")).or_else(|| c.iter().next()).and_then(|(_, m)| m.get("schema"))
        });
        if !bodies.iter().any(|(_, s)| *s == schema) {
            bodies.push((code.clone(), schema));
        }
    }
    let op_id = str_of(op.op, "operationId").unwrap_or_default().to_string();
    let redirect = responses.keys().filter(|c| status(c) == Some(3)).find_map(|c| c.parse::<u16>().ok());
    if bodies.is_empty() {
        return (None, redirect);
    }
    let wanted = format!("{pascal_id}Response");
    let source = format!("Success response body of `{op_id}`");
    let typed: Vec<(String, &Value)> = bodies.iter().filter_map(|(c, s)| s.map(|s| (c.clone(), s))).collect();
    let no_body = typed.len() < bodies.len();
    let ty = match typed.as_slice() {
        [] => return (None, redirect),
        [(code, schema)] => {
            let ptr = response_ptr(op, spec, code);
            let ty = b.ty_of(schema, &ptr, &wanted);
            b.named(&wanted, ty, source)
        }
        several => {
            // distinct bodies for different 2xx codes: a union named `{Op}Response`
            let name = b.names.alloc(&wanted);
            let seq = b.next_seq();
            let variants = several
                .iter()
                .map(|(code, schema)| {
                    let ty = b.ty_of(schema, &response_ptr(op, spec, code), &format!("{name}{code}"));
                    Variant { name: format!("Status{code}"), ty, checks: Vec::new() }
                })
                .collect();
            b.push(name.clone(), Kind::Union(variants), source, seq);
            Ty::Named(name)
        }
    };
    (Some(ty.nullable_if(no_body || redirect.is_some())), redirect)
}

fn response_ptr(op: &OpRef, spec: &Spec, code: &str) -> String {
    let r = &op.op["responses"][code];
    let base = match str_of(r, "$ref") {
        Some(reference) => reference.to_string(),
        None => format!("{}/responses/{code}", op.ptr),
    };
    let content = spec.resolve(r).get("content").and_then(Value::as_object);
    let ct = content.and_then(|c| c.keys().find(|k| k.contains("json")).or_else(|| c.keys().next())).cloned().unwrap_or_default();
    format!("{base}/content/{}/schema", crate::spec::esc(&ct))
}
