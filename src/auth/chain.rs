//! The default credentials chain (placeholder: being implemented).

use crate::auth::Credentials;
use crate::error::CredentialsError;

/// Looks for credentials in the environment, the shared AWS files and `~/.boto`.
#[derive(Debug, Default, Clone)]
pub struct CredentialsChain {}

impl CredentialsChain {
    /// Finds credentials, or lists every place looked at.
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        Err(CredentialsError::NotFound { searched: vec![] })
    }
}
