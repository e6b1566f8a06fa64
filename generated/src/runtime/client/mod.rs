//! Hand-written support code (not generated, edit freely): an async client (cargo feature
//! `client`) that sends the `http::Request`s the endpoint functions build.
//!
//! It adds the bearer token, retries throttled requests ([`RetryPolicy`]), turns error answers
//! into [`GraphError`]s, decodes JSON bodies and follows `@odata.nextLink`. The endpoint layer
//! stays transport-agnostic: everything here takes a plain `http::Request<Vec<u8>>`.
//!
//! ```no_run
//! # async fn run() -> Result<(), msgraph_comms::runtime::client::Error> {
//! use msgraph_comms::runtime::client::{Client, StaticToken};
//!
//! let client = Client::new(StaticToken::new("eyJ0eXAi…"));
//! let request = msgraph_comms::runtime::request::build(
//!     http::Method::GET,
//!     client.base_url(),
//!     "v1.0",
//!     "/communications/calls/abc",
//!     None::<&()>,
//! )?;
//! let call: serde_json::Value = client.send_json(request).await?;
//! # Ok(()) }
//! ```

mod cloud;
mod credentials;
mod error;
mod paging;
mod pending;
mod retry;
mod token;

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::Stream;
use http::header::{AUTHORIZATION, RETRY_AFTER};
use http::{HeaderValue, StatusCode};
use serde::de::DeserializeOwned;

pub use cloud::Cloud;
pub use credentials::{AuthError, Certificate, ClientCredentials};
pub use error::{Error, GraphError, InnerError};
pub use pending::{Answer, Pending, query};
pub use retry::RetryPolicy;
pub use token::{StaticToken, TokenError, TokenFuture, TokenProvider};

use crate::runtime::{BaseUrl, Collection};

/// Sends requests to Microsoft Graph. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: BaseUrl,
    tokens: Arc<dyn TokenProvider>,
    retry: RetryPolicy,
    /// The tenant tokens are asked for; `None` is the provider's own.
    tenant: Option<Arc<str>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("retry", &self.retry)
            .field("tenant", &self.tenant)
            .finish_non_exhaustive()
    }
}

/// The answer to a `202 Accepted` operation (or any 2xx that [`Client::send_accepted`] got).
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted<T> {
    /// The status as received.
    pub status: StatusCode,
    /// The `Location` header: the URL of the operation (or the created resource).
    pub location: Option<String>,
    /// The decoded body, when there was one.
    pub body: Option<T>,
}

/// What [`Pending::items`] returns: the items of a list across every page.
pub type Items<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

/// A request as an endpoint function builds it.
type Built = Result<http::Request<Vec<u8>>, crate::runtime::RequestError>;

/// Configures a [`Client`]; from [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    tokens: Arc<dyn TokenProvider>,
    base: BaseUrl,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base", &self.base)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Where requests go (default `https://graph.microsoft.com`; a national cloud's is
    /// [`Cloud::graph_base_url`]). Only next-page links that are bare paths use it: requests
    /// carry their own URL, built with [`Client::base_url`]. The token goes only to this host
    /// and to the Graph hosts of the [`Cloud`]s, never to another host a link points at.
    pub fn base_url(mut self, base: BaseUrl) -> Self {
        self.base = base;
        self
    }

    /// How throttled requests are retried (default [`RetryPolicy::default`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The reqwest client to send with, for timeouts, proxies or a custom TLS setup.
    ///
    /// The default one does not follow redirects, so a `3xx` comes back to the caller
    /// (Graph's content redirects point at other hosts that must not get the token).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client.
    ///
    /// # Panics
    ///
    /// Without [`ClientBuilder::http_client`], when reqwest cannot set up its TLS backend or
    /// DNS resolver (a broken machine, never the input).
    pub fn build(self) -> Client {
        let http = self.http.unwrap_or_else(|| http_without_redirects(None));
        Client {
            http,
            base: self.base,
            tokens: self.tokens,
            retry: self.retry,
            tenant: None,
        }
    }
}

impl Client {
    /// A client for `https://graph.microsoft.com` with the default retry policy.
    ///
    /// # Panics
    ///
    /// See [`ClientBuilder::build`].
    pub fn new(tokens: impl TokenProvider + 'static) -> Client {
        Self::builder(tokens).build()
    }

    /// A builder, to set the base URL, the retry policy or the reqwest client.
    pub fn builder(tokens: impl TokenProvider + 'static) -> ClientBuilder {
        ClientBuilder {
            tokens: Arc::new(tokens),
            base: BaseUrl::default(),
            retry: RetryPolicy::default(),
            http: None,
        }
    }

    /// The base URL to build requests with.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// The same client, asking its token provider for tokens of `tenant` (a tenant id or a
    /// verified domain): what a multi-tenant bot does with the `tid` of a validated callback.
    /// Shares the connection pool and the token cache.
    pub fn for_tenant(&self, tenant: impl Into<String>) -> Client {
        Client {
            tenant: Some(Arc::from(tenant.into())),
            ..self.clone()
        }
    }

    /// Whether a request to `uri` may carry the token: the base URL's host, or a Graph host
    /// over HTTPS.
    fn may_carry_token(&self, uri: &http::Uri) -> bool {
        let Some(host) = uri.host() else {
            return false;
        };
        let base: Option<http::Uri> = self.base.as_str().parse().ok();
        let same_origin = base.as_ref().is_some_and(|base| {
            base.host().is_some_and(|h| h.eq_ignore_ascii_case(host))
                && base.scheme() == uri.scheme()
                && base.port_u16() == uri.port_u16()
        });
        same_origin || (uri.scheme_str() == Some("https") && Cloud::is_graph_host(host))
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Adds `Authorization: Bearer …`, sends, and retries throttled answers (429, 503, 504) as
    /// the [`RetryPolicy`] says, sending the same body again each time.
    ///
    /// A 2xx comes back as the raw response; so does a 3xx, since redirects are not followed.
    ///
    /// # Errors
    ///
    /// Any other status is an [`Error::Graph`] (after retries, with the last answer's
    /// `Retry-After`); no answer at all is an [`Error::Transport`]; a failing token provider
    /// is an [`Error::Token`].
    pub async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let mut request = request;
        let client_request_id = client_request_id(&mut request);
        let (parts, body) = request.into_parts();
        let mut attempts = 0u32;
        let mut waited = Duration::ZERO;
        loop {
            attempts += 1;
            let response = self.attempt(&parts, &body).await?;
            let status = response.status();
            if status.is_success() || status.is_redirection() {
                return Ok(response);
            }
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| retry::parse_retry_after(v.as_bytes(), SystemTime::now()));
            let wait = if retry::is_retryable(status) {
                self.retry.next_wait(attempts, waited, retry_after)
            } else {
                None
            };
            let Some(wait) = wait else {
                let mut error = GraphError::from_body(status, response.body());
                error.retry_after = retry_after;
                error.client_request_id = Some(client_request_id);
                error.request_id_header = response
                    .headers()
                    .get("request-id")
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                return Err(Error::from(error));
            };
            tokio::time::sleep(wait).await;
            waited = waited.saturating_add(wait);
        }
    }

    /// One attempt: a fresh token, the request rebuilt from its parts, the whole body read.
    async fn attempt(
        &self,
        parts: &http::request::Parts,
        body: &[u8],
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let mut request = http::Request::new(body.to_vec());
        *request.method_mut() = parts.method.clone();
        *request.uri_mut() = parts.uri.clone();
        *request.version_mut() = parts.version;
        *request.headers_mut() = parts.headers.clone();
        // A caller's own `Authorization` never leaves for a foreign host either.
        request.headers_mut().remove(AUTHORIZATION);
        if self.may_carry_token(&parts.uri) {
            let token = match &self.tenant {
                Some(tenant) => self.tokens.token_for_tenant(tenant).await?,
                None => self.tokens.token().await?,
            };
            let mut authorization = HeaderValue::try_from(format!("Bearer {token}"))
                .map_err(|_| TokenError::new("the access token is not a valid header value"))?;
            authorization.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, authorization);
        }
        let request = reqwest::Request::try_from(request).map_err(Error::Transport)?;

        let response = self.http.execute(request).await.map_err(Error::Transport)?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(Error::Transport)?;

        let mut out = http::Response::new(bytes.to_vec());
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }

    /// [`Client::send`], then decodes the JSON body into `T`.
    ///
    /// # Errors
    ///
    /// As [`Client::send`], and [`Error::Decode`] (naming the status) when the body is not a
    /// `T`, an empty body included.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<T, Error> {
        pending::json(self.send(request).await?)
    }

    /// [`Client::send`], ignoring any body (204 No Content, or a 200 with nothing useful).
    ///
    /// # Errors
    ///
    /// As [`Client::send`].
    pub async fn send_empty(&self, request: http::Request<Vec<u8>>) -> Result<(), Error> {
        self.send(request).await.map(drop)
    }

    /// [`Client::send`] for `202 Accepted` operations: the `Location` header (the operation's
    /// URL) and the decoded body when there is one.
    ///
    /// # Errors
    ///
    /// As [`Client::send`], and [`Error::Decode`] when a non-empty body is not a `T`.
    pub async fn send_accepted<T: DeserializeOwned>(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<Accepted<T>, Error> {
        pending::accepted(self.send(request).await?)
    }

    /// A list operation as a stream of items, following `@odata.nextLink` (absolute URLs,
    /// fetched with GET, the first request's headers, and the same auth and retries) until
    /// there is none. The stream ends after the first error.
    pub fn items<T: DeserializeOwned + Send + 'static>(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Stream<Item = Result<T, Error>> + Send + 'static + use<T> {
        paging::items(self.clone(), request)
    }

    /// One page of a list operation: the items and the `@odata.nextLink`, if any.
    ///
    /// # Errors
    ///
    /// As [`Client::send_json`].
    pub async fn page<T: DeserializeOwned>(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<Collection<T>, Error> {
        pending::page(self.send(request).await?)
    }
}

// The calls behind the generated client methods: each takes what an endpoint function built.
#[doc(hidden)]
impl Client {
    pub fn call_json<T: DeserializeOwned, Q>(&self, request: Built) -> Pending<'_, T, Q> {
        Pending::new(self, request, pending::json::<T>)
    }

    pub fn call_page<T: DeserializeOwned, Q>(
        &self,
        request: Built,
    ) -> Pending<'_, Collection<T>, Q> {
        Pending::new(self, request, pending::page::<T>)
    }

    pub fn call_value<T: DeserializeOwned, Q>(&self, request: Built) -> Pending<'_, T, Q> {
        Pending::new(self, request, pending::value::<T>)
    }

    pub fn call_accepted<T: DeserializeOwned, Q>(
        &self,
        request: Built,
    ) -> Pending<'_, Accepted<T>, Q> {
        Pending::new(self, request, pending::accepted::<T>)
    }

    pub fn call_empty<Q>(&self, request: Built) -> Pending<'_, (), Q> {
        Pending::new(self, request, pending::empty)
    }

    pub fn call_raw<Q>(&self, request: Built) -> Pending<'_, http::Response<Vec<u8>>, Q> {
        Pending::new(self, request, pending::raw)
    }
}

/// [`Collection`] as it is read here: its derived `Deserialize` asks `T: Default` (serde's
/// bound for `default` members), which generated types such as the `Any*` enums lack.
#[derive(serde::Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct Page<T> {
    #[serde(default)]
    value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    next_link: Option<String>,
    #[serde(rename = "@odata.context", default)]
    context: Option<String>,
    #[serde(rename = "@odata.count", default)]
    count: Option<u64>,
    #[serde(flatten)]
    additional_properties: serde_json::Map<String, serde_json::Value>,
}

/// Decodes a 2xx body, keeping the text for the error.
fn decode<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|source| Error::Decode {
        status,
        source,
        body: String::from_utf8_lossy(body).into_owned(),
    })
}

/// A reqwest client that does not follow redirects (their targets are other hosts, which must
/// not get a token or be fetched blindly), with an overall `timeout` if given.
pub(crate) fn http_without_redirects(timeout: Option<Duration>) -> reqwest::Client {
    let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    let builder = match timeout {
        Some(timeout) => builder.timeout(timeout),
        None => builder,
    };
    builder
        .build()
        // `reqwest::Client::new` fails (panics) the same way; there is nothing better to fall
        // back to.
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// The header Graph echoes back and logs under the caller's id.
const CLIENT_REQUEST_ID: &str = "client-request-id";

/// The request's `client-request-id`: the caller's own, or a new one set on it.
fn client_request_id(request: &mut http::Request<Vec<u8>>) -> String {
    match request.headers().get(CLIENT_REQUEST_ID) {
        Some(id) => String::from_utf8_lossy(id.as_bytes()).into_owned(),
        None => {
            let id = new_client_request_id();
            if let Ok(value) = HeaderValue::try_from(id.as_str()) {
                request.headers_mut().insert(CLIENT_REQUEST_ID, value);
            }
            id
        }
    }
}

/// A random (version 4) UUID, lowercase 8-4-4-4-12, for `client-request-id`.
fn new_client_request_id() -> String {
    let bits = (u128::from(crate::runtime::random::next_u64()) << 64)
        | u128::from(crate::runtime::random::next_u64());
    // Version 4, variant 10xx.
    let bits = (bits & !(0xF << 76)) | (0x4 << 76);
    let bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    crate::runtime::Guid::from(bits).into_string()
}
