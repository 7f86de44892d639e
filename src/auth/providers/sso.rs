//! IAM Identity Center (SSO): the token `aws sso login` left in the AWS CLI's cache,
//! refreshed with SSO-OIDC `CreateToken` when near expiry, exchanged for role credentials
//! with the portal's `GetRoleCredentials`.
//!
//! - Profile with `sso_session = name` (and `[sso-session name]` holding `sso_start_url`,
//!   `sso_region`): the cache file is `~/.aws/sso/cache/<sha1(name)>.json`; within 15 minutes
//!   of expiry the token is refreshed with its refresh token (when the client registration
//!   is still valid) and the file is rewritten atomically (a temporary file renamed over
//!   it), as the CLI does.
//! - Legacy profile with `sso_start_url` and `sso_region`: the file is
//!   `<sha1(start url)>.json` and is never refreshed.
//! - Both need `sso_account_id` and `sso_role_name`.
//! - An expired or missing login says "run `aws sso login --profile X`".

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha1::{Digest, Sha1};

use crate::auth::files::{Profile, read_limited};
use crate::auth::providers::{
    Context, Json, describe_failure, from_millis, header_safe, json, json_str, json_u64, member,
    parse_json, parse_timestamp, provider_error, url_encode,
};
use crate::auth::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;
use crate::transport::HttpRequest;

const NAME: &str = "sso";
/// Refresh a token this long before it expires (botocore's window).
const REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The SSO settings of one profile.
#[derive(Debug, Clone)]
pub(crate) struct SsoProvider {
    pub(crate) ctx: Context,
    profile: String,
    /// `Some` for the `sso_session` form (refreshable).
    session: Option<String>,
    start_url: String,
    region: String,
    account_id: String,
    role_name: String,
    cache_dir: PathBuf,
}

impl SsoProvider {
    /// From a profile; `None` when the profile has no SSO settings.
    pub(crate) fn from_profile(
        ctx: &Context,
        profile: &Profile<'_>,
    ) -> Result<Option<Self>, CredentialsError> {
        let session = profile.get("sso_session");
        if session.is_none() && profile.get("sso_start_url").is_none() {
            return Ok(None);
        }
        let missing = |what: &str| CredentialsError::Profile {
            profile: profile.name.clone(),
            message: format!("SSO profile lacks {what}"),
        };
        let (start_url, region) = match session {
            Some(name) => {
                let section = ctx.settings.files().sso_session(name).ok_or_else(|| {
                    missing(&format!("the [sso-session {name}] section it names"))
                })?;
                let get = |k: &str| section.get(k).filter(|v| !v.is_empty());
                (
                    get("sso_start_url").ok_or_else(|| {
                        missing(&format!("sso_start_url in [sso-session {name}]"))
                    })?,
                    get("sso_region")
                        .ok_or_else(|| missing(&format!("sso_region in [sso-session {name}]")))?,
                )
            }
            None => (
                profile.get("sso_start_url").unwrap_or_default(),
                profile
                    .get("sso_region")
                    .ok_or_else(|| missing("sso_region"))?,
            ),
        };
        let home = ctx.settings.environment().home().ok_or_else(|| {
            provider_error(
                NAME,
                "home directory unknown (HOME is not set): cannot find ~/.aws/sso/cache",
            )
        })?;
        Ok(Some(SsoProvider {
            ctx: ctx.clone(),
            profile: profile.name.clone(),
            session: session.map(str::to_string),
            start_url: start_url.to_string(),
            region: region.to_string(),
            account_id: profile
                .get("sso_account_id")
                .ok_or_else(|| missing("sso_account_id"))?
                .to_string(),
            role_name: profile
                .get("sso_role_name")
                .ok_or_else(|| missing("sso_role_name"))?
                .to_string(),
            cache_dir: home.join(".aws").join("sso").join("cache"),
        }))
    }

    fn login_hint(&self) -> String {
        if self.profile == "default" {
            "run `aws sso login`".to_string()
        } else {
            format!("run `aws sso login --profile {}`", self.profile)
        }
    }

    fn cache_file(&self) -> PathBuf {
        let key = self.session.as_deref().unwrap_or(&self.start_url);
        self.cache_dir.join(format!("{}.json", cache_key(key)))
    }

    /// A valid access token, refreshed if near expiry (module docs).
    fn access_token(&self) -> Result<String, CredentialsError> {
        let path = self.cache_file();
        let expired = |why: &str| {
            provider_error(
                NAME,
                format!(
                    "profile {:?}: {why}; {} to log in again",
                    self.profile,
                    self.login_hint()
                ),
            )
        };
        let bytes = match read_limited(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(expired(&format!("no cached login in {}", path.display())));
            }
            Err(e) => {
                return Err(provider_error(
                    NAME,
                    format!("cannot read {}: {e}", path.display()),
                ));
            }
        };
        let mut doc = parse_json(NAME, &bytes)
            .map_err(|_| expired(&format!("{} is not a JSON document", path.display())))?;
        let now = self.ctx.clock.now();
        let expires_at = json_str(&doc, "expiresAt").and_then(parse_timestamp);
        let token = json_str(&doc, "accessToken").map(str::to_string);
        let (Some(token), Some(expires_at)) = (token, expires_at) else {
            return Err(expired(&format!(
                "{} has no accessToken or expiresAt",
                path.display()
            )));
        };
        let near_expiry = expires_at
            .checked_sub(REFRESH_WINDOW)
            .is_none_or(|t| now >= t);
        if near_expiry && self.session.is_some() {
            match self.refresh(&mut doc, now) {
                Ok(Some(new_token)) => {
                    if let Err(e) = write_atomically(&path, &doc) {
                        log::warn!(
                            "could not write the refreshed SSO token to {}: {e}",
                            path.display()
                        );
                    }
                    return Ok(new_token);
                }
                Ok(None) => {}
                Err(e) => log::warn!("could not refresh the SSO token: {e}"),
            }
        }
        if now >= expires_at {
            return Err(expired("the SSO login has expired"));
        }
        Ok(token)
    }

    /// SSO-OIDC `CreateToken` with the refresh token; updates `doc`. `Ok(None)` when the
    /// cache has no usable refresh token or registration.
    fn refresh(&self, doc: &mut Json, now: SystemTime) -> Result<Option<String>, CredentialsError> {
        let (Some(client_id), Some(client_secret), Some(refresh_token)) = (
            json_str(doc, "clientId"),
            json_str(doc, "clientSecret"),
            json_str(doc, "refreshToken"),
        ) else {
            return Ok(None);
        };
        let registration_valid = json_str(doc, "registrationExpiresAt")
            .and_then(parse_timestamp)
            .is_some_and(|t| now < t);
        if !registration_valid {
            return Ok(None);
        }
        let endpoint = self.endpoint("SSO OIDC", "oidc")?;
        let body = json::object_of_strings(&[
            ("clientId", client_id),
            ("clientSecret", client_secret),
            ("grantType", "refresh_token"),
            ("refreshToken", refresh_token),
        ]);
        let request = HttpRequest {
            method: "POST".into(),
            url: format!("{endpoint}/token"),
            headers: vec![("content-type".into(), "application/json".into())],
            body: json::to_text(&body)
                .map_err(|e| provider_error("sso-oidc CreateToken", e.to_string()))?
                .into_bytes(),
        };
        let resp = crate::auth::providers::send(
            self.ctx.transport.as_ref(),
            "sso-oidc CreateToken",
            &request,
        )?;
        if !resp.is_success() {
            return Err(provider_error(
                "sso-oidc CreateToken",
                format!("the token refresh got {}", describe_failure(&resp)),
            ));
        }
        let answer = parse_json("sso-oidc CreateToken", &resp.body)?;
        let (Some(access), Some(expires_in)) = (
            json_str(&answer, "accessToken"),
            json_u64(&answer, "expiresIn"),
        ) else {
            return Err(provider_error(
                "sso-oidc CreateToken",
                "the answer has no accessToken or expiresIn",
            ));
        };
        let expires_at = now + Duration::from_secs(expires_in.min(365 * 24 * 3600));
        let access = access.to_string();
        json::set_str(doc, "accessToken", &access);
        json::set_str(doc, "expiresAt", &crate::time::format_iso8601(expires_at));
        if let Some(rt) = json_str(&answer, "refreshToken") {
            json::set_str(doc, "refreshToken", rt);
        }
        log::debug!("refreshed the SSO token of profile {:?}", self.profile);
        Ok(Some(access))
    }

    /// The configured endpoint of `service`, else `https://<prefix>.<region>.amazonaws.com`.
    fn endpoint(&self, service: &str, prefix: &str) -> Result<String, CredentialsError> {
        if let Some(url) = self.ctx.settings.endpoint_url(service) {
            return crate::client::normalize_endpoint(&url, false)
                .map_err(|e| provider_error(NAME, e.to_string()));
        }
        let r = &self.region;
        if !r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') || r.is_empty() {
            return Err(provider_error(
                NAME,
                format!("sso_region {r:?} is not a region"),
            ));
        }
        let suffix = if r.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        Ok(format!("https://{prefix}.{r}.{suffix}"))
    }
}

impl ProvideCredentials for SsoProvider {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let token = self.access_token()?;
        header_safe(NAME, "the cached SSO access token", &token)?;
        let endpoint = self.endpoint("SSO", "portal.sso")?;
        let request = HttpRequest {
            method: "GET".into(),
            url: format!(
                "{endpoint}/federation/credentials?account_id={}&role_name={}",
                url_encode(&self.account_id),
                url_encode(&self.role_name)
            ),
            headers: vec![("x-amz-sso_bearer_token".into(), token)],
            body: Vec::new(),
        };
        let resp = crate::auth::providers::send(
            self.ctx.transport.as_ref(),
            "sso GetRoleCredentials",
            &request,
        )?;
        if matches!(resp.status, 401 | 403) {
            return Err(provider_error(
                NAME,
                format!(
                    "profile {:?}: the portal refused the login ({}); {}",
                    self.profile,
                    describe_failure(&resp),
                    self.login_hint()
                ),
            ));
        }
        if !resp.is_success() {
            return Err(provider_error(
                "sso GetRoleCredentials",
                format!(
                    "role {} in account {} got {}",
                    self.role_name,
                    self.account_id,
                    describe_failure(&resp)
                ),
            ));
        }
        let doc = parse_json("sso GetRoleCredentials", &resp.body)?;
        let role = member(&doc, "roleCredentials").ok_or_else(|| {
            provider_error(
                "sso GetRoleCredentials",
                "the answer has no roleCredentials",
            )
        })?;
        let mut creds = crate::auth::providers::credentials_from_json(
            "sso GetRoleCredentials",
            role,
            ["accessKeyId", "secretAccessKey", "sessionToken"],
            None,
        )?;
        if let Some(ms) = json_u64(role, "expiration") {
            creds = creds.with_expiry(from_millis(ms));
        }
        Ok(creds)
    }
}

/// The cache file's name: the SHA-1 of the session name (or start URL), in hex.
pub(crate) fn cache_key(key: &str) -> String {
    Sha1::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `doc` to a temporary file beside `path`, then renames it over `path`: a reader
/// sees the old file or the new one, never half of one.
fn write_atomically(path: &Path, doc: &Json) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("token"),
        std::process::id(),
        crate::random::uuid_v4().simple()
    ));
    let text = json::to_text(doc)?;
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_are_sha1_hex() {
        // FIPS 180 test vector.
        assert_eq!(cache_key("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }
}
