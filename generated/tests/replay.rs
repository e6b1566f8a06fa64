//! Hand-written tests (not generated): the replay server over real HTTP, with a small table
//! written here, by raw requests and through the client.
#![cfg(feature = "replay")]

use std::collections::{BTreeMap, BTreeSet};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use msgraph_comms::runtime::replay::{Exchange, ReplayServer};
use serde_json::Value;

static EXCHANGES: &[Exchange] = &[
    Exchange {
        operation: "call.get",
        method: "GET",
        version: "v1.0",
        path: "/communications/calls/{id}",
        request_path: "/communications/calls/{id}",
        request_body: None,
        status: 200,
        response_headers: &[("Content-Type", "application/json"), ("request-id", "r-42")],
        response_body: Some(r#"{"id": "2f1a", "state": "established"}"#),
        source: "ru-RU/v1.0/api/call-get.md:60",
    },
    Exchange {
        operation: "call.answer",
        method: "POST",
        version: "v1.0",
        path: "/communications/calls/{id}/answer",
        request_path: "/communications/calls/{id}/answer",
        request_body: Some(
            r#"{"callbackUri": "https://bot.contoso.com/callback", "acceptedModalities": ["audio"]}"#,
        ),
        status: 202,
        response_headers: &[(
            "Location",
            "https://graph.microsoft.com/v1.0/communications/calls/2f1a/operations/op-1",
        )],
        response_body: None,
        source: "ru-RU/v1.0/api/call-answer.md:83",
    },
    Exchange {
        operation: "call.delete",
        method: "DELETE",
        version: "v1.0",
        path: "/communications/calls/{id}",
        request_path: "/communications/calls/{id}",
        request_body: None,
        status: 204,
        response_headers: &[],
        response_body: None,
        source: "ru-RU/v1.0/api/call-delete.md:40",
    },
    Exchange {
        operation: "call.get",
        method: "GET",
        version: "v1.0",
        path: "/communications/calls/{id}",
        request_path: "/communications/calls/{id}",
        request_body: None,
        status: 200,
        response_headers: &[],
        response_body: Some(r#"{"id": "3c2b", "state": "terminated"}"#),
        source: "ru-RU/v1.0/api/call-get.md:120",
    },
    Exchange {
        operation: "participant.list",
        method: "GET",
        version: "beta",
        path: "/communications/calls/{id}/participants",
        request_path: "/communications/calls/{id}/participants",
        request_body: None,
        status: 200,
        response_headers: &[],
        response_body: Some(r#"{"value": [{"id": "p1"}, {"id": "p2"}]}"#),
        source: "ru-RU/beta/api/call-list-participants.md:50",
    },
];

/// What a raw HTTP/1.1 request got back: status, headers (names lowercased), body.
struct Raw {
    status: u16,
    headers: BTreeMap<String, String>,
    body: String,
}

/// A hand-written HTTP/1.1 request over a plain socket, to see exactly what the server answers.
async fn raw(server: &ReplayServer, method: &str, path: &str, body: Option<&str>) -> Raw {
    let mut stream = TcpStream::connect(server.local_addr()).await.unwrap();
    let body = body.unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nclient-request-id: c-7\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.local_addr(),
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8(answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    Raw {
        status,
        headers,
        body: body.to_owned(),
    }
}

fn graph_error(body: &str) -> (String, String, Value) {
    let value: Value = serde_json::from_str(body).unwrap();
    let error = &value["error"];
    (
        error["code"].as_str().unwrap().to_owned(),
        error["message"].as_str().unwrap().to_owned(),
        error["innerError"].clone(),
    )
}

#[tokio::test]
async fn documented_requests_get_the_documented_answers() {
    let server = ReplayServer::start(EXCHANGES).await.unwrap();
    assert!(server.base_url().as_str().starts_with("http://127.0.0.1:"));
    let Raw {
        status,
        headers,
        body,
    } = raw(
        &server,
        "GET",
        "/v1.0/Communications/calls/abc?$select=id",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["request-id"], "r-42");
    assert_eq!(body, r#"{"id": "2f1a", "state": "established"}"#);

    let Raw {
        status,
        headers,
        body,
    } = raw(
        &server,
        "POST",
        "/v1.0/communications/calls/abc/answer",
        Some(r#"{"callbackUri": "https://elsewhere"}"#),
    )
    .await;
    assert_eq!(status, 202);
    assert_eq!(
        headers["location"],
        "https://graph.microsoft.com/v1.0/communications/calls/2f1a/operations/op-1"
    );
    assert!(!headers.contains_key("content-type"));
    assert_eq!(body, "");

    assert_eq!(
        server.exercised(),
        BTreeSet::from(["call.answer".to_owned(), "call.get".to_owned()])
    );
    server.shutdown().await;
}

#[tokio::test]
async fn equally_good_exchanges_answer_in_turn() {
    let server = ReplayServer::start(EXCHANGES).await.unwrap();
    let mut states = Vec::new();
    for _ in 0..3 {
        let Raw { status, body, .. } =
            raw(&server, "GET", "/v1.0/communications/calls/x", None).await;
        assert_eq!(status, 200);
        let call: Value = serde_json::from_str(&body).unwrap();
        states.push(call["state"].as_str().unwrap().to_owned());
    }
    assert_eq!(states, ["established", "terminated", "established"]);
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_paths_and_methods_get_graph_errors() {
    let server = ReplayServer::start(EXCHANGES).await.unwrap();
    let Raw {
        status,
        headers,
        body,
    } = raw(&server, "GET", "/v1.0/communications/nothing", None).await;
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"], "application/json");
    let (code, message, inner) = graph_error(&body);
    assert_eq!(code, "UnknownPath");
    assert_eq!(
        message,
        "no documented request matches GET /v1.0/communications/nothing"
    );
    assert_eq!(inner["client-request-id"], "c-7");
    let request_id = inner["request-id"].as_str().unwrap();
    assert_eq!(request_id.len(), 36);
    assert_eq!(headers["request-id"], request_id);
    let date = inner["date"].as_str().unwrap();
    assert!(
        date.len() == 20 && date.ends_with('Z') && &date[10..11] == "T",
        "{date}"
    );

    // The version is part of the path.
    let Raw { status, .. } = raw(&server, "GET", "/beta/communications/calls/abc", None).await;
    assert_eq!(status, 404);

    let Raw {
        status,
        headers,
        body,
    } = raw(&server, "PATCH", "/v1.0/communications/calls/abc", None).await;
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "DELETE, GET");
    let (code, message, _) = graph_error(&body);
    assert_eq!(code, "MethodNotAllowed");
    assert!(
        message.starts_with("no documented request matches PATCH /v1.0/communications/calls/abc"),
        "{message}"
    );

    assert!(server.exercised().is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn undocumented_body_members_are_rejected() {
    let server = ReplayServer::start(EXCHANGES).await.unwrap();
    let Raw { status, body, .. } = raw(
        &server,
        "POST",
        "/v1.0/communications/calls/abc/answer",
        Some(r#"{"callbackUri": "https://bot", "mediaConfig": {}}"#),
    )
    .await;
    assert_eq!(status, 400);
    let (code, message, inner) = graph_error(&body);
    assert_eq!(code, "BadRequest");
    assert!(message.contains("`mediaConfig`"), "{message}");
    assert!(
        message.contains("documented shape at ru-RU/v1.0/api/call-answer.md:83"),
        "{message}"
    );
    assert_eq!(inner["client-request-id"], "c-7");

    // A body where the docs show none.
    let Raw { status, body, .. } = raw(
        &server,
        "DELETE",
        "/v1.0/communications/calls/abc",
        Some(r#"{"a":1}"#),
    )
    .await;
    assert_eq!(status, 400);
    assert!(graph_error(&body).1.contains("call-delete.md:40"), "{body}");
    assert!(server.exercised().is_empty());
    server.shutdown().await;
}

#[cfg(feature = "client")]
mod with_the_client {
    use super::*;
    use futures_util::TryStreamExt;
    use http::{Method, StatusCode};
    use msgraph_comms::runtime::client::{Accepted, Client, Error, RetryPolicy, StaticToken};
    use msgraph_comms::runtime::request;
    use serde_json::json;

    #[tokio::test]
    async fn the_client_talks_to_the_replay_server() {
        let server = ReplayServer::start(EXCHANGES).await.unwrap();
        let client = Client::builder(StaticToken::new("replay"))
            .base_url(server.base_url())
            .retry(RetryPolicy::none())
            .build();
        let base = client.base_url().clone();

        let path = request::expand("/communications/calls/{}", &["x y/z"]);
        let get = request::build(Method::GET, &base, "v1.0", &path, None::<&()>).unwrap();
        let call: Value = client.send_json(get).await.unwrap();
        assert_eq!(call["state"], "established");

        let body = json!({"callbackUri": "https://bot.contoso.com/callback"});
        let answer = request::build(
            Method::POST,
            &base,
            "v1.0",
            "/communications/calls/x/answer",
            Some(&body),
        )
        .unwrap();
        let accepted: Accepted<Value> = client.send_accepted(answer).await.unwrap();
        assert_eq!(accepted.status, StatusCode::ACCEPTED);
        assert!(accepted.location.unwrap().ends_with("/operations/op-1"));
        assert_eq!(accepted.body, None);

        let delete = request::build(
            Method::DELETE,
            &base,
            "v1.0",
            "/communications/calls/x",
            None::<&()>,
        )
        .unwrap();
        client.send_empty(delete).await.unwrap();

        let list = request::build(
            Method::GET,
            &base,
            "beta",
            "/communications/calls/x/participants",
            None::<&()>,
        )
        .unwrap();
        let participants: Vec<Value> = client.items(list).try_collect().await.unwrap();
        assert_eq!(participants, [json!({"id": "p1"}), json!({"id": "p2"})]);

        let bad = request::build(
            Method::POST,
            &base,
            "v1.0",
            "/communications/calls/x/answer",
            Some(&json!({"extra": 1})),
        )
        .unwrap();
        match client.send_empty(bad).await {
            Err(Error::Graph(e)) => {
                assert_eq!(e.status, StatusCode::BAD_REQUEST);
                assert_eq!(e.code.as_deref(), Some("BadRequest"));
                let inner = e.inner_error.unwrap();
                assert!(inner.request_id.is_some());
                assert!(inner.date.is_some());
                // The client sent a `client-request-id`; Graph (and the replay server) echo it.
                assert!(e.client_request_id.is_some());
                assert_eq!(inner.client_request_id, e.client_request_id);
            }
            other => panic!("expected a Graph error, got {other:?}"),
        }

        assert_eq!(
            server.exercised(),
            BTreeSet::from(
                ["call.answer", "call.delete", "call.get", "participant.list"].map(String::from)
            )
        );
        server.shutdown().await;
    }
}
