//! The generated replay tests' harness: sends every documented exchange of
//! `data/<version>.json` through the client to the replay server, by way of
//! the generated dispatch table, and checks the answer against the docs.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use futures_util::{Stream, TryStreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::json_diff;
use crate::runtime::client::{Accepted, Client, Error, RetryPolicy, StaticToken};
use crate::runtime::replay::{Exchange, ReplayServer};

/// One exchange to send: the endpoint, its path arguments, its body.
#[derive(Debug, Clone)]
pub struct Call {
    /// The endpoint function's name.
    pub endpoint: String,
    /// The documented request's path segments where the template has placeholders.
    pub args: Vec<String>,
    body: Option<String>,
    /// A single-page list: how many items its stream must give.
    pub items: Option<usize>,
}

impl Call {
    /// The documented request body as `T` (`{}` when the docs show none).
    ///
    /// # Errors
    ///
    /// When the body does not deserialize into `T`.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_str(self.body.as_deref().unwrap_or("{}"))
            .map_err(|e| format!("documented request body: {e}"))
    }
}

/// The `i`th path argument.
pub fn arg(args: &[String], i: usize) -> &str {
    args.get(i).map_or("", String::as_str)
}

/// What a dispatched call gives back.
pub type Pending<'a> = Pin<Box<dyn Future<Output = Reply> + Send + 'a>>;

/// A client method's answer, in the terms the data's expectations use.
#[derive(Debug)]
pub enum Reply {
    /// The method answered (or failed with this error).
    Answered {
        /// The answer.
        answer: Result<Answer, Error>,
        /// For a streamed list: how many items the stream gave.
        streamed: Option<Result<usize, String>>,
    },
    /// The documented request body does not fit its type.
    Invalid(String),
}

/// A successful answer.
#[derive(Debug)]
pub enum Answer {
    /// A decoded body, serialized back.
    Value(Value),
    /// `202 Accepted`: its `Location` and body.
    Accepted {
        /// The `Location` header.
        location: Option<String>,
        /// The decoded body, serialized back.
        body: Option<Value>,
    },
    /// Nothing to decode.
    Done,
}

impl Reply {
    fn answered(answer: Result<Answer, Error>) -> Reply {
        Reply::Answered {
            answer,
            streamed: None,
        }
    }

    /// A method that decodes a body.
    pub fn value<T: Serialize>(result: Result<T, Error>) -> Reply {
        Reply::answered(result.map(|v| Answer::Value(serde_json::to_value(&v).unwrap_or_default())))
    }

    /// A method that answers `202 Accepted`.
    pub fn accepted<T: Serialize>(result: Result<Accepted<T>, Error>) -> Reply {
        Reply::answered(result.map(|a| Answer::Accepted {
            location: a.location,
            body: a.body.map(|b| serde_json::to_value(&b).unwrap_or_default()),
        }))
    }

    /// A method with nothing to decode.
    pub fn done<T>(result: Result<T, Error>) -> Reply {
        Reply::answered(result.map(|_| Answer::Done))
    }

    /// Adds what the list's item stream gave.
    #[must_use]
    pub fn with_items(self, count: Result<usize, String>) -> Reply {
        match self {
            Reply::Answered { answer, .. } => Reply::Answered {
                answer,
                streamed: Some(count),
            },
            invalid => invalid,
        }
    }
}

/// Drains an item stream, counting its items.
///
/// # Errors
///
/// The first error of the stream, as text.
pub async fn count<T, S>(stream: S) -> Result<usize, String>
where
    S: Stream<Item = Result<T, Error>>,
{
    let items: Vec<T> = stream.try_collect().await.map_err(|e| e.to_string())?;
    Ok(items.len())
}

/// The generated dispatch table: the pending call of an exchange's endpoint,
/// or `None` when no enabled feature compiles it.
pub type Dispatch = for<'a> fn(&'a Client, &'a Call) -> Option<Pending<'a>>;

fn example_json(examples: &[Value], index: &Value) -> Option<Value> {
    let i = usize::try_from(index.as_u64()?).ok()?;
    examples.get(i).map(|e| e["json"].clone())
}

/// Whether a reply is what the docs show.
fn judge(
    expect: &Value,
    reply: Reply,
    response: Option<&Value>,
    items: Option<usize>,
) -> Result<(), String> {
    let (answer, streamed) = match reply {
        Reply::Invalid(e) => return Err(e),
        Reply::Answered { answer, streamed } => (answer, streamed),
    };
    if let (Some(want), Some(got)) = (items, &streamed) {
        match got {
            Ok(n) if *n == want => {}
            Ok(n) => return Err(format!("streamed {n} items, the docs show {want}")),
            Err(e) => return Err(format!("streaming failed: {e}")),
        }
    }
    let same = |decoded: &Value| -> Result<(), String> {
        let documented = response.cloned().unwrap_or_default();
        let diff = json_diff(&documented, decoded);
        if diff.is_empty() {
            Ok(())
        } else {
            Err(diff.join("; "))
        }
    };
    // A body that reads but writes back other JSON, as the report predicts (`needle`).
    let same_but = |decoded: &Value, needle: &str| -> Result<(), String> {
        let documented = response.cloned().unwrap_or_default();
        let diff = json_diff(&documented, decoded).join("; ");
        if diff.contains(needle) {
            Ok(())
        } else {
            Err(format!(
                "expected a difference naming `{needle}`, got: {diff:?}"
            ))
        }
    };
    match (expect, answer) {
        (Value::String(s), Ok(Answer::Value(v))) if s == "decoded" => same(&v),
        // A primitive answer: the client returns what `value` holds.
        (Value::String(s), Ok(Answer::Value(v))) if s == "decoded-value" => {
            let documented = response
                .and_then(|r| r.get("value"))
                .cloned()
                .unwrap_or_default();
            let diff = json_diff(&documented, &v);
            if diff.is_empty() {
                Ok(())
            } else {
                Err(diff.join("; "))
            }
        }
        (Value::Object(o), Ok(Answer::Value(v))) if o.contains_key("decoded-except") => {
            same_but(&v, o["decoded-except"].as_str().unwrap_or_default())
        }
        (Value::String(s), Ok(_)) if s == "done" => Ok(()),
        (Value::Object(o), Ok(Answer::Accepted { location, body }))
            if o.contains_key("accepted") =>
        {
            let want = &o["accepted"];
            if let Some(l) = want["location"].as_str()
                && location.as_deref() != Some(l)
            {
                return Err(format!("Location {location:?} is not the documented {l:?}"));
            }
            match (&want["body"], body) {
                (Value::Bool(true), Some(b)) => same(&b),
                (Value::Object(lossy), Some(b)) => {
                    same_but(&b, lossy["decoded-except"].as_str().unwrap_or_default())
                }
                (Value::Bool(true) | Value::Object(_), None) => {
                    Err("the documented body was not decoded".into())
                }
                _ => Ok(()),
            }
        }
        (Value::Object(o), Err(Error::Decode { .. })) if o.contains_key("decode-error") => Ok(()),
        (Value::Object(o), Err(Error::Graph(e)))
            if o.get("graph-error").and_then(Value::as_u64)
                == Some(u64::from(e.status.as_u16())) =>
        {
            Ok(())
        }
        (expect, Ok(answer)) => Err(format!("expected {expect}, got {answer:?}")),
        (expect, Err(e)) => Err(format!("expected {expect}, got the error {e}")),
    }
}

/// Serves `exchanges` on a replay server and sends every exchange of `data`
/// that names an endpoint through `dispatch`. Writes what it proved to
/// `record` (for `cargo xtask report --json`), then fails on any mismatch.
///
/// # Panics
///
/// When an exchange does not answer as documented, or the server cannot start.
pub async fn check_all(
    data: &str,
    exchanges: &'static [Exchange],
    dispatch: Dispatch,
    record: &Path,
) {
    let data: Value = serde_json::from_str(data).expect("the examples data is JSON");
    let examples = data["examples"].as_array().cloned().unwrap_or_default();
    let server = ReplayServer::start(exchanges)
        .await
        .expect("replay server starts");
    let client = Client::builder(StaticToken::new("replay-token"))
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build();
    let mut endpoints = BTreeSet::new();
    let mut failed = BTreeSet::new();
    let mut failures = Vec::new();
    let mut skipped = 0usize;
    for x in data["exchanges"].as_array().into_iter().flatten() {
        let (Some(endpoint), Some(expect)) = (x["endpoint"].as_str(), x.get("expect")) else {
            continue;
        };
        let call = Call {
            endpoint: endpoint.to_string(),
            args: x["args"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect(),
            body: example_json(&examples, &x["request_body"]).map(|b| b.to_string()),
            items: x["items"].as_u64().and_then(|n| usize::try_from(n).ok()),
        };
        let Some(pending) = dispatch(&client, &call) else {
            skipped += 1;
            continue;
        };
        endpoints.insert(endpoint.to_string());
        let response = example_json(&examples, &x["response_body"]);
        if let Err(e) = judge(expect, pending.await, response.as_ref(), call.items) {
            failed.insert(endpoint.to_string());
            failures.push(format!(
                "{endpoint} ({}): {e}",
                x["source"].as_str().unwrap_or_default()
            ));
        }
    }
    let answered = server.exercised();
    server.shutdown().await;
    let exercised: Vec<&String> = endpoints.iter().filter(|e| !failed.contains(*e)).collect();
    let proof = serde_json::json!({
        "endpoints_with_examples": endpoints.len(),
        "exercised": exercised,
        "operations_answered": answered,
        "skipped_exchanges": skipped,
    });
    std::fs::write(record, proof.to_string()).expect("results written");
    assert!(
        failures.is_empty(),
        "{} exchange(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(!endpoints.is_empty() || skipped > 0, "no exchange was sent");
}
