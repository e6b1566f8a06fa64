//! Documentation areas: which cargo feature compiles each type and operation.
//!
//! An area is a page's `ms.prod` (`cloud-communications`, `intune`), lowercased.
//! An operation belongs to its page's area. A type belongs to the area of its
//! resource page (an inferred type: of most of the pages it was seen on),
//! except shared types, which are compiled with their version whatever the
//! features: types whose pages name no product or say `non-product-specific`,
//! and types that members, parameters or responses of at least
//! [`SHARED_AFTER`] other areas use (`identitySet`, `entity`, `itemBody`).
//! So enabling one area never pulls in another, and what every area needs is there.

use crate::ir::{TypeRef, VersionSpec};
use std::collections::{BTreeMap, BTreeSet};

/// A type used by this many areas besides its own is shared.
pub const SHARED_AFTER: usize = 2;

/// The `ms.prod` that means "no product": its types are shared.
const NO_PRODUCT: &str = "non-product-specific";

/// The area a page's front matter names, normalised: `SharePoint` → `sharepoint`.
pub fn page_area(front_matter: &BTreeMap<String, String>) -> Option<String> {
    let prod = front_matter.get("ms.prod")?;
    let prod = prod.trim().trim_matches(['\'', '"']).trim().to_lowercase();
    let valid = !prod.is_empty()
        && prod
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then_some(prod)
}

/// Sets `area` on every type and operation of a version. `areas` maps page
/// paths to their area.
pub fn assign(version: &mut VersionSpec, areas: &BTreeMap<&str, String>) {
    let area_of = |page: &str| areas.get(page).cloned();
    for op in version.operations.values_mut() {
        op.area = area_of(&op.source.page).filter(|a| a != NO_PRODUCT);
    }
    let mut home: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (name, def) in &version.types {
        let resource_pages: Vec<&str> = def
            .sources
            .iter()
            .map(|s| s.page.as_str())
            .filter(|p| p.contains("/resources/"))
            .collect();
        let area = match resource_pages.first() {
            Some(page) if def.origin == crate::ir::Origin::Defined => area_of(page),
            _ => most_common(def.sources.iter().filter_map(|s| area_of(&s.page))),
        };
        home.insert(name.clone(), area.filter(|a| a != NO_PRODUCT));
    }
    // Which areas use each type.
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let note =
        |ty: &TypeRef, area: Option<&str>, users: &mut BTreeMap<String, BTreeSet<String>>| {
            if let Some(area) = area
                && home.contains_key(&ty.name)
            {
                users
                    .entry(ty.name.clone())
                    .or_default()
                    .insert(area.to_string());
            }
        };
    for (name, def) in &version.types {
        let area = home.get(name).and_then(|a| a.as_deref());
        for p in &def.properties {
            note(&p.r#type, area, &mut users);
        }
    }
    for op in version.operations.values() {
        let area = op.area.as_deref();
        for t in op.type_refs() {
            note(t, area, &mut users);
        }
    }
    let shared: BTreeSet<String> = home
        .iter()
        .filter(|(name, area)| match area {
            None => true,
            Some(own) => {
                users
                    .get(name.as_str())
                    .map_or(0, |u| u.iter().filter(|a| *a != own).count())
                    >= SHARED_AFTER
            }
        })
        .map(|(name, _)| name.clone())
        .collect();
    drop(users);
    for (name, def) in version.types.iter_mut() {
        def.area = if shared.contains(name) {
            None
        } else {
            home.get(name).cloned().flatten()
        };
    }
}

fn most_common(areas: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for a in areas {
        *counts.entry(a).or_default() += 1;
    }
    // Highest count; ties go to name order (BTreeMap iterates in it).
    let mut best: Option<(String, usize)> = None;
    for (area, count) in counts {
        if best.as_ref().is_none_or(|(_, c)| count > *c) {
            best = Some((area, count));
        }
    }
    best.map(|(a, _)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_areas_are_normalised() {
        let fm = |v: &str| -> BTreeMap<String, String> {
            [("ms.prod".to_string(), v.to_string())].into()
        };
        assert_eq!(page_area(&fm("SharePoint")).as_deref(), Some("sharepoint"));
        assert_eq!(page_area(&fm("''")), None);
        assert_eq!(
            page_area(&fm("cloud-communications")).as_deref(),
            Some("cloud-communications")
        );
        assert_eq!(page_area(&BTreeMap::new()), None);
    }
}
