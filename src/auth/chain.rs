//! The default credentials chain: where [`Client::from_env`](crate::Client::from_env) and
//! [`ClientBuilder::build`](crate::ClientBuilder::build) find credentials.
//!
//! # Precedence
//!
//! Sources are tried in this order; the first one that yields a complete key pair wins.
//!
//! 1. **Environment**: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, plus
//!    `AWS_SESSION_TOKEN` when set. An empty variable counts as unset. One of the pair without
//!    the other is an error naming the missing variable (the chain does not silently fall
//!    through to a file holding some other identity). The legacy names `AWS_ACCESS_KEY`,
//!    `AWS_SECRET_KEY` and `AWS_SECURITY_TOKEN` are **not** read. This source is skipped when a
//!    profile was chosen with [`CredentialsChain::profile`], as `aws --profile` does.
//! 2. **Shared AWS files**, read as the AWS CLI reads them. The profile is the one given to
//!    [`CredentialsChain::profile`], else `AWS_PROFILE`, else `default`.
//!    - `~/.aws/credentials` (or the path in `AWS_SHARED_CREDENTIALS_FILE`): the profile is the
//!      section `[name]`, `[default]` for the default profile.
//!    - then `~/.aws/config` (or the path in `AWS_CONFIG_FILE`): the profile is the section
//!      `[profile name]`; the default profile is `[default]` or `[profile default]` (when both
//!      exist, keys in `[profile default]` win). Other sections (`[sso-session x]`,
//!      `[services x]`, a bare `[name]`) are not profiles and are ignored.
//!
//!    Keys: `aws_access_key_id`, `aws_secret_access_key` and optionally `aws_session_token`
//!    (`aws_security_token` is accepted when `aws_session_token` is absent). A profile in the
//!    credentials file that has the key pair wins over the same profile in the config file;
//!    keys are never mixed across the two files. A leading `~/` in the override paths means the
//!    home directory.
//! 3. **The classic boto file**: the path in `BOTO_CONFIG` if set (and then only that file),
//!    otherwise `~/.boto` and then `/etc/boto.cfg`. Section `[Credentials]`, keys
//!    `aws_access_key_id`, `aws_secret_access_key` and optionally `aws_security_token`.
//!
//! The home directory is `HOME` (on Windows, `USERPROFILE` when `HOME` is unset), or the
//! directory given to [`CredentialsChain::home_dir`].
//!
//! # Errors
//!
//! - Nothing found: [`CredentialsError::NotFound`], whose `searched` lists every place looked
//!   at, in order, with why it gave nothing (`"/home/u/.aws/credentials: file not found"`).
//! - A file that exists but cannot be read (permissions, a directory, larger than 4 MiB):
//!   [`CredentialsError::Io`]. A missing file is not an error.
//! - A file that is not valid UTF-8 or has a line that is not a section header, a
//!   `key = value` pair, a comment or a continuation line: [`CredentialsError::Malformed`],
//!   naming the file and the 1-based line. The message says what was expected and never
//!   repeats the line, which could hold a secret.
//! - A profile named by `AWS_PROFILE` or [`CredentialsChain::profile`] that is in neither
//!   shared file, or that exists but holds no access key pair, or any profile holding only half
//!   of the pair: [`CredentialsError::Profile`].
//!
//! # Not supported
//!
//! Only static keys are read. Profiles that get credentials some other way (`role_arn` /
//! `source_profile` assume-role, `sso_*` / `sso_session`, `credential_process`,
//! `web_identity_token_file`) are not resolved: for the implicit `default` profile the chain
//! records why in `searched` and moves on to the boto files; a profile chosen by name is an
//! error, so that credentials for a different identity are never picked up silently. Neither
//! are the container or instance metadata endpoints (ECS, EC2 IMDS) consulted, nor
//! `AWS_DEFAULT_PROFILE` or `BOTO_PATH`.
//!
//! # INI format
//!
//! [`parse_ini`] reads the files. It follows the AWS CLI (Python `configparser`) where that is
//! sensible, and the AWS SDKs' shared-config rules otherwise:
//!
//! - full-line comments start with `#` or `;` (after optional indentation);
//! - an inline comment is `#` or `;` preceded by whitespace and runs to the end of the line,
//!   so `secret#part` keeps its `#`, while `secret # note` is `secret`; a section header may
//!   be followed directly by a comment (`[default]# note`);
//! - whitespace around section names, keys and values is trimmed; blank lines are ignored;
//!   CRLF line endings and a leading UTF-8 byte order mark are accepted;
//! - `key = value` or `key: value` (split at the first `=` or `:`); keys are lowercased, as
//!   `configparser` does, and section names are case-sensitive;
//! - a line indented deeper than the key line before it continues that key: after a key with an
//!   empty value (a nested block such as `s3 =`) the continuation lines are skipped; after a
//!   key with a value they are appended to it on a new line, as the CLI does;
//! - a section that appears twice is merged, and a key that appears twice keeps its last value.
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

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::auth::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;

/// Files larger than this are refused with [`CredentialsError::Io`] rather than read whole.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The system-wide boto file, read after `~/.boto` when `BOTO_CONFIG` is unset.
const SYSTEM_BOTO_CONFIG: &str = "/etc/boto.cfg";

/// Profile keys that mean "credentials come from somewhere this crate does not support".
const UNSUPPORTED_KEYS: &[&str] = &[
    "role_arn",
    "source_profile",
    "credential_source",
    "credential_process",
    "sso_session",
    "sso_start_url",
    "sso_account_id",
    "sso_role_name",
    "web_identity_token_file",
];

type EnvFn = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Looks for credentials in the environment, the shared AWS files and the boto files, in
/// that order (see the [module docs](self) for the exact rules).
///
/// [`CredentialsChain::default`] reads the process environment; [`CredentialsChain::with_env`]
/// takes any lookup function instead, so tests can inject variables without
/// `std::env::set_var`. The chain holds no credentials itself: its `Debug` output shows only
/// the configuration.
///
/// As a [`ProvideCredentials`] it resolves again on every call, so edits to the files are
/// picked up; [`ClientBuilder::build`](crate::ClientBuilder::build) calls
/// [`resolve`](CredentialsChain::resolve) once instead.
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
    env: Arc<EnvFn>,
    home_dir: Option<PathBuf>,
    profile: Option<String>,
    system_boto_config: PathBuf,
}

impl Default for CredentialsChain {
    /// The chain over the real process environment.
    fn default() -> Self {
        CredentialsChain::with_env(|name| std::env::var(name).ok())
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsChain")
            .field("env", &"<lookup fn>")
            .field("home_dir", &self.home_dir)
            .field("profile", &self.profile)
            .field("system_boto_config", &self.system_boto_config)
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
        CredentialsChain {
            env: Arc::new(env),
            home_dir: None,
            profile: None,
            system_boto_config: PathBuf::from(SYSTEM_BOTO_CONFIG),
        }
    }

    /// Uses `dir` as the home directory (for `~/.aws/...`, `~/.boto` and `~/` in override
    /// paths) instead of `HOME` / `USERPROFILE`.
    pub fn home_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home_dir = Some(dir.into());
        self
    }

    /// Uses the named profile from the shared files, overriding `AWS_PROFILE`. Like
    /// `aws --profile`, this also skips the environment variables, and the profile must exist
    /// and hold an access key pair.
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

    /// Finds credentials, or explains why there are none (see the [module docs](self)).
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut searched = Vec::new();
        if let Some(name) = &self.profile {
            searched.push(format!(
                "environment: not used because profile {name:?} was chosen explicitly"
            ));
        } else if let Some(creds) = self.try_env(&mut searched)? {
            log::debug!("using AWS credentials from the environment");
            return Ok(creds);
        }
        if let Some(creds) = self.try_shared_files(&mut searched)? {
            return Ok(creds);
        }
        if let Some(creds) = self.try_boto(&mut searched)? {
            return Ok(creds);
        }
        Err(CredentialsError::NotFound { searched })
    }

    /// A variable from the injected environment; empty counts as unset.
    fn var(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        if let Some(dir) = &self.home_dir {
            return Some(dir.clone());
        }
        self.var("HOME")
            .or_else(|| {
                if cfg!(windows) {
                    self.var("USERPROFILE")
                } else {
                    None
                }
            })
            .map(PathBuf::from)
    }

    /// Where a file lives: the path in `var` if set (with `~/` expanded), else `~/<rel>`.
    fn location(&self, var: &str, rel: &str) -> Location {
        if let Some(value) = self.var(var) {
            let path = self.expand_tilde(&value);
            let label = format!("{} ({var})", path.display());
            return Location {
                path: Some(path),
                label,
            };
        }
        self.home_location(rel)
    }

    fn home_location(&self, rel: &str) -> Location {
        match self.home() {
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

    fn expand_tilde(&self, value: &str) -> PathBuf {
        let rest = if value == "~" {
            Some("")
        } else {
            value
                .strip_prefix("~/")
                .or_else(|| value.strip_prefix("~\\").filter(|_| cfg!(windows)))
        };
        match (rest, self.home()) {
            (Some(""), Some(home)) => home,
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(value),
        }
    }

    fn try_env(&self, searched: &mut Vec<String>) -> Result<Option<Credentials>, CredentialsError> {
        const ID: &str = "AWS_ACCESS_KEY_ID";
        const SECRET: &str = "AWS_SECRET_ACCESS_KEY";
        match (self.var(ID), self.var(SECRET)) {
            (Some(id), Some(secret)) => {
                let mut creds = Credentials::new(id, secret);
                if let Some(token) = self.var("AWS_SESSION_TOKEN") {
                    creds = creds.with_session_token(token);
                }
                Ok(Some(creds))
            }
            (Some(_), None) => Err(partial_env(searched, ID, SECRET)),
            (None, Some(_)) => Err(partial_env(searched, SECRET, ID)),
            (None, None) => {
                searched.push(format!("environment: {ID} and {SECRET} not set"));
                Ok(None)
            }
        }
    }

    fn try_shared_files(
        &self,
        searched: &mut Vec<String>,
    ) -> Result<Option<Credentials>, CredentialsError> {
        let (profile, named) = match (&self.profile, self.var("AWS_PROFILE")) {
            (Some(p), _) => (p.clone(), true),
            (None, Some(p)) => (p, true),
            (None, None) => ("default".to_string(), false),
        };
        // Why each file gave nothing, for a `Profile` error.
        let mut notes = Vec::new();
        let mut exists = false;

        let loc = self.location("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
        match load(&loc)? {
            Loaded::Missing(why) => notes.push(format!("{}: {why}", loc.label)),
            Loaded::Ini(ini) => match ini.section(&profile) {
                Some(section) => {
                    exists = true;
                    match extract_profile(&[section], &loc, &profile)? {
                        Ok(creds) => {
                            log::debug!("using AWS credentials from {} [{profile}]", loc.label);
                            return Ok(Some(creds));
                        }
                        Err(why) => notes.push(format!("{}: {why}", loc.label)),
                    }
                }
                None => {
                    let mut why = format!("no [{profile}] section");
                    if ini.section(&format!("profile {profile}")).is_some() {
                        why.push_str(" (found [profile ...]: the credentials file names profiles without the \"profile \" prefix)");
                    }
                    notes.push(format!("{}: {why}", loc.label));
                }
            },
        }

        let loc = self.location("AWS_CONFIG_FILE", ".aws/config");
        match load(&loc)? {
            Loaded::Missing(why) => notes.push(format!("{}: {why}", loc.label)),
            Loaded::Ini(ini) => {
                let sections = config_profile_sections(&ini, &profile);
                if sections.is_empty() {
                    let mut why = if profile == "default" {
                        "no [default] or [profile default] section".to_string()
                    } else {
                        format!("no [profile {profile}] section")
                    };
                    if profile != "default" && ini.section(&profile).is_some() {
                        why.push_str(&format!(
                            " (found [{profile}]: the config file needs [profile {profile}])"
                        ));
                    }
                    notes.push(format!("{}: {why}", loc.label));
                } else {
                    exists = true;
                    match extract_profile(&sections, &loc, &profile)? {
                        Ok(creds) => {
                            log::debug!("using AWS credentials from {} [{profile}]", loc.label);
                            return Ok(Some(creds));
                        }
                        Err(why) => notes.push(format!("{}: {why}", loc.label)),
                    }
                }
            }
        }

        if named {
            let message = if exists {
                format!("has no access key pair: {}", notes.join("; "))
            } else {
                format!("not found: {}", notes.join("; "))
            };
            return Err(CredentialsError::Profile { profile, message });
        }
        searched.extend(notes);
        Ok(None)
    }

    fn try_boto(
        &self,
        searched: &mut Vec<String>,
    ) -> Result<Option<Credentials>, CredentialsError> {
        let locations = match self.var("BOTO_CONFIG") {
            Some(value) => {
                let path = self.expand_tilde(&value);
                vec![Location {
                    label: format!("{} (BOTO_CONFIG)", path.display()),
                    path: Some(path),
                }]
            }
            None => vec![
                self.home_location(".boto"),
                Location {
                    label: self.system_boto_config.display().to_string(),
                    path: Some(self.system_boto_config.clone()),
                },
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
            let id = non_empty(section.get("aws_access_key_id"));
            let secret = non_empty(section.get("aws_secret_access_key"));
            match (id, secret) {
                (Some(id), Some(secret)) => {
                    let mut creds = Credentials::new(id, secret);
                    if let Some(token) = non_empty(section.get("aws_security_token")) {
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
}

impl ProvideCredentials for CredentialsChain {
    /// Resolves the chain again (re-reading the files) on every call.
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.resolve()
    }
}

fn partial_env(searched: &mut Vec<String>, set: &str, missing: &str) -> CredentialsError {
    searched.push(format!(
        "environment: {set} is set but {missing} is not (set both, or neither to use the shared files)"
    ));
    CredentialsError::NotFound {
        searched: std::mem::take(searched),
    }
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// A file the chain looks at.
struct Location {
    /// `None` when the home directory is unknown.
    path: Option<PathBuf>,
    /// How the file is named in `searched` and error messages.
    label: String,
}

impl Location {
    fn file_name(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => self.label.clone(),
        }
    }
}

enum Loaded {
    Missing(String),
    Ini(IniFile),
}

fn load(loc: &Location) -> Result<Loaded, CredentialsError> {
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

fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
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

/// The sections of a config file that make up profile `wanted`, lowest precedence first.
fn config_profile_sections<'a>(ini: &'a IniFile, wanted: &str) -> Vec<&'a IniSection> {
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
fn config_section_profile(section: &str) -> Option<(&str, bool)> {
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

/// Credentials from a profile's sections (later sections win), or why there are none.
fn extract_profile(
    sections: &[&IniSection],
    loc: &Location,
    profile: &str,
) -> Result<Result<Credentials, String>, CredentialsError> {
    let get = |key: &str| non_empty(sections.iter().rev().find_map(|s| s.get(key)));
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            let mut creds = Credentials::new(id, secret);
            if let Some(token) = get("aws_session_token").or_else(|| get("aws_security_token")) {
                creds = creds.with_session_token(token);
            }
            Ok(Ok(creds))
        }
        (None, None) => {
            let used: Vec<&str> = UNSUPPORTED_KEYS
                .iter()
                .copied()
                .filter(|k| get(k).is_some())
                .collect();
            let mut why = format!("profile {profile:?} has no aws_access_key_id");
            if !used.is_empty() {
                why.push_str(&format!(
                    " (it uses {}; assume-role, SSO, credential_process and web identity are not supported)",
                    used.join(", ")
                ));
            }
            Ok(Err(why))
        }
        (id, _) => {
            let (has, lacks) = if id.is_some() {
                ("aws_access_key_id", "aws_secret_access_key")
            } else {
                ("aws_secret_access_key", "aws_access_key_id")
            };
            Err(CredentialsError::Profile {
                profile: profile.to_string(),
                message: format!("{} sets {has} but not {lacks}", loc.file_name()),
            })
        }
    }
}

/// A parsed INI file: its sections in order of first appearance, duplicates merged.
///
/// `Debug` shows section names and keys but never values, which may be secrets.
#[derive(Clone, Default)]
pub struct IniFile {
    sections: Vec<IniSection>,
    index: HashMap<String, usize>,
}

impl IniFile {
    /// The section named exactly `name` (as written between the brackets, trimmed).
    pub fn section(&self, name: &str) -> Option<&IniSection> {
        self.index.get(name).and_then(|&i| self.sections.get(i))
    }

    /// All sections, in order of first appearance.
    pub fn sections(&self) -> impl Iterator<Item = &IniSection> + '_ {
        self.sections.iter()
    }
}

impl fmt::Debug for IniFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.sections).finish()
    }
}

/// One `[section]` of an [`IniFile`].
#[derive(Clone)]
pub struct IniSection {
    name: String,
    line: usize,
    properties: BTreeMap<String, String>,
}

impl IniSection {
    /// The section name, trimmed: `profile dev` for `[ profile dev ]`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 1-based line of the section's first header.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The value of `key`. Keys are stored lowercased, so pass a lowercase key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(String::as_str)
    }

    /// The keys, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.properties.keys().map(String::as_str)
    }
}

impl fmt::Debug for IniSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Keys<'a>(&'a BTreeMap<String, String>);
        impl fmt::Debug for Keys<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.keys().map(|k| (k, "<redacted>")))
                    .finish()
            }
        }
        f.debug_struct("IniSection")
            .field("name", &self.name)
            .field("line", &self.line)
            .field("properties", &Keys(&self.properties))
            .finish()
    }
}

/// Parses the text of an AWS credentials/config file or a boto file (rules in the
/// [module docs](self#ini-format)). `file_label` names the file in errors.
///
/// Never panics, whatever the input; a line that cannot be understood is a
/// [`CredentialsError::Malformed`] whose message does not repeat the line.
///
/// ```
/// use cloudfront::auth::chain::parse_ini;
///
/// let ini = parse_ini(
///     "\u{feff}# comment\r\n[default]\r\naws_access_key_id = AKID ; note\r\ns3 =\r\n  max_concurrent_requests = 4\r\n",
///     "credentials",
/// )?;
/// assert_eq!(ini.section("default").unwrap().get("aws_access_key_id"), Some("AKID"));
///
/// let err = parse_ini("[default]\nsecret-without-a-key\n", "credentials").unwrap_err();
/// assert!(err.to_string().contains("line 2"));
/// assert!(!err.to_string().contains("secret-without-a-key"));
/// # Ok::<(), cloudfront::CredentialsError>(())
/// ```
pub fn parse_ini(text: &str, file_label: &str) -> Result<IniFile, CredentialsError> {
    let malformed = |line: usize, message: &str| CredentialsError::Malformed {
        file: file_label.to_string(),
        line,
        message: message.to_string(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ini = IniFile::default();
    // The section being filled (index into `ini.sections`).
    let mut section: Option<usize> = None;
    // The last key line in that section, and whether its value was empty (a nested block).
    let mut last_key: Option<(String, bool)> = None;
    // Indentation of the last section or key line; deeper lines continue the key.
    let mut indent_level = 0usize;

    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indent = raw.chars().take_while(|c| c.is_whitespace()).count();

        if indent > indent_level {
            if let (Some(s), Some((key, nested))) = (section, &last_key) {
                let content = strip_inline_comment(trimmed);
                if !*nested && !content.is_empty() {
                    if let Some(value) = ini
                        .sections
                        .get_mut(s)
                        .and_then(|sec| sec.properties.get_mut(key))
                    {
                        value.push('\n');
                        value.push_str(content);
                    }
                }
                continue;
            }
        }
        indent_level = indent;

        if let Some(header) = trimmed.strip_prefix('[') {
            let name = parse_section_header(header).map_err(|m| malformed(line_no, m))?;
            section = Some(ini.section_index(name, line_no));
            last_key = None;
            continue;
        }

        let content = strip_inline_comment(trimmed);
        let Some(split) = content.find(['=', ':']) else {
            return Err(malformed(
                line_no,
                "expected a [section] header, a key = value pair, a comment starting with # or ;, \
                 or an indented continuation line",
            ));
        };
        // `split` is the byte offset of an ASCII delimiter, so both slices are on char
        // boundaries.
        let key = content[..split].trim();
        let value = content[split + 1..].trim();
        if key.is_empty() {
            return Err(malformed(line_no, "expected a key name before '=' or ':'"));
        }
        let Some(s) = section else {
            return Err(malformed(
                line_no,
                "expected a [section] header before the first key = value pair",
            ));
        };
        let key = key.to_lowercase();
        if let Some(sec) = ini.sections.get_mut(s) {
            sec.properties.insert(key.clone(), value.to_string());
        }
        last_key = Some((key, value.is_empty()));
    }
    Ok(ini)
}

impl IniFile {
    /// The index of section `name`, created if new (duplicates merge into the first).
    fn section_index(&mut self, name: &str, line: usize) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.sections.len();
        self.sections.push(IniSection {
            name: name.to_string(),
            line,
            properties: BTreeMap::new(),
        });
        self.index.insert(name.to_string(), i);
        i
    }
}

/// The name in a section header, given the text after `[`.
fn parse_section_header(after_bracket: &str) -> Result<&str, &'static str> {
    let Some(close) = after_bracket.find(']') else {
        return Err("expected ']' to close the section header");
    };
    let name = after_bracket[..close].trim();
    let rest = after_bracket[close + 1..].trim_start();
    if name.is_empty() {
        return Err("expected a name between '[' and ']'");
    }
    if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
        return Err("expected only a comment after the section header's ']'");
    }
    Ok(name)
}

/// Cuts a `#` or `;` comment that is preceded by whitespace, then trims.
fn strip_inline_comment(text: &str) -> &str {
    let mut prev_whitespace = false;
    for (i, c) in text.char_indices() {
        if (c == '#' || c == ';') && prev_whitespace {
            return text[..i].trim();
        }
        prev_whitespace = c.is_whitespace();
    }
    text.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> IniFile {
        match parse_ini(text, "test") {
            Ok(ini) => ini,
            Err(e) => panic!("unexpected parse error: {e}"),
        }
    }

    fn value<'a>(ini: &'a IniFile, section: &str, key: &str) -> Option<&'a str> {
        ini.section(section).and_then(|s| s.get(key))
    }

    fn malformed_line(text: &str) -> (usize, String) {
        match parse_ini(text, "f") {
            Err(CredentialsError::Malformed {
                file,
                line,
                message,
            }) => {
                assert_eq!(file, "f");
                (line, message)
            }
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn parses_sections_and_keys() {
        let ini = parse(
            "[default]\naws_access_key_id = AKID\naws_secret_access_key=SECRET\n\n[dev]\nregion = eu-west-1\n",
        );
        assert_eq!(value(&ini, "default", "aws_access_key_id"), Some("AKID"));
        assert_eq!(
            value(&ini, "default", "aws_secret_access_key"),
            Some("SECRET")
        );
        assert_eq!(value(&ini, "dev", "region"), Some("eu-west-1"));
        assert_eq!(ini.section("dev").map(IniSection::line), Some(5));
        let names: Vec<&str> = ini.sections().map(IniSection::name).collect();
        assert_eq!(names, ["default", "dev"]);
    }

    #[test]
    fn empty_input_and_only_comments_are_empty_files() {
        assert_eq!(parse("").sections().count(), 0);
        assert_eq!(parse("# a\n; b\n   # indented\n\n").sections().count(), 0);
    }

    #[test]
    fn full_line_and_inline_comments() {
        let ini = parse(
            "# top\n[default] # header note\n; semi\naws_access_key_id = AKID # note\n\
             aws_secret_access_key = ab#cd;ef\taws ;tail\naws_session_token=tok\t# tab note\n",
        );
        assert_eq!(value(&ini, "default", "aws_access_key_id"), Some("AKID"));
        assert_eq!(
            value(&ini, "default", "aws_secret_access_key"),
            Some("ab#cd;ef\taws")
        );
        assert_eq!(value(&ini, "default", "aws_session_token"), Some("tok"));
    }

    #[test]
    fn hash_without_preceding_space_is_kept() {
        let ini =
            parse("[default]\naws_secret_access_key =abc#def\nk =#starts\nj = #all comment\n");
        assert_eq!(
            value(&ini, "default", "aws_secret_access_key"),
            Some("abc#def")
        );
        assert_eq!(value(&ini, "default", "k"), Some("#starts"));
        assert_eq!(value(&ini, "default", "j"), Some(""));
    }

    #[test]
    fn section_header_may_be_followed_directly_by_a_comment() {
        let ini = parse("[default]#note\nk = v\n[dev];note\nk = w\n");
        assert_eq!(value(&ini, "default", "k"), Some("v"));
        assert_eq!(value(&ini, "dev", "k"), Some("w"));
    }

    #[test]
    fn whitespace_is_trimmed_everywhere() {
        let ini = parse("  [  profile dev  ]  \n\t aws_access_key_id   =   AKID  \t\n");
        assert_eq!(
            value(&ini, "profile dev", "aws_access_key_id"),
            Some("AKID")
        );
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let ini = parse(
            "\u{feff}[default]\r\naws_access_key_id = AKID\r\n\r\naws_secret_access_key = S\r\n",
        );
        assert_eq!(value(&ini, "default", "aws_access_key_id"), Some("AKID"));
        assert_eq!(value(&ini, "default", "aws_secret_access_key"), Some("S"));
    }

    #[test]
    fn keys_are_lowercased_section_names_are_not() {
        let ini = parse("[Credentials]\nAWS_Access_Key_ID = AKID\n");
        assert_eq!(
            value(&ini, "Credentials", "aws_access_key_id"),
            Some("AKID")
        );
        assert!(ini.section("credentials").is_none());
    }

    #[test]
    fn colon_is_a_delimiter_and_first_delimiter_splits() {
        let ini = parse("[p]\nregion: us-east-1\nrole_arn = arn:aws:iam::1:role/x\nk=a=b\n");
        assert_eq!(value(&ini, "p", "region"), Some("us-east-1"));
        assert_eq!(value(&ini, "p", "role_arn"), Some("arn:aws:iam::1:role/x"));
        assert_eq!(value(&ini, "p", "k"), Some("a=b"));
    }

    #[test]
    fn nested_block_after_empty_value_is_skipped() {
        let ini = parse(
            "[default]\ns3 =\n  max_concurrent_requests = 20\n\n  addressing_style = path\n  \
             just-words-no-equals\naws_access_key_id = AKID\n",
        );
        assert_eq!(value(&ini, "default", "s3"), Some(""));
        assert_eq!(value(&ini, "default", "max_concurrent_requests"), None);
        assert_eq!(value(&ini, "default", "addressing_style"), None);
        assert_eq!(value(&ini, "default", "aws_access_key_id"), Some("AKID"));
    }

    #[test]
    fn continuation_after_a_value_is_appended_like_configparser() {
        let ini = parse("[default]\nk = first\n   second # note\nnext = 1\n");
        assert_eq!(value(&ini, "default", "k"), Some("first\nsecond"));
        assert_eq!(value(&ini, "default", "next"), Some("1"));
    }

    #[test]
    fn indented_keys_right_after_a_header_are_keys() {
        let ini = parse("[default]\n    a = 1\n    b = 2\n  c = 3\n");
        assert_eq!(value(&ini, "default", "a"), Some("1"));
        assert_eq!(value(&ini, "default", "b"), Some("2"));
        assert_eq!(value(&ini, "default", "c"), Some("3"));
    }

    #[test]
    fn duplicate_sections_merge_and_later_keys_win() {
        let ini = parse("[a]\nx = 1\ny = 1\n[b]\nz = 1\n[a]\ny = 2\nY = 3\n");
        let a = ini.section("a").unwrap();
        assert_eq!(a.get("x"), Some("1"));
        assert_eq!(a.get("y"), Some("3"));
        assert_eq!(a.line(), 1);
        assert_eq!(ini.sections().count(), 2);
        assert_eq!(a.keys().collect::<Vec<_>>(), ["x", "y"]);
    }

    #[test]
    fn line_without_delimiter_is_malformed_without_echoing_it() {
        let (line, message) =
            malformed_line("[default]\naws_access_key_id = AKID\nwJalrXUtnFEMI/K7MDENG\n");
        assert_eq!(line, 3);
        assert!(!message.contains("wJalr"), "{message}");
        assert!(message.contains("expected"), "{message}");
    }

    #[test]
    fn key_before_any_section_is_malformed() {
        let (line, message) = malformed_line("# c\n\naws_access_key_id = AKIDSECRETISH\n");
        assert_eq!(line, 3);
        assert!(message.contains("section"), "{message}");
        assert!(!message.contains("AKIDSECRETISH"));
    }

    #[test]
    fn bad_section_headers_are_malformed() {
        assert_eq!(malformed_line("[default\n").0, 1);
        assert_eq!(malformed_line("k\n[]\n").0, 1);
        assert_eq!(malformed_line("[a]\n[ ]\n").0, 2);
        let (line, message) = malformed_line("[a]\n[b] trailing-secret\n");
        assert_eq!(line, 2);
        assert!(!message.contains("trailing-secret"));
    }

    #[test]
    fn empty_key_is_malformed() {
        let (line, message) = malformed_line("[a]\n = value-secret\n");
        assert_eq!(line, 2);
        assert!(!message.contains("value-secret"));
    }

    #[test]
    fn error_line_numbers_count_crlf_lines_and_bom() {
        assert_eq!(malformed_line("\u{feff}[a]\r\nk = v\r\nbad\r\n").0, 3);
    }

    #[test]
    fn debug_redacts_values() {
        let ini = parse("[default]\naws_secret_access_key = TOPSECRET\n");
        let shown = format!("{ini:?}");
        assert!(shown.contains("aws_secret_access_key"), "{shown}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
    }

    #[test]
    fn odd_inputs_never_panic() {
        let inputs = [
            "[",
            "]",
            "[]",
            "[[]]",
            "=",
            ":",
            "==",
            "[a]\n=",
            "[a]\n:",
            "\u{feff}",
            "\u{feff}\u{feff}",
            "\r",
            "\r\r\n",
            "[a]\n\tx\n",
            "[é]\nk\u{3000}= v\u{3000}#c",
            "[a]\nk =\n\u{3000}x\n",
            "[a] ;\n#\n;\n k = v ;",
            "[a]\nk = v\n   \u{1F600} ;x",
            "\u{85}[a]\u{85}",
            "[a]\n  #\n  ;",
            " [a\u{2028}]",
            "[a]\nk\u{0}=\u{0}",
            "[a]\n\u{feff}k = v",
        ];
        for input in inputs {
            let _ = parse_ini(input, "fuzz");
        }
        // Every prefix of a realistic file, cut at each char boundary.
        let file =
            "\u{feff}[profile é dev] # c\r\nk = v ; c\r\n s3 =\r\n  a = b\r\n[default]\nx:y\n";
        for (i, _) in file.char_indices() {
            let _ = parse_ini(&file[..i], "fuzz");
        }
    }

    #[test]
    fn random_inputs_from_tricky_characters_never_panic() {
        const ALPHABET: &[char] = &[
            '[',
            ']',
            '=',
            ':',
            '#',
            ';',
            ' ',
            '\t',
            '\r',
            '\n',
            'a',
            'K',
            '"',
            '\'',
            '\u{feff}',
            '\u{3000}',
            'é',
            '\u{1F600}',
            '\u{85}',
            '\u{0}',
        ];
        // A fixed linear congruential generator: deterministic, no dependency.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 58) as usize;
            let text: String = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    ALPHABET[(state >> 33) as usize % ALPHABET.len()]
                })
                .collect();
            if let Err(CredentialsError::Malformed { line, .. }) = parse_ini(&text, "fuzz") {
                assert!(line >= 1 && line <= text.split('\n').count(), "{text:?}");
            }
        }
    }

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

    #[test]
    fn strip_inline_comment_rules() {
        assert_eq!(strip_inline_comment("a # b"), "a");
        assert_eq!(strip_inline_comment("a\t;b"), "a");
        assert_eq!(strip_inline_comment("a#b;c"), "a#b;c");
        assert_eq!(strip_inline_comment("é ;x"), "é");
        assert_eq!(strip_inline_comment("a\u{3000}#x"), "a");
    }
}
