//! Hand-written support code (not generated, edit freely): JSON round-trip checks used by the
//! generated model tests. Not part of the public API.

use std::any::type_name;
use std::fmt::Write as _;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

/// How many differences [`roundtrip`] lists before summarizing the rest.
const MAX_LISTED: usize = 20;

/// Values longer than this are shortened in difference messages.
const MAX_SHOWN_CHARS: usize = 80;

/// Parses `json`, deserializes it into `T`, serializes it back, and compares the two as JSON
/// values.
///
/// Ok(()) when equal; Err(message) listing each difference by JSON pointer (at most 20, then
/// "… and N more") or the deserialize error.
pub fn roundtrip<T: DeserializeOwned + Serialize>(json: &str) -> Result<(), String> {
    let ty = type_name::<T>();
    let before: Value =
        serde_json::from_str(json).map_err(|e| format!("the test JSON is not valid JSON: {e}"))?;
    // Deserialize from the text, not from `before`, so `T` sees what a real response gives it.
    let value: T =
        serde_json::from_str(json).map_err(|e| format!("deserializing into {ty} failed: {e}"))?;
    let after =
        serde_json::to_value(&value).map_err(|e| format!("serializing {ty} failed: {e}"))?;
    let differences = json_diff(&before, &after);
    if differences.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "round-trip through {ty} changed the JSON ({} difference{}):",
        differences.len(),
        if differences.len() == 1 { "" } else { "s" }
    );
    for difference in differences.iter().take(MAX_LISTED) {
        let _ = write!(message, "\n  {difference}");
    }
    if differences.len() > MAX_LISTED {
        let _ = write!(message, "\n  … and {} more", differences.len() - MAX_LISTED);
    }
    Err(message)
}

/// Same as [`roundtrip`], panicking with the message (for `#[test]`s).
#[track_caller]
pub fn assert_roundtrip<T: DeserializeOwned + Serialize>(json: &str) {
    if let Err(message) = roundtrip::<T>(json) {
        panic!("{message}");
    }
}

/// For examples the report says cannot round-trip: asserts that they really
/// do not, and that the failure message contains `expected`, so the report's
/// reason is checked by the test run rather than assumed.
#[track_caller]
pub fn assert_roundtrip_fails<T: DeserializeOwned + Serialize>(json: &str, expected: &str) {
    match roundtrip::<T>(json) {
        Ok(()) => panic!("expected the round-trip to fail ({expected}), but it succeeded"),
        Err(message) => assert!(
            message.contains(expected),
            "the round-trip failed, but not as the report says: expected `{expected}` in:\n{message}"
        ),
    }
}

/// The differences between two JSON values, each as `"<pointer>: <what>"` (e.g.
/// `/value/0/status: "a" != "b"`, `/x: missing after round-trip`, `/y: added by round-trip`).
///
/// Object member order is ignored; numbers compare by value (`1` equals `1.0`), since serde may
/// change their spelling. Pointers follow RFC 6901 (`~` → `~0`, `/` → `~1`; the whole document
/// is the empty pointer).
pub fn json_diff(before: &Value, after: &Value) -> Vec<String> {
    let mut differences = Vec::new();
    let mut pointer = String::new();
    diff_into(before, after, &mut pointer, &mut differences);
    differences
}

/// Appends the differences below `pointer`, which is restored before returning.
fn diff_into(before: &Value, after: &Value, pointer: &mut String, out: &mut Vec<String>) {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (key, b_value) in b {
                let len = push_token(pointer, key);
                match a.get(key) {
                    Some(a_value) => diff_into(b_value, a_value, pointer, out),
                    None => out.push(format!("{pointer}: missing after round-trip")),
                }
                pointer.truncate(len);
            }
            for key in a.keys().filter(|key| !b.contains_key(*key)) {
                let len = push_token(pointer, key);
                out.push(format!("{pointer}: added by round-trip"));
                pointer.truncate(len);
            }
        }
        (Value::Array(b), Value::Array(a)) => {
            for index in 0..b.len().max(a.len()) {
                let len = push_token(pointer, &index.to_string());
                match (b.get(index), a.get(index)) {
                    (Some(b_item), Some(a_item)) => diff_into(b_item, a_item, pointer, out),
                    (Some(_), None) => out.push(format!("{pointer}: missing after round-trip")),
                    (None, Some(_)) => out.push(format!("{pointer}: added by round-trip")),
                    (None, None) => {}
                }
                pointer.truncate(len);
            }
        }
        (Value::Number(b), Value::Number(a)) if same_number(b, a) => {}
        _ if before == after => {}
        _ => out.push(format!("{pointer}: {} != {}", show(before), show(after))),
    }
}

/// Appends `/token` escaped per RFC 6901 and returns the length to truncate back to.
fn push_token(pointer: &mut String, token: &str) -> usize {
    let len = pointer.len();
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
    len
}

/// Numbers are equal when their values are, whatever their spelling.
fn same_number(b: &Number, a: &Number) -> bool {
    // Exact integer comparison first, so large integers are not rounded through f64.
    if let (Some(b), Some(a)) = (b.as_i64(), a.as_i64()) {
        return b == a;
    }
    if let (Some(b), Some(a)) = (b.as_u64(), a.as_u64()) {
        return b == a;
    }
    matches!((b.as_f64(), a.as_f64()), (Some(b), Some(a)) if b == a)
}

/// Compact JSON, shortened so one huge value cannot drown the message.
fn show(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::{Map, json};

    #[test]
    fn equal_values_have_no_differences() {
        let v = json!({"a": [1, {"b": null}], "c": "x", "d": true});
        assert!(json_diff(&v, &v).is_empty());
    }

    #[test]
    fn member_order_is_ignored() {
        let before: Value = serde_json::from_str(r#"{"a":1,"b":{"c":2,"d":3}}"#).unwrap();
        let after: Value = serde_json::from_str(r#"{"b":{"d":3,"c":2},"a":1}"#).unwrap();
        assert_eq!(json_diff(&before, &after), Vec::<String>::new());
    }

    #[test]
    fn numbers_compare_by_value() {
        let before: Value =
            serde_json::from_str(r#"{"a":1,"b":1.0,"c":-0.5,"d":1e2,"e":18446744073709551615}"#)
                .unwrap();
        let after: Value =
            serde_json::from_str(r#"{"a":1.0,"b":1,"c":-5e-1,"d":100,"e":18446744073709551615}"#)
                .unwrap();
        assert!(
            json_diff(&before, &after).is_empty(),
            "{:?}",
            json_diff(&before, &after)
        );
        assert_eq!(
            json_diff(&json!({"a": 1}), &json!({"a": 2})),
            ["/a: 1 != 2"]
        );
        assert_eq!(
            json_diff(&json!(9007199254740993_u64), &json!(9007199254740992_u64)),
            [": 9007199254740993 != 9007199254740992"]
        );
        assert_eq!(json_diff(&json!(1), &json!("1")), [r#": 1 != "1""#]);
    }

    #[test]
    fn nested_arrays_report_each_position() {
        let before = json!({"value": [{"status": "a"}, [1, 2, 3], [true]]});
        let after = json!({"value": [{"status": "b"}, [1, 5], [true, false]]});
        assert_eq!(
            json_diff(&before, &after),
            [
                r#"/value/0/status: "a" != "b""#,
                "/value/1/1: 2 != 5",
                "/value/1/2: missing after round-trip",
                "/value/2/1: added by round-trip",
            ]
        );
    }

    #[test]
    fn missing_and_added_members() {
        let before = json!({"x": 1, "keep": {"n": null}});
        let after = json!({"keep": {}, "y": 2});
        assert_eq!(
            json_diff(&before, &after),
            [
                "/x: missing after round-trip",
                "/keep/n: missing after round-trip",
                "/y: added by round-trip"
            ]
        );
    }

    #[test]
    fn type_changes_and_null() {
        assert_eq!(
            json_diff(&json!({"a": null}), &json!({"a": []})),
            ["/a: null != []"]
        );
        assert_eq!(
            json_diff(&json!({"a": {"b": 1}}), &json!({"a": [1]})),
            [r#"/a: {"b":1} != [1]"#]
        );
    }

    #[test]
    fn pointers_are_escaped_per_rfc_6901() {
        let before = json!({"a/b": 1, "m~n": 1, "~1": 1, "": 1, "@odata.type": "#x"});
        let after = json!({"a/b": 2, "m~n": 2, "~1": 2, "": 2, "@odata.type": "#y"});
        assert_eq!(
            json_diff(&before, &after),
            [
                "/a~1b: 1 != 2",
                "/m~0n: 1 != 2",
                "/~01: 1 != 2",
                "/: 1 != 2",
                r##"/@odata.type: "#x" != "#y""##
            ]
        );
    }

    #[test]
    fn long_values_are_shortened() {
        let long = "é".repeat(200);
        let differences = json_diff(&json!(long), &json!("short"));
        assert_eq!(differences.len(), 1);
        assert!(
            differences[0].starts_with(&format!(": \"{}…", "é".repeat(79))),
            "{}",
            differences[0]
        );
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Lossy {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        display_name: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Lossless {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        display_name: Option<String>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    const PAYLOAD: &str = r#"{"id":"1","displayName":"Alex","futureMember":{"a":[1.0]}}"#;

    #[test]
    fn roundtrip_reports_dropped_members() {
        let message = roundtrip::<Lossy>(PAYLOAD).unwrap_err();
        assert!(message.contains("Lossy"), "{message}");
        assert!(message.contains("(1 difference)"), "{message}");
        assert!(
            message.contains("\n  /futureMember: missing after round-trip"),
            "{message}"
        );
    }

    #[test]
    fn roundtrip_passes_when_unknown_members_are_kept() {
        assert_eq!(roundtrip::<Lossless>(PAYLOAD), Ok(()));
        assert_roundtrip::<Lossless>(PAYLOAD);
    }

    #[test]
    fn roundtrip_reports_deserialize_and_parse_errors() {
        let message = roundtrip::<Lossless>(r#"{"displayName":"x"}"#).unwrap_err();
        assert!(message.starts_with("deserializing into"), "{message}");
        assert!(message.contains("missing field `id`"), "{message}");
        let message = roundtrip::<Lossless>("{").unwrap_err();
        assert!(message.contains("not valid JSON"), "{message}");
    }

    #[test]
    fn roundtrip_lists_at_most_twenty() {
        let members: Vec<String> = (0..25).map(|i| format!(r#""extra{i:02}":{i}"#)).collect();
        let json = format!(r#"{{"id":"1",{}}}"#, members.join(","));
        let message = roundtrip::<Lossy>(&json).unwrap_err();
        assert!(message.contains("(25 differences)"), "{message}");
        assert_eq!(
            message.matches("missing after round-trip").count(),
            20,
            "{message}"
        );
        assert!(message.ends_with("\n  … and 5 more"), "{message}");
    }

    #[test]
    #[should_panic(expected = "/futureMember: missing after round-trip")]
    fn assert_roundtrip_panics_with_the_message() {
        assert_roundtrip::<Lossy>(PAYLOAD);
    }
}

pub mod examples;
#[cfg(all(feature = "client", feature = "replay"))]
pub mod exchanges;
