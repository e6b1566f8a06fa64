//! The whole extraction: page bytes → page documents → page facts → spec.

use crate::diag::{Code, Sink, Source};
use crate::extract;
use crate::infer::{self, PageResult};
use crate::ir::Spec;
use crate::parse;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// One input page: its path relative to the input root, and its bytes.
pub struct Input {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Reads one page into its facts and diagnostics. Never panics on input.
pub fn read_one(input: &Input) -> PageResult {
    let mut sink = Sink::default();
    let doc = parse::read_page(&input.path, &input.bytes, &mut sink);
    let facts = extract::extract(&doc, &mut sink);
    PageResult {
        facts,
        diagnostics: sink.items,
    }
}

/// [`read_one`] behind a last line of defence: a panic while reading a page (a
/// bug: `read_one` must not panic) becomes an `internal-error` diagnostic on
/// that page, the page gives nothing, and the run goes on.
pub fn read_one_guarded(input: &Input) -> PageResult {
    guard(&input.path, || read_one(input))
}

/// Runs `read` for page `path`, turning a panic into an `internal-error` result.
pub fn guard(path: &str, read: impl FnOnce() -> PageResult + std::panic::UnwindSafe) -> PageResult {
    let payload = match std::panic::catch_unwind(read) {
        Ok(result) => return result,
        Err(payload) => payload,
    };
    let why = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    let empty = parse::doc::PageDoc {
        path: path.to_string(),
        format: crate::ir::PageFormat::Markdown,
        front_matter: Default::default(),
        bilingual: false,
        blocks: Vec::new(),
    };
    let mut facts = extract::extract(&empty, &mut Sink::default());
    facts.skipped = Some(INTERNAL_ERROR.to_string());
    let mut sink = Sink::default();
    sink.error(
        Code::InternalError,
        &Source::new(path, 1),
        format!(
            "the extractor panicked on this page ({why}); the page is skipped: please report it"
        ),
    );
    PageResult {
        facts,
        diagnostics: sink.items,
    }
}

/// The `skipped` reason of a page whose reading panicked.
pub const INTERNAL_ERROR: &str = "internal error while reading the page";

/// Reads every page and merges them. The result is the same whatever the order of `inputs`,
/// and whatever the number of threads.
pub fn extract_spec(inputs: &[Input]) -> Spec {
    extract_spec_with(inputs, &|| {})
}

/// [`extract_spec`], calling `on_page` once per page read (from any thread), e.g. to
/// advance a progress bar. Pages are read in parallel on the current rayon pool, each
/// on its own ([`read_one_guarded`]); the merge sorts them, so the result is deterministic.
pub fn extract_spec_with(inputs: &[Input], on_page: &(dyn Fn() + Sync)) -> Spec {
    extract_spec_in_tree(inputs, &BTreeSet::new(), on_page)
}

/// [`extract_spec_with`] for pages selected from a docs tree (an area): `tree`
/// holds the path of every page of the tree, read or not, so that a link to a
/// page left out of the selection is not taken for a broken link.
pub fn extract_spec_in_tree(
    inputs: &[Input],
    tree: &BTreeSet<String>,
    on_page: &(dyn Fn() + Sync),
) -> Spec {
    let mut pages: Vec<PageResult> = inputs
        .par_iter()
        .map(|input| {
            let page = read_one_guarded(input);
            on_page();
            page
        })
        .collect();
    crate::links::check(&mut pages, tree);
    infer::build(pages)
}
