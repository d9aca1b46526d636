//! TypeScript declarations for the models (emitted into `src/generated/typescript.rs`
//! as wasm-bindgen `typescript_custom_section`s).

use crate::ir::{Extra, Kind, Model, Ty};
use crate::naming::ts_key;
use std::fmt::Write;

/// TypeScript spelling of a type.
pub fn ts_ty(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) => n.clone(),
        Ty::Str => "string".into(),
        Ty::Int | Ty::Num => "number".into(),
        Ty::Bool => "boolean".into(),
        Ty::Array(t) => {
            let inner = ts_ty(t);
            if inner.contains(' ') {
                format!("Array<{inner}>")
            } else {
                format!("{inner}[]")
            }
        }
        Ty::Map(t) => format!("Record<string, {}>", ts_ty(t)),
        Ty::FreeObject => "Record<string, unknown>".into(),
        Ty::Any => "unknown".into(),
        Ty::Nullable(t) => format!("{} | null", ts_ty(t)),
    }
}

/// A single-quoted TypeScript string literal.
pub fn ts_str(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `/** ... */` line for a deprecated member, empty otherwise.
pub fn deprecated_doc(deprecated: bool, indent: &str) -> String {
    if deprecated {
        format!("{indent}/** @deprecated */\n")
    } else {
        String::new()
    }
}

/// The declaration of one model.
pub fn ts_model(m: &Model) -> String {
    let mut out = String::new();
    match &m.kind {
        Kind::Struct(s) => {
            let _ = writeln!(out, "export interface {} {{", m.name);
            for f in &s.fields {
                out.push_str(&deprecated_doc(f.deprecated, "  "));
                let opt = if f.required { "" } else { "?" };
                let _ = writeln!(out, "  {}{opt}: {};", ts_key(&f.wire), ts_ty(&f.ty));
            }
            let index = match &s.extra {
                Extra::Closed | Extra::Implicit => None,
                Extra::Open => Some("unknown".to_string()),
                Extra::Typed(t) => {
                    // an index signature must admit every declared member's type
                    let mut parts = vec![ts_ty(t)];
                    for f in &s.fields {
                        let declared = ts_ty(&f.ty);
                        if !parts.contains(&declared) {
                            parts.push(declared);
                        }
                    }
                    if s.fields.iter().any(|f| !f.required) && parts.len() > 1 {
                        parts.push("undefined".into());
                    }
                    Some(parts.join(" | "))
                }
            };
            if let Some(t) = index {
                let _ = writeln!(out, "  [key: string]: {t};");
            }
            out.push_str("}\n");
        }
        Kind::Enum(vs) => {
            let lits: Vec<String> = vs.iter().map(|(_, v)| ts_str(v)).collect();
            let _ = writeln!(out, "export type {} = {};", m.name, lits.join(" | "));
        }
        Kind::Union(vs) => {
            let mut tys: Vec<String> = Vec::new();
            for v in vs {
                let t = ts_ty(&v.ty);
                if !tys.contains(&t) {
                    tys.push(t);
                }
            }
            let _ = writeln!(out, "export type {} = {};", m.name, tys.join(" | "));
        }
        Kind::Alias(t) => {
            let _ = writeln!(out, "export type {} = {};", m.name, ts_ty(t));
        }
    }
    out
}

/// A Rust `typescript_custom_section` constant holding `body`.
pub fn custom_section(const_name: &str, body: &str) -> String {
    let mut hashes = String::from("#");
    while body.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!(
        "#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]\nconst {const_name}: &str = r{hashes}\"\n{body}\"{hashes};\n"
    )
}
