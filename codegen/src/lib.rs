//! Reads Microsoft Graph documentation pages into a spec IR and emits a typed
//! Rust crate from it. No file I/O here: the `xtask` driver reads and writes.

pub mod area;
pub mod check;
pub mod diag;
pub mod emit;
pub mod english;
pub mod extract;
pub mod infer;
pub mod ir;
pub mod links;
pub mod naming;
pub mod parse;
pub mod pipeline;
pub mod report;
