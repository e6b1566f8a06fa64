//! The JSON representation of a resource page: member shapes and the line
//! each member is written on.

use super::{JsonProperty, JsonShape};
use crate::extract::typeword;
use crate::ir::Primitive;
use serde_json::Value;

/// The members of a parsed JSON representation, in block order, with their
/// lines. `body` is the fence body and `body_line` its first line.
pub(super) fn members(value: &Value, body: &str, body_line: u32) -> Vec<JsonProperty> {
    // A few pages write the representation as an array of the object.
    let object = match value {
        Value::Object(map) => Some(map),
        Value::Array(items) => items.iter().find_map(Value::as_object),
        _ => None,
    };
    let Some(object) = object else {
        return Vec::new();
    };
    let keys = top_level_keys(body);
    let mut cursor = 0;
    let mut out = Vec::with_capacity(object.len());
    for (name, value) in object {
        // `@odata.type` and instance annotations are control information, not properties.
        if name.starts_with('@') {
            continue;
        }
        let found = keys
            .iter()
            .skip(cursor)
            .position(|(k, _)| k == name)
            .map(|i| i + cursor);
        let offset = match found {
            Some(i) => {
                cursor = i + 1;
                keys.get(i).map(|(_, o)| *o)
            }
            // Out of order (duplicate keys keep their first position): any occurrence.
            None => keys.iter().find(|(k, _)| k == name).map(|(_, o)| *o),
        };
        let line = body_line + offset.unwrap_or(0);
        let (shape, collection) = shape_of(value);
        out.push(JsonProperty {
            name: name.clone(),
            shape,
            collection,
            line,
        });
    }
    out
}

/// Keys of the outermost object (or of the objects of an outermost array) with
/// the line they are on (0-based), in order of appearance.
fn top_level_keys(body: &str) -> Vec<(String, u32)> {
    let bytes = body.as_bytes();
    let want = if body.trim_start().starts_with('[') {
        2
    } else {
        1
    };
    let mut depth = 0usize;
    // Lines counted as the scan goes: bodies of thousands of lines make a
    // per-key count quadratic.
    let mut line = 0u32;
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => line += 1,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                // A line comment may hold quotes and braces.
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                let start = i;
                let end = string_end(bytes, i + 1);
                let mut j = end + 1;
                while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                if depth == want
                    && bytes.get(j) == Some(&b':')
                    && let Some(key) = body.get(start + 1..end)
                {
                    out.push((key.to_string(), line));
                }
                // An unclosed string ends at its newline, which still counts.
                i = if bytes.get(end) == Some(&b'"') {
                    end + 1
                } else {
                    end
                };
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The index of the quote closing a string whose content starts at `from`, or
/// of the newline or end where an unclosed one stops.
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => return i + 1,
            b'\\' => i += 2,
            b'"' => return i,
            // Strings do not span lines; stop so one stray quote costs one line.
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `@odata.type` and the misspellings pages use for it.
pub(super) const TYPE_KEYS: &[&str] = &["@odata.type", "@type", "@odate.type", "@data.type"];

/// The shape a placeholder value stands for, and whether it is a collection.
pub(super) fn shape_of(value: &Value) -> (JsonShape, bool) {
    match value {
        Value::Array(items) => match items.first() {
            // Nested arrays are still one collection level in the IR.
            Some(first) => (shape_of(first).0, true),
            None => (JsonShape::Unknown("[]".into()), true),
        },
        Value::Object(map) => match TYPE_KEYS
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
        {
            Some(t) if !t.trim().trim_start_matches('#').is_empty() => {
                let t = t.trim().trim_start_matches('#');
                if t.split('.').all(typeword::is_identifier) && primitive_word(t).is_none() {
                    (JsonShape::Type(crate::infer::qualify(t)), false)
                } else {
                    // `{"@odata.type": "String (timestamp)"}` writes a primitive.
                    string_shape(t)
                }
            }
            _ => (JsonShape::Unknown(value.to_string()), false),
        },
        Value::String(s) => string_shape(s),
        Value::Bool(_) => (JsonShape::Primitive(Primitive::Boolean), false),
        Value::Number(n) => {
            let shape = match n.as_i64() {
                Some(i) if i32::try_from(i).is_ok() => Primitive::Int32,
                Some(_) => Primitive::Int64,
                None if n.is_u64() => Primitive::Int64,
                None => Primitive::Double,
            };
            (JsonShape::Primitive(shape), false)
        }
        Value::Null => (JsonShape::Unknown("null".into()), false),
    }
}

/// `"String (identifier)"` → String, `"a | b"` → Enum, a type written as text
/// (`"@odata.type: microsoft.graph.x"`, `"Collection(microsoft.graph.x)"`) →
/// Type, else Unknown.
fn string_shape(s: &str) -> (JsonShape, bool) {
    let text = s.trim();
    let alternatives: Vec<&str> = text.split('|').map(str::trim).collect();
    if alternatives.len() >= 2 && alternatives.iter().all(|a| typeword::is_identifier(a)) {
        // `"String | null"` and the like are a primitive, not an enumeration.
        let primitives = alternatives
            .iter()
            .filter(|a| primitive_word(a).is_some() || a.eq_ignore_ascii_case("null"))
            .count();
        if primitives < alternatives.len() {
            let values = alternatives.iter().map(|a| a.to_string()).collect();
            return (JsonShape::Enum(values), false);
        }
    }
    if let Some(t) = written_type(text) {
        return t;
    }
    let first = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == '|' || c == ',')
        .next()
        .unwrap_or("");
    match primitive_word(first) {
        Some(Primitive::String) => (
            JsonShape::Primitive(string_hint(text).unwrap_or(Primitive::String)),
            false,
        ),
        Some(p) => (JsonShape::Primitive(p), false),
        None => (JsonShape::Unknown(s.to_string()), false),
    }
}

/// The primitive a string placeholder's note names: `"String (timestamp)"`,
/// `"String (ISO 8601 duration)"`, `"String (time of day)"`, `"String (Date)"`,
/// `"string (base64)"`. Notes such as `(identifier)` or `(URL)` leave a string.
fn string_hint(text: &str) -> Option<Primitive> {
    let note = text
        .split_once('(')?
        .1
        .split(')')
        .next()?
        .to_ascii_lowercase();
    let words: Vec<&str> = note
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    Some(
        if has("timestamp")
            || note == "iso 8601"
            || note == "iso 8601 format"
            || has("datetime")
            || has("datetimeoffset")
        {
            Primitive::DateTimeOffset
        } else if has("duration") || has("timespan") {
            Primitive::Duration
        } else if note.replace(' ', "") == "timeofday" {
            Primitive::TimeOfDay
        } else if note == "date" {
            Primitive::Date
        } else if has("binary") || has("base64") {
            Primitive::Binary
        } else if has("guid") || has("uuid") {
            Primitive::Guid
        } else {
            return None;
        },
    )
}

/// A Graph type written as a string: `@odata.type: microsoft.graph.x` or
/// `Collection(microsoft.graph.x)`.
fn written_type(text: &str) -> Option<(JsonShape, bool)> {
    let qualified = |name: &str| {
        let name = name.trim().trim_start_matches('#');
        (name.starts_with("microsoft.graph.") && name.split('.').all(typeword::is_identifier))
            .then(|| JsonShape::Type(name.to_string()))
    };
    if let Some(rest) = text.strip_prefix("@odata.type:") {
        return qualified(rest).map(|t| (t, false));
    }
    const COLLECTION: &str = "collection(";
    let inner = text
        .get(..COLLECTION.len())
        .filter(|p| p.eq_ignore_ascii_case(COLLECTION))
        .and_then(|_| text.get(COLLECTION.len()..))?
        .strip_suffix(')')?;
    qualified(inner).map(|t| (t, true))
}

/// A primitive type word of the JSON placeholders, which use a few words the
/// tables do not (`timestamp`, `url`).
fn primitive_word(word: &str) -> Option<Primitive> {
    let lower = word.to_ascii_lowercase();
    match lower.trim_start_matches("edm.") {
        "timestamp" => Some(Primitive::DateTimeOffset),
        "url" | "uri" => Some(Primitive::String),
        _ => Primitive::from_doc_word(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_shapes() {
        let shape = |v: Value| shape_of(&v);
        assert_eq!(
            shape(Value::from("String (identifier)")),
            (JsonShape::Primitive(Primitive::String), false)
        );
        assert_eq!(
            shape(Value::from("String (timestamp)")),
            (JsonShape::Primitive(Primitive::DateTimeOffset), false)
        );
        assert_eq!(
            shape(Value::from("String (ISO 8601 duration)")),
            (JsonShape::Primitive(Primitive::Duration), false)
        );
        assert_eq!(
            shape(Value::from("String (time of day)")),
            (JsonShape::Primitive(Primitive::TimeOfDay), false)
        );
        assert_eq!(
            shape(Value::from("timestamp")),
            (JsonShape::Primitive(Primitive::DateTimeOffset), false)
        );
        assert_eq!(
            shape(serde_json::json!(["unknown | audio"])),
            (
                JsonShape::Enum(vec!["unknown".into(), "audio".into()]),
                true
            )
        );
        assert_eq!(
            shape(Value::from("String | null")),
            (JsonShape::Primitive(Primitive::String), false)
        );
        assert_eq!(
            shape(serde_json::json!([{"@odata.type": "microsoft.graph.x"}])),
            (JsonShape::Type("microsoft.graph.x".into()), true)
        );
        assert_eq!(
            shape(serde_json::json!([])),
            (JsonShape::Unknown("[]".into()), true)
        );
        assert_eq!(
            shape(serde_json::json!(4_000_000_000u64)),
            (JsonShape::Primitive(Primitive::Int64), false)
        );
        assert_eq!(
            shape(serde_json::json!(1.5)),
            (JsonShape::Primitive(Primitive::Double), false)
        );
        assert_eq!(
            shape(Value::from("Collection(microsoft.graph.x)")),
            (JsonShape::Type("microsoft.graph.x".into()), true)
        );
        assert_eq!(
            shape(Value::from("@odata.type: microsoft.graph.x")),
            (JsonShape::Type("microsoft.graph.x".into()), false)
        );
        assert_eq!(
            shape(Value::Null),
            (JsonShape::Unknown("null".into()), false)
        );
        assert_eq!(
            shape(serde_json::json!({"a": 1})),
            (JsonShape::Unknown("{\"a\":1}".into()), false)
        );
    }

    #[test]
    fn member_lines_skip_nested_keys() {
        let body =
            "{\n  \"a\": {\"b\": 1},\n  // \"b\": {\n  \"c\": \"unclosed\n  \"b\": \"x | y\"\n}";
        let value = serde_json::json!({"a": {"b": 1}, "b": "x | y"});
        let members = members(&value, body, 10);
        let lines: Vec<_> = members.iter().map(|m| (m.name.as_str(), m.line)).collect();
        assert_eq!(lines, [("a", 11), ("b", 14)]);
    }
}
