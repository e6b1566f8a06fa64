//! One name per Graph type. Pages spell a type many ways: case variants
//! (`microsoft.graph.Contract`, `contract`), other namespaces' spellings
//! (`Microsoft.Graph.X`, `microsoft.graph.termstore.x`), service-internal
//! names (`Microsoft.Teams.GraphSvc.aadUserNotificationRecipient`), and things
//! that are not type names at all (`collection(microsoft.graph.todoTask)`,
//! `odata.error`). This pass maps every spelling to one qualified name, merges
//! the definitions that meet there, drops what names no Graph type, and then
//! rewrites every reference. The rules are in `specs/README.md` (names).

use crate::diag::{Code, Sink, Source};
use crate::ir::{Primitive, TypeDef, TypeRef, VersionSpec, typeref_short_name as short};
use crate::naming::{Case, sanitize};
use std::collections::{BTreeMap, BTreeSet};

const GRAPH: &str = "microsoft.graph";

/// Where a spelling goes: a canonical name (a collection of it for
/// `collection(…)`), or nowhere (its references become untyped JSON).
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Type { name: String, collection: bool },
    Dropped,
}

/// `page_types` maps the name a link to a resource page's file alone gives (`rangeformat`) to
/// the type the page defines (`workbookRangeFormat`): a type no page defines under that name
/// is that type.
pub fn canonicalize(
    version: &mut VersionSpec,
    page_types: &BTreeMap<String, String>,
    sink: &mut Sink,
) {
    let names: Vec<String> = version.types.keys().cloned().collect();
    let namespaces = namespace_spellings(&names);
    // Step 1: each spelling's namespace and form, before casing.
    let mut shaped: BTreeMap<String, Target> = BTreeMap::new();
    for name in &names {
        let at = first_source(&version.types[name]);
        let mut target = shape(name, &namespaces, &names, &at, sink);
        if let Target::Type {
            name: shaped_name, ..
        } = &mut target
            && version.types[name].origin != crate::ir::Origin::Defined
            && let Some(defined) = page_types.get(shaped_name.as_str())
            && version.types.contains_key(defined)
        {
            sink.info(
                Code::Conflict,
                &at,
                format!("type `{name}` is the file name of the page that defines `{defined}`; merged into it"),
            );
            *shaped_name = defined.clone();
        }
        shaped.insert(name.clone(), target);
    }
    // Step 2: case variants of one name become one, by evidence.
    let mut variants: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for target in shaped.values() {
        if let Target::Type { name, .. } = target {
            variants
                .entry(name.to_lowercase())
                .or_default()
                .insert(name.clone());
        }
    }
    let mut cased: BTreeMap<String, String> = BTreeMap::new();
    for spellings in variants.values() {
        let chosen = choose_spelling(spellings, version);
        for spelling in spellings {
            if spelling != &chosen {
                let at = version
                    .types
                    .get(spelling)
                    .map(first_source)
                    .unwrap_or_else(|| Source::new("", 0));
                sink.info(
                    Code::Conflict,
                    &at,
                    format!("type `{spelling}` is a case variant of `{chosen}`, which has more evidence (a cased spelling, a page of its own, more sources, Graph's lowerCamel); merged into it"),
                );
            }
            cased.insert(spelling.clone(), chosen.clone());
        }
    }
    let targets: BTreeMap<String, Target> = shaped
        .into_iter()
        .map(|(from, target)| {
            let target = match target {
                Target::Type { name, collection } => Target::Type {
                    name: cased.get(&name).cloned().unwrap_or(name),
                    collection,
                },
                Target::Dropped => Target::Dropped,
            };
            (from, target)
        })
        .collect();
    if targets
        .iter()
        .all(|(from, t)| matches!(t, Target::Type { name, collection: false } if name == from))
    {
        return;
    }
    merge_definitions(version, &targets);
    rewrite_references(version, &targets);
}

/// Renames types (`from` → `to`) and every reference to them, merging a renamed definition
/// into one already named `to`.
pub fn rename(version: &mut VersionSpec, renames: &BTreeMap<String, String>) {
    if renames.is_empty() {
        return;
    }
    let targets: BTreeMap<String, Target> = version
        .types
        .keys()
        .map(|name| {
            let to = renames.get(name).unwrap_or(name);
            let target = Target::Type {
                name: to.clone(),
                collection: false,
            };
            (name.clone(), target)
        })
        .collect();
    merge_definitions(version, &targets);
    rewrite_references(version, &targets);
}

/// The Rust names of a version's types must be unique within their
/// namespace. A second type that would take a name is reported and dropped
/// (its references become untyped JSON): the first in name order keeps it.
pub fn check_rust_names(version: &mut VersionSpec, sink: &mut Sink) {
    let mut taken: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut dropped: BTreeMap<String, Target> = BTreeMap::new();
    for (name, def) in &version.types {
        let namespace = name.rsplit_once('.').map_or("", |(ns, _)| ns).to_string();
        let rust = sanitize(short(name), Case::Pascal);
        // `AnyX` is the union of a base type `x`: a type named `anyX` could take it.
        let mut keys = vec![rust.clone()];
        if let Some(stripped) = rust.strip_prefix("Any")
            && stripped.starts_with(|c: char| c.is_ascii_uppercase())
        {
            keys.push(stripped.to_string());
        }
        let clash = keys
            .iter()
            .find_map(|k| taken.get(&(namespace.clone(), k.clone())).cloned());
        match clash {
            Some(first) if first != *name => {
                sink.warn(
                    Code::NameCollision,
                    &first_source(def),
                    format!("`{name}` would be the Rust type `{rust}`, like `{first}`; the first in name order keeps the name, this one is not emitted and its uses stay untyped JSON"),
                );
                dropped.insert(name.clone(), Target::Dropped);
            }
            _ => {
                taken.insert((namespace, rust), name.clone());
            }
        }
    }
    if dropped.is_empty() {
        return;
    }
    for name in dropped.keys() {
        version.types.remove(name);
    }
    rewrite_references(version, &dropped);
}

fn first_source(def: &TypeDef) -> Source {
    def.sources
        .first()
        .cloned()
        .unwrap_or_else(|| Source::new("", 0))
}

/// The spelling of each Graph namespace seen most often, keyed by its
/// lowercase form: `microsoft.graph.termstore` → `microsoft.graph.termStore`.
fn namespace_spellings(names: &[String]) -> BTreeMap<String, String> {
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for name in names {
        if let Some((ns, _)) = name.rsplit_once('.')
            && is_graph_namespace(ns)
        {
            *counts
                .entry(ns.to_lowercase())
                .or_default()
                .entry(ns.to_string())
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(lower, spellings)| {
            // Most frequent; ties go to the one that starts `microsoft.graph`, then to name order.
            let best = spellings
                .iter()
                .max_by(|a, b| {
                    a.1.cmp(b.1)
                        .then_with(|| a.0.starts_with(GRAPH).cmp(&b.0.starts_with(GRAPH)))
                        .then_with(|| b.0.cmp(a.0))
                })
                .map(|(s, _)| s.clone())
                .unwrap_or_else(|| lower.clone());
            (lower, best)
        })
        .collect()
}

fn is_graph_namespace(ns: &str) -> bool {
    let lower = ns.to_lowercase();
    lower == GRAPH || lower.starts_with("microsoft.graph.")
}

fn shape(
    name: &str,
    namespaces: &BTreeMap<String, String>,
    names: &[String],
    at: &Source,
    sink: &mut Sink,
) -> Target {
    if let Some(inner) = strip_collection(name) {
        return match shape(inner, namespaces, names, at, sink) {
            Target::Type { name: target, .. } => {
                sink.info(
                    Code::ForeignType,
                    at,
                    format!(
                        "`{name}` is not a type name but a collection of `{target}`; used as such"
                    ),
                );
                Target::Type {
                    name: target,
                    collection: true,
                }
            }
            Target::Dropped => Target::Dropped,
        };
    }
    let Some((ns, type_name)) = name.rsplit_once('.') else {
        return Target::Type {
            name: format!("{GRAPH}.{name}"),
            collection: false,
        };
    };
    // Graph's `Json` type: its page says only "data returned in JSON format", and what the
    // examples hold there is strings, numbers and arrays (`workbookRange.values`).
    if is_graph_namespace(ns)
        && ns.eq_ignore_ascii_case(GRAPH)
        && type_name.eq_ignore_ascii_case("json")
    {
        sink.info(
            Code::ForeignType,
            at,
            format!("`{name}` is Graph's any-JSON type: its uses are untyped JSON"),
        );
        return Target::Dropped;
    }
    if is_graph_namespace(ns) {
        let ns = namespaces
            .get(&ns.to_lowercase())
            .cloned()
            .unwrap_or_else(|| ns.to_string());
        // `Microsoft.Graph` is Graph's own namespace, spelled as .NET does.
        let ns = if ns.eq_ignore_ascii_case(GRAPH) {
            GRAPH.to_string()
        } else {
            format!("{GRAPH}{}", &ns[GRAPH.len()..])
        };
        return Target::Type {
            name: format!("{ns}.{type_name}"),
            collection: false,
        };
    }
    // A service-internal namespace (`Microsoft.OutlookServices.FileAttachment`):
    // the Graph type of the same name, when there is one.
    let wanted = format!("{GRAPH}.{}", type_name.to_lowercase());
    match names.iter().find(|n| n.to_lowercase() == wanted) {
        Some(graph) => {
            sink.info(
                Code::ForeignType,
                at,
                format!("`{name}` is a service-internal name of the Graph type `{graph}`; merged into it"),
            );
            Target::Type {
                name: graph.clone(),
                collection: false,
            }
        }
        None => {
            sink.warn(
                Code::ForeignType,
                at,
                format!("`{name}` names no Graph type (its namespace is not `microsoft.graph`); not emitted, its uses stay untyped JSON"),
            );
            Target::Dropped
        }
    }
}

fn strip_collection(name: &str) -> Option<&str> {
    let open = name.find('(')?;
    name[..open]
        .eq_ignore_ascii_case("collection")
        .then(|| name[open + 1..].strip_suffix(')'))
        .flatten()
        .map(str::trim)
}

/// Among case variants: a type with a page of its own, then the one with more
/// sources, then Graph's lowerCamel spelling, then name order.
fn choose_spelling(spellings: &BTreeSet<String>, version: &VersionSpec) -> String {
    let score = |name: &String| {
        let def = version.types.get(name);
        // A spelling with a hump (`orgContact`) says how the name is cased; an all-lowercase
        // one may only be a page's anchor or file name (`orgcontact`), even on its own page.
        let humped = crate::naming::has_hump(short(name));
        (
            humped,
            def.is_some_and(|d| d.origin == crate::ir::Origin::Defined),
            def.map_or(0, |d| d.sources.len()),
            short(name).starts_with(|c: char| c.is_ascii_lowercase()),
        )
    };
    spellings
        .iter()
        .max_by(|a, b| score(a).cmp(&score(b)).then_with(|| b.cmp(a)))
        .cloned()
        .unwrap_or_default()
}

/// Definitions that meet at one name become one: the chosen spelling's
/// definition first, members it lacks added from the others.
fn merge_definitions(version: &mut VersionSpec, targets: &BTreeMap<String, Target>) {
    let old = std::mem::take(&mut version.types);
    let mut groups: BTreeMap<String, Vec<TypeDef>> = BTreeMap::new();
    for (name, mut def) in old {
        if let Some(Target::Type { name: target, .. }) = targets.get(&name) {
            def.name = target.clone();
            groups.entry(target.clone()).or_default().push(def);
        }
    }
    for (name, mut defs) in groups {
        // The definition whose original spelling is the chosen one leads; else a defined one.
        defs.sort_by_key(|d| d.origin != crate::ir::Origin::Defined);
        let mut merged = defs.remove(0);
        for other in defs {
            for p in other.properties {
                if !merged.properties.iter().any(|q| q.name == p.name) {
                    merged.properties.push(p);
                }
            }
            for m in other.members {
                if !merged.members.iter().any(|n| n.name == m.name) {
                    merged.members.push(m);
                }
            }
            merged.sources.extend(other.sources);
            if merged.description.is_empty() {
                merged.description = other.description;
            }
            merged.base_type = merged.base_type.or(other.base_type);
            merged.key = merged.key.or(other.key);
            merged.open |= other.open;
        }
        merged.properties.sort_by(|a, b| a.name.cmp(&b.name));
        merged.sources.sort();
        merged.sources.dedup();
        version.types.insert(name, merged);
    }
}

fn rewrite_references(version: &mut VersionSpec, targets: &BTreeMap<String, Target>) {
    let untyped = Primitive::Untyped.odata_name();
    version.for_each_type_ref_mut(&mut |r: &mut TypeRef| match targets.get(&r.name) {
        Some(Target::Type { name, collection }) => {
            r.name = name.clone();
            r.collection |= *collection;
        }
        Some(Target::Dropped) => r.name = untyped.to_string(),
        None => {}
    });
    for def in version.types.values_mut() {
        match def.base_type.as_ref().and_then(|b| targets.get(b)) {
            Some(Target::Type { name, .. }) => def.base_type = Some(name.clone()),
            Some(Target::Dropped) => def.base_type = None,
            None => {}
        }
        if def.base_type.as_deref() == Some(def.name.as_str()) {
            def.base_type = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Origin, Property, TypeKind};

    fn def(name: &str, origin: Origin, props: &[&str], sources: usize) -> TypeDef {
        TypeDef {
            name: name.into(),
            kind: TypeKind::Complex,
            origin,
            base_type: None,
            key: None,
            open: false,
            description: Default::default(),
            properties: props
                .iter()
                .map(|p| Property {
                    name: (*p).into(),
                    r#type: TypeRef::named("Edm.String"),
                    description: Default::default(),
                    nullable: false,
                    read_only: false,
                    navigation: false,
                    allowed_values: vec![],
                    one_of: Vec::new(),
                    comma_separated: false,
                    source: Source::new("p", 1),
                })
                .collect(),
            members: vec![],
            sources: (0..sources)
                .map(|i| Source::new(format!("{name}.md"), i as u32 + 1))
                .collect(),
            area: None,
        }
    }

    fn version(defs: Vec<TypeDef>) -> VersionSpec {
        let mut v = VersionSpec::default();
        for d in defs {
            v.types.insert(d.name.clone(), d);
        }
        v
    }

    #[test]
    fn case_variants_merge_into_the_defined_spelling() {
        let mut owner = def("microsoft.graph.holder", Origin::Defined, &["c"], 1);
        owner.properties[0].r#type = TypeRef::named("microsoft.graph.Contract");
        let mut v = version(vec![
            def("microsoft.graph.Contract", Origin::Inferred, &["a"], 3),
            def("microsoft.graph.contract", Origin::Defined, &["b"], 1),
            owner,
        ]);
        let mut sink = Sink::default();
        canonicalize(&mut v, &BTreeMap::new(), &mut sink);
        assert!(!v.types.contains_key("microsoft.graph.Contract"));
        let merged = &v.types["microsoft.graph.contract"];
        let props: Vec<&str> = merged.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(props, ["a", "b"]);
        assert_eq!(
            v.types["microsoft.graph.holder"].properties[0].r#type.name,
            "microsoft.graph.contract"
        );
        assert!(sink.items.iter().any(|d| d.code == Code::Conflict));
    }

    #[test]
    fn foreign_and_malformed_names_are_mapped_or_dropped() {
        let mut holder = def(
            "microsoft.graph.holder",
            Origin::Defined,
            &["a", "b", "c", "values"],
            1,
        );
        holder.properties[3].r#type = TypeRef::named("microsoft.graph.Json");
        holder.properties[0].r#type = TypeRef::named("collection(microsoft.graph.todoTask)");
        holder.properties[1].r#type = TypeRef::named("odata.error");
        holder.properties[2].r#type =
            TypeRef::named("Microsoft.Teams.GraphSvc.aadUserNotificationRecipient");
        let mut v = version(vec![
            holder,
            def(
                "collection(microsoft.graph.todoTask)",
                Origin::Inferred,
                &[],
                1,
            ),
            def("microsoft.graph.todoTask", Origin::Defined, &["title"], 1),
            def("microsoft.graph.Json", Origin::Defined, &[], 1),
            def("odata.error", Origin::Inferred, &["code"], 1),
            def(
                "Microsoft.Teams.GraphSvc.aadUserNotificationRecipient",
                Origin::Inferred,
                &[],
                1,
            ),
            def(
                "microsoft.graph.aadUserNotificationRecipient",
                Origin::Defined,
                &["userId"],
                1,
            ),
            def(
                "Microsoft.Graph.builtInUserFlowAttribute",
                Origin::Inferred,
                &[],
                1,
            ),
            def("microsoft.graph.termstore.set", Origin::Inferred, &[], 1),
            def("microsoft.graph.termStore.set", Origin::Defined, &[], 2),
            def("microsoft.graph.termStore.term", Origin::Defined, &[], 1),
        ]);
        let mut sink = Sink::default();
        canonicalize(&mut v, &BTreeMap::new(), &mut sink);
        let names: Vec<&str> = v.types.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "microsoft.graph.aadUserNotificationRecipient",
                "microsoft.graph.builtInUserFlowAttribute",
                "microsoft.graph.holder",
                "microsoft.graph.termStore.set",
                "microsoft.graph.termStore.term",
                "microsoft.graph.todoTask",
            ]
        );
        let props = &v.types["microsoft.graph.holder"].properties;
        assert_eq!(
            props[0].r#type,
            TypeRef::collection_of("microsoft.graph.todoTask")
        );
        assert_eq!(props[1].r#type, TypeRef::named("Edm.Untyped"));
        // Graph's any-JSON type is any JSON, not an object.
        assert_eq!(props[3].r#type, TypeRef::named("Edm.Untyped"));
        assert_eq!(
            props[2].r#type,
            TypeRef::named("microsoft.graph.aadUserNotificationRecipient")
        );
        assert!(
            sink.items
                .iter()
                .any(|d| d.code == Code::ForeignType && d.message.contains("odata.error"))
        );
    }

    #[test]
    fn a_second_type_with_the_same_rust_name_is_reported_and_dropped() {
        let mut v = version(vec![
            def("microsoft.graph.fooBar", Origin::Defined, &[], 1),
            def("microsoft.graph.foo_bar", Origin::Defined, &[], 1),
            def("microsoft.graph.security.fooBar", Origin::Defined, &[], 1),
        ]);
        let mut sink = Sink::default();
        check_rust_names(&mut v, &mut sink);
        assert_eq!(v.types.len(), 2, "{:?}", v.types.keys());
        assert!(v.types.contains_key("microsoft.graph.security.fooBar"));
        assert_eq!(sink.items.len(), 1);
        assert_eq!(sink.items[0].code, Code::NameCollision);
    }
}
