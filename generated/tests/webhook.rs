//! Hand-written tests (not generated): what a bot checks before it acts, against a test issuer
//! on 127.0.0.1 (its OpenID configuration and JWKS) with keys made at run time. Every hostile
//! input is refused with its status, and the checks go on working afterwards.
#![cfg(feature = "webhook")]

use std::sync::{Arc, LazyLock, Mutex};

use aes::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{KeyInit, Mac};
use msgraph_comms::runtime::webhook::{
    CallbackValidator, ChangeNotifications, DecryptionKeys, GRAPH_NOTIFICATIONS_APP_ID, Lifecycle,
    MAX_BODY_BYTES, Rejection,
};
use serde_json::{Value, json};

mod common;
use common::TestServer;
use common::keys::{TestKey, now, test_key};

const APP: &str = "8b1b0b71-2f3e-4c1a-9d3e-6a5f0c1e2d3b";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT_STATE: &str = "secretClientState-8812";

static SIGNER: LazyLock<TestKey> = LazyLock::new(test_key);
static ROTATED: LazyLock<TestKey> = LazyLock::new(test_key);
static ATTACKER: LazyLock<TestKey> = LazyLock::new(test_key);
static ENCRYPTION: LazyLock<TestKey> = LazyLock::new(test_key);

/// A test issuer: `/openid` names `/jwks`, which lists the keys published now.
struct Issuer {
    server: TestServer,
    published: Arc<Mutex<Vec<Value>>>,
}

impl Issuer {
    async fn start() -> Self {
        let published = Arc::new(Mutex::new(vec![SIGNER.jwk("signer")]));
        let server = common::issuer(Arc::clone(&published)).await;
        Self { server, published }
    }

    fn configuration(&self) -> String {
        format!("{}/openid", self.server.base().as_str())
    }

    fn jwks_fetches(&self) -> usize {
        self.server
            .hits()
            .iter()
            .filter(|h| h.uri == "/jwks")
            .count()
    }

    fn callbacks(&self) -> CallbackValidator {
        CallbackValidator::with_openid_configuration(
            APP,
            self.configuration(),
            [
                "https://api.botframework.com".to_string(),
                "https://graph.microsoft.com".to_string(),
            ],
        )
    }
}

fn callback_claims() -> Value {
    json!({
        "iss": "https://api.botframework.com",
        "aud": APP,
        "tid": TENANT,
        "iat": now(),
        "nbf": now() - 10,
        "exp": now() + 3600,
    })
}

fn with(mut claims: Value, name: &str, value: Value) -> Value {
    claims[name] = value;
    claims
}

/// What a hostile case must be refused as.
type Expect = fn(&Rejection) -> bool;

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[tokio::test]
async fn a_callback_signed_by_the_issuer_is_accepted_with_its_tenant() {
    let issuer = Issuer::start().await;
    let validator = issuer.callbacks();
    let token = SIGNER.sign("signer", &callback_claims());
    let claims = validator.validate(Some(&bearer(&token))).await.unwrap();
    assert_eq!(claims.tenant_id, TENANT);
    assert_eq!(claims.issuer, "https://api.botframework.com");
    // Cached: a second callback needs no fetch.
    validator.validate(Some(&bearer(&token))).await.unwrap();
    assert_eq!(issuer.jwks_fetches(), 1);
    // Within the 5 minutes of skew, an expired token still passes.
    let late = SIGNER.sign(
        "signer",
        &with(callback_claims(), "exp", json!(now() - 100)),
    );
    validator.validate(Some(&bearer(&late))).await.unwrap();
}

#[tokio::test]
async fn hostile_callbacks_are_refused_and_the_validator_keeps_working() {
    let issuer = Issuer::start().await;
    let validator = issuer.callbacks();
    let signed = |claims: Value| bearer(&SIGNER.sign("signer", &claims));
    let none_alg = format!(
        "Bearer {}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(callback_claims().to_string())
    );
    // HS256 keyed with the public key: the classic algorithm confusion.
    let confused = {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some("signer".into());
        let key = jsonwebtoken::EncodingKey::from_secret(SIGNER.public_pem.as_bytes()).unwrap();
        bearer(&jsonwebtoken::encode(&header, &callback_claims(), &key).unwrap())
    };
    let cases: Vec<(&str, Option<String>, Expect)> = vec![
        ("no header", None, |r| *r == Rejection::NoToken),
        ("empty bearer", Some("Bearer ".into()), |r| {
            *r == Rejection::NoToken
        }),
        ("basic auth", Some("Basic YWJjOmRlZg==".into()), |r| {
            *r == Rejection::NoToken
        }),
        ("not a JWT", Some("Bearer not.a.jwt".into()), |r| {
            matches!(r, Rejection::Malformed(_))
        }),
        ("alg none", Some(none_alg), |r| {
            matches!(r, Rejection::Malformed(_))
        }),
        ("alg HS256", Some(confused), |r| {
            matches!(r, Rejection::Malformed(_))
        }),
        (
            "wrong signature",
            Some(bearer(&ATTACKER.sign("signer", &callback_claims()))),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "wrong issuer",
            Some(signed(with(
                callback_claims(),
                "iss",
                json!("https://evil.example"),
            ))),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "wrong audience",
            Some(signed(with(callback_claims(), "aud", json!("another-app")))),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "expired",
            Some(signed(with(callback_claims(), "exp", json!(now() - 400)))),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "not yet valid",
            Some(signed(with(callback_claims(), "nbf", json!(now() + 600)))),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "no tenant",
            Some(signed(with(callback_claims(), "tid", Value::Null))),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "unknown kid",
            Some(bearer(&ATTACKER.sign("attacker", &callback_claims()))),
            |r| matches!(r, Rejection::UnknownKey(_)),
        ),
    ];
    for (case, authorization, expected) in cases {
        let rejection = validator
            .validate(authorization.as_deref())
            .await
            .unwrap_err();
        assert!(expected(&rejection), "{case}: {rejection:?}");
        assert_eq!(rejection.status(), 403, "{case}");
    }
    // And a real callback still passes.
    let claims = validator
        .validate(Some(&signed(callback_claims())))
        .await
        .unwrap();
    assert_eq!(claims.tenant_id, TENANT);
}

#[tokio::test]
async fn a_rotated_key_is_fetched_but_forged_kids_do_not_flood_the_issuer() {
    let issuer = Issuer::start().await;
    let validator = issuer.callbacks();
    validator
        .validate(Some(&bearer(&SIGNER.sign("signer", &callback_claims()))))
        .await
        .unwrap();
    // The issuer rotates: a token under the new key makes the validator look again.
    issuer
        .published
        .lock()
        .unwrap()
        .push(ROTATED.jwk("rotated"));
    let rotated = bearer(&ROTATED.sign("rotated", &callback_claims()));
    validator.validate(Some(&rotated)).await.unwrap();
    assert_eq!(issuer.jwks_fetches(), 2);
    // A stream of made-up kids: at most one more fetch a minute.
    for n in 0..20 {
        let forged = bearer(&ATTACKER.sign(&format!("forged-{n}"), &callback_claims()));
        let rejection = validator.validate(Some(&forged)).await.unwrap_err();
        assert!(
            matches!(rejection, Rejection::UnknownKey(_)),
            "{rejection:?}"
        );
    }
    assert!(
        issuer.jwks_fetches() <= 3,
        "{} fetches",
        issuer.jwks_fetches()
    );
    validator.validate(Some(&rotated)).await.unwrap();
}

#[tokio::test]
async fn keys_that_cannot_be_fetched_are_a_503_not_an_acceptance() {
    let validator = CallbackValidator::with_openid_configuration(
        APP,
        "http://127.0.0.1:9/openid",
        ["https://api.botframework.com".to_string()],
    );
    let token = bearer(&SIGNER.sign("signer", &callback_claims()));
    let rejection = validator.validate(Some(&token)).await.unwrap_err();
    assert!(
        matches!(rejection, Rejection::KeysUnavailable(_)),
        "{rejection:?}"
    );
    assert_eq!(rejection.status(), 503);
}

// Change notifications.

fn notification(client_state: &str) -> Value {
    json!({
        "subscriptionId": "7f105c7d-2dc5-4530-97cd-4e7ae6534c07",
        "subscriptionExpirationDateTime": "2026-12-03T11:00:00.0000000Z",
        "clientState": client_state,
        "changeType": "created",
        "resource": "communications/callRecords/2f1a1100-b174-40a0-aba7-0b405e01ed92",
        "tenantId": TENANT,
        "resourceData": {"@odata.type": "#microsoft.graph.callrecord", "id": "2f1a1100-b174-40a0-aba7-0b405e01ed92"}
    })
}

fn receiver(issuer: &Issuer) -> ChangeNotifications {
    ChangeNotifications::with_openid_configuration(APP, CLIENT_STATE, issuer.configuration())
        .decrypting_with(
            DecryptionKeys::new()
                .with_pem("bot-certificate", &ENCRYPTION.private_pem)
                .unwrap(),
        )
}

fn body(value: &Value) -> Vec<u8> {
    value.to_string().into_bytes()
}

#[tokio::test]
async fn notifications_with_the_client_state_are_received() {
    let issuer = Issuer::start().await;
    let received = receiver(&issuer)
        .receive(&body(&json!({"value": [notification(CLIENT_STATE)]})))
        .await
        .unwrap();
    let [one] = &received.notifications[..] else {
        panic!("{received:?}")
    };
    assert_eq!(one.change_type, "created");
    assert_eq!(one.tenant_id.as_deref(), Some(TENANT));
    assert_eq!(
        one.resource_data.as_ref().unwrap()["id"],
        "2f1a1100-b174-40a0-aba7-0b405e01ed92"
    );
    assert_eq!(
        issuer.jwks_fetches(),
        0,
        "plain notifications need no token"
    );
}

#[tokio::test]
async fn lifecycle_events_are_typed() {
    let issuer = Issuer::start().await;
    let mut event = notification(CLIENT_STATE);
    event["lifecycleEvent"] = json!("reauthorizationRequired");
    let received = receiver(&issuer)
        .receive(&body(&json!({"value": [event]})))
        .await
        .unwrap();
    assert_eq!(
        received.notifications[0].lifecycle,
        Some(Lifecycle::ReauthorizationRequired)
    );
}

#[tokio::test]
async fn a_wrong_or_missing_client_state_is_refused() {
    let issuer = Issuer::start().await;
    let receiver = receiver(&issuer);
    for state in ["secretClientState-8813", "", "secretClientState-881"] {
        let batch = json!({"value": [notification(CLIENT_STATE), notification(state)]});
        let rejection = receiver.receive(&body(&batch)).await.unwrap_err();
        assert_eq!(rejection, Rejection::ClientState, "{state:?}");
        assert_eq!(rejection.status(), 403);
    }
    let mut stateless = notification(CLIENT_STATE);
    stateless.as_object_mut().unwrap().remove("clientState");
    let rejection = receiver
        .receive(&body(&json!({"value": [stateless]})))
        .await
        .unwrap_err();
    assert_eq!(rejection, Rejection::ClientState);
}

#[tokio::test]
async fn bodies_that_are_not_notifications_are_refused() {
    let issuer = Issuer::start().await;
    let receiver = receiver(&issuer);
    let oversize = vec![b' '; MAX_BODY_BYTES + 1];
    let rejection = receiver.receive(&oversize).await.unwrap_err();
    assert_eq!(rejection.status(), 413);
    for junk in [
        &b"{not json"[..],
        b"\xff\xfe\x00binary",
        b"{\"value\": 3}",
        b"",
    ] {
        let rejection = receiver.receive(junk).await.unwrap_err();
        assert!(matches!(rejection, Rejection::Body(_)), "{rejection:?}");
        assert_eq!(rejection.status(), 400);
    }
}

/// Encrypts `content` the way Graph does for the certificate `key`.
fn encrypted(content: &Value, key: &TestKey, certificate_id: &str) -> Value {
    let mut symmetric = [0u8; 32];
    getrandom::fill(&mut symmetric).unwrap();
    let data = cbc::Encryptor::<aes::Aes256>::new_from_slices(&symmetric, &symmetric[..16])
        .unwrap()
        .encrypt_padded_vec::<Pkcs7>(content.to_string().as_bytes());
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&symmetric).unwrap();
    mac.update(&data);
    let data_key = key.public.oaep_encrypt::<sha1::Sha1>(&symmetric).unwrap();
    json!({
        "data": STANDARD.encode(&data),
        "dataSignature": STANDARD.encode(mac.finalize().into_bytes()),
        "dataKey": STANDARD.encode(&data_key),
        "encryptionCertificateId": certificate_id,
        "encryptionCertificateThumbprint": "07293748CC064953A3052FB978C735FB89E61C3D"
    })
}

fn validation_token(claims: Value) -> String {
    SIGNER.sign("signer", &claims)
}

fn validation_claims() -> Value {
    json!({
        "iss": format!("https://sts.windows.net/{TENANT}/"),
        "aud": APP,
        "appid": GRAPH_NOTIFICATIONS_APP_ID,
        "tid": TENANT,
        "nbf": now() - 10,
        "exp": now() + 3600,
    })
}

fn call_content() -> Value {
    json!({
        "@odata.type": "#microsoft.graph.call",
        "id": "2f1a1100-b174-40a0-aba7-0b405e01ed92",
        "state": "established",
        "direction": "incoming"
    })
}

fn rich(encrypted_content: Value, tokens: Vec<String>) -> Vec<u8> {
    let mut one = notification(CLIENT_STATE);
    one["encryptedContent"] = encrypted_content;
    body(&json!({"value": [one], "validationTokens": tokens}))
}

#[tokio::test]
async fn rich_notifications_are_validated_and_decrypted_into_the_generated_types() {
    let issuer = Issuer::start().await;
    let received = receiver(&issuer)
        .receive(&rich(
            encrypted(&call_content(), &ENCRYPTION, "bot-certificate"),
            vec![validation_token(validation_claims())],
        ))
        .await
        .unwrap();
    let content = received.notifications[0].content.clone().unwrap();
    assert_eq!(content, call_content());
    #[cfg(all(feature = "v1_0", feature = "cloud-communications"))]
    {
        let call: msgraph_comms::v1_0::models::Call =
            received.notifications[0].content_as().unwrap().unwrap();
        assert_eq!(
            call.id.as_deref(),
            Some("2f1a1100-b174-40a0-aba7-0b405e01ed92")
        );
        assert_eq!(
            call.state.as_ref().map(ToString::to_string).as_deref(),
            Some("established")
        );
    }
}

#[tokio::test]
async fn hostile_rich_notifications_are_refused() {
    let issuer = Issuer::start().await;
    let receiver = receiver(&issuer);
    let good = encrypted(&call_content(), &ENCRYPTION, "bot-certificate");
    let token = || vec![validation_token(validation_claims())];
    let tampered = |field: &str| {
        let mut content = good.clone();
        let mut bytes = STANDARD.decode(content[field].as_str().unwrap()).unwrap();
        bytes[5] ^= 0x01;
        content[field] = json!(STANDARD.encode(bytes));
        content
    };
    let mut garbage_key = good.clone();
    garbage_key["dataKey"] = json!(STANDARD.encode([7u8; 256]));
    let mut unknown_certificate = good.clone();
    unknown_certificate["encryptionCertificateId"] = json!("someone-else");
    let for_another_key = encrypted(&call_content(), &ATTACKER, "bot-certificate");

    let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        ("tampered data", rich(tampered("data"), token()), |r| {
            matches!(r, Rejection::Encrypted(_))
        }),
        (
            "tampered signature",
            rich(tampered("dataSignature"), token()),
            |r| matches!(r, Rejection::Encrypted(_)),
        ),
        ("dataKey not RSA of ours", rich(garbage_key, token()), |r| {
            matches!(r, Rejection::Encrypted(_))
        }),
        (
            "dataKey for another certificate",
            rich(for_another_key, token()),
            |r| matches!(r, Rejection::Encrypted(_)),
        ),
        (
            "unknown certificate id",
            rich(unknown_certificate, token()),
            |r| matches!(r, Rejection::Encrypted(_)),
        ),
        ("no validation tokens", rich(good.clone(), vec![]), |r| {
            *r == Rejection::NoToken
        }),
        (
            "token from another app",
            rich(
                good.clone(),
                vec![validation_token(with(
                    validation_claims(),
                    "appid",
                    json!("not-graph"),
                ))],
            ),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "token for another tenant",
            rich(
                good.clone(),
                vec![validation_token(with(
                    validation_claims(),
                    "iss",
                    json!("https://sts.windows.net/0000aaaa-0000-0000-0000-000000000000/"),
                ))],
            ),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "token for another audience",
            rich(
                good.clone(),
                vec![validation_token(with(
                    validation_claims(),
                    "aud",
                    json!("other"),
                ))],
            ),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
        (
            "token signed by someone else",
            rich(
                good.clone(),
                vec![ATTACKER.sign("signer", &validation_claims())],
            ),
            |r| matches!(r, Rejection::Invalid(_)),
        ),
    ];
    for (case, request, expected) in cases {
        let rejection = receiver.receive(&request).await.unwrap_err();
        assert!(expected(&rejection), "{case}: {rejection:?}");
        assert_eq!(rejection.status(), 403, "{case}");
    }
    // The receiver still takes a real one.
    receiver.receive(&rich(good, token())).await.unwrap();
}
