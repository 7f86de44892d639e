//! AWS credentials and the [`ProvideCredentials`] trait.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use crate::error::CredentialsError;

/// An access key, its secret, and an optional session token.
///
/// `Debug` shows the access key id (which is not secret) and redacts the rest:
///
/// ```
/// use cloudfront::Credentials;
///
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
///     .with_session_token("token");
/// let shown = format!("{creds:?}");
/// assert!(shown.contains("AKIDEXAMPLE"));
/// assert!(!shown.contains("wJalr"));
/// assert!(!shown.contains("token\""));
/// ```
///
/// Cloning is cheap (the strings are shared, not copied): a client asks its provider for
/// credentials once per request.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: Arc<str>,
    secret_access_key: Arc<str>,
    session_token: Option<Arc<str>>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Credentials {
            access_key_id: Arc::from(access_key_id.into()),
            secret_access_key: Arc::from(secret_access_key.into()),
            session_token: None,
            expiry: None,
        }
    }

    /// Adds a session token (temporary credentials); it is sent as `X-Amz-Security-Token`.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(Arc::from(token.into()));
        self
    }

    /// Marks the credentials as temporary: they stop working at `expiry`. A client refreshes
    /// them from their source a few minutes before.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When temporary credentials expire; `None` for long-term keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key. Handle with care: never log it.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token, if any. Handle with care: never log it.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expiry", &self.expiry.map(crate::time::format_iso8601))
            .finish()
    }
}

/// A source of credentials, asked once per request (so it may refresh them).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Current credentials, or why there are none.
    fn credentials(&self) -> Result<Credentials, CredentialsError>;
}

impl ProvideCredentials for Credentials {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}
