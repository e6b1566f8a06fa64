//! Front-end for pages rendered to plain text: no front matter, no markdown, no
//! annotations, only the rendered lines. It rebuilds the `PageDoc` the markdown
//! front-end would give for the same page, so one extractor reads both.
//!
//! Conventions (they mirror the markdown pages):
//! - the first non-empty line is the title, a level-1 heading without anchor;
//! - a line equal to a name in [`SECTION_NAMES`] is a heading with the English
//!   anchor of the markdown page; `Запрос`/`Отклик` inside the examples are
//!   sub-headings (level 3, or 4 under a numbered `Пример 1. …` heading);
//! - a note label alone on its line (`Важно!`, `Примечание.`) is merged with
//!   the paragraph after it into one quoted paragraph, as `> **Важно!** …` is;
//! - consecutive request lines outside the examples are one `http` code block;
//!   in the examples, a request or response with its headers and JSON body is
//!   one `http` code block; a lone JSON value is a `json` code block;
//! - tables are a known header line and the non-empty lines under it, split
//!   into cells by what each column holds.

use crate::diag::{Code, Sink, Source};
use crate::ir::PageFormat;
use crate::parse::doc::{Block, BlockKind, Inline, PageDoc, Row};
use std::collections::BTreeMap;

/// What a recognised line stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A level-2 section with this anchor.
    Section(&'static str),
    /// A level-2 section that starts the examples.
    Examples(&'static str),
    /// `Request` inside the examples.
    Request,
    /// `Response`: a level-2 section before the examples, a sub-heading inside them.
    Response,
}

/// Every line text recognised as a heading, Russian and English. Matched after
/// trimming, dropping a trailing `:` and ignoring case.
///
/// `Важно!` is not here but in [`NOTE_LABELS`]: on the markdown pages it is a
/// quoted note (`> **Важно!** …`), not a section.
const SECTION_NAMES: &[(&str, Role)] = &[
    ("Разрешения", Role::Section("permissions")),
    ("Permissions", Role::Section("permissions")),
    ("HTTP-запрос", Role::Section("http-request")),
    ("HTTP-запросы", Role::Section("http-request")),
    ("HTTP request", Role::Section("http-request")),
    ("Заголовки запросов", Role::Section("request-headers")),
    ("Заголовки запроса", Role::Section("request-headers")),
    ("Заголовок запроса", Role::Section("request-headers")),
    ("Request headers", Role::Section("request-headers")),
    ("Request header", Role::Section("request-headers")),
    (
        "Необязательные заголовки запросов",
        Role::Section("optional-request-headers"),
    ),
    (
        "Optional request headers",
        Role::Section("optional-request-headers"),
    ),
    ("Текст запроса", Role::Section("request-body")),
    ("Тело запроса", Role::Section("request-body")),
    ("Основной текст запроса", Role::Section("request-body")),
    ("Request body", Role::Section("request-body")),
    (
        "Необязательные параметры запросов",
        Role::Section("optional-query-parameters"),
    ),
    (
        "Необязательные параметры запроса",
        Role::Section("optional-query-parameters"),
    ),
    (
        "Optional query parameters",
        Role::Section("optional-query-parameters"),
    ),
    ("Параметры запроса", Role::Section("query-parameters")),
    ("Query parameters", Role::Section("query-parameters")),
    ("Параметры пути", Role::Section("path-parameters")),
    ("Path parameters", Role::Section("path-parameters")),
    ("Параметры функции", Role::Section("function-parameters")),
    ("Function parameters", Role::Section("function-parameters")),
    ("Необходимые компоненты", Role::Section("prerequisites")),
    ("Предварительные условия", Role::Section("prerequisites")),
    ("Необходимые разрешения", Role::Section("prerequisites")),
    ("Необходимые условия", Role::Section("prerequisites")),
    ("Обязательные требования", Role::Section("prerequisites")),
    ("Предварительные требования", Role::Section("prerequisites")),
    ("Prerequisites", Role::Section("prerequisites")),
    ("Методы", Role::Section("methods")),
    ("Methods", Role::Section("methods")),
    ("Свойства", Role::Section("properties")),
    ("Properties", Role::Section("properties")),
    ("Связи", Role::Section("relationships")),
    ("Отношения", Role::Section("relationships")),
    ("Relationships", Role::Section("relationships")),
    ("Элементы", Role::Section("members")),
    ("Members", Role::Section("members")),
    ("Представление JSON", Role::Section("json-representation")),
    (
        "Представление в формате JSON",
        Role::Section("json-representation"),
    ),
    ("JSON representation", Role::Section("json-representation")),
    (
        "Описание в формате JSON",
        Role::Section("json-representation"),
    ),
    ("Ответы с ошибками", Role::Section("error-responses")),
    ("Отклики с ошибками", Role::Section("error-responses")),
    ("Error responses", Role::Section("error-responses")),
    ("Замечания", Role::Section("remarks")),
    ("Примечания", Role::Section("remarks")),
    ("Заметки", Role::Section("remarks")),
    ("Remarks", Role::Section("remarks")),
    ("См. также", Role::Section("see-also")),
    ("Дополнительные материалы", Role::Section("see-also")),
    ("Дополнительные ресурсы", Role::Section("see-also")),
    ("See also", Role::Section("see-also")),
    ("Отклик", Role::Response),
    ("Ответ", Role::Response),
    ("Response", Role::Response),
    ("Пример", Role::Examples("example")),
    ("Example", Role::Examples("example")),
    ("Примеры", Role::Examples("examples")),
    ("Examples", Role::Examples("examples")),
    ("Запрос", Role::Request),
    ("Request", Role::Request),
];

/// Labels that open a note; a paragraph starting with one is `quoted`.
const NOTE_LABELS: &[&str] = &[
    "Примечание.",
    "Примечание:",
    "Примечание",
    "Важно!",
    "Важно.",
    "Важно:",
    "Внимание!",
    "Внимание.",
    "Совет.",
    "Совет:",
    "Дополнительное ограничение.",
    "Дополнительное ограничение:",
    "Note:",
    "Note.",
    "Note",
    "Important:",
    "Important!",
    "Important",
    "Warning:",
    "Caution:",
    "Tip:",
    "Additional restriction:",
];

/// Column names of table header lines.
const COLUMN_LABELS: &[&str] = &[
    "Тип разрешения",
    "Разрешения с наименьшими привилегиями",
    "Более высокие привилегированные разрешения",
    "Разрешения (в порядке повышения привилегий)",
    "Разрешения (в порядке убывания привилегий)",
    "Разрешения",
    "Permission type",
    "Least privileged permissions",
    "Higher privileged permissions",
    "Permissions (from least to most privileged)",
    "Permissions",
    "Имя свойства",
    "Имя параметра",
    "Имя заголовка",
    "Параметр запроса",
    "Возвращаемый тип",
    "Тип возвращаемых данных",
    "Тип возврата",
    "Имя связи",
    "Обязательный?",
    "Имя",
    "Name",
    "Описание",
    "Description",
    "Заголовок",
    "Header",
    "Значение",
    "Value",
    "Параметр",
    "Parameter",
    "Тип",
    "Type",
    "Свойство",
    "Property",
    "Метод",
    "Method",
    "Return type",
    "Обязательный",
    "Required",
    "Связь",
    "Relationship",
    "Член",
    "Member",
    "Элемент",
    "Функция",
    "Function",
    "Пример",
    "Формат",
];

/// Header labels of the first column of a permissions table.
const PERMISSION_TYPE_COLUMNS: &[&str] = &["Тип разрешения", "Permission type"];

/// First cells of permissions rows.
const PERMISSION_TYPES: &[&str] = &[
    "Делегированные (рабочая или учебная учетная запись)",
    "Делегированное (рабочая или учебная учетная запись)",
    "Делегированная (рабочая или учебная учетная запись)",
    "Делегированные (личная учетная запись Майкрософт)",
    "Делегированное (личная учетная запись Майкрософт)",
    "Делегированная (личная учетная запись Майкрософт)",
    "Для приложений",
    "Для приложения",
    "Приложение",
    "Delegated (work or school account)",
    "Delegated (personal Microsoft account)",
    "Application",
];

/// Permission cells that are a phrase rather than permission names.
const PERMISSION_PHRASES: &[&str] = &[
    "Не поддерживается.",
    "Не поддерживается",
    "Not supported.",
    "Not supported",
];

/// Type names of parameter and property tables, one word.
const TYPE_WORDS: &[&str] = &[
    "String",
    "Boolean",
    "Int16",
    "Int32",
    "Int64",
    "Byte",
    "SByte",
    "Single",
    "Double",
    "Decimal",
    "DateTimeOffset",
    "Date",
    "TimeOfDay",
    "Duration",
    "Guid",
    "Binary",
    "Stream",
    "Json",
    "Object",
    "Int",
    "Bool",
    "Строка",
    "Логическое",
    "Логический",
    "Длительность",
    "Дата",
    "Нет",
    "None",
];

/// Type names of parameter and property tables, several words.
const TYPE_PHRASES: &[&str] = &[
    "Коллекция объектов String",
    "Коллекция строк",
    "Двойное с плавающей точкой",
    "В двоичном формате",
];

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// True when the text is a page rendered to plain text rather than markdown:
/// no front matter, no markdown headings or fences, but a `METHOD /path` request line
/// or the rendered section names. Must be cheap (called on every page of a 13,000-page tree).
pub fn looks_like_plain_text(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with("---") {
        return false;
    }
    let mut evidence = false;
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if is_markdown_marker(l) {
            return false;
        }
        if !evidence && (is_request_line(l) || (l.len() <= 80 && section_role(l).is_some())) {
            evidence = true;
        }
    }
    evidence
}

/// A line only markdown has: a heading, a fence, an HTML comment or span, a pipe table, an include.
fn is_markdown_marker(l: &str) -> bool {
    if l.starts_with('#') {
        let rest = l.trim_start_matches('#');
        let hashes = l.len() - rest.len();
        if hashes <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return true;
        }
    }
    l.starts_with("```")
        || l.starts_with("~~~")
        || l.starts_with("<!--")
        || l.starts_with('|')
        || l.starts_with("[!INCLUDE")
        || l.starts_with("[!NOTE")
        || l.contains("sxs-lookup")
        || l.contains("<a name=")
}

/// Reads a rendered plain-text page. Never panics; reports what it cannot read into `sink`.
pub fn read(path: &str, text: &str, sink: &mut Sink) -> PageDoc {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut reader = Reader {
        path,
        lines,
        blocks: Vec::new(),
        sink,
        in_examples: false,
        numbered_example: false,
    };
    reader.run();
    if reader.blocks.is_empty() {
        let at = Source::new(path, 1);
        reader
            .sink
            .warn(Code::EmptyFile, &at, "the page has no text");
    }
    PageDoc {
        path: path.to_string(),
        format: PageFormat::PlainText,
        front_matter: BTreeMap::new(),
        bilingual: false,
        blocks: reader.blocks,
    }
}

struct Reader<'a, 's> {
    path: &'a str,
    lines: Vec<&'a str>,
    blocks: Vec<Block>,
    sink: &'s mut Sink,
    /// An example section has started.
    in_examples: bool,
    /// A numbered example heading (`Пример 1. …`) has started: sub-headings are level 4.
    numbered_example: bool,
}

/// 1-based line number of the line at `index`.
fn line_no(index: usize) -> u32 {
    u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX)
}

fn is_blank(l: &str) -> bool {
    l.trim().is_empty()
}

impl Reader<'_, '_> {
    fn line(&self, i: usize) -> &str {
        self.lines.get(i).copied().unwrap_or("")
    }

    fn push(&mut self, index: usize, kind: BlockKind) {
        self.blocks.push(Block {
            line: line_no(index),
            kind,
        });
    }

    fn run(&mut self) {
        let n = self.lines.len();
        let mut i = 0;
        let mut titled = false;
        while i < n {
            let raw = self.line(i);
            let l = raw.trim();
            if l.is_empty() {
                i += 1;
                continue;
            }
            if !titled {
                titled = true;
                let text = inline(l);
                self.push(
                    i,
                    BlockKind::Heading {
                        level: 1,
                        anchor: None,
                        text,
                    },
                );
                i += 1;
                continue;
            }
            i = self.block_at(i);
        }
    }

    /// Reads the block starting at the non-blank line `i`; returns the next line to read.
    fn block_at(&mut self, i: usize) -> usize {
        let l = self.line(i).trim().to_string();
        if let Some(role) = section_role(&l) {
            self.heading(i, &l, role);
            return i + 1;
        }
        if let Some(number) = numbered_example(&l) {
            let anchor = format!("example-{number}");
            let level = if self.in_examples { 3 } else { 2 };
            self.in_examples = true;
            self.numbered_example = true;
            let text = inline(&l);
            self.push(
                i,
                BlockKind::Heading {
                    level,
                    anchor: Some(anchor),
                    text,
                },
            );
            return i + 1;
        }
        if is_request_line(&l) {
            return if self.in_examples {
                self.message(i)
            } else {
                self.request_lines(i)
            };
        }
        if is_status_line(&l) {
            return self.message(i);
        }
        if starts_json(&l) {
            return self.json(i);
        }
        if let Some(header) = table_header(&l) {
            return self.table(i, header);
        }
        self.paragraph(i)
    }

    fn heading(&mut self, i: usize, l: &str, role: Role) {
        let sub_level = if self.numbered_example { 4 } else { 3 };
        let (level, anchor) = match role {
            Role::Section(anchor) => {
                self.in_examples = false;
                self.numbered_example = false;
                (2, anchor)
            }
            Role::Examples(anchor) => {
                self.in_examples = true;
                self.numbered_example = false;
                (2, anchor)
            }
            Role::Request => {
                self.in_examples = true;
                (sub_level, "request")
            }
            Role::Response if self.in_examples => (sub_level, "response"),
            Role::Response => (2, "response"),
        };
        let text = inline(l);
        self.push(
            i,
            BlockKind::Heading {
                level,
                anchor: Some(anchor.to_string()),
                text,
            },
        );
    }

    /// Consecutive request lines (`POST /path`) outside the examples: one `http` block.
    /// Groups separated only by blank lines stay together, as in the markdown
    /// fence; header lines right after them (`workbook-session-id: …`) go along.
    fn request_lines(&mut self, i: usize) -> usize {
        let n = self.lines.len();
        let mut end = i;
        loop {
            while end < n && is_request_line(self.line(end).trim()) {
                end += 1;
            }
            let mut next = end;
            while next < n && is_blank(self.line(next)) {
                next += 1;
            }
            if next == end || next >= n || !is_request_line(self.line(next).trim()) {
                break;
            }
            end = next;
        }
        while end < n && is_header_field(self.line(end).trim()) {
            end += 1;
        }
        let body = self.lines.get(i..end).unwrap_or_default().join("\n");
        self.code(i, "http", body, true);
        end
    }

    /// An example request or response: the first line, `Name: value` headers
    /// (blank lines before them are taken along), then blank lines and a JSON
    /// body when one follows. One `http` block.
    fn message(&mut self, i: usize) -> usize {
        let n = self.lines.len();
        let mut end = i + 1;
        let mut next = end;
        while next < n && is_blank(self.line(next)) {
            next += 1;
        }
        if next < n && is_header_field(self.line(next).trim()) {
            end = next;
        }
        while end < n && is_header_field(self.line(end).trim()) {
            end += 1;
        }
        let mut next = end;
        while next < n && is_blank(self.line(next)) {
            next += 1;
        }
        let mut terminated = true;
        if next < n && starts_json(self.line(next).trim()) {
            let (json_end, balanced) = self.json_extent(next);
            end = json_end;
            terminated = balanced;
        } else if next < n && self.has_raw_body(i, end, self.line(next).trim()) {
            end = next;
            while end < n && !is_blank(self.line(end)) {
                end += 1;
            }
        }
        let body = self.lines.get(i..end).unwrap_or_default().join("\n");
        self.code(i, "http", body, terminated);
        end
    }

    /// A body that is not JSON (CSV, text, XML, binary placeholder) follows when
    /// the headers name a content type that is not JSON and the next lines are
    /// neither Russian prose nor something else the reader knows.
    fn has_raw_body(&self, first: usize, headers_end: usize, next: &str) -> bool {
        let content_type = (first + 1..headers_end).find_map(|k| {
            let (name, value) = self.line(k).trim().split_once(':')?;
            eq_ci(name.trim(), "Content-Type").then(|| value.trim().to_ascii_lowercase())
        });
        let Some(content_type) = content_type else {
            return false;
        };
        !content_type.contains("json")
            && !next.chars().any(is_cyrillic)
            && section_role(next).is_none()
            && numbered_example(next).is_none()
            && !is_request_line(next)
            && !is_status_line(next)
            && table_header(next).is_none()
            && note_label(next).is_none()
    }

    /// A JSON value that is not part of a request or response: one `json` block.
    fn json(&mut self, i: usize) -> usize {
        let (end, terminated) = self.json_extent(i);
        let body = self.lines.get(i..end).unwrap_or_default().join("\n");
        self.code(i, "json", body, terminated);
        end
    }

    fn code(&mut self, i: usize, info: &str, body: String, terminated: bool) {
        if !terminated {
            let at = Source::new(self.path, line_no(i));
            let last = line_no(i.saturating_add(body.lines().count().saturating_sub(1)));
            self.sink.warn(
                Code::UnterminatedFence,
                &at,
                format!("JSON body never closes its brackets; the block ends at line {last}"),
            );
        }
        self.push(
            i,
            BlockKind::Code {
                info: info.to_string(),
                body,
                body_line: line_no(i),
                annotation: None,
                terminated,
            },
        );
    }

    /// The lines of the JSON value starting at `start`: the index after its last
    /// line, and whether its brackets balanced. An unbalanced value stops before a
    /// line that cannot be JSON (a heading, a request or status line) or at the end,
    /// without the blank lines before it.
    fn json_extent(&self, start: usize) -> (usize, bool) {
        let n = self.lines.len();
        let mut depth: i64 = 0;
        let mut k = start;
        while k < n {
            let l = self.line(k);
            let t = l.trim();
            if k > start && (section_role(t).is_some() || is_request_line(t) || is_status_line(t)) {
                break;
            }
            depth += bracket_delta(l);
            if depth <= 0 {
                return (k + 1, true);
            }
            k += 1;
        }
        while k > start + 1 && is_blank(self.line(k - 1)) {
            k -= 1;
        }
        (k, false)
    }

    /// A table: the header line at `i` and the non-empty lines under it.
    fn table(&mut self, i: usize, header: Vec<String>) -> usize {
        let kind = TableKind::of(&header);
        let columns = header.len();
        let n = self.lines.len();
        let mut rows = Vec::new();
        let mut k = i + 1;
        while k < n {
            let t = self.line(k).trim();
            if t.is_empty()
                || section_role(t).is_some()
                || is_request_line(t)
                || is_status_line(t)
                || starts_json(t)
            {
                break;
            }
            let cells = split_row(kind, columns, t);
            if cells.len() < columns {
                let at = Source::new(self.path, line_no(k));
                self.sink.warn(
                    Code::TableCells,
                    &at,
                    format!("table row has {} of {} cells", cells.len(), columns),
                );
            }
            rows.push(Row {
                line: line_no(k),
                cells: cells.iter().map(|c| inline(c)).collect(),
            });
            k += 1;
        }
        let header = header.iter().map(|c| inline(c)).collect();
        self.push(i, BlockKind::Table { header, rows });
        k
    }

    /// A prose line. A note label alone on its line takes the next prose line with it.
    fn paragraph(&mut self, i: usize) -> usize {
        let l = self.line(i).trim();
        if is_note_label_alone(l) {
            let mut k = i + 1;
            while k < self.lines.len() && is_blank(self.line(k)) {
                k += 1;
            }
            let next = self.line(k).trim();
            if k < self.lines.len() && is_prose(next) {
                let text = inline(&format!("{l} {next}"));
                self.push(i, BlockKind::Paragraph { text, quoted: true });
                return k + 1;
            }
            let text = inline(l);
            self.push(i, BlockKind::Paragraph { text, quoted: true });
            return i + 1;
        }
        let quoted = note_label(l).is_some();
        let text = inline(l);
        self.push(i, BlockKind::Paragraph { text, quoted });
        i + 1
    }
}

/// A line that `block_at` would read as a paragraph.
fn is_prose(t: &str) -> bool {
    !t.is_empty()
        && section_role(t).is_none()
        && numbered_example(t).is_none()
        && !is_request_line(t)
        && !is_status_line(t)
        && !starts_json(t)
        && table_header(t).is_none()
        && !is_note_label_alone(t)
}

/// Single-spaced, without a trailing `:`.
fn normalize(t: &str) -> String {
    let t = t.trim().trim_end_matches(':').trim_end();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn section_role(t: &str) -> Option<Role> {
    // The longest name is under 40 characters; skip long lines cheaply.
    if t.len() > 96 || t.is_empty() {
        return None;
    }
    let norm = normalize(t);
    SECTION_NAMES
        .iter()
        .find(|(name, _)| eq_ci(name, &norm))
        .map(|&(_, role)| role)
}

/// `Пример 1. …`, `Example 2: …`: the example number.
fn numbered_example(t: &str) -> Option<u32> {
    if t.chars().count() > 200 || t.ends_with('.') {
        return None;
    }
    let rest = ["Пример ", "Example "]
        .iter()
        .find_map(|p| t.strip_prefix(p))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let after = rest.get(digits.len()..).unwrap_or("");
    if !(after.is_empty() || after.starts_with(['.', ':', ' ', ')', '-', '—'])) {
        return None;
    }
    digits.parse().ok()
}

/// `POST /app/calls/{id}/updateRecordingStatus`, `GET https://graph.microsoft.com/…`.
/// Also `GET ~/path` and `PATCH applications/{id}`: a relative path of Latin words.
fn is_request_line(t: &str) -> bool {
    let Some((method, rest)) = t.split_once(char::is_whitespace) else {
        return false;
    };
    if !METHODS.contains(&method) {
        return false;
    }
    let target = rest.split_whitespace().next().unwrap_or("");
    target.starts_with(['/', '{', '~'])
        || target.starts_with("https://")
        || target.starts_with("http://")
        || (target.is_ascii()
            && target.starts_with(|c: char| c.is_ascii_alphanumeric())
            && target.contains('/'))
}

/// `HTTP/1.1 200 OK`.
/// Also `HTTP 201 Created`, without the version.
fn is_status_line(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("HTTP") else {
        return false;
    };
    let rest = match rest.strip_prefix('/') {
        Some(versioned) => {
            let Some((version, rest)) = versioned.split_once(char::is_whitespace) else {
                return false;
            };
            if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return false;
            }
            rest
        }
        None if rest.starts_with(char::is_whitespace) => rest,
        None => return false,
    };
    let rest = rest.trim_start();
    let code: String = rest.chars().take_while(char::is_ascii_digit).collect();
    code.len() == 3
        && rest
            .get(3..)
            .is_none_or(|after| after.is_empty() || after.starts_with(char::is_whitespace))
}

/// `Content-Type: application/json`; not a note (`Note: …`) nor a URL.
fn is_header_field(t: &str) -> bool {
    let Some((name, value)) = t.split_once(':') else {
        return false;
    };
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !value.starts_with("//")
        && note_label(t).is_none()
}

/// The first line of a JSON value: `{`, `[`, `{"a": 1}`, `[{`.
fn starts_json(t: &str) -> bool {
    t == "{"
        || t == "["
        || t.starts_with("{\"")
        || t.starts_with("{ \"")
        || t.starts_with("[{")
        || t.starts_with("[ {")
        || t == "{}"
        || t == "[]"
}

/// Opened minus closed brackets on one line, ignoring those inside JSON strings.
/// A string left open at the end of the line ends there (JSON strings are one line).
fn bracket_delta(line: &str) -> i64 {
    let mut delta = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => delta += 1,
            '}' | ']' => delta -= 1,
            _ => {}
        }
    }
    delta
}

/// The note label a line starts with, followed by a space or the end of the line.
fn note_label(t: &str) -> Option<&'static str> {
    NOTE_LABELS.iter().copied().find(|label| {
        t.strip_prefix(label)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
    })
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_note_label_alone(t: &str) -> bool {
    NOTE_LABELS.contains(&t.trim())
}

// ---------------------------------------------------------------------------
// Tables

/// How the cells of a row are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    /// `<permission type> <least privileged> <higher privileged>`.
    Permissions,
    /// `<name> <type> <description…>`.
    Typed,
    /// `<header name> <description…>`.
    KeyValue,
    /// `<enum member> <number> <description…>`.
    Valued,
    /// `<method name…> <return type> <description…>`: the name is a phrase.
    Method,
    /// One word per column, the rest in the last.
    Generic,
}

impl TableKind {
    fn of(header: &[String]) -> Self {
        let is = |cell: Option<&String>, labels: &[&str]| {
            cell.is_some_and(|c| labels.iter().any(|l| eq_ci(l, c)))
        };
        if is(header.first(), PERMISSION_TYPE_COLUMNS) {
            TableKind::Permissions
        } else if is(header.first(), &["Метод", "Method", "Функция", "Function"])
            && header.len() >= 3
        {
            TableKind::Method
        } else if is(
            header.get(1),
            &[
                "Тип",
                "Type",
                "Возвращаемый тип",
                "Тип возвращаемых данных",
                "Return type",
            ],
        ) {
            TableKind::Typed
        } else if is(header.get(1), &["Значение", "Value"]) && header.len() >= 3 {
            TableKind::Valued
        } else if header.len() == 2 {
            TableKind::KeyValue
        } else {
            TableKind::Generic
        }
    }
}

/// Equal ignoring case, without allocating.
fn eq_ci(a: &str, b: &str) -> bool {
    a == b
        || a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

/// Byte spans of the whitespace-separated words of `t`.
fn word_spans(t: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, t.len()));
    }
    spans
}

/// The words of `t` from word `from` (inclusive) to word `to` (exclusive), as written.
fn words(t: &str, spans: &[(usize, usize)], from: usize, to: usize) -> String {
    let to = to.min(spans.len());
    if from >= to {
        return String::new();
    }
    match (spans.get(from), spans.get(to - 1)) {
        (Some(&(s, _)), Some(&(_, e))) => t.get(s..e).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

/// How many words of `phrase` match the words of `t` at `at`, if all do.
fn phrase_at(t: &str, spans: &[(usize, usize)], at: usize, phrase: &str) -> Option<usize> {
    let mut count = 0;
    for (k, word) in phrase.split_whitespace().enumerate() {
        let &(s, e) = spans.get(at + k)?;
        if !eq_ci(t.get(s..e)?, word) {
            return None;
        }
        count += 1;
    }
    (count > 0).then_some(count)
}

/// The longest of `phrases` at word `at`: its word count.
fn longest_at(t: &str, spans: &[(usize, usize)], at: usize, phrases: &[&str]) -> Option<usize> {
    phrases
        .iter()
        .filter_map(|p| phrase_at(t, spans, at, p))
        .max()
}

/// The cells of a table header line, when it is made only of known column names
/// (at least two), or of tab-separated cells starting with a known one.
fn table_header(t: &str) -> Option<Vec<String>> {
    if t.len() > 400 {
        return None;
    }
    if t.contains('\t') {
        let cells: Vec<String> = t.split('\t').map(str::trim).map(str::to_string).collect();
        let known = cells
            .first()
            .is_some_and(|c| COLUMN_LABELS.iter().any(|l| eq_ci(l, c)));
        return (known && cells.len() >= 2).then_some(cells);
    }
    let spans = word_spans(t);
    let mut cells = Vec::new();
    let mut at = 0;
    while at < spans.len() {
        let len = longest_at(t, &spans, at, COLUMN_LABELS)?;
        cells.push(words(t, &spans, at, at + len));
        at += len;
    }
    (cells.len() >= 2).then_some(cells)
}

fn split_row(kind: TableKind, columns: usize, t: &str) -> Vec<String> {
    if t.contains('\t') {
        return t.split('\t').map(|c| c.trim().to_string()).collect();
    }
    let spans = word_spans(t);
    match kind {
        TableKind::Permissions => split_permissions(columns, t, &spans),
        TableKind::Typed => split_typed(columns, t, &spans),
        TableKind::KeyValue => split_key_value(columns, t, &spans),
        TableKind::Valued => split_valued(columns, t, &spans),
        TableKind::Method => split_method(columns, t, &spans),
        TableKind::Generic => split_generic(columns, 0, t, &spans),
    }
}

/// `<method name…> <return type> <description…>`: the name (`Получение объекта
/// eventMessage`, `List calls`) usually ends with the first Latin identifier, and
/// the return type follows it; when a Russian word follows that identifier
/// instead, the identifier is the return type (`Вывод задачи task Описание…`).
fn split_method(columns: usize, t: &str, spans: &[(usize, usize)]) -> Vec<String> {
    let starts_type = |k: usize| {
        let word = words(t, spans, k, k + 1);
        known_type_at(t, spans, k).is_some()
            || (!word.is_empty()
                && word.is_ascii()
                && word.starts_with(|c: char| c.is_ascii_alphabetic()))
    };
    let identifier = (1..spans.len().min(8)).find(|&k| {
        let word = words(t, spans, k, k + 1);
        word.is_ascii() && word.starts_with(|c: char| c.is_ascii_alphabetic())
            || known_type_at(t, spans, k).is_some()
    });
    let Some(k) = identifier else {
        return split_generic(columns, 0, t, spans);
    };
    let name_len = if k + 1 < spans.len() && starts_type(k + 1) {
        k + 1
    } else {
        k
    };
    let type_len = known_type_at(t, spans, name_len).unwrap_or(1);
    let mut cells = vec![
        words(t, spans, 0, name_len),
        words(t, spans, name_len, name_len + type_len),
    ];
    cells.extend(split_generic(
        columns.saturating_sub(2).max(1),
        name_len + type_len,
        t,
        spans,
    ));
    cells
}

/// `<member> <number> <description…>`: the member may be several (translated)
/// words; it runs to the first number.
fn split_valued(columns: usize, t: &str, spans: &[(usize, usize)]) -> Vec<String> {
    let number = (1..spans.len().min(5)).find(|&k| {
        let word = words(t, spans, k, k + 1);
        let digits = word.strip_prefix('-').unwrap_or(&word);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    });
    let Some(number) = number else {
        return split_generic(columns, 0, t, spans);
    };
    let mut cells = vec![words(t, spans, 0, number)];
    cells.extend(split_generic(
        columns.saturating_sub(1).max(1),
        number,
        t,
        spans,
    ));
    cells
}

/// `<name> <description…>`; a name ending in `:` takes its value along
/// (`Prefer: outlook.timezone`).
fn split_key_value(columns: usize, t: &str, spans: &[(usize, usize)]) -> Vec<String> {
    let first = words(t, spans, 0, 1);
    let name_len = if first.ends_with(':') && spans.len() > 2 {
        2
    } else {
        1
    };
    let mut cells = vec![words(t, spans, 0, name_len)];
    cells.extend(split_generic(
        columns.saturating_sub(1).max(1),
        name_len,
        t,
        spans,
    ));
    cells
}

/// One word per column from word `from`, the rest in the last column.
fn split_generic(columns: usize, from: usize, t: &str, spans: &[(usize, usize)]) -> Vec<String> {
    let mut cells = Vec::new();
    let mut at = from;
    while at < spans.len() {
        if cells.len() + 1 >= columns {
            cells.push(words(t, spans, at, spans.len()));
            break;
        }
        cells.push(words(t, spans, at, at + 1));
        at += 1;
    }
    cells
}

/// `<permission type> <least privileged> <higher privileged>`: the type is one of
/// [`PERMISSION_TYPES`]; each later cell is `Не поддерживается.` or permission
/// names, a name ending in `,` going on in the same cell. Extra cells go into the last.
fn split_permissions(columns: usize, t: &str, spans: &[(usize, usize)]) -> Vec<String> {
    // An unknown label (`Управление мобильным приложением (MAM)`) runs to the
    // first permission name or `Не поддерживается`.
    let label = longest_at(t, spans, 0, PERMISSION_TYPES).or_else(|| {
        (1..spans.len()).find(|&k| {
            longest_at(t, spans, k, PERMISSION_PHRASES).is_some()
                || is_permission_name(&words(t, spans, k, k + 1))
        })
    });
    let Some(label) = label else {
        return split_generic(columns, 0, t, spans);
    };
    let mut cells = vec![words(t, spans, 0, label)];
    let mut groups: Vec<String> = Vec::new();
    let mut at = label;
    while at < spans.len() {
        let len = if let Some(len) = longest_at(t, spans, at, PERMISSION_PHRASES) {
            len
        } else {
            // Names joined by commas stay in one cell.
            let mut end = at + 1;
            while end < spans.len() && words(t, spans, end - 1, end).ends_with(',') {
                end += 1;
            }
            end - at
        };
        groups.push(words(t, spans, at, at + len));
        at += len;
    }
    let keep = columns.saturating_sub(1).max(1);
    if groups.len() > keep {
        let tail = groups.split_off(keep - 1).join(" ");
        groups.push(tail);
    }
    cells.extend(groups);
    cells
}

/// `Calls.AccessMedia.All`, `Files.ReadWrite,`.
fn is_permission_name(word: &str) -> bool {
    let word = word.trim_end_matches(',');
    word.is_ascii()
        && word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word.contains('.')
        && !word.ends_with('.')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
}

/// `<name> <type> <description…>`: the type is a known type word or phrase,
/// `Коллекция <x>`, `Коллекция объектов <x>`, `<x> collection`, or else the
/// second word. A name of several words is accepted when a known type follows it.
fn split_typed(columns: usize, t: &str, spans: &[(usize, usize)]) -> Vec<String> {
    if spans.len() < 2 {
        return vec![t.to_string()];
    }
    let name_len = name_words(t, spans);
    let mut type_len = known_type_at(t, spans, name_len).unwrap_or(1);
    // A remark in parentheses stays with the type: `string (timestamp)`.
    let after = name_len + type_len;
    if words(t, spans, after, after + 1).starts_with('(') {
        let close =
            (after..spans.len().min(after + 3)).find(|&k| words(t, spans, k, k + 1).ends_with(')'));
        if let Some(k) = close
            && k + 1 < spans.len()
        {
            type_len = k + 1 - name_len;
        }
    }
    let mut cells = vec![
        words(t, spans, 0, name_len),
        words(t, spans, name_len, name_len + type_len),
    ];
    let rest = split_generic(
        columns.saturating_sub(2).max(1),
        name_len + type_len,
        t,
        spans,
    );
    cells.extend(rest);
    cells
}

/// Words of the name column of a typed row: the first word, with a parenthesized
/// remark after it (`meetingAttendanceReport (не рекомендуется)`); or, when the
/// first or second word is Russian and the second is not a type, the words up to a known type
/// (a translated name: `Контекст клиента String …`, `Идентификаторы roleScopeTagId Коллекция строк …`).
fn name_words(t: &str, spans: &[(usize, usize)]) -> usize {
    let second = words(t, spans, 1, 2);
    if words(t, spans, 0, 1).ends_with(':') && spans.len() > 2 {
        // A header with its value: `Prefer: outlook.timezone string …`.
        return 2;
    }
    if second.starts_with('(') {
        let close = (1..spans.len().min(6)).find(|&k| words(t, spans, k, k + 1).ends_with(')'));
        if let Some(k) = close
            && k + 1 < spans.len()
        {
            return k + 1;
        }
    }
    let first = words(t, spans, 0, 1);
    if (first.is_ascii() && second.is_ascii()) || known_type_at(t, spans, 1).is_some() {
        return 1;
    }
    (2..spans.len().min(4))
        .find(|&p| known_type_at(t, spans, p).is_some())
        .unwrap_or(1)
}

/// Words taken by a type that is certainly a type at word `at`.
fn known_type_at(t: &str, spans: &[(usize, usize)], at: usize) -> Option<usize> {
    if let Some(len) = longest_at(t, spans, at, TYPE_PHRASES) {
        return Some(len);
    }
    let word = words(t, spans, at, at + 1);
    if word.is_empty() {
        return None;
    }
    let has_next = at + 1 < spans.len();
    if eq_ci(&word, "Коллекция") && has_next {
        let objects = eq_ci(&words(t, spans, at + 1, at + 2), "объектов");
        return Some(if objects && at + 2 < spans.len() {
            3
        } else {
            2
        });
    }
    if has_next && eq_ci(&words(t, spans, at + 1, at + 2), "collection") {
        return Some(2);
    }
    if word.starts_with("Collection(") {
        return Some(1);
    }
    TYPE_WORDS.iter().any(|w| eq_ci(w, &word)).then_some(1)
}

// ---------------------------------------------------------------------------
// Inline text

fn inline(text: &str) -> Inline {
    let mut inline = Inline::plain(text);
    inline.code = code_tokens(text);
    inline
}

/// Words of the line written in Latin script that look like identifiers, paths,
/// header names or status codes (`updateRecordingStatus`, `/app`, `Content-Type`, `200 OK`).
fn code_tokens(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words.get(i).copied().unwrap_or("");
        i += 1;
        if is_status_code(word) {
            let mut phrase = word.to_string();
            let mut taken = 0;
            while taken < 3 {
                let Some(next) = words.get(i) else { break };
                let bare = trim_punct(next);
                let capital = bare.chars().next().is_some_and(|c| c.is_ascii_uppercase());
                if !capital || !bare.chars().all(|c| c.is_ascii_alphabetic()) {
                    break;
                }
                phrase.push(' ');
                phrase.push_str(bare);
                taken += 1;
                i += 1;
                if bare.len() != next.len() || bare == "OK" {
                    break;
                }
            }
            if taken > 0 && !out.contains(&phrase) {
                out.push(phrase);
            }
            continue;
        }
        let bare = trim_punct(word);
        if looks_like_code(bare) && !out.iter().any(|c| c == bare) {
            out.push(bare.to_string());
        }
    }
    out
}

fn trim_punct(word: &str) -> &str {
    word.trim_start_matches(['(', '"', '\'', '«', '“'])
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '»', '”'])
}

fn is_status_code(word: &str) -> bool {
    word.len() == 3
        && word.chars().all(|c| c.is_ascii_digit())
        && word.starts_with(['1', '2', '3', '4', '5'])
}

fn looks_like_code(t: &str) -> bool {
    if !t.is_ascii() || !t.chars().any(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let bytes = t.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    let camel = bytes
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.is_ascii_lowercase() && b.is_ascii_uppercase()));
    let inner = |c: u8| {
        bytes
            .get(1..bytes.len().saturating_sub(1))
            .is_some_and(|m| m.contains(&c))
    };
    first.is_ascii_lowercase()
        || matches!(first, b'/' | b'{' | b'@' | b'$' | b'#')
        || camel
        || inner(b'.')
        || inner(b'/')
        || inner(b'_')
        || inner(b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    const PAGE: &str = include_str!("../../../specs/pages/002_39750de95ca96c49.txt");
    const PATH: &str = "beta/api/call-updaterecordingstatus.txt";

    fn doc() -> (PageDoc, Sink) {
        let mut sink = Sink::default();
        let doc = read(PATH, PAGE, &mut sink);
        (doc, sink)
    }

    fn headings(doc: &PageDoc) -> Vec<(u32, u8, Option<String>, String)> {
        doc.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading {
                    level,
                    anchor,
                    text,
                } => Some((b.line, *level, anchor.clone(), text.local.clone())),
                _ => None,
            })
            .collect()
    }

    fn tables(doc: &PageDoc) -> Vec<(u32, &Vec<Inline>, &Vec<Row>)> {
        doc.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Table { header, rows } => Some((b.line, header, rows)),
                _ => None,
            })
            .collect()
    }

    fn codes(doc: &PageDoc) -> Vec<(u32, &str, &str, u32, bool)> {
        doc.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Code {
                    info,
                    body,
                    body_line,
                    terminated,
                    ..
                } => Some((
                    b.line,
                    info.as_str(),
                    body.as_str(),
                    *body_line,
                    *terminated,
                )),
                _ => None,
            })
            .collect()
    }

    fn cells(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.local.as_str()).collect()
    }

    /// The JSON after the first empty line of an `http` block.
    fn json_of(body: &str) -> serde_json::Value {
        let (_, json) = body.split_once("\n\n").unwrap_or((body, ""));
        serde_json::from_str(json).unwrap_or(serde_json::Value::Null)
    }

    #[test]
    fn page_level_fields() {
        let (doc, sink) = doc();
        assert_eq!(doc.path, PATH);
        assert_eq!(doc.format, PageFormat::PlainText);
        assert!(doc.front_matter.is_empty());
        assert!(!doc.bilingual);
        assert!(sink.items.is_empty(), "{:?}", sink.items);
        for block in &doc.blocks {
            let inlines: Vec<&Inline> = match &block.kind {
                BlockKind::Heading { text, .. } | BlockKind::Paragraph { text, .. } => vec![text],
                BlockKind::Table { header, rows } => header
                    .iter()
                    .chain(rows.iter().flat_map(|r| r.cells.iter()))
                    .collect(),
                BlockKind::Code { .. } => vec![],
            };
            for inline in inlines {
                assert_eq!(inline.en, None);
                assert!(inline.links.is_empty());
                assert!(!inline.local.is_empty());
            }
        }
    }

    #[test]
    fn title_is_the_first_line() {
        let (doc, _) = doc();
        let first = doc.blocks.first().map(|b| (b.line, b.kind.clone()));
        let Some((
            1,
            BlockKind::Heading {
                level: 1,
                anchor: None,
                text,
            },
        )) = first
        else {
            panic!("no title: {first:?}");
        };
        assert_eq!(text.local, "call: updateRecordingStatus");
        assert!(text.code.contains(&"updateRecordingStatus".to_string()));
    }

    #[test]
    fn section_anchors_in_order() {
        let (doc, _) = doc();
        let got: Vec<(u32, u8, Option<String>)> = headings(&doc)
            .into_iter()
            .map(|(line, level, anchor, _)| (line, level, anchor))
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            got,
            vec![
                (1, 1, None),
                (17, 2, some("permissions")),
                (26, 2, some("http-request")),
                (33, 2, some("request-headers")),
                (39, 2, some("request-body")),
                (47, 2, some("response")),
                (51, 2, some("example")),
                (55, 3, some("request")),
                (68, 3, some("response")),
            ]
        );
    }

    #[test]
    fn http_request_lines_are_one_block() {
        let (doc, _) = doc();
        let codes = codes(&doc);
        let first = codes.first().copied();
        assert_eq!(
            first,
            Some((
                28,
                "http",
                "POST /app/calls/{id}/updateRecordingStatus\n\
                 POST /communications/calls/{id}/updateRecordingStatus",
                28,
                true
            ))
        );
        // It sits right after the HTTP request heading.
        let at = doc.blocks.iter().position(|b| b.line == 28);
        let before = at
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| doc.blocks.get(i));
        assert!(matches!(
            before.map(|b| &b.kind),
            Some(BlockKind::Heading { anchor: Some(a), .. }) if a == "http-request"
        ));
    }

    #[test]
    fn deprecation_note_is_quoted() {
        let (doc, _) = doc();
        let note = doc.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Paragraph { text, quoted } if text.local.contains("является устаревшим") => {
                Some((b.line, *quoted, text.clone()))
            }
            _ => None,
        });
        let Some((line, quoted, text)) = note else {
            panic!("no deprecation note")
        };
        assert_eq!(line, 31);
        assert!(quoted);
        assert!(
            text.local
                .starts_with("Примечание. Путь /app является устаревшим.")
        );
        assert!(text.code.contains(&"/app".to_string()));
        assert!(text.code.contains(&"/communications".to_string()));
    }

    #[test]
    fn important_callout_is_one_quoted_paragraph() {
        let (doc, _) = doc();
        let block = doc
            .blocks
            .iter()
            .find(|b| b.line == 5)
            .map(|b| b.kind.clone());
        let Some(BlockKind::Paragraph { text, quoted: true }) = block else {
            panic!("line 5: {block:?}");
        };
        assert!(
            text.local
                .starts_with("Важно! API версии /beta в Microsoft Graph")
        );
        assert!(!doc.blocks.iter().any(|b| b.line == 7));
        // The description after it is not quoted.
        let description = doc
            .blocks
            .iter()
            .find(|b| b.line == 9)
            .map(|b| b.kind.clone());
        assert!(matches!(
            description,
            Some(BlockKind::Paragraph { quoted: false, .. })
        ));
    }

    #[test]
    fn permissions_table() {
        let (doc, _) = doc();
        let tables = tables(&doc);
        let Some(&(line, header, rows)) = tables.first() else {
            panic!("no table")
        };
        assert_eq!(line, 21);
        let header: Vec<&str> = header.iter().map(|c| c.local.as_str()).collect();
        assert_eq!(
            header,
            [
                "Тип разрешения",
                "Разрешения с наименьшими привилегиями",
                "Более высокие привилегированные разрешения"
            ]
        );
        let got: Vec<(u32, Vec<&str>)> = rows.iter().map(|r| (r.line, cells(r))).collect();
        assert_eq!(
            got,
            vec![
                (
                    22,
                    vec![
                        "Делегированные (рабочая или учебная учетная запись)",
                        "Не поддерживается.",
                        "Не поддерживается."
                    ]
                ),
                (
                    23,
                    vec![
                        "Делегированные (личная учетная запись Майкрософт)",
                        "Не поддерживается.",
                        "Не поддерживается."
                    ]
                ),
                (
                    24,
                    vec![
                        "Приложение",
                        "Calls.AccessMedia.All",
                        "Calls.JoinGroupCall.All"
                    ]
                ),
            ]
        );
    }

    #[test]
    fn request_headers_table() {
        let (doc, _) = doc();
        let tables = tables(&doc);
        let Some(&(line, header, rows)) = tables.get(1) else {
            panic!("no table")
        };
        assert_eq!(line, 35);
        let header: Vec<&str> = header.iter().map(|c| c.local.as_str()).collect();
        assert_eq!(header, ["Имя", "Описание"]);
        let got: Vec<(u32, Vec<&str>)> = rows.iter().map(|r| (r.line, cells(r))).collect();
        assert_eq!(
            got,
            vec![
                (
                    36,
                    vec![
                        "Авторизация",
                        "Bearer {token}. Обязательно. Дополнительные сведения о проверке подлинности и авторизации."
                    ]
                ),
                (37, vec!["Content-Type", "application/json. Обязательно."]),
            ]
        );
    }

    #[test]
    fn request_body_table() {
        let (doc, _) = doc();
        let tables = tables(&doc);
        assert_eq!(tables.len(), 3);
        let Some(&(line, header, rows)) = tables.get(2) else {
            panic!("no table")
        };
        assert_eq!(line, 43);
        let header: Vec<&str> = header.iter().map(|c| c.local.as_str()).collect();
        assert_eq!(header, ["Параметр", "Тип", "Описание"]);
        let got: Vec<(u32, Vec<&str>)> = rows.iter().map(|r| (r.line, cells(r))).collect();
        assert_eq!(
            got,
            vec![
                (
                    44,
                    vec![
                        "clientContext",
                        "String",
                        "Строка уникального контекста клиента. Максимальное ограничение — 256 символов."
                    ]
                ),
                (
                    45,
                    vec![
                        "status",
                        "String",
                        "Состояние записи. Возможные значения: notRecording, recording или failed."
                    ]
                ),
            ]
        );
        let values = rows
            .get(1)
            .and_then(|r| r.cells.get(2))
            .map(|c| c.code.clone());
        assert_eq!(
            values,
            Some(vec![
                "notRecording".to_string(),
                "recording".to_string(),
                "failed".to_string()
            ])
        );
    }

    #[test]
    fn example_request_block() {
        let (doc, _) = doc();
        let codes = codes(&doc);
        let Some(&(line, info, body, body_line, terminated)) = codes.get(1) else {
            panic!("no example request")
        };
        assert_eq!((line, info, body_line, terminated), (59, "http", 59, true));
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(
            lines.get(..4),
            Some(
                &[
                    "POST https://graph.microsoft.com/beta/communications/calls/{id}/updateRecordingStatus",
                    "Content-Type: application/json",
                    "Content-Length: 79",
                    "",
                ][..]
            )
        );
        assert_eq!(lines.len(), 8);
        assert_eq!(
            json_of(body),
            serde_json::json!({
                "clientContext": "clientContext-value",
                "status": "notRecording | recording | failed"
            })
        );
    }

    #[test]
    fn example_response_block() {
        let (doc, _) = doc();
        let codes = codes(&doc);
        assert_eq!(codes.len(), 3);
        let Some(&(line, info, body, body_line, terminated)) = codes.get(2) else {
            panic!("no example response")
        };
        assert_eq!((line, info, body_line, terminated), (72, "http", 72, true));
        assert!(body.starts_with("HTTP/1.1 200 OK\nLocation: https://graph.microsoft.com/beta/"));
        let json = json_of(body);
        assert_eq!(
            json.get("@odata.type").and_then(|v| v.as_str()),
            Some("#microsoft.graph.updateRecordingStatusOperation")
        );
        assert_eq!(
            json.get("status").and_then(|v| v.as_str()),
            Some("completed")
        );
        assert_eq!(body.lines().count(), 10);
    }

    #[test]
    fn response_note_is_quoted() {
        let (doc, _) = doc();
        let block = doc
            .blocks
            .iter()
            .find(|b| b.line == 70)
            .map(|b| b.kind.clone());
        assert!(matches!(
            block,
            Some(BlockKind::Paragraph { quoted: true, .. })
        ));
    }

    #[test]
    fn full_block_list() {
        let (doc, _) = doc();
        let got: Vec<(u32, &str)> = doc
            .blocks
            .iter()
            .map(|b| {
                let kind = match &b.kind {
                    BlockKind::Heading { .. } => "heading",
                    BlockKind::Paragraph { quoted: true, .. } => "note",
                    BlockKind::Paragraph { .. } => "paragraph",
                    BlockKind::Table { .. } => "table",
                    BlockKind::Code { .. } => "code",
                };
                (b.line, kind)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "heading"),
                (3, "paragraph"),
                (5, "note"),
                (9, "paragraph"),
                (11, "note"),
                (13, "paragraph"),
                (15, "paragraph"),
                (17, "heading"),
                (19, "paragraph"),
                (21, "table"),
                (26, "heading"),
                (28, "code"),
                (31, "note"),
                (33, "heading"),
                (35, "table"),
                (39, "heading"),
                (41, "paragraph"),
                (43, "table"),
                (47, "heading"),
                (49, "paragraph"),
                (51, "heading"),
                (53, "paragraph"),
                (55, "heading"),
                (57, "paragraph"),
                (59, "code"),
                (68, "heading"),
                (70, "note"),
                (72, "code"),
            ]
        );
        let response = doc
            .blocks
            .iter()
            .find(|b| b.line == 49)
            .map(|b| b.kind.clone());
        let Some(BlockKind::Paragraph { text, .. }) = response else {
            panic!("line 49")
        };
        assert!(text.code.contains(&"200 OK".to_string()));
        assert!(
            text.code
                .contains(&"updateRecordingStatusOperation".to_string())
        );
    }

    #[test]
    fn detects_plain_text_pages() {
        assert!(looks_like_plain_text(PAGE));
        assert!(!looks_like_plain_text(include_str!(
            "../../../specs/pages/000_52f2b910e3db41c3.txt"
        )));
        assert!(!looks_like_plain_text(include_str!(
            "../../../specs/pages/001_dc1d0be0ba6dd48f.txt"
        )));
        assert!(!looks_like_plain_text(include_str!(
            "../../../specs/pages/003_ff1a104853d25bee.txt"
        )));
        assert!(!looks_like_plain_text(include_str!(
            "../../../specs/pages/004_eea2b2543f077e07.txt"
        )));
        assert!(!looks_like_plain_text(""));
        assert!(!looks_like_plain_text("просто текст\nбез разделов"));
        assert!(looks_like_plain_text("title\n\nGET /me\n"));
        assert!(!looks_like_plain_text("# title\n\nGET /me\n"));
    }

    #[test]
    fn empty_page() {
        let mut sink = Sink::default();
        let doc = read("x.txt", "", &mut sink);
        assert!(doc.blocks.is_empty());
        assert_eq!(sink.items.len(), 1);
        assert_eq!(sink.items.first().map(|d| d.code), Some(Code::EmptyFile));
    }

    #[test]
    fn every_prefix_reads() {
        let mut end = 0;
        for (i, _) in PAGE.char_indices().chain([(PAGE.len(), ' ')]) {
            let prefix = PAGE.get(..i).unwrap_or("");
            let mut sink = Sink::default();
            let doc = read(PATH, prefix, &mut sink);
            assert_eq!(doc.format, PageFormat::PlainText);
            let _ = looks_like_plain_text(prefix);
            end = end.max(i);
        }
        assert_eq!(end, PAGE.len());
    }

    #[test]
    fn cut_json_is_unterminated() {
        let cut = PAGE.split_inclusive('\n').take(65).collect::<String>();
        let mut sink = Sink::default();
        let doc = read(PATH, &cut, &mut sink);
        let codes = codes(&doc);
        let last = codes.last().copied();
        let Some((59, "http", body, 59, false)) = last else {
            panic!("{last:?}")
        };
        assert!(body.ends_with("\"status\": \"notRecording | recording | failed\""));
        assert_eq!(sink.items.len(), 1);
        let item = sink.items.first();
        assert_eq!(
            item.map(|d| (d.code, d.severity, d.line)),
            Some((Code::UnterminatedFence, Severity::Warning, 59))
        );
    }

    #[test]
    fn unbalanced_json_stops_at_next_heading() {
        let text = "t\n\nПример\n\nPOST https://x/y\n\n{\n  \"a\": \"}{\",\n\nОтклик\n\nHTTP/1.1 204 No Content\n";
        let mut sink = Sink::default();
        let doc = read("p", text, &mut sink);
        let codes = codes(&doc);
        assert_eq!(
            codes,
            vec![
                (
                    5,
                    "http",
                    "POST https://x/y\n\n{\n  \"a\": \"}{\",",
                    5,
                    false
                ),
                (12, "http", "HTTP/1.1 204 No Content", 12, true),
            ]
        );
        let heading = doc
            .blocks
            .iter()
            .find(|b| b.line == 10)
            .map(|b| b.kind.clone());
        assert!(matches!(heading, Some(BlockKind::Heading { level: 3, .. })));
    }

    #[test]
    fn braces_in_strings_are_ignored() {
        assert_eq!(bracket_delta(r#"  "a": "{{[", "b": "\"}", {"#), 1);
        assert_eq!(bracket_delta("}]"), -2);
    }

    #[test]
    fn type_columns() {
        let split = |t: &str| split_row(TableKind::Typed, 3, t);
        assert_eq!(
            split("ids String collection Идентификаторы."),
            ["ids", "String collection", "Идентификаторы."]
        );
        assert_eq!(
            split("items Коллекция recipient Получатели."),
            ["items", "Коллекция recipient", "Получатели."]
        );
        assert_eq!(
            split("to recipient collection Кому."),
            ["to", "recipient collection", "Кому."]
        );
        assert_eq!(
            split("Контекст клиента String Строка."),
            ["Контекст клиента", "String", "Строка."]
        );
        assert_eq!(
            split("source identitySet Источник."),
            ["source", "identitySet", "Источник."]
        );
        assert_eq!(split("x Коллекция строк"), ["x", "Коллекция строк"]);
        assert_eq!(split("x"), ["x"]);
    }

    #[test]
    fn numbered_examples_nest_requests() {
        let text = "t\n\nПримеры\n\nПример 1. Создание звонка\n\nЗапрос\n\nGET https://x/y\n\nОтвет\n\nHTTP/1.1 200 OK\n";
        let mut sink = Sink::default();
        let doc = read("p", text, &mut sink);
        let got: Vec<(u32, u8, Option<String>)> = headings(&doc)
            .into_iter()
            .map(|(line, level, anchor, _)| (line, level, anchor))
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            got,
            vec![
                (1, 1, None),
                (3, 2, some("examples")),
                (5, 3, some("example-1")),
                (7, 4, some("request")),
                (11, 4, some("response")),
            ]
        );
    }

    #[test]
    fn request_and_status_lines() {
        assert!(is_request_line(
            "POST /app/calls/{id}/updateRecordingStatus"
        ));
        assert!(is_request_line("GET https://graph.microsoft.com/beta/me"));
        assert!(is_request_line(
            "GET ~/onPremisesPublishingProfiles/{type}/agentGroups"
        ));
        assert!(is_request_line("PATCH applications/{id}/synchronization"));
        assert!(is_request_line(
            "POST\u{202f}https://graph.microsoft.com/beta/me"
        ));
        assert!(!is_request_line("GET запрос/ответ"));
        assert!(!is_request_line("POST"));
        assert!(!is_request_line("Get the call"));
        assert!(is_status_line("HTTP/1.1 200 OK"));
        assert!(is_status_line("HTTP/2 204"));
        assert!(is_status_line("HTTP 201 Created"));
        assert!(!is_status_line("HTTP-запрос"));
        assert!(!is_status_line("HTTP request"));
        assert!(!is_status_line("HTTP/1.1 20"));
        assert!(is_header_field("Content-Type: application/json"));
        assert!(!is_header_field("https://graph.microsoft.com/beta/me"));
        assert!(!is_header_field("Note: the path is deprecated."));
    }

    #[test]
    fn non_json_body_and_headers_after_a_blank() {
        let text = "t\n\nПример\n\nPOST https://x/y\n\nContent-type: application/json\n\n{\"a\": 1}\n\n\
                    HTTP/1.1 200 OK\nContent-Type: application/octet-stream\n\nReport Refresh Date,Total\n\n\
                    Ниже показан отклик.\n";
        let mut sink = Sink::default();
        let doc = read("p", text, &mut sink);
        let codes = codes(&doc);
        assert_eq!(
            codes,
            vec![
                (
                    5,
                    "http",
                    "POST https://x/y\n\nContent-type: application/json\n\n{\"a\": 1}",
                    5,
                    true
                ),
                (
                    11,
                    "http",
                    "HTTP/1.1 200 OK\nContent-Type: application/octet-stream\n\nReport Refresh Date,Total",
                    11,
                    true
                ),
            ]
        );
        let last = doc.blocks.last().map(|b| (b.line, b.kind.clone()));
        assert!(
            matches!(last, Some((16, BlockKind::Paragraph { quoted: false, .. }))),
            "{last:?}"
        );
        assert!(sink.items.is_empty());
    }

    #[test]
    fn other_table_shapes() {
        let text = "t\n\nМетоды\n\nМетод Возвращаемый тип Описание\n\
                    Получение объекта eventMessage eventMessage Чтение свойств.\n\
                    Вывод задачи task Получение задачи.\n\
                    Удаление объекта call Нет Удаление.\n\n\
                    Элементы\n\nЭлемент Значение Описание\nне удалось 3 Синхронизация не удалась.\n\n\
                    Имя\tОписание\nPrefer: outlook.timezone\tЧасовой пояс.\n\n\
                    Разрешения\n\nТип разрешения Разрешения (в порядке убывания привилегий)\n\
                    Управление мобильным приложением (MAM) DeviceManagementApps.ReadWrite.All, DeviceManagementApps.Read.All\n\n\
                    Заголовки запросов\n\nИмя Тип Описание\nPrefer: outlook.timezone string Часовой пояс.\n";
        let mut sink = Sink::default();
        let doc = read("p", text, &mut sink);
        let tables = tables(&doc);
        let all: Vec<Vec<Vec<&str>>> = tables
            .iter()
            .map(|(_, _, rows)| rows.iter().map(cells).collect())
            .collect();
        assert_eq!(
            all,
            vec![
                vec![
                    vec![
                        "Получение объекта eventMessage",
                        "eventMessage",
                        "Чтение свойств."
                    ],
                    vec!["Вывод задачи", "task", "Получение задачи."],
                    vec!["Удаление объекта call", "Нет", "Удаление."],
                ],
                vec![vec!["не удалось", "3", "Синхронизация не удалась."]],
                vec![vec!["Prefer: outlook.timezone", "Часовой пояс."]],
                vec![vec![
                    "Управление мобильным приложением (MAM)",
                    "DeviceManagementApps.ReadWrite.All, DeviceManagementApps.Read.All"
                ]],
                vec![vec!["Prefer: outlook.timezone", "string", "Часовой пояс."]],
            ]
        );
        assert!(sink.items.is_empty(), "{:?}", sink.items);
    }

    #[test]
    fn short_rows_are_reported() {
        let text = "t\n\nПараметр Тип Описание\nid\n";
        let mut sink = Sink::default();
        let doc = read("p", text, &mut sink);
        assert_eq!(tables(&doc).len(), 1);
        let item = sink.items.first().map(|d| (d.code, d.line));
        assert_eq!(item, Some((Code::TableCells, 4)));
    }

    #[test]
    fn garbage_reads() {
        // A small deterministic generator: no dependency on a random crate.
        let alphabet: Vec<char> =
            "{}[]\"\\:,. \n\r\t/-–—ёЖжПримерОтклик HTTP/1.1 200 POST GET aZ09|#`<>!Важно\u{feff}\u{0}"
                .chars()
                .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..(state % 400) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let index = usize::try_from(state % alphabet.len() as u64).unwrap_or(0);
                text.push(alphabet.get(index).copied().unwrap_or(' '));
            }
            let mut sink = Sink::default();
            let _ = read("g", &text, &mut sink);
            let _ = looks_like_plain_text(&text);
        }
        // Lines made of the pieces the reader looks for.
        let pieces = [
            "Пример",
            "Запрос",
            "Отклик",
            "POST /a",
            "HTTP/1.1 200 OK",
            "{",
            "}",
            "[",
            "\"{\"",
            "Тип разрешения Разрешения",
            "Имя Описание",
            "Параметр Тип Описание",
            "Приложение",
            "Коллекция",
            "Важно!",
            "Примечание.",
            "Пример 1.",
            "X: y",
            "",
            "Не поддерживается.",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}\n{b}\n{c}\n{b} {c}\n{a}");
                    let mut sink = Sink::default();
                    let _ = read("g", &text, &mut sink);
                }
            }
        }
    }
}
