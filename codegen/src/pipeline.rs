//! The whole extraction: page bytes → page documents → page facts → spec.

use crate::diag::Sink;
use crate::extract;
use crate::infer::{self, PageResult};
use crate::ir::Spec;
use crate::parse;

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

/// Reads every page and merges them. The result is the same whatever the order of `inputs`.
pub fn extract_spec(inputs: &[Input]) -> Spec {
    infer::build(inputs.iter().map(read_one).collect())
}
