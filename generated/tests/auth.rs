//! Hand-written tests (not generated): app-only tokens (`ClientCredentials`) against a token
//! endpoint on 127.0.0.1, and where the client sends them. The RSA key and the certificate are
//! made here, at run time; nothing secret is committed.
#![cfg(feature = "client")]

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::Method;
use msgraph_comms::runtime::client::{
    AuthError, Certificate, Client, ClientCredentials, Cloud, StaticToken, TokenProvider,
};
use msgraph_comms::runtime::{BaseUrl, request};
use sha2::{Digest, Sha256};

mod common;
use common::keys::{Registration, registration};
use common::{Hit, Reply, TestServer, reply};

const APP: &str = "8b1b0b71-2f3e-4c1a-9d3e-6a5f0c1e2d3b";

/// The form fields of a token request.
fn form(hit: &Hit) -> HashMap<String, String> {
    let text = String::from_utf8(hit.body.clone()).unwrap();
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8()
                    .unwrap()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

/// The tenant a token request names in its path (`/{tenant}/oauth2/v2.0/token`).
fn tenant(hit: &Hit) -> String {
    hit.token_tenant()
        .unwrap_or_else(|| panic!("not a token request: {}", hit.uri))
}

fn granted(token: &str, expires_in: u64) -> Reply {
    reply(
        200,
        serde_json::json!({"token_type": "Bearer", "expires_in": expires_in, "access_token": token})
            .to_string(),
    )
}

fn with_secret(server: &TestServer) -> ClientCredentials {
    ClientCredentials::with_secret("contoso", APP, "s3cr3t~value").authority(server.base().as_str())
}

#[tokio::test]
async fn a_secret_gets_one_token_and_the_cache_serves_the_rest() {
    let server = TestServer::start(|_, n, _| granted(&format!("token-{n}"), 3600)).await;
    let tokens = with_secret(&server);
    assert_eq!(tokens.token().await.unwrap(), "token-0");
    assert_eq!(tokens.token().await.unwrap(), "token-0");
    let hits = server.hits();
    assert_eq!(hits.len(), 1, "the second caller is served from the cache");
    assert_eq!(hits[0].method, Method::POST);
    assert_eq!(tenant(&hits[0]), "contoso");
    let fields = form(&hits[0]);
    assert_eq!(fields["grant_type"], "client_credentials");
    assert_eq!(fields["client_id"], APP);
    assert_eq!(fields["client_secret"], "s3cr3t~value");
    assert_eq!(fields["scope"], "https://graph.microsoft.com/.default");
    assert!(!fields.contains_key("client_assertion"));
    assert!(hits[0].headers.contains_key("client-request-id"));
}

#[tokio::test]
async fn concurrent_callers_wait_for_one_request() {
    let server = TestServer::start(|_, n, _| {
        // Slow enough that every caller arrives while the first request is out.
        std::thread::sleep(Duration::from_millis(300));
        granted(&format!("token-{n}"), 3600)
    })
    .await;
    let tokens = with_secret(&server);
    let callers = (0..20).map(|_| tokens.token());
    let answers = futures_util::future::join_all(callers).await;
    assert!(answers.iter().all(|a| a.as_deref().unwrap() == "token-0"));
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn a_token_is_refreshed_in_the_background_five_minutes_before_it_expires() {
    // 5 minutes and 2 seconds: due for refresh 2 seconds from now.
    let server = TestServer::start(|_, n, _| granted(&format!("token-{n}"), 302)).await;
    let tokens = with_secret(&server);
    assert_eq!(tokens.token().await.unwrap(), "token-0");
    tokio::time::sleep(Duration::from_millis(2200)).await;
    // Due: the caller still gets the current token at once, and a refresh starts.
    assert_eq!(tokens.token().await.unwrap(), "token-0");
    let mut fresh = String::new();
    for _ in 0..100 {
        fresh = tokens.token().await.unwrap();
        if fresh != "token-0" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(fresh, "token-1");
    assert_eq!(
        server.hits().len(),
        2,
        "one background refresh, however many callers"
    );
}

#[tokio::test]
async fn an_expired_token_is_never_handed_out() {
    // 31 seconds: usable (30 seconds of margin) for one second only.
    let server = TestServer::start(|_, n, _| granted(&format!("token-{n}"), 31)).await;
    let tokens = with_secret(&server);
    assert_eq!(tokens.token().await.unwrap(), "token-0");
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let next = tokens.token().await.unwrap();
    assert_ne!(next, "token-0", "the spent token is not given out");
}

#[tokio::test]
async fn invalid_client_is_a_clear_error_at_once() {
    let server = TestServer::start(|_, _, _| {
        reply(
            401,
            r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: 1","error_codes":[7000215],"correlation_id":"c0ffee"}"#,
        )
    })
    .await;
    let error = with_secret(&server).token().await.unwrap_err();
    let message = error.to_string();
    assert!(message.contains("invalid_client"), "{message}");
    assert!(
        message.contains("AADSTS7000215: Invalid client secret provided"),
        "{message}"
    );
    assert!(message.contains("`contoso`"), "{message}");
    let refusal = std::error::Error::source(&error)
        .and_then(|s| s.downcast_ref::<AuthError>())
        .expect("the token endpoint's answer is the source");
    assert_eq!(refusal.status, 401);
    assert_eq!(refusal.error, "invalid_client");
    assert_eq!(refusal.correlation_id.as_deref(), Some("c0ffee"));
    assert_eq!(server.hits().len(), 1, "a refusal is not retried");
}

#[tokio::test]
async fn throttled_and_failing_token_requests_are_retried() {
    let server = TestServer::start(|_, n, _| match n {
        0 => reply(429, "{}").header("Retry-After", "0"),
        1 => reply(503, "busy"),
        _ => granted("token-late", 3600),
    })
    .await;
    assert_eq!(with_secret(&server).token().await.unwrap(), "token-late");
    assert_eq!(server.hits().len(), 3);
}

#[tokio::test]
async fn a_token_endpoint_that_keeps_failing_gives_up() {
    let server = TestServer::start(|_, _, _| reply(500, "down")).await;
    let error = with_secret(&server).token().await.unwrap_err();
    assert!(error.to_string().contains("after 4 attempts"), "{error}");
    assert_eq!(server.hits().len(), 4);
}

#[tokio::test]
async fn national_clouds_ask_for_their_own_graph_scope() {
    let server = TestServer::start(|_, _, _| granted("gov", 3600)).await;
    let tokens = with_secret(&server).cloud(Cloud::UsGovDod);
    tokens.token().await.unwrap();
    assert_eq!(
        form(&server.hits()[0])["scope"],
        "https://dod-graph.microsoft.us/.default"
    );
}

/// Two registrations, made once per run (2048-bit keys take a moment).
static REGISTERED: LazyLock<Registration> = LazyLock::new(registration);
static STRANGER: LazyLock<Registration> = LazyLock::new(registration);

/// What the test token endpoint thought of a client assertion.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Accepted,
    Refused(String),
}

/// Checks a client assertion as Entra ID does: PS256 signed by the registered certificate's key,
/// `x5t#S256` its thumbprint, `aud` the token endpoint, `iss` = `sub` = the app, a `jti`, and
/// at most 10 minutes of validity.
fn check_assertion(hit: &Hit, endpoint: &str) -> Verdict {
    let fields = form(hit);
    if fields.get("client_assertion_type").map(String::as_str)
        != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return Verdict::Refused("client_assertion_type".into());
    }
    if fields.contains_key("client_secret") {
        return Verdict::Refused("a secret beside the assertion".into());
    }
    let Some(assertion) = fields.get("client_assertion") else {
        return Verdict::Refused("no assertion".into());
    };
    let header = match jsonwebtoken::decode_header(assertion) {
        Ok(header) => header,
        Err(e) => return Verdict::Refused(format!("header: {e}")),
    };
    let thumbprint = URL_SAFE_NO_PAD.encode(Sha256::digest(&REGISTERED.certificate_der));
    if header.alg != jsonwebtoken::Algorithm::PS256 {
        return Verdict::Refused(format!("alg {:?}", header.alg));
    }
    if header.x5t_s256.as_deref() != Some(thumbprint.as_str()) {
        return Verdict::Refused("x5t#S256".into());
    }
    let key =
        jsonwebtoken::DecodingKey::from_rsa_pem(REGISTERED.key.public_pem.as_bytes()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::PS256);
    validation.set_audience(&[endpoint]);
    validation.set_issuer(&[APP]);
    validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
    validation.validate_nbf = true;
    let claims = match jsonwebtoken::decode::<serde_json::Value>(assertion, &key, &validation) {
        Ok(data) => data.claims,
        Err(e) => return Verdict::Refused(format!("signature or claims: {e}")),
    };
    let seconds = |name: &str| claims[name].as_u64().unwrap_or(0);
    if claims["sub"] != APP {
        return Verdict::Refused("sub".into());
    }
    if claims["jti"].as_str().is_none_or(str::is_empty) {
        return Verdict::Refused("jti".into());
    }
    if seconds("exp") - seconds("nbf") > 600 {
        return Verdict::Refused("valid longer than 10 minutes".into());
    }
    Verdict::Accepted
}

/// A token endpoint that knows the registered certificate and records its verdicts.
async fn certificate_endpoint() -> (TestServer, Arc<Mutex<Vec<Verdict>>>) {
    let verdicts = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&verdicts);
    let server = TestServer::start(move |hit, _, base| {
        let endpoint = format!("{}/{}/oauth2/v2.0/token", base.as_str(), tenant(hit));
        let verdict = check_assertion(hit, &endpoint);
        seen.lock().unwrap().push(verdict.clone());
        match verdict {
            Verdict::Accepted => granted("cert-token", 3600),
            Verdict::Refused(why) => reply(
                401,
                serde_json::json!({"error": "invalid_client", "error_description": format!("AADSTS700027: {why}")})
                    .to_string(),
            ),
        }
    })
    .await;
    (server, verdicts)
}

#[tokio::test]
async fn a_certificate_signs_an_assertion_the_endpoint_verifies() {
    let (server, verdicts) = certificate_endpoint().await;
    let certificate = Certificate::from_pem(
        REGISTERED.certificate_pem.as_bytes(),
        REGISTERED.key.private_pem.as_bytes(),
    )
    .unwrap();
    let tokens = ClientCredentials::with_certificate("contoso", APP, certificate)
        .authority(server.base().as_str());
    assert_eq!(tokens.token().await.unwrap(), "cert-token");
    assert_eq!(*verdicts.lock().unwrap(), [Verdict::Accepted]);
    assert!(!format!("{tokens:?}").contains("PRIVATE"));
}

#[tokio::test]
async fn an_assertion_signed_by_another_key_is_refused() {
    let (server, verdicts) = certificate_endpoint().await;
    // The registered certificate's thumbprint, a stranger's key.
    let forged = Certificate::from_der(
        &REGISTERED.certificate_der,
        STRANGER.key.private_pem.as_bytes(),
    )
    .unwrap();
    let tokens = ClientCredentials::with_certificate("contoso", APP, forged)
        .authority(server.base().as_str());
    let error = tokens.token().await.unwrap_err();
    assert!(error.to_string().contains("invalid_client"), "{error}");
    let verdicts = verdicts.lock().unwrap();
    assert!(
        matches!(&verdicts[..], [Verdict::Refused(why)] if why.starts_with("signature")),
        "{verdicts:?}"
    );
}

#[tokio::test]
async fn each_tenant_has_its_own_token() {
    let server =
        TestServer::start(|hit, _, _| granted(&format!("for-{}", tenant(hit)), 3600)).await;
    let tokens = with_secret(&server);
    assert_eq!(tokens.token().await.unwrap(), "for-contoso");
    assert_eq!(
        tokens.token_for_tenant("fabrikam").await.unwrap(),
        "for-fabrikam"
    );
    assert_eq!(
        tokens.token_for_tenant("fabrikam").await.unwrap(),
        "for-fabrikam"
    );
    assert_eq!(server.hits().len(), 2);

    // A client for a tenant sends that tenant's token.
    let graph = TestServer::start(|hit, _, _| {
        let auth = hit
            .headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_string());
        reply(200, serde_json::json!({ "auth": auth }).to_string())
    })
    .await;
    let client = Client::builder(tokens)
        .base_url(graph.base().clone())
        .build();
    let whoami = |client: Client| async move {
        let request = graph_get(client.base_url());
        let answer: serde_json::Value = client.send_json(request).await.unwrap();
        answer["auth"].as_str().unwrap().to_string()
    };
    assert_eq!(whoami(client.clone()).await, "Bearer for-contoso");
    assert_eq!(
        whoami(client.for_tenant("fabrikam")).await,
        "Bearer for-fabrikam"
    );
}

fn graph_get(base: &BaseUrl) -> http::Request<Vec<u8>> {
    request::build(Method::GET, base, "v1.0", "/me", None::<&()>).unwrap()
}

#[tokio::test]
async fn the_token_goes_only_to_graph_hosts() {
    let echo = |hit: &Hit, _: usize, _: &BaseUrl| {
        reply(
            200,
            format!(
                r#"{{"auth": {}}}"#,
                hit.headers.contains_key("authorization")
            ),
        )
    };
    let graph = TestServer::start(echo).await;
    let elsewhere = TestServer::start(echo).await;
    let client = Client::builder(StaticToken::new("t0k3n"))
        .base_url(graph.base().clone())
        .build();
    let carried = |request: http::Request<Vec<u8>>| {
        let client = client.clone();
        async move {
            let answer: serde_json::Value = client.send_json(request).await.unwrap();
            answer["auth"].as_bool().unwrap()
        }
    };
    assert!(carried(graph_get(graph.base())).await);
    // Another host (a link in an answer, a content redirect): no token, not even a caller's own.
    let other = BaseUrl::new(elsewhere.base().as_str().replace("127.0.0.1", "localhost"));
    let mut foreign = graph_get(&other);
    foreign
        .headers_mut()
        .insert("authorization", "Bearer caller-set".parse().unwrap());
    assert!(!carried(foreign).await);
    // The same host on another port is another origin.
    assert!(!carried(graph_get(elsewhere.base())).await);
}
