//! The default credentials chain against temporary home directories and an injected
//! environment (the process environment is never touched).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use cloudfront::{Credentials, CredentialsChain, CredentialsError, ProvideCredentials};
use tempfile::TempDir;

const ENV_ID: &str = "AKIDENV";
const ENV_SECRET: &str = "envSecretKEY/abc+123";

/// A temporary home with helpers to write files into it.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("create temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `content` at `rel` (creating parent directories) and returns the full path.
    fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create dirs");
        }
        fs::write(&path, content).expect("write file");
        path
    }

    fn display(&self, rel: &str) -> String {
        self.join(rel).display().to_string()
    }

    /// A chain over this home with `vars` as the whole environment. The system boto file
    /// points into the home so the host's `/etc/boto.cfg` cannot interfere.
    fn chain(&self, vars: &[(&str, &str)]) -> CredentialsChain {
        let mut map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        // Tests send nothing to 169.254.169.254: the metadata service is off unless a test
        // says otherwise.
        map.entry("AWS_EC2_METADATA_DISABLED".into())
            .or_insert_with(|| "true".into());
        CredentialsChain::with_env(move |k| map.get(k).cloned())
            .home_dir(self.path())
            .system_boto_config(self.join("etc/boto.cfg"))
    }
}

fn creds_file(profile: &str, id: &str, secret: &str) -> String {
    format!("[{profile}]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n")
}

fn env_vars() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", ENV_ID),
        ("AWS_SECRET_ACCESS_KEY", ENV_SECRET),
    ]
}

fn resolve_ok(chain: &CredentialsChain) -> Credentials {
    match chain.resolve() {
        Ok(c) => c,
        Err(e) => panic!("expected credentials, got {e:?}"),
    }
}

fn searched(chain: &CredentialsChain) -> Vec<String> {
    match chain.resolve() {
        Err(CredentialsError::NotFound { searched }) => searched,
        other => panic!("expected NotFound, got {other:?}"),
    }
}

fn profile_error(chain: &CredentialsChain) -> (String, String) {
    match chain.resolve() {
        Err(CredentialsError::Profile { profile, message }) => (profile, message),
        other => panic!("expected a Profile error, got {other:?}"),
    }
}

// ---- each source alone ----------------------------------------------------------------

#[test]
fn environment_alone() {
    let home = Home::new();
    let creds = resolve_ok(&home.chain(&env_vars()));
    assert_eq!(creds, Credentials::new(ENV_ID, ENV_SECRET));
    assert_eq!(creds.session_token(), None);
}

#[test]
fn environment_session_token() {
    let home = Home::new();
    let mut vars = env_vars();
    vars.push(("AWS_SESSION_TOKEN", "envtoken"));
    let creds = resolve_ok(&home.chain(&vars));
    assert_eq!(creds.session_token(), Some("envtoken"));
}

#[test]
fn environment_access_key_without_secret_is_an_error_naming_the_secret_variable() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("default", "AKIDFILE", "s"));
    let err = home
        .chain(&[("AWS_ACCESS_KEY_ID", ENV_ID)])
        .resolve()
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("AWS_SECRET_ACCESS_KEY is not"), "{text}");
    assert!(!text.contains(ENV_ID), "{text}");
}

#[test]
fn environment_secret_without_access_key_is_an_error_naming_the_access_key_variable() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("default", "AKIDFILE", "s"));
    let err = home
        .chain(&[("AWS_SECRET_ACCESS_KEY", ENV_SECRET)])
        .resolve()
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("AWS_ACCESS_KEY_ID is not"), "{text}");
    assert!(!text.contains(ENV_SECRET), "{text}");
}

#[test]
fn empty_environment_variables_count_as_unset() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("default", "AKIDFILE", "s"));
    let chain = home.chain(&[
        ("AWS_ACCESS_KEY_ID", ""),
        ("AWS_SECRET_ACCESS_KEY", ""),
        ("AWS_PROFILE", ""),
    ]);
    assert_eq!(resolve_ok(&chain).access_key_id(), "AKIDFILE");
}

#[test]
fn legacy_environment_names_are_not_read() {
    let home = Home::new();
    let chain = home.chain(&[("AWS_ACCESS_KEY", "AKIDOLD"), ("AWS_SECRET_KEY", "old")]);
    assert!(matches!(
        chain.resolve(),
        Err(CredentialsError::NotFound { .. })
    ));
}

#[test]
fn credentials_file_alone() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        creds_file("default", "AKIDCREDS", "credsSecret"),
    );
    let creds = resolve_ok(&home.chain(&[]));
    assert_eq!(creds, Credentials::new("AKIDCREDS", "credsSecret"));
}

#[test]
fn credentials_file_session_token() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\naws_session_token = filetoken\n",
    );
    assert_eq!(
        resolve_ok(&home.chain(&[])).session_token(),
        Some("filetoken")
    );
}

#[test]
fn legacy_aws_security_token_key_is_accepted_in_shared_files() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\naws_security_token = oldtoken\n",
    );
    assert_eq!(
        resolve_ok(&home.chain(&[])).session_token(),
        Some("oldtoken")
    );
}

#[test]
fn config_file_alone_default_section() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[default]\nregion = us-east-1\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = configSecret\naws_session_token = cfgtoken\n",
    );
    let creds = resolve_ok(&home.chain(&[]));
    assert_eq!(creds.access_key_id(), "AKIDCONFIG");
    assert_eq!(creds.secret_access_key(), "configSecret");
    assert_eq!(creds.session_token(), Some("cfgtoken"));
}

#[test]
fn config_file_accepts_profile_default_and_it_wins_over_default() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile default]\naws_access_key_id = AKIDPREFIXED\n\
         [default]\naws_access_key_id = AKIDBARE\naws_secret_access_key = bareSecret\n",
    );
    let creds = resolve_ok(&home.chain(&[]));
    assert_eq!(creds.access_key_id(), "AKIDPREFIXED");
    // Keys missing from [profile default] come from [default].
    assert_eq!(creds.secret_access_key(), "bareSecret");

    let home = Home::new();
    home.write(
        ".aws/config",
        creds_file("profile default", "AKIDONLY", "s"),
    );
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDONLY");
}

#[test]
fn boto_file_alone_with_security_token() {
    let home = Home::new();
    home.write(
        ".boto",
        "[Boto]\ndebug = 0\n[Credentials]\naws_access_key_id = AKIDBOTO\naws_secret_access_key = botoSecret\naws_security_token = bototoken\n",
    );
    let creds = resolve_ok(&home.chain(&[]));
    assert_eq!(creds.access_key_id(), "AKIDBOTO");
    assert_eq!(creds.secret_access_key(), "botoSecret");
    assert_eq!(creds.session_token(), Some("bototoken"));
}

#[test]
fn system_boto_file_is_read_when_there_is_no_user_boto_file() {
    let home = Home::new();
    home.write("etc/boto.cfg", creds_file("Credentials", "AKIDSYSTEM", "s"));
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDSYSTEM");
}

#[test]
fn user_boto_file_wins_over_system_boto_file() {
    let home = Home::new();
    home.write("etc/boto.cfg", creds_file("Credentials", "AKIDSYSTEM", "s"));
    home.write(".boto", creds_file("Credentials", "AKIDUSER", "s"));
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDUSER");
}

#[test]
fn boto_credentials_section_with_half_a_key_pair_is_malformed() {
    let home = Home::new();
    let path = home.write(
        ".boto",
        "[Boto]\n\n[Credentials]\naws_access_key_id = AKIDHALF\n",
    );
    match home.chain(&[]).resolve() {
        Err(CredentialsError::Malformed {
            file,
            line,
            message,
        }) => {
            assert_eq!(file, path.display().to_string());
            assert_eq!(line, 3);
            assert!(message.contains("aws_secret_access_key"), "{message}");
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}

// ---- precedence ------------------------------------------------------------------------

/// A home with every file source filled, each with its own access key id.
fn home_with_all_files() -> Home {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("default", "AKIDCREDS", "s"));
    home.write(".aws/config", creds_file("default", "AKIDCONFIG", "s"));
    home.write(".boto", creds_file("Credentials", "AKIDBOTO", "s"));
    home
}

#[test]
fn precedence_environment_over_credentials_file() {
    let home = home_with_all_files();
    assert_eq!(resolve_ok(&home.chain(&env_vars())).access_key_id(), ENV_ID);
}

#[test]
fn precedence_credentials_file_over_config_file() {
    let home = home_with_all_files();
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDCREDS");
}

#[test]
fn precedence_config_file_over_boto() {
    let home = home_with_all_files();
    fs::remove_file(home.join(".aws/credentials")).unwrap();
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDCONFIG");
}

#[test]
fn precedence_boto_last() {
    let home = home_with_all_files();
    fs::remove_file(home.join(".aws/credentials")).unwrap();
    fs::remove_file(home.join(".aws/config")).unwrap();
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDBOTO");
}

#[test]
fn keys_are_not_mixed_across_credentials_and_config_files() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDCREDS\n",
    );
    home.write(".aws/config", creds_file("default", "AKIDCONFIG", "s"));
    let (profile, message) = profile_error(&home.chain(&[]));
    assert_eq!(profile, "default");
    assert!(message.contains("aws_secret_access_key"), "{message}");
    assert!(
        message.contains(&home.display(".aws/credentials")),
        "{message}"
    );
}

#[test]
fn profile_without_keys_in_credentials_file_falls_back_to_config_file() {
    let home = Home::new();
    home.write(".aws/credentials", "[default]\nregion = us-east-1\n");
    home.write(".aws/config", creds_file("default", "AKIDCONFIG", "s"));
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDCONFIG");
}

// ---- profile selection -----------------------------------------------------------------

#[test]
fn aws_profile_selects_bare_section_in_credentials_file() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        format!(
            "{}{}{}",
            creds_file("default", "AKIDDEFAULT", "s"),
            creds_file("profile dev", "AKIDWRONG", "s"),
            creds_file("dev", "AKIDDEV", "s"),
        ),
    );
    let creds = resolve_ok(&home.chain(&[("AWS_PROFILE", "dev")]));
    assert_eq!(creds.access_key_id(), "AKIDDEV");
}

#[test]
fn aws_profile_selects_prefixed_section_in_config_file() {
    let home = Home::new();
    home.write(
        ".aws/config",
        format!(
            "{}{}{}",
            creds_file("default", "AKIDDEFAULT", "s"),
            creds_file("dev", "AKIDWRONG", "s"),
            creds_file("profile   dev", "AKIDDEV", "s"),
        ),
    );
    let creds = resolve_ok(&home.chain(&[("AWS_PROFILE", "dev")]));
    assert_eq!(creds.access_key_id(), "AKIDDEV");
}

#[test]
fn bare_section_in_config_file_is_not_a_profile() {
    let home = Home::new();
    home.write(".aws/config", creds_file("dev", "AKIDWRONG", "s"));
    let (profile, message) = profile_error(&home.chain(&[("AWS_PROFILE", "dev")]));
    assert_eq!(profile, "dev");
    assert!(message.contains("[profile dev]"), "{message}");
}

#[test]
fn environment_wins_over_aws_profile() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("dev", "AKIDDEV", "s"));
    let mut vars = env_vars();
    vars.push(("AWS_PROFILE", "dev"));
    assert_eq!(resolve_ok(&home.chain(&vars)).access_key_id(), ENV_ID);
}

#[test]
fn explicit_profile_overrides_aws_profile_and_skips_environment() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        format!(
            "{}{}",
            creds_file("dev", "AKIDDEV", "s"),
            creds_file("prod", "AKIDPROD", "s")
        ),
    );
    let mut vars = env_vars();
    vars.push(("AWS_PROFILE", "dev"));
    let creds = resolve_ok(&home.chain(&vars).profile("prod"));
    assert_eq!(creds.access_key_id(), "AKIDPROD");
}

#[test]
fn missing_named_profile_is_a_profile_error() {
    let home = home_with_all_files();
    let (profile, message) = profile_error(&home.chain(&[("AWS_PROFILE", "nosuch")]));
    assert_eq!(profile, "nosuch");
    assert!(message.contains("no [nosuch] section"), "{message}");
    assert!(message.contains("no [profile nosuch] section"), "{message}");

    // Also when neither file exists, and for a profile chosen with `.profile()`.
    let empty = Home::new();
    let (profile, message) = profile_error(&empty.chain(&[]).profile("other"));
    assert_eq!(profile, "other");
    assert!(message.contains("file not found"), "{message}");
}

#[test]
fn missing_default_profile_falls_through_to_boto() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("dev", "AKIDDEV", "s"));
    home.write(".boto", creds_file("Credentials", "AKIDBOTO", "s"));
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDBOTO");
}

#[test]
fn default_profile_without_keys_falls_through_and_says_why() {
    let home = Home::new();
    // A role without a source is not a source of credentials (it needs source_profile,
    // credential_source or web_identity_token_file).
    home.write(
        ".aws/config",
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nregion = eu-west-1\n",
    );
    let places = searched(&home.chain(&[]));
    let profile = places
        .iter()
        .find(|p| p.starts_with("profile \"default\""))
        .expect("profile listed");
    assert!(profile.contains("role_arn"), "{profile}");
    assert!(profile.contains("source_profile"), "{profile}");

    home.write(".boto", creds_file("Credentials", "AKIDBOTO", "s"));
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDBOTO");
}

#[test]
fn named_profile_with_incomplete_sso_settings_is_an_error_not_a_fallback() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n",
    );
    home.write(".boto", creds_file("Credentials", "AKIDBOTO", "s"));
    let (profile, message) = profile_error(&home.chain(&[("AWS_PROFILE", "sso")]));
    assert_eq!(profile, "sso");
    assert!(message.contains("[sso-session corp]"), "{message}");
}

#[test]
fn named_profile_without_any_credentials_falls_through_like_the_cli() {
    let home = Home::new();
    home.write(".aws/config", "[profile dev]\nregion = eu-west-1\n");
    home.write(".boto", creds_file("Credentials", "AKIDBOTO", "s"));
    let creds = resolve_ok(&home.chain(&[("AWS_PROFILE", "dev")]));
    assert_eq!(creds.access_key_id(), "AKIDBOTO");
}

#[test]
fn profile_with_half_a_key_pair_is_a_profile_error() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_secret_access_key = halfSecret\n",
    );
    home.write(".boto", creds_file("Credentials", "AKIDBOTO", "s"));
    let (profile, message) = profile_error(&home.chain(&[]));
    assert_eq!(profile, "default");
    assert!(message.contains("not aws_access_key_id"), "{message}");
    assert!(!message.contains("halfSecret"), "{message}");
}

// ---- path overrides --------------------------------------------------------------------

#[test]
fn shared_credentials_file_override() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("default", "AKIDHOME", "s"));
    let other = home.write("elsewhere/creds", creds_file("default", "AKIDOTHER", "s"));
    let other = other.display().to_string();
    let chain = home.chain(&[("AWS_SHARED_CREDENTIALS_FILE", &other)]);
    assert_eq!(resolve_ok(&chain).access_key_id(), "AKIDOTHER");
}

#[test]
fn shared_credentials_file_override_replaces_the_default_path() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("default", "AKIDHOME", "s"));
    let missing = home.display("nowhere/creds");
    let places = searched(&home.chain(&[("AWS_SHARED_CREDENTIALS_FILE", &missing)]));
    assert!(
        places.contains(&format!(
            "{missing} (AWS_SHARED_CREDENTIALS_FILE): file not found"
        )),
        "{places:?}"
    );
}

#[test]
fn config_file_override() {
    let home = Home::new();
    home.write(".aws/config", creds_file("default", "AKIDHOME", "s"));
    let other = home.write(
        "elsewhere/config",
        creds_file("profile dev", "AKIDOTHER", "s"),
    );
    let other = other.display().to_string();
    let chain = home.chain(&[("AWS_CONFIG_FILE", &other), ("AWS_PROFILE", "dev")]);
    assert_eq!(resolve_ok(&chain).access_key_id(), "AKIDOTHER");
}

#[test]
fn boto_config_override_replaces_both_default_boto_locations() {
    let home = Home::new();
    home.write(".boto", creds_file("Credentials", "AKIDHOME", "s"));
    home.write("etc/boto.cfg", creds_file("Credentials", "AKIDSYSTEM", "s"));
    let other = home.write(
        "elsewhere/boto",
        creds_file("Credentials", "AKIDOTHER", "s"),
    );
    let other = other.display().to_string();
    assert_eq!(
        resolve_ok(&home.chain(&[("BOTO_CONFIG", &other)])).access_key_id(),
        "AKIDOTHER"
    );
    // A BOTO_CONFIG that does not exist does not bring the default locations back.
    let missing = home.display("nowhere/boto");
    let places = searched(&home.chain(&[("BOTO_CONFIG", &missing)]));
    let boto: Vec<&String> = places.iter().filter(|p| p.contains("boto")).collect();
    assert_eq!(boto, [&format!("{missing} (BOTO_CONFIG): file not found")]);
    assert!(!places.iter().any(|p| p.contains("boto.cfg")), "{places:?}");
}

#[test]
fn tilde_in_override_paths_means_home() {
    let home = Home::new();
    home.write("alt/credentials", creds_file("default", "AKIDTILDE", "s"));
    let chain = home.chain(&[("AWS_SHARED_CREDENTIALS_FILE", "~/alt/credentials")]);
    assert_eq!(resolve_ok(&chain).access_key_id(), "AKIDTILDE");
}

#[test]
fn home_comes_from_the_home_variable() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        creds_file("default", "AKIDVIAHOME", "s"),
    );
    let dir = home.path().display().to_string();
    let map: HashMap<String, String> = HashMap::from([("HOME".to_string(), dir)]);
    let chain = CredentialsChain::with_env(move |k| map.get(k).cloned())
        .system_boto_config(home.join("etc/boto.cfg"));
    assert_eq!(resolve_ok(&chain).access_key_id(), "AKIDVIAHOME");
}

// ---- file format -----------------------------------------------------------------------

#[test]
fn comments_whitespace_crlf_and_bom() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "\u{feff}# managed by hand\r\n; another comment\r\n\r\n  [ default ]   # the default\r\n\
         \taws_access_key_id   =   AKIDFANCY   ; inline note\r\n\
         aws_secret_access_key=abc#def/ghi+jkl  # a # inside the secret is kept\r\n\r\n",
    );
    let creds = resolve_ok(&home.chain(&[]));
    assert_eq!(creds.access_key_id(), "AKIDFANCY");
    assert_eq!(creds.secret_access_key(), "abc#def/ghi+jkl");
}

#[test]
fn nested_settings_and_other_sections_are_skipped() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n\n\
         [default]\nregion = us-east-1\ns3 =\n    max_concurrent_requests = 20\n    addressing_style = path\n\
         aws_access_key_id = AKIDNESTED\naws_secret_access_key = s\n\n[services local]\ncloudfront =\n  endpoint_url = http://localhost\n",
    );
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDNESTED");
}

#[test]
fn duplicate_sections_merge_and_later_keys_win() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDFIRST\naws_secret_access_key = s\n\
         [dev]\naws_access_key_id = AKIDDEV\n\
         [default]\naws_access_key_id = AKIDSECOND\n",
    );
    let creds = resolve_ok(&home.chain(&[]));
    assert_eq!(creds.access_key_id(), "AKIDSECOND");
    assert_eq!(creds.secret_access_key(), "s");
}

#[test]
fn uppercase_keys_are_read_like_the_cli() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[default]\nAWS_ACCESS_KEY_ID = AKIDUPPER\nAws_Secret_Access_Key = s\n",
    );
    assert_eq!(resolve_ok(&home.chain(&[])).access_key_id(), "AKIDUPPER");
}

#[test]
fn malformed_file_error_names_file_and_line_but_not_the_secret() {
    let home = Home::new();
    let secret_line = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let path = home.write(
        ".aws/credentials",
        format!("# comment\n[default]\naws_access_key_id = AKIDX\n{secret_line}\n"),
    );
    let err = home.chain(&[]).resolve().unwrap_err();
    match &err {
        CredentialsError::Malformed {
            file,
            line,
            message,
        } => {
            assert_eq!(file, &path.display().to_string());
            assert_eq!(*line, 4);
            assert!(!message.contains(secret_line), "{message}");
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(shown.contains(&path.display().to_string()), "{shown}");
    assert!(shown.contains("line 4"), "{shown}");
    assert!(!shown.contains("wJalr"), "{shown}");
}

#[test]
fn non_utf8_file_is_malformed_at_the_right_line() {
    let home = Home::new();
    home.write(
        ".aws/config",
        b"[default]\nregion = us-east-1\nkey = \xff\xfe\n",
    );
    match home.chain(&[]).resolve() {
        Err(CredentialsError::Malformed { line, message, .. }) => {
            assert_eq!(line, 3);
            assert!(message.contains("UTF-8"), "{message}");
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn unreadable_file_is_an_io_error() {
    // A directory where a file should be cannot be read, even by root.
    let home = Home::new();
    fs::create_dir_all(home.join(".aws/credentials")).unwrap();
    home.write(".boto", creds_file("Credentials", "AKIDBOTO", "s"));
    match home.chain(&[]).resolve() {
        Err(CredentialsError::Io { file, message }) => {
            assert_eq!(file, home.display(".aws/credentials"));
            assert!(!message.is_empty());
        }
        other => panic!("expected Io, got {other:?}"),
    }
}

// ---- nothing found ---------------------------------------------------------------------

#[test]
fn not_found_lists_every_place_in_order() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("dev", "AKIDDEV", "s"));
    home.write(".aws/config", "[profile dev]\nregion = eu-west-1\n");
    home.write(".boto", "[Boto]\ndebug = 0\n");
    let places = searched(&home.chain(&[]));
    assert_eq!(
        places,
        vec![
            "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set".to_string(),
            "web identity: AWS_WEB_IDENTITY_TOKEN_FILE not set".to_string(),
            format!("{}: no [default] section", home.display(".aws/credentials")),
            format!(
                "{}: no [default] or [profile default] section",
                home.display(".aws/config")
            ),
            format!("{}: no [Credentials] section", home.display(".boto")),
            format!("{}: file not found", home.display("etc/boto.cfg")),
            "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set".to_string(),
            "instance metadata: AWS_EC2_METADATA_DISABLED is true".to_string(),
        ]
    );
    let text = CredentialsError::NotFound { searched: places }.to_string();
    assert!(text.starts_with("no AWS credentials found"), "{text}");
}

#[test]
fn not_found_with_no_files_at_all() {
    let home = Home::new();
    let places = searched(&home.chain(&[]));
    let files: Vec<String> = [".aws/credentials", ".aws/config", ".boto", "etc/boto.cfg"]
        .iter()
        .map(|rel| format!("{}: file not found", home.display(rel)))
        .collect();
    assert_eq!(places[2..6], files[..]);
}

#[test]
fn not_found_without_a_home_directory_says_so() {
    let system = Home::new();
    let chain = CredentialsChain::with_env(|name| {
        (name == "AWS_EC2_METADATA_DISABLED").then(|| "true".to_string())
    })
    .system_boto_config(system.join("etc/boto.cfg"));
    let places = searched(&chain);
    assert!(
        places
            .contains(&"~/.aws/credentials: home directory unknown (HOME is not set)".to_string()),
        "{places:?}"
    );
    assert!(
        places.contains(&"~/.boto: home directory unknown (HOME is not set)".to_string()),
        "{places:?}"
    );
}

// ---- secrets and the provider trait ----------------------------------------------------

#[test]
fn debug_of_chain_and_credentials_shows_no_secret() {
    let home = Home::new();
    let mut vars = env_vars();
    vars.push(("AWS_SESSION_TOKEN", "sessionTokenValue"));
    let chain = home.chain(&vars).profile("dev");
    let shown = format!("{chain:?}");
    assert!(shown.contains("dev"), "{shown}");
    assert!(!shown.contains(ENV_SECRET), "{shown}");
    assert!(!shown.contains("sessionTokenValue"), "{shown}");

    let creds = resolve_ok(&home.chain(&vars));
    let shown = format!("{creds:?}");
    assert!(shown.contains(ENV_ID), "{shown}");
    assert!(!shown.contains(ENV_SECRET), "{shown}");
    assert!(!shown.contains("sessionTokenValue"), "{shown}");
}

#[test]
fn provider_resolves_again_on_each_call() {
    let home = Home::new();
    home.write(".aws/credentials", creds_file("default", "AKIDONE", "s"));
    let provider: Box<dyn ProvideCredentials> = Box::new(home.chain(&[]));
    assert_eq!(provider.credentials().unwrap().access_key_id(), "AKIDONE");
    home.write(".aws/credentials", creds_file("default", "AKIDTWO", "s"));
    assert_eq!(provider.credentials().unwrap().access_key_id(), "AKIDTWO");
}
