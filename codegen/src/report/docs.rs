//! Which language the crate's docs are in: every type, member, enum member,
//! operation and body parameter, by the text its description has.

use crate::ir::{RequestBody, Spec, Text};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocsLanguage {
    /// Items with a description slot: types, members, enum members, operations
    /// (their summary), body parameters, over both versions.
    pub items: usize,
    /// With English: the page's own, or an English tree's (`--english`).
    pub english: usize,
    /// Only the machine translation says it.
    pub localized_only: usize,
    /// No description at all.
    pub none: usize,
    /// Types and operations no English tree has (`no-english` diagnostics):
    /// newer than the trees, the main reason text stays translated.
    pub not_in_english_trees: usize,
    /// Of `localized_only`, the items of those types and operations.
    pub localized_only_newer_than_english: usize,
}

impl DocsLanguage {
    pub fn of(spec: &Spec) -> DocsLanguage {
        let missing: BTreeSet<&str> = spec
            .diagnostics
            .iter()
            .filter_map(crate::english::missing_item)
            .collect();
        let mut out = DocsLanguage {
            not_in_english_trees: missing.len(),
            ..DocsLanguage::default()
        };
        let mut count = |text: &Text, owner: &str| {
            out.items += 1;
            if text.en.is_some() {
                out.english += 1;
            } else if text.localized.is_some() {
                out.localized_only += 1;
                if missing.contains(owner) {
                    out.localized_only_newer_than_english += 1;
                }
            } else {
                out.none += 1;
            }
        };
        for version in spec.versions.values() {
            for ty in version.types.values() {
                count(&ty.description, &ty.name);
                ty.properties
                    .iter()
                    .for_each(|p| count(&p.description, &ty.name));
                ty.members
                    .iter()
                    .for_each(|m| count(&m.description, &ty.name));
            }
            for op in version.operations.values() {
                count(&op.summary, &op.id);
                if let Some(RequestBody::Parameters { parameters, .. }) = &op.request_body {
                    parameters
                        .iter()
                        .for_each(|p| count(&p.description, &op.id));
                }
            }
        }
        out
    }

    /// English over the described items that some English tree has.
    pub fn english_share_of_known(&self) -> f64 {
        let described = self.english + self.localized_only - self.localized_only_newer_than_english;
        if described == 0 {
            return 0.0;
        }
        self.english as f64 / described as f64
    }

    /// English over the items that have a description.
    pub fn english_share(&self) -> f64 {
        let described = self.english + self.localized_only;
        if described == 0 {
            return 0.0;
        }
        self.english as f64 / described as f64
    }
}
