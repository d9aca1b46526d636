#![cfg(all(not(target_arch = "wasm32"), feature = "sign-in"))]
//! The SDK's SRP maths against reference values computed by amazon-cognito-identity-js
//! itself on fixed inputs (`tests/cognito/srp-vectors.mjs` writes and re-checks the file):
//! same A, same u, same HKDF key, same timestamp text, same signature.

use epilot_portal_sdk::cognito::srp;

#[test]
fn srp_matches_amazon_cognito_identity_js() {
    let file: serde_json::Value = serde_json::from_str(include_str!("cognito/srp-vectors.json")).expect("vector file is JSON");
    let vectors = file["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 6);
    for v in vectors {
        let s = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("{k}")).to_string();
        let e = |k: &str| v["expected"][k].as_str().unwrap_or_else(|| panic!("expected.{k}")).to_string();
        let name = s("name");
        let check = srp::check_vector(
            &s("smallA"),
            &s("srpB"),
            &s("salt"),
            &s("poolName"),
            &s("userIdForSrp"),
            &s("password"),
            &s("secretBlock"),
            v["unixMs"].as_f64().expect("unixMs"),
        )
        .unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(check.k, e("k"), "{name}: k");
        assert_eq!(check.srp_a, e("srpA"), "{name}: A");
        assert_eq!(check.u, e("u"), "{name}: u");
        assert_eq!(check.hkdf, e("hkdf"), "{name}: HKDF key");
        assert_eq!(check.timestamp, e("timestamp"), "{name}: timestamp");
        assert_eq!(check.signature, e("signature"), "{name}: signature");
    }
}
