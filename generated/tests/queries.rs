//! Hand-written tests (not generated): what a generated client method returns, against a
//! scripted server on 127.0.0.1: OData query options, added headers, the answer's status and
//! headers, `$count`, and the items of a list across pages.
#![cfg(all(feature = "client", feature = "v1_0", feature = "cloud-communications"))]

use futures_util::TryStreamExt;
use http::StatusCode;
use msgraph_comms::runtime::client::{Error, RetryPolicy};
use serde_json::json;

mod common;
use common::{TestServer, reply};

fn participant(id: &str) -> serde_json::Value {
    json!({"id": id, "isMuted": false})
}

#[tokio::test]
async fn query_options_are_written_into_the_url_encoded_once() {
    let server = TestServer::start(|_, _, _| {
        reply(
            200,
            json!({"value": [participant("s1")], "@odata.count": 7}).to_string(),
        )
    })
    .await;
    let client = server.client(RetryPolicy::none());
    let page = client
        .v1_0()
        .participant_list("call/1")
        .select(["id", "info"])
        .expand(["info($select=id)"])
        .filter("isMuted eq false and startswith(info/identity/user/displayName,'A b')")
        .order_by(["id desc"])
        .top(5)
        .top(2)
        .count(true)
        .await
        .unwrap();
    assert_eq!(page.count, Some(7));
    assert_eq!(page.value.len(), 1);
    assert_eq!(serde_json::to_value(&page.value[0]).unwrap()["id"], "s1");
    let hits = server.hits();
    assert_eq!(hits.len(), 1);
    // The later `top` replaced the earlier one; reqwest writes `'` as `%27`, as URLs do.
    assert_eq!(
        hits[0].uri,
        "/v1.0/communications/calls/call%2F1/participants\
         ?$select=id,info\
         &$expand=info($select%3Did)\
         &$filter=isMuted%20eq%20false%20and%20startswith(info/identity/user/displayName,%27A%20b%27)\
         &$orderby=id%20desc\
         &$top=2\
         &$count=true"
    );
}

#[tokio::test]
async fn with_response_keeps_the_status_headers_and_request_id() {
    let server = TestServer::start(|_, _, _| {
        reply(
            200,
            json!({"id": "call1", "state": "established"}).to_string(),
        )
        .header("ETag", "W/\"3\"")
        .header("request-id", "graph-side-id")
    })
    .await;
    let client = server.client(RetryPolicy::none());
    let answer = client
        .v1_0()
        .call_get("call1")
        .select(["id", "state"])
        .header("Prefer", "return=minimal")
        .with_response()
        .await
        .unwrap();
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["etag"], "W/\"3\"");
    assert_eq!(answer.headers["request-id"], "graph-side-id");
    assert_eq!(serde_json::to_value(&answer.value).unwrap()["id"], "call1");
    let hits = server.hits();
    assert_eq!(
        hits[0].uri,
        "/v1.0/communications/calls/call1?$select=id,state"
    );
    assert_eq!(hits[0].headers["prefer"], "return=minimal");
    assert_eq!(
        hits[0].headers["client-request-id"],
        answer.client_request_id.as_str()
    );
    assert_eq!(answer.client_request_id.len(), 36);
}

#[tokio::test]
async fn a_callers_own_request_id_is_the_one_reported() {
    let server = TestServer::start(|_, _, _| reply(200, r#"{"id":"call1"}"#)).await;
    let client = server.client(RetryPolicy::none());
    let answer = client
        .v1_0()
        .call_get("call1")
        .header("client-request-id", "mine-0001")
        .with_response()
        .await
        .unwrap();
    assert_eq!(answer.client_request_id, "mine-0001");
    assert_eq!(server.hits()[0].headers["client-request-id"], "mine-0001");
}

#[tokio::test]
async fn an_invalid_header_is_an_error_and_nothing_is_sent() {
    let server = TestServer::start(|_, _, _| reply(200, r#"{"id":"call1"}"#)).await;
    let client = server.client(RetryPolicy::none());
    let pending = client.v1_0().call_get("call1").header("Bad Name", "x");
    assert!(pending.request().is_none());
    assert!(matches!(pending.await, Err(Error::Build(_))));
    assert!(server.hits().is_empty());
}

#[tokio::test]
async fn items_keep_the_query_and_follow_every_page() {
    let server = TestServer::start(|hit, _, base| {
        if hit.uri.contains("skiptoken=2") {
            reply(200, json!({"value": [participant("s3")]}).to_string())
        } else {
            reply(
                200,
                json!({
                    "value": [participant("s1"), participant("s2")],
                    "@odata.nextLink": format!("{base}/v1.0/communications/calls/r/participants?$top=2&$skiptoken=2"),
                })
                .to_string(),
            )
        }
    })
    .await;
    let client = server.client(RetryPolicy::none());
    let participants: Vec<_> = client
        .v1_0()
        .participant_list("r")
        .top(2)
        .header("ConsistencyLevel", "eventual")
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = participants
        .iter()
        .map(|p| serde_json::to_value(p).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, ["s1", "s2", "s3"]);
    let hits = server.hits();
    let uris: Vec<&str> = hits.iter().map(|h| h.uri.as_str()).collect();
    assert_eq!(
        uris,
        [
            "/v1.0/communications/calls/r/participants?$top=2",
            "/v1.0/communications/calls/r/participants?$top=2&$skiptoken=2"
        ]
    );
    assert!(
        hits.iter()
            .all(|h| h.headers["consistencylevel"] == "eventual")
    );
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_the_streams_one_error() {
    let server = TestServer::start(|_, _, _| reply(200, r#"{"value":[]}"#)).await;
    let client = server.client(RetryPolicy::none());
    let results: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
        client
            .v1_0()
            .participant_list("r")
            .header("x", "bad\nvalue")
            .items(),
    )
    .await;
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0], Err(Error::Build(_))));
    assert!(server.hits().is_empty());
}
