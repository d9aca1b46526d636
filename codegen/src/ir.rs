//! The language-neutral model the emitters work from: one `Model` per generated type.

/// The type of a field, variant, alias or parameter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// A generated model (component schema or named inline shape).
    Named(String),
    Str,
    Int,
    Num,
    Bool,
    Array(Box<Ty>),
    /// `additionalProperties: <schema>` without declared properties.
    Map(Box<Ty>),
    /// An object schema that declares nothing about its members.
    FreeObject,
    /// A schema that declares nothing at all.
    Any,
    /// `nullable: true`.
    Nullable(Box<Ty>),
}

impl Ty {
    /// Wraps in `Nullable` when `yes` (an untyped value already holds null).
    pub fn nullable_if(self, yes: bool) -> Ty {
        if !yes || matches!(self, Ty::Nullable(_) | Ty::Any) {
            self
        } else {
            Ty::Nullable(Box::new(self))
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The name on the wire (spec property or parameter name).
    pub wire: String,
    /// The Rust field identifier (snake_case, keyword-escaped, unique in the struct).
    pub ident: String,
    pub ty: Ty,
    pub required: bool,
    pub deprecated: bool,
    /// String enum values of the property's schema (union branch discrimination).
    pub enum_values: Option<Vec<String>>,
}

/// What a struct does with members it does not declare.
#[derive(Clone, Debug, PartialEq)]
pub enum Extra {
    /// `additionalProperties: false`: nothing kept.
    Closed,
    /// Not stated: kept in Rust (forward compatibility), not declared in TypeScript.
    Implicit,
    /// `additionalProperties: true`: kept, and an `unknown` index signature in TypeScript.
    Open,
    /// `additionalProperties: <schema>`.
    Typed(Ty),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    pub fields: Vec<Field>,
    pub extra: Extra,
    /// Identifier of the flattened catch-all field (`extra` unless a property took it).
    pub extra_ident: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub name: String,
    pub ty: Ty,
    /// Properties whose value must be one of these strings for this branch to be
    /// preferred when decoding (taken from the branch's string-enum properties).
    pub checks: Vec<(String, Vec<String>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Struct(StructDef),
    /// Open string enum: (variant, wire value) pairs.
    Enum(Vec<(String, String)>),
    /// oneOf/anyOf: untagged, with a catch-all in Rust.
    Union(Vec<Variant>),
    Alias(Ty),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub name: String,
    pub kind: Kind,
    /// Where the schema is in the spec (a JSON pointer), or a description for
    /// synthesized shapes such as parameter structs.
    pub source: String,
    /// Ordering key: the component or operation this type belongs to, then creation order.
    pub root: usize,
    pub seq: usize,
}
