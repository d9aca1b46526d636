#![cfg(target_arch = "wasm32")]
//! The first calls of each family a portal is built from (public config, login,
//! the user's entities, meter readings), end to end through the public JS API
//! against the spec-validating local API, each with a failure case.

mod common;

use common::*;
use epilot_portal_sdk::models::*;
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn public_portal_config_is_typed() {
    let data = call_ok("getPublicPortalConfigV3", json!({ "org_id": "123", "portal_id": "abc" }), json!(null)).await;
    let _config: PortalConfig = decode("getPublicPortalConfigV3", &data);
    assert!(get(&data, "name").is_string() || get(&data, "config").is_object(), "{}", json(&data));
}

#[wasm_bindgen_test]
async fn public_call_sends_no_authorization() {
    // Prism would reject an Authorization header it does not expect? No: it ignores
    // it. So check from our side: a public op works on a client with no token at all.
    let c: JsValue = client_with(json!({ "baseUrl": API_URL })).into();
    let res = call_on(&c, "getPublicPortalConfigV3", js(&json!({ "org_id": "1", "portal_id": "p" })), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_accepted("getPublicPortalConfigV3", &res);
}

#[wasm_bindgen_test]
async fn missing_required_query_parameter_rejects_before_sending() {
    let err = call("getPublicPortalConfigV3", json!({ "org_id": "123" }), json!(null)).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
    assert_eq!(get(&err, "operation").as_string().as_deref(), Some("getPublicPortalConfigV3"));
    assert!(get(&err, "message").as_string().unwrap_or_default().contains("portal_id"));
}

#[wasm_bindgen_test]
async fn validate_token_resolves_with_no_content() {
    let c: JsValue = client().into();
    let res = call_on(&c, "validateToken", JsValue::NULL, JsValue::NULL, JsValue::UNDEFINED).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(get(&res, "status").as_f64(), Some(204.0));
    assert!(get(&res, "data").is_null());
}

#[wasm_bindgen_test]
async fn validate_token_without_token_is_an_http_401() {
    let c: JsValue = client_with(json!({ "baseUrl": API_URL, "retry": { "maxRetries": 0 } })).into();
    let err = call_on(&c, "validateToken", JsValue::NULL, JsValue::NULL, JsValue::UNDEFINED).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(401.0));
    let response = get(&err, "response");
    assert_eq!(get(&response, "status").as_f64(), Some(401.0));
    assert!(get(&get(&response, "headers"), "sl-violations").is_string(), "Prism names the missing Authorization");
}

#[wasm_bindgen_test]
async fn sso_login_sends_the_id_token_as_bearer() {
    let data = call_ok("ssoLoginV3", json!({ "portal_id": "p1", "org_id": "123", "id_token": "external-oidc-token" }), json!({ "provider_slug": "office-365" })).await;
    let login: SsoLoginV3Response = decode("ssoLoginV3", &data);
    assert!(login.token.is_some() || login.email.is_some());
}

#[wasm_bindgen_test]
async fn sso_login_without_id_token_is_invalid_input() {
    let err = call("ssoLoginV3", json!({ "portal_id": "p1", "org_id": "123" }), json!({})).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
    assert!(!describe(&err).contains(TEST_TOKEN));
}

#[wasm_bindgen_test]
async fn get_contact_decodes_into_the_model() {
    let data = call_ok("getContact", json!(null), json!(null)).await;
    let contact: GetContactResponse = decode("getContact", &data);
    assert!(contact.entity.is_some(), "{}", json(&data));
}

#[wasm_bindgen_test]
async fn get_contact_404_is_an_http_error_with_response_data() {
    let c: JsValue = client().into();
    let err = call_on(&c, "getContact", JsValue::NULL, JsValue::NULL, options_with_headers(&[("Prefer", "code=404")])).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(404.0));
    assert!(get(&get(&err, "response"), "data").is_object());
    assert!(!describe(&err).contains(TEST_TOKEN));
}

#[wasm_bindgen_test]
async fn contracts_page_with_from_and_size() {
    let data = call_ok("getAllContracts", json!({ "from": 0, "size": 25 }), json!(null)).await;
    let page: GetAllContractsResponse = decode("getAllContracts", &data);
    assert!(page.data.is_some());
}

#[wasm_bindgen_test]
async fn contracts_reject_a_wrong_query_type_from_plain_js() {
    // `from` must be a number; an object is refused before any request.
    let err = call("getAllContracts", json!({ "from": { "x": 1 } }), json!(null)).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
}

#[wasm_bindgen_test]
async fn portal_user_entity_and_search() {
    let data = call_ok("getPortalUserEntity", json!(null), json!({ "entity_id": "5da0a718-c822-403d-9f5d-20d4584e0528", "slug": "contract" })).await;
    let _entity: EntityResponse = decode("getPortalUserEntity", &data);
    let data = call_ok("searchPortalUserEntities", json!(null), json!({ "slug": "meter", "from": 0, "size": 10 })).await;
    let _search: SearchPortalUserEntitiesResponse = decode("searchPortalUserEntities", &data);
}

#[wasm_bindgen_test]
async fn search_with_a_body_that_breaks_the_spec_is_refused_by_the_api() {
    let err = call("searchPortalUserEntities", json!(null), json!({ "slug": 42, "from": "zero" })).await.unwrap_err();
    assert_error(&err, "HTTP");
    let status = get(&err, "status").as_f64().unwrap_or(0.0);
    assert!((400.0..500.0).contains(&status), "status {status}");
}

#[wasm_bindgen_test]
async fn allowed_meter_reading_range() {
    let data = call_ok("getAllowedMeterReadingRange", json!({ "meter_id": "5da0a718-c822-403d-9f5d-20d4584e0528", "timestamp": "2022-10-10T00:00:00.000Z" }), json!(null)).await;
    let _range: GetAllowedMeterReadingRangeResponse = decode("getAllowedMeterReadingRange", &data);
}

#[wasm_bindgen_test]
async fn allowed_range_without_meter_id_is_invalid_input() {
    let err = call("getAllowedMeterReadingRange", json!({}), json!(null)).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
    assert!(get(&err, "message").as_string().unwrap_or_default().contains("meter_id"));
}

#[wasm_bindgen_test]
async fn create_meter_reading() {
    let body = json!({ "meter_id": "5da0a718-c822-403d-9f5d-20d4584e0528", "value": 240, "source": "ECP", "direction": "feed-in", "timestamp": "2022-10-10T00:00:00.000Z" });
    let data = call_ok("createMeterReading", json!({ "override_plausibility": true }), body).await;
    let created: CreateMeterReadingResponse = decode("createMeterReading", &data);
    assert!(created.data.is_some());
}

#[wasm_bindgen_test]
async fn create_meter_reading_requires_a_body() {
    let err = call("createMeterReading", json!(null), json!(null)).await.unwrap_err();
    assert_error(&err, "INVALID_INPUT");
}

#[wasm_bindgen_test]
async fn create_meter_reading_refused_as_implausible_is_an_http_400() {
    let c: JsValue = client().into();
    let body = js(&json!({ "meter_id": "5da0a718-c822-403d-9f5d-20d4584e0528", "value": 999999, "source": "ECP" }));
    let err = call_on(&c, "createMeterReading", JsValue::NULL, body, options_with_headers(&[("Prefer", "code=400")])).await.unwrap_err();
    assert_error(&err, "HTTP");
    assert_eq!(get(&err, "status").as_f64(), Some(400.0));
    assert_eq!(get(&err, "operation").as_string().as_deref(), Some("createMeterReading"));
    assert!(get(&get(&err, "response"), "data").is_object());
}

#[wasm_bindgen_test]
async fn per_call_headers_and_timeout_are_accepted() {
    let c: JsValue = client().into();
    let options = options_with_headers(&[("x-trace", "t-1")]);
    let _ = js_sys::Reflect::set(&options, &"timeout".into(), &5000.into());
    let res = call_on(&c, "getAllContracts", JsValue::UNDEFINED, JsValue::UNDEFINED, options).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_accepted("getAllContracts", &res);
}

#[wasm_bindgen_test]
#[allow(deprecated)] // getAllContracts: deprecated by the API, still served and tested
async fn rust_api_returns_typed_models() {
    let c = client();
    let rust = c.client();
    let contact = rust.get_contact().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(contact.status, 200);
    assert!(contact.data.entity.is_some());
    let params = GetAllContractsParams { from: Some(0.0), size: Some(10.0) };
    let page = rust.get_all_contracts(&params).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(page.data.data.is_some());
}
