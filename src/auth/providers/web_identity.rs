//! Web identity: an OIDC token in a file (EKS IRSA, GitHub Actions, ...) exchanged for role
//! credentials with STS `AssumeRoleWithWebIdentity`. The token file is read again on every
//! refresh (the platform rotates it).

use std::path::PathBuf;

use crate::auth::files::read_limited;
use crate::auth::providers::{Context, provider_error, sts};
use crate::auth::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;

/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), or the same
/// from a profile (`web_identity_token_file`, `role_arn`, `role_session_name`).
#[derive(Debug, Clone)]
pub(crate) struct WebIdentityProvider {
    pub(crate) ctx: Context,
    pub(crate) token_file: PathBuf,
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
}

impl WebIdentityProvider {
    /// From the environment; `None` when `AWS_WEB_IDENTITY_TOKEN_FILE` is unset. The file
    /// without `AWS_ROLE_ARN` is an error.
    pub(crate) fn from_env(ctx: &Context) -> Result<Option<Self>, CredentialsError> {
        let env = ctx.settings.environment();
        let Some(file) = env.var("AWS_WEB_IDENTITY_TOKEN_FILE") else {
            return Ok(None);
        };
        let role_arn = env.var("AWS_ROLE_ARN").ok_or_else(|| {
            provider_error(
                "web identity",
                "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not: set the role to assume",
            )
        })?;
        Ok(Some(WebIdentityProvider {
            ctx: ctx.clone(),
            token_file: env.expand_tilde(file.trim()),
            role_arn: role_arn.trim().to_string(),
            session_name: env.var("AWS_ROLE_SESSION_NAME"),
        }))
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let bytes = read_limited(&self.token_file).map_err(|e| {
            provider_error(
                "web identity",
                format!(
                    "cannot read the token file {}: {e}",
                    self.token_file.display()
                ),
            )
        })?;
        let token = String::from_utf8(bytes).map_err(|_| {
            provider_error(
                "web identity",
                format!("the token file {} is not UTF-8", self.token_file.display()),
            )
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(provider_error(
                "web identity",
                format!("the token file {} is empty", self.token_file.display()),
            ));
        }
        let session = self
            .session_name
            .clone()
            .unwrap_or_else(|| sts::default_session_name(self.ctx.clock.now()));
        sts::assume_role_with_web_identity(&self.ctx, &self.role_arn, &session, token)
    }
}
