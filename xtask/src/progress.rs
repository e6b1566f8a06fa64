//! A progress bar for long runs, drawn on stderr only when stderr is a
//! terminal: CI logs and pipes get nothing.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Runs with fewer items than this are over too soon to need a bar.
const LONG_RUN: usize = 1000;

/// A bar counting `len` items of `what` (`"files"`, `"pages"`); hidden for
/// short runs and when stderr is not a terminal. Cleared by
/// [`ProgressBar::finish_and_clear`], so it leaves no trace in the output.
pub fn bar(len: usize, what: &str) -> ProgressBar {
    if len < LONG_RUN || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{prefix:>8} [{bar:40.cyan/blue}] {pos}/{len} {msg} ({per_sec}, {eta} left)",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::new(len as u64).with_style(style);
    bar.set_prefix(what.to_string());
    bar
}
