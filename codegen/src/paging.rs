//! Paged operations, detected from the spec's structure (no per-operation table).
//!
//! An operation pages when
//! 1. it takes a numeric `from` + `size` pair: both query parameters, else both
//!    top-level properties of its JSON request body (after allOf merging); and
//! 2. its success response (through aliases, nullability and every branch of a
//!    union) has an array member holding the items: the only array member, else
//!    the only one among the usual names [`ITEM_NAMES`]. Several candidates (or
//!    none) → not paged, with a note.
//!
//! The total count is a numeric member [`TOTAL_NAMES`] (first found) of the same
//! object as the items, when there is one. The default page size is the spec's
//! `default` of `size`, when it is a positive whole number.

use crate::ir::{Kind, Model, StructDef, Ty};
use crate::ops::{BodyInfo, Loc, Media, ParamInfo};
use crate::spec::{str_of, Spec};
use serde_json::Value;
use std::collections::HashMap;

/// The offset and page-size members.
pub const FROM: &str = "from";
pub const SIZE: &str = "size";
/// Usual names of the items member, when a response has several array members.
pub const ITEM_NAMES: &[&str] = &["results", "data", "items", "hits"];
/// Names of a total-count member next to the items, in order of preference.
pub const TOTAL_NAMES: &[&str] = &["total", "hits"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageLoc {
    Query,
    Body,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PagingInfo {
    pub location: PageLoc,
    pub items: String,
    pub item_ty: Ty,
    pub total: Option<String>,
    pub default_size: Option<u32>,
    /// The Rust `paginate_<op>` method name (set by `ops::analyse`).
    pub fn_name: String,
}

fn is_numeric(spec: &Spec, schema: Option<&Value>) -> bool {
    schema.map(|s| spec.resolve(s)).and_then(|s| str_of(s, "type")).is_some_and(|t| t == "integer" || t == "number")
}

fn default_size(spec: &Spec, schema: Option<&Value>) -> Option<u32> {
    let d = spec.resolve(schema?).get("default")?.as_f64()?;
    (d >= 1.0 && d.fract() == 0.0 && d <= f64::from(u32::MAX)).then_some(d as u32)
}

/// Where the `from`/`size` pair is, and the `size` schema.
fn page_location<'s>(spec: &'s Spec, params: &[ParamInfo<'s>], body: Option<&BodyInfo<'s>>, ptr: &str) -> Option<(PageLoc, Option<&'s Value>)> {
    let query = |name: &str| params.iter().find(|p| p.loc == Loc::Query && p.name == name);
    if let (Some(from), Some(size)) = (query(FROM), query(SIZE)) {
        if is_numeric(spec, from.schema) && is_numeric(spec, size.schema) {
            return Some((PageLoc::Query, size.schema));
        }
    }
    let body = body.filter(|b| b.media == Media::Json)?;
    let merged = spec.merge(body.schema, &format!("{ptr}/requestBody"), &HashMap::new());
    let prop = |name: &str| merged.props.iter().find(|p| p.name == name).map(|p| p.schema);
    let (from, size) = (prop(FROM), prop(SIZE));
    (from.is_some() && is_numeric(spec, from) && is_numeric(spec, size)).then_some((PageLoc::Body, size))
}

/// The object shapes a response can be: through aliases, nullability and union branches.
fn structs_of<'m>(ty: &Ty, models: &'m [Model], depth: usize, out: &mut Vec<&'m StructDef>) {
    if depth > 8 {
        return;
    }
    match ty {
        Ty::Nullable(inner) => structs_of(inner, models, depth + 1, out),
        Ty::Named(name) => match models.iter().find(|m| m.name == *name).map(|m| &m.kind) {
            Some(Kind::Struct(s)) if !out.iter().any(|o| std::ptr::eq(*o, s)) => out.push(s),
            Some(Kind::Union(variants)) => variants.iter().for_each(|v| structs_of(&v.ty, models, depth + 1, out)),
            Some(Kind::Alias(t)) => structs_of(t, models, depth + 1, out),
            _ => {}
        },
        _ => {}
    }
}

fn strip(ty: &Ty) -> &Ty {
    match ty {
        Ty::Nullable(inner) => strip(inner),
        other => other,
    }
}

/// The paging of one operation, or `None` (with a note when it takes `from`/`size`
/// but its response has no clear items member).
#[allow(clippy::too_many_arguments)]
pub fn detect<'s>(
    spec: &'s Spec,
    op_id: &str,
    ptr: &str,
    params: &[ParamInfo<'s>],
    body: Option<&BodyInfo<'s>>,
    response: Option<&Ty>,
    models: &[Model],
    notes: &mut Vec<String>,
) -> Option<PagingInfo> {
    let (location, size_schema) = page_location(spec, params, body, ptr)?;
    let mut structs = Vec::new();
    if let Some(ty) = response {
        structs_of(ty, models, 0, &mut structs);
    }
    let mut arrays: Vec<(&str, &Ty, &StructDef)> = Vec::new();
    for s in &structs {
        for f in &s.fields {
            if let Ty::Array(item) = strip(&f.ty) {
                arrays.push((&f.wire, item, s));
            }
        }
    }
    let mut names: Vec<&str> = arrays.iter().map(|a| a.0).collect();
    names.dedup();
    names.sort_unstable();
    names.dedup();
    let chosen = match names.as_slice() {
        [only] => Some(*only),
        several => {
            let usual: Vec<&str> = several.iter().copied().filter(|n| ITEM_NAMES.contains(n)).collect();
            match usual.as_slice() {
                [only] => Some(*only),
                _ => None,
            }
        }
    };
    let Some(items) = chosen else {
        notes.push(format!(
            "`{op_id}` takes `{FROM}`/`{SIZE}` but its response has {} array members ({}): no paginate helper",
            if names.is_empty() { "no" } else { "ambiguous" },
            names.join(", ")
        ));
        return None;
    };
    let (_, item_ty, holder) = arrays.iter().find(|a| a.0 == items).expect("chosen among them");
    let total = TOTAL_NAMES
        .iter()
        .filter(|t| **t != items)
        .find(|t| holder.fields.iter().any(|f| f.wire == **t && matches!(strip(&f.ty), Ty::Int | Ty::Num)))
        .map(|t| t.to_string());
    Some(PagingInfo {
        location,
        items: items.to_string(),
        item_ty: (*item_ty).clone(),
        total,
        default_size: default_size(spec, size_schema),
        fn_name: String::new(),
    })
}
