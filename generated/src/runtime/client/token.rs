//! Hand-written support code (not generated, edit freely): where the client gets its bearer
//! tokens. Acquiring them (MSAL, managed identity, …) is left to the caller's provider.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + 'a>>;

/// Gives the client an access token for each attempt of a request (so a provider that caches
/// and refreshes tokens is asked again after a long retry wait).
pub trait TokenProvider: Send + Sync {
    /// The access token, without the `Bearer ` prefix.
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + '_>>;

    /// A token for another tenant than the provider's own (a multi-tenant bot acting in the
    /// tenant a callback came from: [`Client::for_tenant`](super::Client::for_tenant)). A
    /// provider bound to one tenant gives its one token.
    fn token_for_tenant<'a>(&'a self, tenant: &'a str) -> TokenFuture<'a> {
        let _ = tenant;
        self.token()
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }

    fn token_for_tenant<'a>(&'a self, tenant: &'a str) -> TokenFuture<'a> {
        (**self).token_for_tenant(tenant)
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Box<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }

    fn token_for_tenant<'a>(&'a self, tenant: &'a str) -> TokenFuture<'a> {
        (**self).token_for_tenant(tenant)
    }
}

/// A fixed token, for tests, scripts and tokens obtained elsewhere.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// Wraps the token (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secret.
        f.write_str("StaticToken(..)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

/// Why a token provider could not give a token.
#[derive(Debug)]
pub struct TokenError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TokenError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// An error caused by `source` (e.g. the identity library's error).
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[tokio::test]
    async fn static_token_gives_its_token_and_hides_it() {
        let token = StaticToken::new("secret");
        assert_eq!(token.token().await.unwrap(), "secret");
        assert_eq!(format!("{token:?}"), "StaticToken(..)");
        let shared: Arc<dyn TokenProvider> = Arc::new(token);
        assert_eq!(shared.token().await.unwrap(), "secret");
    }

    #[test]
    fn token_error_keeps_its_source() {
        let e = TokenError::with_source("refresh failed", "the IdP said no");
        assert_eq!(e.to_string(), "refresh failed");
        assert_eq!(e.message(), "refresh failed");
        assert_eq!(e.source().unwrap().to_string(), "the IdP said no");
        assert!(TokenError::new("x").source().is_none());
    }
}
