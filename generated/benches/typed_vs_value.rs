//! Deserialize + serialize the largest JSON examples of the spec through the
//! typed models, and through `serde_json::Value`: the typed path must not be
//! slower.
//!
//! The examples are read at run time from `specs/ir/` (the IR is too big to
//! embed): the largest ones whose model is one of the types below and which
//! round-trip losslessly. Run with `cargo bench -p msgraph-comms` (add
//! `--features beta` for the beta models too).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use msgraph_comms::runtime::Collection;
use msgraph_comms::runtime::notifications::Notifications;
use msgraph_comms::runtime::testing::roundtrip;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::hint::black_box;
use std::path::Path;

/// Examples measured, at most (several models of one example count once each).
const EXAMPLES: usize = 5;

/// Deserializes `json` into `T` and serializes it back.
fn typed<T: DeserializeOwned + Serialize>(json: &str) -> String {
    let value: T = serde_json::from_str(json).expect("deserializes");
    serde_json::to_string(&value).expect("serializes")
}

/// The same through an untyped tree.
fn untyped(json: &str) -> String {
    let value: Value = serde_json::from_str(json).expect("parses");
    serde_json::to_string(&value).expect("serializes")
}

/// A model the bench can name: `(IR file, Graph type, collection, round-trip
/// through the model, lossless check)`. One Graph type may have several
/// models (the generated `CommsNotifications`, and the runtime's
/// `Notifications<AnyGraphObject>` that bots use).
struct Known {
    model: &'static str,
    file: &'static str,
    graph_type: &'static str,
    collection: bool,
    typed: fn(&str) -> String,
    lossless: fn(&str) -> Result<(), String>,
}

macro_rules! known {
    ($file:literal, $graph:literal, $collection:literal, $model:ty) => {
        Known {
            model: stringify!($model),
            file: $file,
            graph_type: $graph,
            collection: $collection,
            typed: typed::<$model>,
            lossless: roundtrip::<$model>,
        }
    };
}

fn known_models() -> Vec<Known> {
    #[allow(unused_mut)]
    let mut known = Vec::new();
    #[cfg(feature = "v1_0")]
    {
        use msgraph_comms::v1_0::models;
        known.extend([
            known!(
                "v1.0.json",
                "microsoft.graph.callRecords.callRecord",
                false,
                models::call_records::CallRecord
            ),
            known!(
                "v1.0.json",
                "microsoft.graph.callRecords.session",
                true,
                Collection<models::call_records::Session>
            ),
            known!(
                "v1.0.json",
                "microsoft.graph.onlineMeeting",
                false,
                models::OnlineMeeting
            ),
            known!(
                "v1.0.json",
                "microsoft.graph.commsNotifications",
                false,
                models::CommsNotifications
            ),
            Known {
                model: "Notifications<AnyGraphObject>::from_str",
                file: "v1.0.json",
                graph_type: "microsoft.graph.commsNotifications",
                collection: false,
                typed: |json| {
                    let value = Notifications::<models::AnyGraphObject>::from_str(json)
                        .expect("deserializes");
                    serde_json::to_string(&value).expect("serializes")
                },
                lossless: roundtrip::<Notifications<models::AnyGraphObject>>,
            },
            known!("v1.0.json", "microsoft.graph.call", false, models::Call),
        ]);
    }
    #[cfg(feature = "beta")]
    {
        use msgraph_comms::beta::models;
        known.extend([
            known!(
                "beta.json",
                "microsoft.graph.callRecords.callRecord",
                false,
                models::call_records::CallRecord
            ),
            known!(
                "beta.json",
                "microsoft.graph.onlineMeeting",
                false,
                models::OnlineMeeting
            ),
            known!("beta.json", "microsoft.graph.call", false, models::Call),
        ]);
    }
    known
}

/// One example to measure: a name, its JSON (compact, as on the wire) and its model.
struct Case {
    model: &'static str,
    name: String,
    json: String,
    typed: fn(&str) -> String,
}

/// The largest examples of the IR whose model is known and round-trips.
fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/ir");
    let known = known_models();
    let mut files: Vec<&str> = known.iter().map(|k| k.file).collect();
    files.dedup();
    let mut cases: Vec<Case> = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(dir.join(file)).expect("specs/ir is readable");
        let spec: Value = serde_json::from_str(&text).expect("the IR is JSON");
        let examples = spec["examples"].as_array().cloned().unwrap_or_default();
        for example in &examples {
            let model = &example["model"];
            let (Some(graph_type), Some(json)) =
                (model["type"]["name"].as_str(), example.get("json"))
            else {
                continue;
            };
            let collection = model["type"]["collection"].as_bool().unwrap_or(false);
            let json = serde_json::to_string(json).expect("serializes");
            let at = &example["source"];
            let place = format!(
                "{}:{}",
                at["page"]
                    .as_str()
                    .unwrap_or("?")
                    .rsplit('/')
                    .next()
                    .unwrap_or("?"),
                at["line"]
            );
            for k in known.iter().filter(|k| {
                k.file == file && k.graph_type == graph_type && k.collection == collection
            }) {
                let name = format!("{place} ({})", k.model.replace("models::", ""));
                let seen = cases.iter().any(|c| c.model == k.model && c.json == json);
                if seen || (k.lossless)(&json).is_err() {
                    continue;
                }
                cases.push(Case {
                    model: k.model,
                    name,
                    json: json.clone(),
                    typed: k.typed,
                });
            }
        }
    }
    cases.sort_by(|a, b| b.json.len().cmp(&a.json.len()).then(a.name.cmp(&b.name)));
    cases.truncate(EXAMPLES);
    assert!(!cases.is_empty(), "no example of a known model in specs/ir");
    cases
}

fn typed_vs_value(c: &mut Criterion) {
    for case in cases() {
        let mut group = c.benchmark_group(&case.name);
        group.throughput(Throughput::Bytes(case.json.len() as u64));
        group.bench_function("typed", |b| b.iter(|| (case.typed)(black_box(&case.json))));
        group.bench_function("value", |b| b.iter(|| untyped(black_box(&case.json))));
        group.finish();
    }
}

criterion_group!(benches, typed_vs_value);
criterion_main!(benches);
