//! Loading the shared AWS files (`~/.aws/credentials`, `~/.aws/config`) and the boto files,
//! and finding profiles, `sso-session` and `services` sections in them.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::auth::Environment;
use crate::auth::ini::{IniFile, IniSection, parse_ini};
use crate::error::CredentialsError;

/// Files larger than this are refused with [`CredentialsError::Io`] rather than read whole.
pub(crate) const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A file the chain looks at.
#[derive(Debug, Clone)]
pub(crate) struct Location {
    /// `None` when the home directory is unknown.
    pub(crate) path: Option<PathBuf>,
    /// How the file is named in `searched` and error messages.
    pub(crate) label: String,
}

impl Location {
    /// The path in `var` if set (with `~/` expanded), else `~/<rel>`.
    pub(crate) fn from_var_or_home(env: &Environment, var: &str, rel: &str) -> Location {
        if let Some(value) = env.var(var) {
            let path = env.expand_tilde(value.trim());
            let label = format!("{} ({var})", path.display());
            return Location {
                path: Some(path),
                label,
            };
        }
        Location::in_home(env, rel)
    }

    /// `~/<rel>`.
    pub(crate) fn in_home(env: &Environment, rel: &str) -> Location {
        match env.home() {
            Some(home) => {
                let path = home.join(rel);
                Location {
                    label: path.display().to_string(),
                    path: Some(path),
                }
            }
            None => Location {
                path: None,
                label: format!("~/{rel}"),
            },
        }
    }

    /// A fixed path.
    pub(crate) fn at(path: PathBuf) -> Location {
        Location {
            label: path.display().to_string(),
            path: Some(path),
        }
    }

    pub(crate) fn file_name(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => self.label.clone(),
        }
    }
}

/// A file's content, or why there is none.
#[derive(Debug, Clone)]
pub(crate) enum Loaded {
    Missing(String),
    Ini(IniFile),
}

impl Loaded {
    pub(crate) fn ini(&self) -> Option<&IniFile> {
        match self {
            Loaded::Ini(ini) => Some(ini),
            Loaded::Missing(_) => None,
        }
    }
}

/// Reads and parses the INI file at `loc`. A missing file is [`Loaded::Missing`], not an
/// error.
pub(crate) fn load(loc: &Location) -> Result<Loaded, CredentialsError> {
    let Some(path) = &loc.path else {
        return Ok(Loaded::Missing(
            "home directory unknown (HOME is not set)".to_string(),
        ));
    };
    let file = loc.file_name();
    let bytes = match read_limited(path) {
        Ok(bytes) => bytes,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(Loaded::Missing("file not found".to_string()));
        }
        Err(e) => {
            return Err(CredentialsError::Io {
                file,
                message: e.to_string(),
            });
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return Err(CredentialsError::Malformed {
                file,
                line,
                message: "not valid UTF-8 text".to_string(),
            });
        }
    };
    parse_ini(&text, &file).map(Loaded::Ini)
}

/// The whole file, refused when larger than [`MAX_FILE_BYTES`].
pub(crate) fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io::Error::other(format!(
            "file is larger than {MAX_FILE_BYTES} bytes"
        )));
    }
    Ok(bytes)
}

/// `~/.aws/credentials` and `~/.aws/config` (or the files named by
/// `AWS_SHARED_CREDENTIALS_FILE` / `AWS_CONFIG_FILE`), loaded once.
#[derive(Debug, Clone)]
pub(crate) struct SharedFiles {
    pub(crate) credentials_loc: Location,
    pub(crate) credentials: Loaded,
    pub(crate) config_loc: Location,
    pub(crate) config: Loaded,
}

impl SharedFiles {
    pub(crate) fn load(env: &Environment) -> Result<SharedFiles, CredentialsError> {
        let credentials_loc =
            Location::from_var_or_home(env, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
        let config_loc = Location::from_var_or_home(env, "AWS_CONFIG_FILE", ".aws/config");
        Ok(SharedFiles {
            credentials: load(&credentials_loc)?,
            credentials_loc,
            config: load(&config_loc)?,
            config_loc,
        })
    }

    /// Profile `name` as found in both files; `None` when neither has it.
    pub(crate) fn profile(&self, name: &str) -> Option<Profile<'_>> {
        let credentials = self.credentials.ini().and_then(|ini| ini.section(name));
        let config = self
            .config
            .ini()
            .map(|ini| config_profile_sections(ini, name))
            .unwrap_or_default();
        if credentials.is_none() && config.is_empty() {
            return None;
        }
        Some(Profile {
            name: name.to_string(),
            credentials,
            config,
        })
    }

    /// The `[sso-session name]` section of the config file.
    pub(crate) fn sso_session(&self, name: &str) -> Option<&IniSection> {
        self.config.ini()?.section(&format!("sso-session {name}"))
    }

    /// The `[services name]` section of the config file.
    pub(crate) fn services(&self, name: &str) -> Option<&IniSection> {
        self.config.ini()?.section(&format!("services {name}"))
    }

    /// Why profile `name` was not found in either file (for messages).
    pub(crate) fn why_no_profile(&self, name: &str) -> Vec<String> {
        let mut notes = Vec::new();
        match &self.credentials {
            Loaded::Missing(why) => notes.push(format!("{}: {why}", self.credentials_loc.label)),
            Loaded::Ini(ini) => {
                let mut why = format!("no [{name}] section");
                if ini.section(&format!("profile {name}")).is_some() {
                    why.push_str(" (found [profile ...]: the credentials file names profiles without the \"profile \" prefix)");
                }
                notes.push(format!("{}: {why}", self.credentials_loc.label));
            }
        }
        match &self.config {
            Loaded::Missing(why) => notes.push(format!("{}: {why}", self.config_loc.label)),
            Loaded::Ini(ini) => {
                let mut why = if name == "default" {
                    "no [default] or [profile default] section".to_string()
                } else {
                    format!("no [profile {name}] section")
                };
                if name != "default" && ini.section(name).is_some() {
                    why.push_str(&format!(
                        " (found [{name}]: the config file needs [profile {name}])"
                    ));
                }
                notes.push(format!("{}: {why}", self.config_loc.label));
            }
        }
        notes
    }
}

/// One profile: its section in the credentials file and its sections in the config file.
#[derive(Debug, Clone)]
pub(crate) struct Profile<'a> {
    pub(crate) name: String,
    pub(crate) credentials: Option<&'a IniSection>,
    /// Lowest precedence first (`[default]` before `[profile default]`).
    pub(crate) config: Vec<&'a IniSection>,
}

impl<'a> Profile<'a> {
    /// A key as the CLI sees it: the credentials file wins over the config file; empty
    /// counts as unset.
    pub(crate) fn get(&self, key: &str) -> Option<&'a str> {
        self.credentials
            .and_then(|s| s.get(key))
            .filter(|v| !v.is_empty())
            .or_else(|| self.config_get(key))
    }

    /// A key from the config file only.
    pub(crate) fn config_get(&self, key: &str) -> Option<&'a str> {
        self.config
            .iter()
            .rev()
            .find_map(|s| s.get(key))
            .filter(|v| !v.is_empty())
    }
}

/// The sections of a config file that make up profile `wanted`, lowest precedence first.
pub(crate) fn config_profile_sections<'a>(ini: &'a IniFile, wanted: &str) -> Vec<&'a IniSection> {
    let mut bare = Vec::new();
    let mut prefixed = Vec::new();
    for section in ini.sections() {
        match config_section_profile(section.name()) {
            Some((name, false)) if name == wanted => bare.push(section),
            Some((name, true)) if name == wanted => prefixed.push(section),
            _ => {}
        }
    }
    bare.extend(prefixed);
    bare
}

/// The profile a config-file section defines, and whether it used the `profile ` prefix:
/// `default` → (`default`, false); `profile  dev` → (`dev`, true); `profile "a b"` → (`a b`,
/// true); anything else is not a profile.
pub(crate) fn config_section_profile(section: &str) -> Option<(&str, bool)> {
    if section == "default" {
        return Some(("default", false));
    }
    let rest = section.strip_prefix("profile")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim();
    let name = match rest.chars().next() {
        // A quoted name (`profile "a b"`) must be closed by the same quote.
        Some(q @ ('"' | '\'')) => rest.get(1..)?.strip_suffix(q)?,
        _ if rest.contains(char::is_whitespace) => return None,
        _ => rest,
    };
    if name.is_empty() {
        None
    } else {
        Some((name, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_section_profile_names() {
        assert_eq!(config_section_profile("default"), Some(("default", false)));
        assert_eq!(
            config_section_profile("profile default"),
            Some(("default", true))
        );
        assert_eq!(config_section_profile("profile   dev"), Some(("dev", true)));
        assert_eq!(config_section_profile("profile\tdev"), Some(("dev", true)));
        assert_eq!(
            config_section_profile("profile \"a b\""),
            Some(("a b", true))
        );
        assert_eq!(config_section_profile("profile '"), None);
        assert_eq!(config_section_profile("profile \""), None);
        assert_eq!(config_section_profile("profiledev"), None);
        assert_eq!(config_section_profile("profile"), None);
        assert_eq!(config_section_profile("profile a b"), None);
        assert_eq!(config_section_profile("dev"), None);
        assert_eq!(config_section_profile("sso-session x"), None);
    }
}
