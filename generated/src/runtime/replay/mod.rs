//! Hand-written support code (not generated, edit freely): a replay server (cargo feature
//! `replay`) that answers requests with the request/response examples of the docs, so the
//! endpoints and the client can be exercised over real HTTP without Graph.
//!
//! The generator emits each version's examples as a `static EXCHANGES: &[Exchange]`;
//! [`ReplayServer::start`] serves them on `127.0.0.1` at an ephemeral port.
//!
//! A request is answered by an exchange when its method is the exchange's, its path is
//! `/{version}` + the documented template (each `{placeholder}` takes one non-empty segment,
//! literal segments compare case-insensitively, the query is ignored), and its body fits the
//! documented one: an empty body or `{}` always fits; otherwise the exchange must document a
//! body, and for a documented object every member sent must be one the docs show. Of several
//! matches, those whose documented request went to exactly this path win, then those with the
//! most literal segments, then those whose documented body equals the sent one. When that still leaves several (a page documenting two answers to the same
//! `GET`), the first answers first and repeated requests get the others in documented order, in
//! turn, as a recorded session would replay them. Anything else gets a Graph-style error: 404
//! `UnknownPath` when no documented path matches, 405 `MethodNotAllowed` when the path is
//! documented for other methods, 400 `BadRequest` (naming the documented shape's source) when
//! only the body is off.

mod answer;
mod matching;

use std::collections::{BTreeSet, HashMap};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use http::header::ALLOW;
use http::{HeaderValue, Response, StatusCode};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::runtime::BaseUrl;
use matching::Outcome;

/// The largest request body the server reads; the docs' examples are a few KiB.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// How long [`ReplayServer::shutdown`] lets open connections finish before dropping them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// One documented request and the answer the docs show for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchange {
    /// The operation id, e.g. `"call.answer"`.
    pub operation: &'static str,
    /// The HTTP method, e.g. `"POST"`.
    pub method: &'static str,
    /// The API version: `"v1.0"` or `"beta"`.
    pub version: &'static str,
    /// The path template as documented, e.g. `"/communications/calls/{id}/answer"`.
    pub path: &'static str,
    /// The documented request's own path (`"/communications/calls/57dab…/answer"`): a request to
    /// exactly this path is answered by this exchange before others with the same template.
    pub request_path: &'static str,
    /// The documented request JSON, if any.
    pub request_body: Option<&'static str>,
    /// The documented status.
    pub status: u16,
    /// The documented response headers, e.g. `("Location", "https://graph.microsoft.com/…")`.
    pub response_headers: &'static [(&'static str, &'static str)],
    /// The documented response JSON, if any.
    pub response_body: Option<&'static str>,
    /// Where the docs show it, e.g. `"ru-RU/v1.0/api/call-answer.md:83"`.
    pub source: &'static str,
}

/// What the request handlers share.
struct Shared {
    exchanges: &'static [Exchange],
    exercised: Mutex<BTreeSet<String>>,
    /// For each set of equally good exchanges, how many requests it has answered.
    turns: Mutex<HashMap<Vec<usize>, usize>>,
}

/// A running replay server; see the [module docs](self). Stops on [`ReplayServer::shutdown`]
/// (or, without waiting, when dropped).
#[derive(Debug)]
pub struct ReplayServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("exchanges", &self.exchanges.len())
            .finish_non_exhaustive()
    }
}

impl ReplayServer {
    /// Binds `127.0.0.1` on an ephemeral port and serves `exchanges` on the current tokio
    /// runtime.
    ///
    /// # Errors
    ///
    /// When the port cannot be bound.
    pub async fn start(exchanges: &'static [Exchange]) -> std::io::Result<ReplayServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            exchanges,
            exercised: Mutex::new(BTreeSet::new()),
            turns: Mutex::new(HashMap::new()),
        });
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let serve = axum::serve(listener, app).with_graceful_shutdown(async {
            // A dropped sender stops the server too.
            let _ = stopped.await;
        });
        let task = tokio::spawn(async move {
            // Accept errors are retried inside axum; an error here means the server is gone,
            // and the next request will say so.
            let _ = serve.await;
        });
        Ok(ReplayServer {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, to build requests and clients with.
    pub fn base_url(&self) -> BaseUrl {
        BaseUrl::new(format!("http://{}", self.addr))
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Operations that answered at least one matching request, sorted.
    pub fn exercised(&self) -> BTreeSet<String> {
        lock(&self.shared.exercised).clone()
    }

    /// Stops accepting, lets open connections finish (a few seconds at most), and returns when
    /// the server is gone.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A poisoned lock still holds a valid set (inserting cannot half-fail), so use it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let client_request_id = parts
        .headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let client_request_id = client_request_id.as_deref();
    let method = parts.method.as_str();
    let path = parts.uri.path();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        let message =
            format!("the body of {method} {path} could not be read (over {MAX_BODY} bytes?)");
        return answer::error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &message,
            client_request_id,
        );
    };
    match matching::find(shared.exchanges, method, path, &body) {
        Outcome::Answer(candidates) => {
            let turn = {
                let mut turns = lock(&shared.turns);
                let count = turns.entry(candidates.clone()).or_insert(0);
                let turn = *count;
                *count = count.wrapping_add(1);
                turn
            };
            let Some(exchange) = candidates
                .get(turn.checked_rem(candidates.len()).unwrap_or_default())
                .and_then(|&index| shared.exchanges.get(index))
            else {
                let message = format!("no documented request matches {method} {path}");
                return answer::error(
                    StatusCode::NOT_FOUND,
                    "UnknownPath",
                    &message,
                    client_request_id,
                );
            };
            lock(&shared.exercised).insert(exchange.operation.to_owned());
            answer::documented(exchange)
        }
        Outcome::UnknownPath => {
            let message = format!("no documented request matches {method} {path}");
            answer::error(
                StatusCode::NOT_FOUND,
                "UnknownPath",
                &message,
                client_request_id,
            )
        }
        Outcome::MethodNotAllowed(methods) => {
            let allowed = methods.join(", ");
            let message = format!(
                "no documented request matches {method} {path}; the docs show {allowed} for it"
            );
            let mut response = answer::error(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                &message,
                client_request_id,
            );
            if let Ok(value) = HeaderValue::from_str(&allowed) {
                response.headers_mut().insert(ALLOW, value);
            }
            response
        }
        Outcome::BadBody(rejected) => {
            let reasons: Vec<String> = rejected
                .iter()
                .map(|(exchange, reason)| {
                    format!("{reason} (documented shape at {})", exchange.source)
                })
                .collect();
            let message = format!(
                "the body of {method} {path} does not fit the documented shape: {}",
                reasons.join("; ")
            );
            answer::error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                &message,
                client_request_id,
            )
        }
    }
}

/// Reads the exchanges of a version's data file (`data/<version>.json`, where
/// each body is the index of an example, stored once). Called once per process
/// by the generated `replay::exchanges()`; the strings live as long as the
/// process, like the data they came from.
///
/// # Panics
///
/// When the data is not what the generator writes: it is part of this crate.
pub fn load(data: &'static str) -> Vec<Exchange> {
    let data: serde_json::Value = serde_json::from_str(data).expect("replay data is JSON");
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let version = leak(
        data["version"]
            .as_str()
            .expect("replay data names its version")
            .to_string(),
    );
    let examples = data["examples"].as_array().cloned().unwrap_or_default();
    let body = |index: &serde_json::Value| -> Option<&'static str> {
        let example = examples.get(usize::try_from(index.as_u64()?).ok()?)?;
        serde_json::to_string_pretty(&example["json"])
            .ok()
            .map(leak)
    };
    let text = |value: &serde_json::Value| leak(value.as_str().unwrap_or_default().to_string());
    data["exchanges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| {
            let headers: Vec<(&'static str, &'static str)> = x["response_headers"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|pair| (text(&pair[0]), text(&pair[1])))
                .collect();
            Exchange {
                operation: text(&x["operation"]),
                method: text(&x["method"]),
                version,
                path: text(&x["path"]),
                request_path: text(&x["request_path"]),
                request_body: body(&x["request_body"]),
                status: x["status"]
                    .as_u64()
                    .and_then(|s| u16::try_from(s).ok())
                    .unwrap_or(200),
                response_headers: Box::leak(headers.into_boxed_slice()),
                response_body: body(&x["response_body"]),
                source: text(&x["source"]),
            }
        })
        .collect()
}
