//! AWS STS on the query protocol: a form-encoded POST, an XML response. `AssumeRole` (signed
//! with SigV4 for service `sts` in the endpoint's region) and `AssumeRoleWithWebIdentity`
//! (unsigned).
//!
//! The endpoint is the configured one (`AWS_ENDPOINT_URL_STS`, see [`crate::settings`]),
//! else the regional `https://sts.<region>.amazonaws.com` (`.amazonaws.com.cn` in China) for
//! the region of the settings, else the global `https://sts.amazonaws.com`. With
//! `AWS_STS_REGIONAL_ENDPOINTS=legacy` the regions that had only the global endpoint before
//! 2019 use it again, as the AWS CLI v1 did.

use std::time::SystemTime;

use crate::auth::Credentials;
use crate::auth::providers::{Context, describe_failure, provider_error, send, url_encode};
use crate::auth::sigv4::{SigningParams, sign_request};
use crate::error::CredentialsError;
use crate::retry::RetryPolicy;
use crate::transport::{HttpRequest, HttpResponse};
use crate::xml::read;

/// Regions that used the global endpoint under `sts_regional_endpoints = legacy`.
const LEGACY_GLOBAL_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Where STS requests go and the region they are signed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsEndpoint {
    /// `https://sts.eu-west-1.amazonaws.com`, or the configured URL.
    pub url: String,
    /// The SigV4 region.
    pub signing_region: String,
}

/// The STS endpoint for these settings (module docs).
pub(crate) fn endpoint(ctx: &Context) -> Result<StsEndpoint, CredentialsError> {
    let settings = &ctx.settings;
    let region = settings.region();
    let signing_region = region.clone().unwrap_or_else(|| "us-east-1".to_string());
    if let Some(url) = settings.endpoint_url("STS") {
        let url = crate::client::normalize_endpoint(&url, false)
            .map_err(|e| provider_error("sts", format!("{e}")))?;
        return Ok(StsEndpoint {
            url,
            signing_region,
        });
    }
    let legacy = settings
        .get("AWS_STS_REGIONAL_ENDPOINTS", "sts_regional_endpoints")
        .is_some_and(|v| v.eq_ignore_ascii_case("legacy"));
    let url = match region.as_deref() {
        None => "https://sts.amazonaws.com".to_string(),
        Some(r) if legacy && LEGACY_GLOBAL_REGIONS.contains(&r) => {
            "https://sts.amazonaws.com".to_string()
        }
        Some(r) if !r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            return Err(provider_error(
                "sts",
                format!("region {r:?} is not a region name"),
            ));
        }
        Some(r) if r.starts_with("cn-") => format!("https://sts.{r}.amazonaws.com.cn"),
        Some(r) => format!("https://sts.{r}.amazonaws.com"),
    };
    let signing_region = if url == "https://sts.amazonaws.com" {
        "us-east-1".to_string()
    } else {
        signing_region
    };
    Ok(StsEndpoint {
        url,
        signing_region,
    })
}

/// The parameters of `AssumeRole`.
#[derive(Debug, Clone, Default)]
pub(crate) struct AssumeRoleParams {
    pub(crate) role_arn: String,
    pub(crate) session_name: String,
    pub(crate) external_id: Option<String>,
    pub(crate) duration_seconds: Option<u32>,
}

/// `AssumeRole` with `source` credentials.
pub(crate) fn assume_role(
    ctx: &Context,
    source: &Credentials,
    params: &AssumeRoleParams,
) -> Result<Credentials, CredentialsError> {
    let mut form = vec![
        ("Action", "AssumeRole".to_string()),
        ("Version", "2011-06-15".to_string()),
        ("RoleArn", params.role_arn.clone()),
        ("RoleSessionName", params.session_name.clone()),
    ];
    if let Some(id) = &params.external_id {
        form.push(("ExternalId", id.clone()));
    }
    if let Some(d) = params.duration_seconds {
        form.push(("DurationSeconds", d.to_string()));
    }
    call(ctx, "AssumeRole", &form, Some(source))
}

/// `AssumeRoleWithWebIdentity` (unsigned: the token is the proof).
pub(crate) fn assume_role_with_web_identity(
    ctx: &Context,
    role_arn: &str,
    session_name: &str,
    token: &str,
) -> Result<Credentials, CredentialsError> {
    let form = vec![
        ("Action", "AssumeRoleWithWebIdentity".to_string()),
        ("Version", "2011-06-15".to_string()),
        ("RoleArn", role_arn.to_string()),
        ("RoleSessionName", session_name.to_string()),
        ("WebIdentityToken", token.to_string()),
    ];
    call(ctx, "AssumeRoleWithWebIdentity", &form, None)
}

/// A session name when none is configured: `cloudfront-rs-<unix seconds>`, like botocore's
/// `botocore-session-<seconds>`.
pub(crate) fn default_session_name(now: SystemTime) -> String {
    let secs = now
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("cloudfront-rs-{secs}")
}

fn call(
    ctx: &Context,
    action: &str,
    form: &[(&str, String)],
    signer: Option<&Credentials>,
) -> Result<Credentials, CredentialsError> {
    let provider = format!("sts {action}");
    let ep = endpoint(ctx)?;
    let body = form
        .iter()
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let policy = RetryPolicy::default();
    let mut attempt = 1;
    loop {
        let mut request = HttpRequest {
            method: "POST".into(),
            url: format!("{}/", ep.url),
            headers: vec![(
                "content-type".into(),
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            )],
            body: body.clone().into_bytes(),
        };
        if let Some(creds) = signer {
            sign_request(
                &mut request,
                &SigningParams {
                    credentials: creds,
                    region: &ep.signing_region,
                    service: "sts",
                    time: ctx.clock.now(),
                },
            )
            .map_err(|e| provider_error(&provider, e.to_string()))?;
        }
        let outcome = send(ctx.transport.as_ref(), &provider, &request);
        let retryable = match &outcome {
            Ok(resp) if resp.is_success() => return parse_credentials(&provider, action, resp),
            Ok(resp) => {
                let err = crate::client::error_from_response(resp);
                err.is_retryable()
            }
            Err(_) => true,
        };
        if !retryable || attempt >= policy.attempts() {
            return Err(match outcome {
                Ok(resp) => failure(&provider, &resp),
                Err(e) => e,
            });
        }
        ctx.clock
            .sleep(policy.backoff(attempt, crate::retry::random_unit()));
        attempt += 1;
    }
}

fn failure(provider: &str, resp: &HttpResponse) -> CredentialsError {
    let detail = match crate::client::error_from_response(resp) {
        crate::Error::Service(s) => format!("HTTP {} {}: {}", s.status, s.code, s.message),
        _ => describe_failure(resp),
    };
    provider_error(provider, detail)
}

/// `<XResponse><XResult><Credentials>` with `AccessKeyId`, `SecretAccessKey`,
/// `SessionToken`, `Expiration`.
fn parse_credentials(
    provider: &str,
    action: &str,
    resp: &HttpResponse,
) -> Result<Credentials, CredentialsError> {
    let bad = |why: &str| provider_error(provider, format!("unexpected response: {why}"));
    let text = std::str::from_utf8(&resp.body).map_err(|_| bad("not UTF-8"))?;
    let doc = read::parse_document(text).map_err(|e| bad(&e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != format!("{action}Response") {
        return Err(bad(&format!("expected <{action}Response>")));
    }
    let creds = read::child(root, &format!("{action}Result"))
        .and_then(|r| read::child(r, "Credentials"))
        .ok_or_else(|| bad("no Credentials element"))?;
    let field = |name: &str| -> Option<String> {
        read::child(creds, name)
            .and_then(|n| read::string(n).ok())
            .filter(|s| !s.is_empty())
    };
    let (Some(id), Some(secret), Some(token)) = (
        field("AccessKeyId"),
        field("SecretAccessKey"),
        field("SessionToken"),
    ) else {
        return Err(bad(
            "Credentials lacks AccessKeyId, SecretAccessKey or SessionToken",
        ));
    };
    let expiry = field("Expiration")
        .as_deref()
        .and_then(crate::auth::providers::parse_timestamp)
        .ok_or_else(|| bad("Credentials has no valid Expiration"))?;
    Ok(Credentials::new(id, secret)
        .with_session_token(token)
        .with_expiry(expiry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Environment;
    use crate::settings::Settings;
    use std::sync::Arc;

    fn endpoint_for(vars: &[(&str, &str)]) -> StsEndpoint {
        let env = Environment::from_vars(vars.iter().copied()).home_dir("/nonexistent-home");
        let mock: Arc<dyn crate::transport::Transport> =
            Arc::new(crate::transport::MockTransport::new());
        let ctx = Context {
            settings: Settings::load(&env, None).unwrap(),
            transport: mock.clone(),
            metadata_transport: mock,
            clock: Arc::new(crate::clock::SystemClock::default()),
            process_timeout: std::time::Duration::from_secs(1),
        };
        endpoint(&ctx).unwrap()
    }

    #[test]
    fn regional_global_legacy_china_and_configured_endpoints() {
        type Vars<'a> = &'a [(&'a str, &'a str)];
        let cases: [(Vars<'_>, &str, &str); 6] = [
            (&[], "https://sts.amazonaws.com", "us-east-1"),
            (
                &[("AWS_REGION", "eu-west-1")],
                "https://sts.eu-west-1.amazonaws.com",
                "eu-west-1",
            ),
            (
                &[
                    ("AWS_REGION", "eu-west-1"),
                    ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
                ],
                "https://sts.amazonaws.com",
                "us-east-1",
            ),
            (
                &[
                    ("AWS_REGION", "ap-east-1"),
                    ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
                ],
                "https://sts.ap-east-1.amazonaws.com",
                "ap-east-1",
            ),
            (
                &[("AWS_REGION", "cn-north-1")],
                "https://sts.cn-north-1.amazonaws.com.cn",
                "cn-north-1",
            ),
            (
                &[
                    ("AWS_REGION", "eu-west-1"),
                    ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000/"),
                ],
                "http://127.0.0.1:5000",
                "eu-west-1",
            ),
        ];
        for (vars, url, region) in cases {
            let ep = endpoint_for(vars);
            assert_eq!(
                (ep.url.as_str(), ep.signing_region.as_str()),
                (url, region),
                "{vars:?}"
            );
        }
    }

    #[test]
    fn parses_the_documented_assume_role_response() {
        // The example of the STS API reference (AssumeRole), trimmed.
        let body = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;
        let resp = HttpResponse::new(200, vec![], body.as_bytes().to_vec());
        let c = parse_credentials("sts", "AssumeRole", &resp).unwrap();
        assert_eq!(c.access_key_id(), "ASIAIOSFODNN7EXAMPLE");
        assert_eq!(
            c.session_token(),
            Some("AQoDYXdzEPT//////////wEXAMPLEtc764")
        );
        assert_eq!(
            c.expiry(),
            crate::time::parse_iso8601("2019-11-09T13:34:41Z")
        );
        let wrong = parse_credentials("sts", "AssumeRoleWithWebIdentity", &resp).unwrap_err();
        assert!(!wrong.to_string().contains("wJalr"), "{wrong}");
    }
}
