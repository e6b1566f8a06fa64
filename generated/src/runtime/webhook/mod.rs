//! Hand-written support code (not generated, edit freely): what a bot must check before it acts
//! on a request that claims to come from Microsoft Graph (cargo feature `webhook`).
//!
//! - [`CallbackValidator`]: the `Authorization: Bearer` JWT the calling platform signs on every
//!   calling callback (RS256, keys from its OpenID configuration, issuer, audience = the bot's
//!   app id, 5 minutes of clock skew, the caller's tenant).
//! - [`ChangeNotifications`]: change notifications of a subscription: the `validationToken`
//!   handshake, `clientState` compared in constant time, lifecycle events, the
//!   `validationTokens` of rich notifications, and their `encryptedContent` decrypted with the
//!   subscription's certificate ([`DecryptionKeys`]).
//!
//! Each check fails with a [`Rejection`], whose [`Rejection::status`] is what to answer
//! (403 for anything not from Graph). Nothing here acts on a request: the bot does, after.

mod callback;
mod change;
mod decrypt;
mod keys;

pub use callback::{CALLING_ISSUERS, CALLING_OPENID_CONFIGURATION};
pub use callback::{CallbackClaims, CallbackValidator};
pub use change::{
    ChangeNotification, ChangeNotifications, ENTRA_OPENID_CONFIGURATION,
    GRAPH_NOTIFICATIONS_APP_ID, Handshake, Lifecycle, MAX_BODY_BYTES, Received,
};
pub use decrypt::{DecryptionKeys, EncryptedContent};

use std::fmt;

/// Why a request was not accepted as coming from Graph.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// No `Authorization: Bearer …` header.
    NoToken,
    /// Not a JWT, or a header that names no key or an algorithm other than RS256 (`none`
    /// included).
    Malformed(String),
    /// The token names a key the issuer does not publish.
    UnknownKey(String),
    /// The signature does not verify, or a claim is wrong: issuer, audience, expiry, not-before,
    /// tenant.
    Invalid(String),
    /// The issuer's keys could not be fetched, and none were known.
    KeysUnavailable(String),
    /// A notification's `clientState` is not the subscription's.
    ClientState,
    /// `encryptedContent` that does not decrypt: an unknown certificate, a `dataKey` that is not
    /// valid RSA, a signature that does not match, bad padding.
    Encrypted(String),
    /// The body is not a notification collection.
    Body(String),
    /// The body is larger than [`MAX_BODY_BYTES`] (its length).
    TooLarge(usize),
}

impl Rejection {
    /// The HTTP status to answer: 403 when the sender is not trusted, 400 for a body that is
    /// not a notification, 413 for one too large, 503 when the keys to check with are unavailable (Graph retries).
    pub fn status(&self) -> u16 {
        match self {
            Rejection::Body(_) => 400,
            Rejection::TooLarge(_) => 413,
            Rejection::KeysUnavailable(_) => 503,
            _ => 403,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::NoToken => f.write_str("no bearer token"),
            Rejection::Malformed(why) => write!(f, "malformed token: {why}"),
            Rejection::UnknownKey(kid) => write!(f, "the token names an unknown key `{kid}`"),
            Rejection::Invalid(why) => write!(f, "invalid token: {why}"),
            Rejection::KeysUnavailable(why) => write!(f, "the signing keys are unavailable: {why}"),
            Rejection::ClientState => f.write_str("the clientState does not match"),
            Rejection::Encrypted(why) => write!(f, "the encrypted content was refused: {why}"),
            Rejection::Body(why) => write!(f, "not a notification: {why}"),
            Rejection::TooLarge(len) => {
                write!(
                    f,
                    "a body of {len} bytes, over the {MAX_BODY_BYTES} accepted"
                )
            }
        }
    }
}

impl std::error::Error for Rejection {}

/// Checks a JWT signed RS256 by one of `keys`, with the usual claims, and returns its claims.
async fn verify<C: serde::de::DeserializeOwned>(
    token: &str,
    keys: &keys::KeySet,
    validation: &jsonwebtoken::Validation,
) -> Result<C, Rejection> {
    let header =
        jsonwebtoken::decode_header(token).map_err(|e| Rejection::Malformed(e.to_string()))?;
    if header.alg != jsonwebtoken::Algorithm::RS256 {
        return Err(Rejection::Malformed(format!(
            "algorithm {:?}, not RS256",
            header.alg
        )));
    }
    let kid = header
        .kid
        .ok_or_else(|| Rejection::Malformed("no `kid`".into()))?;
    let key = keys.key(&kid).await?;
    jsonwebtoken::decode::<C>(token, &key, validation)
        .map(|data| data.claims)
        .map_err(|e| Rejection::Invalid(e.to_string()))
}

/// RS256 only, 5 minutes of skew, `exp` and `nbf` checked, the audience `app_id`.
fn validation(app_id: &str, issuers: &[String]) -> jsonwebtoken::Validation {
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.leeway = 5 * 60;
    validation.validate_nbf = true;
    validation.set_audience(&[app_id]);
    if !issuers.is_empty() {
        validation.set_issuer(issuers);
    }
    validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss"]);
    validation
}

/// A reqwest client for fetching keys: bounded in time, no redirects.
fn key_client() -> reqwest::Client {
    crate::runtime::client::http_without_redirects(Some(std::time::Duration::from_secs(10)))
}
