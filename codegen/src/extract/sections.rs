//! Splits a page into its sections by their level-2 headings (and the level-3 ones that
//! start an operation's section where a page nests them).
//!
//! Translated pages keep English heading anchors (`<a name="http-request">`),
//! so the anchor decides; the heading text (English, then Russian) is the
//! fallback for pages without anchors.

use crate::parse::doc::{Block, BlockKind, PageDoc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Before the first level-2 heading: title, namespace, summary.
    Intro,
    Permissions,
    HttpRequest,
    PathParameters,
    /// "Function parameters": the arguments of an OData function, in the URL.
    FunctionParameters,
    QueryParameters,
    RequestHeaders,
    RequestBody,
    Response,
    Examples,
    /// A resource page's "Methods": a table linking the pages of the operations on its type.
    Methods,
    Properties,
    Relationships,
    /// "Derived types": a table linking the types that inherit from this one.
    DerivedTypes,
    JsonRepresentation,
    Other,
}

/// Anchor and heading-text vocabulary, one table for both languages.
const NAMES: &[(Section, &[&str])] = &[
    (Section::Permissions, &["permissions", "разрешения"]),
    (
        Section::HttpRequest,
        &[
            "http-request",
            "http-requests",
            "http request",
            "http requests",
            "http-запрос",
            "http-запросы",
        ],
    ),
    (
        Section::PathParameters,
        &["path-parameters", "path parameters", "параметры пути"],
    ),
    (
        Section::FunctionParameters,
        &[
            "function-parameters",
            "function parameters",
            "параметры функции",
            "parâmetros de função",
            "parâmetros da função",
        ],
    ),
    (
        Section::QueryParameters,
        &[
            "optional-query-parameters",
            "optional query parameters",
            "query-parameters",
            "необязательные параметры запроса",
            "параметры запроса",
        ],
    ),
    (
        Section::RequestHeaders,
        &[
            "request-headers",
            "request headers",
            "заголовки запросов",
            "заголовки запроса",
        ],
    ),
    (
        Section::RequestBody,
        &[
            "request-body",
            "request body",
            "текст запроса",
            "тело запроса",
        ],
    ),
    (Section::Response, &["response", "отклик", "ответ"]),
    (
        Section::Examples,
        &["example", "examples", "пример", "примеры"],
    ),
    (Section::Methods, &["methods", "методы", "métodos"]),
    (
        Section::Properties,
        &["properties", "свойства", "propriedades"],
    ),
    (
        Section::DerivedTypes,
        &[
            "derived-types",
            "derived types",
            "производные типы",
            "tipos derivados",
        ],
    ),
    (
        Section::Relationships,
        &["relationships", "связи", "отношения"],
    ),
    (
        Section::JsonRepresentation,
        &[
            "json-representation",
            "json representation",
            "представление json",
        ],
    ),
];

fn classify(anchor: Option<&str>, texts: &[&str]) -> Section {
    let lookup = |key: &str| {
        let key = key.trim().trim_end_matches(':').to_lowercase();
        NAMES
            .iter()
            .find(|(_, names)| names.contains(&key.as_str()))
            .map(|(s, _)| *s)
    };
    if let Some(section) = anchor.and_then(lookup) {
        return section;
    }
    // Numbered example anchors: `example-1-create-a-call`.
    if anchor.is_some_and(|a| a.starts_with("example")) {
        return Section::Examples;
    }
    texts
        .iter()
        .find_map(|t| lookup(t))
        .unwrap_or(Section::Other)
}

/// Each block with the section it is in.
pub fn sections(doc: &PageDoc) -> Vec<(Section, &Block)> {
    let mut current = Section::Intro;
    let mut out = Vec::with_capacity(doc.blocks.len());
    for block in &doc.blocks {
        if let BlockKind::Heading {
            level: 2,
            anchor,
            text,
        } = &block.kind
        {
            let section = classify(anchor.as_deref(), &[text.primary(), &text.local]);
            // Sub-headings such as "Response" inside the examples stay examples:
            // they are level 3+; a level-2 "Response" after examples is rare but real.
            current = section;
        } else if let BlockKind::Heading {
            level: 3..,
            anchor,
            text,
        } = &block.kind
            && current != Section::Examples
        {
            // Drive pages nest "### Request body" and "### Response" under "## HTTP request";
            // inside the examples, a "### Response" is an example's.
            let section = classify(anchor.as_deref(), &[text.primary(), &text.local]);
            if matches!(
                section,
                Section::PathParameters
                    | Section::FunctionParameters
                    | Section::QueryParameters
                    | Section::RequestHeaders
                    | Section::RequestBody
                    | Section::Response
                    | Section::Examples
            ) {
                current = section;
            }
        }
        out.push((current, block));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_win_over_translated_text() {
        assert_eq!(
            classify(Some("http-request"), &["HTTP-запрос"]),
            Section::HttpRequest
        );
        assert_eq!(classify(None, &["Текст запроса"]), Section::RequestBody);
        assert_eq!(
            classify(Some("example-2-join-a-meeting"), &["Пример 2"]),
            Section::Examples
        );
        assert_eq!(classify(Some("see-also"), &["См. также"]), Section::Other);
    }
}
