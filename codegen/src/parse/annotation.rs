//! HTML-comment annotations before fences: `<!-- { "blockType": "request", … } -->`.
//!
//! The docs' annotation JSON is often sloppy (trailing commas, `"truncated": "true"`),
//! so it goes through the lenient JSON parser; if even that fails, the fields
//! that matter are salvaged by name and a diagnostic says so.

use super::doc::Annotation;
use super::lenient_json;
use crate::diag::{Code, Sink, Source};
use serde_json::{Map, Value};

/// The JSON inside an HTML comment, when the comment holds an object (`{ … }`).
pub fn comment_json(html: &str) -> Option<&str> {
    let inner = html.trim().strip_prefix("<!--")?.trim_end();
    let inner = inner.strip_suffix("-->").unwrap_or(inner).trim();
    inner.starts_with('{').then_some(inner)
}

/// Reads an annotation. `None` for page-level annotations (`"type": "#page.annotation"`),
/// which describe the page rather than the next block.
pub fn read(json: &str, at: &Source, sink: &mut Sink) -> Option<Annotation> {
    let parsed = lenient_json::parse(json);
    let fields = match parsed.value {
        Some(Value::Object(map)) => {
            if !parsed.defects.is_empty() {
                let what: Vec<_> = parsed.defects.iter().map(|d| d.message.as_str()).collect();
                sink.warn(
                    Code::AnnotationJson,
                    at,
                    format!("annotation JSON repaired: {}", what.join("; ")),
                );
            }
            map
        }
        _ => {
            let why = parsed.error.unwrap_or_else(|| "not a JSON object".into());
            sink.warn(
                Code::AnnotationJson,
                at,
                format!("annotation is not valid JSON ({why}); salvaged its fields by name"),
            );
            salvage(json)
        }
    };
    if fields.get("type").and_then(Value::as_str) == Some("#page.annotation") {
        return None;
    }
    let text = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_string);
    // `"@odata.type": "Collection(microsoft.graph.x)"` is a collection of `x`. Some pages write
    // the key as `"@type"`.
    let raw_type = text("@odata.type")
        .or_else(|| text("@type"))
        .map(|t| t.trim().trim_start_matches('#').to_string());
    let (odata_type, collection_type) = match raw_type {
        Some(t) => match t
            .get(..11)
            .filter(|p| p.eq_ignore_ascii_case("collection("))
            .and_then(|_| t[11..].strip_suffix(')'))
        {
            Some(inner) => (Some(inner.trim_start_matches('#').to_string()), true),
            None => (Some(t), false),
        },
        None => (None, false),
    };
    Some(Annotation {
        line: at.line,
        block_type: text("blockType"),
        name: text("name"),
        odata_type,
        truncated: truthy(fields.get("truncated")),
        is_collection: collection_type || truthy(fields.get("isCollection")),
        fields,
    })
}

/// `true`, `"true"` and `"True"` all mean true in the docs.
fn truthy(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// Pulls `"key": "value"` and `"key": true/false` pairs out of text that is not JSON.
fn salvage(text: &str) -> Map<String, Value> {
    let mut map = Map::new();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        let key = &after[..end];
        let tail = after[end + 1..].trim_start();
        rest = &after[end + 1..];
        let Some(value_text) = tail.strip_prefix(':') else {
            continue;
        };
        let value_text = value_text.trim_start();
        if let Some(v) = value_text.strip_prefix('"') {
            if let Some(close) = v.find('"') {
                map.insert(key.to_string(), Value::String(v[..close].to_string()));
                rest = &v[close + 1..];
            }
        } else if value_text.starts_with("true") {
            map.insert(key.to_string(), Value::Bool(true));
        } else if value_text.starts_with("false") {
            map.insert(key.to_string(), Value::Bool(false));
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Source {
        Source::new("p.md", 7)
    }

    #[test]
    fn reads_a_response_annotation_from_the_seed() {
        let mut sink = Sink::default();
        let json = comment_json(
            "<!-- {\n  \"blockType\": \"response\",\n  \"name\": \"call-updateMetadata\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.commsOperation\"\n} -->",
        )
        .unwrap();
        let a = read(json, &at(), &mut sink).unwrap();
        assert_eq!(a.block_type.as_deref(), Some("response"));
        assert_eq!(a.name.as_deref(), Some("call-updateMetadata"));
        assert_eq!(
            a.odata_type.as_deref(),
            Some("microsoft.graph.commsOperation")
        );
        assert!(a.truncated);
        assert!(sink.items.is_empty());
    }

    #[test]
    fn truncated_as_a_string() {
        let mut sink = Sink::default();
        let a = read(r##"{"blockType": "example", "truncated": "true", "@odata.type": "#microsoft.graph.call"}"##, &at(), &mut sink)
            .unwrap();
        assert!(a.truncated);
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.call"));
    }

    #[test]
    fn collection_types_are_collections() {
        let mut sink = Sink::default();
        let a = read(
            r#"{"blockType": "response", "@type": "collection(microsoft.graph.itemActivity)"}"#,
            &at(),
            &mut sink,
        )
        .unwrap();
        assert_eq!(
            a.odata_type.as_deref(),
            Some("microsoft.graph.itemActivity")
        );
        assert!(a.is_collection);
        let a = read(r#"{"blockType": "response", "@odata.type": "Collection(microsoft.graph.attendanceRecord)"}"#, &at(), &mut sink).unwrap();
        assert_eq!(
            a.odata_type.as_deref(),
            Some("microsoft.graph.attendanceRecord")
        );
        assert!(a.is_collection);
    }

    #[test]
    fn invalid_json_is_salvaged_with_a_diagnostic() {
        let mut sink = Sink::default();
        let a = read(
            r#"{ "blockType": "request", "name": "x" "truncated": true "#,
            &at(),
            &mut sink,
        )
        .unwrap();
        assert_eq!(a.block_type.as_deref(), Some("request"));
        assert_eq!(a.name.as_deref(), Some("x"));
        assert!(a.truncated);
        assert_eq!(sink.items.len(), 1);
        assert_eq!(sink.items[0].code, Code::AnnotationJson);
        assert_eq!(sink.items[0].line, 7);
    }

    #[test]
    fn page_annotations_and_plain_comments_are_not_block_annotations() {
        let mut sink = Sink::default();
        assert!(
            read(
                r##"{"type": "#page.annotation", "description": "x"}"##,
                &at(),
                &mut sink
            )
            .is_none()
        );
        assert!(comment_json("<!-- uuid: 8fcb5dbc -->").is_none());
    }
}
