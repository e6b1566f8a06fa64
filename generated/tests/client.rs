//! Hand-written tests (not generated): the `client` feature against real HTTP servers on
//! 127.0.0.1 (an axum app per test that answers from a script and records every request).
#![cfg(feature = "client")]

use std::time::{Duration, Instant, SystemTime};

use futures_util::StreamExt;
use http::{Method, StatusCode};
use msgraph_comms::runtime::client::{
    Accepted, Client, Error, RetryPolicy, StaticToken, TokenError, TokenFuture, TokenProvider,
};
use msgraph_comms::runtime::{BaseUrl, request};
use serde_json::{Value, json};

mod common;
use common::{Hit, Reply, TestServer, reply};

/// Tiny waits, no jitter, so timings are predictable.
fn fast(max_attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(max_attempts)
        .with_base_delay(Duration::from_millis(10))
        .with_jitter(false)
}

fn graph_error(
    status: StatusCode,
) -> impl FnOnce(Result<Value, Error>) -> msgraph_comms::runtime::client::GraphError {
    move |result| match result {
        Err(Error::Graph(e)) => {
            assert_eq!(e.status, status);
            *e
        }
        other => panic!("expected a Graph error {status}, got {other:?}"),
    }
}

#[tokio::test]
async fn the_bearer_token_is_sent() {
    let server = TestServer::start(|_, _, _| reply(200, r#"{"id":"1"}"#)).await;
    let client = server.client(RetryPolicy::none());
    let call: Value = client
        .send_json(server.get("/communications/calls/1"))
        .await
        .unwrap();
    assert_eq!(call, json!({"id": "1"}));
    let hits = server.hits();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].method, Method::GET);
    assert_eq!(hits[0].uri, "/v1.0/communications/calls/1");
    assert_eq!(hits[0].headers["authorization"], "Bearer t0k3n");
    assert_eq!(hits[0].headers["accept"], "application/json");
}

#[tokio::test]
async fn a_graph_error_body_becomes_a_graph_error() {
    let server = TestServer::start(|_, _, _| {
        reply(
            404,
            r#"{"error":{"code":"ItemNotFound","message":"The call is gone.","innerError":{"request-id":"r-1","client-request-id":"c-1","date":"2024-05-01T10:00:00"}}}"#,
        )
    })
    .await;
    let client = server.client(RetryPolicy::default());
    let e = graph_error(StatusCode::NOT_FOUND)(client.send_json(server.get("/x")).await);
    assert_eq!(e.code.as_deref(), Some("ItemNotFound"));
    assert_eq!(e.message.as_deref(), Some("The call is gone."));
    let inner = e.inner_error.as_ref().unwrap();
    assert_eq!(inner.request_id.as_deref(), Some("r-1"));
    assert_eq!(inner.client_request_id.as_deref(), Some("c-1"));
    assert_eq!(inner.date.as_deref(), Some("2024-05-01T10:00:00"));
    assert_eq!(e.retry_after, None);
    assert!(e.body.contains("ItemNotFound"));
    // 404 is not throttling: one attempt.
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_raw() {
    let server = TestServer::start(|_, _, _| reply(502, "<html>Bad gateway</html>")).await;
    let client = server.client(RetryPolicy::default());
    let e = graph_error(StatusCode::BAD_GATEWAY)(client.send_json(server.get("/x")).await);
    assert_eq!(e.code, None);
    assert_eq!(e.message, None);
    assert_eq!(e.inner_error, None);
    assert_eq!(e.body, "<html>Bad gateway</html>");
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = BaseUrl::new(format!("http://{}", listener.local_addr().unwrap()));
    drop(listener);
    let client = Client::builder(StaticToken::new("t"))
        .base_url(base.clone())
        .build();
    let request = request::build(Method::GET, &base, "v1.0", "/x", None::<&()>).unwrap();
    match client.send(request).await {
        Err(e @ Error::Transport(_)) => {
            assert_eq!(e.status(), None);
            assert!(std::error::Error::source(&e).is_some());
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_relative_url_is_a_transport_error_not_a_panic() {
    let client = Client::new(StaticToken::new("t"));
    let request = http::Request::get("/v1.0/x").body(Vec::new()).unwrap();
    assert!(matches!(
        client.send(request).await,
        Err(Error::Transport(e)) if e.is_builder()
    ));
}

#[tokio::test]
async fn too_many_requests_waits_retry_after_seconds() {
    let server = TestServer::start(|_, n, _| match n {
        0 => reply(429, r#"{"error":{"code":"TooManyRequests"}}"#).header("Retry-After", "1"),
        _ => reply(200, r#"{"ok":true}"#),
    })
    .await;
    let client = server.client(RetryPolicy::default());
    let started = Instant::now();
    let body: Value = client.send_json(server.get("/x")).await.unwrap();
    assert_eq!(body, json!({"ok": true}));
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    assert!(hits[1].at - hits[0].at >= Duration::from_secs(1));
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn unavailable_honours_an_http_date() {
    let server = TestServer::start(|_, n, _| match n {
        0 => reply(503, "").header(
            "Retry-After",
            httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2)),
        ),
        _ => reply(204, ""),
    })
    .await;
    let client = server.client(RetryPolicy::default());
    client.send_empty(server.get("/x")).await.unwrap();
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    // The date has whole seconds, so the wait is between 1 and 2 s.
    let gap = hits[1].at - hits[0].at;
    assert!(gap >= Duration::from_millis(900), "{gap:?}");
    assert!(gap <= Duration::from_millis(2500), "{gap:?}");
}

#[tokio::test]
async fn a_retry_after_past_the_budget_stops_at_once() {
    let server = TestServer::start(|_, n, _| match n {
        0 => reply(503, "").header(
            "Retry-After",
            httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30)),
        ),
        1 => reply(429, "").header("Retry-After", "120"),
        _ => reply(200, "{}"),
    })
    .await;
    let client = server.client(RetryPolicy::default().with_max_total_delay(Duration::from_secs(5)));
    let started = Instant::now();
    let e = graph_error(StatusCode::SERVICE_UNAVAILABLE)(client.send_json(server.get("/x")).await);
    let retry_after = e.retry_after.unwrap();
    assert!(retry_after > Duration::from_secs(28) && retry_after <= Duration::from_secs(30));

    let e = graph_error(StatusCode::TOO_MANY_REQUESTS)(client.send_json(server.get("/x")).await);
    assert_eq!(e.retry_after, Some(Duration::from_secs(120)));
    assert_eq!(server.hits().len(), 2);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn gateway_timeout_backs_off_exponentially() {
    let server = TestServer::start(|_, n, _| {
        if n < 3 {
            reply(504, "")
        } else {
            reply(200, "[]")
        }
    })
    .await;
    let client = server.client(fast(4).with_base_delay(Duration::from_millis(20)));
    let items: Vec<Value> = client.send_json(server.get("/x")).await.unwrap();
    assert!(items.is_empty());
    let hits = server.hits();
    assert_eq!(hits.len(), 4);
    let gaps: Vec<Duration> = hits.windows(2).map(|w| w[1].at - w[0].at).collect();
    for (gap, wait) in gaps.iter().zip([20, 40, 80]) {
        assert!(*gap >= Duration::from_millis(wait), "{gaps:?}");
    }
    assert!(gaps[2] > gaps[0], "{gaps:?}");
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = TestServer::start(|_, _, _| reply(504, "")).await;
    let client = server.client(fast(3));
    let e = graph_error(StatusCode::GATEWAY_TIMEOUT)(client.send_json(server.get("/x")).await);
    assert_eq!(e.retry_after, None);
    assert_eq!(server.hits().len(), 3);
}

#[tokio::test]
async fn total_delay_is_bounded() {
    let server = TestServer::start(|_, _, _| reply(429, "")).await;
    let client = server.client(
        fast(50)
            .with_max_delay(Duration::from_secs(1))
            .with_max_total_delay(Duration::from_millis(100)),
    );
    let started = Instant::now();
    graph_error(StatusCode::TOO_MANY_REQUESTS)(client.send_json(server.get("/x")).await);
    // Waits of 10 + 20 + 40 ms fit in 100 ms; the next 80 ms would not.
    assert_eq!(server.hits().len(), 4);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn the_body_is_sent_again_on_each_attempt() {
    let server = TestServer::start(|_, n, _| match n {
        0 => reply(429, "").header("Retry-After", "0"),
        1 => reply(503, "").header("Retry-After", "0"),
        _ => reply(204, ""),
    })
    .await;
    let client = server.client(fast(4));
    let body = json!({"callbackUri": "https://bot.example/cb", "acceptedModalities": ["audio"]});
    let request = request::build(
        Method::POST,
        server.base(),
        "v1.0",
        "/communications/calls/1/answer",
        Some(&body),
    )
    .unwrap();
    let sent = request.body().clone();
    client.send_empty(request).await.unwrap();
    let hits = server.hits();
    assert_eq!(hits.len(), 3);
    for hit in &hits {
        assert_eq!(hit.method, Method::POST);
        assert_eq!(hit.body, sent);
        assert_eq!(hit.headers["content-type"], "application/json");
        assert_eq!(hit.headers["authorization"], "Bearer t0k3n");
    }
}

#[tokio::test]
async fn one_client_request_id_goes_with_every_attempt_and_the_error() {
    let server = TestServer::start(|_, n, _| match n {
        0 => reply(503, "").header("Retry-After", "0"),
        _ => reply(404, r#"{"error":{"code":"ItemNotFound"}}"#).header("request-id", "r-9"),
    })
    .await;
    let client = server.client(fast(3));
    let error = graph_error(StatusCode::NOT_FOUND)(
        client
            .send_json(server.get("/communications/calls/1"))
            .await,
    );
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    let sent = hits[0].headers["client-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        msgraph_comms::runtime::Guid::new(sent.as_str()).is_well_formed(),
        "{sent}"
    );
    assert_eq!(sent.as_bytes()[14], b'4', "version 4: {sent}");
    assert_eq!(hits[1].headers["client-request-id"], sent.as_str());
    assert_eq!(error.client_request_id.as_deref(), Some(sent.as_str()));
    assert_eq!(error.request_id(), Some("r-9"));
    assert!(error.to_string().contains(&sent), "{error}");

    // A caller's own id is kept, and two requests get two ids.
    let mut own = server.get("/communications/calls/2");
    own.headers_mut()
        .insert("client-request-id", "mine".parse().unwrap());
    let _ = client.send_empty(own).await;
    let _ = client
        .send_empty(server.get("/communications/calls/3"))
        .await;
    let hits = server.hits();
    assert_eq!(hits[2].headers["client-request-id"], "mine");
    assert_ne!(hits[3].headers["client-request-id"], sent.as_str());
}

#[tokio::test]
async fn accepted_gives_the_location_and_the_body() {
    let server = TestServer::start(|hit, _, base| {
        if hit.uri.ends_with("/empty") {
            return reply(202, "").header("Location", format!("{base}/v1.0/operations/2"));
        }
        reply(202, r#"{"id":"op-1","status":"running"}"#).header(
            "Location",
            "https://graph.microsoft.com/v1.0/communications/calls/1/operations/op-1",
        )
    })
    .await;
    let client = server.client(RetryPolicy::none());
    let accepted: Accepted<Value> = client.send_accepted(server.get("/answer")).await.unwrap();
    assert_eq!(accepted.status, StatusCode::ACCEPTED);
    assert_eq!(
        accepted.location.as_deref(),
        Some("https://graph.microsoft.com/v1.0/communications/calls/1/operations/op-1")
    );
    assert_eq!(
        accepted.body,
        Some(json!({"id": "op-1", "status": "running"}))
    );

    let accepted: Accepted<Value> = client.send_accepted(server.get("/empty")).await.unwrap();
    assert_eq!(accepted.body, None);
    assert_eq!(
        accepted.location,
        Some(format!("{}/v1.0/operations/2", server.base()))
    );

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Operation {
        id: u32,
    }
    match client
        .send_accepted::<Operation>(server.get("/answer"))
        .await
    {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(status, StatusCode::ACCEPTED);
            assert!(body.contains("op-1"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error_naming_the_status() {
    let server = TestServer::start(|_, _, _| reply(204, "")).await;
    let client = server.client(RetryPolicy::none());
    let e = client
        .send_json::<Value>(server.get("/x"))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Decode { status, body, .. } if *status == StatusCode::NO_CONTENT && body.is_empty())
    );
    assert!(e.to_string().contains("204 No Content"), "{e}");
    // The same answer is fine when nothing is expected.
    client.send_empty(server.get("/x")).await.unwrap();
}

#[tokio::test]
async fn redirects_come_back_raw_and_are_not_followed() {
    let server = TestServer::start(|_, _, _| {
        reply(302, "").header("Location", "http://127.0.0.1:1/elsewhere")
    })
    .await;
    let client = server.client(RetryPolicy::none());
    let response = client.send(server.get("/recording")).await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()["location"],
        "http://127.0.0.1:1/elsewhere"
    );
    assert_eq!(server.hits().len(), 1);
}

fn pages(hit: &Hit, base: &BaseUrl) -> Reply {
    let page = hit.uri.split("page=").nth(1).unwrap_or("1");
    match page {
        "1" => reply(
            200,
            json!({"value": [1, 2], "@odata.nextLink": format!("{base}/v1.0/items?page=2")})
                .to_string(),
        ),
        "2" => reply(
            200,
            json!({"value": [3], "@odata.nextLink": format!("{base}/v1.0/items?page=3")})
                .to_string(),
        ),
        "3" => reply(200, json!({"value": [4, 5]}).to_string()),
        _ => reply(404, r#"{"error":{"code":"NoSuchPage"}}"#),
    }
}

#[tokio::test]
async fn paging_follows_next_links_in_order() {
    let server = TestServer::start(|hit, _, base| pages(hit, base)).await;
    let client = server.client(RetryPolicy::none());
    let mut request = server.get("/items");
    request
        .headers_mut()
        .insert("ConsistencyLevel", "eventual".parse().unwrap());
    let items: Vec<u32> = client
        .items::<u32>(request)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    let hits = server.hits();
    let uris: Vec<&str> = hits.iter().map(|h| h.uri.as_str()).collect();
    assert_eq!(
        uris,
        ["/v1.0/items", "/v1.0/items?page=2", "/v1.0/items?page=3"]
    );
    for hit in &hits {
        assert_eq!(hit.method, Method::GET);
        assert_eq!(hit.headers["authorization"], "Bearer t0k3n");
        assert_eq!(hit.headers["consistencylevel"], "eventual");
    }

    let first = client.page::<u32>(server.get("/items")).await.unwrap();
    assert_eq!(first.value, [1, 2]);
    assert_eq!(
        first.next_link,
        Some(format!("{}/v1.0/items?page=2", server.base()))
    );
}

#[tokio::test]
async fn paging_stops_after_an_error() {
    let server = TestServer::start(|hit, _, base| {
        if hit.uri.ends_with("page=2") {
            return reply(
                200,
                json!({"value": [3], "@odata.nextLink": format!("{base}/v1.0/items?page=9")})
                    .to_string(),
            );
        }
        pages(hit, base)
    })
    .await;
    let client = server.client(RetryPolicy::none());
    let results: Vec<Result<u32, Error>> = client.items(server.get("/items")).collect().await;
    assert_eq!(results.len(), 4);
    assert!(results[..3].iter().all(Result::is_ok));
    assert!(matches!(&results[3], Err(Error::Graph(e)) if e.code.as_deref() == Some("NoSuchPage")));
}

#[tokio::test]
async fn no_retry_policy_does_not_retry() {
    let server = TestServer::start(|_, _, _| reply(429, "").header("Retry-After", "0")).await;
    let client = server.client(RetryPolicy::none());
    let e = graph_error(StatusCode::TOO_MANY_REQUESTS)(client.send_json(server.get("/x")).await);
    assert_eq!(e.retry_after, Some(Duration::ZERO));
    assert_eq!(server.hits().len(), 1);
}

struct FailingTokens;

impl TokenProvider for FailingTokens {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Err(TokenError::new("no credentials")) })
    }
}

#[tokio::test]
async fn a_token_failure_sends_nothing() {
    let server = TestServer::start(|_, _, _| reply(200, "{}")).await;
    let client = Client::builder(FailingTokens)
        .base_url(server.base().clone())
        .build();
    match client.send(server.get("/x")).await {
        Err(Error::Token(e)) => assert_eq!(e.to_string(), "no credentials"),
        other => panic!("expected a token error, got {other:?}"),
    }
    let bad = Client::builder(StaticToken::new("line\nbreak"))
        .base_url(server.base().clone())
        .build();
    assert!(matches!(
        bad.send(server.get("/x")).await,
        Err(Error::Token(_))
    ));
    assert!(server.hits().is_empty());
}
