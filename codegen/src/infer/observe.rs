//! Type inference from examples: every JSON object in an example is an
//! observation of the type its `@odata.type` names, or of the type its
//! position implies (the property it sits in, the operation's body, the
//! annotation). Untyped positions are resolved in rounds once other examples
//! have typed them; see `specs/README.md` for the rules.

use super::casing::{Casing, qualify};
use crate::diag::{Code, Sink, Source};
use crate::ir::typeref_short_name as short;
use crate::ir::{Primitive, TypeRef};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Default)]
pub struct TypeObs {
    pub sources: BTreeSet<Source>,
    pub props: BTreeMap<String, PropObs>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scalar {
    String,
    DateTime,
    /// `2017-09-01`: a string that is a date and nothing more.
    Date,
    Bool,
    Int,
    BigInt,
    Float,
    /// An array inside an array: not something a model names.
    Nested,
}

#[derive(Debug)]
pub struct PropObs {
    pub first: Source,
    pub nullable: bool,
    pub scalars: BTreeSet<Scalar>,
    /// Types of the objects seen here, tagged or resolved.
    pub objects: BTreeSet<String>,
    /// Objects that stayed untyped after every rule.
    pub untyped_objects: bool,
    pub array: bool,
    /// How many times it was an array with items.
    pub filled_arrays: u32,
    pub single: bool,
}

impl PropObs {
    fn new(at: &Source) -> Self {
        PropObs {
            first: at.clone(),
            nullable: false,
            scalars: BTreeSet::new(),
            objects: BTreeSet::new(),
            untyped_objects: false,
            array: false,
            filled_arrays: 0,
            single: false,
        }
    }
}

/// An object found in a member: walked as the type it has, or deferred until one is found.
enum Child<'v> {
    Walk(String, &'v Map<String, Value>),
    Defer(&'v Map<String, Value>),
}

struct Deferred {
    owner: String,
    prop: String,
    value: Map<String, Value>,
    at: Source,
}

pub struct Observer<'a> {
    casing: &'a Casing,
    /// Property types the resource pages declare (inherited ones included):
    /// an untagged object in such a property is of that type.
    declared: BTreeMap<String, BTreeMap<String, TypeRef>>,
    pub types: BTreeMap<String, TypeObs>,
    deferred: Vec<Deferred>,
    /// For each property name, the types that have a property of that name
    /// (kept as `types` grows), so the name-and-shape rule looks only at those.
    owners_by_prop: HashMap<String, BTreeSet<String>>,
    /// For each tagged type, the types the docs expect where its objects stand (the example's
    /// model, a declared member type) when they are not the tag itself.
    pub tagged_where: BTreeMap<String, BTreeSet<String>>,
}

impl<'a> Observer<'a> {
    pub fn new(casing: &'a Casing, declared: BTreeMap<String, BTreeMap<String, TypeRef>>) -> Self {
        Observer {
            casing,
            declared,
            types: BTreeMap::new(),
            deferred: Vec::new(),
            owners_by_prop: HashMap::new(),
            tagged_where: BTreeMap::new(),
        }
    }

    /// Makes sure a referenced type exists even if no example shows it.
    pub fn reference(&mut self, name: &str, at: &Source) {
        self.types
            .entry(name.to_string())
            .or_default()
            .sources
            .insert(at.clone());
    }

    /// Observes `value` as an instance of `hint` (or of what its tag says).
    pub fn walk(&mut self, value: &Value, hint: Option<&str>, at: &Source) {
        match value {
            Value::Object(map) => {
                let tagged = map
                    .get("@odata.type")
                    .and_then(Value::as_str)
                    .map(|t| type_of_tag(self.casing, t));
                if let (Some(tag), Some(hint)) = (&tagged, hint)
                    && tag != hint
                {
                    self.tagged_where
                        .entry(tag.clone())
                        .or_default()
                        .insert(hint.to_string());
                }
                if let Some(ty) = tagged.or_else(|| hint.map(str::to_string)) {
                    self.walk_object(&ty, map, at);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.walk(item, hint, at)),
            _ => {}
        }
    }

    fn walk_object(&mut self, ty: &str, map: &Map<String, Value>, at: &Source) {
        for (key, value) in map {
            if key.starts_with('@') || key.contains("@odata.") {
                continue;
            }
            let items = match value {
                Value::Array(items) => items.as_slice(),
                other => std::slice::from_ref(other),
            };
            // One lookup per member; the objects in it are walked after, in order.
            let mut children: Vec<Child<'_>> = Vec::new();
            {
                let declared = self.declared.get(ty).and_then(|d| d.get(key));
                let casing = self.casing;
                let prop = prop_in(&mut self.types, &mut self.owners_by_prop, ty, key, at);
                match value {
                    Value::Array(items) => {
                        prop.array = true;
                        prop.filled_arrays += u32::from(!items.is_empty());
                    }
                    Value::Null => {}
                    _ => prop.single = true,
                }
                for item in items {
                    let scalar = match item {
                        Value::Null => {
                            prop.nullable = true;
                            continue;
                        }
                        Value::Bool(_) => Scalar::Bool,
                        Value::Number(n) if n.is_i64() || n.is_u64() => {
                            if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) {
                                Scalar::Int
                            } else {
                                Scalar::BigInt
                            }
                        }
                        Value::Number(_) => Scalar::Float,
                        Value::String(s) if looks_like_datetime(s) => Scalar::DateTime,
                        Value::String(s) if looks_like_date(s) => Scalar::Date,
                        Value::String(_) => Scalar::String,
                        Value::Array(_) => Scalar::Nested,
                        Value::Object(object) => {
                            let tagged = object
                                .get("@odata.type")
                                .and_then(Value::as_str)
                                .map(|tag| type_of_tag(casing, tag));
                            if let (Some(tag), Some(declared)) = (&tagged, declared)
                                && *tag != declared.name
                            {
                                self.tagged_where
                                    .entry(tag.clone())
                                    .or_default()
                                    .insert(declared.name.clone());
                            }
                            match tagged.or_else(|| declared.map(|d| d.name.clone())) {
                                Some(child) => {
                                    prop.objects.insert(child.clone());
                                    children.push(Child::Walk(child, object));
                                }
                                None => children.push(Child::Defer(object)),
                            }
                            continue;
                        }
                    };
                    prop.scalars.insert(scalar);
                }
            }
            for child in children {
                match child {
                    Child::Walk(child, object) => self.walk_object(&child, object, at),
                    Child::Defer(object) => self.deferred.push(Deferred {
                        owner: ty.to_string(),
                        prop: key.to_string(),
                        value: object.clone(),
                        at: at.clone(),
                    }),
                }
            }
        }
        let sources = &mut type_obs_in(&mut self.types, ty).sources;
        // Most objects of an example share its source: clone only a new one.
        if !sources.contains(at) {
            sources.insert(at.clone());
        }
    }

    /// The observations of type `ty`, created empty on first sight.
    fn prop(&mut self, ty: &str, key: &str, at: &Source) -> &mut PropObs {
        prop_in(&mut self.types, &mut self.owners_by_prop, ty, key, at)
    }

    /// A declared type for a property (from a parameter table): objects in it are of that type.
    pub fn declared_object_type(&self, owner: &str, prop: &str) -> Option<String> {
        let objects = &self.types.get(owner)?.props.get(prop)?.objects;
        (objects.len() == 1)
            .then(|| objects.iter().next().cloned())
            .flatten()
    }

    /// Resolves untagged objects: first by the type their property already
    /// holds elsewhere, then by a property of the same name and a compatible
    /// shape on another type. What is left stays untyped.
    pub fn resolve_deferred(&mut self, sink: &mut Sink) {
        loop {
            let pending = std::mem::take(&mut self.deferred);
            if pending.is_empty() {
                return;
            }
            let before = pending.len();
            let mut unresolved = Vec::new();
            for d in pending {
                match self.declared_object_type(&d.owner, &d.prop) {
                    Some(ty) => self.walk_object(&ty, &d.value, &d.at),
                    None => unresolved.push(d),
                }
            }
            if unresolved.len() == before {
                // No progress by position: try the name-and-shape rule once per object.
                let mut progressed = false;
                for d in unresolved {
                    if let Some(ty) = self.by_name_and_shape(&d) {
                        sink.info(
                            Code::InferredType,
                            &d.at,
                            format!(
                                "untagged object in `{}.{}` typed `{ty}`: another type's `{}` holds that type and every member fits it",
                                short(&d.owner),
                                d.prop,
                                d.prop
                            ),
                        );
                        self.prop(&d.owner, &d.prop, &d.at)
                            .objects
                            .insert(ty.clone());
                        self.walk_object(&ty, &d.value, &d.at);
                        progressed = true;
                    } else {
                        self.prop(&d.owner, &d.prop, &d.at).untyped_objects = true;
                    }
                }
                if !progressed {
                    return;
                }
            } else {
                self.deferred.extend(unresolved);
            }
        }
    }

    fn by_name_and_shape(&self, d: &Deferred) -> Option<String> {
        let keys: BTreeSet<&str> = d
            .value
            .keys()
            .map(String::as_str)
            .filter(|k| !k.starts_with('@'))
            .collect();
        let mut candidates: BTreeSet<String> = BTreeSet::new();
        // Only the types that have a property of this name can hold a candidate.
        for owner in self.owners_by_prop.get(&d.prop).into_iter().flatten() {
            if *owner == d.owner {
                continue;
            }
            let Some(prop) = self.types.get(owner).and_then(|obs| obs.props.get(&d.prop)) else {
                continue;
            };
            if prop.objects.len() != 1 {
                continue;
            }
            let ty = prop.objects.iter().next()?;
            let known = self.types.get(ty).map(|t| &t.props);
            if keys
                .iter()
                .all(|k| known.is_some_and(|props| props.contains_key(*k)))
            {
                candidates.insert(ty.clone());
            }
        }
        // Only an unambiguous match counts.
        (candidates.len() == 1)
            .then(|| candidates.into_iter().next())
            .flatten()
    }
}

/// The type a tag names, spelled as the rest of the input spells it.
fn type_of_tag(casing: &Casing, tag: &str) -> String {
    casing.resolve(tag).unwrap_or_else(|| qualify(tag))
}

/// The observations of type `ty`, created empty on first sight.
fn type_obs_in<'t>(types: &'t mut BTreeMap<String, TypeObs>, ty: &str) -> &'t mut TypeObs {
    // Look up before inserting: most calls find the type, and need no key.
    if !types.contains_key(ty) {
        types.insert(ty.to_string(), TypeObs::default());
    }
    types.get_mut(ty).expect("inserted above")
}

/// The observations of member `key` of type `ty`, created empty on first sight.
fn prop_in<'t>(
    types: &'t mut BTreeMap<String, TypeObs>,
    owners_by_prop: &mut HashMap<String, BTreeSet<String>>,
    ty: &str,
    key: &str,
    at: &Source,
) -> &'t mut PropObs {
    let obs = type_obs_in(types, ty);
    // Look up before inserting: most calls find the member, and need no key.
    if !obs.props.contains_key(key) {
        owners_by_prop
            .entry(key.to_string())
            .or_default()
            .insert(ty.to_string());
        obs.props.insert(key.to_string(), PropObs::new(at));
    }
    obs.props.get_mut(key).expect("inserted above")
}

/// RFC 3339 date-time shape: `2018-09-06T15:58:41Z`, `2018-03-19T09:46:02.123+01:00`.
/// `2017-09-01`, as a report's `reportRefreshDate` shows it.
pub fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

pub fn looks_like_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't')
        && b[13] == b':'
        && (s.ends_with('Z')
            || s.ends_with('z')
            || s.get(19..).is_some_and(|t| t.contains(['+', '-'])))
}

/// The property's type from its observations: the rules of `specs/README.md`.
pub fn decide(
    owner: &str,
    name: &str,
    prop: &PropObs,
    sink: &mut Sink,
    derived: &mut BTreeMap<String, String>,
) -> TypeRef {
    let collection = prop.array;
    if prop.array && prop.single {
        sink.warn(
            Code::Conflict,
            &prop.first,
            format!("`{}.{name}` is an array in some examples and a single value in others; typed Edm.Untyped", short(owner)),
        );
        return TypeRef::primitive(Primitive::Untyped);
    }
    let typed = |p: Primitive| {
        if collection {
            TypeRef::collection_of(p.odata_name())
        } else {
            TypeRef::primitive(p)
        }
    };
    let has_objects = !prop.objects.is_empty() || prop.untyped_objects;
    if has_objects && !prop.scalars.is_empty() {
        sink.warn(
            Code::Conflict,
            &prop.first,
            format!(
                "`{}.{name}` holds both objects and scalars; typed Edm.Untyped",
                short(owner)
            ),
        );
        return typed(Primitive::Untyped);
    }
    if has_objects {
        if prop.untyped_objects || prop.objects.is_empty() {
            sink.warn(
                Code::UnknownType,
                &prop.first,
                format!("`{}.{name}` holds objects with no `@odata.type` and no other evidence of their type; typed Edm.Untyped", short(owner)),
            );
            return typed(Primitive::Untyped);
        }
        if prop.objects.len() == 1 {
            let only = prop.objects.iter().next().cloned().unwrap_or_default();
            if let Some(base) = base_by_suffix(name, &prop.objects) {
                derived.insert(only, base.clone());
                return TypeRef {
                    name: base,
                    collection,
                };
            }
            return TypeRef {
                name: only,
                collection,
            };
        }
        if let Some(base) = base_by_suffix(name, &prop.objects) {
            for ty in &prop.objects {
                derived.insert(ty.clone(), base.clone());
            }
            return TypeRef {
                name: base,
                collection,
            };
        }
        let names: Vec<&str> = prop.objects.iter().map(|t| short(t)).collect();
        sink.warn(
            Code::Conflict,
            &prop.first,
            format!(
                "`{}.{name}` holds unrelated types ({}); typed Edm.Untyped",
                short(owner),
                names.join(", ")
            ),
        );
        return typed(Primitive::Untyped);
    }
    let s = &prop.scalars;
    let primitive = if s.is_empty() {
        sink.info(
            Code::UnknownType,
            &prop.first,
            format!(
                "`{}.{name}` is only ever null or an empty array; typed Edm.Untyped",
                short(owner)
            ),
        );
        Primitive::Untyped
    } else if s.iter().all(|k| *k == Scalar::Bool) {
        Primitive::Boolean
    } else if s.iter().all(|k| *k == Scalar::Int) {
        Primitive::Int32
    } else if s.iter().all(|k| matches!(k, Scalar::Int | Scalar::BigInt)) {
        Primitive::Int64
    } else if s
        .iter()
        .all(|k| matches!(k, Scalar::Int | Scalar::BigInt | Scalar::Float))
    {
        Primitive::Double
    } else if s.iter().all(|k| *k == Scalar::DateTime) && name.ends_with("DateTime") {
        Primitive::DateTimeOffset
    } else if s.iter().all(|k| *k == Scalar::Date) && name.ends_with("Date") {
        Primitive::Date
    } else if s
        .iter()
        .all(|k| matches!(k, Scalar::String | Scalar::DateTime | Scalar::Date))
    {
        Primitive::String
    } else {
        sink.warn(
            Code::Conflict,
            &prop.first,
            format!(
                "`{}.{name}` holds values of several kinds; typed Edm.Untyped",
                short(owner)
            ),
        );
        Primitive::Untyped
    };
    typed(primitive)
}

/// The base-type rule: a property named with two or more words (`mediaConfig`)
/// whose objects are all of types named `…MediaConfig` (and not `mediaConfig`
/// itself) holds a base type `mediaConfig` they derive from.
fn base_by_suffix(prop: &str, types: &BTreeSet<String>) -> Option<String> {
    let words = prop.chars().filter(char::is_ascii_uppercase).count() + 1;
    if words < 2 || !prop.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let mut suffix = prop.to_string();
    suffix[..1].make_ascii_uppercase();
    let all_derived = types.iter().all(|t| {
        let s = short(t);
        s.len() > suffix.len() && s.ends_with(&suffix)
    });
    let namespace = types.iter().next()?.rsplit_once('.')?.0.to_string();
    all_derived.then(|| format!("{namespace}.{prop}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names
            .iter()
            .map(|n| format!("microsoft.graph.{n}"))
            .collect()
    }

    #[test]
    fn base_types_by_suffix() {
        assert_eq!(
            base_by_suffix(
                "mediaConfig",
                &set(&["appHostedMediaConfig", "serviceHostedMediaConfig"])
            )
            .as_deref(),
            Some("microsoft.graph.mediaConfig")
        );
        assert_eq!(
            base_by_suffix("meetingInfo", &set(&["organizerMeetingInfo"])).as_deref(),
            Some("microsoft.graph.meetingInfo")
        );
        // One word: `info` holding `participantInfo` is not a base type.
        assert_eq!(base_by_suffix("info", &set(&["participantInfo"])), None);
        assert_eq!(base_by_suffix("chatInfo", &set(&["chatInfo"])), None);
        assert_eq!(
            base_by_suffix("resourceData", &set(&["call", "commsOperation"])),
            None
        );
    }

    #[test]
    fn datetimes() {
        assert!(looks_like_datetime("2018-09-06T15:58:41Z"));
        assert!(looks_like_datetime("2018-03-19T09:46:02.123+01:00"));
        assert!(!looks_like_datetime("2018-09-06"));
        assert!(!looks_like_datetime("clientContext-value"));
    }
}
