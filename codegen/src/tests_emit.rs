//! Emits `tests/contract_generated.rs` (one browser test per operation, inputs
//! synthesized from the spec) and the same requests as JSON lines (`--dump-requests`)
//! for checking them against a mock server without a browser.

use crate::examples::Synth;
use crate::ops::{Loc, OpInfo, Shape};
use crate::rust_models::rust_ty;
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// A caller-supplied token for `Auth::CallerToken` operations (shape of a JWT).
const SAMPLE_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb250cmFjdC10ZXN0In0.c2lnbmF0dXJl";

/// The synthesized inputs of one operation.
pub struct Inputs {
    pub params: Value,
    /// Parameters left out, with why.
    pub omitted: Vec<String>,
    pub body: Value,
}

pub fn inputs(synth: &Synth, op: &OpInfo) -> Inputs {
    let mut params = Map::new();
    let mut omitted = Vec::new();
    for p in &op.params {
        if p.shape == Shape::Json {
            omitted.push(format!(
                "`{}` ({} object-shaped): OpenAPI 3.0 defines no serialisation for it and the mock rejects every value",
                p.name,
                if p.loc == Loc::Query { "query," } else { "" }
            ));
            continue;
        }
        if p.deprecated && !p.required {
            omitted.push(format!("`{}`: deprecated, and the mock reports the use of a deprecated parameter", p.name));
            continue;
        }
        let value = match (p.loc, p.schema) {
            (Loc::BearerToken, _) | (_, None) => json!(SAMPLE_TOKEN),
            (_, Some(schema)) => match p.example.filter(|e| !e.is_null() && !e.is_object()) {
                Some(e) => e.clone(),
                None => synth.value(schema, 0),
            },
        };
        params.insert(p.name.clone(), value);
    }
    let body = op.body.as_ref().map_or(Value::Null, |b| synth.value(b.schema, 0));
    Inputs { params: Value::Object(params), omitted, body }
}

/// `json!(...)` for a value, pretty-printed and indented for the test body.
fn json_macro(v: &Value, indent: &str) -> String {
    let text = serde_json::to_string_pretty(v).expect("serialisable");
    let text = text.replace('\n', &format!("\n{indent}"));
    format!("json!({text})")
}

pub fn emit_tests(ops: &[OpInfo], synth: &Synth, header: &str) -> String {
    let mut out = String::from("#![cfg(target_arch = \"wasm32\")]\n");
    out.push_str(header);
    out.push_str("//! Contract tests: every operation called through the public JS API (`PortalClient`)\n");
    out.push_str("//! against the mock server, with every parameter and a full body synthesized from\n");
    out.push_str("//! the spec; the answer must be a 2xx that decodes into the typed model.\n");
    out.push_str("#![cfg_attr(rustfmt, rustfmt::skip)]\n#![recursion_limit = \"1024\"]\n\nmod common;\n\nuse common::*;\n");
    out.push_str("#[allow(unused_imports)]\nuse epilot_portal_sdk::generated::models::*;\nuse serde_json::json;\nuse wasm_bindgen_test::wasm_bindgen_test;\n");
    for op in ops {
        let inputs = inputs(synth, op);
        let _ = writeln!(out, "\n/// `{} {}`", op.http_method(), op.path);
        out.push_str("#[wasm_bindgen_test]\n");
        let _ = writeln!(out, "async fn {}() {{", op.fn_name);
        for why in &inputs.omitted {
            let _ = writeln!(out, "    // omitted: {why}");
        }
        if let (Some(status), None) = (op.redirect, &op.response) {
            let _ = writeln!(out, "    // success is the {status} redirect the spec documents");
        }
        let _ = writeln!(out, "    let params = {};", json_macro(&inputs.params, "    "));
        let _ = writeln!(out, "    let body = {};", json_macro(&inputs.body, "    "));
        let _ = writeln!(out, "    let data = call_ok({:?}, params, body).await;", op.id);
        match &op.response {
            Some(ty) => {
                let _ = writeln!(out, "    let _: {} = decode({:?}, &data);", rust_ty(ty), op.id);
            }
            None => {
                let _ = writeln!(out, "    let _ = data; // no response body");
            }
        }
        out.push_str("}\n");
    }
    out
}

/// The same requests as JSON lines: operation, params with their location and
/// serialisation, body and media type.
pub fn dump_requests(ops: &[OpInfo], synth: &Synth) -> String {
    let mut out = String::new();
    for op in ops {
        let inputs = inputs(synth, op);
        let params: Vec<Value> = op
            .params
            .iter()
            .filter_map(|p| {
                let value = inputs.params.get(&p.name)?;
                Some(json!({"name": p.name, "in": format!("{:?}", p.loc), "shape": format!("{:?}", p.shape), "explode": p.explode, "value": value}))
            })
            .collect();
        let media = op.body.as_ref().map(|b| format!("{:?}", b.media));
        let response = op.response.as_ref().map(rust_ty);
        let line = json!({"id": op.id, "method": op.http_method(), "path": op.path, "params": params, "body": inputs.body, "media": media, "redirect": op.redirect, "response": response});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}
