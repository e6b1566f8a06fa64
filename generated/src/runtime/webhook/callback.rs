//! Calling callbacks: the calling platform signs a JWT for each one it posts to the bot.

use super::keys::KeySet;
use super::{Rejection, key_client, validation, verify};

/// The calling platform's OpenID configuration, which names its signing keys.
pub const CALLING_OPENID_CONFIGURATION: &str =
    "https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration";
/// The issuers of calling callback tokens.
pub const CALLING_ISSUERS: [&str; 2] = [
    "https://api.botframework.com",
    "https://graph.microsoft.com",
];

/// Validates the `Authorization` of calling callbacks: an RS256 JWT from the calling platform,
/// for this bot (`aud` = its app id), current within 5 minutes of skew, naming its tenant.
///
/// ```no_run
/// # async fn run(authorization: Option<&str>) {
/// use msgraph_comms::runtime::webhook::CallbackValidator;
///
/// let validator = CallbackValidator::new("8b1b0b71-…");
/// match validator.validate(authorization).await {
///     Ok(claims) => println!("a callback from tenant {}", claims.tenant_id),
///     Err(rejection) => println!("answer {}: {rejection}", rejection.status()),
/// }
/// # }
/// ```
pub struct CallbackValidator {
    app_id: String,
    issuers: Vec<String>,
    keys: KeySet,
}

impl std::fmt::Debug for CallbackValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackValidator")
            .field("app_id", &self.app_id)
            .field("issuers", &self.issuers)
            .finish_non_exhaustive()
    }
}

/// What a valid callback token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackClaims {
    /// The tenant the callback is about (`tid`): ask tokens for it with
    /// [`Client::for_tenant`](crate::runtime::client::Client::for_tenant).
    pub tenant_id: String,
    /// The issuer.
    pub issuer: String,
}

#[derive(serde::Deserialize)]
struct Claims {
    iss: String,
    tid: Option<String>,
}

impl CallbackValidator {
    /// For the bot registered as `app_id`, with the calling platform's keys and issuers.
    pub fn new(app_id: impl Into<String>) -> Self {
        Self::with_openid_configuration(
            app_id,
            CALLING_OPENID_CONFIGURATION,
            CALLING_ISSUERS.map(String::from),
        )
    }

    /// Another OpenID configuration and issuers (a test issuer, a national cloud).
    pub fn with_openid_configuration(
        app_id: impl Into<String>,
        configuration: impl Into<String>,
        issuers: impl IntoIterator<Item = String>,
    ) -> Self {
        Self {
            app_id: app_id.into(),
            issuers: issuers.into_iter().collect(),
            keys: KeySet::new(configuration.into(), key_client()),
        }
    }

    /// Checks the value of the callback's `Authorization` header.
    ///
    /// # Errors
    ///
    /// A [`Rejection`] (status 403, or 503 when the keys cannot be fetched) for a missing,
    /// malformed, forged, expired or misdirected token, or one without a tenant.
    pub async fn validate(&self, authorization: Option<&str>) -> Result<CallbackClaims, Rejection> {
        let token = authorization
            .and_then(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| !token.is_empty())
            .ok_or(Rejection::NoToken)?;
        let claims: Claims =
            verify(token, &self.keys, &validation(&self.app_id, &self.issuers)).await?;
        let tenant_id = claims
            .tid
            .filter(|tid| !tid.is_empty())
            .ok_or_else(|| Rejection::Invalid("no tenant (`tid`)".into()))?;
        Ok(CallbackClaims {
            tenant_id,
            issuer: claims.iss,
        })
    }
}
