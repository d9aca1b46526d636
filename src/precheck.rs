//! Checks a portal runs before spending a request: a password against the portal's
//! policy, a meter reading against its allowed range, a file name against the allowed
//! extensions. Pure functions; each failed rule is named and worded for a UI.

use serde::{Deserialize, Serialize};

use crate::error::{decimal, text};

/// A character rule of the password policy: whether the policy asks for it, its id, the test
/// one character must pass, and the message when none does.
type Rule = (Option<bool>, &'static str, fn(char) -> bool, &'static str);

/// The outcome of a check: `ok` when nothing failed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    pub ok: bool,
    pub failures: Vec<Failure>,
}

/// One failed rule: a stable `rule` id for code, a `message` for people.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Failure {
    pub rule: &'static str,
    pub message: String,
}

impl CheckResult {
    fn from(failures: Vec<Failure>) -> Self {
        CheckResult { ok: failures.is_empty(), failures }
    }
}

fn fail(rule: &'static str, message: impl Into<String>) -> Failure {
    Failure { rule, message: message.into() }
}

/// `cognito_details.password_policy` of the portal config; absent rules are not checked.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PasswordPolicy {
    pub minimum_length: Option<i64>,
    pub maximum_length: Option<i64>,
    pub require_lowercase: Option<bool>,
    pub require_uppercase: Option<bool>,
    pub require_numbers: Option<bool>,
    pub require_symbols: Option<bool>,
}

/// The special characters Cognito counts as symbols.
const SYMBOLS: &str = "^$*.[]{}()?-\"!@#%&/\\,><':;|_~`+= ";

pub fn check_password(password: &str, policy: &PasswordPolicy) -> CheckResult {
    let mut failures = Vec::new();
    let length = password.chars().count() as i64;
    if let Some(min) = policy.minimum_length.filter(|&m| length < m) {
        failures.push(fail("minimum_length", text(&["Use at least ", &decimal(min), " characters."])));
    }
    if let Some(max) = policy.maximum_length.filter(|&m| length > m) {
        failures.push(fail("maximum_length", text(&["Use at most ", &decimal(max), " characters."])));
    }
    let rules: [Rule; 4] = [
        // Cognito counts Basic Latin letters only ("Uppercase Basic Latin letter", "Lowercase Basic
        // Latin letter": docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html),
        // so `Ä` is no uppercase letter to it (and core's Unicode case tables stay out of the .wasm).
        (policy.require_lowercase, "require_lowercase", |c| c.is_ascii_lowercase(), "Add a lowercase letter."),
        (policy.require_uppercase, "require_uppercase", |c| c.is_ascii_uppercase(), "Add an uppercase letter."),
        (policy.require_numbers, "require_numbers", |c| c.is_ascii_digit(), "Add a number."),
        (policy.require_symbols, "require_symbols", |c| c.is_ascii() && SYMBOLS.as_bytes().contains(&(c as u8)), "Add a symbol such as ! ? # or %."),
    ];
    for (required, rule, test, message) in rules {
        if required == Some(true) && !password.chars().any(test) {
            failures.push(fail(rule, message));
        }
    }
    if password.starts_with(" ") || password.ends_with(" ") {
        failures.push(fail("no_outer_spaces", "Remove spaces at the start or end."));
    }
    CheckResult::from(failures)
}

/// One entry of `getAllowedMeterReadingRange`'s `data`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AllowedRange {
    pub meter_counter_id: Option<String>,
    pub min_value: Option<f64>,
    pub max_value: Option<f64>,
    /// Not in today's spec; honoured when a server sends it.
    pub direction: Option<String>,
}

/// The response of `getAllowedMeterReadingRange`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AllowedRangeResponse {
    #[serde(default)]
    pub data: Vec<AllowedRange>,
}

/// The reading to check: its value, and the counter (and direction) it is for.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadingInput {
    pub value: f64,
    pub counter_id: Option<String>,
    pub direction: Option<String>,
}

/// The range entry for the reading's counter (and direction, where entries carry one);
/// with no counter given, the only entry.
fn range_for<'a>(ranges: &'a AllowedRangeResponse, reading: &ReadingInput) -> Option<&'a AllowedRange> {
    let matches = |r: &&AllowedRange| {
        reading.counter_id.as_ref().is_none_or(|id| r.meter_counter_id.as_ref() == Some(id))
            && match (&r.direction, &reading.direction) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    };
    let mut found = ranges.data.iter().filter(matches);
    let first = found.next();
    match (first, found.next(), &reading.counter_id) {
        (Some(_), Some(_), None) => None, // ambiguous: several counters, none named
        (first, _, _) => first,
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { decimal(n as i64) } else { crate::request::float_text(n) }
}

pub fn check_meter_reading(ranges: &AllowedRangeResponse, reading: &ReadingInput) -> CheckResult {
    let mut failures = Vec::new();
    if !reading.value.is_finite() {
        failures.push(fail("not_a_number", "Enter the reading as a number."));
        return CheckResult::from(failures);
    }
    let Some(range) = range_for(ranges, reading) else {
        if !ranges.data.is_empty() {
            failures.push(fail("unknown_counter", "Choose the counter this reading is for."));
        }
        return CheckResult::from(failures);
    };
    if let Some(min) = range.min_value.filter(|&m| reading.value < m) {
        failures.push(fail("below_minimum", text(&["The reading must be at least ", &number(min), "."])));
    }
    if let Some(max) = range.max_value.filter(|&m| reading.value > m) {
        failures.push(fail("above_maximum", text(&["The reading must be at most ", &number(max), "."])));
    }
    CheckResult::from(failures)
}

/// `allowed_file_extensions` of the portal config: lists of extensions per category
/// (kept as JSON so a category a newer server adds, or a `null` one, is no error).
pub type AllowedExtensions = std::collections::BTreeMap<String, serde_json::Value>;

pub fn check_file_name(name: &str, allowed: &AllowedExtensions) -> CheckResult {
    check_file_name_in(name, allowed.values().filter_map(|v| v.as_array()).flatten().filter_map(|v| v.as_str()))
}

/// [`check_file_name`] on the listed extensions themselves (the JS binding reads them
/// straight from the JS object, without building JSON values).
pub(crate) fn check_file_name_in<'a>(name: &str, listed: impl Iterator<Item = &'a str>) -> CheckResult {
    let mut failures = Vec::new();
    let extension = crate::text::rsplit_once(name, b'.').map(|(stem, ext)| (stem, ext.to_ascii_lowercase()));
    match extension {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => {
            // Enforced when anything is listed (one loop: smaller in the .wasm than peek + any).
            let (mut enforced, mut known) = (false, false);
            for allowed in listed {
                enforced = true;
                if crate::text::trim_start(allowed, b'.').eq_ignore_ascii_case(&ext) {
                    known = true;
                    break;
                }
            }
            if enforced && !known {
                failures.push(fail("extension_not_allowed", text(&["Files of type .", &ext, " cannot be uploaded here."])));
            }
        }
        _ => failures.push(fail("missing_extension", "The file name needs an extension such as .pdf or .jpg.")),
    }
    CheckResult::from(failures)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            minimum_length: Some(8),
            maximum_length: Some(12),
            require_lowercase: Some(true),
            require_uppercase: Some(true),
            require_numbers: Some(true),
            require_symbols: Some(true),
        }
    }

    fn rules(r: &CheckResult) -> Vec<&'static str> {
        r.failures.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn password_names_each_failed_rule() {
        assert!(check_password("Abcdef1!", &policy()).ok);
        assert_eq!(rules(&check_password("abc", &policy())), ["minimum_length", "require_uppercase", "require_numbers", "require_symbols"]);
        assert_eq!(rules(&check_password("ABCDEFGH1!xyz", &policy())), ["maximum_length"]);
        assert_eq!(check_password("abc", &policy()).failures[0].message, "Use at least 8 characters.");
        assert_eq!(rules(&check_password(" Abcdef1!", &policy())), ["no_outer_spaces"]);
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        let p = PasswordPolicy { minimum_length: Some(4), ..PasswordPolicy::default() };
        assert!(check_password("ääää", &p).ok);
        assert!(!check_password("äää", &p).ok);
    }

    #[test]
    fn letters_are_basic_latin_as_cognito_counts_them() {
        let p = PasswordPolicy { require_lowercase: Some(true), require_uppercase: Some(true), ..PasswordPolicy::default() };
        assert!(check_password("aZ", &p).ok);
        assert_eq!(rules(&check_password("äÄ", &p)), ["require_lowercase", "require_uppercase"]);
        assert_eq!(rules(&check_password("Äb", &p)), ["require_uppercase"]);
    }

    #[test]
    fn empty_policy_accepts_anything() {
        assert!(check_password("", &PasswordPolicy::default()).ok);
    }

    fn ranges() -> AllowedRangeResponse {
        serde_json::from_value(serde_json::json!({ "data": [
            { "meter_counter_id": "c1", "min_value": 100, "max_value": 200 },
            { "meter_counter_id": "c2", "min_value": null, "max_value": 50.5 },
        ]}))
        .unwrap()
    }

    fn reading(value: f64, counter: Option<&str>) -> ReadingInput {
        ReadingInput { value, counter_id: counter.map(str::to_string), direction: None }
    }

    #[test]
    fn meter_reading_within_and_outside_its_counter_range() {
        assert!(check_meter_reading(&ranges(), &reading(150.0, Some("c1"))).ok);
        let low = check_meter_reading(&ranges(), &reading(99.0, Some("c1")));
        assert_eq!(rules(&low), ["below_minimum"]);
        assert_eq!(low.failures[0].message, "The reading must be at least 100.");
        assert_eq!(rules(&check_meter_reading(&ranges(), &reading(51.0, Some("c2")))), ["above_maximum"]);
        assert!(check_meter_reading(&ranges(), &reading(-5.0, Some("c2"))).ok, "null min is open");
    }

    #[test]
    fn meter_reading_counter_must_be_known_or_unambiguous() {
        assert_eq!(rules(&check_meter_reading(&ranges(), &reading(1.0, Some("c9")))), ["unknown_counter"]);
        assert_eq!(rules(&check_meter_reading(&ranges(), &reading(1.0, None))), ["unknown_counter"]);
        let single: AllowedRangeResponse = serde_json::from_value(serde_json::json!({ "data": [{ "min_value": 0, "max_value": 0 }] })).unwrap();
        assert!(check_meter_reading(&single, &reading(0.0, None)).ok);
        assert_eq!(rules(&check_meter_reading(&single, &reading(1.0, None))), ["above_maximum"]);
        assert!(check_meter_reading(&AllowedRangeResponse::default(), &reading(1.0, None)).ok);
        assert_eq!(rules(&check_meter_reading(&single, &reading(f64::NAN, None))), ["not_a_number"]);
    }

    #[test]
    fn meter_reading_direction_selects_among_entries_that_carry_one() {
        let both: AllowedRangeResponse = serde_json::from_value(serde_json::json!({ "data": [
            { "meter_counter_id": "c1", "direction": "feed-in", "max_value": 10 },
            { "meter_counter_id": "c1", "direction": "feed-out", "max_value": 1000 },
        ]}))
        .unwrap();
        let r = ReadingInput { value: 500.0, counter_id: Some("c1".into()), direction: Some("feed-out".into()) };
        assert!(check_meter_reading(&both, &r).ok);
        let r = ReadingInput { direction: Some("feed-in".into()), ..r };
        assert_eq!(rules(&check_meter_reading(&both, &r)), ["above_maximum"]);
    }

    #[test]
    fn file_names_against_allowed_extensions() {
        let allowed: AllowedExtensions = serde_json::from_value(serde_json::json!({ "document": ["pdf"], "image": ["jpg", ".png"] })).unwrap();
        assert!(check_file_name("bill.PDF", &allowed).ok);
        assert!(check_file_name("meter.photo.png", &allowed).ok);
        let exe = check_file_name("setup.exe", &allowed);
        assert_eq!(rules(&exe), ["extension_not_allowed"]);
        assert_eq!(exe.failures[0].message, "Files of type .exe cannot be uploaded here.");
        assert_eq!(rules(&check_file_name("README", &allowed)), ["missing_extension"]);
        assert_eq!(rules(&check_file_name(".png", &allowed)), ["missing_extension"]);
        assert!(check_file_name("any.xyz", &AllowedExtensions::new()).ok, "no list: nothing to enforce");
    }
}
