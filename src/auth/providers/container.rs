//! The container credentials endpoint: ECS and CodeBuild
//! (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, on `http://169.254.170.2`) and EKS Pod Identity
//! or any local agent (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, with
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `AWS_CONTAINER_AUTHORIZATION_TOKEN` sent as
//! `Authorization`).
//!
//! As in the AWS CLI, a full URI must point at a loopback address or one of the container
//! hosts `169.254.170.2`, `169.254.170.23`, `fd00:ec2::23`; the JSON answer has
//! `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`. Three attempts.

use std::path::PathBuf;

use crate::auth::files::read_limited;
use crate::auth::providers::{
    Context, credentials_from_json, describe_failure, header_safe, parse_json, provider_error,
};
use crate::auth::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;
use crate::transport::HttpRequest;

const ECS_HOST: &str = "http://169.254.170.2";
const ALLOWED_HOSTS: &[&str] = &[
    "169.254.170.2",
    "169.254.170.23",
    "fd00:ec2::23",
    "localhost",
];
const ATTEMPTS: u32 = 3;
const NAME: &str = "container";

/// Where to ask and with what token.
#[derive(Debug, Clone)]
pub(crate) struct ContainerProvider {
    pub(crate) ctx: Context,
    url: String,
    token: Option<Token>,
}

#[derive(Debug, Clone)]
enum Token {
    File(PathBuf),
    /// The token itself: never shown.
    Value(Secret),
}

#[derive(Clone)]
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl ContainerProvider {
    /// From the environment; `None` when neither URI variable is set.
    pub(crate) fn from_env(ctx: &Context) -> Result<Option<Self>, CredentialsError> {
        let env = ctx.settings.environment();
        let url = if let Some(rel) = env.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let rel = rel.trim();
            if !rel.starts_with('/') {
                return Err(provider_error(
                    NAME,
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with '/'",
                ));
            }
            format!("{ECS_HOST}{rel}")
        } else if let Some(full) = env.var("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            let full = full.trim().to_string();
            check_full_uri(&full)?;
            full
        } else {
            return Ok(None);
        };
        let token = if let Some(file) = env.var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(Token::File(env.expand_tilde(file.trim())))
        } else {
            env.var("AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .map(|t| Token::Value(Secret(t.trim().to_string())))
        };
        Ok(Some(ContainerProvider {
            ctx: ctx.clone(),
            url,
            token,
        }))
    }

    fn token(&self) -> Result<Option<String>, CredentialsError> {
        let token = match &self.token {
            None => return Ok(None),
            Some(Token::Value(Secret(t))) => t.clone(),
            Some(Token::File(path)) => {
                let bytes = read_limited(path).map_err(|e| {
                    provider_error(
                        NAME,
                        format!(
                            "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {}: {e}",
                            path.display()
                        ),
                    )
                })?;
                String::from_utf8(bytes)
                    .map_err(|_| provider_error(NAME, "the authorization token file is not UTF-8"))?
                    .trim()
                    .to_string()
            }
        };
        header_safe(NAME, "the container authorization token", &token)?;
        Ok(Some(token))
    }
}

/// The CLI's rule for `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
fn check_full_uri(url: &str) -> Result<(), CredentialsError> {
    let bad = |why: &str| {
        provider_error(
            NAME,
            format!("AWS_CONTAINER_CREDENTIALS_FULL_URI {url:?}: {why}"),
        )
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("expected http://host[:port]/path"))?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(bad("the scheme must be http or https"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(bad("user info is not allowed"));
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    let loopback = host
        .parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false);
    if loopback || ALLOWED_HOSTS.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        Ok(())
    } else {
        Err(bad(
            "only a loopback address or 169.254.170.2, 169.254.170.23, fd00:ec2::23 is allowed",
        ))
    }
}

impl ProvideCredentials for ContainerProvider {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut headers = vec![("accept".to_string(), "application/json".to_string())];
        if let Some(token) = self.token()? {
            headers.push(("authorization".into(), token));
        }
        let request = HttpRequest {
            method: "GET".into(),
            url: self.url.clone(),
            headers,
            body: Vec::new(),
        };
        let mut last = None;
        for attempt in 1..=ATTEMPTS {
            match self.ctx.metadata_transport.send(&request) {
                Ok(resp) if resp.is_success() => {
                    let doc = parse_json(NAME, &resp.body)?;
                    return credentials_from_json(
                        NAME,
                        &doc,
                        ["AccessKeyId", "SecretAccessKey", "Token"],
                        Some("Expiration"),
                    );
                }
                Ok(resp) if resp.status < 500 && resp.status != 429 => {
                    return Err(provider_error(
                        NAME,
                        format!(
                            "{} answered {}; check the task role or pod identity association",
                            self.url,
                            describe_failure(&resp)
                        ),
                    ));
                }
                Ok(resp) => last = Some(describe_failure(&resp)),
                Err(e) => last = Some(e.to_string()),
            }
            if attempt < ATTEMPTS {
                self.ctx.clock.sleep(std::time::Duration::from_millis(100));
            }
        }
        Err(provider_error(
            NAME,
            format!(
                "no credentials from {} after {ATTEMPTS} attempts: {}",
                self.url,
                last.unwrap_or_default()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_uri_hosts_follow_the_cli() {
        for ok in [
            "http://127.0.0.1:8080/creds",
            "http://localhost/x",
            "http://[::1]:9/x",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "http://169.254.170.2/x",
        ] {
            assert!(check_full_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com/creds",
            "https://example.com/creds",
            "http://127.0.0.1@evil.com/",
            "ftp://127.0.0.1/",
            "127.0.0.1/creds",
        ] {
            assert!(check_full_uri(bad).is_err(), "{bad}");
        }
    }
}
