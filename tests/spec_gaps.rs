//! The gaps the API definition leaves open (spec ERRATA, "Known gaps"), decided once in the
//! runtime and checked here on the generated operation table, so a new operation with the same
//! gap gets the same treatment (native test: `cargo test --test spec_gaps`).

use epilot_portal_sdk::generated::operations::{self, ALL};
use epilot_portal_sdk::operation::{BodyKind, Method, ParamIn, ParamShape};
use epilot_portal_sdk::request::build;
use serde_json::json;

/// Query arrays of objects (`context_entities`): OpenAPI 3.0 defines no query serialisation for
/// them; the SDK sends one parameter holding compact JSON, on every operation that has one.
#[test]
fn every_context_entities_parameter_is_one_json_query_value() {
    let with: Vec<&str> = ALL.iter().filter(|op| op.params.iter().any(|p| p.name == "context_entities")).map(|op| op.id).collect();
    assert_eq!(
        with,
        [
            "getConsumption", "getVisualizationMetadata", "getCosts", "getPrices", "getResolvedSeamlessLink",
            "getAllowedMeterReadingRange", "getPortalPages", "getTriggeredJourney",
        ]
    );
    for op in ALL {
        for p in op.params.iter().filter(|p| p.name == "context_entities") {
            assert_eq!((p.location, p.shape), (ParamIn::Query, ParamShape::Json), "{}", op.id);
        }
    }
    let params = json!({"trigger_name": "FIRST_LOGIN", "context_entities": [{"entity_id": "e-1", "entity_schema": "contract"}]});
    let parts = build(&operations::GET_TRIGGERED_JOURNEY, "https://api.example", params.as_object().unwrap()).unwrap();
    assert_eq!(
        parts.url,
        "https://api.example/v2/portal/config/triggered-journeys/FIRST_LOGIN?context_entities=%5B%7B%22entity_id%22%3A%22e-1%22%2C%22entity_schema%22%3A%22contract%22%7D%5D"
    );
}

/// Non-JSON and redirect operations: `ssoRedirect` sends `multipart/form-data`; operations
/// that document a redirect (alone, or next to a 200 as `confirmUser` does) resolve with
/// that status (not followed).
#[test]
fn the_form_post_and_the_redirect_only_operations() {
    assert!(matches!(operations::SSO_REDIRECT.body, BodyKind::Multipart { .. }));
    assert_eq!(operations::SSO_REDIRECT.redirect_status, Some(301));
    assert_eq!(operations::CONFIRM_USER_WITH_USER_ID.redirect_status, Some(301));
    assert_eq!(operations::CONFIRM_USER.redirect_status, Some(301));
    let redirects: Vec<&str> = ALL.iter().filter(|op| op.redirect_status.is_some()).map(|op| op.id).collect();
    assert_eq!(redirects, ["confirmUser", "confirmUserWithUserId", "ssoRedirect"]);
    let multipart: Vec<&str> = ALL.iter().filter(|op| matches!(op.body, BodyKind::Multipart { .. })).map(|op| op.id).collect();
    assert_eq!(multipart, ["ssoRedirect"]);
}

/// The current definition: 173 operations, the paged ones found by the paging rule.
#[test]
fn the_current_definition_and_its_paged_lists() {
    assert_eq!(ALL.len(), 173);
    let paged: Vec<&str> = ALL.iter().filter(|op| op.paging.is_some()).map(|op| op.id).collect();
    assert_eq!(
        paged,
        [
            "getAllOrders", "getAllOpportunities", "getSearchableAttributesForOpportunities", "getSearchResultsForOpportunities",
            "getAllRequests", "getAllContracts", "getEntityActivityFeed", "getAllFiles", "getBillingEvents", "searchPortalUserEntities",
            "getMeterReadings",
        ]
    );
    let readings = operations::GET_METER_READINGS.paging.as_ref().unwrap();
    assert_eq!((readings.items, readings.total, readings.default_size), ("results", Some("hits"), Some(10)));
    assert_eq!(operations::GET_METER_READINGS.method, Method::Post);
}
