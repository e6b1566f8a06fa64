//! What became of each page read: it gave an operation, a type, only enums,
//! only examples, or nothing (skipped, with the reason). Derived from the
//! spec alone, so `cargo xtask report` can tell it without the docs tree.

use crate::diag::{Code, Diagnostic, Severity};
use crate::ir::{ApiVersion, PageInfo, Spec, TypeKind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// An operation.
    Api,
    /// A type other than an enum (and maybe enums and examples).
    Resource,
    /// Enums and nothing else.
    EnumsOnly,
    /// Examples and nothing else.
    ExamplesOnly,
    /// Nothing: see the reason.
    Skipped,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Api => "api",
            Outcome::Resource => "resource",
            Outcome::EnumsOnly => "enums only",
            Outcome::ExamplesOnly => "examples only",
            Outcome::Skipped => "skipped",
        }
    }
}

/// The reasons a page gives nothing, from the most to the least specific.
pub mod reason {
    pub const INTERNAL_ERROR: &str = "internal error (the extractor panicked; see its diagnostic)";
    pub const BINARY: &str = "binary file";
    pub const EMPTY: &str = "empty file";
    pub const CONCEPTUAL: &str = "conceptual page";
    pub const API_WITHOUT_REQUEST: &str = "API page without an HTTP request section";
    pub const DUPLICATE_TYPE: &str = "resource page whose type another page already defines";
    pub const RESOURCE_WITHOUT_TYPE: &str = "resource page that defines no type (no resource annotation, JSON representation or properties)";
    pub const ENUM_WITHOUT_TABLE: &str = "enum page without an enum table";
    pub const NO_FRONT_MATTER: &str = "no front matter, and no operation, type or example";
    pub const NO_DOC_TYPE: &str =
        "page without a `doc_type` (an overview): no operation, type, enum table or example";
    pub const NOTHING: &str = "no operation, type, enum table or example";
}

/// Pages by outcome, and the skipped ones by reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Outcomes {
    pub api: usize,
    pub resource: usize,
    pub enums_only: usize,
    pub examples_only: usize,
    pub skipped: usize,
    pub skip_reasons: BTreeMap<String, usize>,
}

impl Outcomes {
    pub fn add(&mut self, outcome: Outcome, reason: Option<&str>) {
        *match outcome {
            Outcome::Api => &mut self.api,
            Outcome::Resource => &mut self.resource,
            Outcome::EnumsOnly => &mut self.enums_only,
            Outcome::ExamplesOnly => &mut self.examples_only,
            Outcome::Skipped => &mut self.skipped,
        } += 1;
        if let Some(reason) = reason {
            *self.skip_reasons.entry(reason.to_string()).or_default() += 1;
        }
    }

    pub fn total(&self) -> usize {
        self.api + self.resource + self.enums_only + self.examples_only + self.skipped
    }

    /// `13064 pages: 8019 api, 3953 resource, …` then the top skip reasons.
    pub fn render(&self, top: usize) -> String {
        let mut out = format!(
            "{} pages: {} api, {} resource, {} enums only, {} examples only, {} skipped\n",
            self.total(),
            self.api,
            self.resource,
            self.enums_only,
            self.examples_only,
            self.skipped
        );
        let mut reasons: Vec<(&String, &usize)> = self.skip_reasons.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (reason, count) in reasons.iter().take(top) {
            out.push_str(&format!("  skipped: {count:>6}  {reason}\n"));
        }
        if reasons.len() > top {
            let rest: usize = reasons[top..].iter().map(|(_, n)| **n).sum();
            out.push_str(&format!("  skipped: {rest:>6}  (other reasons)\n"));
        }
        out
    }
}

/// Each page's outcome, and the reason when it was skipped, by page path.
pub fn classify(spec: &Spec) -> BTreeMap<&str, (Outcome, Option<&'static str>)> {
    let mut examples: BTreeSet<&str> = BTreeSet::new();
    let mut type_kinds: BTreeMap<(ApiVersion, &str), TypeKind> = BTreeMap::new();
    // Pages whose operation another page also documents: merged into the newest, still API pages.
    let mut merged: BTreeSet<&str> = BTreeSet::new();
    for (version, content) in &spec.versions {
        examples.extend(content.examples.iter().map(|e| e.source.page.as_str()));
        for op in content.operations.values() {
            merged.extend(op.also_documented_at.iter().map(|s| s.page.as_str()));
        }
        for (name, def) in &content.types {
            type_kinds.insert((*version, name.as_str()), def.kind);
        }
    }
    let mut diagnostics: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &spec.diagnostics {
        diagnostics.entry(d.page.as_str()).or_default().push(d);
    }
    spec.pages
        .iter()
        .map(|page| {
            let kinds: Vec<Option<TypeKind>> = page
                .types
                .iter()
                .map(|t| {
                    page.version
                        .and_then(|v| type_kinds.get(&(v, t.as_str())).copied())
                })
                .collect();
            let outcome = if !page.operations.is_empty() || merged.contains(page.path.as_str()) {
                Outcome::Api
            } else if kinds.iter().any(|k| *k != Some(TypeKind::Enum)) {
                Outcome::Resource
            } else if !kinds.is_empty() {
                Outcome::EnumsOnly
            } else if examples.contains(page.path.as_str()) {
                Outcome::ExamplesOnly
            } else {
                Outcome::Skipped
            };
            let reason = (outcome == Outcome::Skipped).then(|| {
                skip_reason(
                    page,
                    diagnostics.get(page.path.as_str()).map_or(&[][..], |d| d),
                )
            });
            (page.path.as_str(), (outcome, reason))
        })
        .collect()
}

fn skip_reason(page: &PageInfo, diagnostics: &[&Diagnostic]) -> &'static str {
    let has = |code: Code| diagnostics.iter().any(|d| d.code == code);
    if has(Code::InternalError) {
        return reason::INTERNAL_ERROR;
    }
    if has(Code::BinaryFile) {
        return reason::BINARY;
    }
    if has(Code::EmptyFile) {
        return reason::EMPTY;
    }
    // The message `infer::resources` gives a second definition of a type.
    let duplicate = diagnostics.iter().any(|d| {
        d.code == Code::Conflict
            && d.severity == Severity::Warning
            && d.message.ends_with("this definition is ignored")
    });
    match page.front_matter.get("doc_type").map(String::as_str) {
        Some("conceptualPageType") => reason::CONCEPTUAL,
        Some("apiPageType") => reason::API_WITHOUT_REQUEST,
        _ if duplicate => reason::DUPLICATE_TYPE,
        Some("resourcePageType") => reason::RESOURCE_WITHOUT_TYPE,
        Some("enumPageType") => reason::ENUM_WITHOUT_TABLE,
        None if page.front_matter.is_empty() => reason::NO_FRONT_MATTER,
        None => reason::NO_DOC_TYPE,
        _ => reason::NOTHING,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_the_top_reasons() {
        let mut o = Outcomes::default();
        o.add(Outcome::Api, None);
        o.add(Outcome::Resource, None);
        for _ in 0..3 {
            o.add(Outcome::Skipped, Some(reason::CONCEPTUAL));
        }
        o.add(Outcome::Skipped, Some(reason::EMPTY));
        o.add(Outcome::Skipped, Some(reason::BINARY));
        assert_eq!(o.total(), 7);
        assert_eq!(
            o.render(2),
            "7 pages: 1 api, 1 resource, 0 enums only, 0 examples only, 5 skipped\n\
             \x20 skipped:      3  conceptual page\n\
             \x20 skipped:      1  binary file\n\
             \x20 skipped:      1  (other reasons)\n"
        );
    }
}
