//! `broken-link`: a link to a type's page (`[call](../resources/call.md)`)
//! whose page does not exist.
//!
//! Checked once every page of a run is read. Only links that resolve inside a
//! docs tree are checked (the seed pages are in none), and only links to
//! resource pages: those name types. A target exists when it is a page of the
//! run or, for a run that reads a selection of a tree (an area), a page of
//! that tree. Paths are compared without case, as the published docs resolve
//! them. One warning per (page, target), at the first line that links there.

use crate::area;
use crate::diag::{Code, Diagnostic, Severity};
use crate::infer::PageResult;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Adds a `broken-link` warning to each page for each link to a missing page.
/// `tree` is every page path of the docs tree the inputs were selected from
/// (empty when the inputs are all there is).
pub fn check(pages: &mut [PageResult], tree: &BTreeSet<String>) {
    let known: BTreeSet<String> = pages
        .iter()
        .map(|p| p.facts.path.as_str())
        .chain(tree.iter().map(String::as_str))
        .map(str::to_lowercase)
        .collect();
    // Each page only gets diagnostics of its own: the pages are checked in parallel.
    pages.par_iter_mut().for_each(|page| {
        let mut reported = BTreeSet::new();
        for (target, at) in &page.facts.links {
            let Some(resolved) = area::resolve_link(&page.facts.path, target) else {
                continue;
            };
            let key = resolved.to_lowercase();
            if !area::is_resource_page(&resolved) || known.contains(&key) || !reported.insert(key) {
                continue;
            }
            page.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                Code::BrokenLink,
                at,
                format!("link to `{target}`: no page `{resolved}` in the docs tree; the type it names has no definition here"),
            ));
        }
    });
}
