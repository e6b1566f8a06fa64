//! What became of every file of a docs tree: read as a page, left out of the
//! area, not a markdown page, or unreadable. `extract` prints it, so the page
//! count can be checked against `find <tree> -type f | wc -l`.

use codegen::diag::{Code, Diagnostic, Severity, Source};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub struct Tally {
    /// The docs tree's label (`ru-RU`); `None` when only the seeds were read.
    pub tree: Option<String>,
    pub seeds: usize,
    /// Every file under the tree.
    pub files: usize,
    /// Markdown pages of the area, read.
    pub read: usize,
    /// Markdown pages outside the area, not read.
    pub outside_area: usize,
    /// Files that are not `.md`, by extension (`(none)` for none), not read.
    pub not_markdown: BTreeMap<String, usize>,
    /// Files that could not be read, each with its `unreadable-file` diagnostic.
    pub unreadable: Vec<Diagnostic>,
    /// Every markdown page of the tree (`ru-RU/v1.0/api/call-get.md`), read or not:
    /// a link to one of them is not a broken link.
    pub tree_pages: BTreeSet<String>,
}

impl Tally {
    pub fn not_markdown(&mut self, name: &str) {
        let file = name.rsplit('/').next().unwrap_or(name);
        let extension = match file.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!(".{ext}"),
            _ => "(none)".to_string(),
        };
        *self.not_markdown.entry(extension).or_default() += 1;
    }

    pub fn unreadable(&mut self, path: String, error: &std::io::Error) {
        self.tree_pages.insert(path.clone());
        self.unreadable.push(Diagnostic::new(
            Severity::Error,
            Code::UnreadableFile,
            &Source::new(path, 1),
            format!("cannot read the file ({error}); it is not in the run"),
        ));
    }

    /// `docs tree ru-RU: 13059 files: 13059 pages read, …`; nothing without a tree.
    pub fn render(&self) -> String {
        let Some(tree) = &self.tree else {
            return format!("read {} seed page(s); no docs tree\n", self.seeds);
        };
        let other: usize = self.not_markdown.values().sum();
        let mut out = format!(
            "docs tree {tree}: {} file(s): {} page(s) read, {} outside the area, {} not markdown, {} unreadable; plus {} seed page(s)\n",
            self.files,
            self.read,
            self.outside_area,
            other,
            self.unreadable.len(),
            self.seeds
        );
        if other > 0 {
            let kinds: Vec<String> = self
                .not_markdown
                .iter()
                .map(|(ext, n)| format!("{ext} {n}"))
                .collect();
            out.push_str(&format!(
                "  not markdown (not read): {}\n",
                kinds.join(", ")
            ));
        }
        for d in &self.unreadable {
            out.push_str(&format!("  unreadable: {}: {}\n", d.page, d.message));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_counted_once() {
        let mut t = Tally {
            tree: Some("en-US".into()),
            seeds: 5,
            files: 6,
            read: 2,
            outside_area: 1,
            ..Tally::default()
        };
        t.not_markdown("en-US/v1.0/images/a.png");
        t.not_markdown("en-US/v1.0/README");
        t.unreadable(
            "en-US/v1.0/api/x.md".into(),
            &std::io::Error::other("permission denied"),
        );
        assert_eq!(
            t.render(),
            "docs tree en-US: 6 file(s): 2 page(s) read, 1 outside the area, 2 not markdown, 1 unreadable; plus 5 seed page(s)\n\
             \x20 not markdown (not read): (none) 1, .png 1\n\
             \x20 unreadable: en-US/v1.0/api/x.md: cannot read the file (permission denied); it is not in the run\n"
        );
    }
}
