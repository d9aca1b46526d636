//! Generator unit tests on small specs: schema mapping, naming, operations, examples,
//! determinism.

use crate::examples::{fits_format, Synth};
use crate::ir::{Extra, Kind, Model, Ty};
use crate::model::Builder;
use crate::ops::{analyse, AuthKind, Loc, Media, Shape};
use crate::spec::Spec;
use serde_json::{json, Value};

fn spec_with(schemas: Value, paths: Value) -> Spec {
    Spec::from_value(json!({
        "openapi": "3.0.3",
        "security": [{"Session": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "Session": {"type": "http", "scheme": "bearer"},
                "ExternalOIDCAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            }
        }
    }))
}

fn models_of(spec: &Spec) -> Vec<Model> {
    let mut b = Builder::new(spec).unwrap();
    b.build_components();
    analyse(&mut b);
    let mut models = b.models;
    models.sort_by_key(|m| (m.root, m.seq));
    models
}

fn find<'m>(models: &'m [Model], name: &str) -> &'m Kind {
    &models.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no model {name}")).kind
}

fn field<'m>(models: &'m [Model], model: &str, wire: &str) -> &'m crate::ir::Field {
    match find(models, model) {
        Kind::Struct(s) => s.fields.iter().find(|f| f.wire == wire).unwrap_or_else(|| panic!("no {model}.{wire}")),
        other => panic!("{model} is not a struct: {other:?}"),
    }
}

#[test]
fn all_of_merges_properties_and_required_sets() {
    let spec = spec_with(
        json!({
            "Base": {"type": "object", "required": ["_id"], "properties": {"_id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}},
            "Open": {"type": "object", "properties": {}, "additionalProperties": true},
            "Contact": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/Open"},
                {"type": "object", "required": ["_schema"], "properties": {"_schema": {"type": "string", "enum": ["contact"]}}}]},
            "Alias": {"allOf": [{"$ref": "#/components/schemas/Base"}]}
        }),
        json!({}),
    );
    let models = models_of(&spec);
    let Kind::Struct(s) = find(&models, "Contact") else { panic!() };
    let names: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(names, ["_id", "tags", "_schema"]);
    assert!(field(&models, "Contact", "_id").required && field(&models, "Contact", "_schema").required);
    assert!(!field(&models, "Contact", "tags").required);
    assert_eq!(field(&models, "Contact", "_schema").ty, Ty::Named("ContactSchema".into()));
    assert_eq!(s.extra, Extra::Open, "additionalProperties: true of a part is kept");
    assert_eq!(find(&models, "Alias"), &Kind::Alias(Ty::Named("Base".into())));
    assert_eq!(find(&models, "Open"), &Kind::Alias(Ty::FreeObject));
}

#[test]
fn one_of_and_any_of_become_unions_with_discriminators() {
    let spec = spec_with(
        json!({
            "A": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["a"]}, "mode": {"type": "string", "enum": ["x", "y"]}}},
            "B": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["b"]}, "mode": {"type": "string", "enum": ["x", "y"]}}},
            "AorB": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
            "Loose": {"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "string"}}]},
            "Tagged": {"type": "object", "properties": {"items": {"type": "array", "items": {"allOf": [
                {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
                {"type": "object", "properties": {"extra_prop": {"type": "boolean"}}}]}}}}
        }),
        json!({}),
    );
    let models = models_of(&spec);
    let Kind::Union(vs) = find(&models, "AorB") else { panic!() };
    assert_eq!(vs.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["A", "B"]);
    // `mode` is the same in both branches: it cannot tell them apart and is dropped
    assert_eq!(vs[0].checks, vec![("type".to_string(), vec!["a".to_string()])]);
    let Kind::Union(loose) = find(&models, "Loose") else { panic!() };
    assert_eq!(loose.iter().map(|v| (v.name.as_str(), v.ty.clone())).collect::<Vec<_>>(), [
        ("String", Ty::Str),
        ("Map", Ty::Map(Box::new(Ty::Str)))
    ]);
    // allOf over a oneOf: each branch merged with the other parts
    let Kind::Union(items) = find(&models, "TaggedItemsItem") else { panic!() };
    assert_eq!(items[0].ty, Ty::Named("TaggedItemsItemA".into()));
    assert!(field(&models, "TaggedItemsItemA", "extra_prop").ty == Ty::Bool);
    assert!(field(&models, "TaggedItemsItemB", "type").required);
}

#[test]
fn nullable_optional_and_required() {
    let spec = spec_with(
        json!({
            "Maybe": {"type": "string", "nullable": true},
            "R": {"type": "object", "required": ["req_null"], "properties": {
                "req_null": {"type": "integer", "nullable": true},
                "opt_null": {"$ref": "#/components/schemas/Maybe"},
                "ref_null": {"$ref": "#/components/schemas/Maybe", "nullable": true},
                "opt": {"type": "number"},
                "any": {"nullable": true}
            }}
        }),
        json!({}),
    );
    let models = models_of(&spec);
    let nullable = |t: Ty| Ty::Nullable(Box::new(t));
    assert_eq!(field(&models, "R", "req_null").ty, nullable(Ty::Int));
    assert_eq!(field(&models, "R", "opt_null").ty, nullable(Ty::Named("Maybe".into())));
    assert_eq!(field(&models, "R", "opt").ty, Ty::Num);
    assert_eq!(field(&models, "R", "any").ty, Ty::Any, "an untyped value holds null already");
    let rust = crate::rust_models::emit_models(&models, "");
    assert!(rust.contains("    pub req_null: Option<i64>,\n"), "{rust}");
    assert!(rust.contains("deserialize_with = \"crate::model_support::double_option\", skip_serializing_if = \"Option::is_none\")]\n    pub opt_null: Option<Option<Maybe>>,"));
    let ts = models.iter().map(crate::ts::ts_model).collect::<String>();
    assert!(ts.contains("  req_null: number | null;\n  opt_null?: Maybe | null;\n"), "{ts}");
}

#[test]
fn enums_are_open_with_stable_variant_names() {
    let spec = spec_with(
        json!({
            "Category": {"type": "string", "enum": ["document", "unknown", "feed-in", "", "PT15M"]},
            "Level": {"type": "integer", "enum": [1, 2, 3]}
        }),
        json!({}),
    );
    let mut b = Builder::new(&spec).unwrap();
    b.build_components();
    let Kind::Enum(vs) = find(&b.models, "Category") else { panic!() };
    let idents: Vec<&str> = vs.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(idents, ["Document", "UnknownValue", "FeedIn", "Empty", "Pt15M"]);
    assert_eq!(find(&b.models, "Level"), &Kind::Alias(Ty::Int));
    assert!(b.notes.iter().any(|n| n.contains("non-string enum")));
    let ts = crate::ts::ts_model(b.models.iter().find(|m| m.name == "Category").unwrap());
    assert_eq!(ts, "export type Category = 'document' | 'unknown' | 'feed-in' | '' | 'PT15M';\n");
}

#[test]
fn additional_properties_mapping() {
    let spec = spec_with(
        json!({
            "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "Named": {"type": "object", "required": ["en"], "properties": {"en": {"type": "string"}}, "additionalProperties": {"type": "string"}},
            "Closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
            "Free": {"type": "object"},
            "Untyped": {}
        }),
        json!({}),
    );
    let models = models_of(&spec);
    assert_eq!(find(&models, "Labels"), &Kind::Alias(Ty::Map(Box::new(Ty::Str))));
    assert_eq!(find(&models, "Free"), &Kind::Alias(Ty::FreeObject));
    assert_eq!(find(&models, "Untyped"), &Kind::Alias(Ty::Any));
    let Kind::Struct(named) = find(&models, "Named") else { panic!() };
    assert_eq!(named.extra, Extra::Typed(Ty::Str));
    let Kind::Struct(closed) = find(&models, "Closed") else { panic!() };
    assert_eq!(closed.extra, Extra::Closed);
    let ts: String = models.iter().map(crate::ts::ts_model).collect();
    assert!(ts.contains("export interface Named {\n  en: string;\n  [key: string]: string;\n}"), "{ts}");
    assert!(ts.contains("export type Labels = Record<string, string>;"));
    assert!(ts.contains("export type Free = Record<string, unknown>;"));
    assert!(ts.contains("export type Untyped = unknown;"));
    let rust = crate::rust_models::emit_models(&models, "");
    assert!(rust.contains("pub extra: std::collections::BTreeMap<String, String>,"));
    assert!(!rust.contains("pub struct Closed {\n    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub a: Option<String>,\n    /// Members"));
}

#[test]
fn inline_shapes_get_stable_names_and_collisions_a_suffix() {
    let spec = spec_with(
        json!({
            "GetThingResponse": {"type": "string"},
            "Owner": {"type": "object", "properties": {
                "billing_contact": {"type": "object", "properties": {"$relation": {"type": "array", "items": {"type": "object", "properties": {"entity_id": {"type": "string"}}}}}},
                "type": {"type": "string", "enum": ["a"]},
                "cognito:username": {"type": "string"}
            }}
        }),
        json!({"/things/{id}": {"get": {"operationId": "getThing",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                           {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}}}}}),
    );
    let models = models_of(&spec);
    let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, [
        "GetThingResponse",
        "Owner",
        "OwnerBillingContact",
        "OwnerBillingContactRelationItem",
        "OwnerType",
        "GetThingParams",
        "GetThingParamsSort",
        "GetThingResponse2",
    ]);
    assert_eq!(field(&models, "Owner", "type").ident, "r#type");
    assert_eq!(field(&models, "Owner", "cognito:username").ident, "cognito_username");
    assert_eq!(field(&models, "OwnerBillingContact", "$relation").ident, "relation");
}

#[test]
fn operations_merge_params_and_map_security_body_and_redirects() {
    let spec = spec_with(
        json!({}),
        json!({
            "/pages/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                               {"name": "lang", "in": "query", "schema": {"type": "string"}}],
                "get": {"operationId": "getPage",
                    "parameters": [{"name": "lang", "in": "query", "required": true, "schema": {"type": "string"}},
                                   {"name": "ctx", "in": "query", "schema": {"type": "array", "items": {"type": "object"}}},
                                   {"name": "ids", "in": "query", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}}],
                    "responses": {"200": {"description": "ok"}}}
            },
            "/sso/login": {"post": {"operationId": "ssoLogin", "security": [{"ExternalOIDCAuth": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}}}},
            "/sso/redirect": {"post": {"operationId": "ssoRedirect", "security": [],
                "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"code": {"type": "string"}}}}}},
                "responses": {"301": {"description": "moved"}}}},
            "/confirm": {"get": {"operationId": "confirm", "security": [],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"ok": {"type": "boolean"}}}}}},
                              "301": {"description": "moved"}}}}
        }),
    );
    let mut b = Builder::new(&spec).unwrap();
    b.build_components();
    let ops = analyse(&mut b);
    let get = &ops[0];
    assert_eq!((get.method.as_str(), get.auth, get.body.is_none(), get.response.is_none()), ("Get", AuthKind::Session, true, true));
    let params: Vec<(&str, Loc, bool, Shape, bool)> = get.params.iter().map(|p| (p.name.as_str(), p.loc, p.required, p.shape, p.explode)).collect();
    assert_eq!(params, [
        ("id", Loc::Path, true, Shape::Scalar, false),
        ("lang", Loc::Query, true, Shape::Scalar, true),
        ("ctx", Loc::Query, false, Shape::Json, true),
        ("ids", Loc::Query, false, Shape::Array, false)
    ]);
    let sso = &ops[1];
    assert_eq!(sso.auth, AuthKind::CallerToken);
    let token = sso.params.last().unwrap();
    assert_eq!((token.name.as_str(), token.loc, token.required), ("id_token", Loc::BearerToken, true));
    assert_eq!(sso.params_ty.as_deref(), Some("SsoLoginParams"));
    assert!(sso.body.as_ref().is_some_and(|b| b.required && b.media == Media::Json && b.ty == Ty::Named("SsoLoginRequest".into())));
    assert_eq!(sso.response, Some(Ty::Named("SsoLoginResponse".into())));
    let redirect = &ops[2];
    assert_eq!((redirect.auth, redirect.redirect), (AuthKind::None, Some(301)));
    assert!(redirect.body.as_ref().is_some_and(|b| !b.required && b.media == Media::Multipart));
    let ts = crate::emit_ops::ts_client(&ops);
    assert!(ts.contains("   * `GET /pages/{id}` (operationId `getPage`). Needs a bearer token.\n   * Required: `id` (path), `lang` (query).\n   */\n  getPage(params: GetPageParams, body?: null, options?: CallOptions): Promise<ApiResponse<null>>;"), "{ts}");
    assert!(ts.contains("ssoLogin(params: SsoLoginParams, body: SsoLoginRequest, options?: CallOptions): Promise<ApiResponse<SsoLoginResponse>>;"));
    assert!(ts.contains("ssoRedirect(params?: null, body?: SsoRedirectRequest | null, options?: CallOptions): Promise<ApiResponse<null>>;"));
    let ops_rs = crate::emit_ops::emit_operations(&ops, "");
    assert!(ops_rs.contains("ParamSpec { name: \"id_token\", location: ParamIn::BearerToken, required: true, shape: ParamShape::Scalar, explode: true }"));
    assert!(ops_rs.contains("body: BodyKind::Multipart { required: false },\n    redirect_status: Some(301),"));
    // A 3xx next to a 2xx body: reported (not followed), so the body type is nullable.
    let confirm = &ops[3];
    assert_eq!(confirm.redirect, Some(301));
    assert!(ts.contains("confirm(params?: null, body?: null, options?: CallOptions): Promise<ApiResponse<ConfirmResponse | null>>;"), "{ts}");
}

#[test]
fn examples_prefer_fitting_examples_and_fill_every_property() {
    let spec = spec_with(
        json!({
            "Reason": {"type": "string", "nullable": true, "example": "not in the enum", "enum": ["", "regular"]},
            "Body": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string", "format": "uuid", "example": "12345"},
                "when": {"type": "string", "format": "date-time"},
                "count": {"type": "integer", "minimum": 5},
                "reason": {"$ref": "#/components/schemas/Reason"},
                "slug": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                "name": {"type": "string", "example": "Jane"}
            }}
        }),
        json!({}),
    );
    let synth = Synth { spec: &spec };
    let v = synth.value(&json!({"$ref": "#/components/schemas/Body"}), 0);
    assert_eq!(v, json!({
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "when": "2024-01-15T10:30:00.000Z",
        "count": 5,
        "reason": "regular",
        "slug": "example",
        "name": "Jane"
    }));
    assert!(fits_format("date-time", "2021-02-09T12:41:43.662Z") && !fits_format("uuid", "12345"));
}

#[test]
fn generation_is_deterministic_and_component_names_are_checked() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join(crate::SPEC_PATH);
    let spec = Spec::load(&root).unwrap();
    let a = crate::generate(&spec, &crate::docs::Descriptions::default()).unwrap();
    let b = crate::generate(&spec, &crate::docs::Descriptions::default()).unwrap();
    assert_eq!(a.files, b.files);
    assert_eq!(a.requests, b.requests);
    for (path, text) in &a.files {
        assert!(text.contains("@generated by codegen from spec/customer-portal.openapi.json"), "{path} lacks the header");
    }
    let clash = spec_with(json!({"Option": {"type": "string"}}), json!({}));
    assert!(Builder::new(&clash).is_err());
}

#[test]
fn paged_operations_are_detected_from_from_size_and_the_items_array() {
    let num = |d: Option<u64>| match d {
        Some(d) => json!({"type": "integer", "default": d}),
        None => json!({"type": "number"}),
    };
    let q = |name: &str, schema: Value| json!({"in": "query", "name": name, "schema": schema});
    let ok = |schema: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
    let spec = spec_with(
        json!({
            "Item": {"type": "object", "properties": {"_id": {"type": "string"}}},
            "Hits": {"type": "object", "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}, "hits": {"type": "number"}}},
            "Grouped": {"type": "object", "properties": {"groups": {"type": "array", "items": {"type": "object"}}, "hits": {"type": "number"}}},
            "Search": {"type": "object", "properties": {"q": {"type": "string"}, "from": {"type": "integer"}, "size": {"type": "integer", "default": 50}}}
        }),
        json!({
            "/query": {"get": {"operationId": "listQuery", "parameters": [q("from", num(None)), q("size", num(Some(25)))],
                "responses": ok(json!({"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}, "total": {"type": "integer"}}}))}},
            "/body": {"post": {"operationId": "searchBody",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Search"}}}},
                "responses": ok(json!({"anyOf": [{"$ref": "#/components/schemas/Hits"}, {"$ref": "#/components/schemas/Grouped"}]}))}},
            "/ambiguous": {"get": {"operationId": "twoLists", "parameters": [q("from", num(None)), q("size", num(None))],
                "responses": ok(json!({"type": "object", "properties": {"a": {"type": "array", "items": {}}, "b": {"type": "array", "items": {}}}}))}},
            "/date": {"get": {"operationId": "notPaged", "parameters": [q("from", json!({"type": "string", "format": "date"})), q("size", num(None))],
                "responses": ok(json!({"type": "object", "properties": {"data": {"type": "array", "items": {}}}}))}},
            "/fromOnly": {"get": {"operationId": "fromOnly", "parameters": [q("from", num(None))],
                "responses": ok(json!({"type": "object", "properties": {"data": {"type": "array", "items": {}}}}))}}
        }),
    );
    let mut b = Builder::new(&spec).unwrap();
    b.build_components();
    let ops = analyse(&mut b);
    let paging: Vec<_> = ops.iter().map(|o| o.paging.as_ref().map(|p| (p.location, p.items.as_str(), p.total.as_deref(), p.default_size, p.fn_name.as_str(), crate::ts::ts_ty(&p.item_ty)))).collect();
    use crate::paging::PageLoc;
    assert_eq!(paging[0], Some((PageLoc::Query, "data", Some("total"), Some(25), "paginate_list_query", "string".to_string())));
    // a union response: `results` is the one usual name among `results` and `groups`
    assert_eq!(paging[1], Some((PageLoc::Body, "results", Some("hits"), Some(50), "paginate_search_body", "Item".to_string())));
    assert_eq!(paging[2], None);
    assert!(b.notes.iter().any(|n| n.contains("twoLists") && n.contains("a, b")), "{:?}", b.notes);
    assert_eq!(paging[3], None, "a date `from` is not an offset");
    assert_eq!(paging[4], None);
}

#[test]
fn paged_operations_get_a_paging_constant_and_paginate_methods() {
    let spec = Spec::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(crate::SPEC_PATH)).unwrap();
    let generated = crate::generate(&spec, &crate::docs::Descriptions::default()).unwrap();
    let file = |name: &str| &generated.files.iter().find(|(p, _)| p.ends_with(name)).unwrap().1;
    assert_eq!(file("operations.rs").matches("paging: Some(").count(), 11);
    assert!(file("client_ops.rs").contains("pub fn paginate_get_meter_readings(&self, body: &GetMeterReadingsRequest) -> crate::Pages<GetMeterReadingsResponseResultsItem>"));
    assert!(file("client_ops.rs").contains("pub fn paginate_search_portal_user_entities(&self, body: Option<&EntitySearchParams>) -> crate::Pages<EntityItem>"));
    assert!(file("typescript.rs").contains("searchPortalUserEntities(params?: null, body?: EntitySearchParams | null, options?: CallOptions): PageIterator<EntityItem>;"));
    assert!(file("typescript.rs").contains("getAllFiles(params?: PageParams<GetAllFilesParams> | null, body?: null, options?: CallOptions): PageIterator<FileItem>;"));
    let methods = file("methods.js");
    let names = methods.lines().find_map(|l| l.strip_prefix("const OPERATIONS = '")).unwrap();
    let index = |id: &str| names.trim_end_matches("'.split('|');").split('|').position(|d| d.split(' ').next() == Some(id)).unwrap();
    let paged = methods.lines().find_map(|l| l.strip_prefix("const PAGED = [")).unwrap();
    assert!(paged.trim_end_matches("];").split(", ").any(|i| i == index("getAllContracts").to_string()), "{paged}");
    assert!(!paged.trim_end_matches("];").split(", ").any(|i| i == index("getContact").to_string()), "{paged}");
    // the descriptor of a paged operation carries its paging
    let contracts = names.split('|').find(|d| d.starts_with("getAllContracts ")).unwrap();
    assert!(contracts.contains(" ~"), "{contracts}");
}

#[test]
fn the_fuzz_targets_list_every_model_and_operation() {
    let spec = Spec::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(crate::SPEC_PATH)).unwrap();
    let generated = crate::generate(&spec, &crate::docs::Descriptions::default()).unwrap();
    let text = &generated.files.iter().find(|(p, _)| p == "tests/fuzz_targets/generated.rs").unwrap().1;
    let models = models_of(&spec);
    assert!(text.contains(&format!("/// Every model ({}), in generation order.", models.len())));
    assert!(text.contains("(\"Contact\", model::<Contact>),"));
    assert!(text.contains("/// Every operation's success type (173), in spec order."));
    assert!(text.contains("(\"getContact\", response::<GetContactResponse>),"));
    assert!(text.contains("(\"searchPortalUserEntities\", |b| page::<EntityItem>(&operations::SEARCH_PORTAL_USER_ENTITIES, b)),"));
    // deterministic: a second generation is identical
    assert_eq!(crate::generate(&spec, &crate::docs::Descriptions::default()).unwrap().files.iter().find(|(p, _)| p == "tests/fuzz_targets/generated.rs").unwrap().1, *text);
}

#[test]
fn hover_docs_say_what_who_and_what_is_required() {
    let spec = spec_with(
        json!({}),
        json!({
            "/things/{id}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "put": {"operationId": "putThing", "deprecated": true, "x-contact-identification-token": true,
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}},
                    "responses": {"204": {"description": "ok"}}}},
            "/public": {"get": {"operationId": "getPublic", "security": [], "responses": {"200": {"description": "ok"}}}},
            "/sso": {"post": {"operationId": "sso", "security": [{"ExternalOIDCAuth": []}], "responses": {"200": {"description": "ok"}}}}
        }),
    );
    let descriptions = crate::docs::Descriptions::parse(r#"{"putThing": "Replace a thing.", "gone": "Not in the spec."}"#).unwrap();
    let generated = crate::generate(&spec, &descriptions).unwrap();
    let ts = &generated.files.iter().find(|(p, _)| p.ends_with("typescript.rs")).unwrap().1;
    assert!(ts.contains("  /**\n   * Replace a thing.\n   *\n   * `PUT /things/{id}` (operationId `putThing`). Needs a bearer token, or a contact identification token from `identifyContact`.\n   * Required: `id` (path), body with `name`.\n   * @deprecated The API marks this operation as deprecated.\n   */\n  putThing("), "{ts}");
    assert!(ts.contains("`GET /public` (operationId `getPublic`). Public: no token.\n   * Required: nothing."));
    assert!(ts.contains("Takes an identity provider's ID token (`id_token`) instead of the client's token.\n   * Required: `id_token` (token)."));
    let rs = &generated.files.iter().find(|(p, _)| p.ends_with("client_ops.rs")).unwrap().1;
    assert!(rs.contains("    /// Replace a thing.\n    ///\n    /// `PUT /things/{id}`"));
    assert!(rs.contains("    /// Deprecated by the API.\n    #[deprecated]\n    pub async fn put_thing("));
    assert!(generated.notes.iter().any(|n| n.contains("2 operation(s) without a description") && n.contains("getPublic, sso")), "{:?}", generated.notes);
    assert!(generated.notes.iter().any(|n| n.contains("does not have: gone")));
    let table = &generated.readme_section;
    assert!(table.contains("All 3 operations"));
    assert!(table.contains("| `putThing` | PUT /things/{id} | Replace a thing. (deprecated) |"));
    assert!(table.contains("| `getPublic` | GET /public | (no description yet) (public) |"));
    assert!(table.contains("| `sso` | POST /sso | (no description yet) (id token) |"));
    let readme = format!("# x\n\n{}\nold\n{}\n\n## after\n", crate::docs::README_START, crate::docs::README_END);
    let spliced = crate::docs::splice_readme(&readme, table).unwrap();
    assert!(spliced.starts_with("# x\n\n") && spliced.ends_with("\n\n## after\n") && !spliced.contains("old"));
    assert!(crate::docs::splice_readme("# no markers", table).is_err());
}

#[test]
fn descriptions_are_single_plain_lines() {
    use crate::docs::Descriptions;
    assert!(Descriptions::parse(r#"{"a": "One line."}"#).is_ok());
    for bad in [r#"{"a": ""}"#, r#"{"a": "two\nlines"}"#, r#"{"a": "ends */ a comment"}"#, r#"{"a": "a | b"}"#, r#"{"a": 1}"#, "[]", "{"] {
        assert!(Descriptions::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn every_operation_of_the_spec_has_a_description() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = Spec::load(&root.join(crate::SPEC_PATH)).unwrap();
    let descriptions = crate::docs::Descriptions::parse(&std::fs::read_to_string(root.join(crate::docs::DESCRIPTIONS_PATH)).unwrap()).unwrap();
    let generated = crate::generate(&spec, &descriptions).unwrap();
    assert!(!generated.notes.iter().any(|n| n.contains(crate::docs::DESCRIPTIONS_PATH)), "{:?}", generated.notes);
}

#[test]
fn a_member_declared_by_two_all_of_parts_holds_both_shapes() {
    let spec = spec_with(
        json!({
            "Public": {"type": "object", "required": ["slug"], "properties": {"slug": {"type": "string"}}},
            "Full": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
            "A": {"type": "object", "properties": {"providers": {"type": "array", "items": {"$ref": "#/components/schemas/Full"}}, "one": {"$ref": "#/components/schemas/Full"}, "n": {"type": "string"}}},
            "Config": {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {
                "providers": {"type": "array", "items": {"$ref": "#/components/schemas/Public"}},
                "one": {"$ref": "#/components/schemas/Public"},
                "n": {"type": "integer"}}}]}
        }),
        json!({}),
    );
    let models = models_of(&spec);
    let Ty::Array(item) = &field(&models, "Config", "providers").ty else { panic!("not an array") };
    let Ty::Named(item) = item.as_ref() else { panic!("{item:?}") };
    let Kind::Struct(s) = find(&models, item) else { panic!() };
    let required: Vec<(&str, bool)> = s.fields.iter().map(|f| (f.wire.as_str(), f.required)).collect();
    assert_eq!(required, [("kind", true), ("slug", true)]);
    let Ty::Named(one) = &field(&models, "Config", "one").ty else { panic!() };
    assert!(matches!(find(&models, one), Kind::Struct(s) if s.fields.len() == 2));
    // scalars of different types: the later declaration wins, as before
    assert_eq!(field(&models, "Config", "n").ty, Ty::Int);
}
