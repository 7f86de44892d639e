//! Helpers shared by the credentials tests: a temporary HOME with an injected environment,
//! scripted STS / container / SSO answers, and readers of the SigV4 `Authorization` header.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, CredentialsChain, Environment, Error, RawRequest};
use tempfile::TempDir;

/// 2026-11-24T23:46:40Z.
pub fn start() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_564_000)
}

pub fn iso(t: SystemTime) -> String {
    cloudfront::time::format_iso8601(t)
}

pub struct Home {
    dir: TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn write(&self, rel: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
        path
    }
    /// The environment: exactly `vars`, this HOME, and no instance metadata unless a test
    /// sets its endpoint (nothing may go to 169.254.169.254).
    pub fn env(&self, vars: &[(&str, &str)]) -> Environment {
        let mut all: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !vars.iter().any(|(k, _)| k.starts_with("AWS_EC2_METADATA")) {
            all.push(("AWS_EC2_METADATA_DISABLED".into(), "true".into()));
        }
        all.push((
            "BOTO_CONFIG".into(),
            self.path().join(".boto").display().to_string(),
        ));
        Environment::from_vars(all).home_dir(self.path())
    }
}

/// The access key id in a SigV4 `Authorization` header.
pub fn key_id(authorization: Option<&str>) -> String {
    let a = authorization.expect("signed request");
    let after = a.split("Credential=").nth(1).expect("Credential=");
    after.split('/').next().unwrap().to_string()
}

/// The scope (`date/region/service`) in a SigV4 `Authorization` header.
pub fn scope(authorization: Option<&str>) -> String {
    let a = authorization.expect("signed request");
    let after = a.split("Credential=").nth(1).expect("Credential=");
    let cred = after.split(',').next().unwrap();
    cred.split_once('/')
        .unwrap()
        .1
        .trim_end_matches("/aws4_request")
        .to_string()
}

pub fn probe(client: &Client) {
    client
        .send_raw(RawRequest::get("/2020-05-31/distribution"))
        .expect("probe request");
}

pub fn cloudfront_ok() -> Expectation {
    Expectation::get("/2020-05-31/distribution").respond(200)
}

pub fn container_json(id: &str, token: &str, expiry: SystemTime) -> String {
    format!(
        r#"{{"AccessKeyId":"{id}","SecretAccessKey":"secret-{id}","Token":"{token}","Expiration":"{}"}}"#,
        iso(expiry)
    )
}

pub fn sts_response(action: &str, id: &str, token: &str, expiry: SystemTime) -> String {
    format!(
        r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{action}Result><Credentials><AccessKeyId>{id}</AccessKeyId><SecretAccessKey>secret-{id}</SecretAccessKey><SessionToken>{token}</SessionToken><Expiration>{}</Expiration></Credentials></{action}Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></{action}Response>"#,
        iso(expiry)
    )
}

/// One `AssumeRole` answered with `id`, valid for an hour.
pub fn expect_assume_role(mock: &MockTransport, id: &str) {
    mock.expect(
        Expectation::post("/")
            .respond(200)
            .response_body(sts_response(
                "AssumeRole",
                id,
                "t",
                start() + Duration::from_secs(3600),
            )),
    );
}

pub fn mock_client(
    home: &Home,
    vars: &[(&str, &str)],
    mock: &Arc<MockTransport>,
) -> Result<Client, Error> {
    Client::builder()
        .environment(home.env(vars))
        .shared_transport(mock.clone())
        .clock(Arc::new(ManualClock::new(start())))
        .build()
}

pub fn sso_cache_path(home: &Home) -> PathBuf {
    home.path()
        .join(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
}

/// Writes the SSO token cache file of session `corp`.
pub fn write_sso_cache(home: &Home, json: &str) -> PathBuf {
    let path = sso_cache_path(home);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, json).unwrap();
    path
}

pub fn role_credentials(id: &str, expiry: SystemTime) -> String {
    let ms = expiry.duration_since(UNIX_EPOCH).unwrap().as_millis();
    format!(
        r#"{{"roleCredentials":{{"accessKeyId":"{id}","secretAccessKey":"sso-secret","sessionToken":"sso-token","expiration":{ms}}}}}"#
    )
}

pub fn script(home: &Home, name: &str, body: &str) -> PathBuf {
    let path = home.write(name, &format!("#!/bin/sh\n{body}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

pub fn process_chain(home: &Home, command: &str) -> CredentialsChain {
    home.write(
        ".aws/config",
        &format!("[default]\ncredential_process = {command}\n"),
    );
    CredentialsChain::from_environment(home.env(&[]))
        .system_boto_config(home.path().join("no-boto"))
        .process_timeout(Duration::from_secs(2))
}

pub fn imds_chain(
    home: &Home,
    vars: &[(&str, &str)],
    mock: &Arc<MockTransport>,
) -> CredentialsChain {
    CredentialsChain::from_environment(home.env(vars))
        .transport(mock.clone())
        .metadata_transport(mock.clone())
        .clock(Arc::new(ManualClock::new(start())))
}
