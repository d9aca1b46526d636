//! Emits `tests/fuzz_targets/generated.rs`: what the native fuzz suite (`tests/fuzz.rs`)
//! feeds its inputs to, and the seed corpus it mutates.
//!
//! - `MODELS`: every generated model (component schemas, inline shapes, parameter
//!   structs, enums, unions, aliases) as a decode function;
//! - `OPERATIONS`: every operation's success type through the runtime's response
//!   decoding (`client::decode_text`, the text → `R` step of `Client::send`);
//! - `PAGED`: every paged operation's page through `paging::page_of` and the item type;
//! - `KEYS`, `STRINGS`: every member name and enum string (spec-like JSON);
//! - `SEEDS`: the spec's own object/array `example`s, then a synthesized value
//!   (`examples::Synth`: examples, defaults, formats) for every component schema,
//!   request body and success response; deduplicated, in spec order.

use crate::examples::Synth;
use crate::ir::{Kind, Model};
use crate::ops::OpInfo;
use crate::rust_models::rust_ty;
use crate::spec::{esc, Spec};
use serde_json::Value;
use std::fmt::Write;

/// `r#"..."#` with enough `#`s for `text`.
fn raw_str(text: &str) -> String {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
}

/// Object and array `example` / `examples.*.value` values anywhere in the spec, in order.
fn spec_examples<'s>(v: &'s Value, ptr: &str, out: &mut Vec<(String, &'s Value)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let child_ptr = format!("{ptr}/{}", esc(k));
                if k == "example" && (child.is_object() || child.is_array()) {
                    out.push((child_ptr.clone(), child));
                }
                if k == "examples" {
                    for (name, e) in child.as_object().into_iter().flatten() {
                        if let Some(value) = e.get("value").filter(|v| v.is_object() || v.is_array()) {
                            out.push((format!("{child_ptr}/{}/value", esc(name)), value));
                        }
                    }
                }
                spec_examples(child, &child_ptr, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                spec_examples(child, &format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The schema of the JSON media type of a `content` object.
fn json_schema(content: Option<&Value>) -> Option<&Value> {
    content.and_then(Value::as_object).and_then(|c| c.iter().find(|(k, _)| k.contains("json"))).and_then(|(_, m)| m.get("schema"))
}

fn seeds(spec: &Spec, synth: &Synth) -> Vec<(String, String)> {
    let mut found = Vec::new();
    spec_examples(&spec.root, "#", &mut found);
    let mut out: Vec<(String, String)> = found.into_iter().map(|(p, v)| (p, v.to_string())).collect();
    for (name, schema) in spec.schemas() {
        out.push((format!("#/components/schemas/{} (synthesized)", esc(name)), synth.value(schema, 0).to_string()));
    }
    for op in spec.operations() {
        if let Some(schema) = op.op.get("requestBody").map(|b| spec.resolve(b)).and_then(|b| json_schema(b.get("content"))) {
            out.push((format!("{}/requestBody (synthesized)", op.ptr), synth.value(schema, 0).to_string()));
        }
        for (code, response) in op.op.get("responses").and_then(Value::as_object).into_iter().flatten() {
            if code.starts_with('2') {
                if let Some(schema) = json_schema(spec.resolve(response).get("content")) {
                    out.push((format!("{}/responses/{code} (synthesized)", op.ptr), synth.value(schema, 0).to_string()));
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|(_, text)| seen.insert(text.clone()));
    out
}

pub fn emit(models: &[Model], ops: &[OpInfo], spec: &Spec, synth: &Synth, header: &str) -> String {
    let mut out = String::from("#![cfg(not(target_arch = \"wasm32\"))]\n");
    out.push_str(header);
    out.push_str("//! The fuzz suite's targets (`tests/fuzz.rs`): every model and every operation's success\n");
    out.push_str("//! type as a decode function, the paged operations' page decoding, and the seed corpus.\n");
    out.push_str("#![cfg_attr(rustfmt, rustfmt::skip)]\n#![allow(dead_code)]\n\n");
    out.push_str("use epilot_portal_sdk::generated::models::*;\nuse epilot_portal_sdk::generated::operations;\n\n");
    out.push_str("/// Decodes one input; `Err` is fine, a panic is not. Returns whether it decoded.\npub type Decode = fn(&[u8]) -> bool;\n\n");
    out.push_str("/// serde_json straight from bytes into a model.\nfn model<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> bool {\n    serde_json::from_slice::<T>(bytes).is_ok()\n}\n\n");
    out.push_str("/// The runtime's response decoding (a body is a JS string: invalid UTF-8 cannot reach it).\nfn response<R: serde::de::DeserializeOwned>(bytes: &[u8]) -> bool {\n    epilot_portal_sdk::client::decode_text::<R>(&String::from_utf8_lossy(bytes)).is_ok()\n}\n\n");
    out.push_str("/// A page of a paged operation: the runtime's page reading, then every item into `T`.\nfn page<T: serde::de::DeserializeOwned>(op: &epilot_portal_sdk::operation::Operation, bytes: &[u8]) -> bool {\n");
    out.push_str("    let Some(paging) = op.paging else { return false };\n");
    out.push_str("    let Ok(value) = epilot_portal_sdk::client::decode_text::<serde_json::Value>(&String::from_utf8_lossy(bytes)) else { return false };\n");
    out.push_str("    match epilot_portal_sdk::paging::page_of(&paging, value) {\n        Ok((items, _)) => items.into_iter().all(|i| serde_json::from_value::<T>(i).is_ok()),\n        Err(_) => false,\n    }\n}\n\n");

    let _ = writeln!(out, "/// Every model ({}), in generation order.\npub const MODELS: &[(&str, Decode)] = &[", models.len());
    for m in models {
        let _ = writeln!(out, "    ({:?}, model::<{}>),", m.name, m.name);
    }
    out.push_str("];\n\n");

    let _ = writeln!(out, "/// Every operation's success type ({}), in spec order.\npub const OPERATIONS: &[(&str, Decode)] = &[", ops.len());
    for op in ops {
        let ty = op.response.as_ref().map_or("epilot_portal_sdk::NoContent".to_string(), rust_ty);
        let _ = writeln!(out, "    ({:?}, response::<{ty}>),", op.id);
    }
    out.push_str("];\n\n");

    let paged: Vec<&OpInfo> = ops.iter().filter(|o| o.paging.is_some()).collect();
    let _ = writeln!(out, "/// Every paged operation's page ({}).\npub const PAGED: &[(&str, Decode)] = &[", paged.len());
    for op in paged {
        let item = op.paging.as_ref().map(|p| rust_ty(&p.item_ty)).unwrap_or_default();
        let _ = writeln!(out, "    ({:?}, |b| page::<{item}>(&operations::{}, b)),", op.id, op.const_name);
    }
    out.push_str("];\n\n");

    // spec-like material for the JSON generator: every member name and every enum string
    let mut keys = std::collections::BTreeSet::new();
    let mut strings = std::collections::BTreeSet::new();
    for m in models {
        match &m.kind {
            Kind::Struct(s) => {
                for f in &s.fields {
                    keys.insert(f.wire.as_str());
                    strings.extend(f.enum_values.iter().flatten().map(String::as_str));
                }
            }
            Kind::Enum(values) => strings.extend(values.iter().map(|(_, wire)| wire.as_str())),
            _ => {}
        }
    }
    let list = |set: &std::collections::BTreeSet<&str>| set.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", ");
    let _ = writeln!(out, "/// Every member name of the models ({}), sorted.\npub const KEYS: &[&str] = &[{}];\n", keys.len(), list(&keys));
    let _ = writeln!(out, "/// Every enum string of the models ({}), sorted.\npub const STRINGS: &[&str] = &[{}];\n", strings.len(), list(&strings));

    let seeds = seeds(spec, synth);
    let _ = writeln!(out, "/// Seed corpus ({}): where in the spec, and compact JSON.\npub const SEEDS: &[(&str, &str)] = &[", seeds.len());
    for (where_, text) in &seeds {
        let _ = writeln!(out, "    ({where_:?}, {}),", raw_str(text));
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn raw_strings_survive_quotes_and_hashes() {
        assert_eq!(super::raw_str(r##"{"a":"#"}"##), "r##\"{\"a\":\"#\"}\"##");
        assert_eq!(super::raw_str("x"), "r#\"x\"#");
    }
}
