//! Hand-written test support (not generated): a scripted HTTP server on 127.0.0.1 for the
//! client, token and webhook tests, and keys made at run time. Each test crate uses part of it.
#![allow(dead_code)]

pub mod keys;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use http::{HeaderMap, Method, Response, StatusCode};
use msgraph_comms::runtime::client::{Client, RetryPolicy, StaticToken};
use msgraph_comms::runtime::{BaseUrl, request};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub at: Instant,
    pub method: Method,
    pub uri: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// What the server answers.
pub struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

pub fn reply(status: u16, body: impl Into<String>) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: body.into(),
    }
}

impl Reply {
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Decides the answer from the request, its 0-based number, and the server's base URL.
pub type Script = dyn Fn(&Hit, usize, &BaseUrl) -> Reply + Send + Sync;

struct Shared {
    base: BaseUrl,
    script: Box<Script>,
    hits: Mutex<Vec<Hit>>,
}

pub struct TestServer {
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    pub async fn start(
        script: impl Fn(&Hit, usize, &BaseUrl) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = BaseUrl::new(format!("http://{}", listener.local_addr().unwrap()));
        let shared = Arc::new(Shared {
            base,
            script: Box::new(script),
            hits: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { shared, task }
    }

    pub fn base(&self) -> &BaseUrl {
        &self.shared.base
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.shared.hits.lock().unwrap().clone()
    }

    pub fn client(&self, retry: RetryPolicy) -> Client {
        Client::builder(StaticToken::new("t0k3n"))
            .base_url(self.base().clone())
            .retry(retry)
            .build()
    }

    pub fn get(&self, path: &str) -> http::Request<Vec<u8>> {
        request::build(Method::GET, self.base(), "v1.0", path, None::<&()>).unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let hit = Hit {
        at: Instant::now(),
        method: parts.method,
        uri: parts.uri.to_string(),
        headers: parts.headers,
        body: axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec(),
    };
    let number = {
        let mut hits = shared.hits.lock().unwrap();
        hits.push(hit.clone());
        hits.len() - 1
    };
    let reply = (shared.script)(&hit, number, &shared.base);
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap();
    for (name, value) in reply.headers {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    response
}

impl Hit {
    /// The tenant a token request names (`/{tenant}/oauth2/v2.0/token`); `None` for any other path.
    pub fn token_tenant(&self) -> Option<String> {
        let path = self.uri.split('?').next()?;
        let tenant = path
            .strip_suffix("/oauth2/v2.0/token")?
            .trim_start_matches('/');
        (!tenant.is_empty() && !tenant.contains('/')).then(|| tenant.to_string())
    }
}

/// A test issuer: `/openid` names `/jwks`, which lists the keys in `published` as they are at
/// each request (a test may rotate them), and any tenant's token endpoint grants
/// `token-for-{tenant}` for an hour.
pub async fn issuer(published: Arc<Mutex<Vec<serde_json::Value>>>) -> TestServer {
    TestServer::start(move |hit, _, base| {
        if let Some(tenant) = hit.token_tenant() {
            return reply(
                200,
                serde_json::json!({"token_type": "Bearer", "expires_in": 3600, "access_token": format!("token-for-{tenant}")})
                    .to_string(),
            );
        }
        match hit.uri.as_str() {
            "/openid" => reply(
                200,
                serde_json::json!({"issuer": "test", "jwks_uri": format!("{}/jwks", base.as_str())})
                    .to_string(),
            ),
            "/jwks" => reply(
                200,
                serde_json::json!({"keys": *published.lock().unwrap()}).to_string(),
            ),
            _ => reply(404, ""),
        }
    })
    .await
}
