//! The markdown front-end: pulldown-cmark events → [`PageDoc`] blocks.
//!
//! Bilingual pages wrap every sentence in a pair of spans, the translation and
//! then the English original:
//! `<span data-ttu-id="…">Перевод</span><span class="sxs-lookup"><span data-stu-id="…">Original</span></span>`.
//! The inline collector follows those spans and keeps both texts apart, so the
//! English is the truth for identifiers and the translation stays secondary.

use super::annotation;
use super::doc::{Annotation, Block, BlockKind, Inline, Link, PageDoc, Row};
use super::front_matter;
use crate::diag::{Code, Sink, Source};
use crate::ir::PageFormat;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Maps byte offsets to 1-based line numbers.
struct Lines {
    starts: Vec<usize>,
    /// The line (0-based) of the last lookup: offsets mostly come in order.
    last: std::cell::Cell<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            starts,
            last: std::cell::Cell::new(0),
        }
    }
    fn line_of(&self, offset: usize) -> u32 {
        let on = |line: usize| {
            self.starts.get(line).is_some_and(|&start| start <= offset)
                && self.starts.get(line + 1).is_none_or(|&next| next > offset)
        };
        let last = self.last.get();
        let index = if on(last) {
            last + 1
        } else if on(last + 1) {
            last + 2
        } else {
            self.starts.partition_point(|&start| start <= offset)
        };
        self.last.set(index.saturating_sub(1));
        u32::try_from(index).unwrap_or(u32::MAX)
    }
}

pub fn read(path: &str, text: &str, sink: &mut Sink) -> PageDoc {
    let fm = front_matter::read(text);
    if fm.unterminated {
        sink.warn(
            Code::FrontMatter,
            &Source::new(path, 1),
            "front matter opened with `---` is never closed",
        );
    }
    let bilingual = text.contains("class=\"sxs-lookup\"");
    let lines = Lines::new(text);
    let mut builder = Builder {
        path,
        lines: &lines,
        sink,
        blocks: Vec::new(),
        pending: None,
    };
    builder.run(text, fm.line_count);
    PageDoc {
        path: path.to_string(),
        format: PageFormat::Markdown,
        front_matter: fm.fields,
        bilingual,
        blocks: builder.blocks,
    }
}

struct Builder<'a> {
    path: &'a str,
    lines: &'a Lines,
    sink: &'a mut Sink,
    blocks: Vec<Block>,
    /// An annotation waiting for the fence it describes.
    pending: Option<Annotation>,
}

/// What is being collected between a block's start and end events.
enum Open {
    None,
    Heading {
        level: u8,
        line: u32,
        inline: InlineCollector,
    },
    Paragraph {
        line: u32,
        inline: InlineCollector,
    },
    Code {
        info: String,
        line: u32,
        body: String,
        body_start: usize,
        end_guess: usize,
        /// A fenced block (else indented: no fence line, nothing to close).
        fenced: bool,
    },
    Html {
        line: u32,
        html: String,
    },
    /// A list item's text in a tight list (no paragraph events of its own).
    Item {
        line: u32,
        inline: InlineCollector,
    },
}

impl Builder<'_> {
    fn source(&self, line: u32) -> Source {
        Source::new(self.path, line)
    }

    fn run(&mut self, text: &str, front_matter_lines: usize) {
        // Front matter lines are skipped by starting the parser after them;
        // offsets stay absolute so line numbers are the file's.
        let skip = self
            .lines
            .starts
            .get(front_matter_lines)
            .copied()
            .unwrap_or(text.len());
        let body = if front_matter_lines == 0 {
            text
        } else {
            &text[skip.min(text.len())..]
        };
        let base = text.len() - body.len();
        let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();

        let mut open = Open::None;
        let mut quote_depth = 0usize;
        let mut table: Option<(u32, Vec<Inline>, Vec<Row>)> = None;
        let mut row: Option<(u32, Vec<Inline>)> = None;
        let mut cell: Option<InlineCollector> = None;

        for (event, range) in parser {
            let start = base + range.start;
            let line = self.lines.line_of(start);
            // Inline content goes to the innermost open collector.
            let collector = match (&mut cell, &mut open) {
                (Some(c), _) => Some(c),
                (
                    None,
                    Open::Heading { inline, .. }
                    | Open::Paragraph { inline, .. }
                    | Open::Item { inline, .. },
                ) => Some(inline),
                _ => None,
            };
            if let Some(c) = collector
                && c.accept(&event)
            {
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    open = Open::Heading {
                        level: level as u8,
                        line,
                        inline: InlineCollector::default(),
                    };
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Open::Heading {
                        level,
                        line,
                        inline,
                    } = std::mem::replace(&mut open, Open::None)
                    {
                        let anchor = inline.anchor.clone();
                        self.push(
                            line,
                            BlockKind::Heading {
                                level,
                                anchor,
                                text: inline.finish(),
                            },
                        );
                    }
                }
                Event::Start(Tag::Item) => {
                    self.flush_item(&mut open, quote_depth);
                    if matches!(open, Open::None) {
                        open = Open::Item {
                            line,
                            inline: InlineCollector::default(),
                        };
                    }
                }
                Event::End(TagEnd::Item) => self.flush_item(&mut open, quote_depth),
                Event::Start(Tag::Paragraph) => {
                    // A loose list item has paragraphs: what came before is its own text.
                    self.flush_item(&mut open, quote_depth);
                    open = Open::Paragraph {
                        line,
                        inline: InlineCollector::default(),
                    };
                }
                Event::End(TagEnd::Paragraph) => {
                    if let Open::Paragraph { line, inline } =
                        std::mem::replace(&mut open, Open::None)
                    {
                        let quoted = quote_depth > 0;
                        let text = inline.finish();
                        if !text.local.trim().is_empty() || text.en.is_some() {
                            self.push(line, BlockKind::Paragraph { text, quoted });
                        }
                    }
                }
                Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
                Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
                Event::Start(Tag::CodeBlock(kind)) => {
                    let (info, fenced) = match kind {
                        CodeBlockKind::Fenced(info) => (info.trim().to_lowercase(), true),
                        CodeBlockKind::Indented => (String::new(), false),
                    };
                    // A fenced body starts on the line after the fence; an
                    // indented one on its first line.
                    let body_start = if fenced {
                        text[start..]
                            .find('\n')
                            .map_or(text.len(), |i| start + i + 1)
                    } else {
                        start
                    };
                    open = Open::Code {
                        info,
                        line,
                        body: String::new(),
                        body_start,
                        end_guess: base + range.end,
                        fenced,
                    };
                }
                Event::Text(t) => {
                    if let Open::Code { body, .. } = &mut open {
                        body.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Open::Code {
                        info,
                        line,
                        body,
                        body_start,
                        end_guess,
                        fenced,
                    } = std::mem::replace(&mut open, Open::None)
                    {
                        let terminated = !fenced
                            || fence_is_closed(
                                &text[start.min(end_guess)..end_guess.min(text.len())],
                            );
                        if !terminated {
                            self.sink.warn(
                                Code::UnterminatedFence,
                                &self.source(line),
                                "code fence is never closed; read to the end of the page",
                            );
                        }
                        let annotation = self.pending.take();
                        let body_line = self.lines.line_of(body_start);
                        self.push(
                            line,
                            BlockKind::Code {
                                info,
                                body,
                                body_line,
                                annotation,
                                terminated,
                            },
                        );
                    }
                }
                Event::Start(Tag::HtmlBlock) => {
                    open = Open::Html {
                        line,
                        html: String::new(),
                    }
                }
                Event::Html(html) => {
                    if let Open::Html { html: buffer, .. } = &mut open {
                        buffer.push_str(&html);
                    }
                }
                Event::End(TagEnd::HtmlBlock) => {
                    if let Open::Html { line, html } = std::mem::replace(&mut open, Open::None) {
                        self.html_block(line, &html);
                    }
                }
                Event::Start(Tag::Table(_)) => table = Some((line, Vec::new(), Vec::new())),
                Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                    row = Some((line, Vec::new()))
                }
                Event::Start(Tag::TableCell) => cell = Some(InlineCollector::default()),
                Event::End(TagEnd::TableCell) => {
                    if let (Some(c), Some((_, cells))) = (cell.take(), row.as_mut()) {
                        cells.push(c.finish());
                    }
                }
                Event::End(TagEnd::TableHead) => {
                    if let (Some((_, cells)), Some((_, header, _))) = (row.take(), table.as_mut()) {
                        *header = cells;
                    }
                }
                Event::End(TagEnd::TableRow) => {
                    if let (Some((line, cells)), Some((_, _, rows))) = (row.take(), table.as_mut())
                    {
                        rows.push(Row { line, cells });
                    }
                }
                Event::End(TagEnd::Table) => {
                    if let Some((line, header, rows)) = table.take() {
                        self.check_cells(&header, &rows);
                        self.push(line, BlockKind::Table { header, rows });
                    }
                }
                _ => {}
            }
        }
    }

    /// Emits an open list item's text as a paragraph.
    fn flush_item(&mut self, open: &mut Open, quote_depth: usize) {
        if let Open::Item { line, inline } = std::mem::replace(open, Open::None) {
            let text = inline.finish();
            if !text.local.trim().is_empty() || text.en.is_some() {
                self.push(
                    line,
                    BlockKind::Paragraph {
                        text,
                        quoted: quote_depth > 0,
                    },
                );
            }
        }
    }

    fn push(&mut self, line: u32, kind: BlockKind) {
        // An annotation describes the fence right after it; anything else in
        // between means it was not attached to a fence.
        if !matches!(kind, BlockKind::Code { .. })
            && let Some(a) = self.pending.take()
        {
            self.sink.info(
                Code::AnnotationMismatch,
                &self.source(a.line),
                "annotation is not followed by a code block; ignored",
            );
        }
        self.blocks.push(Block { line, kind });
    }

    fn html_block(&mut self, line: u32, html: &str) {
        // An HTML block may hold several comments; the last annotation wins.
        for piece in html.split_inclusive("-->") {
            if let Some(json) = annotation::comment_json(piece)
                && let Some(a) = annotation::read(json, &self.source(line), self.sink)
            {
                self.pending = Some(a);
            }
        }
    }

    fn check_cells(&mut self, header: &[Inline], rows: &[Row]) {
        for row in rows {
            let filled = row
                .cells
                .iter()
                .filter(|c| !c.primary().trim().is_empty())
                .count();
            if filled < header.len() && filled <= 1 {
                self.sink.warn(
                    Code::TableCells,
                    &self.source(row.line),
                    format!("table row has {filled} filled cell(s) of {}", header.len()),
                );
            }
        }
    }
}

/// A fenced block's source ends with a closing fence line.
fn fence_is_closed(block_source: &str) -> bool {
    let trimmed = block_source.trim_end();
    let last = trimmed.rsplit('\n').next().unwrap_or("").trim();
    let opening = trimmed.trim_start();
    let fence_char = if opening.starts_with('~') { '~' } else { '`' };
    trimmed.contains('\n') && last.len() >= 3 && last.chars().all(|c| c == fence_char)
}

/// Which language a piece of inline text belongs to.
#[derive(Clone, Copy, PartialEq)]
enum SpanKind {
    /// `<span data-ttu-id>`: the translation.
    Translation,
    /// `<span class="sxs-lookup">` and its inner span: the English original.
    Original,
    Other,
}

/// Collects inline events of one block into both languages.
#[derive(Default)]
struct InlineCollector {
    en: String,
    local: String,
    saw_original: bool,
    spans: Vec<SpanKind>,
    en_links: Vec<Link>,
    local_links: Vec<Link>,
    en_code: Vec<String>,
    local_code: Vec<String>,
    /// Open links: (target, text start in en, text start in local).
    links: Vec<(String, usize, usize)>,
    anchor: Option<String>,
}

impl InlineCollector {
    fn mode(&self) -> (bool, bool) {
        if self.spans.contains(&SpanKind::Original) {
            (true, false)
        } else if self.spans.contains(&SpanKind::Translation) {
            (false, true)
        } else {
            (true, true)
        }
    }

    fn push_text(&mut self, text: &str) {
        let (en, local) = self.mode();
        if en {
            self.en.push_str(text);
        }
        if local {
            self.local.push_str(text);
        }
    }

    /// Takes the event if it is inline content; returns false for block events.
    fn accept(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Text(t) => self.push_text(t),
            Event::Code(c) => {
                let (en, local) = self.mode();
                if en {
                    self.en_code.push(c.to_string());
                }
                if local {
                    self.local_code.push(c.to_string());
                }
                self.push_text(c);
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" "),
            Event::InlineHtml(html) => self.html(html),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.links
                    .push((dest_url.to_string(), self.en.len(), self.local.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((target, en_start, local_start)) = self.links.pop() {
                    let (en, local) = self.mode();
                    // A link inside an original span is English; one outside both
                    // kinds of span belongs to both texts.
                    if en && en_start <= self.en.len() {
                        let text = self.en.get(en_start..).unwrap_or("").to_string();
                        self.en_links.push(Link {
                            text,
                            target: target.clone(),
                        });
                    }
                    if local && local_start <= self.local.len() {
                        let text = self.local.get(local_start..).unwrap_or("").to_string();
                        self.local_links.push(Link { text, target });
                    }
                }
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {}
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            _ => return false,
        }
        true
    }

    fn html(&mut self, html: &str) {
        let tag = html.trim();
        if let Some(rest) = tag.strip_prefix("<span") {
            let kind = if rest.contains("sxs-lookup") || rest.contains("data-stu-id") {
                self.saw_original = true;
                SpanKind::Original
            } else if rest.contains("data-ttu-id") {
                SpanKind::Translation
            } else {
                SpanKind::Other
            };
            self.spans.push(kind);
        } else if tag.starts_with("</span") {
            self.spans.pop();
        } else if let Some(rest) = tag.strip_prefix("<a name=\"") {
            if let Some(end) = rest.find('"') {
                self.anchor = Some(rest[..end].to_string());
            }
        } else if tag.starts_with("<br") {
            self.push_text(" ");
        }
    }

    fn finish(self) -> Inline {
        if self.saw_original {
            Inline {
                en: Some(squash(self.en)),
                local: squash(self.local),
                links: self.en_links,
                code: self.en_code,
            }
        } else {
            Inline {
                en: None,
                local: squash(self.local),
                links: self.local_links,
                code: self.local_code,
            }
        }
    }
}

/// The words of `text` (split at Unicode whitespace) joined by single spaces:
/// `text.split_whitespace().collect::<Vec<_>>().join(" ")`, in one pass over
/// the bytes (a hot path: every block and table cell of every page). Only
/// ASCII whitespace and the lead bytes of the few non-ASCII whitespace
/// characters need a closer look; Cyrillic letters never do.
fn squash(text: String) -> String {
    // Most texts already are: they are kept, not copied.
    if is_squashed(&text) {
        return text;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = whitespace_at(&text, i);
        match (space, word) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

/// Whether `text` is words joined by single spaces already: no other
/// whitespace, no leading, trailing or repeated space.
fn is_squashed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = whitespace_at(text, i);
        if space && (bytes[i] != b' ' || after_space) {
            return false;
        }
        after_space = space;
        i += len;
    }
    bytes.is_empty() || !after_space
}

/// Whether the character at byte `i` (a character boundary) is whitespace, and its length.
fn whitespace_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes()[i] {
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => (true, 1),
        // U+0085, U+00A0; U+1680; U+2000–U+200A, U+2028, U+2029, U+202F, U+205F; U+3000.
        0xC2 | 0xE1 | 0xE2 | 0xE3 => match text[i..].chars().next() {
            Some(c) => (c.is_whitespace(), c.len_utf8()),
            None => (false, 1),
        },
        // ASCII, other lead bytes, and continuation bytes: never whitespace.
        _ => (false, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_is_split_whitespace_joined() {
        for text in [
            "",
            " ",
            "a",
            "one two three",
            "Перевод текста",
            "a ",
            " a",
            "  a  b\t\tc\n",
            "Перевод  текста\u{a0}и\u{3000}слова",
            "x\u{0B}y\u{0C}z\r\nw\u{85}v",
            "\u{2000}\u{200A}a\u{2028}b\u{2029}c\u{202F}d\u{205F}e\u{1680}",
            "\u{200B}zero-width is not whitespace\u{feff}",
            "é ü — “quoted” ✓ 😀  end ",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash(text.to_string()), expected, "{text:?}");
        }
        // Every character of the Basic Multilingual Plane, between two words.
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b {c}");
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash(text.clone()), expected, "U+{:04X}", c as u32);
        }
    }

    const UPDATE_METADATA: &str = include_str!("../../../specs/pages/000_52f2b910e3db41c3.txt");
    const CREATE_CALL: &str = include_str!("../../../specs/pages/003_ff1a104853d25bee.txt");
    const INVITE: &str = include_str!("../../../specs/pages/004_eea2b2543f077e07.txt");

    fn doc(text: &str) -> (PageDoc, Sink) {
        let mut sink = Sink::default();
        (read("p.md", text, &mut sink), sink)
    }

    #[test]
    fn headings_keep_anchor_and_both_languages() {
        let (page, _) = doc(UPDATE_METADATA);
        assert!(page.bilingual);
        let BlockKind::Heading {
            level,
            anchor,
            text,
        } = &page.blocks[0].kind
        else {
            panic!("{:?}", page.blocks[0])
        };
        assert_eq!(
            (*level, anchor.as_deref()),
            (1, Some("call-updatemetadata"))
        );
        assert_eq!(text.en.as_deref(), Some("call: updateMetadata"));
        assert_eq!(text.local, "Call: Упдатеметадата");
        assert_eq!(page.blocks[0].line, 15);
    }

    #[test]
    fn table_cells_take_the_english_original() {
        let (page, _) = doc(UPDATE_METADATA);
        let tables: Vec<_> = page
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Table { header, rows } => Some((header, rows)),
                _ => None,
            })
            .collect();
        let (header, rows) = tables[2];
        assert_eq!(header[0].primary(), "Parameter");
        let names: Vec<_> = rows.iter().map(|r| r.cells[0].primary()).collect();
        assert_eq!(names, ["metadata", "clientContext"]);
        // The translation is kept, but only as secondary text.
        assert_eq!(rows[0].cells[0].local, "метаданных");
        assert_eq!(rows[1].cells[0].local, "Контекст");
        assert_eq!(rows[1].line, 51);
    }

    #[test]
    fn links_come_from_the_english_text() {
        let (page, _) = doc(UPDATE_METADATA);
        let link = page
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Paragraph { text, .. } if text.primary().starts_with("Returns") => {
                    text.links.first().cloned()
                }
                _ => None,
            })
            .unwrap();
        assert_eq!(link.text, "commsOperation");
        assert_eq!(link.target, "../resources/commsoperation.md");
    }

    #[test]
    fn annotations_attach_to_the_next_fence() {
        let (page, sink) = doc(UPDATE_METADATA);
        let codes: Vec<_> = page
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Code {
                    info,
                    annotation,
                    body_line,
                    ..
                } => Some((
                    info.as_str(),
                    annotation.as_ref().and_then(|a| a.block_type.clone()),
                    *body_line,
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            codes,
            [
                ("http", Some("ignored".to_string()), 35),
                ("http", Some("request".to_string()), 69),
                ("http", Some("response".to_string()), 104),
            ]
        );
        assert!(sink.items.is_empty(), "{:?}", sink.items);
    }

    #[test]
    fn fence_spellings_are_normalised() {
        let (page, _) = doc(INVITE);
        let infos: std::collections::BTreeSet<_> = page
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Code { info, .. } => Some(info.clone()),
                _ => None,
            })
            .collect();
        // ```http, ``` http, ```json and ``` json all occur in the seed.
        assert_eq!(infos.into_iter().collect::<Vec<_>>(), ["http", "json"]);
    }

    #[test]
    fn example_annotations_with_string_truncated() {
        let (page, _) = doc(CREATE_CALL);
        let truncated = page
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Code {
                    annotation: Some(a),
                    ..
                } if a.truncated => Some(b.line),
                _ => None,
            })
            .count();
        // One `"truncated": true` response, one `"truncated": "true"` example, two rosters.
        assert_eq!(truncated, 4);
    }

    #[test]
    fn unterminated_fence_is_reported() {
        let (page, sink) = doc("# t\n\n```json\n{\"a\": 1}\n");
        assert!(matches!(
            page.blocks[1].kind,
            BlockKind::Code {
                terminated: false,
                ..
            }
        ));
        assert_eq!(sink.items[0].code, Code::UnterminatedFence);
        assert_eq!(sink.items[0].line, 3);
    }

    /// Found by the fuzz target: an indented block's body starts on its own
    /// first line, and it has no fence to leave open.
    #[test]
    fn indented_code_starts_on_its_first_line_and_is_never_unterminated() {
        let (page, sink) = doc("# t\n\n    {\n      \"a\": 1\n    }");
        let BlockKind::Code {
            body_line,
            terminated,
            ..
        } = &page.blocks[1].kind
        else {
            panic!("{:?}", page.blocks[1])
        };
        assert_eq!((page.blocks[1].line, *body_line, *terminated), (3, 3, true));
        assert!(sink.items.is_empty(), "{:?}", sink.items);
    }

    #[test]
    fn unclosed_front_matter_is_reported_and_the_page_still_read() {
        let (page, sink) = doc("---\ntitle: x\n# heading\n");
        assert_eq!(sink.items[0].code, Code::FrontMatter);
        assert!(page.front_matter.contains_key("title"));
    }
}
