//! Access to the moto server that `scripts/test.sh` starts on 127.0.0.1.
//!
//! The convention for every test that needs moto (in any test target of this package):
//!
//! ```ignore
//! mod common;
//! use common::moto::moto;
//!
//! #[test]
//! #[ignore = "needs moto: run scripts/test.sh"]
//! fn something_against_moto() {
//!     let moto = moto();            // fails the test if moto is not there
//!     let client = moto.client();   // or hand `moto.endpoint()` to what runs the request
//!     // ...
//! }
//! ```
//!
//! - Plain `cargo test` reports these tests as *ignored*: a test that did not run never
//!   counts as passed.
//! - `scripts/test.sh` runs them with `-- --include-ignored` and `CLOUDFRONT_MOTO_ENDPOINT`
//!   set; [`moto`] then FAILS the test if the variable is unset or moto does not answer.
//! - A [`Moto`] that is dropped without its endpoint having been used (no [`Moto::client`],
//!   no [`Moto::endpoint`]) fails the test: it sent nothing to moto.
//! - When `CLOUDFRONT_MOTO_RUN_LOG` names a file, each moto test that passes appends
//!   `<test target> <test name>` to it; `scripts/moto_census.sh` (run by `scripts/test.sh`)
//!   then checks that every ignored test is in that file, so a test whose body was emptied
//!   (or that returns before reaching moto) fails the run. `#[ignore]` is therefore reserved for moto tests.

#![allow(dead_code)]

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use cloudfront::{Client, Credentials, RetryPolicy};

/// moto's state is global: tests that use it take this lock and reset the state first.
static MOTO_LOCK: Mutex<()> = Mutex::new(());

/// A reset moto server, held exclusively for one test.
pub struct Moto {
    endpoint: String,
    used: AtomicBool,
    _guard: MutexGuard<'static, ()>,
}

/// The moto server, reset and held for this test. Panics (failing the test) when
/// `CLOUDFRONT_MOTO_ENDPOINT` is not set or moto does not answer.
pub fn moto() -> Moto {
    let endpoint = match std::env::var("CLOUDFRONT_MOTO_ENDPOINT") {
        Ok(e) if !e.trim().is_empty() => e.trim().trim_end_matches('/').to_string(),
        _ => panic!(
            "this test needs moto and CLOUDFRONT_MOTO_ENDPOINT is not set: run scripts/test.sh \
             (or set it to a moto server on 127.0.0.1)"
        ),
    };
    let guard = MOTO_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let moto = Moto {
        endpoint,
        used: AtomicBool::new(false),
        _guard: guard,
    };
    moto.reset();
    moto
}

impl Drop for Moto {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        assert!(
            self.used.load(Ordering::Relaxed),
            "this moto test sent nothing to moto (neither Moto::client nor Moto::endpoint was used)"
        );
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

impl Moto {
    /// The endpoint, `http://127.0.0.1:PORT`, for whatever sends this test's requests.
    pub fn endpoint(&self) -> &str {
        self.used.store(true, Ordering::Relaxed);
        &self.endpoint
    }

    /// A client for moto with dummy credentials and fast retries.
    pub fn client(&self) -> Client {
        self.used.store(true, Ordering::Relaxed);
        Client::builder()
            .credentials(Credentials::new(
                "AKIDMOTOTEST",
                "moto-secret-never-checked",
            ))
            .endpoint(&self.endpoint)
            .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
            .build()
            .expect("client for moto")
    }

    /// Clears moto's state, including the state-manager transitions that `/moto-api/reset`
    /// keeps (a test that slows deploys must not slow the next one).
    pub fn reset(&self) {
        self.post("/moto-api/reset", "");
        self.post(
            "/moto-api/state-manager/unset-transition",
            r#"{"model_name":"cloudfront::distribution"}"#,
        );
    }

    /// A plain POST to moto's control API; panics (failing the test) if moto does not answer.
    pub fn post(&self, path: &str, body: &str) {
        let (host, port) = self
            .endpoint
            .trim_start_matches("http://")
            .split_once(':')
            .expect("endpoint is http://127.0.0.1:PORT");
        let port: u16 = port.parse().expect("port");
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect((host, port)).unwrap_or_else(|e| {
            panic!(
                "CLOUDFRONT_MOTO_ENDPOINT={} set but moto does not answer: {e}",
                self.endpoint
            )
        });
        stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(req.as_bytes()).expect("write to moto");
        let mut resp = String::new();
        stream.read_to_string(&mut resp).expect("read from moto");
        let status = resp.split(' ').nth(1).unwrap_or("");
        assert!(
            status.starts_with('2'),
            "moto control call {path} failed: {}",
            resp.lines().next().unwrap_or("")
        );
    }

    /// Makes moto report a new distribution as `InProgress` for the next `reads` reads.
    pub fn slow_distribution_deploys(&self, reads: u32) {
        self.post(
            "/moto-api/state-manager/set-transition",
            &format!(
                r#"{{"model_name":"cloudfront::distribution","transition":{{"progression":"manual","times":{reads}}}}}"#
            ),
        );
    }
}
