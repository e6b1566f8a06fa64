//! Links from a page to other pages (`[call](../resources/call.md)`), with
//! their lines: the evidence for `broken-link`, which is checked once every
//! page of the run is known (`infer::links`).

use crate::diag::Source;
use crate::parse::doc::{BlockKind, Inline, PageDoc};

/// Every link to a `.md` page, as written, with the line it is on; once per
/// (target, line), in page order. Links to other sites are left out.
pub fn read(doc: &PageDoc) -> Vec<(String, Source)> {
    let mut out: Vec<(String, Source)> = Vec::new();
    let mut push = |inline: &Inline, line: u32| {
        for link in &inline.links {
            let target = link.target.trim();
            let path = target.split(['#', '?']).next().unwrap_or("");
            if path.ends_with(".md")
                && !target.contains("://")
                && !out.iter().any(|(t, at)| t == target && at.line == line)
            {
                out.push((target.to_string(), Source::new(&doc.path, line)));
            }
        }
    };
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Heading { text, .. } | BlockKind::Paragraph { text, .. } => {
                push(text, block.line)
            }
            BlockKind::Table { header, rows } => {
                header.iter().for_each(|cell| push(cell, block.line));
                for row in rows {
                    row.cells.iter().for_each(|cell| push(cell, row.line));
                }
            }
            BlockKind::Code { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Sink;
    use crate::parse::read_page;

    #[test]
    fn links_to_pages_with_their_lines() {
        let text = "# t\n\nSee [call](../resources/call.md#props) and [docs](https://x.y/z.md).\n\n\
                    | Property | Type |\n|:--|:--|\n| a | [identitySet](identityset.md) |\n\n\
                    ```json\n[not](a-link.md)\n```\n";
        let mut sink = Sink::default();
        let doc = read_page("ru-RU/v1.0/api/x.md", text.as_bytes(), &mut sink);
        let links: Vec<_> = read(&doc).into_iter().map(|(t, at)| (t, at.line)).collect();
        assert_eq!(
            links,
            [
                ("../resources/call.md#props".to_string(), 3),
                ("identityset.md".to_string(), 7)
            ]
        );
    }
}
