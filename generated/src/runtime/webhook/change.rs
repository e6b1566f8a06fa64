//! Change notifications of a subscription: the handshake, who sent them, what they say.

use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::decrypt::{DecryptionKeys, EncryptedContent};
use super::keys::KeySet;
use super::{Rejection, key_client, validation, verify};

/// Larger bodies are refused (413) before they are read as JSON.
pub const MAX_BODY_BYTES: usize = 4 << 20;
/// Where the `validationTokens` of rich notifications are signed.
pub const ENTRA_OPENID_CONFIGURATION: &str =
    "https://login.microsoftonline.com/common/.well-known/openid-configuration";
/// The `appid` of Microsoft Graph's change-notification service in `validationTokens`.
pub const GRAPH_NOTIFICATIONS_APP_ID: &str = "0bf30f3b-4a52-48df-9a82-234910c4a086";

/// The answer to a subscription's validation request (`POST …?validationToken=…`): 200,
/// `text/plain`, the token as Graph sent it, decoded, with markup escaped so a crafted token
/// cannot become a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    /// 200.
    pub status: u16,
    /// `text/plain; charset=utf-8`.
    pub content_type: &'static str,
    /// The decoded, escaped token.
    pub body: String,
}

/// A lifecycle event (`lifecycleEvent`): what the subscription needs from the app.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lifecycle {
    /// The subscription was removed: create it again.
    SubscriptionRemoved,
    /// Notifications were missed: read the resource again.
    Missed,
    /// The subscription must be reauthorized (`POST /subscriptions/{id}/reauthorize`).
    ReauthorizationRequired,
    /// A value this crate does not know yet, as sent.
    Other(String),
}

impl Lifecycle {
    fn from_wire(value: &str) -> Self {
        match value {
            "subscriptionRemoved" => Lifecycle::SubscriptionRemoved,
            "missed" => Lifecycle::Missed,
            "reauthorizationRequired" => Lifecycle::ReauthorizationRequired,
            other => Lifecycle::Other(other.to_string()),
        }
    }
}

/// One notification that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeNotification {
    /// The subscription it belongs to.
    pub subscription_id: String,
    /// `created`, `updated`, `deleted` (empty for lifecycle events).
    pub change_type: String,
    /// The resource path.
    pub resource: String,
    /// The tenant it comes from.
    pub tenant_id: Option<String>,
    /// `resourceData`, as sent.
    pub resource_data: Option<serde_json::Value>,
    /// A lifecycle event, for lifecycle notifications.
    pub lifecycle: Option<Lifecycle>,
    /// The decrypted `encryptedContent` of a rich notification.
    pub content: Option<serde_json::Value>,
}

impl ChangeNotification {
    /// The decrypted content as a generated type (`v1_0::models::Call`, `ChatMessage`…).
    pub fn content_as<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Option<Result<T, serde_json::Error>> {
        self.content.clone().map(serde_json::from_value)
    }
}

/// What a valid notification request holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// Change and lifecycle notifications, in the order sent.
    pub notifications: Vec<ChangeNotification>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Collection {
    value: Vec<Wire>,
    #[serde(default)]
    validation_tokens: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    subscription_id: String,
    client_state: Option<String>,
    #[serde(default)]
    change_type: String,
    #[serde(default)]
    resource: String,
    tenant_id: Option<String>,
    resource_data: Option<serde_json::Value>,
    lifecycle_event: Option<String>,
    encrypted_content: Option<EncryptedContent>,
}

#[derive(Deserialize)]
struct TokenClaims {
    iss: String,
    appid: Option<String>,
}

/// Checks the change notifications a subscription delivers: its `clientState`, and for rich
/// notifications the `validationTokens` (RS256 from Entra ID, `aud` = the app,
/// `iss` = `https://sts.windows.net/{tenant}/` for each notification's tenant, `appid` = Graph's
/// notification service) and the encrypted content.
pub struct ChangeNotifications {
    client_state: String,
    app_id: String,
    keys: KeySet,
    decryption: Option<DecryptionKeys>,
}

impl std::fmt::Debug for ChangeNotifications {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client state is a shared secret.
        f.debug_struct("ChangeNotifications")
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

impl ChangeNotifications {
    /// For subscriptions created with `client_state` by the app `app_id`.
    pub fn new(app_id: impl Into<String>, client_state: impl Into<String>) -> Self {
        Self::with_openid_configuration(app_id, client_state, ENTRA_OPENID_CONFIGURATION)
    }

    /// Another OpenID configuration for the `validationTokens` (a test issuer).
    pub fn with_openid_configuration(
        app_id: impl Into<String>,
        client_state: impl Into<String>,
        configuration: impl Into<String>,
    ) -> Self {
        Self {
            client_state: client_state.into(),
            app_id: app_id.into(),
            keys: KeySet::new(configuration.into(), key_client()),
            decryption: None,
        }
    }

    /// The certificates rich notifications are encrypted for.
    pub fn decrypting_with(mut self, keys: DecryptionKeys) -> Self {
        self.decryption = Some(keys);
        self
    }

    /// The answer to a validation request, when the query string has a `validationToken`.
    pub fn handshake(query: Option<&str>) -> Option<Handshake> {
        let token = form_urlencoded_value(query?, "validationToken")?;
        Some(Handshake {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            body: escape_markup(&token),
        })
    }

    /// Checks a notification request's body.
    ///
    /// # Errors
    ///
    /// [`Rejection::TooLarge`] over [`MAX_BODY_BYTES`], [`Rejection::Body`] for a body that is
    /// not a notification collection;
    /// [`Rejection::ClientState`] when any notification's `clientState` differs; for rich
    /// notifications, a token or decryption [`Rejection`]. Nothing of a rejected request is
    /// returned.
    pub async fn receive(&self, body: &[u8]) -> Result<Received, Rejection> {
        if body.len() > MAX_BODY_BYTES {
            return Err(Rejection::TooLarge(body.len()));
        }
        let collection: Collection =
            serde_json::from_slice(body).map_err(|e| Rejection::Body(e.to_string()))?;
        for wire in &collection.value {
            let sent = wire.client_state.as_deref().unwrap_or_default().as_bytes();
            if !bool::from(sent.ct_eq(self.client_state.as_bytes())) {
                return Err(Rejection::ClientState);
            }
        }
        if collection
            .value
            .iter()
            .any(|w| w.encrypted_content.is_some())
        {
            self.check_validation_tokens(&collection).await?;
        }
        let mut notifications = Vec::with_capacity(collection.value.len());
        for wire in collection.value {
            let content = match &wire.encrypted_content {
                Some(encrypted) => Some(
                    self.decryption
                        .as_ref()
                        .ok_or_else(|| {
                            Rejection::Encrypted("no decryption keys configured".into())
                        })?
                        .decrypt(encrypted)?,
                ),
                None => None,
            };
            notifications.push(ChangeNotification {
                subscription_id: wire.subscription_id,
                change_type: wire.change_type,
                resource: wire.resource,
                tenant_id: wire.tenant_id,
                resource_data: wire.resource_data,
                lifecycle: wire.lifecycle_event.as_deref().map(Lifecycle::from_wire),
                content,
            });
        }
        Ok(Received { notifications })
    }

    /// Every token must be valid, and each notification's tenant must have one.
    async fn check_validation_tokens(&self, collection: &Collection) -> Result<(), Rejection> {
        if collection.validation_tokens.is_empty() {
            return Err(Rejection::NoToken);
        }
        let validation = validation(&self.app_id, &[]);
        let mut tenants = Vec::new();
        for token in &collection.validation_tokens {
            let claims: TokenClaims = verify(token, &self.keys, &validation).await?;
            if claims.appid.as_deref() != Some(GRAPH_NOTIFICATIONS_APP_ID) {
                return Err(Rejection::Invalid(
                    "`appid` is not Graph's notification service".into(),
                ));
            }
            let tenant = claims
                .iss
                .strip_prefix("https://sts.windows.net/")
                .and_then(|rest| rest.strip_suffix('/'))
                .filter(|t| !t.is_empty() && !t.contains('/'))
                .ok_or_else(|| Rejection::Invalid(format!("issuer `{}`", claims.iss)))?;
            tenants.push(tenant.to_string());
        }
        for wire in &collection.value {
            if let Some(tenant) = &wire.tenant_id
                && !tenants.iter().any(|t| t.eq_ignore_ascii_case(tenant))
            {
                return Err(Rejection::Invalid(format!(
                    "no validation token for tenant `{tenant}`"
                )));
            }
        }
        Ok(())
    }
}

/// The value of `name` in a query string, percent- and `+`-decoded.
fn form_urlencoded_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| {
            percent_encoding::percent_decode_str(&value.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

/// `<`, `>`, `&`, `"` and `'` as entities.
fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handshake_echoes_the_decoded_token_and_escapes_markup() {
        let answer = ChangeNotifications::handshake(Some(
            "validationToken=Validation%3a+Testing+client+application+reachability",
        ))
        .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.content_type, "text/plain; charset=utf-8");
        assert_eq!(
            answer.body,
            "Validation: Testing client application reachability"
        );
        let hostile = ChangeNotifications::handshake(Some(
            "a=1&validationToken=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        ))
        .unwrap();
        assert_eq!(hostile.body, "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(ChangeNotifications::handshake(Some("other=1")), None);
        assert_eq!(ChangeNotifications::handshake(None), None);
    }

    #[test]
    fn lifecycle_events_are_typed() {
        assert_eq!(Lifecycle::from_wire("missed"), Lifecycle::Missed);
        assert_eq!(
            Lifecycle::from_wire("reauthorizationRequired"),
            Lifecycle::ReauthorizationRequired
        );
        assert_eq!(Lifecycle::from_wire("new"), Lifecycle::Other("new".into()));
    }
}
