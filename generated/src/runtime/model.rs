//! Hand-written support code (not generated, edit freely): how the generated models read a JSON
//! object in one pass.
//!
//! The models keep the members the docs do not list (`additional_properties`). serde's
//! `#[serde(flatten)]` would do that, but it buffers every object into an intermediate tree before
//! reading a single field, which made the typed models slower than `serde_json::Value`. Instead
//! each model implements [`Model`]: [`deserialize`] walks the object once, hands each member to
//! [`Model::read_member`], and keeps those it declines as JSON. Serializing still uses serde's
//! derive (flattening on the way out costs nothing).
//!
//! The `Any…` enums implement [`Model`] too: they start as their base type and switch to the
//! derived type named by `@odata.type` ([`Model::read_type`]). Graph writes that tag first, so the
//! switch normally happens before any other member is read; a tag that comes later converts the
//! members read so far ([`retype`]).

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::odata::TYPE_MEMBER;

/// A generated model: a JSON object read member by member.
pub trait Model: Default {
    /// The `@odata.type` the object was sent with.
    fn odata_type(&self) -> Option<&str>;

    /// The members the docs do not list, kept so a payload round-trips.
    fn additional_properties_mut(&mut self) -> &mut Map<String, Value>;

    /// Reads the value of the member `key` into its field and returns `true`, or returns `false`
    /// without touching `map` when `key` is not a documented member.
    ///
    /// # Errors
    ///
    /// When the value does not fit the field's type.
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Stores the `@odata.type` member. The `Any…` enums also switch to the type it names.
    ///
    /// # Errors
    ///
    /// When members read before the tag do not fit the type it names.
    fn read_type(&mut self, tag: Option<String>) -> Result<(), serde_json::Error>;
}

/// Deserializes a [`Model`] from a JSON object in one pass.
///
/// # Errors
///
/// When the input is not an object or a member does not fit its field.
pub fn deserialize<'de, T: Model, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let mut model = T::default();
    deserializer.deserialize_map(InPlace(&mut model))?;
    Ok(model)
}

/// Reads a member holding a model into its field, in place.
///
/// Models nest deeply and some are kilobytes in size (`call`, `session`): read the usual way,
/// each level would be built on the stack and copied into its parent. Here each one is
/// written where it ends up. `null` clears the field.
///
/// # Errors
///
/// When the value is neither `null` nor an object that fits `T`.
pub fn read_into<'de, A: MapAccess<'de>, T: Model>(
    map: &mut A,
    field: &mut Option<T>,
) -> Result<(), A::Error> {
    map.next_value_seed(OptionSeed(field))
}

/// [`read_into`] for a nullable member (`Option<Option<T>>`): present as `null`, or present
/// with a value.
///
/// # Errors
///
/// As [`read_into`].
pub fn read_nullable_into<'de, A: MapAccess<'de>, T: Model>(
    map: &mut A,
    field: &mut Option<Option<T>>,
) -> Result<(), A::Error> {
    map.next_value_seed(OptionSeed(field.insert(None)))
}

/// [`read_into`] for a collection of models: each element is read where it is stored.
///
/// # Errors
///
/// When the value is neither `null` nor an array of objects that fit `T`.
pub fn read_all_into<'de, A: MapAccess<'de>, T: Model>(
    map: &mut A,
    field: &mut Option<Vec<T>>,
) -> Result<(), A::Error> {
    map.next_value_seed(VecSeed(field))
}

/// Reads the members of an object into a model that is already there.
struct InPlace<'a, T>(&'a mut T);

impl<'de, T: Model> Visitor<'de> for InPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        read_members(self.0, &mut map)
    }
}

/// Reads the (remaining) members of an object into `model`.
fn read_members<'de, T: Model, A: MapAccess<'de>>(
    model: &mut T,
    map: &mut A,
) -> Result<(), A::Error> {
    while let Some(Key(key)) = map.next_key()? {
        if key == TYPE_MEMBER {
            let tag: Option<String> = map.next_value()?;
            model.read_type(tag).map_err(de::Error::custom)?;
        } else if !model.read_member(&key, map)? {
            let value: Value = map.next_value()?;
            model
                .additional_properties_mut()
                .insert(key.into_owned(), value);
        }
    }
    Ok(())
}

/// Reads a boxed model whose `@odata.type` member (`tag`) has just been read: the members
/// before it (`seen`, usually none, as Graph writes the tag first), the tag, then the rest of
/// `map`, in place.
///
/// # Errors
///
/// When a member does not fit `T`.
pub fn read_rest<'de, T: Model + DeserializeOwned, A: MapAccess<'de>>(
    tag: &str,
    seen: &mut Map<String, Value>,
    map: &mut A,
) -> Result<Box<T>, A::Error> {
    let mut model = if seen.is_empty() {
        Box::<T>::default()
    } else {
        let before = Value::Object(std::mem::take(seen));
        Box::new(T::deserialize(before).map_err(de::Error::custom)?)
    };
    model
        .read_type(Some(tag.to_owned()))
        .map_err(de::Error::custom)?;
    read_members(&mut *model, map)?;
    Ok(model)
}

impl<'de, T: Model> DeserializeSeed<'de> for InPlace<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// `null`, or an object read into a fresh model in the field.
struct OptionSeed<'a, T>(&'a mut Option<T>);

impl<'de, T: Model> DeserializeSeed<'de> for OptionSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Model> Visitor<'de> for OptionSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(InPlace(self.0.insert(T::default())))
    }
}

/// `null`, or an array whose objects are read into fresh models at the end of the field.
struct VecSeed<'a, T>(&'a mut Option<Vec<T>>);

impl<'de, T: Model> DeserializeSeed<'de> for VecSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Model> Visitor<'de> for VecSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of JSON objects or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(Elements(self.0.insert(Vec::new())))
    }
}

/// The elements of an array, each read in place at the end of the vector.
struct Elements<'a, T>(&'a mut Vec<T>);

impl<'de, T: Model> Visitor<'de> for Elements<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of JSON objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let items = self.0;
        if let Some(hint) = seq.size_hint() {
            items.reserve(hint);
        }
        // The seed runs only when there is an element, so nothing is pushed past the end.
        while seq.next_element_seed(Push(&mut *items))?.is_some() {}
        Ok(())
    }
}

/// One more element, read where it is stored.
struct Push<'a, T>(&'a mut Vec<T>);

impl<'de, T: Model> DeserializeSeed<'de> for Push<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.push(T::default());
        let last = self.0.last_mut().expect("just pushed");
        deserializer.deserialize_map(InPlace(last))
    }
}

/// Deserializes an open enum (a generated enum with an `Undocumented(String)` variant) from a
/// string, allocating only for a value the docs do not list.
///
/// # Errors
///
/// When the input is not a string.
pub fn deserialize_open_enum<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str> + From<String>,
    D: Deserializer<'de>,
{
    struct OpenEnumVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: for<'a> From<&'a str> + From<String>> Visitor<'de> for OpenEnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(OpenEnumVisitor(std::marker::PhantomData))
}

/// A member name, borrowed from the input when it can be (no escapes), so known members cost no
/// allocation. (serde's own `Cow<str>` always copies.)
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Converts the members read so far as base type `B` into derived type `T`, for a tag that came
/// after other members. `B`'s members are all members of `T`, so nothing is lost.
///
/// # Errors
///
/// When a member read as `B` does not fit `T` (a member `T` redefines with another type).
pub fn retype<B, T>(base: &mut B) -> Result<T, serde_json::Error>
where
    B: Serialize + Default + PartialEq,
    T: DeserializeOwned + Default,
{
    let base = std::mem::take(base);
    if base == B::default() {
        return Ok(T::default());
    }
    serde_json::from_value(serde_json::to_value(base)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Written the way the code generator emits a model.
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    struct Meeting {
        #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
        odata_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        subject: Option<String>,
        #[serde(
            rename = "endDateTime",
            skip_serializing_if = "Option::is_none",
            with = "crate::runtime::nullable"
        )]
        end_date_time: Option<Option<String>>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    impl<'de> Deserialize<'de> for Meeting {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer)
        }
    }

    impl Model for Meeting {
        fn odata_type(&self) -> Option<&str> {
            self.odata_type.as_deref()
        }

        fn additional_properties_mut(&mut self) -> &mut Map<String, Value> {
            &mut self.additional_properties
        }

        fn read_member<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<bool, A::Error> {
            match key {
                "subject" => self.subject = map.next_value()?,
                "endDateTime" => self.end_date_time = Some(map.next_value()?),
                _ => return Ok(false),
            }
            Ok(true)
        }

        fn read_type(&mut self, tag: Option<String>) -> Result<(), serde_json::Error> {
            self.odata_type = tag;
            Ok(())
        }
    }

    fn read(value: Value) -> Meeting {
        let from_text: Meeting = serde_json::from_str(&value.to_string()).expect("from text");
        let from_value: Meeting = serde_json::from_value(value).expect("from a Value");
        assert_eq!(from_text, from_value);
        from_text
    }

    #[test]
    fn documented_members_land_in_fields_and_the_rest_is_kept() {
        let input = json!({
            "@odata.type": "#microsoft.graph.onlineMeeting",
            "subject": "Weekly",
            "futureMember": {"nested": [1, 2]},
            "endDateTime": "2020-01-01T00:00:00Z"
        });
        let meeting = read(input.clone());
        assert_eq!(
            meeting.odata_type.as_deref(),
            Some("#microsoft.graph.onlineMeeting")
        );
        assert_eq!(meeting.subject.as_deref(), Some("Weekly"));
        assert_eq!(
            meeting.end_date_time,
            Some(Some("2020-01-01T00:00:00Z".into()))
        );
        assert_eq!(
            meeting.additional_properties["futureMember"],
            json!({"nested": [1, 2]})
        );
        assert_eq!(serde_json::to_value(&meeting).unwrap(), input);
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        assert_eq!(read(json!({})).end_date_time, None);
        assert_eq!(read(json!({"endDateTime": null})).end_date_time, Some(None));
        assert_eq!(read(json!({"subject": null})).subject, None);
        let nulled = json!({"endDateTime": null});
        assert_eq!(serde_json::to_value(read(nulled.clone())).unwrap(), nulled);
    }

    #[test]
    fn escaped_member_names_are_read_like_plain_ones() {
        let meeting: Meeting =
            serde_json::from_str(r#"{"sub\u006aect":"escaped","odd\"name":1}"#).unwrap();
        assert_eq!(meeting.subject.as_deref(), Some("escaped"));
        assert_eq!(meeting.additional_properties["odd\"name"], json!(1));
    }

    #[test]
    fn a_member_that_does_not_fit_is_an_error_naming_the_problem() {
        let err = serde_json::from_str::<Meeting>(r#"{"subject": 7}"#).unwrap_err();
        assert!(
            err.to_string().contains("invalid type: integer `7`"),
            "{err}"
        );
        let err = serde_json::from_str::<Meeting>("[1]").unwrap_err();
        assert!(err.to_string().contains("a JSON object"), "{err}");
    }

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    struct Base {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    struct Derived {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        extra: Option<u32>,
    }

    #[test]
    fn retype_keeps_the_members_read_so_far() {
        let mut base = Base {
            id: Some("a".into()),
        };
        let derived: Derived = retype(&mut base).unwrap();
        assert_eq!(derived.id.as_deref(), Some("a"));
        assert_eq!(base, Base::default());
        let derived: Derived = retype(&mut Base::default()).unwrap();
        assert_eq!(derived, Derived::default());
    }
}
