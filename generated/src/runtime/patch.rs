//! Hand-written support code (not generated, edit freely): the three states of a member of a
//! PATCH body, where "leave it alone" (absent) and "clear it" (`null`) mean different things.
//!
//! Use it with `default` and `skip_serializing_if`:
//!
//! ```text
//! #[serde(default, skip_serializing_if = "crate::runtime::patch::Patch::is_unchanged")]
//! pub subject: Patch<String>,
//! ```
//!
//! absent → [`Patch::Unchanged`] (and stays absent), `null` → [`Patch::Null`], a value →
//! [`Patch::Value`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A member of a PATCH body: leave it alone (absent), set it to null, or set it to a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Patch<T> {
    /// Not sent: the server keeps what it has.
    #[default]
    Unchanged,
    /// Sent as `null`: the server clears the property.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the member is left out of the body (the `skip_serializing_if` predicate).
    pub fn is_unchanged(&self) -> bool {
        matches!(self, Self::Unchanged)
    }

    /// Whether the member is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// `None` when unchanged, `Some(None)` when null, `Some(Some(v))` for a value.
    pub fn as_option(&self) -> Option<Option<&T>> {
        match self {
            Self::Unchanged => None,
            Self::Null => Some(None),
            Self::Value(v) => Some(Some(v)),
        }
    }

    /// The value, when there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(v) => Some(v),
            Self::Unchanged | Self::Null => None,
        }
    }

    /// Like [`Patch::as_option`], by value.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Self::Unchanged => None,
            Self::Null => Some(None),
            Self::Value(v) => Some(Some(v)),
        }
    }

    /// Maps the value, keeping `Unchanged` and `Null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Self::Unchanged => Patch::Unchanged,
            Self::Null => Patch::Null,
            Self::Value(v) => Patch::Value(f(v)),
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `None` clears the property (`null`); use [`Patch::Unchanged`] to leave it alone.
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(v) => v.serialize(serializer),
            // `Unchanged` is normally skipped by the field attribute; if not, `null` is the
            // closest thing a serializer can write.
            Self::Null | Self::Unchanged => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only called for a present member; an absent one comes from `#[serde(default)]`.
        Option::<T>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct MeetingPatch {
        #[serde(
            default,
            skip_serializing_if = "crate::runtime::patch::Patch::is_unchanged"
        )]
        subject: Patch<String>,
        #[serde(
            default,
            skip_serializing_if = "crate::runtime::patch::Patch::is_unchanged"
        )]
        end_date_time: Patch<String>,
        #[serde(
            default,
            skip_serializing_if = "crate::runtime::patch::Patch::is_unchanged"
        )]
        participants: Patch<Vec<u32>>,
    }

    fn round_trip(patch: &MeetingPatch, expected: Value) {
        let sent = serde_json::to_value(patch).unwrap();
        assert_eq!(sent, expected);
        let back: MeetingPatch = serde_json::from_value(sent).unwrap();
        assert_eq!(&back, patch);
    }

    #[test]
    fn only_members_that_change_are_sent() {
        round_trip(&MeetingPatch::default(), json!({}));
        round_trip(
            &MeetingPatch {
                subject: "Standup".to_owned().into(),
                end_date_time: Patch::Null,
                participants: Patch::Unchanged,
            },
            json!({"subject": "Standup", "endDateTime": null}),
        );
        round_trip(
            &MeetingPatch {
                subject: Patch::Unchanged,
                end_date_time: Patch::Value("2024-05-01T10:00:00Z".to_owned()),
                participants: Patch::Value(vec![]),
            },
            json!({"endDateTime": "2024-05-01T10:00:00Z", "participants": []}),
        );
        round_trip(
            &MeetingPatch {
                subject: Patch::Null,
                end_date_time: Patch::Null,
                participants: Patch::Null,
            },
            json!({"subject": null, "endDateTime": null, "participants": null}),
        );
    }

    #[test]
    fn wire_text_is_exact() {
        let patch = MeetingPatch {
            subject: Patch::Null,
            participants: vec![1, 2].into(),
            ..MeetingPatch::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"subject":null,"participants":[1,2]}"#
        );
    }

    #[test]
    fn wrong_type_is_an_error() {
        let err = serde_json::from_str::<MeetingPatch>(r#"{"participants":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn conversions_and_accessors() {
        assert_eq!(Patch::from(Some(3)), Patch::Value(3));
        assert_eq!(Patch::<i32>::from(None), Patch::Null);
        assert_eq!(Patch::from(3), Patch::Value(3));
        assert_eq!(Patch::<i32>::Unchanged.as_option(), None);
        assert_eq!(Patch::<i32>::Null.as_option(), Some(None));
        assert_eq!(Patch::Value(3).as_option(), Some(Some(&3)));
        assert_eq!(Patch::Value(3).into_option(), Some(Some(3)));
        assert_eq!(Patch::Value(3).value(), Some(&3));
        assert_eq!(Patch::<i32>::Null.value(), None);
        assert!(Patch::<i32>::Null.is_null());
        assert!(Patch::<i32>::default().is_unchanged());
        assert_eq!(Patch::Value(2).map(|v| v * 2), Patch::Value(4));
        assert_eq!(Patch::<i32>::Null.map(|v| v * 2), Patch::Null);
        // Unchanged outside a skipping field still writes valid JSON.
        assert_eq!(
            serde_json::to_string(&Patch::<i32>::Unchanged).unwrap(),
            "null"
        );
    }
}
