//! Which features compile each shared type (a type several areas use, or no area owns).
//!
//! A shared type is compiled when any area that reaches it is enabled: an area reaches the
//! types its own types' members, its operations' bodies and responses name, the derived types
//! of the `Any…` enums among them, and, through shared types, whatever those reach in turn.
//! So enabling one area compiles only the shared types it needs, and a shared type is always
//! there when something compiled names it. A type an always-compiled operation (one without an
//! area) reaches, or one nothing reaches, is compiled always.

use super::rust_types::TypeSpace;
use crate::ir::TypeKind;
use std::collections::{BTreeMap, BTreeSet};

/// The features that compile a shared type: `None` for always.
pub type Gate = Option<BTreeSet<String>>;

/// The gate of every shared type of the space.
pub fn shared_gates(space: &TypeSpace<'_>) -> BTreeMap<String, Gate> {
    let version = space.version;
    let shared: BTreeSet<&str> = version
        .types
        .values()
        .filter(|d| d.area.is_none())
        .map(|d| d.name.as_str())
        .collect();
    // Each root: the area it is compiled under (`None`: always) and the types it names.
    let mut roots: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    for def in version.types.values() {
        if let Some(area) = def.area.as_deref() {
            roots.push((Some(area), named_by_type(space, &def.name)));
        }
    }
    for op in version.operations.values() {
        let named = op.type_refs();
        let mut names: Vec<&str> = named.iter().map(|t| t.name.as_str()).collect();
        // A body or response of a base type is its `Any…` enum: its derived types come too.
        for t in &named {
            names.extend(union_members(space, &t.name));
        }
        roots.push((op.area.as_deref(), names));
    }

    let mut reach: BTreeMap<&str, Gate> = BTreeMap::new();
    for (area, names) in roots {
        let mut stack: Vec<&str> = names.into_iter().filter(|n| shared.contains(n)).collect();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            let gate = reach.entry(name).or_insert_with(|| Some(BTreeSet::new()));
            match (gate.as_mut(), area) {
                (Some(areas), Some(area)) => {
                    areas.insert(area.to_string());
                }
                (Some(_), None) => *gate = None,
                (None, _) => {}
            }
            stack.extend(
                named_by_type(space, name)
                    .into_iter()
                    .filter(|n| shared.contains(n) && !seen.contains(n)),
            );
        }
    }
    shared
        .iter()
        .map(|name| {
            let gate = reach.get(name).cloned().unwrap_or(None);
            (name.to_string(), gate)
        })
        .collect()
}

/// The types a type's struct and `Any…` enum name: its members' types, and its derived types
/// when it has an `Any…` enum (and those of its members' `Any…` enums).
fn named_by_type<'a>(space: &TypeSpace<'a>, name: &str) -> Vec<&'a str> {
    let Some(def) = space.def(name) else {
        return Vec::new();
    };
    if def.kind == TypeKind::Enum {
        return Vec::new();
    }
    let mut out: Vec<&'a str> = Vec::new();
    for prop in space.all_properties(name) {
        out.push(prop.r#type.name.as_str());
        out.extend(union_members(space, &prop.r#type.name));
    }
    out.extend(union_members(space, name));
    out
}

fn union_members<'a>(space: &TypeSpace<'a>, name: &str) -> Vec<&'a str> {
    space
        .union_members(name)
        .into_iter()
        .flatten()
        .filter_map(|d| space.def(d).map(|def| def.name.as_str()))
        .collect()
}
