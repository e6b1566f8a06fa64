//! App-only tokens by the OAuth 2.0 client-credentials grant, with a client secret or a
//! certificate, cached per tenant and refreshed before they expire.
//!
//! ```no_run
//! # fn run() -> Result<(), msgraph_comms::runtime::client::TokenError> {
//! use msgraph_comms::runtime::client::{Certificate, Client, ClientCredentials, Cloud};
//!
//! let pem = |var: &str| std::env::var(var).unwrap_or_default();
//! let certificate = Certificate::from_pem(pem("BOT_CERT_PEM").as_bytes(), pem("BOT_KEY_PEM").as_bytes())?;
//! let tokens = ClientCredentials::with_certificate("contoso.onmicrosoft.com", "8b1b0b71-…", certificate)
//!     .cloud(Cloud::Global);
//! let client = Client::new(tokens);
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

use super::cloud::Cloud;
use super::retry::RetryPolicy;
use super::token::{TokenError, TokenFuture, TokenProvider};

/// Tokens are refreshed, in the background, this long before they expire.
const REFRESH_EARLY: Duration = Duration::from_secs(5 * 60);
/// A token closer than this to its expiry is not handed out: a request must still reach Graph.
const USABLE_MARGIN: Duration = Duration::from_secs(30);
/// How long a client assertion is valid (Entra ID accepts at most 10 minutes).
const ASSERTION_LIFETIME: Duration = Duration::from_secs(10 * 60);
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A certificate registered on the app: its private key signs the client assertions, and its
/// SHA-256 thumbprint (`x5t#S256`) tells Entra ID which registered certificate to check with.
#[derive(Clone)]
pub struct Certificate {
    key: jsonwebtoken::EncodingKey,
    thumbprint_sha256: String,
}

impl Certificate {
    /// From the certificate (PEM, `-----BEGIN CERTIFICATE-----`) and its RSA private key (PEM,
    /// PKCS#1 or PKCS#8).
    ///
    /// # Errors
    ///
    /// When either is not valid PEM of its kind.
    pub fn from_pem(certificate_pem: &[u8], private_key_pem: &[u8]) -> Result<Self, TokenError> {
        let der = pem_block(certificate_pem, "CERTIFICATE")
            .ok_or_else(|| TokenError::new("the certificate is not a PEM `CERTIFICATE` block"))?;
        Self::from_der(&der, private_key_pem)
    }

    /// From the certificate's DER bytes and its RSA private key (PEM).
    ///
    /// # Errors
    ///
    /// When the key is not an RSA private key in PEM.
    pub fn from_der(certificate_der: &[u8], private_key_pem: &[u8]) -> Result<Self, TokenError> {
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(private_key_pem)
            .map_err(|e| TokenError::with_source("the private key is not an RSA key in PEM", e))?;
        Ok(Self {
            key,
            thumbprint_sha256: URL_SAFE_NO_PAD.encode(Sha256::digest(certificate_der)),
        })
    }

    /// The `x5t#S256` thumbprint: base64url of the SHA-256 of the certificate's DER bytes.
    pub fn thumbprint_sha256(&self) -> &str {
        &self.thumbprint_sha256
    }
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The thumbprint is public; the key never leaves.
        f.debug_struct("Certificate")
            .field("thumbprint_sha256", &self.thumbprint_sha256)
            .finish_non_exhaustive()
    }
}

/// The first PEM block labelled `label`, decoded.
fn pem_block(pem: &[u8], label: &str) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(pem).ok()?;
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let body = text.split_once(&begin)?.1.split_once(&end)?.0;
    let base64: String = body.split_whitespace().collect();
    STANDARD.decode(base64).ok()
}

#[derive(Clone)]
enum Secret {
    ClientSecret(String),
    Certificate(Certificate),
}

/// What the token endpoint refused, as it said it (`invalid_client`, `AADSTS7000215: …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    /// The HTTP status of the answer.
    pub status: u16,
    /// The OAuth error code: `invalid_client`, `unauthorized_client`, `invalid_request`…
    pub error: String,
    /// Entra ID's description, starting with its `AADSTS` code.
    pub description: Option<String>,
    /// The id to give Microsoft support.
    pub correlation_id: Option<String>,
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the token endpoint answered {}: {}",
            self.status, self.error
        )?;
        if let Some(description) = &self.description {
            write!(f, ": {}", description.lines().next().unwrap_or_default())?;
        }
        if let Some(id) = &self.correlation_id {
            write!(f, " (correlation id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for AuthError {}

/// A token and when it stops being useful.
#[derive(Clone)]
struct Cached {
    token: String,
    expires: Instant,
}

impl Cached {
    fn usable(&self, now: Instant) -> bool {
        now + USABLE_MARGIN < self.expires
    }

    fn due(&self, now: Instant) -> bool {
        now + REFRESH_EARLY >= self.expires
    }
}

/// One tenant's token: the cached value, one fetch at a time, and whether a background
/// refresh is running.
#[derive(Default)]
struct Slot {
    cached: Mutex<Option<Cached>>,
    fetching: tokio::sync::Mutex<()>,
    refreshing: AtomicBool,
}

impl Slot {
    fn current(&self) -> Option<Cached> {
        let now = Instant::now();
        self.cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
            .filter(|c| c.usable(now))
    }

    fn store(&self, fresh: Cached) {
        *self
            .cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(fresh);
    }
}

/// App-only tokens for Microsoft Graph by the client-credentials grant: the app's own
/// identity, as a calling bot needs. A [`TokenProvider`] for [`Client`](super::Client).
///
/// Tokens are cached per tenant. A caller gets the cached token until 5 minutes before it
/// expires; from then on the first caller starts one refresh in the background and keeps
/// getting the current token until the new one arrives. Callers that find no usable token wait
/// for one request to the token endpoint, however many they are. Throttled (429) and failed
/// (5xx, no answer) requests are retried with backoff; a refusal (`invalid_client`…) is an
/// error at once, with Entra ID's own words ([`AuthError`] as its source).
#[derive(Clone)]
pub struct ClientCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    tenant: String,
    client_id: String,
    secret: Secret,
    cloud: Cloud,
    authority: Option<String>,
    http: reqwest::Client,
    slots: Mutex<HashMap<String, Arc<Slot>>>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("ClientCredentials")
            .field("tenant", &inner.tenant)
            .field("client_id", &inner.client_id)
            .field("cloud", &inner.cloud)
            .field(
                "credential",
                &match &inner.secret {
                    Secret::ClientSecret(_) => "client secret",
                    Secret::Certificate(_) => "certificate",
                },
            )
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// With a client secret. `tenant` is the tenant id or a verified domain; tokens for other
    /// tenants come from [`TokenProvider::token_for_tenant`].
    pub fn with_secret(
        tenant: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self::new(
            tenant.into(),
            client_id.into(),
            Secret::ClientSecret(client_secret.into()),
        )
    }

    /// With a certificate: each token request carries a client assertion (a JWT signed PS256,
    /// `x5t#S256` = the certificate's thumbprint, valid 10 minutes).
    pub fn with_certificate(
        tenant: impl Into<String>,
        client_id: impl Into<String>,
        certificate: Certificate,
    ) -> Self {
        Self::new(
            tenant.into(),
            client_id.into(),
            Secret::Certificate(certificate),
        )
    }

    fn new(tenant: String, client_id: String, secret: Secret) -> Self {
        let http = super::http_without_redirects(Some(Duration::from_secs(30)));
        Self {
            inner: Arc::new(Inner {
                tenant,
                client_id,
                secret,
                cloud: Cloud::Global,
                authority: None,
                http,
                slots: Mutex::new(HashMap::new()),
            }),
        }
    }

    fn with_inner(self, change: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            tenant: shared.tenant.clone(),
            client_id: shared.client_id.clone(),
            secret: shared.secret.clone(),
            cloud: shared.cloud,
            authority: shared.authority.clone(),
            http: shared.http.clone(),
            slots: Mutex::new(HashMap::new()),
        });
        change(&mut inner);
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The cloud to sign in to and get Graph tokens for (default [`Cloud::Global`]). Give the
    /// client the same cloud's [`Cloud::graph_base_url`].
    pub fn cloud(self, cloud: Cloud) -> Self {
        self.with_inner(|inner| inner.cloud = cloud)
    }

    /// Another authority than the cloud's sign-in host (`https://login.example` or a local test
    /// server): tokens come from `{authority}/{tenant}/oauth2/v2.0/token`.
    pub fn authority(self, authority: impl Into<String>) -> Self {
        let authority = authority.into().trim_end_matches('/').to_string();
        self.with_inner(|inner| inner.authority = Some(authority))
    }

    /// The reqwest client for the token endpoint (proxies, timeouts).
    pub fn http_client(self, http: reqwest::Client) -> Self {
        self.with_inner(|inner| inner.http = http)
    }

    /// The token endpoint of `tenant`.
    pub fn token_endpoint(&self, tenant: &str) -> String {
        match &self.inner.authority {
            Some(authority) => format!("{authority}/{tenant}/oauth2/v2.0/token"),
            None => self.inner.cloud.token_endpoint(tenant),
        }
    }

    /// A token for `tenant`: cached, refreshed early in the background, or fetched once for
    /// all the callers waiting.
    async fn token_in(&self, tenant: &str) -> Result<String, TokenError> {
        let slot = self.slot(tenant);
        if let Some(cached) = slot.current() {
            if cached.due(Instant::now()) {
                self.refresh_in_background(tenant, &slot);
            }
            return Ok(cached.token);
        }
        let _one_fetch = slot.fetching.lock().await;
        // Someone else may have fetched it while this caller waited.
        if let Some(cached) = slot.current() {
            return Ok(cached.token);
        }
        let fresh = self.fetch(tenant).await?;
        slot.store(fresh.clone());
        Ok(fresh.token)
    }

    fn slot(&self, tenant: &str) -> Arc<Slot> {
        let mut slots = self
            .inner
            .slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        slots.entry(tenant.to_string()).or_default().clone()
    }

    fn refresh_in_background(&self, tenant: &str, slot: &Arc<Slot>) {
        if slot.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        let (this, slot, tenant) = (self.clone(), slot.clone(), tenant.to_string());
        tokio::spawn(async move {
            let _one_fetch = slot.fetching.lock().await;
            let still_due = slot.current().is_none_or(|c| c.due(Instant::now()));
            // A failed refresh keeps the current token; the next caller tries again.
            if still_due && let Ok(fresh) = this.fetch(&tenant).await {
                slot.store(fresh);
            }
            slot.refreshing.store(false, Ordering::Release);
        });
    }

    /// Asks the token endpoint, retrying throttled and failed attempts.
    async fn fetch(&self, tenant: &str) -> Result<Cached, TokenError> {
        let endpoint = self.token_endpoint(tenant);
        // The client's own backoff (4 attempts, exponential with jitter, `Retry-After`
        // honoured within a minute in all), starting shorter: a caller is waiting.
        let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(500));
        let (mut attempts, mut waited) = (0, Duration::ZERO);
        loop {
            attempts += 1;
            let (message, retry_after) = match self.fetch_once(&endpoint).await {
                Ok(cached) => return Ok(cached),
                Err(Failure::Refused(error)) => {
                    return Err(TokenError::with_source(
                        format!("no token for tenant `{tenant}`: {error}"),
                        error,
                    ));
                }
                Err(Failure::Retryable {
                    message,
                    retry_after,
                }) => (message, retry_after),
            };
            let Some(wait) = policy.next_wait(attempts, waited, retry_after) else {
                return Err(TokenError::new(format!(
                    "no token for tenant `{tenant}` after {attempts} attempts: {message}"
                )));
            };
            tokio::time::sleep(wait).await;
            waited = waited.saturating_add(wait);
        }
    }

    async fn fetch_once(&self, endpoint: &str) -> Result<Cached, Failure> {
        let inner = &self.inner;
        let scope = inner.cloud.graph_scope();
        let mut form: Vec<(&str, String)> = vec![
            ("grant_type", "client_credentials".into()),
            ("client_id", inner.client_id.clone()),
            ("scope", scope),
        ];
        match &inner.secret {
            Secret::ClientSecret(secret) => form.push(("client_secret", secret.clone())),
            Secret::Certificate(certificate) => {
                let assertion =
                    client_assertion(certificate, &inner.client_id, endpoint).map_err(|e| {
                        Failure::Refused(AuthError {
                            status: 0,
                            error: "client_assertion".into(),
                            description: Some(format!(
                                "the client assertion could not be signed: {e}"
                            )),
                            correlation_id: None,
                        })
                    })?;
                form.push(("client_assertion_type", ASSERTION_TYPE.into()));
                form.push(("client_assertion", assertion));
            }
        }
        let asked = Instant::now();
        let response = inner
            .http
            .post(endpoint)
            .header("client-request-id", super::new_client_request_id())
            .form(&form)
            .send()
            .await
            .map_err(|e| Failure::Retryable {
                message: format!("the token endpoint did not answer: {e}"),
                retry_after: None,
            })?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(http::header::RETRY_AFTER)
            .and_then(|v| super::retry::parse_retry_after(v.as_bytes(), SystemTime::now()));
        let body = response.bytes().await.map_err(|e| Failure::Retryable {
            message: format!("the token endpoint's answer broke off: {e}"),
            retry_after: None,
        })?;
        if status.is_success() {
            let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|e| {
                Failure::Refused(AuthError {
                    status: status.as_u16(),
                    error: "invalid_response".into(),
                    description: Some(format!("the answer is not a token: {e}")),
                    correlation_id: None,
                })
            })?;
            return Ok(Cached {
                token: answer.access_token,
                expires: asked + Duration::from_secs(answer.expires_in.seconds()),
            });
        }
        if status.as_u16() == 429 || status.is_server_error() {
            return Err(Failure::Retryable {
                message: format!("the token endpoint answered {status}"),
                retry_after,
            });
        }
        let refusal: Refusal = serde_json::from_slice(&body).unwrap_or_default();
        Err(Failure::Refused(AuthError {
            status: status.as_u16(),
            error: refusal.error.unwrap_or_else(|| "unknown_error".into()),
            description: refusal.error_description,
            correlation_id: refusal.correlation_id,
        }))
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.token_in(&self.inner.tenant))
    }

    fn token_for_tenant<'a>(&'a self, tenant: &'a str) -> TokenFuture<'a> {
        Box::pin(self.token_in(tenant))
    }
}

enum Failure {
    Refused(AuthError),
    Retryable {
        message: String,
        retry_after: Option<Duration>,
    },
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Seconds,
}

/// `expires_in`, a number (or, from some endpoints, a string of one).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(u64),
    Text(String),
}

impl Seconds {
    fn seconds(&self) -> u64 {
        match self {
            Seconds::Number(n) => *n,
            Seconds::Text(t) => t.trim().parse().unwrap_or(0),
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct Refusal {
    error: Option<String>,
    error_description: Option<String>,
    correlation_id: Option<String>,
}

#[derive(serde::Serialize)]
struct AssertionClaims<'a> {
    aud: &'a str,
    iss: &'a str,
    sub: &'a str,
    jti: String,
    nbf: u64,
    iat: u64,
    exp: u64,
}

/// The client assertion: a JWT the certificate's key signs (PS256), naming the token endpoint
/// as its audience and the app as issuer and subject.
fn client_assertion(
    certificate: &Certificate,
    client_id: &str,
    endpoint: &str,
) -> Result<String, jsonwebtoken::errors::Error> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::PS256);
    header.x5t_s256 = Some(certificate.thumbprint_sha256.clone());
    let claims = AssertionClaims {
        aud: endpoint,
        iss: client_id,
        sub: client_id,
        jti: super::new_client_request_id(),
        nbf: now,
        iat: now,
        exp: now + ASSERTION_LIFETIME.as_secs(),
    };
    jsonwebtoken::encode(&header, &claims, &certificate.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_token_is_usable_then_due_then_spent() {
        let now = Instant::now();
        let token = |left| Cached {
            token: "t".into(),
            expires: now + Duration::from_secs(left),
        };
        assert!(token(3600).usable(now) && !token(3600).due(now));
        assert!(token(200).usable(now) && token(200).due(now));
        assert!(!token(10).usable(now));
    }

    #[test]
    fn pem_blocks_are_read_by_label() {
        let pem = b"junk\n-----BEGIN CERTIFICATE-----\nAAEC\nAw==\n-----END CERTIFICATE-----\n";
        assert_eq!(pem_block(pem, "CERTIFICATE"), Some(vec![0, 1, 2, 3]));
        assert_eq!(pem_block(pem, "PRIVATE KEY"), None);
        assert!(Certificate::from_pem(b"not pem", b"not pem").is_err());
    }

    #[test]
    fn refusals_read_like_entra_wrote_them() {
        let error = AuthError {
            status: 401,
            error: "invalid_client".into(),
            description: Some(
                "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x".into(),
            ),
            correlation_id: Some("c0ffee".into()),
        };
        assert_eq!(
            error.to_string(),
            "the token endpoint answered 401: invalid_client: AADSTS7000215: Invalid client secret provided. (correlation id c0ffee)"
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let credentials = ClientCredentials::with_secret("t", "app", "hunter2");
        assert!(!format!("{credentials:?}").contains("hunter2"));
        assert_eq!(
            credentials.clone().cloud(Cloud::UsGov).token_endpoint("t"),
            "https://login.microsoftonline.us/t/oauth2/v2.0/token"
        );
        assert_eq!(
            credentials
                .authority("http://127.0.0.1:9/")
                .token_endpoint("t2"),
            "http://127.0.0.1:9/t2/oauth2/v2.0/token"
        );
    }
}
