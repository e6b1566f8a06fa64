//! A progress bar for long runs, drawn on stderr only when stderr is a
//! terminal: CI logs and pipes get nothing.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Runs with fewer items than this are over too soon to need a bar.
const LONG_RUN: usize = 1000;

/// Counts items done, from any thread.
pub struct Bar(ProgressBar);

/// A bar counting `len` items of `what` (`"files"`, `"pages"`); hidden for
/// short runs and when stderr is not a terminal. [`Bar::finish_and_clear`]
/// removes it, so it leaves no trace in the output.
pub fn bar(len: usize, what: &str) -> Bar {
    if len < LONG_RUN || !std::io::stderr().is_terminal() {
        return Bar(ProgressBar::hidden());
    }
    let style = ProgressStyle::with_template(
        "{prefix:>8} [{bar:40.cyan/blue}] {pos}/{len} {elapsed} {msg}",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::new(len as u64).with_style(style);
    bar.set_prefix(what.to_string());
    // Redraws are rate-limited: the tick shows the last count, and the time
    // going on, while the work after the last item runs.
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Bar(bar)
}

impl Bar {
    pub fn inc(&self, delta: u64) {
        self.0.inc(delta);
        if Some(self.0.position()) == self.0.length() {
            // What follows the last item (merging the pages, selecting the
            // area) has no count of its own.
            self.0.set_message("all done; finishing…");
        }
    }

    pub fn finish_and_clear(&self) {
        self.0.finish_and_clear();
    }
}
