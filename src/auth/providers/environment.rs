//! Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and
//! `AWS_CREDENTIAL_EXPIRATION`.

use crate::auth::providers::parse_timestamp;
use crate::auth::{Credentials, Environment};
use crate::error::CredentialsError;

const ID: &str = "AWS_ACCESS_KEY_ID";
const SECRET: &str = "AWS_SECRET_ACCESS_KEY";

/// The environment's key pair; `Ok(None)` (with why) when neither variable is set. One of the
/// pair without the other is an error naming the missing variable.
pub(crate) fn from_env(
    env: &Environment,
    searched: &mut Vec<String>,
) -> Result<Option<Credentials>, CredentialsError> {
    match (env.var(ID), env.var(SECRET)) {
        (Some(id), Some(secret)) => {
            let mut creds = Credentials::new(id, secret);
            if let Some(token) = env.var("AWS_SESSION_TOKEN") {
                creds = creds.with_session_token(token);
            }
            if let Some(text) = env.var("AWS_CREDENTIAL_EXPIRATION") {
                let expiry = parse_timestamp(&text).ok_or_else(|| CredentialsError::Provider {
                    provider: "environment".into(),
                    message: format!(
                        "AWS_CREDENTIAL_EXPIRATION {text:?} is not an ISO 8601 timestamp"
                    ),
                })?;
                creds = creds.with_expiry(expiry);
            }
            Ok(Some(creds))
        }
        (Some(_), None) => Err(partial(searched, ID, SECRET)),
        (None, Some(_)) => Err(partial(searched, SECRET, ID)),
        (None, None) => {
            searched.push(format!("environment: {ID} and {SECRET} not set"));
            Ok(None)
        }
    }
}

fn partial(searched: &mut Vec<String>, set: &str, missing: &str) -> CredentialsError {
    searched.push(format!(
        "environment: {set} is set but {missing} is not (set both, or neither to use the shared files)"
    ));
    CredentialsError::NotFound {
        searched: std::mem::take(searched),
    }
}

/// The environment as a source that can be asked again (for `credential_source =
/// Environment`).
#[derive(Debug, Clone)]
pub(crate) struct EnvironmentProvider {
    pub(crate) env: Environment,
}

impl crate::auth::ProvideCredentials for EnvironmentProvider {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut searched = Vec::new();
        from_env(&self.env, &mut searched)?.ok_or(CredentialsError::NotFound { searched })
    }
}
