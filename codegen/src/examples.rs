//! Example synthesis: a realistic JSON value for a schema, from its `example` when
//! that fits the schema, else from type/format/enum/minimum. Objects get all their
//! properties (required and optional) down to `FULL_DEPTH`, then only required ones.

use crate::spec::{str_of, Spec};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Depth down to which optional properties are included too.
pub const FULL_DEPTH: usize = 4;
/// Hard stop for recursive schemas.
const MAX_DEPTH: usize = 12;

pub struct Synth<'s> {
    pub spec: &'s Spec,
}

/// A fixed, valid value for a string format.
pub fn format_value(format: &str) -> Option<&'static str> {
    Some(match format {
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "date-time" => "2024-01-15T10:30:00.000Z",
        "date" => "2024-01-15",
        "time" => "10:30:00Z",
        "email" => "jane.doe@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com/resource",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.10",
        "ipv6" => "2001:db8::10",
        "ulid" => "01ARZ3NDEKTSV4RRFFQ69G5FAV",
        "byte" => "ZXhhbXBsZQ==",
        _ => return None,
    })
}

/// Whether a string looks like the given format (the checks a validator makes).
pub fn fits_format(format: &str, s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    match format {
        "uuid" => {
            s.len() == 36
                && s.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
        }
        "date" => s.len() == 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        "date-time" => {
            s.len() >= 20 && fits_format("date", &s[..10]) && b[10] == b'T' && (s.ends_with('Z') || s[19..].contains(['+', '-']))
        }
        "email" => s.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.')),
        "uri" | "url" => s.split_once("://").is_some_and(|(scheme, rest)| !scheme.is_empty() && !rest.is_empty()),
        _ => true,
    }
}

impl<'s> Synth<'s> {
    /// Whether `example` can stand for `schema` (type, enum, format, bounds).
    fn fits(&self, schema: &Value, example: &Value) -> bool {
        let s = self.spec.resolve(schema);
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            return values.contains(example) && !example.is_null();
        }
        let in_bounds = |n: f64| {
            s.get("minimum").and_then(Value::as_f64).is_none_or(|m| n >= m)
                && s.get("maximum").and_then(Value::as_f64).is_none_or(|m| n <= m)
        };
        match (str_of(s, "type"), example) {
            (Some("string"), Value::String(v)) => str_of(s, "format").is_none_or(|f| fits_format(f, v)),
            (Some("integer"), Value::Number(n)) => (n.is_i64() || n.is_u64()) && in_bounds(n.as_f64().unwrap_or(0.0)),
            (Some("number"), Value::Number(n)) => in_bounds(n.as_f64().unwrap_or(0.0)),
            (Some("boolean"), Value::Bool(_)) => true,
            (Some("array"), Value::Array(items)) => {
                let item_schema = s.get("items").cloned().unwrap_or(json!({}));
                let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
                items.len() >= min.max(1) && items.iter().all(|i| self.is_scalar(&item_schema) && self.fits(&item_schema, i))
            }
            // objects are built from their properties; an example only for free-form ones
            (Some("object") | None, Value::Object(_)) => self.spec.merge(s, "", &HashMap::new()).props.is_empty() && s.get("oneOf").is_none() && s.get("anyOf").is_none() && s.get("allOf").is_none(),
            (None, v) => !v.is_null() && s.as_object().is_some_and(|o| !o.contains_key("allOf") && !o.contains_key("oneOf") && !o.contains_key("anyOf") && !o.contains_key("properties")),
            _ => false,
        }
    }

    fn is_scalar(&self, schema: &Value) -> bool {
        matches!(str_of(self.spec.resolve(schema), "type"), Some("string" | "integer" | "number" | "boolean"))
    }

    /// A value for `schema`, preferring a fitting `example` given at the use site.
    pub fn value(&self, schema: &Value, depth: usize) -> Value {
        if let Some(ex) = schema.get("example").filter(|ex| self.fits(schema, ex)) {
            return ex.clone();
        }
        if str_of(schema, "$ref").is_some() {
            return self.value(self.spec.resolve(schema), depth);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            let pick = non_null.iter().find(|v| v.as_str() != Some("")).or(non_null.first());
            return pick.map_or(Value::Null, |v| (*v).clone());
        }
        if let Some(d) = schema.get("default").filter(|d| self.fits(schema, d)) {
            return d.clone();
        }
        let object_keys = ["allOf", "oneOf", "anyOf", "properties", "additionalProperties"];
        if object_keys.iter().any(|k| schema.get(k).is_some()) || str_of(schema, "type") == Some("object") {
            return self.object(schema, depth);
        }
        match str_of(schema, "type") {
            Some("array") => {
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1) as usize;
                let items = schema.get("items").cloned().unwrap_or(json!({"type": "string"}));
                if depth >= MAX_DEPTH {
                    return json!([]);
                }
                Value::Array((0..min).map(|_| self.value(&items, depth + 1)).collect())
            }
            Some("string") => self.string(schema),
            Some("integer") => json!(self.number(schema).round() as i64),
            Some("number") => json!(self.number(schema)),
            Some("boolean") => json!(true),
            _ => json!("example"),
        }
    }

    fn string(&self, schema: &Value) -> Value {
        let base = str_of(schema, "format").and_then(format_value).unwrap_or("example");
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let mut s = base.to_string();
        while s.len() < min {
            s.push('x');
        }
        json!(s)
    }

    fn number(&self, schema: &Value) -> f64 {
        let min = schema.get("minimum").and_then(Value::as_f64);
        let max = schema.get("maximum").and_then(Value::as_f64);
        let n = min.map_or(1.0, |m| m.max(1.0));
        max.map_or(n, |m| n.min(m))
    }

    /// Objects (allOf merged, the first branch of each oneOf/anyOf chosen).
    fn object(&self, schema: &Value, depth: usize) -> Value {
        let mut pick = HashMap::new();
        let mut merged = self.spec.merge(schema, "#", &pick);
        for _ in 0..8 {
            if merged.unions.is_empty() {
                break;
            }
            for (ptr, _) in &merged.unions {
                pick.insert(ptr.clone(), 0);
            }
            merged = self.spec.merge(schema, "#", &pick);
        }
        if merged.props.is_empty() && !merged.object_like {
            // a union of non-objects: its first branch
            let first = ["oneOf", "anyOf"].iter().find_map(|k| schema.get(*k).and_then(|b| b.get(0)));
            return first.map_or(json!("example"), |b| self.value(b, depth + 1));
        }
        let mut out = Map::new();
        for p in &merged.props {
            let required = merged.is_required(&p.name);
            if (required || depth < FULL_DEPTH) && depth < MAX_DEPTH {
                out.insert(p.name.clone(), self.value(p.schema, depth + 1));
            }
        }
        for r in &merged.required {
            out.entry(r.clone()).or_insert_with(|| json!("example"));
        }
        if merged.props.is_empty() {
            if let crate::spec::ExtraSpec::Schema(ap, _) = merged.combined_extra() {
                if depth < MAX_DEPTH {
                    out.insert("key".into(), self.value(ap, depth + 1));
                }
            }
        }
        Value::Object(out)
    }
}
