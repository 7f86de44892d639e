//! Access to the moto server that `scripts/test.sh` starts on 127.0.0.1.
//!
//! Tests that need moto call [`moto`]. When `CLOUDFRONT_MOTO_ENDPOINT` is set and moto does
//! not answer, they FAIL. When it is not set, they are not applicable: under CI (`CI` set)
//! that is a failure too; on a developer's `cargo test` they return early with a note on
//! stderr, so plain `cargo test` still runs every offline test.

#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use cloudfront::{Client, Credentials, RetryPolicy};

/// moto's state is global: tests that use it take this lock and reset the state first.
static MOTO_LOCK: Mutex<()> = Mutex::new(());

/// A reset moto server, held exclusively for one test.
pub struct Moto {
    pub endpoint: String,
    _guard: MutexGuard<'static, ()>,
}

/// The moto endpoint, or `None` (with a note) when moto tests are not applicable.
pub fn moto() -> Option<Moto> {
    let endpoint = match std::env::var("CLOUDFRONT_MOTO_ENDPOINT") {
        Ok(e) if !e.trim().is_empty() => e.trim().trim_end_matches('/').to_string(),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but CLOUDFRONT_MOTO_ENDPOINT is not: run the tests through scripts/test.sh"
            );
            eprintln!(
                "note: CLOUDFRONT_MOTO_ENDPOINT not set; moto test not run (scripts/test.sh runs it)"
            );
            return None;
        }
    };
    let guard = MOTO_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let moto = Moto {
        endpoint,
        _guard: guard,
    };
    moto.reset();
    Some(moto)
}

impl Moto {
    /// A client for moto with dummy credentials and fast retries.
    pub fn client(&self) -> Client {
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
