//! Emits `src/generated/models.rs`: one Rust type per `Model`.

use crate::ir::{Extra, Field, Kind, Model, StructDef, Ty, Variant};
use crate::naming::serde_name;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Rust spelling of a type.
pub fn rust_ty(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) => n.clone(),
        Ty::Str => "String".into(),
        Ty::Int => "i64".into(),
        Ty::Num => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::Array(t) => format!("Vec<{}>", rust_ty(t)),
        Ty::Map(t) => format!("std::collections::BTreeMap<String, {}>", rust_ty(t)),
        Ty::FreeObject => "serde_json::Map<String, serde_json::Value>".into(),
        Ty::Any => "serde_json::Value".into(),
        Ty::Nullable(t) => format!("Option<{}>", rust_ty(t)),
    }
}

/// Like `rust_ty`, boxing the named type when it is held by value in a cycle.
fn rust_ty_boxed(ty: &Ty, boxed: bool) -> String {
    match ty {
        Ty::Named(n) if boxed => format!("Box<{n}>"),
        Ty::Nullable(t) if boxed => format!("Option<{}>", rust_ty_boxed(t, true)),
        other => rust_ty(other),
    }
}

/// Named types a type holds by value (not behind a Vec or map).
fn by_value(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Named(n) => Some(n),
        Ty::Nullable(t) => by_value(t),
        _ => None,
    }
}

/// Facts about the whole model set that single models cannot tell.
pub struct Analysis<'m> {
    models: HashMap<&'m str, &'m Model>,
    defaults: HashMap<String, bool>,
}

impl<'m> Analysis<'m> {
    pub fn new(models: &'m [Model]) -> Self {
        let mut a = Analysis { models: models.iter().map(|m| (m.name.as_str(), m)).collect(), defaults: HashMap::new() };
        for m in models {
            a.default_of(&m.name, &mut HashSet::new());
        }
        a
    }

    /// Whether `ty` (held by value) can reach model `target` through by-value members.
    pub fn reaches(&self, ty: &Ty, target: &str) -> bool {
        let mut seen = HashSet::new();
        let mut stack: Vec<&str> = by_value(ty).into_iter().collect();
        while let Some(n) = stack.pop() {
            if n == target {
                return true;
            }
            if !seen.insert(n) {
                continue;
            }
            match self.models.get(n).map(|m| &m.kind) {
                Some(Kind::Struct(s)) => stack.extend(s.fields.iter().filter_map(|f| by_value(&f.ty))),
                Some(Kind::Union(vs)) => stack.extend(vs.iter().filter_map(|v| by_value(&v.ty))),
                Some(Kind::Alias(t)) => stack.extend(by_value(t)),
                _ => {}
            }
        }
        false
    }

    fn ty_default(&mut self, ty: &Ty, visiting: &mut HashSet<String>) -> bool {
        match ty {
            Ty::Named(n) => self.default_of(n, visiting),
            _ => true,
        }
    }

    fn default_of(&mut self, name: &str, visiting: &mut HashSet<String>) -> bool {
        if let Some(&d) = self.defaults.get(name) {
            return d;
        }
        if !visiting.insert(name.to_string()) {
            return true;
        }
        let d = match self.models.get(name).map(|m| &m.kind) {
            Some(Kind::Struct(s)) => {
                let required: Vec<Ty> = s.fields.iter().filter(|f| f.required).map(|f| f.ty.clone()).collect();
                required.iter().all(|t| self.ty_default(t, visiting))
            }
            Some(Kind::Alias(t)) => {
                let t = t.clone();
                self.ty_default(&t, visiting)
            }
            // open enums default to their first value (model_support::open_enum!)
            Some(Kind::Enum(_)) => true,
            _ => false,
        };
        self.defaults.insert(name.to_string(), d);
        d
    }

    pub fn has_default(&self, name: &str) -> bool {
        self.defaults.get(name).copied().unwrap_or(false)
    }
}

pub fn doc_source(m: &Model) -> String {
    if m.source.starts_with('#') {
        format!("/// Schema `{}`.\n", m.source)
    } else {
        format!("/// {}.\n", m.source)
    }
}

pub fn emit_models(models: &[Model], header: &str) -> String {
    let a = Analysis::new(models);
    let mut out = String::new();
    out.push_str(header);
    out.push_str("//! One type per component schema of the spec (same name), plus the spec's inline\n");
    out.push_str("//! shapes: `{Operation}Params`, `{Operation}Request`, `{Operation}Response`,\n");
    out.push_str("//! `{Parent}{Property}`, `{Parent}{Property}Item`, `{Parent}Value` (map values)\n");
    out.push_str("//! and `{Union}Variant{N}`. Mapping rules: codegen/README.md.\n\n");
    out.push_str("#![allow(clippy::large_enum_variant, clippy::derive_partial_eq_without_eq)]\n");
    for m in models {
        out.push('\n');
        if !matches!(m.kind, Kind::Enum(_)) {
            out.push_str(&doc_source(m));
        }
        match &m.kind {
            Kind::Struct(s) => emit_struct(&mut out, m, s, &a),
            Kind::Enum(vs) => emit_enum(&mut out, m, vs),
            Kind::Union(vs) => emit_union(&mut out, m, vs, &a),
            Kind::Alias(t) => {
                let _ = writeln!(out, "pub type {} = {};", m.name, rust_ty(t));
            }
        }
    }
    out
}

fn field_attrs(f: &Field) -> Vec<String> {
    let mut attrs = Vec::new();
    if serde_name(&f.ident) != f.wire {
        attrs.push(format!("rename = {:?}", f.wire));
    }
    let nullable = matches!(f.ty, Ty::Nullable(_));
    if !f.required {
        attrs.push("default".into());
        if nullable {
            attrs.push("deserialize_with = \"crate::model_support::double_option\"".into());
        }
        attrs.push("skip_serializing_if = \"Option::is_none\"".into());
    }
    attrs
}

fn emit_struct(out: &mut String, m: &Model, s: &StructDef, a: &Analysis) {
    let default = if a.has_default(&m.name) { "Default, " } else { "" };
    let _ = writeln!(out, "#[derive(Clone, Debug, {default}PartialEq, serde::Serialize, serde::Deserialize)]");
    let _ = writeln!(out, "pub struct {} {{", m.name);
    for f in &s.fields {
        if f.deprecated {
            out.push_str("    /// Deprecated in the spec.\n");
        }
        let attrs = field_attrs(f);
        if !attrs.is_empty() {
            let _ = writeln!(out, "    #[serde({})]", attrs.join(", "));
        }
        let boxed = a.reaches(&f.ty, &m.name);
        let ty = rust_ty_boxed(&f.ty, boxed);
        let ty = if f.required { ty } else { format!("Option<{ty}>") };
        let _ = writeln!(out, "    pub {}: {},", f.ident, ty);
    }
    let extra_ty = match &s.extra {
        Extra::Closed => None,
        Extra::Implicit | Extra::Open => Some("serde_json::Map<String, serde_json::Value>".to_string()),
        Extra::Typed(t) => Some(format!("std::collections::BTreeMap<String, {}>", rust_ty(t))),
    };
    if let Some(t) = extra_ty {
        out.push_str("    /// Members the spec does not declare, kept as received.\n");
        out.push_str("    #[serde(flatten)]\n");
        let _ = writeln!(out, "    pub {}: {},", s.extra_ident, t);
    }
    out.push_str("}\n");
}

fn emit_enum(out: &mut String, m: &Model, variants: &[(String, String)]) {
    let _ = write!(out, "crate::model_support::open_enum! {{\n{}{} {{\n", doc_source(m), m.name);
    for (ident, value) in variants {
        let _ = writeln!(out, "    {ident} = {value:?},");
    }
    out.push_str("} }\n");
}

fn emit_union(out: &mut String, m: &Model, variants: &[Variant], a: &Analysis) {
    out.push_str("#[derive(Clone, Debug, PartialEq, serde::Serialize)]\n#[serde(untagged)]\n");
    let _ = writeln!(out, "pub enum {} {{", m.name);
    let boxed: Vec<bool> = variants.iter().map(|v| a.reaches(&v.ty, &m.name)).collect();
    for (v, &b) in variants.iter().zip(&boxed) {
        let _ = writeln!(out, "    {}({}),", v.name, rust_ty_boxed(&v.ty, b));
    }
    out.push_str("    /// A value that matches none of the branches above.\n    Other(serde_json::Value),\n}\n");
    let _ = writeln!(out, "impl<'de> serde::Deserialize<'de> for {} {{", m.name);
    out.push_str("    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {\n");
    out.push_str("        crate::model_support::decode_union(deserializer, &[\n");
    for (v, &b) in variants.iter().zip(&boxed) {
        let checks: Vec<String> = v
            .checks
            .iter()
            .map(|(prop, values)| {
                let vals: Vec<String> = values.iter().map(|s| format!("{s:?}")).collect();
                format!("({prop:?}, &[{}])", vals.join(", "))
            })
            .collect();
        let ctor = if b { format!("|x| Self::{}(Box::new(x))", v.name) } else { format!("Self::{}", v.name) };
        let _ = writeln!(
            out,
            "            (&[{}], |v| serde::Deserialize::deserialize(v).ok().map({ctor})),",
            checks.join(", ")
        );
    }
    out.push_str("        ], Self::Other)\n    }\n}\n");
}
