//! Page documents → page facts: the operation, examples and type evidence one
//! page gives, before pages are merged into the spec.

mod examples;
pub mod http;
pub mod links;
mod listed;
mod operation;
pub mod resource;
mod sections;
pub mod typeword;
mod version;

pub use examples::{ExampleFacts, MessageFacts};
pub use operation::{BodyFacts, OperationFacts, ParamFacts};
pub use resource::{EnumFacts, ResourceFacts};

use crate::diag::{Code, Sink, Source};
use crate::ir::{ApiVersion, PageFormat, PageKind, Text};
use crate::parse::doc::{BlockKind, PageDoc};
use std::collections::BTreeMap;

/// What one page says, with every item's source.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFacts {
    pub path: String,
    pub format: PageFormat,
    pub kind: PageKind,
    pub version: Option<ApiVersion>,
    pub version_evidence: Option<String>,
    pub title: Text,
    pub front_matter: BTreeMap<String, String>,
    pub bilingual: bool,
    pub operation: Option<OperationFacts>,
    /// The type a resource page defines.
    pub resource: Option<ResourceFacts>,
    /// Enum tables on the page.
    pub enums: Vec<EnumFacts>,
    pub examples: Vec<ExampleFacts>,
    /// HTTP messages of the examples, in page order.
    pub messages: Vec<MessageFacts>,
    /// The page's "Namespace: microsoft.graph.callRecords" line, when it has one.
    pub namespace: Option<String>,
    /// Graph type names as the page spells them (annotations, link texts,
    /// `@odata.type` values): the evidence for casing lowercase names.
    pub type_names: Vec<(String, Source)>,
    pub skipped: Option<String>,
    /// Links to `.md` pages as written, with their lines (`links::read`).
    pub links: Vec<(String, Source)>,
}

pub fn extract(doc: &PageDoc, sink: &mut Sink) -> PageFacts {
    let sections = sections::sections(doc);
    let title = doc
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Heading { level: 1, text, .. } => Some(text.to_text()),
            _ => None,
        })
        .unwrap_or_default();
    let (version, version_evidence) = match version::detect(doc) {
        Some((v, why)) => (Some(v), Some(why)),
        None => (None, None),
    };
    let (examples, messages) = examples::read(doc, &sections, sink);
    let operation = operation::read(doc, &sections, &examples, sink);
    let resource = if operation.is_none() {
        resource::read(doc, &sections, sink)
    } else {
        None
    };
    let enums = resource::read_enums(doc, sink);
    let mut type_names = Vec::new();
    collect_type_names(doc, &examples, &mut type_names);

    let kind = match (&operation, &resource) {
        (Some(_), _) => PageKind::Api,
        (None, Some(_)) => PageKind::Resource,
        (None, None) => PageKind::Conceptual,
    };
    let skipped =
        (operation.is_none() && resource.is_none() && enums.is_empty() && examples.is_empty())
            .then(|| "no operation, type, enum or example on the page".to_string());
    if operation.is_none()
        && doc
            .front_matter
            .get("doc_type")
            .is_some_and(|d| d == "apiPageType")
    {
        sink.warn(
            Code::NoContent,
            &Source::new(&doc.path, 1),
            "API page without an HTTP request section",
        );
    }
    if version.is_none() && operation.is_some() {
        sink.warn(
            Code::NoContent,
            &Source::new(&doc.path, 1),
            "no evidence of the API version; assuming v1.0",
        );
    }
    PageFacts {
        path: doc.path.clone(),
        format: doc.format,
        kind,
        version: version.or(operation.as_ref().map(|_| ApiVersion::V1_0)),
        version_evidence,
        title,
        front_matter: doc.front_matter.clone(),
        bilingual: doc.bilingual,
        operation,
        resource,
        enums,
        examples,
        messages,
        namespace: namespace(doc),
        type_names,
        skipped,
        links: links::read(doc),
    }
}

/// `Namespace: microsoft.graph.callRecords` / `Пространство имен: microsoft.graph.callRecords`.
fn namespace(doc: &PageDoc) -> Option<String> {
    doc.blocks.iter().take(12).find_map(|b| {
        let BlockKind::Paragraph { text, .. } = &b.kind else {
            return None;
        };
        let (label, value) = text.primary().split_once(':')?;
        let label = label.trim().to_lowercase();
        let value = value.split_whitespace().next()?.trim_end_matches('.');
        ((label == "namespace" || label == "пространство имен") && value.starts_with("microsoft."))
            .then(|| value.to_string())
    })
}

fn collect_type_names(doc: &PageDoc, examples: &[ExampleFacts], out: &mut Vec<(String, Source)>) {
    let at = |line| Source::new(&doc.path, line);
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Code {
                annotation: Some(a),
                ..
            } => {
                if let Some(t) = &a.odata_type {
                    out.push((t.clone(), at(a.line)));
                }
            }
            BlockKind::Paragraph { text, .. } => push_link_names(&text.links, at(block.line), out),
            BlockKind::Table { rows, .. } => {
                for row in rows {
                    for cell in &row.cells {
                        push_link_names(&cell.links, at(row.line), out);
                    }
                }
            }
            _ => {}
        }
    }
    for example in examples {
        if let Some(json) = &example.json {
            collect_odata_types(json, &example.source, out);
        }
    }
}

/// English link texts that spell a type (`[commsOperation](commsoperation.md)`).
fn push_link_names(links: &[crate::parse::doc::Link], at: Source, out: &mut Vec<(String, Source)>) {
    for link in links {
        // A prefixed file name (`callrecords-callrecord.md`) may stand for a namespace the
        // link does not spell: its name says nothing of `microsoft.graph` itself.
        let prefixed = link
            .target
            .rsplit('/')
            .next()
            .is_some_and(|f| f.contains('-'));
        if prefixed {
            continue;
        }
        if let Some(typeword::TypeName::Graph { name, cased: true }) =
            typeword::graph_name_from_link(&link.text, &link.target)
        {
            out.push((format!("microsoft.graph.{name}"), at.clone()));
        }
    }
}

fn collect_odata_types(value: &serde_json::Value, at: &Source, out: &mut Vec<(String, Source)>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(t) = map.get("@odata.type").and_then(|v| v.as_str()) {
                out.push((t.trim_start_matches('#').to_string(), at.clone()));
            }
            map.values().for_each(|v| collect_odata_types(v, at, out));
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|v| collect_odata_types(v, at, out))
        }
        _ => {}
    }
}
