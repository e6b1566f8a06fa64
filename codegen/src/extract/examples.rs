//! JSON examples: annotated request/response blocks, unannotated HTTP
//! messages in the example sections, and `example` blocks (notifications),
//! each with the HTTP line it belongs to.

use super::http::{self, Message, StartLine};
use super::sections::Section;
use crate::diag::{Code, Sink, Source};
use crate::ir::{ExampleRole, HttpMethod};
use crate::parse::doc::{Annotation, Block, BlockKind, PageDoc};
use crate::parse::lenient_json::{self, DefectKind};

#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFacts {
    /// Where the JSON starts.
    pub source: Source,
    pub role: ExampleRole,
    pub name: Option<String>,
    pub start: Option<StartLine>,
    /// The annotation's `@odata.type`.
    pub odata_type: Option<String>,
    pub is_collection: bool,
    pub truncated: bool,
    pub json: Option<serde_json::Value>,
    pub defects: Vec<String>,
}

/// An HTTP message in the examples, with or without a JSON body: what the
/// replay server answers with.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageFacts {
    pub line: u32,
    pub start: StartLine,
    pub headers: Vec<(String, String)>,
    /// The index, in the page's examples, of the JSON example that is its body.
    pub body: Option<usize>,
}

pub fn read(
    doc: &PageDoc,
    sections: &[(Section, &Block)],
    sink: &mut Sink,
) -> (Vec<ExampleFacts>, Vec<MessageFacts>) {
    let mut out = Vec::new();
    let mut messages: Vec<MessageFacts> = Vec::new();
    // An HTTP message without a body (its index in `messages`), waiting for
    // the JSON block after it.
    let mut waiting: Option<usize> = None;
    // The anchor of the last sub-heading: a bare JSON block under "Response"
    // is a response even without a status line.
    let mut heading: Option<&str> = None;
    for (section, block) in sections {
        if let BlockKind::Heading { level, anchor, .. } = &block.kind {
            if *level >= 3 {
                heading = anchor.as_deref();
            }
            continue;
        }
        let BlockKind::Code {
            info,
            body,
            body_line,
            annotation,
            ..
        } = &block.kind
        else {
            continue;
        };
        let block_type = annotation.as_ref().and_then(|a| a.block_type.as_deref());
        if matches!(block_type, Some("ignored")) || *section == Section::HttpRequest {
            continue;
        }
        let annotated = matches!(block_type, Some("request" | "response" | "example"));
        if !annotated && *section != Section::Examples {
            continue;
        }
        let message = if info == "json" {
            None
        } else {
            http::message(body)
        };
        match message {
            Some(Message {
                start,
                body: None,
                headers,
            }) => {
                waiting = Some(messages.len());
                messages.push(MessageFacts {
                    line: block.line,
                    start,
                    headers,
                    body: None,
                });
            }
            Some(Message {
                start,
                body: Some((json, offset)),
                headers,
            }) => {
                waiting = None;
                let line = body_line + u32::try_from(offset).unwrap_or(0);
                let role = role_of(block_type, Some(&start));
                messages.push(MessageFacts {
                    line: block.line,
                    start: start.clone(),
                    headers,
                    body: Some(out.len()),
                });
                out.push(example(
                    doc,
                    role,
                    annotation.as_ref(),
                    Some(start),
                    &json,
                    line,
                    sink,
                ));
            }
            None if info == "json" || info.is_empty() || annotated => {
                // A JSON block: the body of the message just before it, if any.
                // GET and DELETE requests carry no body: JSON after them is their response.
                let waited = waiting.take();
                let owner = waited.filter(|&m| {
                    !matches!(&messages[m].start, StartLine::Request(r) if matches!(r.method, HttpMethod::Get | HttpMethod::Delete))
                });
                // Pages that write "Response" in bold, not as a heading, answer a GET so.
                let answers_request = waited.is_some() && owner.is_none();
                let start = owner.map(|m| messages[m].start.clone());
                if body.trim().is_empty() {
                    continue;
                }
                let under_response =
                    heading.is_some_and(|h| h == "response" || h.starts_with("response-"));
                let role = match role_of(block_type, start.as_ref()) {
                    ExampleRole::Example
                        if start.is_none()
                            && block_type.is_none()
                            && (under_response || answers_request) =>
                    {
                        ExampleRole::Response
                    }
                    role => role,
                };
                if let Some(m) = owner {
                    messages[m].body = Some(out.len());
                }
                out.push(example(
                    doc,
                    role,
                    annotation.as_ref(),
                    start,
                    body,
                    *body_line,
                    sink,
                ));
            }
            None => {}
        }
    }
    (out, messages)
}

fn role_of(block_type: Option<&str>, start: Option<&StartLine>) -> ExampleRole {
    match (block_type, start) {
        (Some("request"), _) => ExampleRole::Request,
        (Some("response"), _) => ExampleRole::Response,
        // A request to a Graph URL; a POST to a bot's callback is a notification.
        (_, Some(StartLine::Request(r))) if r.graph_path.is_some() => ExampleRole::Request,
        (_, Some(StartLine::Status { .. })) => ExampleRole::Response,
        _ => ExampleRole::Example,
    }
}

fn example(
    doc: &PageDoc,
    role: ExampleRole,
    annotation: Option<&Annotation>,
    start: Option<StartLine>,
    json_text: &str,
    line: u32,
    sink: &mut Sink,
) -> ExampleFacts {
    let at = Source::new(&doc.path, line);
    let parsed = lenient_json::parse(json_text);
    let mut defects = Vec::new();
    for defect in &parsed.defects {
        let where_ = Source::new(&doc.path, line + defect.line.saturating_sub(1));
        let code = match defect.kind {
            DefectKind::Placeholder => Code::JsonPlaceholder,
            _ => Code::JsonRepaired,
        };
        sink.warn(code, &where_, defect.message.clone());
        defects.push(format!("line {}: {}", where_.line, defect.message));
    }
    if let Some(error) = &parsed.error {
        sink.error(
            Code::JsonInvalid,
            &at,
            format!("JSON example does not parse: {error}"),
        );
        defects.push(format!("line {line}: does not parse: {error}"));
    }
    ExampleFacts {
        source: at,
        role,
        name: annotation.and_then(|a| a.name.clone()),
        start,
        odata_type: annotation.and_then(|a| a.odata_type.clone()),
        is_collection: annotation.is_some_and(|a| a.is_collection),
        truncated: annotation.is_some_and(|a| a.truncated),
        json: parsed.value,
        defects,
    }
}
