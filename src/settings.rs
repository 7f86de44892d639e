//! Settings people set, read the way the AWS CLI reads them: an environment variable first,
//! then the active profile of `~/.aws/config` (`AWS_PROFILE`, `AWS_CONFIG_FILE`).
//!
//! | Setting | Environment | Profile key |
//! |---|---|---|
//! | profile | `AWS_PROFILE` | |
//! | region | `AWS_REGION`, then `AWS_DEFAULT_REGION` | `region` |
//! | endpoint of service *S* | `AWS_ENDPOINT_URL_<S>`, then `[services x]` *S* `endpoint_url`, then `AWS_ENDPOINT_URL`, then `endpoint_url` | (same) |
//! | ignore the endpoints above | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` | `ignore_configured_endpoint_urls` |
//! | attempts | `AWS_MAX_ATTEMPTS` | `max_attempts` |
//! | retry mode | `AWS_RETRY_MODE` | `retry_mode` |
//! | FIPS endpoints | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` |
//! | STS endpoints | `AWS_STS_REGIONAL_ENDPOINTS` | `sts_regional_endpoints` |
//! | CA bundle (PEM) | `AWS_CA_BUNDLE` | `ca_bundle` |
//!
//! *S* is the service id in upper case with spaces as `_` for the environment
//! (`CLOUDFRONT`, `STS`, `SSO`, `SSO_OIDC`) and in lower case for the `services` section
//! (`cloudfront`, `sts`, `sso`, `sso_oidc`). The services section is the one the profile's
//! `services` key names.

use std::sync::Arc;

use crate::auth::Environment;
use crate::auth::files::{Profile, SharedFiles};
use crate::error::{CredentialsError, InvalidInput};

/// The environment and the shared config files, with the active profile: where every
/// setting of the [module table](self) is looked up.
///
/// ```
/// use cloudfront::auth::Environment;
/// use cloudfront::settings::Settings;
///
/// let env = Environment::from_vars([
///     ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"),
///     ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5001"),
///     ("AWS_REGION", "eu-west-1"),
/// ])
/// .home_dir("/nonexistent");
/// let settings = Settings::load(&env, None)?;
/// assert_eq!(settings.region().as_deref(), Some("eu-west-1"));
/// assert_eq!(settings.endpoint_url("STS").as_deref(), Some("http://127.0.0.1:5001"));
/// assert_eq!(settings.endpoint_url("CloudFront").as_deref(), Some("http://127.0.0.1:5000"));
/// # Ok::<(), cloudfront::CredentialsError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Settings {
    env: Environment,
    files: Arc<SharedFiles>,
    profile: String,
    explicit_profile: bool,
}

impl Settings {
    /// Reads the shared files once. `profile` overrides `AWS_PROFILE` (like `aws --profile`).
    ///
    /// # Errors
    /// A shared file that exists but cannot be read or parsed.
    pub fn load(env: &Environment, profile: Option<&str>) -> Result<Settings, CredentialsError> {
        let files = SharedFiles::load(env)?;
        Ok(Settings::with_files(env, Arc::new(files), profile))
    }

    pub(crate) fn with_files(
        env: &Environment,
        files: Arc<SharedFiles>,
        profile: Option<&str>,
    ) -> Settings {
        let (profile, explicit_profile) = match (profile, env.var("AWS_PROFILE")) {
            (Some(p), _) => (p.to_string(), true),
            (None, Some(p)) => (p.trim().to_string(), true),
            (None, None) => ("default".to_string(), false),
        };
        Settings {
            env: env.clone(),
            files,
            profile,
            explicit_profile,
        }
    }

    /// The environment these settings read.
    pub fn environment(&self) -> &Environment {
        &self.env
    }

    /// The active profile's name (`default` unless chosen).
    pub fn profile_name(&self) -> &str {
        &self.profile
    }

    /// Whether the profile was chosen (`AWS_PROFILE` or explicitly) rather than `default`.
    pub fn profile_was_chosen(&self) -> bool {
        self.explicit_profile
    }

    pub(crate) fn files(&self) -> &SharedFiles {
        &self.files
    }

    pub(crate) fn active_profile(&self) -> Option<Profile<'_>> {
        self.files.profile(&self.profile)
    }

    /// The environment variable `var`, else `key` in the active profile (config file).
    pub fn get(&self, var: &str, key: &str) -> Option<String> {
        self.env
            .var(var)
            .map(|v| v.trim().to_string())
            .or_else(|| self.profile_value(key))
    }

    /// `key` in the active profile of the config file.
    pub fn profile_value(&self, key: &str) -> Option<String> {
        self.active_profile()?.config_get(key).map(str::to_string)
    }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    pub fn region(&self) -> Option<String> {
        self.env
            .var("AWS_REGION")
            .or_else(|| self.env.var("AWS_DEFAULT_REGION"))
            .map(|v| v.trim().to_string())
            .or_else(|| self.profile_value("region"))
    }

    /// A boolean setting (`true` / `false`); `None` when unset or not a boolean.
    pub fn flag(&self, var: &str, key: &str) -> Option<bool> {
        match self.get(var, key)?.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The configured endpoint of `service` (`CloudFront`, `STS`, `SSO`, `SSO OIDC`), in the
    /// order of the [module table](self); `None` when none is set or
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls` is true.
    pub fn endpoint_url(&self, service: &str) -> Option<String> {
        if self
            .flag(
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                "ignore_configured_endpoint_urls",
            )
            .unwrap_or(false)
        {
            return None;
        }
        let env_id = service.to_ascii_uppercase().replace([' ', '-'], "_");
        let key = service.to_ascii_lowercase().replace([' ', '-'], "_");
        if let Some(url) = self.env.var(&format!("AWS_ENDPOINT_URL_{env_id}")) {
            return Some(url.trim().to_string());
        }
        let from_services = self
            .profile_value("services")
            .and_then(|name| self.files.services(&name))
            .and_then(|section| section.sub(&key, "endpoint_url"))
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        from_services
            .or_else(|| {
                self.env
                    .var("AWS_ENDPOINT_URL")
                    .map(|v| v.trim().to_string())
            })
            .or_else(|| self.profile_value("endpoint_url"))
    }
}

/// The settings a [`crate::Client`] takes from [`Settings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    /// [`Settings::region`].
    pub region: Option<String>,
    /// `AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint`.
    pub use_fips: bool,
    /// [`Settings::endpoint_url`] of `CloudFront`.
    pub endpoint_url: Option<String>,
    /// `AWS_MAX_ATTEMPTS` / `max_attempts`.
    pub max_attempts: Option<u32>,
    /// `AWS_CA_BUNDLE` / `ca_bundle`: a PEM file of the roots to trust instead of the
    /// bundled ones (read by the default transport).
    pub ca_bundle: Option<String>,
    /// `CLOUDFRONT_ALLOW_HTTP=true`: the one explicit opt-in to a plain `http://` endpoint on a
    /// host that is not loopback (an emulator in another container, say), as
    /// [`ClientBuilder::allow_http`](crate::ClientBuilder::allow_http). Never on by default.
    pub allow_http: bool,
}

impl ClientSettings {
    /// Reads and checks them.
    ///
    /// # Errors
    /// [`InvalidInput`] for a `max_attempts` that is not a positive number, a `retry_mode`
    /// other than `standard` or `legacy` (`adaptive`, the SDKs' client-side rate limiting, is
    /// not implemented: say `standard`), or a `use_fips_endpoint` that is not a boolean.
    pub fn from_settings(s: &Settings) -> Result<ClientSettings, InvalidInput> {
        let max_attempts = match s.get("AWS_MAX_ATTEMPTS", "max_attempts") {
            None => None,
            Some(v) => Some(v.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                InvalidInput::new(format!(
                    "AWS_MAX_ATTEMPTS / max_attempts {v:?}: expected a whole number of at least 1"
                ))
            })?),
        };
        match s
            .get("AWS_RETRY_MODE", "retry_mode")
            .map(|m| m.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("standard") | Some("legacy") => {}
            Some("adaptive") => {
                return Err(InvalidInput::new(
                    "AWS_RETRY_MODE / retry_mode \"adaptive\" (client-side rate limiting) is not supported by this crate; use \"standard\"",
                ));
            }
            Some(other) => {
                return Err(InvalidInput::new(format!(
                    "AWS_RETRY_MODE / retry_mode {other:?}: expected standard, legacy or adaptive"
                )));
            }
        }
        let use_fips = match s.get("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint") {
            None => false,
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(InvalidInput::new(format!(
                        "AWS_USE_FIPS_ENDPOINT / use_fips_endpoint {v:?}: expected true or false"
                    )));
                }
            },
        };
        let allow_http = match s
            .env
            .var("CLOUDFRONT_ALLOW_HTTP")
            .map(|v| v.trim().to_ascii_lowercase())
        {
            None => false,
            Some(v) if v == "true" || v == "1" => true,
            Some(v) if v == "false" || v == "0" || v.is_empty() => false,
            Some(v) => {
                return Err(InvalidInput::new(format!(
                    "CLOUDFRONT_ALLOW_HTTP {v:?}: expected true or false"
                )));
            }
        };
        Ok(ClientSettings {
            allow_http,
            region: s.region(),
            use_fips,
            endpoint_url: s.endpoint_url("CloudFront"),
            max_attempts,
            ca_bundle: s.get("AWS_CA_BUNDLE", "ca_bundle"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)], config: &str) -> (tempfile::TempDir, Settings) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(dir.path().join(".aws/config"), config).unwrap();
        let env = Environment::from_vars(vars.iter().copied()).home_dir(dir.path());
        let s = Settings::load(&env, None).unwrap();
        (dir, s)
    }

    const CONFIG: &str = "[default]\nregion = us-west-2\nendpoint_url = https://profile.example\nservices = local\n\
        [services local]\nsts =\n  endpoint_url = http://127.0.0.1:7001\n\
        [profile other]\nregion = eu-central-1\n";

    #[test]
    fn endpoint_precedence_service_env_then_services_then_global_env_then_profile() {
        let (_d, s) = settings(
            &[
                ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9"),
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:8"),
            ],
            CONFIG,
        );
        assert_eq!(s.endpoint_url("STS").as_deref(), Some("http://127.0.0.1:9"));
        let (_d, s) = settings(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:8")], CONFIG);
        assert_eq!(
            s.endpoint_url("STS").as_deref(),
            Some("http://127.0.0.1:7001")
        );
        assert_eq!(
            s.endpoint_url("CloudFront").as_deref(),
            Some("http://127.0.0.1:8")
        );
        let (_d, s) = settings(&[], CONFIG);
        assert_eq!(
            s.endpoint_url("SSO OIDC").as_deref(),
            Some("https://profile.example")
        );
        let (_d, s) = settings(
            &[
                ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9"),
                ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ],
            CONFIG,
        );
        assert_eq!(s.endpoint_url("STS"), None);
        assert_eq!(s.endpoint_url("CloudFront"), None);
    }

    #[test]
    fn region_precedence() {
        let (_d, s) = settings(
            &[("AWS_REGION", "ap-south-1"), ("AWS_DEFAULT_REGION", "x")],
            CONFIG,
        );
        assert_eq!(s.region().as_deref(), Some("ap-south-1"));
        let (_d, s) = settings(&[("AWS_DEFAULT_REGION", "sa-east-1")], CONFIG);
        assert_eq!(s.region().as_deref(), Some("sa-east-1"));
        let (_d, s) = settings(&[], CONFIG);
        assert_eq!(s.region().as_deref(), Some("us-west-2"));
        let (_d, s) = settings(&[("AWS_PROFILE", "other")], CONFIG);
        assert_eq!(s.region().as_deref(), Some("eu-central-1"));
        assert_eq!(s.profile_name(), "other");
    }

    #[test]
    fn client_settings_are_checked() {
        let (_d, s) = settings(
            &[("AWS_MAX_ATTEMPTS", "7")],
            "[default]\nretry_mode = standard\n",
        );
        let c = ClientSettings::from_settings(&s).unwrap();
        assert_eq!(c.max_attempts, Some(7));
        assert!(!c.use_fips);
        let (_d, s) = settings(
            &[],
            "[default]\nmax_attempts = 2\nuse_fips_endpoint = true\n",
        );
        let c = ClientSettings::from_settings(&s).unwrap();
        assert_eq!((c.max_attempts, c.use_fips), (Some(2), true));
        for (vars, config) in [
            (vec![("AWS_MAX_ATTEMPTS", "0")], ""),
            (vec![("AWS_MAX_ATTEMPTS", "many")], ""),
            (vec![("AWS_RETRY_MODE", "adaptive")], ""),
            (vec![], "[default]\nretry_mode = fast\n"),
            (vec![("AWS_USE_FIPS_ENDPOINT", "yes")], ""),
        ] {
            let (_d, s) = settings(&vars, config);
            assert!(
                ClientSettings::from_settings(&s).is_err(),
                "{vars:?} {config}"
            );
        }
    }
}
