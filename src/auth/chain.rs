//! The default credentials chain: where [`Client::from_env`](crate::Client::from_env) and
//! [`ClientBuilder::build`](crate::ClientBuilder::build) find credentials, in the AWS CLI's
//! order.
//!
//! # Precedence
//!
//! Sources are tried in this order; the first one that is configured wins. A source that is
//! configured but fails (STS refuses the role, the SSO login expired, the process exits
//! non-zero) is an error, not a reason to try the next one.
//!
//! 1. **Environment**: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, plus
//!    `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION` when set. An empty variable counts
//!    as unset. One of the pair without the other is an error naming the missing variable.
//!    The legacy names `AWS_ACCESS_KEY`, `AWS_SECRET_KEY` and `AWS_SECURITY_TOKEN` are
//!    **not** read. Skipped when a profile was chosen with [`CredentialsChain::profile`], as
//!    `aws --profile` does.
//! 2. **Assume role** from the profile: `role_arn` with `source_profile` (a chain of any
//!    length; a loop is an error naming it) or `credential_source` (`Environment`,
//!    `EcsContainer`, `Ec2InstanceMetadata`), with `external_id`, `duration_seconds`,
//!    `role_session_name`; STS `AssumeRole`. `mfa_serial` is an error (interactive MFA is not
//!    supported).
//! 3. **Web identity**: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`
//!    (+ `AWS_ROLE_SESSION_NAME`), else the profile's `web_identity_token_file` + `role_arn`;
//!    STS `AssumeRoleWithWebIdentity`.
//! 4. **SSO**: the profile's `sso_session` (or legacy `sso_start_url`), `sso_account_id`,
//!    `sso_role_name`, with the token of `aws sso login` from `~/.aws/sso/cache`.
//! 5. **Shared credentials file** keys: `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`),
//!    section `[name]`: `aws_access_key_id`, `aws_secret_access_key`, optionally
//!    `aws_session_token` (`aws_security_token` accepted).
//! 6. **`credential_process`** of the profile.
//! 7. **Config file** keys: `~/.aws/config` (or `AWS_CONFIG_FILE`), section `[profile name]`,
//!    `[default]` or `[profile default]` for the default profile (keys in
//!    `[profile default]` win). Keys are never mixed across the two files.
//! 8. **The classic boto file**: the path in `BOTO_CONFIG` if set (and then only that file),
//!    otherwise `~/.boto` and then `/etc/boto.cfg`. Section `[Credentials]`.
//! 9. **Container endpoint**: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (ECS, CodeBuild) or
//!    `AWS_CONTAINER_CREDENTIALS_FULL_URI` with `AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]`
//!    (EKS Pod Identity).
//! 10. **EC2 instance metadata** (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`; nothing
//!     answering within the short timeout, or an answer without credentials (no role
//!     attached), ends the chain with [`CredentialsError::NotFound`] saying so.
//!
//! The profile is the one given to [`CredentialsChain::profile`], else `AWS_PROFILE`, else
//! `default`. A profile chosen by name that is in neither shared file is an error; a chosen
//! profile that exists but holds no credentials falls through to the boto file, the
//! container and the instance metadata, as in the AWS CLI. The home directory is `HOME` (on
//! Windows, `USERPROFILE` when `HOME` is unset), or the directory of
//! [`CredentialsChain::home_dir`]. The files' format is in [`crate::auth::ini`].
//!
//! # Errors
//!
//! - Nothing found: [`CredentialsError::NotFound`], whose `searched` lists every place looked
//!   at, in order, with why it gave nothing (`"/home/u/.aws/credentials: file not found"`).
//! - A file that exists but cannot be read (permissions, a directory, larger than 4 MiB):
//!   [`CredentialsError::Io`]. A missing file is not an error.
//! - A malformed file: [`CredentialsError::Malformed`], naming the file and line, never
//!   repeating the line.
//! - A profile problem (missing, half a key pair, a loop, `mfa_serial`):
//!   [`CredentialsError::Profile`].
//! - A configured source that failed: [`CredentialsError::Provider`], saying what to run or
//!   set.
//!
//! # Example
//!
//! ```
//! use std::collections::HashMap;
//! use cloudfront::CredentialsChain;
//!
//! // An injected environment: tests never need to touch the process environment.
//! let env: HashMap<&str, &str> = HashMap::from([
//!     ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
//!     ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
//! ]);
//! let chain = CredentialsChain::with_env(move |name| env.get(name).map(|v| v.to_string()))
//!     .home_dir("/nonexistent/home");
//! let creds = chain.resolve()?;
//! assert_eq!(creds.access_key_id(), "AKIDEXAMPLE");
//! # Ok::<(), cloudfront::CredentialsError>(())
//! ```

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::cache::CachedCredentials;
use crate::auth::files::SharedFiles;
use crate::auth::profile::{self, Source};
use crate::auth::providers::container::ContainerProvider;
use crate::auth::providers::imds::{ImdsFailure, ImdsProvider};
use crate::auth::providers::web_identity::WebIdentityProvider;
use crate::auth::providers::{Context, boto, environment};
use crate::auth::{Credentials, Environment, ProvideCredentials};
use crate::clock::{Clock, SystemClock};
use crate::error::CredentialsError;
use crate::settings::Settings;
use crate::transport::Transport;

/// The system-wide boto file, read after `~/.boto` when `BOTO_CONFIG` is unset.
const SYSTEM_BOTO_CONFIG: &str = "/etc/boto.cfg";
/// How long a `credential_process` may run by default.
const PROCESS_TIMEOUT: Duration = Duration::from_secs(60);

/// Looks for credentials in the AWS CLI's order (see the [module docs](self)).
///
/// [`CredentialsChain::default`] reads the process environment; [`CredentialsChain::with_env`]
/// and [`CredentialsChain::from_environment`] take an injected one, so tests need no
/// `std::env::set_var`. The chain holds no credentials itself: its `Debug` output shows only
/// the configuration.
///
/// [`resolve`](CredentialsChain::resolve) finds credentials once;
/// [`provider`](CredentialsChain::provider) gives a [`CachedCredentials`] that keeps asking
/// the source that worked, refreshing temporary credentials before they expire (this is
/// what [`ClientBuilder::build`](crate::ClientBuilder::build) uses). As a
/// [`ProvideCredentials`] the chain itself resolves again on every call.
///
/// ```
/// use cloudfront::CredentialsChain;
///
/// let dir = tempfile::tempdir()?;
/// std::fs::create_dir(dir.path().join(".aws"))?;
/// std::fs::write(
///     dir.path().join(".aws/credentials"),
///     "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n",
/// )?;
/// let creds = CredentialsChain::with_env(|_| None)
///     .home_dir(dir.path())
///     .profile("dev")
///     .resolve()?;
/// assert_eq!(creds.access_key_id(), "AKIDDEV");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct CredentialsChain {
    env: Environment,
    profile: Option<String>,
    system_boto_config: PathBuf,
    transport: Option<Arc<dyn Transport>>,
    metadata_transport: Option<Arc<dyn Transport>>,
    clock: Arc<dyn Clock>,
    process_timeout: Duration,
}

impl Default for CredentialsChain {
    /// The chain over the real process environment.
    fn default() -> Self {
        CredentialsChain::from_environment(Environment::process())
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsChain")
            .field("env", &self.env)
            .field("profile", &self.profile)
            .field("system_boto_config", &self.system_boto_config)
            .field("transport", &self.transport)
            .field("metadata_transport", &self.metadata_transport)
            .field("process_timeout", &self.process_timeout)
            .finish()
    }
}

impl CredentialsChain {
    /// A chain that reads environment variables through `env` instead of the process
    /// environment. `env` returns `None` for an unset variable.
    ///
    /// ```
    /// use cloudfront::CredentialsChain;
    ///
    /// let chain = CredentialsChain::with_env(|name| match name {
    ///     "AWS_ACCESS_KEY_ID" => Some("AKIDEXAMPLE".to_string()),
    ///     "AWS_SECRET_ACCESS_KEY" => Some("secret".to_string()),
    ///     _ => None,
    /// });
    /// assert_eq!(chain.resolve().unwrap().access_key_id(), "AKIDEXAMPLE");
    /// ```
    pub fn with_env(env: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        CredentialsChain::from_environment(Environment::from_fn(env))
    }

    /// A chain over an [`Environment`] (variables and home directory).
    pub fn from_environment(env: Environment) -> Self {
        CredentialsChain {
            env,
            profile: None,
            system_boto_config: PathBuf::from(SYSTEM_BOTO_CONFIG),
            transport: None,
            metadata_transport: None,
            clock: Arc::new(SystemClock::default()),
            process_timeout: PROCESS_TIMEOUT,
        }
    }

    /// Uses `dir` as the home directory (for `~/.aws/...`, `~/.boto` and `~/` in override
    /// paths) instead of `HOME` / `USERPROFILE`.
    pub fn home_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.env = self.env.home_dir(dir);
        self
    }

    /// Uses the named profile from the shared files, overriding `AWS_PROFILE`. Like
    /// `aws --profile`, this also skips the environment variables, and the profile must exist.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Replaces the system-wide boto file (`/etc/boto.cfg`), e.g. with a path that does not
    /// exist so that a test does not depend on the machine it runs on.
    pub fn system_boto_config(mut self, path: impl Into<PathBuf>) -> Self {
        self.system_boto_config = path.into();
        self
    }

    /// The transport for STS, SSO and SSO-OIDC. Default: the `ureq` transport (feature
    /// `ureq`).
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The transport for the container endpoint and the instance metadata service. Default:
    /// the `ureq` transport with a 1 s connect and 2 s overall timeout.
    pub fn metadata_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.metadata_transport = Some(transport);
        self
    }

    /// The clock for expiry decisions and signing STS requests. Default: the system clock.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// How long a `credential_process` may run before it is stopped (default 60 s).
    pub fn process_timeout(mut self, timeout: Duration) -> Self {
        self.process_timeout = timeout;
        self
    }

    /// The environment this chain reads.
    pub fn environment(&self) -> &Environment {
        &self.env
    }

    /// Finds credentials, or explains why there are none (see the [module docs](self)).
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        self.resolve_source(None).map(|(_, first)| first)
    }

    /// Finds the source of credentials once and returns a cache over it, holding the first
    /// credentials: temporary ones are refreshed from the same source before they expire.
    pub fn provider(&self) -> Result<CachedCredentials, CredentialsError> {
        let ((source, label), first) = self.resolve_source(None)?;
        log::debug!("AWS credentials: {label}");
        let cache = CachedCredentials::with_first(source, first).clock(self.clock.clone());
        Ok(cache)
    }

    /// The settings (files loaded once) this chain would use.
    pub fn settings(&self) -> Result<Settings, CredentialsError> {
        Settings::load(&self.env, self.profile.as_deref())
    }

    pub(crate) fn context(&self, settings: Settings) -> Context {
        Context {
            settings,
            transport: self.transport.clone().unwrap_or_else(default_transport),
            metadata_transport: self
                .metadata_transport
                .clone()
                .unwrap_or_else(default_metadata_transport),
            clock: self.clock.clone(),
            process_timeout: self.process_timeout,
        }
    }

    /// The source that yields credentials, and its first credentials.
    pub(crate) fn resolve_source(
        &self,
        settings: Option<Settings>,
    ) -> Result<(Source, Credentials), CredentialsError> {
        let settings = match settings {
            Some(s) => s,
            None => self.settings()?,
        };
        let ctx = self.context(settings);
        let mut searched = Vec::new();
        match self.find(&ctx, &mut searched)? {
            Some(Found::Ready(source, first)) => Ok((source, first)),
            Some(Found::Source(source)) => {
                let first = source.0.credentials()?;
                Ok((source, first))
            }
            None => Err(CredentialsError::NotFound { searched }),
        }
    }

    fn find(
        &self,
        ctx: &Context,
        searched: &mut Vec<String>,
    ) -> Result<Option<Found>, CredentialsError> {
        let env = &self.env;
        let settings = &ctx.settings;
        let files: &SharedFiles = settings.files();
        let name = settings.profile_name().to_string();

        // 1. Environment.
        if let Some(p) = &self.profile {
            searched.push(format!(
                "environment: not used because profile {p:?} was chosen explicitly"
            ));
        } else if let Some(creds) = environment::from_env(env, searched)? {
            log::debug!("using AWS credentials from the environment");
            return Ok(Some(Found::ready(creds, "environment")));
        }

        let profile = files.profile(&name);
        if profile.is_none() && settings.profile_was_chosen() {
            return Err(CredentialsError::Profile {
                profile: name.clone(),
                message: format!("not found: {}", files.why_no_profile(&name).join("; ")),
            });
        }
        if let Some(p) = &profile {
            // 2. Assume role.
            if let Some(s) = profile::assume_role(ctx, p, &mut Vec::new())? {
                return Ok(Some(Found::Source(s)));
            }
        }
        // 3. Web identity: environment, then profile.
        if let Some(w) = WebIdentityProvider::from_env(ctx)? {
            let label = format!("web identity {} (AWS_WEB_IDENTITY_TOKEN_FILE)", w.role_arn);
            return Ok(Some(Found::Source((
                Arc::new(CachedCredentials::new(Arc::new(w), ctx.clock.clone())),
                label,
            ))));
        }
        searched.push("web identity: AWS_WEB_IDENTITY_TOKEN_FILE not set".into());
        if let Some(p) = &profile {
            if let Some(s) = profile::profile_web_identity(ctx, p)? {
                return Ok(Some(Found::Source(s)));
            }
            // 4. SSO.
            if let Some(s) = profile::sso(ctx, p)? {
                return Ok(Some(Found::Source(s)));
            }
            // 5. Credentials file.
            if let Some(section) = p.credentials {
                let file = files.credentials_loc.file_name();
                if let Some(c) = profile::static_keys(&[section], &file, &name)? {
                    log::debug!("using AWS credentials from {file} [{name}]");
                    return Ok(Some(Found::ready(c, "shared credentials file")));
                }
            }
            // 6. credential_process.
            if let Some(s) = profile::process(ctx, p) {
                return Ok(Some(Found::Source(s)));
            }
            // 7. Config file.
            let file = files.config_loc.file_name();
            if let Some(c) = profile::static_keys(&p.config, &file, &name)? {
                log::debug!("using AWS credentials from {file} [{name}]");
                return Ok(Some(Found::ready(c, "config file")));
            }
            searched.push(format!(
                "profile {name:?}: no credentials ({})",
                describe_unused(p)
            ));
        } else {
            searched.extend(files.why_no_profile(&name));
        }
        // 8. Boto.
        if let Some(c) = boto::from_boto(env, &self.system_boto_config, searched)? {
            return Ok(Some(Found::ready(c, "boto file")));
        }
        // 9. Container.
        if let Some(c) = ContainerProvider::from_env(ctx)? {
            return Ok(Some(Found::Source((
                Arc::new(CachedCredentials::new(Arc::new(c), ctx.clock.clone())),
                "container endpoint".into(),
            ))));
        }
        searched.push(
            "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set"
                .into(),
        );
        // 10. Instance metadata.
        match ImdsProvider::from_settings(ctx)? {
            None => searched.push("instance metadata: AWS_EC2_METADATA_DISABLED is true".into()),
            Some(imds) => match imds.fetch() {
                Ok(first) => {
                    let source: Arc<dyn ProvideCredentials> = Arc::new(imds);
                    return Ok(Some(Found::Ready(
                        (source, "instance metadata".into()),
                        first,
                    )));
                }
                Err(ImdsFailure::Unreachable(why)) => searched.push(format!(
                    "instance metadata {}: no answer ({why}); not on EC2?",
                    imds.endpoint()
                )),
                // As in the AWS CLI, a metadata service without usable credentials ends the
                // chain with "not found"; the reason is kept in `searched`.
                Err(ImdsFailure::Failed(e)) => {
                    searched.push(format!("instance metadata {}: {e}", imds.endpoint()))
                }
            },
        }
        Ok(None)
    }
}

/// What the profile has that is not a source of credentials, for `searched`.
fn describe_unused(p: &crate::auth::files::Profile<'_>) -> String {
    let keys: Vec<&str> = ["role_arn", "source_profile", "credential_source"]
        .into_iter()
        .filter(|k| p.get(k).is_some())
        .collect();
    if keys.is_empty() {
        "no keys, role, SSO, web identity or credential_process".to_string()
    } else {
        format!(
            "it sets {} without source_profile, credential_source or web_identity_token_file",
            keys.join(", ")
        )
    }
}

enum Found {
    /// A source not asked yet.
    Source(Source),
    /// A source and the credentials it already gave.
    Ready(Source, Credentials),
}

impl Found {
    fn ready(creds: Credentials, label: &str) -> Found {
        Found::Ready((Arc::new(creds.clone()), label.to_string()), creds)
    }
}

impl ProvideCredentials for CredentialsChain {
    /// Resolves the chain again (re-reading the files) on every call.
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.resolve()
    }
}

#[cfg(feature = "ureq")]
fn default_transport() -> Arc<dyn Transport> {
    Arc::new(crate::transport::UreqTransport::new())
}

#[cfg(feature = "ureq")]
fn default_metadata_transport() -> Arc<dyn Transport> {
    Arc::new(
        crate::transport::UreqTransport::builder()
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(2))
            .proxy_from_env(false)
            .build(),
    )
}

#[cfg(not(feature = "ureq"))]
fn default_transport() -> Arc<dyn Transport> {
    Arc::new(NoTransport)
}

#[cfg(not(feature = "ureq"))]
fn default_metadata_transport() -> Arc<dyn Transport> {
    Arc::new(NoTransport)
}

/// Without the `ureq` feature and without a transport given, nothing can be fetched.
#[cfg(not(feature = "ureq"))]
#[derive(Debug)]
struct NoTransport;

#[cfg(not(feature = "ureq"))]
impl Transport for NoTransport {
    fn send(
        &self,
        _request: &crate::transport::HttpRequest,
    ) -> Result<crate::transport::HttpResponse, crate::transport::TransportError> {
        Err(crate::transport::TransportError::new(
            crate::transport::TransportErrorKind::InvalidRequest,
            "no transport: enable the `ureq` feature or give the credentials chain a transport",
        ))
    }
}
