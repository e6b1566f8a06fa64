//! Hand-written: the example bot (`examples/bot.rs`) against the replay server.
//! An incoming-call notification from the docs is posted to the bot; the bot
//! must log the state and answer the call through the client, and the replay
//! server must have answered `call.answer`.

#![cfg(all(feature = "v1_0", feature = "client", feature = "replay"))]

#[allow(dead_code)]
#[path = "../examples/bot.rs"]
mod bot;

use msgraph_comms::runtime::client::{Client, RetryPolicy, StaticToken};
use msgraph_comms::runtime::replay::ReplayServer;
use std::sync::{Arc, Mutex};

/// The first incoming-call notification in the v1.0 examples of the spec.
fn incoming_call_notification() -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/ir/v1.0.json");
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("spec")).expect("JSON");
    spec["examples"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e.get("json"))
        .find(|json| {
            json["value"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|n| n["changeType"] == "created" && n["resourceData"]["state"] == "incoming")
        })
        .cloned()
        .expect("the docs show an incoming call")
}

#[tokio::test]
async fn the_bot_answers_an_incoming_call_over_http() {
    let graph = ReplayServer::start(msgraph_comms::v1_0::replay::exchanges())
        .await
        .expect("replay server");
    let client = Client::builder(StaticToken::new("bot-token"))
        .base_url(graph.base_url())
        .retry(RetryPolicy::none())
        .build();
    let bot = Arc::new(bot::Bot {
        client,
        callback_uri: "https://bot.example.com/callback".into(),
        log: Mutex::new(Vec::new()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let server = tokio::spawn(axum::serve(listener, bot::router(bot.clone())).into_future());

    let status = reqwest::Client::new()
        .post(format!("http://{address}/callback"))
        .header("content-type", "application/json")
        .body(incoming_call_notification().to_string())
        .send()
        .await
        .expect("the bot answers")
        .status();
    assert_eq!(status, 202);

    // The bot acknowledged first and works afterwards: wait for it to answer the call.
    let mut log = Vec::new();
    for _ in 0..250 {
        log = bot.log.lock().expect("log").clone();
        if log.iter().any(|l| l.starts_with("answered ")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(log.iter().any(|l| l.ends_with(": incoming")), "{log:?}");
    assert!(log.iter().any(|l| l.starts_with("answered ")), "{log:?}");
    assert!(
        graph.exercised().contains("call.answer"),
        "{:?}",
        graph.exercised()
    );
    server.abort();
    graph.shutdown().await;
}
