//! Helpers the generated models (`src/generated/models.rs`) rely on.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Declares an *open* string enum: the values the spec lists, plus `Unknown(String)`
/// for any other string (a newer server's value decodes instead of failing, and
/// serialises back unchanged).
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)*
            /// A value this version of the SDK does not know.
            Unknown(String),
        }

        impl $name {
            /// The values the spec lists, in its order.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        /// The first value the spec lists (so structs with a required enum field can
        /// derive `Default` and be built with `..Default::default()`).
        impl Default for $name {
            fn default() -> Self {
                Self::from(Self::KNOWN.first().copied().unwrap_or_default())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    };
}
pub(crate) use open_enum;

/// For optional nullable fields (`Option<Option<T>>`): absent → `None` (with
/// `#[serde(default)]`), `null` → `Some(None)`, a value → `Some(Some(v))`.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// String values a branch's properties must have for the branch to be preferred.
pub type Checks = &'static [(&'static str, &'static [&'static str])];

/// One branch of a union: its checks, and its decoder (`None` when the value does not fit).
pub type Branch<T> = (Checks, fn(&Value) -> Option<T>);

/// Whether the value's properties hold allowed strings; `discriminators_only` looks
/// only at single-value enums (a constant per branch, e.g. `type: ["installment"]`).
fn passes(value: &Value, checks: Checks, discriminators_only: bool) -> bool {
    checks.iter().filter(|(_, allowed)| !discriminators_only || allowed.len() == 1).all(|(prop, allowed)| {
        match value.get(prop) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => allowed.contains(&s.as_str()),
            Some(_) => false,
        }
    })
}

/// Decodes a oneOf/anyOf, trying in turn: branches whose enum-valued properties all
/// match, then branches whose discriminators (single-value enums) match, then any
/// branch, in spec order; a value no branch decodes is kept as is by `other`.
/// Never fails on well-formed input of any shape.
pub fn decode_union<'de, D, T>(deserializer: D, branches: &[Branch<T>], other: fn(Value) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    let all = branches.iter().filter(|(checks, _)| passes(&value, checks, false));
    let discriminated = branches.iter().filter(|(checks, _)| passes(&value, checks, true));
    let found = all.chain(discriminated).chain(branches).find_map(|(_, decode)| decode(&value));
    Ok(found.unwrap_or_else(|| other(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    open_enum!(Direction { FeedIn = "feed-in", FeedOut = "feed-out", });

    #[test]
    fn open_enum_round_trips_unknown_values() {
        let d: Direction = serde_json::from_str("\"feed-in\"").unwrap();
        assert_eq!(d, Direction::FeedIn);
        let u: Direction = serde_json::from_str("\"sideways\"").unwrap();
        assert_eq!(u, Direction::Unknown("sideways".into()));
        assert_eq!(serde_json::to_string(&u).unwrap(), "\"sideways\"");
        assert!(serde_json::from_str::<Direction>("1").is_err());
        assert_eq!(Direction::KNOWN, ["feed-in", "feed-out"]);
        assert_eq!(Direction::default(), Direction::FeedIn);
        assert_eq!(Direction::from(String::from("feed-out")).to_string(), "feed-out");
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "double_option")]
        v: Option<Option<i64>>,
    }

    #[test]
    fn double_option_tells_absent_from_null() {
        assert_eq!(serde_json::from_str::<Holder>("{}").unwrap().v, None);
        assert_eq!(serde_json::from_str::<Holder>("{\"v\":null}").unwrap().v, Some(None));
        assert_eq!(serde_json::from_str::<Holder>("{\"v\":3}").unwrap().v, Some(Some(3)));
    }

    #[derive(Debug, PartialEq)]
    enum Shape {
        A(Value),
        B(Value),
        Other(Value),
    }

    fn decode(json: &str) -> Shape {
        let mut de = serde_json::Deserializer::from_str(json);
        decode_union(
            &mut de,
            &[
                (&[("kind", &["a"])], |v| v.as_object().map(|_| Shape::A(v.clone()))),
                (&[("kind", &["b"])], |v| v.as_object().map(|_| Shape::B(v.clone()))),
            ],
            Shape::Other,
        )
        .unwrap()
    }

    #[test]
    fn union_prefers_matching_branch_then_any_then_other() {
        assert!(matches!(decode(r#"{"kind":"b"}"#), Shape::B(_)));
        assert!(matches!(decode(r#"{"kind":"a"}"#), Shape::A(_)));
        assert!(matches!(decode(r#"{"kind":"c"}"#), Shape::A(_)));
        assert!(matches!(decode("3"), Shape::Other(_)));
    }

    #[test]
    fn union_prefers_discriminator_over_other_enums() {
        let decode = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            decode_union(
                &mut de,
                &[
                    (&[("kind", &["a"])], |v| v.as_object().map(|_| Shape::A(v.clone()))),
                    (&[("kind", &["b"]), ("mode", &["x", "y"])], |v| v.as_object().map(|_| Shape::B(v.clone()))),
                ],
                Shape::Other,
            )
            .unwrap()
        };
        // a newer `mode` value still lands in the branch its `kind` names
        assert!(matches!(decode(r#"{"kind":"b","mode":"z"}"#), Shape::B(_)));
    }
}

/// Decoding never panics, and a union never fails, whatever JSON arrives (native
/// only: proptest is not a wasm dev-dependency).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod robustness {
    use crate::generated::models::{BillingEvent, Contact, EntitySearchParams, MeterReading, PortalWidget, SearchPortalUserEntitiesResponse};
    use proptest::prelude::*;
    use serde_json::Value;

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
            prop_oneof![Just("type".to_string()), Just("installment".to_string()), ".{0,8}"].prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let key = prop_oneof![Just("_id".to_string()), Just("type".to_string()), Just("value".to_string()), "[a-z_]{1,6}"];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(key, inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_json_never_panics(value in json()) {
            let text = value.to_string();
            let _ = serde_json::from_str::<Contact>(&text);
            let _ = serde_json::from_str::<MeterReading>(&text);
            let _ = serde_json::from_str::<EntitySearchParams>(&text);
            prop_assert!(serde_json::from_str::<BillingEvent>(&text).is_ok());
            prop_assert!(serde_json::from_str::<PortalWidget>(&text).is_ok());
            prop_assert!(serde_json::from_str::<SearchPortalUserEntitiesResponse>(&text).is_ok());
        }
    }

    #[test]
    fn unions_pick_the_branch_the_discriminator_names() {
        let base = serde_json::json!({"_id": "1", "_title": "t", "_org": "o", "_created_at": "d", "_updated_at": "d", "contract": {}, "due_date": "2024-01-01"});
        let mut reimbursement = base.clone();
        reimbursement["type"] = "reimbursement".into();
        let event: BillingEvent = serde_json::from_value(reimbursement.clone()).unwrap();
        assert!(matches!(event, BillingEvent::ReimbursementEvent(_)), "{event:?}");
        assert_eq!(serde_json::to_value(&event).unwrap(), reimbursement);
        let mut newer = base;
        newer["type"] = "credit_note".into();
        assert!(serde_json::from_value::<BillingEvent>(newer).is_ok());
    }
}
