//! A calling bot on `msgraph-comms` (hand-written example, not generated).
//!
//! It serves the calling platform's callbacks on `POST /callback`: each must carry a token the
//! platform signed for this bot (else 403, and nothing happens). It answers every incoming call
//! in the tenant the callback came from and logs each call's state changes. With the
//! `change-notifications` area it also subscribes to call records and serves their change and
//! lifecycle notifications on `POST /notifications` (the `validationToken` handshake, the
//! `clientState`, a renewal when Graph asks for reauthorization). It acknowledges at once and
//! works afterwards: Graph waits only 3 seconds.
//!
//! App-only tokens come from the app registration in the environment: `BOT_TENANT_ID`,
//! `BOT_APP_ID`, and either a certificate (`BOT_CERT_PEM` and `BOT_KEY_PEM`, paths to PEM
//! files) or a secret (`BOT_CLIENT_SECRET`); `BOT_CLIENT_STATE` is the subscriptions' shared
//! secret.
//!
//! ```sh
//! BOT_TENANT_ID=… BOT_APP_ID=… BOT_CERT_PEM=bot.crt BOT_KEY_PEM=bot.key BOT_CLIENT_STATE=… \
//! BOT_URL=https://bot.example.com \
//!     cargo run -p msgraph-comms --example bot --features webhook,change-notifications
//! ```
//!
//! `tests/bot.rs` runs this same code against the replay server and a local issuer.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use msgraph_comms::runtime::client::{
    Certificate, Client, ClientCredentials, TokenError, TokenProvider,
};
use msgraph_comms::runtime::notifications::{ChangeType, Notifications};
use msgraph_comms::runtime::webhook::{
    CallbackValidator, ChangeNotifications, Lifecycle, MAX_BODY_BYTES, Received,
};
use msgraph_comms::v1_0::models::{
    AnyGraphObject, AppHostedMediaConfig, CallAnswerRequest, CallState,
};
use std::sync::{Arc, Mutex};

/// The bot: a Graph client, what it checks callers with, and what it has seen.
pub struct Bot {
    pub client: Client,
    /// The URL Graph calls back for the calls the bot answers.
    pub callback_uri: String,
    /// Checks the calling platform's token on each callback.
    pub callbacks: CallbackValidator,
    /// Checks the subscriptions' change notifications.
    pub notifications: ChangeNotifications,
    /// One line per call state change, call answered, notification and refusal.
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

/// The bot's HTTP endpoints. Bodies over the webhook limit are refused (413) unread.
pub fn router(bot: Arc<Bot>) -> Router {
    Router::new()
        .route("/callback", post(on_callback))
        .route("/notifications", post(on_change_notifications))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(bot)
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::FORBIDDEN)
}

async fn on_callback(State(bot): State<Arc<Bot>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let claims = match bot.callbacks.validate(authorization).await {
        Ok(claims) => claims,
        Err(rejection) => {
            bot.record(format!("refused a callback: {rejection}"));
            return status(rejection.status());
        }
    };
    // Strictly first, object by object only if that fails: faster than the `Json` extractor,
    // and as forgiving.
    let Ok(payload) = Notifications::<AnyGraphObject>::from_slice(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    // Acknowledge now, act afterwards, in the tenant the callback came from.
    let client = bot.client.for_tenant(claims.tenant_id);
    tokio::spawn(act_on_calls(bot, client, payload));
    StatusCode::ACCEPTED
}

async fn act_on_calls(bot: Arc<Bot>, client: Client, payload: Notifications<AnyGraphObject>) {
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
                // Sent as `#microsoft.graph.appHostedMediaConfig`: the variant names the type.
                let media = AppHostedMediaConfig {
                    blob: Some("<media session configuration>".into()),
                    ..Default::default()
                };
                let answer = CallAnswerRequest {
                    callback_uri: Some(bot.callback_uri.clone()),
                    // The members the docs require. Modalities by wire value: the enum's Rust
                    // name depends on the docs tree the crate is generated from (`Modality`
                    // from ru-RU, `AcceptedModalities` from en-US 2020).
                    ..CallAnswerRequest::new(vec!["audio".into()], media)
                };
                match client.v1_0().call_answer(&id, &answer).await {
                    // `202 Accepted`: the operation's URL is in `Location`.
                    Ok(accepted) => bot.record(format!("answered {id} ({})", accepted.status)),
                    Err(error) => bot.record(format!("could not answer {id}: {error}")),
                }
            }
        }
    }
}

async fn on_change_notifications(
    State(bot): State<Arc<Bot>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    // Subscribing: Graph checks the URL answers with the token it sent.
    if let Some(handshake) = ChangeNotifications::handshake(query.as_deref()) {
        return (
            status(handshake.status),
            [(header::CONTENT_TYPE, handshake.content_type)],
            handshake.body,
        )
            .into_response();
    }
    match bot.notifications.receive(&body).await {
        Ok(received) => {
            tokio::spawn(act_on_changes(bot, received));
            StatusCode::ACCEPTED.into_response()
        }
        Err(rejection) => {
            bot.record(format!("refused notifications: {rejection}"));
            status(rejection.status()).into_response()
        }
    }
}

async fn act_on_changes(bot: Arc<Bot>, received: Received) {
    for notification in received.notifications {
        let id = &notification.subscription_id;
        match notification.lifecycle {
            Some(Lifecycle::ReauthorizationRequired) => {
                #[cfg(feature = "change-notifications")]
                match subscriptions::renew(&bot.client, id).await {
                    Ok(()) => bot.record(format!("renewed subscription {id}")),
                    Err(error) => bot.record(format!("could not renew {id}: {error}")),
                }
            }
            Some(Lifecycle::SubscriptionRemoved) => {
                bot.record(format!("subscription {id} removed: subscribe again"));
            }
            Some(Lifecycle::Missed) => bot.record(format!("missed notifications of {id}")),
            Some(other) => bot.record(format!("lifecycle event {other:?} for {id}")),
            None => bot.record(format!(
                "{} {}",
                notification.change_type, notification.resource
            )),
        }
    }
}

/// The call-records subscription (the `change-notifications` area's endpoints).
#[cfg(feature = "change-notifications")]
pub mod subscriptions {
    use msgraph_comms::runtime::client::{Client, Error};
    use msgraph_comms::runtime::{DateTimeOffset, Nullable};
    use msgraph_comms::v1_0::models::{Subscription, SubscriptionUpdateRequest};

    /// Graph keeps a call-records subscription at most 4230 minutes; renew well before.
    fn expiry() -> DateTimeOffset {
        (time::OffsetDateTime::now_utc() + time::Duration::minutes(4000)).into()
    }

    /// Subscribes to new call records, notified at `{bot_url}/notifications`.
    pub async fn subscribe(
        client: &Client,
        bot_url: &str,
        client_state: &str,
    ) -> Result<Subscription, Error> {
        let url = format!("{bot_url}/notifications");
        let subscription = Subscription {
            change_type: Some("created".into()),
            notification_url: Some(url.clone()),
            lifecycle_notification_url: Some(url),
            resource: Some("/communications/callRecords".into()),
            client_state: Nullable::Value(client_state.into()),
            expiration_date_time: Some(expiry()),
            ..Default::default()
        };
        client.v1_0().subscription_create(&subscription).await
    }

    /// Renews a subscription (which also reauthorizes it).
    pub async fn renew(client: &Client, id: &str) -> Result<(), Error> {
        let renewal = SubscriptionUpdateRequest {
            expiration_date_time: Some(expiry()),
            ..Default::default()
        };
        client
            .v1_0()
            .subscription_update(id, &renewal)
            .await
            .map(drop)
    }
}

/// The app's own tokens, from the environment (see the top of this file).
fn tokens_from_env() -> Result<Box<dyn TokenProvider>, TokenError> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
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
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let tokens = tokens_from_env().map_err(std::io::Error::other)?;
    let bot_url = std::env::var("BOT_URL").unwrap_or_else(|_| "https://bot.example.com".into());
    let client_state = env("BOT_CLIENT_STATE");
    if client_state.len() < 16 {
        return Err(std::io::Error::other(
            "set BOT_CLIENT_STATE to a secret of 16 characters or more",
        ));
    }
    let bot = Arc::new(Bot {
        client: Client::new(tokens),
        callback_uri: format!("{bot_url}/callback"),
        callbacks: CallbackValidator::new(env("BOT_APP_ID")),
        notifications: ChangeNotifications::new(env("BOT_APP_ID"), client_state.clone()),
        log: Mutex::new(Vec::new()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3978").await?;
    println!("listening on http://{}", listener.local_addr()?);
    let serving = tokio::spawn(axum::serve(listener, router(bot.clone())).into_future());
    #[cfg(feature = "change-notifications")]
    match subscriptions::subscribe(&bot.client, &bot_url, &client_state).await {
        Ok(subscription) => println!("subscribed to call records: {:?}", subscription.id),
        Err(error) => eprintln!("could not subscribe to call records: {error}"),
    }
    serving.await.map_err(std::io::Error::other)?
}
