//! Resource pages: the type a page defines (its `resource` annotation, JSON
//! representation, property and relationship tables) and enum tables.
//!
//! Rules (see also `specs/README.md`):
//! - **Name**: the `resource` annotation's `@odata.type` (or a misspelt `@type`),
//!   qualified, cased. Without one: the title anchor (`call-resource-type` → `call`,
//!   `-resource` stripped, must be an identifier), else the file stem (its last
//!   `-` part for `callrecords-callrecord.md`), cased by an ASCII identifier of the
//!   title that matches it ignoring case; lowercase-only evidence gives
//!   `name_cased: false`. A page with neither a `resource` annotation nor a
//!   properties table defines no type. With several `resource` annotations the
//!   first defines the type; the others are reported (`annotation-mismatch`, info).
//! - **Base type**: the annotation's `baseType` (qualified; empty, `null` or a
//!   primitive word is ignored), else the first type link of an "Inherits from" /
//!   "Наследуется от" / "Производный от" paragraph of the intro or properties.
//! - **JSON representation**: the block under the `resource` annotation, else the
//!   first JSON block of the JSON-representation section, parsed leniently; a block
//!   that does not parse is a `json-invalid` error and the tables are still read.
//!   Members keep block order and the line of their key; `@`-prefixed members
//!   (control information) are not properties. Shapes: a string whose first word is
//!   a primitive (also `timestamp`, `url`) → that primitive; `"a | b"` (≥ 2
//!   identifiers, not all primitive words) → enum; `"Collection(microsoft.graph.x)"`
//!   and `"@odata.type: microsoft.graph.x"` → that type; an array → its first
//!   element's shape as a collection (`[]` → unknown); `{"@odata.type": …}` → that
//!   type; other objects, other strings and `null` → unknown; `true` → Boolean;
//!   integers → Int32 (Int64 beyond i32); other numbers → Double.
//! - **Tables**: every table of the properties (relationships) section with a type
//!   column. Name = first cell's primary text without backticks and asterisks, kept
//!   even when translated (the merge recovers it); separator rows and label rows
//!   (nothing but a non-identifier) are skipped. Types = every Graph type the type
//!   cell links to (enum anchors `enums.md#x-values` and prefixed file names
//!   `intune-…-x.md` included), else the primitive or bare identifier it names
//!   (`typeword::read_lenient`). Read-only, nullable (unless "not nullable"), and the
//!   identifier code spans after "Possible values" come from the description.
//! - **Enums**: a heading (level ≥ 2) whose anchor ends in `-values` (also
//!   `-property-values`), or whose text ends with "values" or starts with "Значения",
//!   followed before the next heading by a table whose first header is
//!   `Member`/`Элемент`/`Значение`/`Value`/`Name`/…; on an enum page (title anchor
//!   `…-enum-type`) also its `Members` section, named by the title. The name is the
//!   heading's ASCII identifier that matches the anchor stem (cased), else the stem
//!   (`name_cased: false`); no identifier → not an enum. Members come from the first
//!   column (translated ones are kept, flagged); the description from the last
//!   column unless it holds the numeric value.

#[path = "resource_json.rs"]
mod json;

use super::listed;
use super::sections::Section;
use super::typeword::{self, TypeName, TypeWord};
use crate::diag::{Code, Sink, Source};
use crate::infer::qualify;
use crate::ir::{Primitive, Text};
use crate::parse::doc::{Annotation, Block, BlockKind, Inline, PageDoc, Row};
use crate::parse::lenient_json;
use serde_json::Value;

/// What a resource page says about the type it defines.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceFacts {
    /// Qualified name from the `resource` annotation's `@odata.type` (the truth);
    /// else from the title/anchor (`call-resource-type` → `call`, cased later).
    pub name: String,
    /// False when only a lowercase anchor or file name gave the name.
    pub name_cased: bool,
    /// `baseType` of the annotation, else an "Inherits from [x](x.md)" sentence; qualified.
    pub base_type: Option<String>,
    /// Whether `base_type` is the annotation's.
    pub base_annotated: bool,
    /// Short paragraphs that link one type (`Herda de [commsOperation](commsoperation.md).`):
    /// what the tree may say for "inherits from", learned in `infer/vocabulary.rs`.
    pub base_phrases: Vec<BasePhrase>,
    pub key_property: Option<String>,
    pub open_type: bool,
    /// `optionalProperties` of the annotation.
    pub optional_properties: Vec<String>,
    /// The first paragraph after the title that is not the namespace line.
    pub description: Text,
    /// Members of the JSON-representation block, in block order.
    pub json_properties: Vec<JsonProperty>,
    /// Rows of the properties table, in table order.
    pub table_properties: Vec<TableProperty>,
    /// Rows of the relationships table (navigation properties), in table order.
    pub relationships: Vec<TableProperty>,
    /// Types the "Derived types" section links (cased later when `cased` is false).
    pub derived: Vec<TypeName>,
    /// The operation pages the "Methods" table links (`ru-RU/beta/api/dynamics-currencies-get.md`),
    /// in the tree, in table order.
    pub methods: Vec<String>,
    /// Where the type is defined: the annotation's line, else the title's.
    pub source: Source,
}

/// A paragraph of a few words and one type link: its words, lowercased, outside the link
/// (`herda de`), and the type it links, qualified.
#[derive(Debug, Clone, PartialEq)]
pub struct BasePhrase {
    pub words: String,
    pub base: String,
}

/// One member of the JSON representation: `"callbackUri": "String"`.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonProperty {
    pub name: String,
    pub shape: JsonShape,
    pub collection: bool,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonShape {
    /// `"String"`, `"String (identifier)"`, `"Boolean"`, `"Int32"`, `"DateTimeOffset"`, `true`, `1024` …
    Primitive(Primitive),
    /// `{"@odata.type": "#microsoft.graph.chatInfo"}`: qualified name, `#` removed.
    Type(String),
    /// `"incoming | outgoing"`: the values of a string enumeration.
    Enum(Vec<String>),
    /// Anything else (an object without `@odata.type`, `null`, `[]`, an unknown word): the raw text.
    Unknown(String),
}

/// One row of a properties or relationships table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableProperty {
    /// The name cell's primary text (English where the page has it). May be a
    /// translation (`состояние`): the merge recovers the true name.
    pub name: String,
    /// True when `name` is an ASCII identifier.
    pub name_is_identifier: bool,
    /// Every type the cell names: one, or several for unions (`[a](a.md) или [b](b.md)`).
    pub types: Vec<TypeWord>,
    /// The collection marker of the cell (`Коллекция …`, `… collection`).
    pub collection: bool,
    /// The type cell's words outside its links, lowercased (`cadeia de caracteres`,
    /// `coleção`): what `infer::vocabulary` learns a tree's type words from.
    pub type_words: String,
    /// The words of the cell's link texts but the type names, lowercased (`coleção` of
    /// `[coleção windowsDefenderApplicationControlSupplementalPolicyAssignment](…)`).
    pub link_words: String,
    pub description: Text,
    /// Values in code spans after "Possible values" / "Возможные значения".
    pub allowed_values: Vec<String>,
    /// "Read-only" / "Только для чтения".
    pub read_only: bool,
    /// "Nullable" / "Допускается значение null" (and not "Not nullable").
    pub nullable: bool,
    pub line: u32,
}

/// An enum table: a heading such as `### callState values` / `Значения callState`
/// (anchor `callstate-values`) followed by a `Member | Value | Description` table.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumFacts {
    /// The enum's name as the heading spells it (`callState`), qualified; or the
    /// lowercase anchor stem when the heading is translated (`name_cased` false).
    pub name: String,
    pub name_cased: bool,
    pub members: Vec<EnumMemberFacts>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumMemberFacts {
    /// The member cell's primary text; may be a translation (`Входящих`).
    pub name: String,
    pub name_is_identifier: bool,
    pub description: Text,
    pub line: u32,
}

/// Reads the type a resource page defines; `None` when the page defines none.
pub fn read(
    doc: &PageDoc,
    sections: &[(Section, &Block)],
    sink: &mut Sink,
) -> Option<ResourceFacts> {
    let at = |line| Source::new(&doc.path, line);
    let resources: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| resource_annotation(b).is_some())
        .collect();
    let first = resources.first().copied();
    let annotation = first.and_then(resource_annotation);
    let in_section = |wanted: Section| {
        sections
            .iter()
            .filter(move |(s, _)| *s == wanted)
            .map(|(_, b)| *b)
    };
    let property_tables: Vec<&Block> = in_section(Section::Properties)
        .filter(|b| is_property_table(b))
        .collect();
    if annotation.is_none() && property_tables.is_empty() {
        return None;
    }

    let title = doc.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading {
            level: 1,
            anchor,
            text,
        } => Some((b.line, anchor.as_deref(), text)),
        _ => None,
    });
    let annotated_name = annotation
        .and_then(|a| {
            a.odata_type.as_deref().or_else(|| {
                // Misspelt keys (`@type`, `@odate.type`) still name the type.
                json::TYPE_KEYS
                    .iter()
                    .find_map(|k| a.fields.get(*k).and_then(Value::as_str))
            })
        })
        .map(|t| t.trim().trim_start_matches('#'))
        .filter(|t| t.split('.').all(typeword::is_identifier));
    let (name, name_cased) = match annotated_name {
        Some(t) => (qualify(t), true),
        None => {
            let (name, cased) = name_from_title(&doc.path, title.map(|(_, a, t)| (a, t)))?;
            (qualify(&name), cased)
        }
    };
    for extra in resources
        .iter()
        .skip(1)
        .filter_map(|b| resource_annotation(b))
    {
        sink.info(
            Code::AnnotationMismatch,
            &at(extra.line),
            format!(
                "another `resource` annotation ({}) on the page; the page's type is the first one's (`{name}`)",
                extra.odata_type.as_deref().unwrap_or("no @odata.type")
            ),
        );
    }

    let field = |key: &str| annotation.and_then(|a| a.fields.get(key));
    let annotated_base = field("baseType")
        .and_then(Value::as_str)
        .map(|t| t.trim().trim_start_matches('#'))
        .filter(|t| {
            !t.is_empty()
                && t.split('.').all(typeword::is_identifier)
                && Primitive::from_doc_word(t).is_none()
        })
        .map(qualify);
    let base_annotated = annotated_base.is_some();
    let base_type = annotated_base.or_else(|| inherited_from(sections));
    let key_property = field("keyProperty")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string);
    let open_type = match field("openType") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    };
    let optional_properties = field("optionalProperties")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();

    // The block the annotation describes, else the section's first JSON block.
    let json_block = first.or_else(|| {
        in_section(Section::JsonRepresentation).find(|b| {
            matches!(&b.kind, BlockKind::Code { info, body, .. }
                if matches!(info.as_str(), "json" | "" | "javascript" | "js")
                    && body.trim_start().starts_with(['{', '[']))
        })
    });
    let json_properties = match json_block.map(|b| &b.kind) {
        Some(BlockKind::Code {
            body, body_line, ..
        }) => {
            let parsed = lenient_json::parse(body);
            match (&parsed.value, &parsed.error) {
                (Some(value), _) => json::members(value, body, *body_line),
                (None, error) => {
                    sink.error(
                        Code::JsonInvalid,
                        &at(*body_line),
                        format!(
                            "JSON representation of `{name}` does not parse: {}; using the tables only",
                            error.as_deref().unwrap_or("no value")
                        ),
                    );
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    };

    let source = match (annotation, title) {
        (Some(a), _) => at(a.line),
        (None, Some((line, _, _))) => at(line),
        (None, None) => at(1),
    };
    Some(ResourceFacts {
        name,
        name_cased,
        base_type,
        base_annotated,
        base_phrases: base_phrases(sections),
        key_property,
        open_type,
        optional_properties,
        description: description(in_section(Section::Intro)),
        json_properties,
        table_properties: property_tables.iter().flat_map(|b| table_rows(b)).collect(),
        relationships: in_section(Section::Relationships)
            .filter(|b| is_property_table(b))
            .flat_map(table_rows)
            .collect(),
        derived: derived_types(in_section(Section::DerivedTypes)),
        methods: method_pages(&doc.path, in_section(Section::Methods)),
        source,
    })
}

/// The operation page the first cell of each row of the "Methods" tables links, in the tree.
fn method_pages<'a>(page: &str, blocks: impl Iterator<Item = &'a Block>) -> Vec<String> {
    let mut out = Vec::new();
    for block in blocks {
        let BlockKind::Table { rows, .. } = &block.kind else {
            continue;
        };
        let links = rows
            .iter()
            .filter_map(|row| row.cells.first()?.links.first())
            .filter_map(|link| crate::area::resolve_link(page, &link.target));
        for target in links {
            if !out.contains(&target) {
                out.push(target);
            }
        }
    }
    out
}

/// The first link of each row of the "Derived types" tables.
fn derived_types<'a>(blocks: impl Iterator<Item = &'a Block>) -> Vec<TypeName> {
    let mut out = Vec::new();
    for block in blocks {
        let BlockKind::Table { rows, .. } = &block.kind else {
            continue;
        };
        for row in rows {
            let link = row
                .cells
                .first()
                .and_then(|c| c.links.iter().find(|l| l.target.ends_with(".md")));
            if let Some(name) =
                link.and_then(|l| typeword::graph_name_from_link(&l.text, &l.target))
                && !out.contains(&name)
            {
                out.push(name);
            }
        }
    }
    out
}

/// The annotation of a code block annotated as a `resource`.
fn resource_annotation(block: &Block) -> Option<&Annotation> {
    match &block.kind {
        BlockKind::Code {
            annotation: Some(a),
            ..
        } if a
            .block_type
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("resource")) =>
        {
            Some(a)
        }
        _ => None,
    }
}

/// The type's name from the title: the anchor without `-resource-type`, cased
/// by a title word; without an anchor, the file stem, cased the same way.
fn name_from_title(path: &str, title: Option<(Option<&str>, &Inline)>) -> Option<(String, bool)> {
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.strip_suffix(".md").unwrap_or(stem);
    let anchor_name = title.and_then(|(a, _)| a).and_then(|a| {
        let a = a.trim();
        let a = a
            .strip_suffix("-resource-type")
            .or_else(|| a.strip_suffix("-resource"))
            .unwrap_or(a);
        typeword::is_identifier(a).then_some(a)
    });
    let lowercase = anchor_name
        .or_else(|| typeword::is_identifier(stem).then_some(stem))
        // `callrecords-callrecord.md`: the last part names the type.
        .or_else(|| {
            stem.rsplit('-')
                .next()
                .filter(|s| typeword::is_identifier(s))
        })?;
    let cased = title.and_then(|(_, text)| matching_identifier(text, lowercase));
    Some(match cased {
        Some(name) => (name, true),
        // A file stem such as `systemFacet` is casing evidence of its own.
        None => (
            lowercase.to_string(),
            lowercase.chars().any(|c| c.is_ascii_uppercase()),
        ),
    })
}

/// An ASCII identifier of `text` (English, then the translation) that spells
/// `wanted` ignoring case.
fn matching_identifier(text: &Inline, wanted: &str) -> Option<String> {
    [text.primary(), text.local.as_str()]
        .into_iter()
        .find_map(|t| {
            t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .map(|w| w.trim_start_matches("microsoft.graph.").trim_matches('.'))
                .find(|w| typeword::is_identifier(w) && w.eq_ignore_ascii_case(wanted))
                .map(str::to_string)
        })
}

/// Words that introduce the base type in an intro paragraph.
const INHERITS: &[&str] = &[
    "inherits from",
    "derived from",
    "derives from",
    "наследуется",
    "наследует",
    "унаследован",
    "производный от",
];

/// The base type an "Inherits from [entity](entity.md)" paragraph names.
fn inherited_from(sections: &[(Section, &Block)]) -> Option<String> {
    sections
        .iter()
        .filter(|(s, _)| matches!(s, Section::Intro | Section::Properties))
        .find_map(|(_, block)| {
            let BlockKind::Paragraph { text, .. } = &block.kind else {
                return None;
            };
            let says = [text.primary(), text.local.as_str()].iter().any(|t| {
                // Most paragraphs say nothing of the kind: test the stems before lowercasing.
                ["nherit", "erive", "аслед", "роизводн"]
                    .iter()
                    .any(|stem| t.contains(stem))
                    && INHERITS.iter().any(|w| t.to_lowercase().contains(w))
            });
            if !says {
                return None;
            }
            text.links
                .iter()
                .find_map(|l| match link_type(&l.text, &l.target)? {
                    TypeName::Graph { name, .. } => Some(qualify(&name)),
                    TypeName::Primitive(_) => None,
                })
        })
}

/// Paragraphs of the intro and properties sections with one type link and at most four
/// words beside it: candidates for the tree's "inherits from" phrase.
fn base_phrases(sections: &[(Section, &Block)]) -> Vec<BasePhrase> {
    let mut out = Vec::new();
    for (_, block) in sections
        .iter()
        .filter(|(s, _)| matches!(s, Section::Intro | Section::Properties))
    {
        let BlockKind::Paragraph { text, .. } = &block.kind else {
            continue;
        };
        if text.primary().contains("!INCLUDE") {
            continue;
        }
        let mut linked = text
            .links
            .iter()
            .filter_map(|l| match link_type(&l.text, &l.target)? {
                TypeName::Graph { name, .. } => Some(qualify(&name)),
                TypeName::Primitive(_) => None,
            });
        let (Some(base), None) = (linked.next(), linked.next()) else {
            continue;
        };
        let words: Vec<String> = words_outside_links(text)
            .split(' ')
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        if (1..=4).contains(&words.len()) {
            out.push(BasePhrase {
                words: words.join(" "),
                base,
            });
        }
    }
    out
}

/// The first paragraph of the intro that is not the namespace line or an include.
fn description<'a>(intro: impl Iterator<Item = &'a Block>) -> Text {
    intro
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph {
                text,
                quoted: false,
            } => Some(text),
            _ => None,
        })
        .find(|text| {
            let t = text.primary().trim();
            let local = text.local.trim();
            !t.is_empty()
                && !t.starts_with("Namespace")
                && !local.starts_with("Пространство имен")
                && !t.contains("!INCLUDE")
        })
        .map(Inline::to_text)
        .unwrap_or_default()
}

/// A table with a type column (`Property | Type | Description`).
fn is_property_table(block: &Block) -> bool {
    let BlockKind::Table { header, rows } = &block.kind else {
        return false;
    };
    type_column(header, rows).is_some()
}

/// Header words of a type column, where a header says it.
const TYPE_HEADERS: &[&str] = &["type", "тип", "tipo", "typ"];

/// The column of a property table that holds types: the one its header names,
/// else (a header in a language not known here) the column whose cells most
/// often read as a type, when at least half do. A table whose first column
/// links API pages lists methods, not properties.
fn type_column(header: &[Inline], rows: &[Row]) -> Option<usize> {
    let first = header.first()?.primary().to_lowercase();
    if first.contains("method") || first.contains("метод") {
        return None;
    }
    let links_api = rows
        .iter()
        .filter(|r| {
            r.cells
                .first()
                .is_some_and(|c| c.links.iter().any(|l| l.target.contains("api/")))
        })
        .count();
    if links_api * 2 > rows.len() {
        return None;
    }
    let named = header.iter().skip(1).position(|h| {
        let h = h.primary().trim().to_lowercase();
        TYPE_HEADERS.iter().any(|w| h.contains(w))
    });
    if let Some(i) = named {
        return Some(i + 1);
    }
    // Strict here: a bare word (`Somente`) reads as a Graph name, so only links,
    // primitives and qualified names count as types.
    let reads_as_type = |c: &Inline| {
        c.links.iter().any(|l| l.target.ends_with(".md"))
            || c.primary().trim().starts_with("microsoft.graph.")
            || matches!(
                typeword::read_lenient(c),
                Some(TypeWord {
                    name: TypeName::Primitive(_),
                    ..
                })
            )
    };
    let typed = |column: usize| {
        rows.iter()
            .filter(|r| r.cells.get(column).is_some_and(reads_as_type))
            .count()
    };
    (1..header.len())
        .map(|c| (typed(c), c))
        .filter(|(n, _)| *n > 0 && n * 2 >= rows.len())
        .max_by_key(|(n, c)| (*n, std::cmp::Reverse(*c)))
        .map(|(_, c)| c)
}

fn table_rows(block: &Block) -> Vec<TableProperty> {
    let BlockKind::Table { header, rows } = &block.kind else {
        return Vec::new();
    };
    let Some(type_index) = type_column(header, rows) else {
        return Vec::new();
    };
    let description_index = header
        .iter()
        .position(|h| {
            let h = h.primary().to_lowercase();
            h.contains("description") || h.contains("описание") || h.contains("descrição")
        })
        .unwrap_or(header.len().saturating_sub(1).max(type_index + 1));
    rows.iter()
        .filter_map(|row| table_row(row, type_index, description_index))
        .collect()
}

fn table_row(row: &Row, type_index: usize, description_index: usize) -> Option<TableProperty> {
    let name = clean_name(row.cells.first()?);
    let rest_empty = row
        .cells
        .iter()
        .skip(1)
        .all(|c| c.primary().trim().is_empty());
    // Separator rows, and group labels (`**Calls**`) with nothing else in the row.
    if name.is_empty()
        || name.chars().all(|c| matches!(c, '-' | ':' | '|' | ' '))
        || (rest_empty && !typeword::is_identifier(&name))
    {
        return None;
    }
    let empty = Inline::default();
    let type_cell = row.cells.get(type_index).unwrap_or(&empty);
    let description = row
        .cells
        .get(description_index)
        .filter(|_| description_index != type_index)
        .unwrap_or(&empty);
    let (types, collection) = cell_types(type_cell);
    let type_words = words_outside_links(type_cell);
    let link_words = words_beside_type_names(type_cell);
    // Lowercased once: tables of thousands of rows make this the hot path.
    let primary = description.primary().to_lowercase();
    let local = match description.en {
        Some(_) => description.local.to_lowercase(),
        None => String::new(),
    };
    let texts = [primary.as_str(), local.as_str()];
    let says = |phrases: &[&str]| texts.iter().any(|t| phrases.iter().any(|p| t.contains(p)));
    let read_only = says(READ_ONLY);
    let mentions_null = texts.iter().any(|t| t.contains("null"));
    let nullable = mentions_null && !says(NOT_NULLABLE) && says(NULLABLE);
    Some(TableProperty {
        name_is_identifier: typeword::is_identifier(&name),
        name,
        types,
        collection,
        type_words,
        link_words,
        allowed_values: listed::listed_values(description),
        description: description.to_text(),
        read_only,
        nullable,
        line: row.line,
    })
}

/// Lowercase phrases of descriptions, English and Russian.
const READ_ONLY: &[&str] = &["read-only", "read only", "только для чтения"];
const NOT_NULLABLE: &[&str] = &[
    "not nullable",
    "non-nullable",
    "not null",
    "не допускает значение null",
    "не допускается значение null",
    "не может иметь значение null",
    "не может принимать значение null",
    "не допускающ",
];
/// Each also holds "null", the cheap test made first.
const NULLABLE: &[&str] = &[
    "nullable",
    "допускается значение null",
    "допускает значение null",
    "допускающий значение null",
    "допускающее значение null",
    "значение null допускается",
];

/// A name cell without markup and surrounding space.
fn clean_name(cell: &Inline) -> String {
    cell.primary()
        .trim()
        .trim_matches(|c: char| c == '`' || c == '*' || c.is_whitespace())
        .to_string()
}

/// Every type a type cell names, and its collection marker.
/// A cell's text without its links' texts, lowercased, words single-spaced.
pub(super) fn words_outside_links(cell: &Inline) -> String {
    let mut text = cell.primary().to_lowercase();
    for link in &cell.links {
        let link_text = link.text.to_lowercase();
        if !link_text.is_empty() {
            text = text.replacen(&link_text, " ", 1);
        }
    }
    cell_words(&text).collect::<Vec<_>>().join(" ")
}

/// The words of a type cell's text: split at spaces and brackets.
fn cell_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '[' || c == ']' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
}

/// The words of a cell's link texts that are not the name of a type (`coleção` of
/// `[coleção callRoute](callroute.md)`), lowercased.
fn words_beside_type_names(cell: &Inline) -> String {
    let mut out: Vec<String> = Vec::new();
    for link in &cell.links {
        let named = match link_type(&link.text, &link.target) {
            Some(TypeName::Graph { name, .. }) => {
                Some(crate::ir::typeref_short_name(&name).to_lowercase())
            }
            _ => None,
        };
        let text = link.text.to_lowercase();
        for word in cell_words(&text).filter(|w| !w.contains('.')) {
            if named.as_deref() != Some(word) {
                out.push(word.to_string());
            }
        }
    }
    out.join(" ")
}

fn cell_types(cell: &Inline) -> (Vec<TypeWord>, bool) {
    let text = cell.primary().trim();
    let lower = text.to_lowercase();
    let collection = typeword::says_collection(&lower);
    let mut types: Vec<TypeWord> = Vec::new();
    for link in &cell.links {
        let Some(name) = link_type(&link.text, &link.target) else {
            continue;
        };
        let word = TypeWord { name, collection };
        if !types.contains(&word) {
            types.push(word);
        }
    }
    if types.is_empty() {
        types.extend(typeword::read_lenient(cell).map(|w| TypeWord { collection, ..w }));
    }
    (types, collection)
}

/// The type a link of a type cell names. Beyond `graph_name_from_link`: enum
/// anchors (`enums.md#callstate-values`) and prefixed file names
/// (`intune-deviceconfig-enablement.md`), whose last part is the type.
fn link_type(text: &str, target: &str) -> Option<TypeName> {
    let file = target.rsplit('/').next()?;
    let (file, fragment) = file.split_once('#').unwrap_or((file, ""));
    let stem = file.strip_suffix(".md")?;
    let text = text
        .trim()
        .trim_matches('`')
        .trim_start_matches("microsoft.graph.");
    let enum_page = stem == "enums" || stem.starts_with("enums-");
    if fragment.is_empty() && !enum_page {
        match typeword::graph_name_from_link(text, target) {
            // `[коллекция mediaStream](mediastream.md)`: a word of the text cases the file name.
            Some(TypeName::Graph { name, cased: false }) => {
                let cased = matching_identifier(&Inline::plain(text), &name);
                return Some(TypeName::Graph {
                    cased: cased.is_some(),
                    name: cased.unwrap_or(name),
                });
            }
            Some(name) => return Some(name),
            None => {}
        }
    }
    let lowercase = match fragment
        .strip_suffix("-values")
        .filter(|f| typeword::is_identifier(f))
    {
        Some(f) => f,
        // A link to the enum list names its type only in the link text.
        None if enum_page => {
            return typeword::is_identifier(text).then(|| TypeName::Graph {
                name: text.to_string(),
                cased: true,
            });
        }
        None => stem
            .rsplit('-')
            .next()
            .filter(|s| typeword::is_identifier(s))?,
    };
    // The text may qualify the name with a sub-namespace the anchor leaves out
    // (`[microsoft.graph.security.caseAction](security-caseoperation.md#caseaction-values)`).
    let spelled = text.rsplit('.').next().unwrap_or(text);
    Some(
        if text.split('.').all(typeword::is_identifier) && spelled.eq_ignore_ascii_case(lowercase) {
            TypeName::Graph {
                // `qualify` keeps a dotted name as it is: the prefix was trimmed above.
                name: if text.contains('.') {
                    format!("microsoft.graph.{text}")
                } else {
                    text.to_string()
                },
                cased: true,
            }
        } else {
            TypeName::Graph {
                name: lowercase.to_string(),
                cased: false,
            }
        },
    )
}

/// Header words of the member column of an enum table.
const MEMBER_HEADERS: &[&str] = &[
    "member",
    "members",
    "член",
    "элемент",
    "значение",
    "значения",
    "value",
    "values",
    "name",
    "имя",
];

/// Reads every enum table on a page (resource pages and `enums.md`).
pub fn read_enums(doc: &PageDoc, _sink: &mut Sink) -> Vec<EnumFacts> {
    let mut out = Vec::new();
    let page_enum = page_enum_name(doc);
    let mut blocks = doc.blocks.iter().peekable();
    while let Some(block) = blocks.next() {
        let BlockKind::Heading {
            level,
            anchor,
            text,
        } = &block.kind
        else {
            continue;
        };
        if *level < 2 {
            continue;
        }
        let members_of_page = page_enum
            .as_ref()
            .filter(|_| is_members_heading(anchor.as_deref(), text));
        let Some((name, name_cased)) = members_of_page
            .cloned()
            .or_else(|| enum_name(anchor.as_deref(), text))
        else {
            continue;
        };
        // The first table before the next heading.
        let mut table = None;
        while let Some(next) = blocks.next_if(|b| !matches!(b.kind, BlockKind::Heading { .. })) {
            if table.is_none() && matches!(next.kind, BlockKind::Table { .. }) {
                table = Some(next);
            }
        }
        let Some(BlockKind::Table { header, rows }) = table.map(|b| &b.kind) else {
            continue;
        };
        let first = header
            .first()
            .map(|h| clean_name(h).to_lowercase())
            .unwrap_or_default();
        if !MEMBER_HEADERS.contains(&first.as_str()) {
            continue;
        }
        let members = rows
            .iter()
            .filter_map(|row| {
                let name = clean_name(row.cells.first()?);
                if name.is_empty() || name.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
                    return None;
                }
                let description = match row.cells.len() {
                    0 | 1 => Text::default(),
                    n => row
                        .cells
                        .get(n - 1)
                        .filter(|c| !is_number(c.primary()))
                        .map(Inline::to_text)
                        .unwrap_or_default(),
                };
                Some(EnumMemberFacts {
                    name_is_identifier: typeword::is_identifier(&name),
                    name,
                    description,
                    line: row.line,
                })
            })
            .collect();
        out.push(EnumFacts {
            name: qualify(&name),
            name_cased,
            members,
            source: Source::new(&doc.path, block.line),
        });
    }
    out
}

/// The enum an enum page defines (`# <a name="managedappavailability-enum-type"></a>
/// Тип перечисления managedAppAvailability`, `# managedAppAvailability enum type`):
/// its `Members` section is the enum table.
fn page_enum_name(doc: &PageDoc) -> Option<(String, bool)> {
    let (anchor, text) = doc.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading {
            level: 1,
            anchor,
            text,
        } => Some((anchor.as_deref(), text)),
        _ => None,
    })?;
    let stem = match anchor.and_then(|a| a.trim().strip_suffix("-enum-type")) {
        Some(stem) => stem.to_string(),
        None => strip_suffix_ignore_case(text.primary().trim(), " enum type")?
            .trim()
            .to_string(),
    };
    if !typeword::is_identifier(&stem) {
        return None;
    }
    Some(match matching_identifier(text, &stem) {
        Some(cased) => (cased, true),
        None => (stem, false),
    })
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix)
        .then(|| text.get(..cut))
        .flatten()
}

/// `## Members` / `## <a name="members"></a>Элементы`.
fn is_members_heading(anchor: Option<&str>, text: &Inline) -> bool {
    anchor.is_some_and(|a| a.trim() == "members")
        || [text.primary(), text.local.as_str()].iter().any(|t| {
            matches!(
                t.trim().to_lowercase().as_str(),
                "members" | "элементы" | "члены"
            )
        })
}

/// `1`, `-1`, `–1` (en dash), `0x10`: an enum table's value column.
fn is_number(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['-', '–', '−']);
    !t.is_empty()
        && (t.chars().all(|c| c.is_ascii_digit())
            || t.strip_prefix("0x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())))
}

/// Words that say what kind of values a heading lists, not whose.
const NOT_NAMES: &[&str] = &[
    "values",
    "value",
    "property",
    "properties",
    "enumeration",
    "enum",
    "of",
    "type",
];

/// The enum a heading introduces: `callstate-values` / "Значения callState" /
/// "callState values". `None` for headings that are not enum sections.
fn enum_name(anchor: Option<&str>, text: &Inline) -> Option<(String, bool)> {
    let stem = anchor
        .map(str::trim)
        .and_then(|a| a.strip_suffix("-values"))
        .map(|s| {
            s.strip_suffix("-property")
                .or_else(|| s.strip_suffix("-enumeration"))
                .unwrap_or(s)
        });
    if let Some(stem) = stem {
        if !typeword::is_identifier(stem) {
            return None;
        }
        return Some(match matching_identifier(text, stem) {
            Some(cased) => (cased, true),
            None => (stem.to_string(), false),
        });
    }
    let is_enum_heading = [text.primary(), text.local.as_str()].iter().any(|t| {
        let t = t.trim().to_lowercase();
        t.ends_with("values") || t.starts_with("значения")
    });
    if !is_enum_heading {
        return None;
    }
    // No anchor to match: the heading's last identifier that is not a kind word.
    let words: Vec<&str> = text
        .primary()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            typeword::is_identifier(w) && !NOT_NAMES.contains(&w.to_ascii_lowercase().as_str())
        })
        .collect();
    words.last().map(|w| (w.to_string(), true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::read_page;
    use std::path::{Path, PathBuf};

    fn docs() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs")
    }

    /// Reads a page of the shared docs tree: (type, enums, diagnostics).
    fn page(rel: &str) -> (Option<ResourceFacts>, Vec<EnumFacts>, Sink) {
        let bytes = std::fs::read(docs().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let mut sink = Sink::default();
        let doc = read_page(rel, &bytes, &mut sink);
        let sections = super::super::sections::sections(&doc);
        let resource = read(&doc, &sections, &mut sink);
        let enums = read_enums(&doc, &mut sink);
        (resource, enums, sink)
    }

    fn json_names(r: &ResourceFacts) -> Vec<&str> {
        r.json_properties.iter().map(|p| p.name.as_str()).collect()
    }

    fn json_member<'a>(r: &'a ResourceFacts, name: &str) -> &'a JsonProperty {
        r.json_properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no JSON member {name}"))
    }

    fn row<'a>(rows: &'a [TableProperty], name: &str) -> &'a TableProperty {
        rows.iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no row {name}"))
    }

    fn graph(name: &str, cased: bool, collection: bool) -> TypeWord {
        TypeWord {
            name: TypeName::Graph {
                name: name.into(),
                cased,
            },
            collection,
        }
    }

    #[test]
    fn ru_call_page() {
        let (r, _, sink) = page("ru-RU/v1.0/resources/call.md");
        let r = r.expect("call.md defines a type");
        assert_eq!(r.name, "microsoft.graph.call");
        assert!(r.name_cased);
        assert_eq!(r.key_property.as_deref(), Some("id"));
        assert_eq!(r.base_type, None);
        assert!(!r.open_type);
        assert!(r.optional_properties.iter().any(|p| p == "chatInfo"));
        assert!(
            r.description
                .localized
                .as_deref()
                .is_some_and(|d| d.starts_with("Ресурс call"))
        );
        assert_eq!(r.source.line, 99);
        assert_eq!(
            json_names(&r)[..6],
            [
                "callbackUri",
                "callChainId",
                "chatInfo",
                "direction",
                "id",
                "mediaConfig"
            ]
        );
        let callback = json_member(&r, "callbackUri");
        assert_eq!(callback.shape, JsonShape::Primitive(Primitive::String));
        assert_eq!(callback.line, 124);
        let direction = json_member(&r, "direction");
        assert_eq!(
            direction.shape,
            JsonShape::Enum(vec!["incoming".into(), "outgoing".into()])
        );
        assert!(!direction.collection);
        assert_eq!(direction.line, 127);
        assert_eq!(
            json_member(&r, "chatInfo").shape,
            JsonShape::Type("microsoft.graph.chatInfo".into())
        );
        assert_eq!(
            json_member(&r, "id").shape,
            JsonShape::Primitive(Primitive::String)
        );
        let modalities = json_member(&r, "requestedModalities");
        assert!(
            matches!(&modalities.shape, JsonShape::Enum(v) if v.len() == 5 && v[0] == "unknown")
        );
        assert!(modalities.collection);
        let targets = json_member(&r, "targets");
        assert_eq!(
            targets.shape,
            JsonShape::Type("microsoft.graph.invitationParticipantInfo".into())
        );
        assert!(targets.collection);

        let media = row(&r.table_properties, "mediaConfig");
        assert_eq!(
            media.types,
            [
                graph("appHostedMediaConfig", true, false),
                graph("serviceHostedMediaConfig", true, false)
            ]
        );
        let routes = row(&r.table_properties, "callRoutes");
        assert!(routes.collection && routes.read_only);
        assert_eq!(routes.types, [graph("callRoute", true, true)]);
        let direction = row(&r.table_properties, "direction");
        assert_eq!(direction.types, [graph("callDirection", true, false)]);
        assert_eq!(direction.allowed_values, ["incoming", "outgoing"]);
        assert!(direction.read_only && !direction.nullable);
        assert_eq!(
            row(&r.table_properties, "requestedModalities").types,
            [graph("modality", true, true)]
        );
        // Rows written without the leading `|` are rows all the same.
        assert_eq!(row(&r.table_properties, "toneInfo").line, 85);
        assert!(
            r.table_properties
                .iter()
                .any(|p| p.name == "incomingContext")
        );
        assert!(r.table_properties.iter().all(|p| p.name_is_identifier));

        assert_eq!(r.relationships.len(), 2);
        for name in ["operations", "participants"] {
            let rel = row(&r.relationships, name);
            assert!(rel.collection && rel.read_only && rel.nullable, "{name}");
        }
        assert_eq!(
            row(&r.relationships, "operations").types,
            [graph("commsOperation", true, true)]
        );
        assert!(!sink.items.iter().any(|d| d.code == Code::JsonInvalid));
    }

    #[test]
    fn base_type_from_the_annotation_and_from_prose() {
        let (r, _, _) = page("ru-RU/v1.0/resources/apphostedmediaconfig.md");
        let r = r.expect("a type");
        assert_eq!(r.name, "microsoft.graph.appHostedMediaConfig");
        assert_eq!(r.base_type.as_deref(), Some("microsoft.graph.mediaConfig"));
        assert_eq!(
            row(&r.table_properties, "blob").types[0].name,
            TypeName::Primitive(Primitive::String)
        );
        let (r, _, _) = page("ru-RU/beta/resources/servicehostedmediaconfig.md");
        assert_eq!(
            r.expect("a type").base_type.as_deref(),
            Some("microsoft.graph.mediaConfig")
        );
        // "Наследуется от [identity](identity.md)", no baseType in the annotation.
        let (r, _, _) = page("ru-RU/v1.0/resources/teamworkuseridentity.md");
        assert_eq!(
            r.expect("a type").base_type.as_deref(),
            Some("microsoft.graph.identity")
        );
    }

    /// A pt-BR page says "Herda de", which no phrase the extractor knows: the page keeps the
    /// paragraph as a candidate for the tree to learn, and names no base itself.
    #[test]
    fn short_paragraphs_linking_one_type_are_candidate_base_phrases() {
        let (r, _, _) = page("pt-BR/beta/resources/addlargegalleryviewoperation.md");
        let r = r.expect("a type");
        assert_eq!(r.base_type, None);
        assert!(!r.base_annotated);
        assert_eq!(
            r.base_phrases,
            [BasePhrase {
                words: "herda de".into(),
                base: "microsoft.graph.commsOperation".into(),
            }]
        );
        let (r, _, _) = page("ru-RU/v1.0/resources/apphostedmediaconfig.md");
        assert!(r.expect("a type").base_annotated);
    }

    #[test]
    fn translated_names_are_kept_and_flagged() {
        let (r, _, _) = page("ru-RU/v1.0/resources/participant.md");
        let r = r.expect("a type");
        assert_eq!(r.name, "microsoft.graph.participant");
        let translated = row(&r.table_properties, "метаданные");
        assert!(!translated.name_is_identifier);
        assert_eq!(
            translated.types[0].name,
            TypeName::Primitive(Primitive::String)
        );
        // The JSON block keeps the true name.
        assert!(json_names(&r).contains(&"metadata"));
        assert_eq!(
            row(&r.table_properties, "mediaStreams").types,
            [graph("mediaStream", true, true)]
        );
        assert_eq!(
            json_member(&r, "isInLobby").shape,
            JsonShape::Primitive(Primitive::Boolean)
        );
    }

    #[test]
    fn a_page_without_annotation_is_named_by_its_title() {
        let (r, _, _) = page("ru-RU/v1.0/resources/licenseassignmentstate.md");
        let r = r.expect("a properties table defines a type");
        assert_eq!(r.name, "microsoft.graph.licenseAssignmentState");
        assert!(r.name_cased);
        assert_eq!(r.source.line, 15);
        let disabled = row(&r.table_properties, "disabledPlans");
        assert!(disabled.collection && disabled.read_only);
        assert_eq!(
            disabled.types[0].name,
            TypeName::Primitive(Primitive::String)
        );
        assert_eq!(
            row(&r.table_properties, "state").allowed_values,
            ["Active", "ActiveWithError", "Disabled", "Error"]
        );
    }

    #[test]
    fn an_invalid_json_block_is_reported_and_the_tables_still_read() {
        let (r, _, sink) = page("ru-RU/v1.0/resources/columnLink.md");
        let r = r.expect("a type");
        assert!(r.json_properties.is_empty());
        assert!(row(&r.table_properties, "name").name_is_identifier);
        let d = sink
            .items
            .iter()
            .find(|d| d.code == Code::JsonInvalid)
            .expect("json-invalid");
        assert_eq!((d.severity, d.line), (crate::diag::Severity::Error, 33));
    }

    #[test]
    fn enums_page() {
        let (r, enums, _) = page("ru-RU/v1.0/resources/enums.md");
        assert!(r.is_none());
        let state = enums
            .iter()
            .find(|e| e.name == "microsoft.graph.callState")
            .expect("callState");
        assert!(state.name_cased);
        assert_eq!(state.source.line, 597);
        assert_eq!(state.members.len(), 10);
        let member = |name: &str| state.members.iter().find(|m| m.name == name).expect(name);
        assert!(member("transferAccepted").name_is_identifier);
        assert!(!member("Входящих").name_is_identifier);
        assert_eq!(member("Входящих").line, 601);
        // A translated heading leaves the lowercase anchor stem.
        let modality = enums
            .iter()
            .find(|e| e.name == "microsoft.graph.modality")
            .expect("modality");
        assert!(!modality.name_cased);
        assert!(enums.len() > 150);
        assert!(enums.iter().all(|e| !e.members.is_empty()));
    }

    #[test]
    fn enum_tables_on_resource_and_enum_pages() {
        // `|Member|Значение|Описание|`: the numeric column is not the description.
        let (_, enums, _) = page("ru-RU/v1.0/resources/chat.md");
        let chat_type = enums
            .iter()
            .find(|e| e.name == "microsoft.graph.chatType")
            .expect("chatType");
        assert!(chat_type.name_cased);
        assert!(chat_type.members.iter().any(|m| m.name == "oneOnOne"));
        let (r, _, _) = page("ru-RU/v1.0/resources/chat.md");
        assert_eq!(
            row(&r.expect("a type").table_properties, "chatType").types,
            [graph("chatType", true, false)]
        );
        // An enum page: the `Members` section under an `…-enum-type` title.
        let (r, enums, _) = page("ru-RU/v1.0/resources/intune-apps-managedappavailability.md");
        assert!(r.is_none());
        let [e] = enums.as_slice() else {
            panic!("one enum: {enums:?}")
        };
        assert_eq!(e.name, "microsoft.graph.managedAppAvailability");
        let names: Vec<_> = e.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Глобального", "lineOfBusiness"]);
        assert!(e.members.iter().all(|m| m.description.localized.is_some()));
    }

    #[test]
    fn en_us_call_page() {
        let (r, _, _) = page("en-US/v1.0/resources/call.md");
        let r = r.expect("a type");
        assert_eq!(r.name, "microsoft.graph.call");
        assert_eq!(
            json_names(&r)[..3],
            ["callbackUri", "callChainId", "chatInfo"]
        );
        let routes = row(&r.table_properties, "callRoutes");
        assert_eq!(routes.types, [graph("callRoute", true, true)]);
        let state = row(&r.table_properties, "state");
        assert_eq!(state.types[0].name, TypeName::Primitive(Primitive::String));
        assert_eq!(state.allowed_values.len(), 10);
        assert!(state.read_only);
        let meeting = row(&r.table_properties, "meetingInfo");
        assert_eq!(meeting.types.len(), 2);
        let operations = row(&r.relationships, "operations");
        assert!(operations.collection && operations.nullable && operations.read_only);
        assert!(
            r.description
                .localized
                .as_deref()
                .is_some_and(|d| d.starts_with("The call resource"))
        );
    }

    /// Every resource page of both trees reads without panicking; prints the
    /// totals (`cargo test -p codegen all_resource_pages -- --nocapture`).
    #[test]
    fn all_resource_pages() {
        let started = std::time::Instant::now();
        let mut paths = Vec::new();
        for lang in ["ru-RU", "en-US"] {
            for version in ["v1.0", "beta"] {
                let dir = format!("{lang}/{version}/resources");
                let mut files: Vec<_> = std::fs::read_dir(docs().join(&dir))
                    .unwrap_or_else(|e| panic!("{dir}: {e}"))
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|n| n.ends_with(".md"))
                    .collect();
                files.sort();
                paths.extend(files.into_iter().map(|f| (lang, format!("{dir}/{f}"))));
            }
        }
        // Per page: has a type, JSON invalid, enum tables, members, members not identifiers.
        type Counts = [usize; 5];
        let count = |rel: &str| -> Counts {
            let (r, enums, sink) = page(rel);
            let members = enums.iter().flat_map(|e| &e.members);
            [
                usize::from(r.is_some()),
                usize::from(sink.items.iter().any(|d| d.code == Code::JsonInvalid)),
                enums.len(),
                members.clone().count(),
                members.filter(|m| !m.name_is_identifier).count(),
            ]
        };
        // Parsing thousands of pages in a debug build: one chunk per core.
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let per_page: Vec<(&str, Counts)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    // Interleaved, so every thread gets both languages' pages.
                    let part = paths.iter().skip(t).step_by(threads);
                    scope.spawn(move || {
                        part.map(|(lang, rel)| (*lang, count(rel)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a page panicked"))
                .collect()
        });
        for lang in ["ru-RU", "en-US"] {
            let pages = per_page.iter().filter(|(l, _)| *l == lang).count();
            let mut total = [0; 5];
            for (_, counts) in per_page.iter().filter(|(l, _)| *l == lang) {
                for (t, c) in total.iter_mut().zip(counts) {
                    *t += c;
                }
            }
            let [types, invalid, tables, members, translated] = total;
            eprintln!(
                "{lang}: {pages} pages, {types} with a type, {invalid} with an invalid JSON block, \
                 {tables} enum tables, {members} members ({translated} not identifiers)"
            );
            assert!(types * 10 > pages * 7, "{lang}: {types} of {pages}");
            assert!(tables > 500, "{lang}: {tables} enum tables");
        }
        eprintln!("all resource pages in {:?}", started.elapsed());
    }
}
