//! Translated table rows the resource page cannot settle (`сеансы` in the
//! relationships of `callRecord`), settled by the examples: when the examples
//! of the owning type show exactly one member that no property claims and
//! whose values fit the row's type, and no other unsettled row of that type
//! fits it too, the row is that member. Rule 18 of `specs/README.md`.

use super::observe::{PropObs, Scalar};
use super::resources::UnsettledRow;
use crate::diag::{Code, Sink};
use crate::ir::typeref_short_name as short;
use crate::ir::{Primitive, Property, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The rows the examples settle, as properties to add to their owners
/// (`(owner, property)`), and the rows still unsettled.
pub fn from_examples(
    rows: Vec<UnsettledRow>,
    observed: &BTreeMap<String, super::observe::TypeObs>,
    types: &BTreeMap<String, TypeDef>,
    sink: &mut Sink,
) -> (Vec<(String, Property)>, Vec<UnsettledRow>) {
    // For each row, the members of its owner's examples it could be.
    let candidates: Vec<Vec<&str>> = rows
        .iter()
        .map(|row| {
            let declared = declared_names(types, &row.owner);
            observed
                .get(&row.owner)
                .into_iter()
                .flat_map(|obs| obs.props.iter())
                .filter(|(name, obs)| {
                    !declared.contains(name.as_str()) && fits(obs, &row.property.r#type, types)
                })
                .map(|(name, _)| name.as_str())
                .collect()
        })
        .collect();
    settle_unique(
        &rows,
        &candidates,
        |_, row, member| {
            let first = &observed[&row.owner].props[member].first;
            format!(
                "the one member of `{}` examples (first at {first}) that no property claims and that fits `{}`",
                short(&row.owner),
                label(&row.property.r#type)
            )
        },
        sink,
    )
}

/// Each row with exactly one candidate name that no other row of its owner could also be is
/// that name (a `name-recovered` info, `why` saying how); a name two rows could both be settles
/// neither. Returns the settled rows as properties to add to their owners, and the others.
fn settle_unique(
    rows: &[UnsettledRow],
    candidates: &[Vec<&str>],
    why: impl Fn(usize, &UnsettledRow, &str) -> String,
    sink: &mut Sink,
) -> (Vec<(String, Property)>, Vec<UnsettledRow>) {
    let mut settled = Vec::new();
    let mut remaining = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let unique = match candidates[index].as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let unclaimed = unique.filter(|member| {
            rows.iter().enumerate().all(|(other, o)| {
                other == index || o.owner != row.owner || !candidates[other].contains(member)
            })
        });
        match unclaimed {
            Some(member) => {
                sink.info(
                    Code::NameRecovered,
                    &row.property.source,
                    format!(
                        "{} `{}` is translated; it is `{member}`: {}",
                        kind(row),
                        row.property.name,
                        why(index, row, member)
                    ),
                );
                let mut property = row.property.clone();
                property.name = member.to_string();
                settled.push((row.owner.clone(), property));
            }
            None => remaining.push(row.clone()),
        }
    }
    (settled, remaining)
}

/// Rule 54: translated rows settled by the operations' paths. A row whose owner's operations
/// (ids `owner.…`) include exactly one `GET …/{id}/segment` answering the row's type (and its
/// collection-ness), with a segment that names what it holds, that no member of the owner has
/// and that no other row of the owner claims, is that segment: `Решения` of `accessReview` is
/// `decisions`, the path of `accessReview.decision.list`.
pub fn from_paths(
    rows: Vec<UnsettledRow>,
    operations: &BTreeMap<String, crate::ir::Operation>,
    types: &BTreeMap<String, TypeDef>,
    sink: &mut Sink,
) -> (Vec<(String, Property)>, Vec<UnsettledRow>) {
    // Per row: each segment that could name it, with the first operation and path showing it.
    let evidence: Vec<BTreeMap<&str, (&str, &str)>> = rows
        .iter()
        .map(|row| {
            let owner = short(&row.owner).to_lowercase();
            let declared = declared_names(types, &row.owner);
            let type_local = short(&row.property.r#type.name).to_lowercase();
            let mut out = BTreeMap::new();
            for (id, op) in operations {
                let binding = id.split('.').next().unwrap_or_default().to_lowercase();
                let answers = op.response.as_ref().and_then(|r| r.r#type.as_ref());
                if op.method != crate::ir::HttpMethod::Get
                    || binding != owner
                    || answers != Some(&row.property.r#type)
                {
                    continue;
                }
                for path in &op.paths {
                    let segments: Vec<&str> = path.template.split('/').collect();
                    let [.., parent, last] = segments[..] else {
                        continue;
                    };
                    // The segment names what it holds (`decisions` of `accessReviewDecision`),
                    // unlike a function's or another type's (`migratableTo`).
                    let holds = crate::naming::singular(last).to_lowercase();
                    if parent.starts_with('{')
                        && crate::extract::typeword::is_identifier(last)
                        && !declared.contains(last)
                        && type_local.contains(&holds)
                    {
                        out.entry(last)
                            .or_insert((id.as_str(), path.template.as_str()));
                    }
                }
            }
            out
        })
        .collect();
    let candidates: Vec<Vec<&str>> = evidence
        .iter()
        .map(|e| e.keys().copied().collect())
        .collect();
    settle_unique(
        &rows,
        &candidates,
        |index, _, segment| {
            let (id, path) = evidence[index][segment];
            format!("the path of `{id}` (`{path}`) answers its type")
        },
        sink,
    )
}

/// A warning for each row nothing settled.
pub fn report(rows: &[UnsettledRow], sink: &mut Sink) {
    for row in rows {
        sink.warn(
            Code::NameUnrecoverable,
            &row.property.source,
            format!(
                "{} `{}` is translated and neither the page nor its examples settle its name; ignored",
                kind(row),
                row.property.name
            ),
        );
    }
}

fn kind(row: &UnsettledRow) -> &'static str {
    if row.relationship {
        "relationship"
    } else {
        "property"
    }
}

/// The property names of `owner` and its base types.
fn declared_names<'a>(types: &'a BTreeMap<String, TypeDef>, owner: &str) -> BTreeSet<&'a str> {
    std::iter::once(owner.to_string())
        .chain(crate::ir::ancestors(types, owner))
        .filter_map(|name| types.get_key_value(&name).map(|(_, def)| def))
        .flat_map(|def| def.properties.iter().map(|p| p.name.as_str()))
        .collect()
}

/// Whether every value seen in a member could be of type `ty`. A member seen
/// only as `null` or `[]` proves nothing and fits nothing.
fn fits(obs: &PropObs, ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> bool {
    let shape_fits = if ty.collection {
        obs.array && !obs.single
    } else {
        obs.single && !obs.array
    };
    if !shape_fits || obs.scalars.contains(&Scalar::Nested) {
        return false;
    }
    let has_objects = !obs.objects.is_empty() || obs.untyped_objects;
    let scalars_in = |allowed: &[Scalar]| {
        !has_objects && !obs.scalars.is_empty() && obs.scalars.iter().all(|s| allowed.contains(s))
    };
    if let Some(primitive) = ty.as_primitive() {
        return match primitive {
            Primitive::Boolean => scalars_in(&[Scalar::Bool]),
            Primitive::Int32 | Primitive::Int64 => scalars_in(&[Scalar::Int, Scalar::BigInt]),
            Primitive::Double => scalars_in(&[Scalar::Int, Scalar::BigInt, Scalar::Float]),
            Primitive::DateTimeOffset => scalars_in(&[Scalar::DateTime]),
            Primitive::String
            | Primitive::Date
            | Primitive::Guid
            | Primitive::Duration
            | Primitive::TimeOfDay
            | Primitive::Binary => scalars_in(&[Scalar::String, Scalar::Date]),
            _ => false,
        };
    }
    match types.get(&ty.name).map(|def| def.kind) {
        Some(TypeKind::Enum) => scalars_in(&[Scalar::String, Scalar::Date]),
        // A structured type: objects only, each of that type or derived from it.
        _ => {
            has_objects
                && obs.scalars.is_empty()
                && obs.objects.iter().all(|object| {
                    *object == ty.name || crate::ir::ancestors(types, object).contains(&ty.name)
                })
        }
    }
}

fn label(ty: &TypeRef) -> String {
    if ty.collection {
        format!("collection of {}", ty.name)
    } else {
        ty.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::ir::{Origin, Text};

    fn obs(array: bool, scalars: &[Scalar], objects: &[&str], untyped: bool) -> PropObs {
        PropObs {
            first: Source::new("page.md", 1),
            nullable: false,
            scalars: scalars.iter().copied().collect(),
            objects: objects.iter().map(|s| s.to_string()).collect(),
            untyped_objects: untyped,
            array,
            filled_arrays: u32::from(array),
            single: !array,
        }
    }

    fn def(name: &str, kind: TypeKind, base: Option<&str>) -> (String, TypeDef) {
        (
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                kind,
                origin: Origin::Defined,
                base_type: base.map(str::to_string),
                key: None,
                open: false,
                description: Text::default(),
                properties: Vec::new(),
                members: Vec::new(),
                sources: Vec::new(),
                area: None,
            },
        )
    }

    fn types() -> BTreeMap<String, TypeDef> {
        [
            def("g.session", TypeKind::Entity, None),
            def("g.special", TypeKind::Entity, Some("g.session")),
            def("g.other", TypeKind::Complex, None),
            def("g.mode", TypeKind::Enum, None),
        ]
        .into_iter()
        .collect()
    }

    fn many(name: &str) -> TypeRef {
        TypeRef {
            name: name.to_string(),
            collection: true,
        }
    }

    #[test]
    fn objects_fit_their_type_or_a_derived_one() {
        let t = types();
        assert!(fits(&obs(true, &[], &[], true), &many("g.session"), &t));
        assert!(fits(
            &obs(true, &[], &["g.special"], false),
            &many("g.session"),
            &t
        ));
        assert!(!fits(
            &obs(true, &[], &["g.other"], false),
            &many("g.session"),
            &t
        ));
        assert!(
            !fits(&obs(false, &[], &[], true), &many("g.session"), &t),
            "one object is not a collection"
        );
        assert!(!fits(
            &obs(true, &[Scalar::String], &[], false),
            &many("g.session"),
            &t
        ));
    }

    #[test]
    fn scalars_fit_by_kind_and_empty_evidence_fits_nothing() {
        let t = types();
        let int = TypeRef::primitive(Primitive::Int32);
        let double = TypeRef::primitive(Primitive::Double);
        let string = TypeRef::primitive(Primitive::String);
        let when = TypeRef::primitive(Primitive::DateTimeOffset);
        assert!(fits(&obs(false, &[Scalar::Int], &[], false), &int, &t));
        assert!(fits(&obs(false, &[Scalar::Int], &[], false), &double, &t));
        assert!(!fits(&obs(false, &[Scalar::Float], &[], false), &int, &t));
        assert!(!fits(&obs(false, &[Scalar::String], &[], false), &int, &t));
        assert!(fits(
            &obs(false, &[Scalar::DateTime], &[], false),
            &when,
            &t
        ));
        assert!(!fits(
            &obs(false, &[Scalar::DateTime], &[], false),
            &string,
            &t
        ));
        assert!(fits(
            &obs(false, &[Scalar::String], &[], false),
            &TypeRef::named("g.mode"),
            &t
        ));
        assert!(
            !fits(&obs(false, &[], &[], false), &string, &t),
            "seen only as null"
        );
    }

    fn unsettled(owner: &str, name: &str, ty: TypeRef) -> UnsettledRow {
        UnsettledRow {
            owner: owner.to_string(),
            property: Property {
                name: name.to_string(),
                r#type: ty,
                description: Text::default(),
                nullable: false,
                read_only: false,
                navigation: true,
                allowed_values: Vec::new(),
                one_of: Vec::new(),
                comma_separated: false,
                source: Source::new("resource.md", 9),
            },
            relationship: true,
        }
    }

    #[test]
    fn one_fitting_member_settles_a_row_and_a_shared_one_settles_none() {
        let t = types();
        let mut observed = BTreeMap::new();
        let mut record = super::super::observe::TypeObs::default();
        record
            .props
            .insert("sessions".into(), obs(true, &[], &[], true));
        record
            .props
            .insert("count".into(), obs(false, &[Scalar::Int], &[], false));
        observed.insert("g.record".to_string(), record);

        let mut sink = Sink::default();
        let rows = vec![unsettled("g.record", "сеансы", many("g.session"))];
        let (settled, remaining) = from_examples(rows, &observed, &t, &mut sink);
        assert!(remaining.is_empty());
        assert_eq!(settled.len(), 1);
        assert_eq!(settled[0].0, "g.record");
        assert_eq!(settled[0].1.name, "sessions");
        assert!(settled[0].1.navigation);
        assert_eq!(sink.items[0].code, Code::NameRecovered);

        // Two rows that both fit `sessions`: neither is settled.
        let rows = vec![
            unsettled("g.record", "сеансы", many("g.session")),
            unsettled("g.record", "особые", many("g.special")),
        ];
        let (settled, remaining) = from_examples(rows, &observed, &t, &mut Sink::default());
        assert!(settled.is_empty());
        assert_eq!(remaining.len(), 2);
        let mut sink = Sink::default();
        report(&remaining, &mut sink);
        assert!(sink.items.iter().all(|d| d.code == Code::NameUnrecoverable));
    }
}
