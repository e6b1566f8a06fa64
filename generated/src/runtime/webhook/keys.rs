//! The signing keys of an issuer, from its OpenID configuration's `jwks_uri`: cached, refreshed
//! daily, fetched again when a token names a key the cache lacks (a rotation), but for unknown
//! keys not more than once a minute however many forged `kid`s arrive.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::Rejection;

/// Keys older than this are fetched again before use.
const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);
/// An unknown `kid` refetches the keys at most this often.
const REFETCH_AT_MOST_EVERY: Duration = Duration::from_secs(60);

/// The RSA keys an OpenID configuration publishes, by `kid`.
pub(crate) struct KeySet {
    configuration: String,
    http: reqwest::Client,
    state: tokio::sync::Mutex<State>,
}

#[derive(Default)]
struct State {
    keys: HashMap<String, jsonwebtoken::DecodingKey>,
    fetched: Option<Instant>,
    /// The last fetch an unknown `kid` caused.
    fetched_for_unknown: Option<Instant>,
}

#[derive(serde::Deserialize)]
struct Configuration {
    jwks_uri: String,
}

#[derive(serde::Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(serde::Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

impl KeySet {
    pub(crate) fn new(configuration: String, http: reqwest::Client) -> Self {
        Self {
            configuration,
            http,
            state: tokio::sync::Mutex::new(State::default()),
        }
    }

    /// The key named `kid`. Callers wait for one fetch at a time (the lock is held across it).
    pub(crate) async fn key(&self, kid: &str) -> Result<jsonwebtoken::DecodingKey, Rejection> {
        let mut state = self.state.lock().await;
        let now = Instant::now();
        let stale = state.fetched.is_none_or(|at| now - at > MAX_AGE);
        let unknown_may_refetch = !state.keys.contains_key(kid)
            && state
                .fetched_for_unknown
                .is_none_or(|at| now - at > REFETCH_AT_MOST_EVERY);
        if stale || unknown_may_refetch {
            if !stale {
                state.fetched_for_unknown = Some(now);
            }
            match self.fetch().await {
                Ok(keys) => {
                    state.keys = keys;
                    state.fetched = Some(now);
                }
                // Keep serving with the keys already known; without any, nothing validates.
                Err(rejection) if state.keys.is_empty() => return Err(rejection),
                Err(_) => {}
            }
        }
        state
            .keys
            .get(kid)
            .cloned()
            .ok_or_else(|| Rejection::UnknownKey(kid.to_string()))
    }

    async fn fetch(&self) -> Result<HashMap<String, jsonwebtoken::DecodingKey>, Rejection> {
        let configuration: Configuration = self.get_json(&self.configuration).await?;
        let jwks: Jwks = self.get_json(&configuration.jwks_uri).await?;
        Ok(jwks
            .keys
            .into_iter()
            .filter(|k| k.kty.as_deref().is_none_or(|t| t == "RSA"))
            .filter_map(|k| {
                let key = jsonwebtoken::DecodingKey::from_rsa_components(
                    k.n.as_deref()?,
                    k.e.as_deref()?,
                );
                Some((k.kid?, key.ok()?))
            })
            .collect())
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, Rejection> {
        let unavailable = |why: String| Rejection::KeysUnavailable(format!("{url}: {why}"));
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        if !response.status().is_success() {
            return Err(unavailable(format!("answered {}", response.status())));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        serde_json::from_slice(&body).map_err(|e| unavailable(e.to_string()))
    }
}
