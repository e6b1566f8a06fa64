//! The operation an API page documents: method and paths, permissions,
//! headers, request body and response.

use super::http;
use super::sections::Section;
use super::typeword::{self, TypeName, TypeWord};
use crate::diag::{Code, Sink, Source};
use crate::ir::{Header, HttpMethod, PathParam, PathTemplate, Permission, Text};
use crate::naming;
use crate::parse::doc::{Block, BlockKind, Inline, PageDoc, Row};

#[derive(Debug, Clone, PartialEq)]
pub struct OperationFacts {
    /// `call.updateMetadata`.
    pub id: String,
    pub summary: Text,
    pub method: HttpMethod,
    pub paths: Vec<PathTemplate>,
    pub permissions: Vec<Permission>,
    pub headers: Vec<Header>,
    pub body: Option<BodyFacts>,
    pub response: Option<ResponseFacts>,
    /// The rows of the "Function parameters" table: arguments in the URL.
    pub function_params: Vec<ParamFacts>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyFacts {
    Parameters(Vec<ParamFacts>, Source),
    Resource(TypeWord, Source),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParamFacts {
    pub name: String,
    pub r#type: TypeWord,
    /// The other types a cell links (`[a](a.md) or [b](b.md)`).
    pub alternatives: Vec<TypeWord>,
    /// The type cell's words outside its links, lowercased, for the tree's vocabulary.
    pub type_words: String,
    pub description: Text,
    pub allowed_values: Vec<String>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseFacts {
    pub status: u16,
    pub r#type: Option<TypeWord>,
    pub location_header: bool,
    pub description: Text,
    pub source: Source,
}

pub fn read(
    doc: &PageDoc,
    sections: &[(Section, &Block)],
    examples: &[super::ExampleFacts],
    sink: &mut Sink,
) -> Option<OperationFacts> {
    let at = |line| Source::new(&doc.path, line);
    let in_section = |wanted: Section| {
        sections
            .iter()
            .filter(move |(s, _)| *s == wanted)
            .map(|(_, b)| *b)
    };

    // Paths: every request line in the HTTP request section's code blocks. A page without
    // that section (its heading missing) has them in a block of request lines alone before
    // the examples.
    let mut method = None;
    let mut paths: Vec<PathTemplate> = Vec::new();
    let has_section = in_section(Section::HttpRequest).next().is_some();
    let request_blocks: Vec<&Block> = if has_section {
        in_section(Section::HttpRequest).collect()
    } else {
        sections
            .iter()
            .take_while(|(s, _)| !matches!(s, Section::Examples))
            .filter(|(s, _)| !matches!(s, Section::RequestBody | Section::Response))
            .map(|(_, b)| *b)
            .filter(|b| is_request_lines_block(b))
            .collect()
    };
    for block in request_blocks {
        let BlockKind::Code {
            body, body_line, ..
        } = &block.kind
        else {
            continue;
        };
        for (offset, request) in http::request_lines(body) {
            let line = body_line + u32::try_from(offset).unwrap_or(0);
            let Some(template) = request
                .graph_path
                .filter(|p| p.len() > 1)
                .map(|p| bracketed_placeholders(&p, &at(line), sink))
                .map(|p| placeholders_for_sample_ids(&p, &at(line), sink))
            else {
                sink.warn(
                    Code::BadRequestLine,
                    &at(line),
                    format!("request line `{}` names no Graph path", request.target),
                );
                continue;
            };
            match method {
                None => method = Some(request.method),
                Some(m) if m != request.method => {
                    sink.warn(
                        Code::Conflict,
                        &at(line),
                        format!(
                            "{} differs from the first path's {}; kept the first",
                            request.method.as_str(),
                            m.as_str()
                        ),
                    );
                    continue;
                }
                Some(_) => {}
            }
            if !paths.iter().any(|p| p.template == template) {
                paths.push(PathTemplate {
                    params: path_params(&template),
                    template,
                    deprecated: None,
                    source: at(line),
                });
            }
        }
    }
    let method = method?;
    mark_deprecated(in_section(Section::HttpRequest), &mut paths);

    let title = doc.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading { level: 1, text, .. } => Some(text.primary().to_string()),
        _ => None,
    });
    let body = read_body(
        doc,
        method,
        in_section(Section::RequestBody),
        &request_keys(examples),
        sink,
    );
    let mut response = read_response(doc, in_section(Section::Response));
    // A response section whose link the translation broke (`[объект columnDefinition][]`)
    // is typed by the response examples' annotations, when they agree on one Graph type.
    if let Some(r) = response.as_mut().filter(|r| r.r#type.is_none()) {
        r.r#type = annotated_response_type(examples);
        // A primitive answer is typed by its `value` where the annotation is missing or says
        // less than the value does (`"@odata.type": "string"` over `{"value": true}`).
        let says_string =
            |t: &TypeWord| t.name == TypeName::Primitive(crate::ir::Primitive::String);
        if r.r#type.as_ref().is_none_or(says_string)
            && let Some(shown) = shown_primitive_answer(examples)
        {
            r.r#type = Some(shown);
        }
        // Nothing names it but the answer itself: the `@odata.type` its examples' objects carry
        // (a plain-text page keeps no annotation, and its prose may name nothing).
        if r.r#type.is_none() {
            r.r#type = tagged_response_type(examples);
        }
    }
    // "A collection of" is the translation's words, which a tree may not use
    // (`запрашиваемые объекты сеанса`); a collection the response annotations declare
    // (`"isCollection": true`) of the type the prose links is taken from them.
    // So is a page the response examples show (`{"value": [{…}]}`, nothing else but
    // annotations) where the prose says "object".
    if let Some(t) = response.as_mut().and_then(|r| r.r#type.as_mut())
        && !t.collection
        && (annotated_response_type(examples)
            .is_some_and(|a| a.collection && a.name.same_type(&t.name))
            || shows_a_page_of_objects(examples))
    {
        t.collection = true;
    }
    let as_resource = |word: TypeWord| {
        BodyFacts::Resource(
            TypeWord {
                collection: false,
                ..word
            },
            paths[0].source.clone(),
        )
    };
    // PATCH sends part of the resource it updates: the type it returns, else
    // the one its path addresses (`…/audioRoutingGroups/{id}`).
    let body = match (method, body) {
        (HttpMethod::Patch, None) => response
            .as_ref()
            .and_then(|r| r.r#type.clone())
            .or_else(|| addressed_type(&paths))
            .map(as_resource),
        // A create (`201 Created` with one resource) whose body section asks for a JSON
        // representation but whose link the translation broke (`[columnDefinition.][]`)
        // sends the resource it creates.
        (HttpMethod::Post, None) if asks_for_json(in_section(Section::RequestBody)) => response
            .as_ref()
            .filter(|r| r.status == 201)
            .and_then(|r| r.r#type.clone())
            .filter(|t| !t.collection && matches!(t.name, TypeName::Graph { .. }))
            .map(as_resource),
        (_, body) => body,
    };
    // Nothing else names it on a plain-text page, which keeps no link: the request examples'
    // objects carry the type they are (`"@odata.type"` at the root). (A markdown page's prose
    // links the type, often a base of the one its example sends.)
    let sends = matches!(
        method,
        HttpMethod::Post | HttpMethod::Patch | HttpMethod::Put
    ) && doc.format == crate::ir::PageFormat::PlainText;
    let body = body.or_else(|| {
        tagged_request_type(examples)
            .filter(|_| sends)
            .map(as_resource)
    });
    // An update or a create that answers with a JSON object the page leaves untyped
    // ("returns the updated **taxGroups** object") returns the resource it sent.
    if let (Some(r), Some(BodyFacts::Resource(word, _))) = (response.as_mut(), body.as_ref())
        && r.r#type.is_none()
        && matches!(method, HttpMethod::Patch | HttpMethod::Post)
        && matches!(r.status, 200 | 201)
        && answers_with_an_object(examples)
    {
        r.r#type = Some(word.clone());
    }
    let id = operation_id(
        method,
        &paths,
        title.as_deref(),
        body.as_ref(),
        response.as_ref(),
    );
    Some(OperationFacts {
        id,
        summary: summary(in_section(Section::Intro)),
        method,
        source: paths[0].source.clone(),
        paths,
        permissions: in_section(Section::Permissions)
            .flat_map(|b| permissions(&doc.path, b))
            .collect(),
        headers: in_section(Section::RequestHeaders)
            .flat_map(|b| headers(&doc.path, b))
            .collect(),
        body,
        response,
        function_params: in_section(Section::FunctionParameters)
            .flat_map(|b| function_params(&doc.path, b))
            .collect(),
    })
}

/// The rows of a function-parameter table: an identifier, a type, a description.
fn function_params(page: &str, block: &Block) -> Vec<ParamFacts> {
    let BlockKind::Table { rows, .. } = &block.kind else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|row| {
            let name = row
                .cells
                .first()?
                .primary()
                .trim()
                .trim_matches(['`', '*'])
                .to_string();
            if !typeword::is_identifier(&name) {
                return None;
            }
            let r#type = row.cells.get(1).and_then(typeword::read_lenient)?;
            Some(ParamFacts {
                name,
                r#type,
                alternatives: Vec::new(),
                type_words: type_words(row),
                description: row.cells.get(2).map(Inline::to_text).unwrap_or_default(),
                allowed_values: Vec::new(),
                source: Source::new(page, row.line),
            })
        })
        .collect()
}

/// The type a path addresses: the singular of its last collection segment,
/// to be cased from other evidence (`audioRoutingGroups/{id}` → `audioRoutingGroup`).
fn addressed_type(paths: &[PathTemplate]) -> Option<TypeWord> {
    let path = paths
        .iter()
        .find(|p| p.deprecated.is_none())
        .or(paths.first())?;
    let segment = path
        .template
        .split('/')
        .rfind(|s| !s.is_empty() && !s.starts_with('{'))?;
    let name = naming::singular(segment);
    typeword::is_identifier(&name).then_some(TypeWord {
        name: TypeName::Graph { name, cased: false },
        collection: false,
    })
}

/// Placeholders that name nothing but "the key": `{id}`, `{Id}`, `{id1}`, and `{undefined}`
/// (a page whose generator lost the name). They are named after their collection.
fn is_bare_key_placeholder(placeholder: &str) -> bool {
    let lower = placeholder.to_ascii_lowercase();
    lower == "undefined"
        || lower
            .strip_prefix("id")
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
}

/// Parameter names, one per placeholder, unique within the path.
///
/// A bare key (`{id}`, see [`is_bare_key_placeholder`]) is named after the collection before
/// it: `calls/{id}` → `callId`. Any other placeholder is its own name in lower camel case.
/// When two placeholders would still share a name (`tables/{id|name}/columns/{id|name}`),
/// each of them is qualified by the collections before it, nearest first, until the names
/// differ: `tableIdName`, `columnIdName`. Never a number.
fn path_params(template: &str) -> Vec<PathParam> {
    let segments: Vec<&str> = template.split('/').collect();
    // Each placeholder with the literal segments before it, nearest first, singular.
    let mut found: Vec<(String, String, Vec<String>)> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let before: Vec<String> = segments[..i]
            .iter()
            .rev()
            .filter(|s| !s.is_empty() && !s.contains(['{', '(', ':', '$', '.']))
            .map(|s| naming::lower_camel(&naming::singular(s)))
            .collect();
        for (_, placeholder) in crate::ir::placeholders(segment) {
            let whole = segment.len() == placeholder.len() + 2;
            let collection = (whole && i > 0 && !segments[i - 1].contains('{'))
                .then(|| segments[i - 1])
                .filter(|s| !s.is_empty());
            let name = match collection {
                Some(c) if is_bare_key_placeholder(placeholder) => {
                    format!("{}Id", naming::lower_camel(&naming::singular(c)))
                }
                _ => naming::lower_camel(placeholder),
            };
            found.push((placeholder.to_string(), name, before.clone()));
        }
    }
    let mut names: Vec<String> = found.iter().map(|(_, n, _)| n.clone()).collect();
    for depth in 1.. {
        let clashing: Vec<usize> = (0..names.len())
            .filter(|&i| names.iter().filter(|n| **n == names[i]).count() > 1)
            .collect();
        if clashing.is_empty() {
            break;
        }
        let mut changed = false;
        for i in clashing {
            let (_, base, before) = &found[i];
            // Collections the name already starts with add nothing (`managementConditionId`).
            let words: Vec<&String> = before
                .iter()
                .filter(|w| {
                    !base
                        .to_ascii_lowercase()
                        .starts_with(&w.to_ascii_lowercase())
                })
                .take(depth)
                .collect();
            if words.len() < depth {
                continue;
            }
            let mut words: Vec<&str> = words.iter().rev().map(|w| w.as_str()).collect();
            words.push(base);
            let name = naming::lower_camel(&words.join(" "));
            if name != names[i] {
                names[i] = name;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    found
        .into_iter()
        .zip(names)
        .map(|((placeholder, _, _), name)| PathParam { placeholder, name })
        .collect()
}

/// A note such as "The `/app` path is deprecated" marks every path under that prefix.
fn mark_deprecated<'a>(blocks: impl Iterator<Item = &'a Block>, paths: &mut [PathTemplate]) {
    for block in blocks {
        let BlockKind::Paragraph { text, .. } = &block.kind else {
            continue;
        };
        let english = text.primary().to_lowercase();
        let says_deprecated = english.contains("deprecated")
            || text.local.contains("устарев")
            || text.local.contains("не рекомендуется");
        if !says_deprecated {
            continue;
        }
        let prefixes: Vec<String> = text
            .code
            .iter()
            .cloned()
            .chain(text.local.split_whitespace().map(|w| {
                w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '/')
                    .to_string()
            }))
            .filter(|c| c.starts_with('/') && c.len() > 1)
            .collect();
        // The first path named in the note is the deprecated one ("use `/communications` instead" follows).
        let Some(prefix) = prefixes.first() else {
            continue;
        };
        for path in paths.iter_mut() {
            if path.template == *prefix || path.template.starts_with(&format!("{prefix}/")) {
                path.deprecated = Some(text.to_text());
            }
        }
    }
}

fn summary<'a>(intro: impl Iterator<Item = &'a Block>) -> Text {
    intro
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph {
                text,
                quoted: false,
            } => Some(text),
            _ => None,
        })
        .find(|text| {
            let t = text.primary();
            !t.starts_with("Namespace")
                && !text.local.starts_with("Пространство имен")
                && !t.starts_with("[!INCLUDE")
                && !t.starts_with("!INCLUDE")
                && !t.is_empty()
        })
        .map(Inline::to_text)
        .unwrap_or_default()
}

fn cell_text(row: &Row, index: usize) -> &str {
    row.cells
        .get(index)
        .map(|c| c.primary().trim())
        .unwrap_or("")
}

fn permissions(page: &str, block: &Block) -> Vec<Permission> {
    let BlockKind::Table { rows, .. } = &block.kind else {
        return Vec::new();
    };
    rows.iter()
        .filter(|row| !cell_text(row, 0).is_empty())
        .map(|row| {
            let scopes = row.cells[1..]
                .iter()
                .flat_map(|c| {
                    c.primary()
                        .split([',', ' '])
                        .map(str::trim)
                        .map(|s| s.trim_end_matches('.'))
                        .collect::<Vec<_>>()
                })
                .filter(|s| {
                    s.contains('.')
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
                })
                .map(str::to_string)
                .collect();
            Permission {
                kind: permission_kind(&row.cells[0]),
                scopes,
                source: Source::new(page, row.line),
            }
        })
        .collect()
}

/// The English permission kind, also for translated pages.
fn permission_kind(cell: &Inline) -> String {
    let text = cell.primary().to_lowercase();
    let kind = if text.contains("personal") || text.contains("личная") {
        "Delegated (personal Microsoft account)"
    } else if text.contains("work") || text.contains("рабочая") {
        "Delegated (work or school account)"
    } else if text.contains("application") || text.contains("приложени") {
        "Application"
    } else {
        return cell.primary().trim().to_string();
    };
    kind.to_string()
}

fn headers(page: &str, block: &Block) -> Vec<Header> {
    let BlockKind::Table { rows, .. } = &block.kind else {
        return Vec::new();
    };
    rows.iter()
        .filter(|row| !cell_text(row, 0).is_empty() && header_name(cell_text(row, 0)).is_ascii())
        .map(|row| {
            let name = header_name(cell_text(row, 0));
            Header {
                name,
                description: row.cells.get(1).map(Inline::to_text).unwrap_or_default(),
                source: Source::new(page, row.line),
            }
        })
        .collect()
}

/// Top-level members of the page's request bodies, in order of first
/// appearance, with the first value seen: the untranslated evidence for
/// parameter names.
/// The one type the page's response annotations name: a Graph type (`"@odata.type":
/// "microsoft.graph.columnDefinition"`) or a primitive answer (`"string"`, `"Edm.Boolean"`,
/// `"Collection(Edm.String)"`), when they agree.
fn annotated_response_type(examples: &[super::ExampleFacts]) -> Option<TypeWord> {
    let mut named = examples
        .iter()
        .filter(|e| e.role == crate::ir::ExampleRole::Response)
        .filter_map(|e| annotation_type(e.odata_type.as_deref()?, e.is_collection));
    let first = named.next()?;
    named.all(|other| other == first).then_some(first)
}

/// The type the response examples' objects are tagged with, when they agree: a root
/// `"@odata.type": "#microsoft.graph.updateRecordingStatusOperation"`, or the same tag on every
/// item of a page (`{"value": [{"@odata.type": …}, …]}`, a collection).
fn tagged_response_type(examples: &[super::ExampleFacts]) -> Option<TypeWord> {
    let tag = |object: &serde_json::Map<String, serde_json::Value>| {
        let tag = object.get("@odata.type")?.as_str()?.trim_start_matches('#');
        tag.contains('.').then(|| tag.to_string())
    };
    let mut tagged = examples
        .iter()
        .filter(|e| e.role == crate::ir::ExampleRole::Response)
        .filter_map(|e| e.json.as_ref()?.as_object())
        .map(
            |object| match object.get("value").and_then(|v| v.as_array()) {
                Some(items) if !items.is_empty() => {
                    let mut tags = items.iter().map(|item| item.as_object().and_then(tag));
                    let first = tags.next().flatten()?;
                    tags.all(|t| t.as_ref() == Some(&first))
                        .then_some((first, true))
                }
                Some(_) => None,
                None => tag(object).map(|t| (t, false)),
            },
        );
    let first = tagged.next()??;
    if !tagged.all(|other| other.as_ref() == Some(&first)) {
        return None;
    }
    let (name, collection) = first;
    Some(TypeWord {
        name: TypeName::Graph { name, cased: true },
        collection,
    })
}

/// The type every request example's object is tagged with at its root, when they agree.
fn tagged_request_type(examples: &[super::ExampleFacts]) -> Option<TypeWord> {
    let mut tags = examples
        .iter()
        .filter(|e| e.role == crate::ir::ExampleRole::Request)
        .filter_map(|e| e.json.as_ref())
        .map(|json| {
            let tag = json.get("@odata.type")?.as_str()?.trim_start_matches('#');
            tag.contains('.').then(|| tag.to_string())
        });
    let first = tags.next()??;
    if !tags.all(|t| t.as_ref() == Some(&first)) {
        return None;
    }
    Some(TypeWord {
        name: TypeName::Graph {
            name: first,
            cased: true,
        },
        collection: false,
    })
}

/// Whether every response example with a body is a page of objects: `{"value": [{…}, …]}`
/// with nothing else but `@` annotations, and at least one shows an item.
fn shows_a_page_of_objects(examples: &[super::ExampleFacts]) -> bool {
    let mut bodies = examples
        .iter()
        .filter(|e| e.role == crate::ir::ExampleRole::Response)
        .filter_map(|e| e.json.as_ref())
        .peekable();
    bodies.peek().is_some()
        && bodies.all(|body| {
            let Some(object) = body.as_object() else {
                return false;
            };
            let only_value = object.keys().all(|k| k == "value" || k.starts_with('@'));
            let items = object.get("value").and_then(|v| v.as_array());
            only_value
                && items.is_some_and(|items| {
                    !items.is_empty() && items.iter().all(serde_json::Value::is_object)
                })
        })
}

/// The primitive the response examples answer with, when they all show one: `{"value": "…"}`
/// is a string, `true` a Boolean, an integer an `Int32` (or `Int64` beyond it), an array of
/// strings a collection of strings. Members other than `value` must be annotations.
fn shown_primitive_answer(examples: &[super::ExampleFacts]) -> Option<TypeWord> {
    use crate::ir::Primitive;
    use serde_json::Value;
    let scalar = |v: &Value| match v {
        Value::String(_) => Some(Primitive::String),
        Value::Bool(_) => Some(Primitive::Boolean),
        Value::Number(n) if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => {
            Some(Primitive::Int32)
        }
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(Primitive::Int64),
        Value::Number(_) => Some(Primitive::Double),
        _ => None,
    };
    let mut shown = examples
        .iter()
        .filter(|e| e.role == crate::ir::ExampleRole::Response)
        .filter_map(|e| e.json.as_ref()?.as_object())
        .map(|body| {
            if body.keys().any(|k| k != "value" && !k.starts_with('@')) {
                return None;
            }
            match body.get("value")? {
                Value::Array(items) if !items.is_empty() => {
                    let first = scalar(&items[0])?;
                    items
                        .iter()
                        .all(|i| scalar(i) == Some(first))
                        .then_some((first, true))
                }
                Value::Array(_) => None,
                value => Some((scalar(value)?, false)),
            }
        });
    let first = shown.next()??;
    shown.all(|other| other == Some(first)).then_some(TypeWord {
        name: TypeName::Primitive(first.0),
        collection: first.1,
    })
}

fn annotation_type(annotation: &str, is_collection: bool) -> Option<TypeWord> {
    let (inner, wrapped) = crate::ir::annotation_parts(annotation);
    let name = match crate::ir::Primitive::from_annotation(annotation) {
        Some(primitive) => TypeName::Primitive(primitive),
        None if inner.contains('.')
            && !inner.starts_with("Edm.")
            && typeword::is_identifier(&inner.replace('.', "")) =>
        {
            TypeName::Graph {
                name: inner.to_string(),
                cased: true,
            }
        }
        None => return None,
    };
    Some(TypeWord {
        name,
        collection: wrapped || is_collection,
    })
}

/// The request-body section asks for JSON: any language keeps the word.
fn asks_for_json<'a>(mut blocks: impl Iterator<Item = &'a Block>) -> bool {
    blocks.any(|b| match &b.kind {
        BlockKind::Paragraph { text, .. } => {
            text.primary().contains("JSON") || text.local.contains("JSON")
        }
        _ => false,
    })
}

/// A response example of the page carries a JSON object that is not a collection page.
fn answers_with_an_object(examples: &[super::ExampleFacts]) -> bool {
    examples.iter().any(|e| {
        e.role == crate::ir::ExampleRole::Response
            && matches!(&e.json, Some(serde_json::Value::Object(map))
                if !map.is_empty() && !map.contains_key("value"))
    })
}

fn request_keys(examples: &[super::ExampleFacts]) -> Vec<(String, serde_json::Value)> {
    let mut keys: Vec<(String, serde_json::Value)> = Vec::new();
    for example in examples
        .iter()
        .filter(|e| e.role == crate::ir::ExampleRole::Request)
    {
        if let Some(serde_json::Value::Object(map)) = &example.json {
            for (key, value) in map {
                if !key.starts_with('@') && !keys.iter().any(|(k, _)| k == key) {
                    keys.push((key.clone(), value.clone()));
                }
            }
        }
    }
    keys
}

/// Standard HTTP header names as the translations write them. Header names
/// are a fixed, standard vocabulary, so this table is a dictionary, not a guess.
const TRANSLATED_HEADERS: &[(&str, &str)] = &[
    ("Авторизация", "Authorization"),
    ("Принять-Язык", "Accept-Language"),
    ("Принять", "Accept"),
    ("Тип содержимого", "Content-Type"),
    ("Тип контента", "Content-Type"),
];

fn header_name(written: &str) -> String {
    TRANSLATED_HEADERS
        .iter()
        .find(|(ru, _)| *ru == written)
        .map_or_else(|| written.to_string(), |(_, en)| en.to_string())
}

/// A path template with the sample ids some pages leave in it
/// (`/servicePrincipals/60443998-8cf7-…/synchronization/jobs`) read as the placeholders they
/// stand for (`{servicePrincipalId}`), each reported.
/// Placeholders some pages write in other brackets, read as `{name}`: a whole segment in
/// parentheses (`/teams/(team-id)/channels`) and `<name>` anywhere
/// (`range(address='<address>')`, `borders(<sideIndex>)`). Left as they are, they would be
/// literal text in every request the endpoint sends.
fn bracketed_placeholders(template: &str, at: &Source, sink: &mut Sink) -> String {
    let is_name = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
    };
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('<') {
        let name = rest[open + 1..].split_once('>').map(|(n, _)| n);
        match name.filter(|n| is_name(n)) {
            Some(name) => {
                out.push_str(&rest[..open]);
                out.push('{');
                out.push_str(name);
                out.push('}');
                rest = &rest[open + name.len() + 2..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    let out: Vec<String> = out
        .split('/')
        .map(|segment| {
            match segment
                .strip_prefix('(')
                .and_then(|s| s.strip_suffix(')'))
                .filter(|n| is_name(n))
            {
                Some(name) => format!("{{{name}}}"),
                None => segment.to_string(),
            }
        })
        .collect();
    let out = out.join("/");
    if out != template {
        sink.warn(
            Code::BadRequestLine,
            at,
            format!("path `{template}` writes a placeholder in `()` or `<>`; read as `{out}`"),
        );
    }
    out
}

fn placeholders_for_sample_ids(template: &str, at: &Source, sink: &mut Sink) -> String {
    // Typos some pages make in paths: `//`, and `}}` closing a placeholder.
    let mut template = template.to_string();
    for (typo, fix) in [("//", "/"), ("}}", "}")] {
        if template.contains(typo) {
            sink.warn(
                Code::BadRequestLine,
                at,
                format!("path `{template}` has `{typo}`; read as `{fix}`"),
            );
            while template.contains(typo) {
                template = template.replace(typo, fix);
            }
        }
    }
    // `~/onPremisesPublishingProfiles/…`: the service root, which every path starts from.
    if let Some(rest) = template.strip_prefix("/~/").or(template.strip_prefix("~/")) {
        sink.warn(
            Code::BadRequestLine,
            at,
            format!("path `{template}` starts with `~`; read from the service root"),
        );
        template = format!("/{rest}");
    }
    let segments: Vec<&str> = template.split('/').collect();
    let mut out: Vec<String> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        if !is_sample_id(segment) {
            out.push((*segment).to_string());
            continue;
        }
        let owner = i
            .checked_sub(1)
            .and_then(|p| segments.get(p))
            .filter(|p| typeword::is_identifier(p))
            .map(|p| crate::naming::singular(p))
            .unwrap_or_else(|| "item".to_string());
        let placeholder = format!("{{{owner}Id}}");
        sink.warn(
            Code::BadRequestLine,
            at,
            format!("path segment `{segment}` is a sample id; read as `{placeholder}`"),
        );
        out.push(placeholder);
    }
    out.join("/")
}

/// A GUID or a number where a path names a collection's member.
fn is_sample_id(segment: &str) -> bool {
    segment.len() >= 8
        && segment.chars().any(|c| c.is_ascii_digit())
        && segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// A code block whose every line is a request line (`POST /chats/{chat-id}/members`).
fn is_request_lines_block(block: &Block) -> bool {
    let BlockKind::Code { body, .. } = &block.kind else {
        return false;
    };
    let mut lines = body.lines().filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some()
        && lines.all(|l| http::request_line(l).is_some_and(|r| r.graph_path.is_some()))
}

fn read_body<'a>(
    doc: &PageDoc,
    method: HttpMethod,
    blocks: impl Iterator<Item = &'a Block>,
    example_keys: &[(String, serde_json::Value)],
    sink: &mut Sink,
) -> Option<BodyFacts> {
    let at = |line| Source::new(&doc.path, line);
    let blocks: Vec<&Block> = blocks.collect();
    let resource = resource_body(&blocks, &at);
    // A parameter table: header `Parameter | Type | Description`.
    for block in &blocks {
        let BlockKind::Table { header, rows } = &block.kind else {
            continue;
        };
        let first = header
            .first()
            .map(|h| h.primary().to_lowercase())
            .unwrap_or_default();
        // The header names it in English or Russian; in any language, the rows say it: a
        // name (an identifier, or words a translation made of one: `идентификаторы полезных
        // данных` for `payloadIds`, named after the request example below), then a type the
        // type reader knows.
        let named = first.contains("parameter")
            || first.contains("параметр")
            || first.contains("name")
            || first.contains("имя");
        let typed_rows = |name_fits: &dyn Fn(&str) -> bool| {
            rows.iter()
                .filter(|row| {
                    row.cells.first().is_some_and(|c| {
                        name_fits(c.primary().trim().trim_matches('`').trim_matches('*'))
                    }) && row.cells.get(1).and_then(typeword::read_lenient).is_some()
                })
                .count()
        };
        let identifiers = typed_rows(&typeword::is_identifier);
        let any_names = typed_rows(&|name| !name.is_empty());
        // A PATCH page's table lists the resource's properties it may change: its body is the
        // resource, so only a table its header names is a parameter table there. Rows named in
        // words make a parameter table only where no sentence sends a resource.
        let typed = method != HttpMethod::Patch
            && !rows.is_empty()
            && (identifiers * 2 >= rows.len() || any_names * 2 >= rows.len() && resource.is_none());
        if !named && !typed {
            continue;
        }
        let mut params = Vec::new();
        let names = param_names(rows, example_keys, &doc.path, sink);
        for (row, name) in rows.iter().zip(names) {
            let Some(name) = name else {
                continue;
            };
            let Some(r#type) = row.cells.get(1).and_then(typeword::read_lenient) else {
                sink.warn(
                    Code::UnknownType,
                    &at(row.line),
                    format!(
                        "parameter `{name}`: type `{}` is not recognised; typed as Edm.Untyped",
                        cell_text(row, 1)
                    ),
                );
                params.push(ParamFacts {
                    name,
                    alternatives: Vec::new(),
                    type_words: type_words(row),
                    r#type: TypeWord {
                        name: TypeName::Primitive(crate::ir::Primitive::Untyped),
                        collection: false,
                    },
                    description: row.cells.get(2).map(Inline::to_text).unwrap_or_default(),
                    allowed_values: Vec::new(),
                    source: at(row.line),
                });
                continue;
            };
            let description = row.cells.get(2).cloned().unwrap_or_default();
            params.push(ParamFacts {
                name,
                alternatives: row.cells.get(1).map(alternatives).unwrap_or_default(),
                type_words: type_words(row),
                r#type,
                allowed_values: super::listed::listed_values(&description),
                description: description.to_text(),
                source: at(row.line),
            });
        }
        // A table none of whose rows could be named is no body (reported row by row above).
        if params.is_empty() {
            continue;
        }
        return Some(BodyFacts::Parameters(params, at(block.line)));
    }
    resource
}

/// A resource body: "supply a JSON representation of a [call](../resources/call.md) object".
fn resource_body(blocks: &[&Block], at: &dyn Fn(u32) -> Source) -> Option<BodyFacts> {
    for block in blocks {
        let BlockKind::Paragraph { text, .. } = &block.kind else {
            continue;
        };
        let english = text.primary().to_lowercase();
        // In any language the sentence keeps the word `JSON` and the link to the resource page.
        let names_json_of_a_resource = (text.primary().contains("JSON")
            || text.local.contains("JSON"))
            && text.links.iter().any(|l| l.target.contains("resources/"));
        let is_representation = english.contains("json representation")
            || text.local.contains("представление")
            || names_json_of_a_resource;
        if !is_representation {
            continue;
        }
        if let Some(name) = text
            .links
            .iter()
            .filter(|l| l.target.contains("resources/") || !l.target.contains('/'))
            .find_map(|l| typeword::graph_name_from_link(&l.text, &l.target))
        {
            return Some(BodyFacts::Resource(
                TypeWord {
                    name,
                    collection: false,
                },
                at(block.line),
            ));
        }
    }
    None
}

/// Parameter names, one per row. The English cell is the truth; a row whose
/// name is translated (`Получатель`) takes the request example's member that
/// no other row names, when exactly as many members as such rows are left
/// and each value fits the row's type. Otherwise the row is reported and skipped.
fn param_names(
    rows: &[Row],
    example_keys: &[(String, serde_json::Value)],
    page: &str,
    sink: &mut Sink,
) -> Vec<Option<String>> {
    let at = |row: &Row| Source::new(page, row.line);
    let mut names: Vec<Option<String>> = rows
        .iter()
        .map(|row| identifier_name(row, &at(row), sink))
        .collect();
    // Translation can change an identifier's case (`Sessionid` for `sessionId`):
    // the request example's spelling wins.
    for (name, row) in names.iter_mut().zip(rows) {
        let Some(written) = name.as_mut() else {
            continue;
        };
        if example_keys.iter().any(|(k, _)| k == written) {
            continue;
        }
        if let Some((key, _)) = example_keys
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(written))
        {
            sink.info(
                Code::NameRecovered,
                &at(row),
                format!("parameter `{written}` spelled `{key}` as in the request example (the translation changed its case)"),
            );
            *written = key.clone();
        }
    }
    let unresolved: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(i, row)| names[*i].is_none() && !cell_text(row, 0).is_empty())
        .map(|(i, _)| i)
        .collect();
    if unresolved.is_empty() {
        return names;
    }
    let unclaimed: Vec<&(String, serde_json::Value)> = example_keys
        .iter()
        .filter(|(key, _)| !names.iter().flatten().any(|n| n == key))
        .collect();
    // A member fits a row when its example value has the row type's JSON shape.
    let fits = |row: &Row, value: &serde_json::Value| {
        let Some(word) = row.cells.get(1).and_then(typeword::read_lenient) else {
            return false;
        };
        if value.is_null() {
            return true;
        }
        if word.collection {
            return value.is_array();
        }
        match word.name {
            TypeName::Graph { .. } => value.is_object() || value.is_string(),
            TypeName::Primitive(crate::ir::Primitive::Boolean) => value.is_boolean(),
            TypeName::Primitive(
                crate::ir::Primitive::Int32
                | crate::ir::Primitive::Int64
                | crate::ir::Primitive::Double,
            ) => value.is_number(),
            TypeName::Primitive(crate::ir::Primitive::Untyped) => true,
            TypeName::Primitive(_) => value.is_string(),
        }
    };
    // Each translated row takes the one unclaimed member that fits it and no
    // other translated row; anything less certain is reported.
    let candidates: Vec<Vec<&String>> = unresolved
        .iter()
        .map(|&i| {
            let fitting: Vec<&(String, serde_json::Value)> = unclaimed
                .iter()
                .copied()
                .filter(|(_, v)| fits(&rows[i], v))
                .collect();
            // A Graph type is an object unless it is an enum: objects first.
            let objects: Vec<&String> = fitting
                .iter()
                .filter(|(_, v)| v.is_object())
                .map(|(k, _)| k)
                .collect();
            if objects.is_empty() {
                fitting.iter().map(|(k, _)| k).collect()
            } else {
                objects
            }
        })
        .collect();
    for (n, &i) in unresolved.iter().enumerate() {
        let row = &rows[i];
        let written = cell_text(row, 0);
        let unique = match candidates[n].as_slice() {
            [only]
                if candidates
                    .iter()
                    .enumerate()
                    .all(|(m, c)| m == n || !c.contains(only)) =>
            {
                Some(*only)
            }
            _ => None,
        };
        match unique {
            Some(key) => {
                sink.info(
                    Code::NameRecovered,
                    &at(row),
                    format!(
                        "parameter `{written}` is translated; named `{key}` after the one request-example member that no other row names and that fits its type"
                    ),
                );
                names[i] = Some(key.clone());
            }
            None => sink.warn(
                Code::NameUnrecoverable,
                &at(row),
                format!(
                    "parameter name `{written}` is not an identifier, has no English original, and the request examples do not settle it ({} candidate member(s)); row skipped",
                    candidates[n].len()
                ),
            ),
        }
    }
    names
}

/// The name when the cell gives an identifier (English original first).
fn identifier_name(row: &Row, at: &Source, sink: &mut Sink) -> Option<String> {
    let cell = row.cells.first()?;
    let name = cell.primary().trim().trim_matches('`').trim_matches('*');
    if !typeword::is_identifier(name) {
        return None;
    }
    if cell.en.is_some() && cell.local.trim() != name {
        sink.info(
            Code::NameRecovered,
            at,
            format!(
                "parameter name `{name}` taken from the English original (translated as `{}`)",
                cell.local.trim()
            ),
        );
    }
    Some(name.to_string())
}

/// The words of a parameter row's type cell, for the tree's vocabulary.
fn type_words(row: &Row) -> String {
    row.cells
        .get(1)
        .map(super::resource::words_outside_links)
        .unwrap_or_default()
}

/// The types a cell links after its first: `[a](a.md) или [b](b.md)`.
fn alternatives(cell: &Inline) -> Vec<TypeWord> {
    let collection = typeword::says_collection(&cell.primary().to_lowercase());
    cell.links
        .iter()
        .filter(|l| l.target.ends_with(".md"))
        .skip(1)
        .filter_map(|l| typeword::graph_name_from_link(&l.text, &l.target))
        .map(|name| TypeWord { name, collection })
        .collect()
}

fn read_response<'a>(
    doc: &PageDoc,
    blocks: impl Iterator<Item = &'a Block>,
) -> Option<ResponseFacts> {
    let at = |line| Source::new(&doc.path, line);
    let paragraphs: Vec<(&Block, &Inline)> = blocks
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph { text, .. } => Some((b, text)),
            _ => None,
        })
        .collect();
    let (index, status) = paragraphs.iter().enumerate().find_map(|(i, (_, text))| {
        text.code
            .iter()
            .find_map(|c| status_phrase(c))
            .or_else(|| status_phrase(text.primary()))
            .map(|(s, _)| (i, s))
    })?;
    let (block, text) = paragraphs[index];
    // The type is in the status sentence, or in the first sentence after it
    // that links one ("… returns one of: - an [onlineMeeting](…) object").
    let r#type = paragraphs[index..]
        .iter()
        .find_map(|(_, t)| response_type(t));
    let location_header = text.primary().contains("Location") || text.local.contains("Location");
    Some(ResponseFacts {
        status,
        r#type,
        location_header,
        description: text.to_text(),
        source: at(block.line),
    })
}

fn response_type(text: &Inline) -> Option<TypeWord> {
    let name = text
        .links
        .iter()
        .filter(|l| l.target.contains("resources/") || !l.target.contains('/'))
        .find_map(|l| typeword::graph_name_from_link(&l.text, &l.target))
        // Rendered pages lose their links; a camelCase identifier left
        // untranslated in the prose is the type (`updateRecordingStatusOperation`).
        .or_else(|| {
            text.links.is_empty().then_some(())?;
            text.code
                .iter()
                .find(|c| is_camel_case_identifier(c))
                .map(|name| TypeName::Graph {
                    name: name.clone(),
                    cased: true,
                })
        })?;
    // The sentence's own words, not a linked type's name
    // (`deviceManagementConfigurationChoiceSettingCollectionDefinition`).
    let words = |prose: &str| -> Vec<String> {
        let mut prose = prose.to_lowercase();
        for link in text.links.iter().filter(|l| !l.text.is_empty()) {
            prose = prose.replace(&link.text.to_lowercase(), " ");
        }
        prose
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_string)
            .collect()
    };
    let collection = words(text.primary()).iter().any(|w| w == "collection")
        || words(&text.local).iter().any(|w| w.starts_with("коллекц"));
    Some(TypeWord { name, collection })
}

/// `updateRecordingStatusOperation`: lowercase first, at least one capital, ASCII only.
fn is_camel_case_identifier(s: &str) -> bool {
    typeword::is_identifier(s)
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().any(|c| c.is_ascii_uppercase())
}

/// Finds `202 Accepted`, `200 OK`, `204 No Content` in text.
fn status_phrase(text: &str) -> Option<(u16, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).find_map(|w| {
        let code: u16 = w[0].trim_matches('`').parse().ok()?;
        let reason = w[1].trim_matches(|c: char| !c.is_ascii_alphabetic());
        ((100..600).contains(&code) && reason.starts_with(|c: char| c.is_ascii_uppercase()))
            .then(|| (code, reason.to_string()))
    })
}

/// The operation id `<resource>.<action>`, from the primary (first
/// non-deprecated) path; the rules are in `specs/README.md`.
fn operation_id(
    method: HttpMethod,
    paths: &[PathTemplate],
    title: Option<&str>,
    body: Option<&BodyFacts>,
    response: Option<&ResponseFacts>,
) -> String {
    let primary = paths
        .iter()
        .find(|p| p.deprecated.is_none())
        .unwrap_or(&paths[0]);
    let segments: Vec<&str> = primary
        .template
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let literal = |s: &&str| !s.starts_with('{');
    let last = segments.last().copied().unwrap_or("root");
    let before_last = segments
        .len()
        .checked_sub(2)
        .and_then(|i| segments.get(i))
        .copied();
    let owner = |segment: Option<&str>| -> String {
        match segment {
            Some(s) if literal(&s) => naming::singular(s),
            _ => segments
                .iter()
                .rev()
                .skip(1)
                .find(|s| literal(s))
                .map(|s| naming::singular(s))
                .unwrap_or_else(|| "root".into()),
        }
    };
    // The title names the action on translated pages too: `вызов: updateRecordingStatus`.
    let titled_action = title
        .and_then(|t| t.rsplit_once(':'))
        .map(|(_, action)| action.trim())
        .filter(|a| typeword::is_identifier(a) && a.eq_ignore_ascii_case(last));
    let (resource, action) = match method {
        HttpMethod::Get if !literal(&last) => (owner(before_last), "get".to_string()),
        HttpMethod::Get => (naming::singular(last), "list".to_string()),
        HttpMethod::Patch => (
            owner(if literal(&last) {
                Some(last)
            } else {
                before_last
            }),
            "update".into(),
        ),
        HttpMethod::Put => (
            owner(if literal(&last) {
                Some(last)
            } else {
                before_last
            }),
            "put".into(),
        ),
        HttpMethod::Delete => (
            owner(if literal(&last) {
                Some(last)
            } else {
                before_last
            }),
            "delete".into(),
        ),
        HttpMethod::Post => {
            let creates = matches!(body, Some(BodyFacts::Resource(..)))
                || response.is_some_and(|r| r.status == 201);
            match titled_action {
                Some(action) => (owner(before_last), action.to_string()),
                None if creates || !literal(&last) => {
                    (naming::singular(last), "create".to_string())
                }
                None => (owner(before_last), last.to_string()),
            }
        }
    };
    format!("{}.{}", naming::lower_camel(&resource), action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_params_are_named_after_their_collection() {
        let names: Vec<_> = path_params("/applications/{id}/calls/{id}/participants/invite")
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["applicationId", "callId"]);
        let names: Vec<_> =
            path_params("/communications/calls/{call-id}/participants/{participant-id}")
                .into_iter()
                .map(|p| p.name)
                .collect();
        assert_eq!(names, ["callId", "participantId"]);
    }

    #[test]
    fn path_params_are_unique_without_numbers() {
        let names =
            |t: &str| -> Vec<String> { path_params(t).into_iter().map(|p| p.name).collect() };
        assert_eq!(
            names("/me/drive/items/{id}/workbook/tables/{id|name}/columns/{id|name}/range"),
            ["itemId", "tableIdName", "columnIdName"]
        );
        assert_eq!(
            names("/groups/{Id}/threads/{Id}/posts/{Id}/extensions/{extensionId}"),
            ["groupId", "threadId", "postId", "extensionId"]
        );
        assert_eq!(
            names("/agents/{id1}/agentGroups/{id2}/$ref"),
            ["agentId", "agentGroupId"]
        );
        assert_eq!(
            names(
                "/deviceManagement/managementConditions/{managementConditionId}/managementConditionStatements/{managementConditionStatementId}/managementConditions/{managementConditionId}"
            ),
            [
                "deviceManagementManagementConditionId",
                "managementConditionStatementId",
                "managementConditionStatementManagementConditionId"
            ]
        );
        // Placeholders inside a segment are parameters too.
        assert_eq!(
            names(
                "/me/drive/root:/{item-path}:/workbook/worksheets/{id|name}/range(address='{address}')"
            ),
            ["itemPath", "idName", "address"]
        );
        assert_eq!(
            names("/sites/{hostname},{spsite-id},{spweb-id}"),
            ["hostname", "spsiteId", "spwebId"]
        );
    }

    #[test]
    fn placeholders_in_other_brackets_are_read_as_braces() {
        let mut sink = Sink::default();
        let at = Source::new("p", 1);
        assert_eq!(
            bracketed_placeholders("/teams/(team-id)/channels/{channel-id}", &at, &mut sink),
            "/teams/{team-id}/channels/{channel-id}"
        );
        assert_eq!(
            bracketed_placeholders(
                "/worksheets/{id|name}/range(address='<address>')/format",
                &at,
                &mut sink
            ),
            "/worksheets/{id|name}/range(address='{address}')/format"
        );
        // A call's own parentheses and a key in quotes stay.
        assert_eq!(
            bracketed_placeholders("/me/mailFolders('SentItems')/messages", &at, &mut sink),
            "/me/mailFolders('SentItems')/messages"
        );
        assert_eq!(sink.items.len(), 2);
    }

    #[test]
    fn status_phrases() {
        assert_eq!(
            status_phrase("Returns `202 Accepted` response code"),
            Some((202, "Accepted".into()))
        );
        assert_eq!(
            status_phrase("returns a 200 OK response"),
            Some((200, "OK".into()))
        );
        assert_eq!(status_phrase("limit is 256 chars"), None);
    }

    fn path(t: &str) -> PathTemplate {
        PathTemplate {
            template: t.into(),
            params: path_params(t),
            deprecated: None,
            source: Source::new("p", 1),
        }
    }

    #[test]
    fn operation_ids() {
        let id = |m, p: &str, title| operation_id(m, &[path(p)], title, None, None);
        assert_eq!(
            id(
                HttpMethod::Post,
                "/communications/calls/{id}/updateMetadata",
                Some("call: updateMetadata")
            ),
            "call.updateMetadata"
        );
        assert_eq!(
            id(
                HttpMethod::Post,
                "/app/calls/{id}/participants/invite",
                Some("participant: invite")
            ),
            "participant.invite"
        );
        assert_eq!(
            id(HttpMethod::Post, "/communications/calls/{id}/answer", None),
            "call.answer"
        );
        assert_eq!(
            id(HttpMethod::Get, "/communications/calls/{id}", None),
            "call.get"
        );
        assert_eq!(
            id(
                HttpMethod::Get,
                "/communications/calls/{id}/participants",
                None
            ),
            "participant.list"
        );
        assert_eq!(
            id(HttpMethod::Delete, "/communications/calls/{id}", None),
            "call.delete"
        );
        let created = ResponseFacts {
            status: 201,
            r#type: None,
            location_header: false,
            description: Text::default(),
            source: Source::new("p", 1),
        };
        assert_eq!(
            operation_id(
                HttpMethod::Post,
                &[path("/app/calls")],
                Some("Create call"),
                None,
                Some(&created)
            ),
            "call.create"
        );
    }
}
