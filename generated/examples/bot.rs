//! A calling bot on `msgraph-comms` (hand-written example, not generated).
//!
//! It serves Microsoft Graph's change notifications on `POST /callback`,
//! answers every incoming call, and logs each call's state changes. It acknowledges each
//! notification at once and does the work afterwards: Graph waits only 3 seconds.
//!
//! App-only tokens come from the app registration in the environment: `BOT_TENANT_ID`,
//! `BOT_APP_ID`, and either a certificate (`BOT_CERT_PEM` and `BOT_KEY_PEM`, paths to PEM
//! files) or a secret (`BOT_CLIENT_SECRET`). `GRAPH_TOKEN` gives a ready-made token instead.
//!
//! ```sh
//! BOT_TENANT_ID=… BOT_APP_ID=… BOT_CERT_PEM=bot.crt BOT_KEY_PEM=bot.key \
//! BOT_CALLBACK=https://bot.example.com/callback \
//!     cargo run -p msgraph-comms --example bot --features client
//! ```
//!
//! `tests/bot.rs` runs this same code against the replay server.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use msgraph_comms::runtime::client::{
    Certificate, Client, ClientCredentials, StaticToken, TokenError, TokenProvider,
};
use msgraph_comms::runtime::notifications::{ChangeType, Notifications};
use msgraph_comms::v1_0::models::{
    AnyGraphObject, AppHostedMediaConfig, CallAnswerRequest, CallState,
};
use std::sync::{Arc, Mutex};

/// The bot: a Graph client, the URL Graph calls back, and what it has seen.
pub struct Bot {
    pub client: Client,
    pub callback_uri: String,
    /// One line per call state change, and per call answered.
    pub log: Mutex<Vec<String>>,
}

impl Bot {
    fn record(&self, line: String) {
        println!("{line}");
        if let Ok(mut log) = self.log.lock() {
            log.push(line);
        }
    }
}

/// The bot's HTTP endpoint.
pub fn router(bot: Arc<Bot>) -> Router {
    Router::new()
        .route("/callback", post(on_notifications))
        .with_state(bot)
}

async fn on_notifications(State(bot): State<Arc<Bot>>, body: Bytes) -> StatusCode {
    // Strictly first, object by object only if that fails: faster than the `Json` extractor,
    // and as forgiving.
    let Ok(payload) = Notifications::<AnyGraphObject>::from_slice(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    // Acknowledge now, act afterwards: Graph gives a callback 3 seconds.
    tokio::spawn(act_on(bot, payload));
    StatusCode::ACCEPTED
}

async fn act_on(bot: Arc<Bot>, payload: Notifications<AnyGraphObject>) {
    for notification in &payload.value {
        let resource = notification
            .resource
            .as_deref()
            .or(notification.resource_url.as_deref())
            .unwrap_or_default();
        for object in notification
            .resource_data
            .iter()
            .flat_map(|data| data.iter())
        {
            let AnyGraphObject::Call(call) = object else {
                continue;
            };
            let state = call
                .state
                .as_ref()
                .map_or_else(|| "unknown".to_string(), ToString::to_string);
            bot.record(format!("{resource}: {state}"));
            if notification.change_type == ChangeType::Created
                && call.state == Some(CallState::Incoming)
            {
                // The call's id, else the last segment of the resource path.
                let id = call
                    .id
                    .clone()
                    .unwrap_or_else(|| resource.rsplit('/').next().unwrap_or_default().to_string());
                let answer = CallAnswerRequest {
                    callback_uri: Some(bot.callback_uri.clone()),
                    // By wire value: the enum's Rust name depends on the docs tree the crate is
                    // generated from (`Modality` from ru-RU, `AcceptedModalities` from en-US 2020).
                    accepted_modalities: Some(vec!["audio".into()]),
                    // Sent as `#microsoft.graph.appHostedMediaConfig`: the variant names the type.
                    media_config: Some(Box::new(
                        AppHostedMediaConfig {
                            blob: Some("<media session configuration>".into()),
                            ..Default::default()
                        }
                        .into(),
                    )),
                    ..Default::default()
                };
                match bot.client.v1_0().call_answer(&id, &answer).await {
                    // `202 Accepted`: the operation's URL is in `Location`.
                    Ok(accepted) => bot.record(format!("answered {id} ({})", accepted.status)),
                    Err(error) => bot.record(format!("could not answer {id}: {error}")),
                }
            }
        }
    }
}

/// The app's own tokens, from the environment (see the top of this file).
fn tokens_from_env() -> Result<Box<dyn TokenProvider>, TokenError> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(token) = var("GRAPH_TOKEN") {
        return Ok(Box::new(StaticToken::new(token)));
    }
    let (Some(tenant), Some(app)) = (var("BOT_TENANT_ID"), var("BOT_APP_ID")) else {
        return Err(TokenError::new(
            "set BOT_TENANT_ID and BOT_APP_ID, and BOT_CERT_PEM + BOT_KEY_PEM or BOT_CLIENT_SECRET",
        ));
    };
    let read = |name: &str| {
        let path = var(name).unwrap_or_default();
        std::fs::read(&path)
            .map_err(|e| TokenError::with_source(format!("{name}: cannot read `{path}`"), e))
    };
    Ok(match var("BOT_CLIENT_SECRET") {
        Some(secret) if var("BOT_CERT_PEM").is_none() => {
            Box::new(ClientCredentials::with_secret(tenant, app, secret))
        }
        _ => {
            let certificate = Certificate::from_pem(&read("BOT_CERT_PEM")?, &read("BOT_KEY_PEM")?)?;
            Box::new(ClientCredentials::with_certificate(
                tenant,
                app,
                certificate,
            ))
        }
    })
}

#[allow(dead_code)] // `tests/bot.rs` includes this file for `Bot` and `router`.
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let tokens = tokens_from_env().map_err(std::io::Error::other)?;
    let callback_uri =
        std::env::var("BOT_CALLBACK").unwrap_or_else(|_| "https://bot.example.com/callback".into());
    let bot = Arc::new(Bot {
        client: Client::new(tokens),
        callback_uri,
        log: Mutex::new(Vec::new()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3978").await?;
    println!("listening on http://{}/callback", listener.local_addr()?);
    axum::serve(listener, router(bot)).await
}
