//! Hand-written support code (not generated, edit freely): [`Nullable`], the type of members the
//! docs mark nullable, where "absent" and "explicitly `null`" mean different things (in a PATCH,
//! absent leaves a value alone and `null` clears it).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A nullable member: absent, `null`, or a value.
///
/// Models skip absent members when they serialize, write `Null` as `null`, and read `null` as
/// `Null`, so a payload round-trips exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not in the payload.
    #[default]
    Absent,
    /// Present as `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the member is not in the payload.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the member is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, mutably, if there is one.
    pub fn as_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one (absent and `null` both give `None`).
    pub fn value(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// `Value(value)` for `Some(value)`, `Null` for `None`: a present member.
    pub fn present(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// `Absent` also writes `null`: models never reach it, as they skip absent members.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => value.serialize(serializer),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Being read at all means the member was present: `null` is `Null`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::present)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_values_read_as_present() {
        let null: Nullable<u32> = serde_json::from_str("null").unwrap();
        assert_eq!(null, Nullable::Null);
        let value: Nullable<u32> = serde_json::from_str("3").unwrap();
        assert_eq!(value, Nullable::Value(3));
        assert!(serde_json::from_str::<Nullable<u32>>("\"three\"").is_err());
    }

    #[test]
    fn writes_back_what_it_read() {
        assert_eq!(
            serde_json::to_string(&Nullable::<u32>::Null).unwrap(),
            "null"
        );
        assert_eq!(serde_json::to_string(&Nullable::Value(3)).unwrap(), "3");
    }

    #[test]
    fn accessors_tell_the_three_states_apart() {
        let absent = Nullable::<u32>::default();
        assert!(absent.is_absent() && !absent.is_null());
        assert!(Nullable::<u32>::Null.is_null());
        assert_eq!(Nullable::Value(2).as_ref(), Some(&2));
        assert_eq!(Nullable::<u32>::Null.value(), None);
        assert_eq!(Nullable::present(Some(1)), Nullable::Value(1));
        assert_eq!(Nullable::<u32>::present(None), Nullable::Null);
        assert_eq!(Nullable::from(5), Nullable::Value(5));
    }
}
