//! Hand-written support code (not generated, edit freely): how the generated models read and write
//! JSON.
//!
//! A generated model is a plain struct plus a small table: the sorted wire names of its members
//! and two `match`es from a name's index to the field ([`Model`]). Everything else (reading an
//! object in one pass, writing it with `@odata.type` first, `Debug`) is written once, here,
//! against `&dyn Model` and `&dyn Member`. This keeps the code per type small: with derived serde
//! impls, the thousands of Graph types took minutes and gigabytes to type-check.
//!
//! Reading keeps the members the docs do not list (`additional_properties`) without serde's
//! `#[serde(flatten)]`, which buffers every object into an intermediate tree first. Nested models
//! are read in place ([`Field::read_option`]), not built on the stack and moved.
//!
//! The `Any…` enums implement [`Model`] too: they start as their base type and switch to the
//! derived type named by `@odata.type` ([`Model::read_type`]). Graph writes that tag first, so the
//! switch normally happens before any other member is read; a tag that comes later converts the
//! members read so far ([`retype`]).

use std::any::Any;
use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::nullable::Nullable;
use super::odata::TYPE_MEMBER;

/// A generated model: a JSON object whose documented members are fields.
pub trait Model {
    /// The `@odata.type` the object was sent with.
    fn odata_type(&self) -> Option<&str>;

    /// Stores the `@odata.type` member. The `Any…` enums also switch to the type it names.
    ///
    /// # Errors
    ///
    /// When members read before the tag do not fit the type it names.
    fn read_type(&mut self, tag: Option<String>) -> Result<(), serde_json::Error>;

    /// The tag to write when the value has none: the derived type an `Any…` enum holds. Plain
    /// models are written as they are.
    fn default_tag(&self) -> Option<&'static str> {
        None
    }

    /// The wire names of the documented members, sorted (byte order), so a name is found by
    /// binary search and its index passed to [`Model::member`].
    fn member_names(&self) -> &'static [&'static str];

    /// The member at `index` of [`Model::member_names`]; `None` when its type is compiled out
    /// (its area's feature is off), and the JSON stays in `additional_properties`.
    fn member(&self, index: usize) -> Option<&dyn Member>;

    /// [`Model::member`], mutably.
    fn member_mut(&mut self, index: usize) -> Option<&mut dyn Member>;

    /// The members the docs do not list, kept so a payload round-trips.
    fn additional_properties(&self) -> &Map<String, Value>;

    /// [`Model::additional_properties`], mutably.
    fn additional_properties_mut(&mut self) -> &mut Map<String, Value>;
}

/// A model's field: an `Option` (absent or a value) or a [`Nullable`] (absent, `null` or a
/// value), read and written through type-erased serde so the code that walks models is not
/// generic over every field type.
pub trait Member {
    /// Whether the member is absent (not written).
    fn is_absent(&self) -> bool;

    /// The value to write.
    fn value(&self) -> &dyn erased_serde::Serialize;

    /// The value to show in `Debug`.
    fn debug(&self) -> &dyn fmt::Debug;

    /// Reads a present member.
    ///
    /// # Errors
    ///
    /// When the JSON does not fit the field's type.
    fn read(
        &mut self,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error>;

    /// The member, to compare or copy it as its own type.
    fn as_any(&self) -> &dyn Any;

    /// Whether `other` is a member of the same type with an equal value.
    fn same(&self, other: &dyn Member) -> bool;

    /// Makes this member a copy of `other`, if it is a member of the same type.
    fn assign(&mut self, other: &dyn Member);
}

/// The `Member` methods that only need the field's type to be `Clone + PartialEq`.
macro_rules! member_by_type {
    () => {
        fn as_any(&self) -> &dyn Any {
            self
        }

        fn same(&self, other: &dyn Member) -> bool {
            other.as_any().downcast_ref::<Self>() == Some(self)
        }

        fn assign(&mut self, other: &dyn Member) {
            if let Some(other) = other.as_any().downcast_ref::<Self>() {
                self.clone_from(other);
            }
        }
    };
}

/// A type a model's field can hold. Models override the readers to fill the field in place.
pub trait Field: Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq + 'static {
    /// Reads `null` (`None`) or a value into an `Option` field.
    ///
    /// # Errors
    ///
    /// When the JSON does not fit `Self`.
    fn read_option(
        slot: &mut Option<Self>,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        read_value(slot, deserializer)
    }

    /// Reads `null` or a value into a [`Nullable`] field.
    ///
    /// # Errors
    ///
    /// When the JSON does not fit `Self`.
    fn read_nullable(
        slot: &mut Nullable<Self>,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        read_value(slot, deserializer)
    }

    /// Reads `null` or an array into a collection field.
    ///
    /// # Errors
    ///
    /// When the JSON does not fit a collection of `Self`.
    fn read_vec(
        slot: &mut Option<Vec<Self>>,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        read_value(slot, deserializer)
    }
}

/// The readers' default: the whole value deserialized, then stored.
fn read_value<T: DeserializeOwned>(
    slot: &mut T,
    deserializer: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    *slot = erased_serde::deserialize(deserializer)?;
    Ok(())
}

macro_rules! plain_fields {
    ($($t:ty),*) => { $(impl Field for $t {})* };
}

plain_fields!(
    String,
    bool,
    i32,
    i64,
    f32,
    f64,
    Value,
    super::DateTimeOffset,
    super::Date,
    super::TimeOfDay,
    super::Duration
);

impl<T: Field> Field for Box<T> {}

impl<T: Field> Field for Vec<T> {
    fn read_option(
        slot: &mut Option<Self>,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        T::read_vec(slot, deserializer)
    }
}

impl<T: Field> Member for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }

    fn value(&self) -> &dyn erased_serde::Serialize {
        self
    }

    fn debug(&self) -> &dyn fmt::Debug {
        match self {
            Some(value) => value,
            None => self,
        }
    }

    fn read(
        &mut self,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        T::read_option(self, deserializer)
    }

    member_by_type!();
}

impl<T: Field> Member for Nullable<T> {
    fn is_absent(&self) -> bool {
        Nullable::is_absent(self)
    }

    fn value(&self) -> &dyn erased_serde::Serialize {
        self
    }

    fn debug(&self) -> &dyn fmt::Debug {
        self
    }

    fn read(
        &mut self,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        T::read_nullable(self, deserializer)
    }

    member_by_type!();
}

/// The index of the member named `key`, if the docs list one.
fn find(model: &dyn Model, key: &str) -> Option<usize> {
    model.member_names().binary_search(&key).ok()
}

/// Serializes a model: `@odata.type` first (the one it was read with, else its
/// [`Model::default_tag`]), then the present members, then `additional_properties`.
///
/// # Errors
///
/// When a value cannot be represented or `serializer` fails.
pub fn serialize<S: Serializer>(model: &dyn Model, serializer: S) -> Result<S::Ok, S::Error> {
    serialize_tagged(model, model.default_tag(), serializer)
}

/// [`serialize`], writing `"@odata.type": "#<tag>"` first when the model has no tag of its own
/// (one built in Rust), unless a tag is already among its `additional_properties`.
///
/// # Errors
///
/// As [`serialize`].
pub fn serialize_tagged<S: Serializer>(
    model: &dyn Model,
    tag: Option<&str>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let extra = model.additional_properties();
    match (model.odata_type(), tag) {
        (Some(sent), _) => map.serialize_entry(TYPE_MEMBER, sent)?,
        (None, Some(tag)) if !extra.contains_key(TYPE_MEMBER) => {
            map.serialize_entry(TYPE_MEMBER, &format_args!("#{tag}"))?;
        }
        _ => {}
    }
    for (index, name) in model.member_names().iter().enumerate() {
        if let Some(member) = model.member(index).filter(|m| !m.is_absent()) {
            map.serialize_entry(name, member.value())?;
        }
    }
    for (name, value) in extra {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// `Debug` for a model: its present members, by wire name, and the undocumented ones.
///
/// # Errors
///
/// When the formatter fails.
pub fn debug(model: &dyn Model, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut out = f.debug_struct(name);
    if let Some(tag) = model.odata_type() {
        out.field(TYPE_MEMBER, &tag);
    }
    for (index, member) in model.member_names().iter().enumerate() {
        if let Some(value) = model.member(index).filter(|m| !m.is_absent()) {
            out.field(member, value.debug());
        }
    }
    let extra = model.additional_properties();
    if !extra.is_empty() {
        out.field("additional_properties", extra);
    }
    out.finish()
}

/// `Clone` for a model: its tag, members and undocumented members copied into `into` (a
/// default value of the same type).
pub fn clone_into(model: &dyn Model, into: &mut dyn Model) {
    // A struct's `read_type` only stores the tag.
    let _ = into.read_type(model.odata_type().map(str::to_owned));
    for index in 0..model.member_names().len() {
        if let (Some(from), Some(to)) = (model.member(index), into.member_mut(index)) {
            to.assign(from);
        }
    }
    into.additional_properties_mut()
        .clone_from(model.additional_properties());
}

/// `PartialEq` for two models of the same type: equal tags, members and undocumented members.
pub fn eq(a: &dyn Model, b: &dyn Model) -> bool {
    a.odata_type() == b.odata_type()
        && (0..a.member_names().len()).all(|index| match (a.member(index), b.member(index)) {
            (Some(x), Some(y)) => x.same(y),
            (x, y) => x.is_none() && y.is_none(),
        })
        && a.additional_properties() == b.additional_properties()
}

/// Deserializes a [`Model`] from a JSON object in one pass.
///
/// # Errors
///
/// When the input is not an object or a member does not fit its field.
pub fn deserialize<'de, T: Model + Default, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let mut model = T::default();
    deserializer.deserialize_map(InPlace(&mut model))?;
    Ok(model)
}

#[doc(hidden)]
pub use erased_serde;

/// Writes the traits of a generated struct or `Any…` enum that implements [`Model`] and
/// `Default`: `Debug`, `Clone` and `PartialEq` (structs only), serde's `Serialize` and `Deserialize`, and [`Field`] (read
/// in place), all through the functions of this module.
#[macro_export]
#[doc(hidden)]
macro_rules! __impl_model_traits {
    ($model:ident) => {
        impl ::std::fmt::Debug for $model {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::runtime::model::debug(self, stringify!($model), f)
            }
        }
        impl ::std::clone::Clone for $model {
            fn clone(&self) -> Self {
                let mut copy = <Self as ::std::default::Default>::default();
                $crate::runtime::model::clone_into(self, &mut copy);
                copy
            }
        }
        impl ::std::cmp::PartialEq for $model {
            fn eq(&self, other: &Self) -> bool {
                $crate::runtime::model::eq(self, other)
            }
        }
        $crate::runtime::model::impl_model_traits!(@serde $model);
    };
    // The `Any…` enums derive `Debug`, which names the variant.
    (@serde $model:ident) => {
        impl ::serde::Serialize for $model {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::model::serialize(self, serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $model {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::model::deserialize(deserializer)
            }
        }
        impl $crate::runtime::model::Field for $model {
            fn read_option(
                slot: &mut ::std::option::Option<Self>,
                deserializer: &mut dyn $crate::runtime::model::erased_serde::Deserializer<'_>,
            ) -> ::std::result::Result<(), $crate::runtime::model::erased_serde::Error> {
                $crate::runtime::model::read_option_in_place(slot, deserializer)
            }
            fn read_nullable(
                slot: &mut $crate::runtime::Nullable<Self>,
                deserializer: &mut dyn $crate::runtime::model::erased_serde::Deserializer<'_>,
            ) -> ::std::result::Result<(), $crate::runtime::model::erased_serde::Error> {
                $crate::runtime::model::read_nullable_in_place(slot, deserializer)
            }
            fn read_vec(
                slot: &mut ::std::option::Option<::std::vec::Vec<Self>>,
                deserializer: &mut dyn $crate::runtime::model::erased_serde::Deserializer<'_>,
            ) -> ::std::result::Result<(), $crate::runtime::model::erased_serde::Error> {
                $crate::runtime::model::read_vec_in_place(slot, deserializer)
            }
        }
    };
}
pub use crate::__impl_model_traits as impl_model_traits;

/// [`Field::read_option`] for a model: `null`, or an object read into a fresh model in the slot.
///
/// # Errors
///
/// When the value is neither `null` nor an object that fits `T`.
pub fn read_option_in_place<T: Model + Default>(
    slot: &mut Option<T>,
    deserializer: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    deserializer.deserialize_option(OptionSeed(slot))
}

/// [`Field::read_nullable`] for a model.
///
/// # Errors
///
/// As [`read_option_in_place`].
pub fn read_nullable_in_place<T: Model + Default>(
    slot: &mut Nullable<T>,
    deserializer: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    let mut value = None;
    // Read into a fresh option, then move: `Nullable` has no slot to read into until it knows.
    deserializer.deserialize_option(OptionSeed(&mut value))?;
    *slot = Nullable::present(value);
    Ok(())
}

/// [`Field::read_vec`] for a model: each element is read where it is stored.
///
/// # Errors
///
/// When the value is neither `null` nor an array of objects that fit `T`.
pub fn read_vec_in_place<T: Model + Default>(
    slot: &mut Option<Vec<T>>,
    deserializer: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    deserializer.deserialize_option(VecSeed(slot))
}

/// Reads the members of an object into a model that is already there.
struct InPlace<'a>(&'a mut dyn Model);

impl<'de> Visitor<'de> for InPlace<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        read_members(self.0, &mut map)
    }
}

impl<'de> DeserializeSeed<'de> for InPlace<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// Reads the (remaining) members of an object into `model`.
pub(crate) fn read_members<'de, A: MapAccess<'de>>(
    model: &mut dyn Model,
    map: &mut A,
) -> Result<(), A::Error> {
    while let Some(Key(key)) = map.next_key()? {
        if key == TYPE_MEMBER {
            let tag: Option<String> = map.next_value()?;
            model.read_type(tag).map_err(de::Error::custom)?;
            continue;
        }
        let member = find(model, &key).and_then(|index| model.member_mut(index));
        match member {
            Some(member) => map.next_value_seed(MemberSeed(member))?,
            None => {
                let value: Value = map.next_value()?;
                model
                    .additional_properties_mut()
                    .insert(key.into_owned(), value);
            }
        }
    }
    Ok(())
}

/// Reads one member already parsed as JSON (the members before a late `@odata.type`).
pub(crate) fn read_member_value(
    model: &mut dyn Model,
    key: String,
    value: Value,
) -> Result<(), serde_json::Error> {
    if key == TYPE_MEMBER {
        let tag = Option::<String>::deserialize(value)?;
        return model.read_type(tag);
    }
    match find(model, &key).and_then(|index| model.member_mut(index)) {
        Some(member) => member
            .read(&mut <dyn erased_serde::Deserializer>::erase(value))
            .map_err(de::Error::custom),
        None => {
            model.additional_properties_mut().insert(key, value);
            Ok(())
        }
    }
}

/// A member's value, read through its (type-erased) field.
struct MemberSeed<'a>(&'a mut dyn Member);

impl<'de> DeserializeSeed<'de> for MemberSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        self.0.read(&mut erased).map_err(de::Error::custom)
    }
}

/// `null`, or an object read into a fresh model in the slot.
struct OptionSeed<'a, T>(&'a mut Option<T>);

impl<'de, T: Model + Default> Visitor<'de> for OptionSeed<'_, T> {
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

/// `null`, or an array whose objects are read into fresh models at the end of the slot.
struct VecSeed<'a, T>(&'a mut Option<Vec<T>>);

impl<'de, T: Model + Default> Visitor<'de> for VecSeed<'_, T> {
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

impl<'de, T: Model + Default> Visitor<'de> for Elements<'_, T> {
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

impl<'de, T: Model + Default> DeserializeSeed<'de> for Push<'_, T> {
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
    #[derive(Default)]
    struct Meeting {
        odata_type: Option<String>,
        end_date_time: Nullable<String>,
        organizer: Option<Person>,
        subject: Option<String>,
        attendees: Option<Vec<Person>>,
        additional_properties: Map<String, Value>,
    }

    impl Model for Meeting {
        fn odata_type(&self) -> Option<&str> {
            self.odata_type.as_deref()
        }
        fn read_type(&mut self, tag: Option<String>) -> Result<(), serde_json::Error> {
            self.odata_type = tag;
            Ok(())
        }
        fn member_names(&self) -> &'static [&'static str] {
            &["attendees", "endDateTime", "organizer", "subject"]
        }
        fn member(&self, index: usize) -> Option<&dyn Member> {
            match index {
                0 => Some(&self.attendees),
                1 => Some(&self.end_date_time),
                2 => Some(&self.organizer),
                3 => Some(&self.subject),
                _ => None,
            }
        }
        fn member_mut(&mut self, index: usize) -> Option<&mut dyn Member> {
            match index {
                0 => Some(&mut self.attendees),
                1 => Some(&mut self.end_date_time),
                2 => Some(&mut self.organizer),
                3 => Some(&mut self.subject),
                _ => None,
            }
        }
        fn additional_properties(&self) -> &Map<String, Value> {
            &self.additional_properties
        }
        fn additional_properties_mut(&mut self) -> &mut Map<String, Value> {
            &mut self.additional_properties
        }
    }
    impl_model_traits!(Meeting);

    /// A model with a member compiled out (its area's feature off): no arm for index 0.
    #[derive(Default)]
    struct Person {
        odata_type: Option<String>,
        name: Option<String>,
        additional_properties: Map<String, Value>,
    }

    impl Model for Person {
        fn odata_type(&self) -> Option<&str> {
            self.odata_type.as_deref()
        }
        fn read_type(&mut self, tag: Option<String>) -> Result<(), serde_json::Error> {
            self.odata_type = tag;
            Ok(())
        }
        fn member_names(&self) -> &'static [&'static str] {
            &["mailbox", "name"]
        }
        fn member(&self, index: usize) -> Option<&dyn Member> {
            match index {
                1 => Some(&self.name),
                _ => None,
            }
        }
        fn member_mut(&mut self, index: usize) -> Option<&mut dyn Member> {
            match index {
                1 => Some(&mut self.name),
                _ => None,
            }
        }
        fn additional_properties(&self) -> &Map<String, Value> {
            &self.additional_properties
        }
        fn additional_properties_mut(&mut self) -> &mut Map<String, Value> {
            &mut self.additional_properties
        }
    }
    impl_model_traits!(Person);

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
            "attendees": [{"name": "a"}, {"name": "b", "mailbox": "b@x"}],
            "endDateTime": "2020-01-01T00:00:00Z",
            "organizer": {"name": "o", "extra": true},
            "subject": "Weekly",
            "futureMember": {"nested": [1, 2]}
        });
        let meeting = read(input.clone());
        assert_eq!(
            meeting.odata_type.as_deref(),
            Some("#microsoft.graph.onlineMeeting")
        );
        assert_eq!(meeting.subject.as_deref(), Some("Weekly"));
        assert_eq!(
            meeting.end_date_time,
            Nullable::Value("2020-01-01T00:00:00Z".into())
        );
        let organizer = meeting.organizer.as_ref().unwrap();
        assert_eq!(organizer.name.as_deref(), Some("o"));
        assert_eq!(organizer.additional_properties["extra"], json!(true));
        let attendees = meeting.attendees.as_ref().unwrap();
        assert_eq!(attendees.len(), 2);
        // The compiled-out member stays JSON.
        assert_eq!(attendees[1].additional_properties["mailbox"], json!("b@x"));
        assert_eq!(
            meeting.additional_properties["futureMember"],
            json!({"nested": [1, 2]})
        );
        assert_eq!(serde_json::to_value(&meeting).unwrap(), input);
    }

    #[test]
    fn writes_the_tag_first_and_undocumented_members_last() {
        let meeting = read(json!({"futureMember": 1, "subject": "s", "@odata.type": "#t"}));
        assert_eq!(
            serde_json::to_string(&meeting).unwrap(),
            r##"{"@odata.type":"#t","subject":"s","futureMember":1}"##
        );
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        assert_eq!(read(json!({})).end_date_time, Nullable::Absent);
        assert_eq!(
            read(json!({"endDateTime": null})).end_date_time,
            Nullable::Null
        );
        assert_eq!(read(json!({"subject": null})).subject, None);
        assert_eq!(read(json!({"organizer": null})).organizer, None);
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
        let err = serde_json::from_str::<Meeting>(r#"{"organizer": [1]}"#).unwrap_err();
        assert!(err.to_string().contains("a JSON object"), "{err}");
        let err = serde_json::from_str::<Meeting>("[1]").unwrap_err();
        assert!(err.to_string().contains("a JSON object"), "{err}");
    }

    #[test]
    fn clone_and_eq_go_member_by_member() {
        let meeting = read(json!({
            "@odata.type": "#t",
            "organizer": {"name": "o"},
            "endDateTime": null,
            "x": 1
        }));
        let copy = meeting.clone();
        assert_eq!(copy, meeting);
        assert_eq!(copy.organizer.as_ref().unwrap().name.as_deref(), Some("o"));
        assert_eq!(copy.end_date_time, Nullable::Null);
        assert_eq!(copy.odata_type.as_deref(), Some("#t"));
        let mut other = meeting.clone();
        other.end_date_time = Nullable::Absent;
        assert_ne!(other, meeting);
        let mut other = meeting.clone();
        other.additional_properties.clear();
        assert_ne!(other, meeting);
        let mut other = meeting.clone();
        other.odata_type = None;
        assert_ne!(other, meeting);
    }

    #[test]
    fn debug_shows_present_members_by_wire_name() {
        let meeting = read(json!({"subject": "s", "x": 1}));
        assert_eq!(
            format!("{meeting:?}"),
            r#"Meeting { subject: "s", additional_properties: {"x": Number(1)} }"#
        );
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
