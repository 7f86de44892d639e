//! Running the real `cloudfront` binary against moto on 127.0.0.1 (started by
//! scripts/test.sh, which sets `CLOUDFRONT_MOTO_ENDPOINT`), and setting moto up through the
//! library.
//!
//! The moto tests are `#[ignore = "needs moto"]`: a plain `cargo test` shows them as
//! ignored; scripts/test.sh runs them with `--include-ignored`. Run that way without
//! `CLOUDFRONT_MOTO_ENDPOINT`, or with moto down, they fail.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use assert_cmd::Command;
use cloudfront::{Client, Credentials, DistributionConfig, Origin};

static LOCK: Mutex<()> = Mutex::new(());

/// A reset moto, held by one test at a time (its state is global).
pub struct Moto {
    pub endpoint: String,
    _guard: MutexGuard<'static, ()>,
}

/// A moto test that passed appends `<test target> <test name>` to `CLOUDFRONT_MOTO_RUN_LOG`
/// (when set), so that `scripts/moto_census.sh` can check every ignored test reached moto
/// (the library's convention, tests/common/moto.rs).
impl Drop for Moto {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if let Some(path) = std::env::var_os("CLOUDFRONT_MOTO_RUN_LOG") {
            let test = std::thread::current()
                .name()
                .unwrap_or("<unnamed thread>")
                .to_string();
            let line = format!("{} {test}\n", env!("CARGO_CRATE_NAME"));
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .and_then(|mut f| f.write_all(line.as_bytes()))
                .unwrap_or_else(|e| panic!("append to CLOUDFRONT_MOTO_RUN_LOG {path:?}: {e}"));
        }
    }
}

/// The moto of scripts/test.sh, reset. Panics (failing the test) when it is not configured
/// or does not answer.
pub fn moto() -> Moto {
    let endpoint = std::env::var("CLOUDFRONT_MOTO_ENDPOINT")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .expect("CLOUDFRONT_MOTO_ENDPOINT is not set: run the moto tests through scripts/test.sh")
        .trim()
        .trim_end_matches('/')
        .to_string();
    let guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let moto = Moto {
        endpoint,
        _guard: guard,
    };
    moto.post("/moto-api/reset", "");
    moto.post(
        "/moto-api/state-manager/unset-transition",
        r#"{"model_name":"cloudfront::distribution"}"#,
    );
    moto
}

impl Moto {
    /// A plain POST to moto's control API; panics if moto does not answer 2xx.
    pub fn post(&self, path: &str, body: &str) {
        let addr = self.endpoint.trim_start_matches("http://");
        let mut s = TcpStream::connect(addr)
            .unwrap_or_else(|e| panic!("moto at {} does not answer: {e}", self.endpoint));
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        assert!(
            response.starts_with("HTTP/1.1 20") || response.starts_with("HTTP/1.0 20"),
            "moto {path}: {response}"
        );
    }

    /// A library client for setting moto up.
    pub fn client(&self) -> Client {
        Client::builder()
            .credentials(Credentials::new("AKIDMOTOTEST", "moto-secret"))
            .endpoint(&self.endpoint)
            .build()
            .unwrap()
    }

    /// A distribution with `comment`; returns its id.
    pub fn distribution(&self, comment: &str) -> String {
        let config = DistributionConfig::new(Origin::custom("origin.example.com")).comment(comment);
        self.client()
            .create_distribution(config)
            .unwrap()
            .id
            .to_string()
    }

    /// The binary, pointed at moto with test credentials and nothing from the environment
    /// that could change its behaviour.
    pub fn cmd(&self) -> Command {
        let mut cmd = cloudfront();
        cmd.env("AWS_ENDPOINT_URL", &self.endpoint);
        cmd
    }
}

/// The binary with test credentials and a clean environment (no profile, no endpoint).
pub fn cloudfront() -> Command {
    let mut cmd = Command::cargo_bin("cloudfront").unwrap();
    for var in [
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_CLOUDFRONT",
        "AWS_SESSION_TOKEN",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "EDITOR",
        "VISUAL",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDMOTOTEST")
        .env("AWS_SECRET_ACCESS_KEY", "moto-secret")
        .env("HOME", std::env::temp_dir())
        .timeout(Duration::from_secs(120));
    cmd
}

/// stdout of a finished command, as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// stderr of a finished command, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A file of the repository's fixtures/.
pub fn fixture(path: &str) -> String {
    let path = format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
