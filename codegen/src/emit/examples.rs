//! `data/<version>.json`: every JSON example of a version, stored once, with
//! what the tests expect of it, and the documented exchanges, whose bodies
//! point at those examples. The replay server serves the exchanges; the
//! generated tests walk both lists and dispatch on the model's name, so the
//! tests are data, not a function per example.

use super::client::{Decode, decode_of};
use super::endpoints::Endpoint;
use super::rust_types::TypeSpace;
use crate::check::{self, Verdict};
use crate::ir::{Example, ExampleRole, Exchange, Model, RequestBody, TypeRef};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

const NOTIFICATIONS: &str = "microsoft.graph.commsNotifications";

/// The data file and what the emitted tests need to know of it.
pub struct Data {
    /// The JSON text of `data/<version>.json`.
    pub text: String,
    /// Every model key an example round-trips through (see [`model_key`]).
    pub models: BTreeSet<String>,
    /// Endpoints some exchange drives, and whether the test streams their items.
    pub endpoints: BTreeMap<String, bool>,
}

/// `microsoft.graph.call`, `microsoft.graph.call[]` for a collection,
/// `request:call.answer` for an operation's parameter-table body, `reference` for the body of
/// a `…/$ref` request.
pub fn model_key(model: &Model) -> String {
    match model {
        Model::Type { r#type } if r#type.collection => format!("{}[]", r#type.name),
        Model::Type { r#type } => r#type.name.clone(),
        Model::RequestBody { operation } => format!("request:{operation}"),
        Model::Reference => "reference".to_string(),
    }
}

pub fn data(space: &TypeSpace<'_>, plan: &[Endpoint<'_>]) -> Data {
    let mut examples: Vec<Value> = Vec::new();
    let mut models = BTreeSet::new();
    // (page, JSON text) → index, so an exchange's body points at its example.
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for example in &space.version.examples {
        let (Some(model), Some(json)) = (&example.model, &example.json) else {
            continue;
        };
        if !modelled(space, model) {
            continue;
        }
        let findings = check::example(space.version, example);
        let expect = match &findings.verdict {
            Verdict::RoundTrips => json!("round-trips"),
            Verdict::Fails { needle, reason } => json!({ "fails": needle, "reason": reason }),
            Verdict::Unmodelled(_) => continue,
        };
        let key = model_key(model);
        models.insert(key.clone());
        let mut entry = json!({
            "source": example.source.to_string(),
            "model": key,
            "expect": expect,
        });
        if matches!(model, Model::Type { r#type } if r#type.name == NOTIFICATIONS && !r#type.collection)
        {
            entry["notification"] = Value::from(
                expected_types(space, json)
                    .into_iter()
                    .map(|t| t.map_or(Value::Null, Value::from))
                    .collect::<Vec<_>>(),
            );
        }
        entry["json"] = json.clone();
        index.insert(
            (example.source.page.clone(), json.to_string()),
            examples.len(),
        );
        examples.push(entry);
    }
    let mut endpoints = BTreeMap::new();
    let mut exchanges = Vec::new();
    for x in &space.version.exchanges {
        let mut body_index = |body: &Option<Value>| -> Value {
            let Some(body) = body else {
                return Value::Null;
            };
            let key = (x.source.page.clone(), body.to_string());
            let i = *index.entry(key).or_insert_with(|| {
                examples.push(json!({ "source": x.source.to_string(), "json": body }));
                examples.len() - 1
            });
            Value::from(i)
        };
        let endpoint = plan
            .iter()
            .find(|e| e.op.id == x.operation && e.path.template == x.path);
        let expect = endpoint.and_then(|e| expectation(space, e, x));
        let mut entry = json!({
            "operation": x.operation,
            "method": x.method.as_str(),
            "path": x.path,
            "request_path": x.request_path,
            "request_body": body_index(&x.request_body),
            "status": x.status,
            "response_headers": x.response_headers,
            "response_body": body_index(&x.response_body),
            "source": x.source.to_string(),
        });
        if let (Some(e), Some(expect)) = (endpoint, expect) {
            entry["endpoint"] = Value::from(e.name.clone());
            entry["args"] = Value::from(path_args(&x.path, &x.request_path));
            entry["expect"] = expect.value;
            if let Some(items) = expect.items {
                entry["items"] = Value::from(items);
            }
            let streams = endpoints.entry(e.name.clone()).or_insert(false);
            *streams |= expect.items.is_some();
        }
        exchanges.push(entry);
    }
    let data = json!({
        "version": space.api.as_str(),
        "examples": examples,
        "exchanges": exchanges,
    });
    let mut text = serde_json::to_string_pretty(&data).unwrap_or_default();
    text.push('\n');
    Data {
        text,
        models,
        endpoints,
    }
}

/// Whether the crate has the example's model.
fn modelled(space: &TypeSpace<'_>, model: &Model) -> bool {
    match model {
        Model::Type { r#type } => {
            space.def(&r#type.name).is_some() || r#type.as_primitive().is_some()
        }
        Model::RequestBody { operation } => space.version.operations.contains_key(operation),
        Model::Reference => true,
    }
}

/// The documented request's text where the template has placeholders, in order: whole
/// segments (`calls/{id}`), parts of one (`range(address='{address}')` takes `$A$1`), and an
/// item path (`root:/{item-path}:` takes `Docs/a.txt`).
fn path_args(template: &str, request_path: &str) -> Vec<String> {
    let template: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let actual = crate::ir::addressed_by_path(request_path);
    let mut out = Vec::new();
    for (pattern, segment) in template.iter().zip(&actual) {
        out.extend(captures(pattern, segment));
    }
    out
}

/// What each placeholder of `pattern` stands for in `segment`: the text up to the literal that
/// follows it (ASCII case aside), the last one up to the segment's end less the final literal.
fn captures(pattern: &str, segment: &str) -> Vec<String> {
    use crate::ir::Piece;
    let pieces = crate::ir::pieces(pattern);
    let last = pieces
        .iter()
        .rposition(|p| matches!(p, Piece::Placeholder(_)));
    let lower = segment.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            // Literal text, as the segment writes it.
            Piece::Text(text) => at += text.len(),
            Piece::Placeholder(_) => {
                let next_literal = match pieces.get(i + 1) {
                    Some(Piece::Text(text)) => *text,
                    _ => "",
                };
                let end = if Some(i) == last {
                    lower.len().saturating_sub(next_literal.len())
                } else {
                    lower
                        .get(at + 1..)
                        .and_then(|rest| rest.find(&next_literal.to_ascii_lowercase()))
                        .map_or(lower.len(), |e| at + 1 + e)
                };
                out.push(segment.get(at..end.max(at)).unwrap_or_default().to_string());
                at = end;
            }
        }
    }
    out
}

/// For each `resourceData` object of a notification, the type it must decode
/// into (`None`: it stays raw JSON).
fn expected_types(space: &TypeSpace<'_>, payload: &Value) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for notification in payload
        .get("value")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let objects: Vec<&Value> = match notification.get("resourceData") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(object @ Value::Object(_)) => vec![object],
            _ => Vec::new(),
        };
        for object in objects {
            let tag = object
                .get("@odata.type")
                .and_then(Value::as_str)
                .map(|t| t.trim_start_matches('#').to_string());
            out.push(tag.filter(|t| {
                space.is_model(t)
                    && fits(
                        space,
                        Model::Type {
                            r#type: TypeRef::named(t.clone()),
                        },
                        ExampleRole::Example,
                        object,
                    )
            }));
        }
    }
    out
}

/// Whether a value deserializes into a model and round-trips, as `check` predicts.
fn fits(space: &TypeSpace<'_>, model: Model, role: ExampleRole, json: &Value) -> bool {
    verdict(space, model, role, json) == Verdict::RoundTrips
}

/// How a documented response reads into its model.
enum Reading {
    /// It round-trips.
    Whole,
    /// It reads, but writes back other JSON: the difference names `needle` (a `null` dropped,
    /// a default written), which a client decoding a response never sees.
    Lossy(&'static str),
    /// It does not read.
    Fails,
}

fn reading(space: &TypeSpace<'_>, model: Model, role: ExampleRole, json: &Value) -> Reading {
    match verdict(space, model, role, json) {
        Verdict::RoundTrips => Reading::Whole,
        Verdict::Fails { needle, .. } if needle != check::DESERIALIZING => Reading::Lossy(needle),
        _ => Reading::Fails,
    }
}

fn verdict(space: &TypeSpace<'_>, model: Model, role: ExampleRole, json: &Value) -> Verdict {
    let example = Example {
        source: crate::diag::Source::new("", 0),
        role,
        name: None,
        http: None,
        operation: None,
        model: Some(model),
        unmodelled: None,
        truncated: false,
        json: Some(json.clone()),
        defects: Vec::new(),
    };
    check::example(space.version, &example).verdict
}

struct Expect {
    value: Value,
    /// A single-page list documented once: its items, streamed, must number this.
    items: Option<usize>,
}

/// What the replay test expects when it sends the documented request through
/// the client; `None` when it cannot send it (a body its model cannot hold).
fn expectation(space: &TypeSpace<'_>, endpoint: &Endpoint<'_>, x: &Exchange) -> Option<Expect> {
    let op = endpoint.op;
    if let Some(body) = &op.request_body {
        let model = match body {
            RequestBody::Parameters { .. } => Model::RequestBody {
                operation: op.id.clone(),
            },
            RequestBody::Resource { r#type, .. } => {
                space.def(&r#type.name)?;
                Model::Type {
                    r#type: r#type.clone(),
                }
            }
            // No documented body names the entity to link: nothing to send.
            RequestBody::Reference { .. } if x.request_body.is_none() => return None,
            RequestBody::Reference { .. } => Model::Reference,
        };
        if let Some(json) = &x.request_body
            && !fits(space, model, ExampleRole::Request, json)
        {
            return None;
        }
    }
    let plain = |value: Value| Some(Expect { value, items: None });
    if x.status >= 400 {
        return plain(json!({ "graph-error": x.status }));
    }
    let model_of = |t: &TypeRef| Model::Type { r#type: t.clone() };
    let misfit = json!({ "decode-error": "the documented body does not fit the documented type" });
    match decode_of(space, op) {
        Decode::Json(t) | Decode::Page(t) => match &x.response_body {
            None => plain(json!({ "decode-error": "the example shows no body" })),
            // A type this crate does not have: the body stays JSON and round-trips.
            Some(_) if space.def(&t.name).is_none() && t.as_primitive().is_none() => Some(Expect {
                value: json!("decoded"),
                items: None,
            }),
            Some(body) => {
                let lossy = match reading(space, model_of(t), ExampleRole::Response, body) {
                    Reading::Whole => None,
                    Reading::Lossy(needle) => Some(needle),
                    Reading::Fails => return plain(misfit),
                };
                let once = space
                    .version
                    .exchanges
                    .iter()
                    .filter(|o| o.operation == x.operation && o.path == x.path)
                    .count()
                    == 1;
                let items = match decode_of(space, op) {
                    Decode::Page(_) if once && body.get("@odata.nextLink").is_none() => {
                        body.get("value").and_then(Value::as_array).map(Vec::len)
                    }
                    _ => None,
                };
                Some(Expect {
                    value: match lossy {
                        None => json!("decoded"),
                        Some(needle) => json!({ "decoded-except": needle }),
                    },
                    items,
                })
            }
        },
        // `{"value": true}`: decoded when the value is of the documented primitive.
        Decode::Value(t) => match x.response_body.as_ref().and_then(|b| b.get("value")) {
            None => plain(json!({ "decode-error": "the example shows no `value`" })),
            Some(value)
                if t.as_primitive().is_some_and(|p| p.accepts(value))
                    || (space.is_enum(&t.name) && value.is_string()) =>
            {
                plain(json!("decoded-value"))
            }
            Some(_) => plain(misfit),
        },
        Decode::Accepted(t) => {
            let location = x
                .response_headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("Location"))
                .map(|(_, v)| v.clone());
            let body = match (t, &x.response_body) {
                (_, None) => json!(false),
                (Some(t), Some(body)) => {
                    match reading(space, model_of(t), ExampleRole::Response, body) {
                        Reading::Whole => json!(true),
                        Reading::Lossy(needle) => json!({ "decoded-except": needle }),
                        Reading::Fails => return plain(misfit),
                    }
                }
                (None, Some(_)) => json!(true),
            };
            plain(json!({ "accepted": { "location": location, "body": body } }))
        }
        Decode::Empty | Decode::Raw => plain(json!("done")),
    }
}

#[cfg(test)]
mod tests {
    use super::path_args;

    #[test]
    fn path_arguments_come_from_wherever_the_template_puts_them() {
        assert_eq!(
            path_args(
                "/calls/{id}/participants/{pid}",
                "/calls/c1/participants/p2"
            ),
            ["c1", "p2"]
        );
        assert_eq!(
            path_args(
                "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='{address}')/format",
                "/me/drive/items/1/workbook/worksheets/Sheet1/Range(address='$A$1')/format"
            ),
            ["1", "Sheet1", "$A$1"]
        );
        assert_eq!(
            path_args(
                "/me/drive/items/{id}/workbook/worksheets/{id|name}/cell(row={row},column={column})",
                "/me/drive/items/1/workbook/worksheets/S/Cell(row=12,column=3)"
            ),
            ["1", "S", "12", "3"]
        );
        assert_eq!(
            path_args(
                "/me/drive/root:/{item-path}:/content",
                "/me/drive/root:/Docs/a.txt:/content"
            ),
            ["Docs/a.txt"]
        );
    }
}
