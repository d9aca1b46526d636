//! Schema → `Model` conversion: ref resolution, allOf merging, unions, enums and the
//! naming of inline shapes (`{Parent}{Prop}`, `{Parent}{Prop}Item`, `...Value`, `...VariantN`).

use crate::ir::{Extra, Field, Kind, Model, StructDef, Ty, Variant};
use crate::naming::{pascal, rust_ident, snake, variant, Names};
use crate::overrides::{LANGUAGE_TYPE_NAMES, RUNTIME_TYPE_NAMES};
use crate::spec::{esc, flag, str_of, ExtraSpec, Merged, Spec};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

pub struct Builder<'s> {
    pub spec: &'s Spec,
    pub models: Vec<Model>,
    pub names: Names,
    /// Types already made for the schema at a pointer (so an inherited inline property
    /// keeps the type of the schema that declares it).
    memo: HashMap<String, Ty>,
    components: HashMap<String, usize>,
    started: HashSet<String>,
    root: usize,
    seq: usize,
    /// Mapping decisions worth telling (e.g. non-string enums).
    pub notes: Vec<String>,
}

impl<'s> Builder<'s> {
    pub fn new(spec: &'s Spec) -> Result<Self, String> {
        let mut names = Names::default();
        let mut components = HashMap::new();
        for (i, (name, _)) in spec.schemas().into_iter().enumerate() {
            if RUNTIME_TYPE_NAMES.contains(&name) || LANGUAGE_TYPE_NAMES.contains(&name) || pascal(name) != name {
                return Err(format!("component schema name `{name}` cannot be a type name as is; extend codegen/src/overrides.rs"));
            }
            names.reserve(name);
            components.insert(name.to_string(), i);
        }
        RUNTIME_TYPE_NAMES.iter().chain(LANGUAGE_TYPE_NAMES).for_each(|n| names.reserve(n));
        Ok(Builder { spec, models: Vec::new(), names, memo: HashMap::new(), components, started: HashSet::new(), root: 0, seq: 0, notes: Vec::new() })
    }

    pub fn component_count(&self) -> usize {
        self.components.len()
    }

    /// Builds every component schema, in spec order.
    pub fn build_components(&mut self) {
        for (name, _) in self.spec.schemas() {
            self.component(name);
        }
    }

    pub fn set_root(&mut self, root: usize) {
        self.root = root;
    }

    pub fn next_seq(&mut self) -> usize {
        self.seq += 1;
        self.seq
    }

    /// Adds a model (ordered by its root, then by `seq`).
    pub fn push(&mut self, name: String, kind: Kind, source: String, seq: usize) {
        self.models.push(Model { name, kind, source, root: self.root, seq });
    }

    /// Adds a struct of already-made fields (parameter structs), under a name and
    /// order position taken before its fields' types were made.
    pub fn push_struct(&mut self, (name, seq): (String, usize), fields: Vec<Field>, source: String) {
        self.push(name, Kind::Struct(StructDef { fields, extra: Extra::Closed, extra_ident: String::new() }), source, seq);
    }

    /// A fresh name and order position for a model whose parts are made next.
    pub fn reserve_model(&mut self, wanted: &str) -> (String, usize) {
        let name = self.names.alloc(wanted);
        (name, self.next_seq())
    }

    /// Builds a named alias for a non-model type (`{Op}Response = Vec<...>`); returns
    /// the type as is when it already is a named model.
    pub fn named(&mut self, wanted: &str, ty: Ty, source: String) -> Ty {
        match ty {
            Ty::Named(_) => ty,
            Ty::Nullable(ref inner) if matches!(**inner, Ty::Named(_)) => ty,
            other => {
                let name = self.names.alloc(wanted);
                let seq = self.next_seq();
                self.push(name.clone(), Kind::Alias(other), source, seq);
                Ty::Named(name)
            }
        }
    }

    /// The type of a component schema, building it (and its inline shapes) on first use.
    pub fn component(&mut self, name: &str) -> Ty {
        let named = Ty::Named(name.to_string());
        if !self.started.insert(name.to_string()) {
            return named;
        }
        let Some(&index) = self.components.get(name) else { return Ty::Any };
        let spec = self.spec;
        let schema = spec.root.pointer(&format!("/components/schemas/{}", esc(name))).expect("component exists");
        let ptr = format!("#/components/schemas/{}", esc(name));
        let saved = self.root;
        self.root = index;
        let seq = self.next_seq();
        let ty = self.define(schema, &ptr, name, true);
        if ty != named {
            self.push(name.to_string(), Kind::Alias(ty), ptr, seq);
        }
        self.root = saved;
        named
    }

    /// The type of the schema at `ptr`, naming any new model after `hint`.
    pub fn ty_of(&mut self, schema: &'s Value, ptr: &str, hint: &str) -> Ty {
        let nullable = self.spec.is_nullable(schema);
        if let Some(name) = Spec::schema_ref_name(schema) {
            if self.components.contains_key(name) {
                return self.component(name).nullable_if(nullable);
            }
        }
        if str_of(schema, "$ref").is_some() {
            let (target, tptr) = self.spec.resolve_at(schema, ptr);
            return self.define(target, &tptr, hint, false).nullable_if(nullable);
        }
        self.define(schema, ptr, hint, false).nullable_if(nullable)
    }

    fn name_for(&mut self, hint: &str, exact: bool) -> String {
        if exact {
            hint.to_string()
        } else {
            self.names.alloc(hint)
        }
    }

    /// The type of a schema without its own nullability.
    fn define(&mut self, schema: &'s Value, ptr: &str, hint: &str, exact: bool) -> Ty {
        if let Some(t) = self.memo.get(ptr) {
            return t.clone();
        }
        let obj = schema.as_object();
        let has = |k: &str| obj.is_some_and(|o| o.contains_key(k));
        if let Some([only]) = schema.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
            if !["properties", "oneOf", "anyOf", "required", "additionalProperties"].iter().any(|k| has(k)) {
                let inner = format!("{ptr}/allOf/0");
                if str_of(only, "$ref").is_some() {
                    return self.ty_of(only, &inner, hint);
                }
                // an inline single part is the schema itself (and keeps an exact name)
                return self.define(only, &inner, hint, exact);
            }
        }
        if has("enum") {
            return self.define_enum(schema, ptr, hint, exact);
        }
        let kind = str_of(schema, "type");
        if ["allOf", "oneOf", "anyOf", "properties", "additionalProperties"].iter().any(|k| has(k)) || kind == Some("object") {
            return self.define_object(schema, ptr, hint, exact);
        }
        match kind {
            Some("array") => match schema.get("items") {
                Some(items) => Ty::Array(Box::new(self.ty_of(items, &format!("{ptr}/items"), &format!("{hint}Item")))),
                None => Ty::Array(Box::new(Ty::Any)),
            },
            Some("string") => Ty::Str,
            Some("integer") => Ty::Int,
            Some("number") => Ty::Num,
            Some("boolean") => Ty::Bool,
            _ => Ty::Any,
        }
    }

    fn define_enum(&mut self, schema: &'s Value, ptr: &str, hint: &str, exact: bool) -> Ty {
        let Some(values) = self.spec.string_enum(schema) else {
            let ty = match str_of(schema, "type") {
                Some("integer") => Ty::Int,
                Some("number") => Ty::Num,
                Some("boolean") => Ty::Bool,
                _ => Ty::Any,
            };
            self.notes.push(format!("non-string enum at {ptr} mapped to its underlying type {ty:?}"));
            return ty;
        };
        let name = self.name_for(hint, exact);
        self.memo.insert(ptr.to_string(), Ty::Named(name.clone()));
        let mut taken = Names::default();
        taken.reserve("Unknown");
        let mut variants = Vec::new();
        for value in values {
            if variants.iter().any(|(_, v)| *v == value) {
                continue;
            }
            let wanted = variant(&value);
            let ident = if taken.is_taken(&wanted) && !taken.is_taken(&format!("{wanted}Value")) {
                taken.alloc(&format!("{wanted}Value"))
            } else {
                taken.alloc(&wanted)
            };
            variants.push((ident, value));
        }
        let seq = self.next_seq();
        self.push(name.clone(), Kind::Enum(variants), ptr.to_string(), seq);
        Ty::Named(name)
    }

    fn define_object(&mut self, schema: &'s Value, ptr: &str, hint: &str, exact: bool) -> Ty {
        let spec = self.spec;
        let merged = spec.merge(schema, ptr, &HashMap::new());
        if !merged.unions.is_empty() {
            return self.define_union(schema, ptr, hint, exact, &merged);
        }
        if merged.props.is_empty() {
            if !merged.object_like && merged.extra.is_empty() {
                return Ty::Any;
            }
            return match merged.combined_extra() {
                ExtraSpec::Schema(s, p) => Ty::Map(Box::new(self.ty_of(s, &p, &format!("{hint}Value")))),
                _ => Ty::FreeObject,
            };
        }
        let name = self.name_for(hint, exact);
        self.memo.insert(ptr.to_string(), Ty::Named(name.clone()));
        self.define_struct(&merged, name, ptr.to_string())
    }

    fn define_struct(&mut self, merged: &Merged<'s>, name: String, source: String) -> Ty {
        // inherited inline shapes are named after the component that declares them
        for component in &merged.refs {
            self.component(component);
        }
        let seq = self.next_seq();
        let mut idents = Names::default();
        let mut fields = Vec::new();
        for p in &merged.props {
            let ident = rust_ident(&idents.alloc_sep(&snake(&p.name), "_"));
            let ty = self.ty_of(p.schema, &p.ptr, &format!("{name}{}", pascal(&p.name)));
            fields.push(Field {
                wire: p.name.clone(),
                ident,
                ty,
                required: merged.is_required(&p.name),
                deprecated: flag(p.schema, "deprecated"),
                enum_values: self.spec.string_enum(p.schema),
            });
        }
        let extra = match merged.combined_extra() {
            ExtraSpec::False => Extra::Closed,
            ExtraSpec::Unspecified => Extra::Implicit,
            ExtraSpec::True => Extra::Open,
            ExtraSpec::Schema(s, p) => Extra::Typed(self.ty_of(s, &p, &format!("{name}Value"))),
        };
        let extra_ident = rust_ident(&idents.alloc_sep("extra", "_"));
        self.push(name.clone(), Kind::Struct(StructDef { fields, extra, extra_ident }), source, seq);
        Ty::Named(name)
    }

    /// oneOf/anyOf (possibly inside an allOf, or next to properties): one variant per
    /// branch; when other parts add properties, each branch is merged with them.
    fn define_union(&mut self, schema: &'s Value, ptr: &str, hint: &str, exact: bool, merged: &Merged<'s>) -> Ty {
        let spec = self.spec;
        let name = self.name_for(hint, exact);
        self.memo.insert(ptr.to_string(), Ty::Named(name.clone()));
        let seq = self.next_seq();
        let (uptr, branches) = merged.unions[0].clone();
        if merged.unions.len() > 1 {
            self.notes.push(format!("{ptr}: only the first of {} unions in one allOf is distributed", merged.unions.len()));
        }
        let adds_shape = !merged.props.is_empty() || !merged.required.is_empty();
        let mut vnames = Names::default();
        vnames.reserve("Other");
        let mut variants = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let bptr = format!("{uptr}/{i}");
            let alone = spec.merge(branch, &bptr, &HashMap::new());
            let label = Spec::schema_ref_name(branch).map_or_else(|| format!("Variant{}", i + 1), str::to_string);
            let pick = HashMap::from([(uptr.clone(), i)]);
            let combined = spec.merge(schema, ptr, &pick);
            let same = |a: &Merged, b: &Merged| {
                a.props.iter().map(|p| &p.name).eq(b.props.iter().map(|p| &p.name)) && a.required == b.required
            };
            let (ty, view) = if !adds_shape || same(&combined, &alone) {
                (self.ty_of(branch, &bptr, &format!("{name}{label}")), alone)
            } else {
                let vname = self.names.alloc(&format!("{name}{label}"));
                (self.define_struct(&combined, vname, format!("{bptr} merged with {ptr}")), combined)
            };
            let checks: Vec<(String, Vec<String>)> = view
                .props
                .iter()
                .filter_map(|p| spec.string_enum(p.schema).map(|values| (p.name.clone(), values)))
                .collect();
            let wanted = variant_name(&ty, &name);
            variants.push(Variant { name: vnames.alloc(&wanted), ty, checks });
        }
        drop_shared_checks(&mut variants);
        self.push(name.clone(), Kind::Union(variants), ptr.to_string(), seq);
        Ty::Named(name)
    }
}

/// Removes checks that every variant makes alike: they cannot tell branches apart.
fn drop_shared_checks(variants: &mut [Variant]) {
    if variants.len() < 2 {
        return;
    }
    let shared: Vec<(String, Vec<String>)> =
        variants[0].checks.iter().filter(|c| variants[1..].iter().all(|v| v.checks.contains(c))).cloned().collect();
    for v in variants.iter_mut() {
        v.checks.retain(|c| !shared.contains(c));
    }
}

/// A union variant's name from its type (`EntityWidget`, `String`, `Map`, ...); a
/// distributed branch `{Union}{Label}` is shortened to `{Label}`.
fn variant_name(ty: &Ty, union: &str) -> String {
    match ty {
        Ty::Named(n) => n.strip_prefix(union).filter(|rest| !rest.is_empty()).unwrap_or(n).to_string(),
        Ty::Str => "String".into(),
        Ty::Int => "Integer".into(),
        Ty::Num => "Number".into(),
        Ty::Bool => "Boolean".into(),
        Ty::Array(inner) => format!("{}List", variant_name(inner, union)),
        Ty::Map(_) => "Map".into(),
        Ty::FreeObject => "Object".into(),
        Ty::Any => "Value".into(),
        Ty::Nullable(inner) => variant_name(inner, union),
    }
}
