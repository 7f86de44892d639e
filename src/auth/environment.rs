//! [`Environment`]: the view of environment variables and the home directory that the
//! credentials chain and the settings read, injectable so that tests never touch the process
//! environment.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

type EnvFn = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Environment variables and the home directory, as the credentials chain and settings see
/// them.
///
/// [`Environment::process`] reads the real process environment; [`Environment::from_vars`]
/// and [`Environment::from_fn`] inject one, so tests need no `std::env::set_var` (which races
/// between threads). An empty variable counts as unset, as in the AWS CLI.
///
/// ```
/// use cloudfront::auth::Environment;
///
/// let env = Environment::from_vars([("AWS_PROFILE", "dev"), ("AWS_REGION", "")])
///     .home_dir("/home/me");
/// assert_eq!(env.var("AWS_PROFILE").as_deref(), Some("dev"));
/// assert_eq!(env.var("AWS_REGION"), None); // empty = unset
/// assert_eq!(env.home().unwrap(), std::path::PathBuf::from("/home/me"));
/// ```
#[derive(Clone)]
pub struct Environment {
    vars: Arc<EnvFn>,
    home_dir: Option<PathBuf>,
}

impl Default for Environment {
    /// The process environment.
    fn default() -> Self {
        Environment::process()
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Environment")
            .field("vars", &"<lookup fn>")
            .field("home_dir", &self.home_dir)
            .finish()
    }
}

impl Environment {
    /// The process environment (`std::env::var`).
    pub fn process() -> Self {
        Environment::from_fn(|name| std::env::var(name).ok())
    }

    /// Variables looked up through `lookup`, which returns `None` for an unset variable.
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Environment {
            vars: Arc::new(lookup),
            home_dir: None,
        }
    }

    /// Exactly these variables, nothing else.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let map: HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Environment::from_fn(move |name| map.get(name).cloned())
    }

    /// Uses `dir` as the home directory instead of `HOME` (or `USERPROFILE` on Windows).
    pub fn home_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home_dir = Some(dir.into());
        self
    }

    /// A variable; `None` when unset or empty.
    pub fn var(&self, name: &str) -> Option<String> {
        (self.vars)(name).filter(|v| !v.trim().is_empty())
    }

    /// The home directory: the one given to [`Environment::home_dir`], else `HOME` (on
    /// Windows, `USERPROFILE` when `HOME` is unset).
    pub fn home(&self) -> Option<PathBuf> {
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

    /// `value` with a leading `~/` (or a bare `~`) replaced by the home directory.
    pub(crate) fn expand_tilde(&self, value: &str) -> PathBuf {
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

    /// A boolean variable (`true` / `false`, any case); `None` when unset or anything else.
    pub(crate) fn flag(&self, name: &str) -> Option<bool> {
        match self.var(name)?.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}
