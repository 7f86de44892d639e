//! The EC2 instance metadata service, IMDSv2: a session token (`PUT /latest/api/token`),
//! then the role name and its credentials under
//! `/latest/meta-data/iam/security-credentials/`.
//!
//! - `AWS_EC2_METADATA_DISABLED=true` turns it off.
//! - `AWS_EC2_METADATA_SERVICE_ENDPOINT` / `ec2_metadata_service_endpoint` replace the
//!   endpoint; `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` / `ec2_metadata_service_endpoint_mode`
//!   `IPv6` uses `http://[fd00:ec2::254]` instead of `http://169.254.169.254`.
//! - When the token request is refused with 403, 404 or 405 (an old metadata service), the
//!   requests go without a token (IMDSv1), unless `AWS_EC2_METADATA_V1_DISABLED` /
//!   `ec2_metadata_v1_disabled` is true.
//! - Each request has one retry; the transport's timeouts are short (1 s), so that a laptop
//!   without a metadata service fails fast.

use std::time::Duration;

use crate::auth::providers::{
    Context, credentials_from_json, describe_failure, json_str, parse_json, provider_error,
};
use crate::auth::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;
use crate::transport::{HttpRequest, HttpResponse, TransportError};

const NAME: &str = "imds";
const TOKEN_TTL: &str = "21600";
const CREDS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const ATTEMPTS: u32 = 2;

/// Asks the instance metadata service.
#[derive(Debug, Clone)]
pub(crate) struct ImdsProvider {
    pub(crate) ctx: Context,
    endpoint: String,
    v1_disabled: bool,
}

/// Why the metadata service gave nothing.
#[derive(Debug)]
pub(crate) enum ImdsFailure {
    /// Nothing answered: not on EC2 (the chain moves on).
    Unreachable(String),
    /// It answered but without credentials, or with garbage.
    Failed(CredentialsError),
}

impl ImdsProvider {
    /// From the settings; `None` when disabled.
    pub(crate) fn from_settings(ctx: &Context) -> Result<Option<Self>, CredentialsError> {
        let s = &ctx.settings;
        if s.environment()
            .flag("AWS_EC2_METADATA_DISABLED")
            .unwrap_or(false)
        {
            return Ok(None);
        }
        let endpoint = match s.get(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            "ec2_metadata_service_endpoint",
        ) {
            Some(e) => e.trim().trim_end_matches('/').to_string(),
            None => match s
                .get(
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                    "ec2_metadata_service_endpoint_mode",
                )
                .map(|m| m.to_ascii_lowercase())
                .as_deref()
            {
                None | Some("ipv4") => "http://169.254.169.254".to_string(),
                Some("ipv6") => "http://[fd00:ec2::254]".to_string(),
                Some(other) => {
                    return Err(provider_error(
                        NAME,
                        format!("endpoint mode {other:?}: expected IPv4 or IPv6"),
                    ));
                }
            },
        };
        if !endpoint.starts_with("http://") && !endpoint.starts_with("https://") {
            return Err(provider_error(
                NAME,
                format!("endpoint {endpoint:?}: expected http://host[:port]"),
            ));
        }
        Ok(Some(ImdsProvider {
            ctx: ctx.clone(),
            endpoint,
            v1_disabled: s
                .flag("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")
                .unwrap_or(false),
        }))
    }

    /// The endpoint asked.
    pub(crate) fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut attempt = 1;
        loop {
            let outcome = self.ctx.metadata_transport.send(request);
            let again = match &outcome {
                Ok(resp) => resp.status >= 500,
                Err(_) => true,
            };
            if !again || attempt >= ATTEMPTS {
                return outcome;
            }
            self.ctx.clock.sleep(Duration::from_millis(100));
            attempt += 1;
        }
    }

    fn get(&self, path: &str, token: Option<&str>) -> Result<HttpResponse, ImdsFailure> {
        let mut headers = Vec::new();
        if let Some(t) = token {
            headers.push(("x-aws-ec2-metadata-token".to_string(), t.to_string()));
        }
        let request = HttpRequest {
            method: "GET".into(),
            url: format!("{}{path}", self.endpoint),
            headers,
            body: Vec::new(),
        };
        self.send(&request)
            .map_err(|e| ImdsFailure::Unreachable(e.to_string()))
    }

    /// Credentials, telling "nothing there" from "something went wrong".
    pub(crate) fn fetch(&self) -> Result<Credentials, ImdsFailure> {
        let failed = |m: String| ImdsFailure::Failed(provider_error(NAME, m));
        let token_request = HttpRequest {
            method: "PUT".into(),
            url: format!("{}/latest/api/token", self.endpoint),
            headers: vec![(
                "x-aws-ec2-metadata-token-ttl-seconds".into(),
                TOKEN_TTL.into(),
            )],
            body: Vec::new(),
        };
        let token = match self.send(&token_request) {
            Ok(resp) if resp.is_success() => {
                let t = String::from_utf8(resp.body)
                    .map_err(|_| failed("the session token is not text".into()))?;
                let t = t.trim().to_string();
                crate::auth::providers::header_safe(NAME, "the session token", &t)
                    .map_err(ImdsFailure::Failed)?;
                Some(t)
            }
            Ok(resp) if matches!(resp.status, 403..=405) && !self.v1_disabled => None,
            Ok(resp) => {
                return Err(failed(format!(
                    "the session token request got {}",
                    describe_failure(&resp)
                )));
            }
            Err(e) => return Err(ImdsFailure::Unreachable(e.to_string())),
        };
        let resp = self.get(CREDS_PATH, token.as_deref())?;
        if resp.status == 404 {
            return Err(failed(
                "the instance has no IAM role (attach an instance profile)".into(),
            ));
        }
        if !resp.is_success() {
            return Err(failed(format!(
                "listing the role got {}",
                describe_failure(&resp)
            )));
        }
        let listing = String::from_utf8_lossy(&resp.body);
        let role = listing.lines().next().unwrap_or("").trim().to_string();
        if role.is_empty() || role.contains(['/', '?', '#']) || role.len() > 128 {
            return Err(failed(
                "the role listing is empty or not a role name".into(),
            ));
        }
        let resp = self.get(&format!("{CREDS_PATH}{role}"), token.as_deref())?;
        if !resp.is_success() {
            return Err(failed(format!(
                "the credentials of role {role} got {}",
                describe_failure(&resp)
            )));
        }
        let doc = parse_json(NAME, &resp.body).map_err(ImdsFailure::Failed)?;
        if let Some(code) = json_str(&doc, "Code") {
            if code != "Success" {
                return Err(failed(format!(
                    "the credentials document says Code {code:?}"
                )));
            }
        }
        credentials_from_json(
            NAME,
            &doc,
            ["AccessKeyId", "SecretAccessKey", "Token"],
            Some("Expiration"),
        )
        .map_err(ImdsFailure::Failed)
    }
}

impl ProvideCredentials for ImdsProvider {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.fetch().map_err(|f| match f {
            ImdsFailure::Failed(e) => e,
            ImdsFailure::Unreachable(why) => {
                provider_error(NAME, format!("no answer from {}: {why}", self.endpoint))
            }
        })
    }
}
