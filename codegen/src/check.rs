//! Predicts what happens when an example goes through its generated model:
//! whether it round-trips, and if not, why. The rules mirror the emitter's
//! type mapping (open structs, open enums, `Option` fields, nullable fields);
//! the generated tests then check every prediction against serde itself.

use crate::ir::typeref_short_name as short;
use crate::ir::{Example, Model, Origin, Primitive, RequestBody, TypeKind, TypeRef, VersionSpec};
use serde_json::Value;

/// The stage of a failure that shows while reading the JSON into its model.
pub const DESERIALIZING: &str = "deserializing into";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Deserializes and serializes back to the same JSON value.
    RoundTrips,
    /// Does not: `reason` for people, `needle` a fragment of the runtime's failure message.
    Fails {
        reason: String,
        needle: &'static str,
    },
    /// No model to try: why.
    Unmodelled(String),
}

/// The verdict and the documentation defects found on the way (undocumented
/// properties and enum values, repaired JSON), each with its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Findings {
    pub verdict: Verdict,
    pub notes: Vec<String>,
}

pub fn example(version: &VersionSpec, example: &Example) -> Findings {
    let mut notes: Vec<String> = example.defects.clone();
    let (Some(model), Some(json)) = (&example.model, &example.json) else {
        let why = example
            .unmodelled
            .clone()
            .unwrap_or_else(|| "no JSON".to_string());
        return Findings {
            verdict: Verdict::Unmodelled(why),
            notes,
        };
    };
    let mut checker = Checker {
        version,
        notes: &mut notes,
        failure: None,
    };
    match model {
        Model::Type { r#type } if r#type.collection && !json.is_object() => checker.fail(
            "/".into(),
            "a collection response that is not an object with `value`".into(),
            DESERIALIZING,
        ),
        Model::Type { r#type } if r#type.collection => match json.get("value") {
            Some(items) => checker.value(items, r#type, "/value", false),
            None => checker.fail(
                "/".into(),
                "a collection response without `value`: the model writes an empty `value` back"
                    .into(),
                "/value: added by round-trip",
            ),
        },
        // A primitive answer (`{"@odata.context": …, "value": true}`) reads as
        // `runtime::PrimitiveAnswer`, which keeps the other members as they are; an enum
        // answers as a primitive does, `{"value": "pending"}` (rule 47).
        Model::Type { r#type } if wraps_a_value(version, r#type, json) => match json.get("value") {
            Some(value) => checker.value(value, r#type, "/value", false),
            None => checker.fail(
                "/".into(),
                "a primitive or enum answer without `value`".into(),
                DESERIALIZING,
            ),
        },
        Model::Type { r#type } => checker.value(json, r#type, "", false),
        Model::RequestBody { operation } => {
            let params = match version
                .operations
                .get(operation)
                .and_then(|o| o.request_body.as_ref())
            {
                Some(RequestBody::Parameters { parameters, .. }) => parameters.as_slice(),
                _ => &[],
            };
            checker.object(json, "", params.iter().collect(), true, "request body");
        }
        Model::Reference => {
            let reference = json
                .as_object()
                .is_some_and(|o| o.len() == 1 && o.get("@odata.id").is_some_and(Value::is_string));
            if !reference {
                checker.fail(
                    "/".into(),
                    "an entity reference is `{\"@odata.id\": \"…\"}` and nothing else".into(),
                    DESERIALIZING,
                );
            }
        }
    }
    let verdict = match checker.failure {
        Some((reason, needle)) => Verdict::Fails { reason, needle },
        None => Verdict::RoundTrips,
    };
    Findings { verdict, notes }
}

struct Checker<'a> {
    version: &'a VersionSpec,
    notes: &'a mut Vec<String>,
    failure: Option<(String, &'static str)>,
}

type Member<'a> = &'a crate::ir::Property;

impl<'a> Checker<'a> {
    fn fail(&mut self, pointer: String, what: String, needle: &'static str) {
        // Reading stops at the first member that does not fit, wherever it is: that failure
        // is the one a round-trip shows, before any found earlier that only shows on the way back.
        let first_that_reads = needle == DESERIALIZING
            && self
                .failure
                .as_ref()
                .is_some_and(|(_, earlier)| *earlier != DESERIALIZING);
        if self.failure.is_none() || first_that_reads {
            let at = if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer
            };
            self.failure = Some((format!("{at}: {what}"), needle));
        }
    }

    fn value(&mut self, value: &Value, ty: &'a TypeRef, pointer: &str, allowed_null: bool) {
        if value.is_null() {
            if !allowed_null && !pointer.is_empty() {
                self.fail(
                    pointer.into(),
                    "null, but the property is not known to be nullable: dropped on the way back"
                        .into(),
                    "missing after round-trip",
                );
            }
            return;
        }
        if ty.collection {
            let Value::Array(items) = value else {
                return self.fail(
                    pointer.into(),
                    format!("expected an array of `{}`", ty.name),
                    DESERIALIZING,
                );
            };
            let single = TypeRef::named(ty.name.clone());
            let single: &'a TypeRef = Box::leak(Box::new(single));
            for (i, item) in items.iter().enumerate() {
                self.value(item, single, &format!("{pointer}/{i}"), false);
            }
            return;
        }
        if let Some(p) = ty.as_primitive() {
            if !p.accepts(value) {
                self.fail(
                    pointer.into(),
                    format!("{value} is not a valid `{}`", ty.name),
                    DESERIALIZING,
                );
            }
            return;
        }
        let Some(def) = self.version.types.get(&ty.name) else {
            return;
        };
        if def.kind == TypeKind::Enum {
            match value.as_str() {
                Some(s) if !def.members.iter().any(|m| m.name == s) => self.notes.push(format!(
                    "{pointer}: `{s}` is not a documented `{}` value",
                    short(&ty.name)
                )),
                Some(_) => {}
                None => self.fail(
                    pointer.into(),
                    format!("{value} is not a `{}` string", short(&ty.name)),
                    DESERIALIZING,
                ),
            }
            return;
        }
        // Dispatch on `@odata.type` like the generated `Any…` enums do.
        let tagged = value
            .get("@odata.type")
            .and_then(Value::as_str)
            .map(|t| t.trim_start_matches('#'));
        let concrete = match tagged {
            Some(tag) if self.derives_from(tag, &def.name) => tag,
            _ => def.name.as_str(),
        };
        let members = self.members_of(concrete);
        let defined = self
            .version
            .types
            .get(concrete)
            .is_some_and(|t| t.origin == Origin::Defined);
        self.object(value, pointer, members, defined, short(concrete));
    }

    fn object(
        &mut self,
        value: &Value,
        pointer: &str,
        members: Vec<Member<'a>>,
        report_unknown: bool,
        owner: &str,
    ) {
        let Value::Object(map) = value else {
            return self.fail(
                pointer.into(),
                format!("{value} is not an object (`{owner}`)"),
                DESERIALIZING,
            );
        };
        for (key, item) in map {
            if key.starts_with('@') {
                continue;
            }
            let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
            match members.iter().find(|p| p.name == *key) {
                Some(prop) => {
                    let allowed = &prop.allowed_values;
                    if let Some(s) = item.as_str()
                        && !allowed.is_empty()
                        && !allowed.iter().any(|a| a == s)
                    {
                        self.notes.push(format!(
                            "{child}: `{s}` is not one of the listed values ({})",
                            allowed.join(", ")
                        ));
                    }
                    // `"created,updated"`: each member is checked on its own.
                    match item.as_str().filter(|_| prop.comma_separated) {
                        Some(list) => {
                            for part in list.split(',').map(str::trim) {
                                self.value(&Value::from(part), &prop.r#type, &child, false);
                            }
                        }
                        None => self.value(item, &prop.r#type, &child, prop.nullable),
                    }
                }
                None if report_unknown => self.notes.push(format!(
                    "{child}: `{owner}` does not define `{key}` (kept as an additional property)"
                )),
                None => {}
            }
        }
    }

    /// The type's own and inherited properties.
    fn members_of(&self, name: &str) -> Vec<Member<'a>> {
        let types = &self.version.types;
        std::iter::once(name.to_string())
            .chain(crate::ir::ancestors(types, name))
            .map_while(|n| types.get(&n))
            .flat_map(|def| def.properties.iter())
            .collect()
    }

    fn derives_from(&self, name: &str, base: &str) -> bool {
        name == base
            || crate::ir::ancestors(&self.version.types, name)
                .iter()
                .any(|a| a == base)
    }
}

/// Whether an answer of `r#type` is a `{"value": …}` object: a primitive's (but `Edm.Untyped`,
/// any JSON), when the JSON is an object, and always an enum's.
fn wraps_a_value(version: &VersionSpec, r#type: &TypeRef, json: &Value) -> bool {
    let primitive = r#type
        .as_primitive()
        .is_some_and(|p| p != Primitive::Untyped)
        && json.is_object();
    let enumeration = version
        .types
        .get(&r#type.name)
        .is_some_and(|d| d.kind == TypeKind::Enum);
    primitive || enumeration
}
