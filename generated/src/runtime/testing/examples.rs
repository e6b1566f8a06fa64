//! The generated example tests' harness: walks `data/<version>.json` and
//! checks each example through the model the generated dispatch table names.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::json_diff;
use crate::runtime::notifications::{Notifications, Resource};

/// Whether every area and version is compiled: only then must each
/// prediction hold exactly (without an area, a member of its types stays raw
/// JSON, which round-trips where the typed member would not).
const EVERY_FEATURE: bool = cfg!(feature = "full");

fn examples(data: &str) -> Vec<Value> {
    let data: Value = serde_json::from_str(data).expect("the examples data is JSON");
    match data.get("examples") {
        Some(Value::Array(items)) => items.clone(),
        _ => panic!("the examples data has no `examples` list"),
    }
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Round-trips every example with a model. `dispatch(model, json)` runs it
/// through the model's type, or says `None` when no enabled feature compiles it.
#[track_caller]
pub fn check_roundtrips(data: &str, dispatch: fn(&str, &str) -> Option<Result<(), String>>) {
    let (mut passed, mut failed_as_reported, mut skipped) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for example in examples(data) {
        let Some(model) = example.get("model").and_then(Value::as_str) else {
            continue;
        };
        let json = example
            .get("json")
            .map(Value::to_string)
            .unwrap_or_default();
        let source = text(&example, "source");
        let Some(outcome) = dispatch(model, &json) else {
            skipped += 1;
            continue;
        };
        match (example.get("expect"), outcome) {
            (Some(Value::String(s)), Ok(())) if s == "round-trips" => passed += 1,
            (Some(Value::String(_)), Err(e)) => failures.push(format!("{source} ({model}): {e}")),
            (Some(Value::Object(fails)), Err(e)) => {
                let needle = fails
                    .get("fails")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if e.contains(needle) {
                    failed_as_reported += 1;
                } else {
                    failures.push(format!(
                        "{source} ({model}): failed, but not for the reported reason `{needle}`: {e}"
                    ));
                }
            }
            (Some(Value::Object(_)), Ok(())) if !EVERY_FEATURE => passed += 1,
            (expect, outcome) => failures.push(format!(
                "{source} ({model}): expected {expect:?}, got {outcome:?}"
            )),
        }
    }
    eprintln!(
        "{passed} round-tripped, {failed_as_reported} failed as reported, {skipped} skipped (their area is not enabled)"
    );
    assert!(
        failures.is_empty(),
        "{} example(s) did not behave as reported:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(passed > 0 || skipped > 0, "no example was checked");
}

/// Decodes every change-notification example into `Notifications<T>`: each
/// `resourceData` object must become the type the data names (or stay raw
/// JSON where it names none), and a lossless example must serialize back unchanged.
#[track_caller]
pub fn check_notifications<T>(data: &str, type_name: fn(&T) -> Option<&'static str>)
where
    T: Resource + Serialize + DeserializeOwned,
{
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for example in examples(data) {
        let Some(Value::Array(expected)) = example.get("notification") else {
            continue;
        };
        checked += 1;
        let source = text(&example, "source");
        let json = example
            .get("json")
            .map(Value::to_string)
            .unwrap_or_default();
        let payload: Notifications<T> = match serde_json::from_str(&json) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{source}: does not decode: {e}"));
                continue;
            }
        };
        let got: Vec<Option<&str>> = payload
            .value
            .iter()
            .filter_map(|n| n.resource_data.as_ref())
            .flat_map(|data| data.iter())
            .map(type_name)
            .collect();
        let want: Vec<Option<&str>> = expected.iter().map(Value::as_str).collect();
        let fits = got.len() == want.len()
            && got
                .iter()
                .zip(&want)
                .all(|(g, w)| g == w || (!EVERY_FEATURE && g.is_none()));
        if !fits {
            failures.push(format!(
                "{source}: objects decoded as {got:?}, expected {want:?}"
            ));
            continue;
        }
        if example.get("expect").and_then(Value::as_str) == Some("round-trips") {
            let before = example.get("json").cloned().unwrap_or_default();
            match serde_json::to_value(&payload) {
                Ok(after) => {
                    let diff = json_diff(&before, &after);
                    if !diff.is_empty() {
                        failures.push(format!(
                            "{source}: round-trip changed the payload: {diff:?}"
                        ));
                    }
                }
                Err(e) => failures.push(format!("{source}: does not serialize: {e}")),
            }
        }
    }
    eprintln!("{checked} notification example(s) checked");
    assert!(
        failures.is_empty(),
        "{} notification example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
