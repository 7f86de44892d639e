//! The sources of credentials, one module each, all blocking on the crate's
//! [`crate::transport::Transport`], and what they share: the context they run
//! in and the helpers to send a request and read a JSON document.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::auth::Credentials;
use crate::clock::Clock;
use crate::error::CredentialsError;
use crate::settings::Settings;
use crate::transport::{HttpRequest, HttpResponse, Transport};

pub(crate) use crate::json_doc as json;
pub(crate) use crate::json_doc::{Json, json_str, json_u64, member};

pub mod assume_role;
pub mod boto;
pub mod container;
pub mod environment;
pub mod imds;
pub mod process;
pub mod sso;
pub mod sts;
pub mod web_identity;
mod words;

/// Everything a provider needs: the settings (environment and shared files), the transports
/// and the clock.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub(crate) settings: Settings,
    /// For STS, SSO and SSO-OIDC.
    pub(crate) transport: Arc<dyn Transport>,
    /// For the instance metadata service and the container endpoint (short timeouts).
    pub(crate) metadata_transport: Arc<dyn Transport>,
    pub(crate) clock: Arc<dyn Clock>,
    /// How long a `credential_process` may run.
    pub(crate) process_timeout: Duration,
}

/// Parses a provider's JSON document; the error names the provider, never the text.
pub(crate) fn parse_json(provider: &str, body: &[u8]) -> Result<Json, CredentialsError> {
    json::parse_json(body).map_err(|e| provider_error(provider, e.to_string()))
}

pub(crate) fn provider_error(provider: &str, message: impl Into<String>) -> CredentialsError {
    CredentialsError::Provider {
        provider: provider.to_string(),
        message: message.into(),
    }
}

/// Sends `request`; a transport failure becomes a [`CredentialsError::Provider`].
pub(crate) fn send(
    transport: &dyn Transport,
    provider: &str,
    request: &HttpRequest,
) -> Result<HttpResponse, CredentialsError> {
    transport
        .send(request)
        .map_err(|e| provider_error(provider, format!("request failed: {e}")))
}

/// A short, secret-free description of a failed response: the status and, for JSON or XML
/// error documents, the error code (never the body itself, which may echo a token).
pub(crate) fn describe_failure(resp: &HttpResponse) -> String {
    let code = parse_json("", &resp.body)
        .ok()
        .and_then(|v| {
            ["error", "__type", "Code", "code"]
                .iter()
                .find_map(|k| json_str(&v, k).map(str::to_string))
        })
        .or_else(|| {
            crate::client::error_from_response(resp)
                .code()
                .map(str::to_string)
        });
    match code {
        Some(code) => format!("HTTP {} ({code})", resp.status),
        None => format!("HTTP {}", resp.status),
    }
}

/// Credentials from a JSON object with the given member names; `Expiration` as ISO 8601.
pub(crate) fn credentials_from_json(
    provider: &str,
    v: &Json,
    [id, secret, token]: [&str; 3],
    expiration: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    let (Some(id_value), Some(secret_value)) = (json_str(v, id), json_str(v, secret)) else {
        return Err(provider_error(
            provider,
            format!("the response has no {id} and {secret}"),
        ));
    };
    let mut creds = Credentials::new(id_value, secret_value);
    if let Some(t) = json_str(v, token) {
        creds = creds.with_session_token(t);
    }
    if let Some(key) = expiration {
        if let Some(text) = json_str(v, key) {
            let expiry = parse_timestamp(text).ok_or_else(|| {
                provider_error(
                    provider,
                    format!("{key} {text:?} is not an ISO 8601 timestamp"),
                )
            })?;
            creds = creds.with_expiry(expiry);
        }
    }
    Ok(creds)
}

/// ISO 8601 as AWS writes it, also the AWS CLI v1's `...UTC` suffix and `+0000` offsets.
pub(crate) fn parse_timestamp(text: &str) -> Option<SystemTime> {
    let t = text.trim();
    if let Some(x) = crate::time::parse_iso8601(t) {
        return Some(x);
    }
    if let Some(base) = t.strip_suffix("UTC") {
        return crate::time::parse_iso8601(&format!("{}Z", base.trim_end()));
    }
    if t.len() > 5 && (t.ends_with("+0000") || t.ends_with("-0000")) {
        return crate::time::parse_iso8601(&format!("{}Z", &t[..t.len() - 5]));
    }
    None
}

/// Milliseconds since the epoch (SSO's `expiration`).
pub(crate) fn from_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

/// Percent-encodes for a query string or form body (RFC 3986 unreserved kept).
pub(crate) fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A value that goes into an HTTP header must not break the header.
pub(crate) fn header_safe(provider: &str, what: &str, value: &str) -> Result<(), CredentialsError> {
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(provider_error(
            provider,
            format!("{what} contains a line break or NUL"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_every_form_aws_writes() {
        let z = parse_timestamp("2026-12-01T23:00:00Z").unwrap();
        assert_eq!(parse_timestamp("2026-12-01T23:00:00UTC"), Some(z));
        assert_eq!(parse_timestamp("2026-12-01T23:00:00+0000"), Some(z));
        assert_eq!(parse_timestamp("2026-12-01T23:00:00+00:00"), Some(z));
        assert_eq!(parse_timestamp("tomorrow"), None);
    }

    #[test]
    fn url_encoding() {
        assert_eq!(
            url_encode("arn:aws:iam::1:role/a b+c"),
            "arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b%2Bc"
        );
    }
}
