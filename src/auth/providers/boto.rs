//! The classic boto file: `BOTO_CONFIG`, else `~/.boto` and then `/etc/boto.cfg`, section
//! `[Credentials]`.

use std::path::Path;

use crate::auth::Credentials;
use crate::auth::Environment;
use crate::auth::files::{Loaded, Location, load};
use crate::error::CredentialsError;

/// Credentials from the first boto file with a `[Credentials]` key pair.
pub(crate) fn from_boto(
    env: &Environment,
    system_boto_config: &Path,
    searched: &mut Vec<String>,
) -> Result<Option<Credentials>, CredentialsError> {
    let locations = match env.var("BOTO_CONFIG") {
        Some(value) => {
            let path = env.expand_tilde(value.trim());
            vec![Location {
                label: format!("{} (BOTO_CONFIG)", path.display()),
                path: Some(path),
            }]
        }
        None => vec![
            Location::in_home(env, ".boto"),
            Location::at(system_boto_config.to_path_buf()),
        ],
    };
    for loc in locations {
        let ini = match load(&loc)? {
            Loaded::Missing(why) => {
                searched.push(format!("{}: {why}", loc.label));
                continue;
            }
            Loaded::Ini(ini) => ini,
        };
        let Some(section) = ini.section("Credentials") else {
            searched.push(format!("{}: no [Credentials] section", loc.label));
            continue;
        };
        let non_empty = |k: &str| section.get(k).filter(|v| !v.is_empty());
        match (
            non_empty("aws_access_key_id"),
            non_empty("aws_secret_access_key"),
        ) {
            (Some(id), Some(secret)) => {
                let mut creds = Credentials::new(id, secret);
                if let Some(token) = non_empty("aws_security_token") {
                    creds = creds.with_session_token(token);
                }
                log::debug!("using AWS credentials from {}", loc.label);
                return Ok(Some(creds));
            }
            (None, None) => searched.push(format!(
                "{}: [Credentials] has no aws_access_key_id or aws_secret_access_key",
                loc.label
            )),
            (id, _) => {
                let (has, lacks) = if id.is_some() {
                    ("aws_access_key_id", "aws_secret_access_key")
                } else {
                    ("aws_secret_access_key", "aws_access_key_id")
                };
                return Err(CredentialsError::Malformed {
                    file: loc.file_name(),
                    line: section.line(),
                    message: format!("[Credentials] sets {has} but not {lacks}"),
                });
            }
        }
    }
    Ok(None)
}
