//! Hand-written support code (not generated, edit freely): how the generated models read and write
//! JSON.
//!
//! A generated model is a plain struct plus a small table: the sorted wire names of its members
//! and two `match`es from a name's index to the field ([`Model`]). Everything else (reading an
//! object in one pass, writing it with `@odata.type` first, `Debug`, `Clone`, `PartialEq`) is
//! written once, here, against `&dyn Model` and `&dyn Member`. This keeps the code per type
//! small: with derived serde impls, the thousands of Graph types took minutes and gigabytes to
//! check, and a build did not fit in memory.
//!
//! Nothing here is generic over the model: a member shows itself as a [`View`] (to write) or a
//! [`Slot`] (to read), and nested models are reached as `&dyn Model` again. So reading and writing
//! recurse at the deserializer's and serializer's own types, one set of functions per format,
//! however deep the payload; only leaf values of other types go through `erased-serde`.
//!
//! Reading keeps the members the docs do not list (`additional_properties`) without serde's
//! `#[serde(flatten)]`, which buffers every object into an intermediate tree first. Nested models
//! are read in place, not built on the stack and moved.
//!
//! The `Any…` enums implement [`Model`] too: they start as their base type and switch to the
//! derived type named by `@odata.type` ([`Model::read_type`]). Graph writes that tag first, so the
//! switch normally happens before any other member is read; a tag that comes later converts the
//! members read so far ([`retype`]).

use std::any::Any;
use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::nullable::Nullable;
use super::odata::TYPE_MEMBER;

/// The members the docs do not list, kept so a payload round-trips.
pub type Extra = Map<String, Value>;

/// A generated model: a JSON object whose documented members are fields.
pub trait Model {
    /// The `@odata.type` the object was sent with, and its undocumented members.
    fn extra(&self) -> (Option<&str>, &Extra);

    /// [`Model::extra`], mutably.
    fn extra_mut(&mut self) -> (&mut Option<String>, &mut Extra);

    /// Stores the `@odata.type` member. The `Any…` enums also switch to the type it names.
    ///
    /// # Errors
    ///
    /// When members read before the tag do not fit the type it names.
    fn read_type(&mut self, tag: Option<String>) -> Result<(), serde_json::Error> {
        *self.extra_mut().0 = tag;
        Ok(())
    }

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
}

impl dyn Model + '_ {
    /// The `@odata.type` the object was sent with.
    pub fn odata_type(&self) -> Option<&str> {
        self.extra().0
    }

    /// The members the docs do not list.
    pub fn additional_properties(&self) -> &Extra {
        self.extra().1
    }

    /// Whether nothing was read or set: no tag, no member, no undocumented member.
    pub fn is_empty(&self) -> bool {
        let (tag, extra) = self.extra();
        tag.is_none()
            && extra.is_empty()
            && (0..self.member_names().len())
                .all(|index| self.member(index).is_none_or(|m| m.is_absent()))
    }
}

/// A boxed model is the model (recursive members are boxed).
impl<T: Model> Model for Box<T> {
    fn extra(&self) -> (Option<&str>, &Extra) {
        (**self).extra()
    }
    fn extra_mut(&mut self) -> (&mut Option<String>, &mut Extra) {
        (**self).extra_mut()
    }
    fn read_type(&mut self, tag: Option<String>) -> Result<(), serde_json::Error> {
        (**self).read_type(tag)
    }
    fn default_tag(&self) -> Option<&'static str> {
        (**self).default_tag()
    }
    fn member_names(&self) -> &'static [&'static str] {
        (**self).member_names()
    }
    fn member(&self, index: usize) -> Option<&dyn Member> {
        (**self).member(index)
    }
    fn member_mut(&mut self, index: usize) -> Option<&mut dyn Member> {
        (**self).member_mut(index)
    }
}

/// A member as it is written.
pub enum View<'a> {
    /// Not in the payload.
    Absent,
    /// `null`.
    Null,
    /// A string (written without type erasure: the commonest leaf).
    Str(&'a str),
    /// A nested model.
    Model(&'a dyn Model),
    /// An array of models.
    Models(&'a dyn ModelSeq),
    /// Any other value.
    Plain(&'a dyn erased_serde::Serialize),
}

/// Where a member's value is read into.
pub enum Slot<'a> {
    /// A string.
    Str(&'a mut dyn StrSlot),
    /// A nested model, read in place.
    Model(&'a mut dyn ModelSlot),
    /// An array of models, each read in place.
    Models(&'a mut dyn ModelsSlot),
    /// Any other value, read whole.
    Plain(&'a mut dyn PlainSlot),
}

/// A model's field: an `Option` (absent or a value) or a [`Nullable`] (absent, `null` or a
/// value).
pub trait Member {
    /// The member as it is written.
    fn view(&self) -> View<'_>;

    /// Where a present member is read into.
    fn slot(&mut self) -> Slot<'_>;

    /// The value to show in `Debug`.
    fn debug(&self) -> &dyn fmt::Debug;

    /// The member, to compare or copy it as its own type.
    fn as_any(&self) -> &dyn Any;

    /// Whether `other` is a member of the same type with an equal value.
    fn same(&self, other: &dyn Member) -> bool;

    /// Makes this member a copy of `other`, if it is a member of the same type.
    fn assign(&mut self, other: &dyn Member);
}

impl dyn Member + '_ {
    /// Whether the member is absent (not written).
    pub fn is_absent(&self) -> bool {
        matches!(self.view(), View::Absent)
    }
}

/// A string-valued member.
pub trait StrSlot {
    /// The member was `null`.
    fn set_null(&mut self);
    /// The member's text.
    fn set(&mut self, text: Cow<'_, str>);
}

/// A model-valued member.
pub trait ModelSlot {
    /// The member was `null`.
    fn set_null(&mut self);
    /// A fresh model in the member, to read the object into.
    fn fill(&mut self) -> &mut dyn Model;
}

/// A member holding an array of models.
pub trait ModelsSlot {
    /// The member was `null`.
    fn set_null(&mut self);
    /// An empty array in the member, with room for `hint` models.
    fn start(&mut self, hint: usize);
    /// A fresh model at the end of the array, to read the next object into.
    fn push(&mut self) -> &mut dyn Model;
}

/// An array of models, to write.
pub trait ModelSeq {
    /// The number of models.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The model at `index`.
    fn get(&self, index: usize) -> Option<&dyn Model>;
}

/// Any other member, read whole through type-erased serde.
pub trait PlainSlot {
    /// Reads a present member (or `null`).
    ///
    /// # Errors
    ///
    /// When the JSON does not fit the field's type.
    fn read(
        &mut self,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error>;
}

/// A type a model's field can hold, and how it is read and written: whole through erased serde
/// unless the type says otherwise (strings, models and arrays of models do).
pub trait Field: Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq + 'static {
    /// How a value is written.
    fn view(&self) -> View<'_> {
        View::Plain(self)
    }

    /// Where an `Option` field is read into.
    fn option_slot(slot: &mut Option<Self>) -> Slot<'_> {
        Slot::Plain(slot)
    }

    /// Where a [`Nullable`] field is read into.
    fn nullable_slot(slot: &mut Nullable<Self>) -> Slot<'_> {
        Slot::Plain(slot)
    }

    /// How an array of values is written.
    #[allow(clippy::ptr_arg)] // A `Vec` coerces to the erased trait; a slice does not.
    fn seq_view(items: &Vec<Self>) -> View<'_> {
        View::Plain(items)
    }

    /// Where an `Option` array field is read into.
    fn seq_option_slot(slot: &mut Option<Vec<Self>>) -> Slot<'_> {
        Slot::Plain(slot)
    }

    /// Where a [`Nullable`] array field is read into.
    fn seq_nullable_slot(slot: &mut Nullable<Vec<Self>>) -> Slot<'_> {
        Slot::Plain(slot)
    }
}

macro_rules! plain_fields {
    ($($t:ty),*) => { $(impl Field for $t {})* };
}

plain_fields!(
    bool,
    i32,
    i64,
    f32,
    f64,
    Value,
    super::DateTimeOffset,
    super::Date,
    super::TimeOfDay,
    super::Duration,
    super::Guid,
    super::Binary
);

impl Field for String {
    fn view(&self) -> View<'_> {
        View::Str(self)
    }
    fn option_slot(slot: &mut Option<Self>) -> Slot<'_> {
        Slot::Str(slot)
    }
    fn nullable_slot(slot: &mut Nullable<Self>) -> Slot<'_> {
        Slot::Str(slot)
    }
}

impl<T: Field> Field for Vec<T> {
    fn view(&self) -> View<'_> {
        T::seq_view(self)
    }
    fn option_slot(slot: &mut Option<Self>) -> Slot<'_> {
        T::seq_option_slot(slot)
    }
    fn nullable_slot(slot: &mut Nullable<Self>) -> Slot<'_> {
        T::seq_nullable_slot(slot)
    }
}

/// Every model (struct, `Any…` enum, boxed model) is a field read and written in place.
impl<T> Field for T
where
    T: Model + Default + Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq + 'static,
{
    fn view(&self) -> View<'_> {
        View::Model(self)
    }
    fn option_slot(slot: &mut Option<Self>) -> Slot<'_> {
        Slot::Model(slot)
    }
    fn nullable_slot(slot: &mut Nullable<Self>) -> Slot<'_> {
        Slot::Model(slot)
    }
    fn seq_view(items: &Vec<Self>) -> View<'_> {
        View::Models(items)
    }
    fn seq_option_slot(slot: &mut Option<Vec<Self>>) -> Slot<'_> {
        Slot::Models(slot)
    }
    fn seq_nullable_slot(slot: &mut Nullable<Vec<Self>>) -> Slot<'_> {
        Slot::Models(slot)
    }
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

impl<T: Field> Member for Option<T> {
    fn view(&self) -> View<'_> {
        match self {
            Some(value) => value.view(),
            None => View::Absent,
        }
    }

    fn slot(&mut self) -> Slot<'_> {
        T::option_slot(self)
    }

    fn debug(&self) -> &dyn fmt::Debug {
        match self {
            Some(value) => value,
            None => self,
        }
    }

    member_by_type!();
}

impl<T: Field> Member for Nullable<T> {
    fn view(&self) -> View<'_> {
        match self {
            Nullable::Absent => View::Absent,
            Nullable::Null => View::Null,
            Nullable::Value(value) => value.view(),
        }
    }

    fn slot(&mut self) -> Slot<'_> {
        T::nullable_slot(self)
    }

    fn debug(&self) -> &dyn fmt::Debug {
        self
    }

    member_by_type!();
}

// `null` leaves an `Option` member absent (Graph sends `null` for "not set"); a `Nullable`
// member keeps it, so a PATCH can send it back.
impl StrSlot for Option<String> {
    fn set_null(&mut self) {
        *self = None;
    }
    fn set(&mut self, text: Cow<'_, str>) {
        *self = Some(text.into_owned());
    }
}

impl StrSlot for Nullable<String> {
    fn set_null(&mut self) {
        *self = Nullable::Null;
    }
    fn set(&mut self, text: Cow<'_, str>) {
        *self = Nullable::Value(text.into_owned());
    }
}

impl<T: Model + Default> ModelSlot for Option<T> {
    fn set_null(&mut self) {
        *self = None;
    }
    fn fill(&mut self) -> &mut dyn Model {
        self.insert(T::default())
    }
}

impl<T: Model + Default> ModelSlot for Nullable<T> {
    fn set_null(&mut self) {
        *self = Nullable::Null;
    }
    fn fill(&mut self) -> &mut dyn Model {
        *self = Nullable::Value(T::default());
        match self {
            Nullable::Value(value) => value,
            _ => unreachable!("just set"),
        }
    }
}

impl<T: Model + Default> ModelsSlot for Option<Vec<T>> {
    fn set_null(&mut self) {
        *self = None;
    }
    fn start(&mut self, hint: usize) {
        *self = Some(Vec::with_capacity(hint));
    }
    fn push(&mut self) -> &mut dyn Model {
        let items = self.get_or_insert_with(Vec::new);
        items.push(T::default());
        items.last_mut().expect("just pushed")
    }
}

impl<T: Model + Default> ModelsSlot for Nullable<Vec<T>> {
    fn set_null(&mut self) {
        *self = Nullable::Null;
    }
    fn start(&mut self, hint: usize) {
        *self = Nullable::Value(Vec::with_capacity(hint));
    }
    fn push(&mut self) -> &mut dyn Model {
        if !matches!(self, Nullable::Value(_)) {
            *self = Nullable::Value(Vec::new());
        }
        match self {
            Nullable::Value(items) => {
                items.push(T::default());
                items.last_mut().expect("just pushed")
            }
            _ => unreachable!("just set"),
        }
    }
}

impl<T: Model> ModelSeq for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn get(&self, index: usize) -> Option<&dyn Model> {
        self.as_slice().get(index).map(|m| m as &dyn Model)
    }
}

impl<T: DeserializeOwned> PlainSlot for Option<T> {
    fn read(
        &mut self,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        *self = erased_serde::deserialize(deserializer)?;
        Ok(())
    }
}

impl<T: DeserializeOwned> PlainSlot for Nullable<T> {
    fn read(
        &mut self,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        *self = erased_serde::deserialize(deserializer)?;
        Ok(())
    }
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
    let (sent, extra) = model.extra();
    match (sent, tag) {
        (Some(sent), _) => map.serialize_entry(TYPE_MEMBER, sent)?,
        (None, Some(tag)) if !extra.contains_key(TYPE_MEMBER) => {
            map.serialize_entry(TYPE_MEMBER, &format_args!("#{tag}"))?;
        }
        _ => {}
    }
    for (index, name) in model.member_names().iter().enumerate() {
        let Some(member) = model.member(index) else {
            continue;
        };
        match member.view() {
            View::Absent => {}
            View::Null => map.serialize_entry(name, &())?,
            View::Str(text) => map.serialize_entry(name, text)?,
            View::Model(nested) => map.serialize_entry(name, &Written(nested))?,
            View::Models(items) => map.serialize_entry(name, &WrittenSeq(items))?,
            View::Plain(value) => map.serialize_entry(name, value)?,
        }
    }
    for (name, value) in extra {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// A nested model, written at the serializer's own type (no erasure per level).
struct Written<'a>(&'a dyn Model);

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self.0, serializer)
    }
}

/// An array of models.
struct WrittenSeq<'a>(&'a dyn ModelSeq);

impl Serialize for WrittenSeq<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for index in 0..self.0.len() {
            if let Some(model) = self.0.get(index) {
                seq.serialize_element(&Written(model))?;
            }
        }
        seq.end()
    }
}

/// `Debug` for a model: its present members, by wire name, and the undocumented ones.
///
/// # Errors
///
/// When the formatter fails.
pub fn debug(model: &dyn Model, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut out = f.debug_struct(name);
    let (tag, extra) = model.extra();
    if let Some(tag) = tag {
        out.field(TYPE_MEMBER, &tag);
    }
    for (index, member) in model.member_names().iter().enumerate() {
        if let Some(value) = model.member(index).filter(|m| !m.is_absent()) {
            out.field(member, value.debug());
        }
    }
    if !extra.is_empty() {
        out.field("additional_properties", extra);
    }
    out.finish()
}

/// `Clone` for a model: its tag, members and undocumented members copied into `into` (a
/// default value of the same type).
pub fn clone_into(model: &dyn Model, into: &mut dyn Model) {
    let (tag, extra) = model.extra();
    let (into_tag, into_extra) = into.extra_mut();
    *into_tag = tag.map(str::to_owned);
    into_extra.clone_from(extra);
    for index in 0..model.member_names().len() {
        if let (Some(from), Some(to)) = (model.member(index), into.member_mut(index)) {
            to.assign(from);
        }
    }
}

/// `PartialEq` for two models of the same type: equal tags, members and undocumented members.
pub fn eq(a: &dyn Model, b: &dyn Model) -> bool {
    a.extra() == b.extra()
        && (0..a.member_names().len()).all(|index| match (a.member(index), b.member(index)) {
            (Some(x), Some(y)) => x.same(y),
            (x, y) => x.is_none() && y.is_none(),
        })
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
    deserialize_into(&mut model, deserializer)?;
    Ok(model)
}

/// Reads a JSON object's members into `model`, which is already there.
///
/// # Errors
///
/// As [`deserialize`].
pub fn deserialize_into<'de, D: Deserializer<'de>>(
    model: &mut dyn Model,
    deserializer: D,
) -> Result<(), D::Error> {
    deserializer.deserialize_map(InPlace(model))
}

#[doc(hidden)]
pub use erased_serde;

/// Writes the traits of a generated struct or `Any…` enum that implements [`Model`] and
/// `Default`: `Debug`, `Clone` and `PartialEq` (structs only), serde's `Serialize` and
/// `Deserialize`, all through the functions of this module. ([`Field`] comes with [`Model`].)
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
    };
}
pub use crate::__impl_model_traits as impl_model_traits;

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
        match find(model, &key).and_then(|index| model.member_mut(index)) {
            Some(member) => map.next_value_seed(SlotSeed(member.slot()))?,
            None => {
                let value: Value = map.next_value()?;
                model.extra_mut().1.insert(key.into_owned(), value);
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
        Some(member) => SlotSeed(member.slot()).deserialize(value.into_deserializer()),
        None => {
            model.extra_mut().1.insert(key, value);
            Ok(())
        }
    }
}

/// A member's value, read into its slot.
struct SlotSeed<'a>(Slot<'a>);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.0 {
            Slot::Str(slot) => deserializer.deserialize_option(Nullish(TextValue(slot))),
            Slot::Model(slot) => deserializer.deserialize_option(Nullish(ObjectValue(slot))),
            Slot::Models(slot) => deserializer.deserialize_option(Nullish(ObjectsValue(slot))),
            Slot::Plain(slot) => {
                let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
                slot.read(&mut erased).map_err(de::Error::custom)
            }
        }
    }
}

/// A present value of a member that may be `null`.
trait Present {
    /// What the value is expected to be, for errors.
    const EXPECTING: &'static str;
    /// The member was `null`.
    fn null(self);
    /// Reads the present value.
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error>;
}

/// `null`, or the value `P` reads.
struct Nullish<P>(P);

impl<'de, P: Present> Visitor<'de> for Nullish<P> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(P::EXPECTING)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.null();
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.read(deserializer)
    }
}

/// A string member's text.
struct TextValue<'a>(&'a mut dyn StrSlot);

impl Present for TextValue<'_> {
    const EXPECTING: &'static str = "a string";

    fn null(self) {
        self.0.set_null();
    }

    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextValue<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        self.0.set(Cow::Borrowed(text));
        Ok(())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<(), E> {
        self.0.set(Cow::Owned(text));
        Ok(())
    }
}

/// A model member's object, read in place.
struct ObjectValue<'a>(&'a mut dyn ModelSlot);

impl Present for ObjectValue<'_> {
    const EXPECTING: &'static str = "a JSON object";

    fn null(self) {
        self.0.set_null();
    }

    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(InPlace(self.0.fill()))
    }
}

/// An array member's objects, each read in place at the end of the array.
struct ObjectsValue<'a>(&'a mut dyn ModelsSlot);

impl Present for ObjectsValue<'_> {
    const EXPECTING: &'static str = "an array of JSON objects";

    fn null(self) {
        self.0.set_null();
    }

    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ObjectsValue<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::EXPECTING)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let items = self.0;
        items.start(seq.size_hint().unwrap_or(0));
        // The seed runs only when there is an element, so nothing is pushed past the end.
        while seq.next_element_seed(Push(&mut *items))?.is_some() {}
        Ok(())
    }
}

/// One more element, read where it is stored.
struct Push<'a>(&'a mut dyn ModelsSlot);

impl<'de> DeserializeSeed<'de> for Push<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(InPlace(self.0.push()))
    }
}

/// `Debug` of an open enum: the wire value, or `Undocumented("…")` for a value the docs do
/// not list.
///
/// # Errors
///
/// When the formatter fails.
pub fn debug_open_enum(wire: &str, documented: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if documented {
        f.write_str(wire)
    } else {
        f.debug_tuple("Undocumented").field(&wire).finish()
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
    T: for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    let Key(text) = Key::deserialize(deserializer)?;
    Ok(T::from(&text))
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
                f.write_str("a string")
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

/// Moves the members read so far as a base type into `into`, a fresh model of a derived type,
/// for a tag that came after other members. The base type's members are all members of the
/// derived type, so nothing is lost.
///
/// # Errors
///
/// When a member read as the base type does not fit the derived type (a member it redefines
/// with another type).
pub fn retype(base: &mut dyn Model, into: &mut dyn Model) -> Result<(), serde_json::Error> {
    if base.is_empty() {
        return Ok(());
    }
    let value = serde_json::to_value(Written(base))?;
    deserialize_into(into, value)
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
        fn extra(&self) -> (Option<&str>, &Extra) {
            (self.odata_type.as_deref(), &self.additional_properties)
        }
        fn extra_mut(&mut self) -> (&mut Option<String>, &mut Extra) {
            (&mut self.odata_type, &mut self.additional_properties)
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
        fn extra(&self) -> (Option<&str>, &Extra) {
            (self.odata_type.as_deref(), &self.additional_properties)
        }
        fn extra_mut(&mut self) -> (&mut Option<String>, &mut Extra) {
            (&mut self.odata_type, &mut self.additional_properties)
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

    #[test]
    fn retype_moves_the_members_read_so_far() {
        let mut base = Person {
            name: Some("a".into()),
            ..Person::default()
        };
        let mut into = Meeting::default();
        retype(&mut base, &mut into).unwrap();
        // `Meeting` has no `name`: it is kept, not lost.
        assert_eq!(into.additional_properties["name"], json!("a"));
        let mut into = Meeting::default();
        retype(&mut Person::default(), &mut into).unwrap();
        assert_eq!(into, Meeting::default());
    }

    #[test]
    fn nested_models_and_arrays_of_models_read_in_place_at_any_depth() {
        let input = json!({
            "organizer": {"name": "o"},
            "attendees": [{"name": "a", "mailbox": "m"}, {"name": null}],
            "endDateTime": null
        });
        let meeting = read(input.clone());
        let attendees = meeting.attendees.as_ref().unwrap();
        assert_eq!(attendees[0].name.as_deref(), Some("a"));
        assert_eq!(attendees[1].name, None);
        // `null` for an `Option` member reads as absent, so it is not written back.
        assert_eq!(
            serde_json::to_value(&meeting).unwrap(),
            json!({
                "attendees": [{"name": "a", "mailbox": "m"}, {}],
                "endDateTime": null,
                "organizer": {"name": "o"}
            })
        );
    }

    /// Open enums compare, hash, clone and print by their wire value.
    #[cfg(all(feature = "v1_0", feature = "cloud-communications"))]
    #[test]
    fn open_enums_behave_as_their_wire_value() {
        use crate::v1_0::models::CallState;
        use std::collections::HashSet;

        let read: CallState = serde_json::from_value(json!("established")).unwrap();
        assert_eq!(read, CallState::Established);
        assert_eq!(format!("{read:?}"), "established");
        assert_eq!(read.clone(), read);
        let unknown: CallState = serde_json::from_value(json!("parked")).unwrap();
        assert_eq!(unknown, CallState::Undocumented("parked".into()));
        assert_eq!(format!("{unknown:?}"), r#"Undocumented("parked")"#);
        assert_eq!(
            serde_json::to_value(unknown.clone()).unwrap(),
            json!("parked")
        );
        assert_ne!(unknown, read);
        // A documented value spelled out by hand is that value.
        assert_eq!(CallState::Undocumented("established".into()), read);
        let set: HashSet<CallState> =
            [read.clone(), CallState::from("established"), unknown].into();
        assert_eq!(set.len(), 2);
    }
}
