//! What a profile of the shared files turns into: static keys, an assumed role (with a
//! `source_profile` chain of any length or a `credential_source`), web identity, SSO or a
//! `credential_process`.

use std::sync::Arc;

use crate::auth::cache::CachedCredentials;
use crate::auth::files::Profile;
use crate::auth::ini::IniSection;
use crate::auth::providers::Context;
use crate::auth::providers::assume_role::AssumeRoleProvider;
use crate::auth::providers::container::ContainerProvider;
use crate::auth::providers::environment::EnvironmentProvider;
use crate::auth::providers::imds::ImdsProvider;
use crate::auth::providers::process::ProcessProvider;
use crate::auth::providers::sso::SsoProvider;
use crate::auth::providers::sts::AssumeRoleParams;
use crate::auth::providers::web_identity::WebIdentityProvider;
use crate::auth::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;

/// A source with a name for logs and messages.
pub(crate) type Source = (Arc<dyn ProvideCredentials>, String);

fn cached(ctx: &Context, p: impl ProvideCredentials + 'static) -> Arc<dyn ProvideCredentials> {
    Arc::new(CachedCredentials::new(Arc::new(p), ctx.clock.clone()))
}

/// Static keys from one file's sections (later sections win); `Ok(None)` when the pair is
/// absent, an error when half of it is there.
pub(crate) fn static_keys(
    sections: &[&IniSection],
    file: &str,
    profile: &str,
) -> Result<Option<Credentials>, CredentialsError> {
    let get = |key: &str| {
        sections
            .iter()
            .rev()
            .find_map(|s| s.get(key))
            .filter(|v| !v.is_empty())
    };
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            let mut creds = Credentials::new(id, secret);
            if let Some(token) = get("aws_session_token").or_else(|| get("aws_security_token")) {
                creds = creds.with_session_token(token);
            }
            Ok(Some(creds))
        }
        (None, None) => Ok(None),
        (id, _) => {
            let (has, lacks) = if id.is_some() {
                ("aws_access_key_id", "aws_secret_access_key")
            } else {
                ("aws_secret_access_key", "aws_access_key_id")
            };
            Err(CredentialsError::Profile {
                profile: profile.to_string(),
                message: format!("{file} sets {has} but not {lacks}"),
            })
        }
    }
}

/// Static keys of a profile: the credentials file's pair, else the config file's.
fn any_static_keys(
    ctx: &Context,
    p: &Profile<'_>,
) -> Result<Option<Credentials>, CredentialsError> {
    let files = ctx.settings.files();
    if let Some(s) = p.credentials {
        if let Some(c) = static_keys(&[s], &files.credentials_loc.file_name(), &p.name)? {
            return Ok(Some(c));
        }
    }
    static_keys(&p.config, &files.config_loc.file_name(), &p.name)
}

/// `role_arn` with `source_profile` or `credential_source`: `Ok(None)` when the profile has
/// neither (a `role_arn` alone belongs to web identity).
pub(crate) fn assume_role(
    ctx: &Context,
    p: &Profile<'_>,
    visited: &mut Vec<String>,
) -> Result<Option<Source>, CredentialsError> {
    let Some(role_arn) = p.get("role_arn") else {
        return Ok(None);
    };
    let source_profile = p.get("source_profile");
    let credential_source = p.get("credential_source");
    let err = |m: String| CredentialsError::Profile {
        profile: p.name.clone(),
        message: m,
    };
    let (source, source_label): (Arc<dyn ProvideCredentials>, String) =
        match (source_profile, credential_source) {
            (None, None) => return Ok(None),
            (Some(_), Some(_)) => {
                return Err(err(
                    "sets both source_profile and credential_source; keep one".into(),
                ));
            }
            (Some(src), None) => {
                visited.push(p.name.clone());
                let s = source_profile_credentials(ctx, src, visited)?;
                (s.0, format!("source_profile {src:?} ({})", s.1))
            }
            (None, Some(cs)) => (
                credential_source_provider(ctx, &p.name, cs)?,
                format!("credential_source {cs}"),
            ),
        };
    if p.get("mfa_serial").is_some() {
        return Err(err(
            "sets mfa_serial: assuming a role with an interactive MFA code is not supported; \
             get temporary credentials another way (e.g. `aws sts get-session-token`) or use SSO"
                .into(),
        ));
    }
    let duration_seconds = match p.get("duration_seconds") {
        None => None,
        Some(d) => Some(
            d.trim()
                .parse::<u32>()
                .ok()
                .filter(|d| (900..=43_200).contains(d))
                .ok_or_else(|| {
                    err(format!(
                        "duration_seconds {d:?} is not a number of seconds from 900 to 43200"
                    ))
                })?,
        ),
    };
    let session = p.get("role_session_name");
    let provider = AssumeRoleProvider {
        ctx: ctx.clone(),
        source,
        params: AssumeRoleParams {
            role_arn: role_arn.to_string(),
            session_name: session.unwrap_or_default().to_string(),
            external_id: p.get("external_id").map(str::to_string),
            duration_seconds,
        },
        default_session_name: session.is_none(),
    };
    Ok(Some((
        cached(ctx, provider),
        format!(
            "profile {:?}: assume role {role_arn} with {source_label}",
            p.name
        ),
    )))
}

/// The credentials of a `source_profile`, as botocore resolves them: its static keys when it
/// has them (or it names itself), else its own role, else its web identity, SSO or process.
fn source_profile_credentials(
    ctx: &Context,
    name: &str,
    visited: &mut Vec<String>,
) -> Result<Source, CredentialsError> {
    let files = ctx.settings.files();
    let current = visited.last().cloned().unwrap_or_default();
    let p = files
        .profile(name)
        .ok_or_else(|| CredentialsError::Profile {
            profile: current.clone(),
            message: format!(
                "source_profile {name:?} does not exist ({})",
                files.why_no_profile(name).join("; ")
            ),
        })?;
    let keys = any_static_keys(ctx, &p)?;
    if visited.iter().any(|v| v == name) {
        if name == current {
            if let Some(k) = keys {
                return Ok((Arc::new(k), format!("static keys of profile {name:?}")));
            }
        }
        let mut chain = visited.clone();
        chain.push(name.to_string());
        return Err(CredentialsError::Profile {
            profile: visited.first().cloned().unwrap_or_default(),
            message: format!(
                "source_profile loop: {} (a profile may name itself only when it has static keys)",
                chain.join(" -> ")
            ),
        });
    }
    if let Some(k) = keys.filter(|_| p.get("role_arn").is_none()) {
        return Ok((Arc::new(k), format!("static keys of profile {name:?}")));
    }
    if let Some(s) = assume_role(ctx, &p, visited)? {
        return Ok(s);
    }
    if let Some(s) = profile_web_identity(ctx, &p)? {
        return Ok(s);
    }
    if let Some(s) = sso(ctx, &p)? {
        return Ok(s);
    }
    if let Some(k) = any_static_keys(ctx, &p)? {
        return Ok((Arc::new(k), format!("static keys of profile {name:?}")));
    }
    if let Some(s) = process(ctx, &p) {
        return Ok(s);
    }
    Err(CredentialsError::Profile {
        profile: current,
        message: format!("source_profile {name:?} has no credentials"),
    })
}

/// `credential_source = Environment | EcsContainer | Ec2InstanceMetadata`.
fn credential_source_provider(
    ctx: &Context,
    profile: &str,
    source: &str,
) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
    let err = |m: String| CredentialsError::Profile {
        profile: profile.to_string(),
        message: m,
    };
    match source {
        "Environment" => Ok(Arc::new(EnvironmentProvider {
            env: ctx.settings.environment().clone(),
        })),
        "EcsContainer" => match ContainerProvider::from_env(ctx)? {
            Some(p) => Ok(cached(ctx, p)),
            None => Err(err(
                "credential_source EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set".into(),
            )),
        },
        "Ec2InstanceMetadata" => match ImdsProvider::from_settings(ctx)? {
            Some(p) => Ok(cached(ctx, p)),
            None => Err(err(
                "credential_source Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true".into(),
            )),
        },
        other => Err(err(format!(
            "credential_source {other:?}: expected Environment, EcsContainer or Ec2InstanceMetadata"
        ))),
    }
}

/// Web identity from a profile's `web_identity_token_file` + `role_arn`.
pub(crate) fn profile_web_identity(
    ctx: &Context,
    p: &Profile<'_>,
) -> Result<Option<Source>, CredentialsError> {
    let Some(file) = p.get("web_identity_token_file") else {
        return Ok(None);
    };
    let role_arn = p.get("role_arn").ok_or_else(|| CredentialsError::Profile {
        profile: p.name.clone(),
        message: "sets web_identity_token_file but not role_arn".into(),
    })?;
    let provider = WebIdentityProvider {
        ctx: ctx.clone(),
        token_file: ctx.settings.environment().expand_tilde(file),
        role_arn: role_arn.to_string(),
        session_name: p.get("role_session_name").map(str::to_string),
    };
    Ok(Some((
        cached(ctx, provider),
        format!("profile {:?}: web identity {role_arn}", p.name),
    )))
}

/// SSO from a profile.
pub(crate) fn sso(ctx: &Context, p: &Profile<'_>) -> Result<Option<Source>, CredentialsError> {
    Ok(SsoProvider::from_profile(ctx, p)?
        .map(|s| (cached(ctx, s), format!("profile {:?}: SSO", p.name))))
}

/// `credential_process` from a profile.
pub(crate) fn process(ctx: &Context, p: &Profile<'_>) -> Option<Source> {
    let command = p.get("credential_process")?;
    let provider = ProcessProvider {
        profile: p.name.clone(),
        command: command.to_string(),
        timeout: ctx.process_timeout,
    };
    Some((
        cached(ctx, provider),
        format!("profile {:?}: credential_process", p.name),
    ))
}
