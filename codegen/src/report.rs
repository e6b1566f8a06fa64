//! The extraction report: per page, what it produced and how its examples
//! fared; then totals, overall and per version.

mod docs;
mod outcome;
mod types;

pub use docs::DocsLanguage;
pub use outcome::{Outcome, Outcomes};
pub use types::TypeStrength;

use crate::check::{self, Verdict};
use crate::diag::{Code, Severity};
use crate::ir::{ApiVersion, Spec};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExampleCounts {
    pub total: usize,
    pub roundtrip_ok: usize,
    pub failed: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DiagnosticCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VersionTotals {
    pub pages: usize,
    pub operations: usize,
    pub types: usize,
    pub examples: ExampleCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExampleLine {
    pub line: u32,
    pub ok: bool,
    /// Why it does not round-trip, when it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Documentation defects found in it (undocumented members, repaired JSON, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageLine {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<ApiVersion>,
    pub operations: Vec<String>,
    pub types: usize,
    pub examples: Vec<ExampleLine>,
    pub diagnostics: DiagnosticCounts,
    pub outcome: Outcome,
    /// Why the page gave nothing, when it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// Endpoints with a documented request/response pair, and how many of them
/// the last replay test run exercised end to end (0 when it has not run).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReplayCounts {
    pub endpoints_with_examples: usize,
    pub exercised: usize,
    /// Where `exercised` was read from, or why it is 0.
    pub exercised_from: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub pages: usize,
    pub operations: usize,
    /// The types of both versions, and how strong they are.
    pub types: TypeStrength,
    /// The language of the descriptions.
    pub docs: DocsLanguage,
    pub examples: ExampleCounts,
    pub diagnostics: DiagnosticCounts,
    /// Diagnostics by code.
    pub diagnostic_codes: BTreeMap<Code, usize>,
    /// Pages by outcome, and the skipped ones by reason.
    pub outcomes: Outcomes,
    pub versions: BTreeMap<ApiVersion, VersionTotals>,
    pub replay: ReplayCounts,
    pub per_page: Vec<PageLine>,
}

impl Report {
    pub fn new(spec: &Spec) -> Report {
        let classified = outcome::classify(spec);
        let mut outcomes = Outcomes::default();
        for (outcome, reason) in classified.values() {
            outcomes.add(*outcome, *reason);
        }
        let mut per_page: BTreeMap<&str, PageLine> = spec
            .pages
            .iter()
            .map(|p| {
                (
                    p.path.as_str(),
                    PageLine {
                        path: p.path.clone(),
                        version: p.version,
                        operations: p.operations.clone(),
                        types: p.types.len(),
                        examples: Vec::new(),
                        diagnostics: DiagnosticCounts::default(),
                        outcome: classified
                            .get(p.path.as_str())
                            .map_or(Outcome::Skipped, |(o, _)| *o),
                        skipped: classified
                            .get(p.path.as_str())
                            .and_then(|(_, reason)| reason.map(str::to_string)),
                    },
                )
            })
            .collect();
        let mut versions = BTreeMap::new();
        let mut examples = ExampleCounts::default();
        for (version, content) in &spec.versions {
            let mut totals = VersionTotals {
                pages: spec
                    .pages
                    .iter()
                    .filter(|p| p.version == Some(*version))
                    .count(),
                operations: content.operations.len(),
                types: content.types.len(),
                examples: ExampleCounts::default(),
            };
            // The checks are independent, and the costly part: run side by side.
            let all_findings: Vec<check::Findings> = content
                .examples
                .par_iter()
                .map(|example| check::example(content, example))
                .collect();
            for (example, findings) in content.examples.iter().zip(all_findings) {
                let (ok, reason) = match findings.verdict {
                    Verdict::RoundTrips => (true, None),
                    Verdict::Fails { reason, .. } => {
                        (false, Some(format!("does not round-trip: {reason}")))
                    }
                    Verdict::Unmodelled(why) => (false, Some(why)),
                };
                totals.examples.total += 1;
                if ok {
                    totals.examples.roundtrip_ok += 1;
                } else {
                    totals.examples.failed += 1;
                }
                if let Some(page) = per_page.get_mut(example.source.page.as_str()) {
                    page.examples.push(ExampleLine {
                        line: example.source.line,
                        ok,
                        reason,
                        notes: findings.notes,
                    });
                }
            }
            examples.total += totals.examples.total;
            examples.roundtrip_ok += totals.examples.roundtrip_ok;
            examples.failed += totals.examples.failed;
            versions.insert(*version, totals);
        }
        let mut diagnostics = DiagnosticCounts::default();
        let mut diagnostic_codes = BTreeMap::new();
        for d in &spec.diagnostics {
            *diagnostic_codes.entry(d.code).or_default() += 1;
            let page = per_page
                .get_mut(d.page.as_str())
                .map(|p| &mut p.diagnostics);
            for counts in [Some(&mut diagnostics), page].into_iter().flatten() {
                match d.severity {
                    Severity::Error => counts.error += 1,
                    Severity::Warning => counts.warning += 1,
                    Severity::Info => counts.info += 1,
                }
            }
        }
        let endpoints_with_examples = spec
            .versions
            .values()
            .map(|v| {
                v.exchanges
                    .iter()
                    .filter(|x| v.operations.contains_key(&x.operation))
                    .map(|x| (&x.operation, &x.path))
                    .collect::<std::collections::BTreeSet<_>>()
                    .len()
            })
            .sum();
        Report {
            replay: ReplayCounts {
                endpoints_with_examples,
                exercised: 0,
                exercised_from: "no replay test run found".into(),
            },
            pages: spec.pages.len(),
            operations: versions.values().map(|v| v.operations).sum(),
            types: TypeStrength::of(spec, versions.values().map(|v| v.types).sum()),
            docs: DocsLanguage::of(spec),
            examples,
            diagnostics,
            diagnostic_codes,
            outcomes,
            versions,
            per_page: per_page.into_values().collect(),
        }
    }

    /// The human-readable report: a block per page, then the summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for page in &self.per_page {
            let version = page.version.map(|v| v.as_str()).unwrap_or("-");
            out.push_str(&format!("{} [{version}]\n", page.path));
            if let Some(why) = &page.skipped {
                out.push_str(&format!("  skipped: {why}\n"));
            }
            if !page.operations.is_empty() {
                out.push_str(&format!("  operations: {}\n", page.operations.join(", ")));
            }
            if page.types > 0 {
                out.push_str(&format!("  types: {}\n", page.types));
            }
            for ex in &page.examples {
                match &ex.reason {
                    None => out.push_str(&format!("  example line {}: round-trips\n", ex.line)),
                    Some(reason) => {
                        out.push_str(&format!("  example line {}: FAILED: {reason}\n", ex.line))
                    }
                }
                for note in &ex.notes {
                    out.push_str(&format!("    defect: {note}\n"));
                }
            }
            let d = &page.diagnostics;
            out.push_str(&format!(
                "  diagnostics: {} error(s), {} warning(s), {} info\n",
                d.error, d.warning, d.info
            ));
        }
        out.push_str(&format!(
            "{} pages, {} operations, {} types; examples: {} total, {} round-trip, {} failed; diagnostics: {} error(s), {} warning(s)\n",
            self.pages,
            self.operations,
            self.types.total,
            self.examples.total,
            self.examples.roundtrip_ok,
            self.examples.failed,
            self.diagnostics.error,
            self.diagnostics.warning
        ));
        out.push_str(&self.render_summary());
        out
    }

    /// The summary `extract` and `report` end with: pages by outcome and the
    /// top reasons pages were skipped, then diagnostics by severity and by code.
    pub fn render_summary(&self) -> String {
        let mut out = self.outcomes.render(8);
        out.push_str(&format!(
            "types: {}; string members with a temporal hint: {}; enums from listed values: {}\n",
            self.types.total,
            self.types.primitive_string_with_temporal_hint,
            self.types.inline_enums
        ));
        out.push_str(&format!(
            "docs: {} items, {} English ({:.1}% of those described; {:.1}% of those the English trees have), {} only machine-translated ({} of them in the {} types and operations no English tree has), {} without a description\n",
            self.docs.items,
            self.docs.english,
            self.docs.english_share() * 100.0,
            self.docs.english_share_of_known() * 100.0,
            self.docs.localized_only,
            self.docs.localized_only_newer_than_english,
            self.docs.not_in_english_trees,
            self.docs.none
        ));
        out.push_str(&format!(
            "diagnostics: {} error(s), {} warning(s), {} info\n",
            self.diagnostics.error, self.diagnostics.warning, self.diagnostics.info
        ));
        let mut codes: Vec<(&Code, &usize)> = self.diagnostic_codes.iter().collect();
        codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !codes.is_empty() {
            let codes: Vec<String> = codes
                .iter()
                .map(|(code, n)| format!("{} {n}", code.as_str()))
                .collect();
            out.push_str(&format!("  by code: {}\n", codes.join(", ")));
        }
        out
    }
}
