//! Spec loading, `$ref` resolution and structural helpers (allOf merging, operation
//! iteration) shared by every emitter.

use serde_json::Value;
use std::collections::HashMap;

/// The HTTP methods of a path item, in the order OpenAPI lists them; the spec's own
/// key order decides the output order, this list only decides what is a method.
pub const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub struct Spec {
    pub root: Value,
}

/// One operation of the spec, with where it lives.
pub struct OpRef<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub op: &'a Value,
    pub path_item: &'a Value,
    /// JSON pointer of the operation object, e.g. `#/paths/~1v2~1portal~1contact/get`.
    pub ptr: String,
}

/// `additionalProperties` of one object schema.
#[derive(Clone, Debug, PartialEq)]
pub enum ExtraSpec<'a> {
    /// not given: JSON Schema allows anything
    Unspecified,
    True,
    False,
    Schema(&'a Value, String),
}

/// A property of a (possibly allOf-merged) object schema.
#[derive(Clone, Debug)]
pub struct MergedProp<'a> {
    pub name: String,
    pub schema: &'a Value,
    pub ptr: String,
}

/// The object view of a schema after flattening `$ref`s and `allOf`s.
#[derive(Clone, Debug, Default)]
pub struct Merged<'a> {
    pub props: Vec<MergedProp<'a>>,
    pub required: Vec<String>,
    pub extra: Vec<ExtraSpec<'a>>,
    /// `oneOf`/`anyOf` met while merging, not chosen by `pick`: (pointer, branches).
    pub unions: Vec<(String, &'a [Value])>,
    /// Whether any part declared something object-like (properties, required, type object...).
    pub object_like: bool,
    /// Component schemas the merge went through (by `$ref`), in order.
    pub refs: Vec<String>,
}

impl<'a> Merged<'a> {
    pub fn is_required(&self, name: &str) -> bool {
        self.required.iter().any(|r| r == name)
    }

    /// The combined `additionalProperties`: explicit `true` anywhere wins, then the last
    /// schema, then "unspecified"; `false` only when every part says `false`.
    pub fn combined_extra(&self) -> ExtraSpec<'a> {
        if self.extra.contains(&ExtraSpec::True) {
            return ExtraSpec::True;
        }
        if let Some(s) = self.extra.iter().rev().find(|e| matches!(e, ExtraSpec::Schema(..))) {
            return s.clone();
        }
        if !self.extra.is_empty() && self.extra.iter().all(|e| *e == ExtraSpec::False) {
            return ExtraSpec::False;
        }
        ExtraSpec::Unspecified
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn esc(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Whether a schema says nothing about the value's shape (e.g. only a description).
pub fn is_trivial(schema: &Value) -> bool {
    const SHAPE_KEYS: &[&str] =
        &["$ref", "type", "allOf", "oneOf", "anyOf", "properties", "items", "enum", "additionalProperties", "format"];
    schema.as_object().is_none_or(|o| !SHAPE_KEYS.iter().any(|k| o.contains_key(*k)))
}

pub fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

pub fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl Spec {
    pub fn load(path: &std::path::Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let root = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Spec { root })
    }

    pub fn from_value(root: Value) -> Spec {
        Spec { root }
    }

    /// Looks up a local reference such as `#/components/schemas/Contact`.
    pub fn lookup(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.root.pointer(pointer)
    }

    /// Follows `$ref` chains (at most 32 hops); returns the final object and its pointer.
    pub fn resolve_at<'a>(&'a self, mut schema: &'a Value, ptr: &str) -> (&'a Value, String) {
        let mut ptr = ptr.to_string();
        for _ in 0..32 {
            match str_of(schema, "$ref").and_then(|r| self.lookup(r).map(|v| (r, v))) {
                Some((r, target)) => {
                    ptr = r.to_string();
                    schema = target;
                }
                None => break,
            }
        }
        (schema, ptr)
    }

    pub fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        self.resolve_at(schema, "").0
    }

    /// The component schema name a `$ref` points to (`#/components/schemas/<name>`).
    pub fn schema_ref_name(schema: &Value) -> Option<&str> {
        str_of(schema, "$ref")?.strip_prefix("#/components/schemas/")
    }

    /// Component schemas, in spec order.
    pub fn schemas(&self) -> Vec<(&str, &Value)> {
        self.root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default()
    }

    /// Every operation in spec order: paths in order, then methods in the order listed.
    pub fn operations(&self) -> Vec<OpRef<'_>> {
        let mut out = Vec::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_object) else { return out };
        for (path, item) in paths {
            let item = self.resolve(item);
            let Some(obj) = item.as_object() else { continue };
            for (method, op) in obj {
                if HTTP_METHODS.contains(&method.as_str()) && op.is_object() {
                    let ptr = format!("#/paths/{}/{}", esc(path), method);
                    out.push(OpRef { path, method, op, path_item: item, ptr });
                }
            }
        }
        out
    }

    /// Flattens `$ref`s and `allOf`s of an object schema into one property list.
    /// `pick` chooses a branch for the `oneOf`/`anyOf` at a given pointer (used to
    /// distribute an allOf over a union); unchosen unions are reported in `unions`.
    pub fn merge<'a>(&'a self, schema: &'a Value, ptr: &str, pick: &HashMap<String, usize>) -> Merged<'a> {
        let mut out = Merged::default();
        self.collect(schema, ptr.to_string(), pick, &mut out, 0);
        out
    }

    fn collect<'a>(&'a self, schema: &'a Value, ptr: String, pick: &HashMap<String, usize>, out: &mut Merged<'a>, depth: usize) {
        if depth > 24 {
            return;
        }
        if let Some(r) = str_of(schema, "$ref") {
            if let Some(target) = self.lookup(r) {
                if let Some(name) = Self::schema_ref_name(schema) {
                    out.refs.push(name.to_string());
                }
                self.collect(target, r.to_string(), pick, out, depth + 1);
            }
            return;
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for (i, part) in parts.iter().enumerate() {
                self.collect(part, format!("{ptr}/allOf/{i}"), pick, out, depth + 1);
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                let uptr = format!("{ptr}/{key}");
                match pick.get(&uptr).and_then(|&i| branches.get(i).map(|b| (i, b))) {
                    Some((i, branch)) => self.collect(branch, format!("{uptr}/{i}"), pick, out, depth + 1),
                    None => out.unions.push((uptr, branches.as_slice())),
                }
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            out.object_like = true;
            for (name, prop) in props {
                let prop_ptr = format!("{ptr}/properties/{}", esc(name));
                match out.props.iter_mut().find(|p| p.name == *name) {
                    // a later restatement without shape keeps the earlier, typed one; two
                    // object shapes (or arrays of them) must both hold: their intersection
                    Some(existing) if !is_trivial(prop) => match self.intersect(existing.schema, prop) {
                        Some(both) => {
                            existing.schema = both;
                            existing.ptr = format!("{prop_ptr}/allOf");
                        }
                        None => {
                            existing.schema = prop;
                            existing.ptr = prop_ptr;
                        }
                    },
                    Some(_) => {}
                    None => out.props.push(MergedProp { name: name.clone(), schema: prop, ptr: prop_ptr }),
                }
            }
        }
        if let Some(req) = schema.get("required").and_then(Value::as_array) {
            out.object_like = true;
            for r in req.iter().filter_map(Value::as_str) {
                if !out.is_required(r) {
                    out.required.push(r.to_string());
                }
            }
        }
        if str_of(schema, "type") == Some("object") {
            out.object_like = true;
        }
        let declares_object = schema.get("properties").is_some() || str_of(schema, "type") == Some("object");
        match schema.get("additionalProperties") {
            Some(Value::Bool(true)) => out.extra.push(ExtraSpec::True),
            Some(Value::Bool(false)) => out.extra.push(ExtraSpec::False),
            Some(s @ Value::Object(_)) => out.extra.push(ExtraSpec::Schema(s, format!("{ptr}/additionalProperties"))),
            _ if declares_object => out.extra.push(ExtraSpec::Unspecified),
            _ => {}
        }
    }

    /// The schema both `a` and `b` describe, when a property is declared by two allOf parts
    /// with different object shapes (or arrays of them): `{"allOf": [a, b]}`, or an array of
    /// that. `None` when they are the same or not both object-like (the later one wins).
    /// The combined schema is built once per merge and lives as long as the generator run.
    fn intersect<'a>(&'a self, a: &'a Value, b: &'a Value) -> Option<&'a Value> {
        if a == b {
            return None;
        }
        let object_like = |s: &Value| {
            let s = self.resolve(s);
            s.get("properties").is_some() || s.get("allOf").is_some() || (str_of(s, "type") == Some("object") && s.get("additionalProperties").is_none())
        };
        let items = |s: &'a Value| {
            let s = self.resolve(s);
            (str_of(s, "type") == Some("array")).then(|| s.get("items")).flatten()
        };
        let both = match (items(a), items(b)) {
            (Some(ia), Some(ib)) if ia != ib && object_like(ia) && object_like(ib) => {
                serde_json::json!({"type": "array", "items": {"allOf": [ia, ib]}})
            }
            (None, None) if object_like(a) && object_like(b) => serde_json::json!({"allOf": [a, b]}),
            _ => return None,
        };
        Some(Box::leak(Box::new(both)))
    }

    /// Whether a schema (or what it refers to) allows `null`.
    pub fn is_nullable(&self, schema: &Value) -> bool {
        flag(schema, "nullable") || flag(self.resolve(schema), "nullable")
    }

    /// The enum values of a string enum schema (following refs), if it is one.
    pub fn string_enum(&self, schema: &Value) -> Option<Vec<String>> {
        let s = self.resolve(schema);
        let values = s.get("enum")?.as_array()?;
        let strings: Vec<String> = values.iter().filter_map(Value::as_str).map(str::to_string).collect();
        let non_null = values.iter().filter(|v| !v.is_null()).count();
        (!strings.is_empty() && strings.len() == non_null).then_some(strings)
    }
}
