//! Hand-written support code (not generated, edit freely): a serde `with` module that keeps
//! "absent" and "explicit `null`" apart for `Option<Option<T>>` fields.
//!
//! Use it together with `default` and `skip_serializing_if`:
//!
//! ```text
//! #[serde(
//!     default,
//!     skip_serializing_if = "::std::option::Option::is_none",
//!     with = "crate::runtime::nullable"
//! )]
//! pub end_date_time: Option<Option<DateTimeOffset>>,
//! ```
//!
//! absent → `None`, `null` → `Some(None)`, a value → `Some(Some(v))`; serializing writes back
//! exactly what was read. `default` is what makes an absent member `None`: serde only calls
//! [`deserialize`] when the member is present.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serializes `Some(Some(v))` as `v` and `Some(None)` as `null`.
///
/// `None` also writes `null`, but with `skip_serializing_if = "Option::is_none"` it is never
/// reached, so an absent member stays absent.
pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(Some(v)) => v.serialize(s),
        Some(None) | None => s.serialize_none(),
    }
}

/// Deserializes a present member: `null` → `Some(None)`, a value → `Some(Some(v))`.
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    // Being called at all means the member was present, hence the outer `Some`.
    Option::<T>::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Inner {
        id: String,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Meeting {
        #[serde(
            default,
            skip_serializing_if = "::std::option::Option::is_none",
            with = "crate::runtime::nullable"
        )]
        end_date_time: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "::std::option::Option::is_none",
            with = "crate::runtime::nullable"
        )]
        count: Option<Option<u32>>,
        #[serde(
            default,
            skip_serializing_if = "::std::option::Option::is_none",
            with = "crate::runtime::nullable"
        )]
        organizer: Option<Option<Inner>>,
    }

    fn roundtrip(json: &str) -> Meeting {
        let parsed: Meeting = serde_json::from_str(json).expect("deserialize");
        assert_eq!(serde_json::to_string(&parsed).expect("serialize"), json);
        parsed
    }

    #[test]
    fn absent_is_none_and_stays_absent() {
        let m = roundtrip("{}");
        assert_eq!(m.end_date_time, None);
        assert_eq!(m.count, None);
        assert_eq!(m.organizer, None);
    }

    #[test]
    fn null_is_some_none_and_stays_null() {
        let m = roundtrip(r#"{"endDateTime":null,"count":null,"organizer":null}"#);
        assert_eq!(m.end_date_time, Some(None));
        assert_eq!(m.count, Some(None));
        assert_eq!(m.organizer, Some(None));
    }

    #[test]
    fn value_is_some_some_and_stays_the_value() {
        let m =
            roundtrip(r#"{"endDateTime":"2024-05-01T10:00:00Z","count":3,"organizer":{"id":"a"}}"#);
        assert_eq!(
            m.end_date_time,
            Some(Some("2024-05-01T10:00:00Z".to_owned()))
        );
        assert_eq!(m.count, Some(Some(3)));
        assert_eq!(m.organizer, Some(Some(Inner { id: "a".to_owned() })));
    }

    #[test]
    fn mixed_cases_round_trip() {
        let m = roundtrip(r#"{"endDateTime":null,"count":0}"#);
        assert_eq!(m.end_date_time, Some(None));
        assert_eq!(m.count, Some(Some(0)));
        assert_eq!(m.organizer, None);
    }

    #[test]
    fn wrong_type_is_an_error_not_null() {
        let err = serde_json::from_str::<Meeting>(r#"{"count":"three"}"#).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }
}
