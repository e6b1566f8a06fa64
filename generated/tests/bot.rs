//! Hand-written: the example bot (`examples/bot.rs`) against the replay server (Graph) and a
//! local issuer (OpenID configuration, JWKS and token endpoint) with keys made at run time.
//! The bot must act only on callbacks the test issuer signed: an incoming-call notification
//! from the docs, signed, gets the call answered with a token of the callback's tenant; forged
//! or unsigned ones get 403 and nothing happens; and the bot keeps serving.

#![cfg(all(feature = "v1_0", feature = "webhook", feature = "replay"))]

#[allow(dead_code)]
#[path = "../examples/bot.rs"]
mod bot;

mod common;

use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use common::keys::{TestKey, now, test_key};
use common::{Hit, TestServer};
use msgraph_comms::runtime::client::{Client, ClientCredentials, RetryPolicy};
use msgraph_comms::runtime::replay::ReplayServer;
use msgraph_comms::runtime::webhook::{CallbackValidator, ChangeNotifications};
use serde_json::{Value, json};

const APP: &str = "8b1b0b71-2f3e-4c1a-9d3e-6a5f0c1e2d3b";
const HOME_TENANT: &str = "contoso";
const CALLER_TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT_STATE: &str = "secretClientState-8812";
const ISSUER: &str = "https://api.botframework.com";

static SIGNER: LazyLock<TestKey> = LazyLock::new(test_key);
static ATTACKER: LazyLock<TestKey> = LazyLock::new(test_key);

fn incoming_call_notification() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/ir/v1.0.json");
    let spec: Value =
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

struct Running {
    bot: Arc<bot::Bot>,
    address: std::net::SocketAddr,
    graph: ReplayServer,
    issuer: TestServer,
    server: tokio::task::JoinHandle<()>,
}

async fn start() -> Running {
    let graph = ReplayServer::start(msgraph_comms::v1_0::replay::exchanges())
        .await
        .expect("replay server");
    let issuer = common::issuer(Arc::new(Mutex::new(vec![SIGNER.jwk("signer")]))).await;
    let tokens = ClientCredentials::with_secret(HOME_TENANT, APP, "s3cr3t")
        .authority(issuer.base().as_str());
    let client = Client::builder(tokens)
        .base_url(graph.base_url())
        .retry(RetryPolicy::none())
        .build();
    let openid = format!("{}/openid", issuer.base().as_str());
    let bot = Arc::new(bot::Bot {
        client,
        callback_uri: "https://bot.example.com/callback".into(),
        callbacks: CallbackValidator::with_openid_configuration(
            APP,
            openid.clone(),
            [ISSUER.to_string()],
        ),
        notifications: ChangeNotifications::with_openid_configuration(APP, CLIENT_STATE, openid),
        log: Mutex::new(Vec::new()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let router = bot::router(bot.clone());
    let server = tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    Running {
        bot,
        address,
        graph,
        issuer,
        server,
    }
}

impl Running {
    async fn post(&self, path: &str, authorization: Option<&str>, body: Vec<u8>) -> (u16, String) {
        let mut request = reqwest::Client::new()
            .post(format!("http://{}{path}", self.address))
            .header("content-type", "application/json")
            .body(body);
        if let Some(authorization) = authorization {
            request = request.header("authorization", authorization);
        }
        let response = request.send().await.expect("the bot answers");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    fn log(&self) -> Vec<String> {
        self.bot.log.lock().expect("log").clone()
    }

    /// Waits (up to 5 s) for a log line starting with `prefix`.
    async fn logged(&self, prefix: &str) -> bool {
        for _ in 0..250 {
            if self.log().iter().any(|l| l.starts_with(prefix)) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    async fn stop(self) {
        self.server.abort();
        self.graph.shutdown().await;
    }
}

fn claims() -> Value {
    json!({"iss": ISSUER, "aud": APP, "tid": CALLER_TENANT, "nbf": now() - 10, "exp": now() + 3600})
}

fn signed(key: &TestKey, claims: &Value) -> String {
    format!("Bearer {}", key.sign("signer", claims))
}

#[tokio::test]
async fn the_bot_answers_only_callbacks_the_issuer_signed() {
    let running = start().await;
    let body = || incoming_call_notification().to_string().into_bytes();

    // Hostile callbacks first: each refused, nothing done.
    let mut wrong_audience = claims();
    wrong_audience["aud"] = json!("another-bot");
    let mut expired = claims();
    expired["exp"] = json!(now() - 3600);
    let hostile = [
        ("unsigned", None),
        ("malformed", Some("Bearer e30.e30.".to_string())),
        ("forged", Some(signed(&ATTACKER, &claims()))),
        ("wrong audience", Some(signed(&SIGNER, &wrong_audience))),
        ("expired", Some(signed(&SIGNER, &expired))),
    ];
    for (case, authorization) in &hostile {
        let (status, _) = running
            .post("/callback", authorization.as_deref(), body())
            .await;
        assert_eq!(status, 403, "{case}");
    }
    let (status, _) = running
        .post(
            "/callback",
            Some(&signed(&SIGNER, &claims())),
            vec![b' '; (4 << 20) + 1],
        )
        .await;
    assert_eq!(status, 413, "an oversize body");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !running.graph.exercised().contains("call.answer"),
        "a refused callback made the bot act"
    );
    assert!(!running.log().iter().any(|l| l.starts_with("answered ")));

    // The signed callback: acknowledged at once, then the call is answered.
    let (status, _) = running
        .post("/callback", Some(&signed(&SIGNER, &claims())), body())
        .await;
    assert_eq!(status, 202);
    assert!(running.logged("answered ").await, "{:?}", running.log());
    assert!(running.log().iter().any(|l| l.ends_with(": incoming")));
    assert!(running.graph.exercised().contains("call.answer"));
    // With a token of the tenant the callback came from.
    let tenants: Vec<String> = running
        .issuer
        .hits()
        .iter()
        .filter_map(Hit::token_tenant)
        .collect();
    assert_eq!(tenants, [CALLER_TENANT]);
    running.stop().await;
}

#[tokio::test]
async fn the_bot_checks_change_notifications() {
    let running = start().await;
    // The subscription handshake: the token back as text, markup escaped.
    let response = reqwest::Client::new()
        .post(format!(
            "http://{}/notifications?validationToken=%3Cb%3Ehi%3C%2Fb%3E",
            running.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(response.text().await.unwrap(), "&lt;b&gt;hi&lt;/b&gt;");

    let notification = |state: &str, lifecycle: Option<&str>| {
        let mut one = json!({
            "subscriptionId": "7f105c7d-2dc5-4530-97cd-4e7ae6534c07",
            "clientState": state,
            "changeType": "created",
            "resource": "communications/callRecords/2f1a1100",
            "tenantId": CALLER_TENANT,
        });
        if let Some(event) = lifecycle {
            one["lifecycleEvent"] = json!(event);
        }
        json!({"value": [one]}).to_string().into_bytes()
    };
    let (status, _) = running
        .post("/notifications", None, notification("not-the-state", None))
        .await;
    assert_eq!(status, 403);
    let (status, _) = running
        .post("/notifications", None, b"{oops".to_vec())
        .await;
    assert_eq!(status, 400);
    assert!(!running.log().iter().any(|l| l.starts_with("created ")));

    let (status, _) = running
        .post("/notifications", None, notification(CLIENT_STATE, None))
        .await;
    assert_eq!(status, 202);
    assert!(
        running
            .logged("created communications/callRecords/2f1a1100")
            .await
    );

    #[cfg(feature = "change-notifications")]
    {
        let (status, _) = running
            .post(
                "/notifications",
                None,
                notification(CLIENT_STATE, Some("reauthorizationRequired")),
            )
            .await;
        assert_eq!(status, 202);
        assert!(
            running.logged("renewed subscription ").await,
            "{:?}",
            running.log()
        );
        assert!(running.graph.exercised().contains("subscription.update"));
    }
    running.stop().await;
}
