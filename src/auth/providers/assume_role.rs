//! A profile's `role_arn`: STS `AssumeRole` with the credentials of `source_profile` or
//! `credential_source`.

use std::sync::Arc;

use crate::auth::providers::Context;
use crate::auth::providers::sts::{self, AssumeRoleParams};
use crate::auth::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;

/// Assumes `params.role_arn` with what `source` provides (itself cached, so a chain of roles
/// refreshes each link only when it is due).
#[derive(Debug, Clone)]
pub(crate) struct AssumeRoleProvider {
    pub(crate) ctx: Context,
    pub(crate) source: Arc<dyn ProvideCredentials>,
    pub(crate) params: AssumeRoleParams,
    /// The session name was not configured: a new one for each call.
    pub(crate) default_session_name: bool,
}

impl ProvideCredentials for AssumeRoleProvider {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let source = self.source.credentials()?;
        let mut params = self.params.clone();
        if self.default_session_name {
            params.session_name = sts::default_session_name(self.ctx.clock.now());
        }
        sts::assume_role(&self.ctx, &source, &params)
    }
}
