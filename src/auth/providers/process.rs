//! `credential_process`: run a command and read credentials from its standard output, a JSON
//! document with `Version` 1, `AccessKeyId`, `SecretAccessKey`, optionally `SessionToken`
//! and `Expiration`.
//!
//! The command line is split like a POSIX shell's words (as the AWS CLI does with
//! `shlex.split`) and run directly, without a shell. Standard output and standard error are
//! each read up to 64 KiB (more is an error); a command that runs longer than the timeout
//! (60 s unless set with [`CredentialsChain::process_timeout`](crate::CredentialsChain::process_timeout))
//! is killed. Errors quote the first lines of standard error, never standard output (which
//! holds the secret).

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::auth::providers::words::{SplitError, split_words};
use crate::auth::providers::{credentials_from_json, json_u64, parse_json, provider_error};
use crate::auth::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;

const MAX_OUTPUT: u64 = 64 * 1024;
const NAME: &str = "credential_process";

/// Runs the command of a profile's `credential_process`.
#[derive(Debug, Clone)]
pub(crate) struct ProcessProvider {
    pub(crate) profile: String,
    pub(crate) command: String,
    pub(crate) timeout: Duration,
}

impl ProvideCredentials for ProcessProvider {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let fail = |m: String| provider_error(NAME, format!("profile {:?}: {m}", self.profile));
        let words = split_words(&self.command).map_err(|e| {
            fail(match e {
                SplitError::UnclosedQuote => "the command line has an unclosed quote".into(),
                SplitError::TrailingBackslash => "the command line ends with a backslash".into(),
            })
        })?;
        let (program, args) = words
            .split_first()
            .ok_or_else(|| fail("the command is empty".into()))?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(format!("cannot run {program:?}: {e}")))?;
        let stdout = child.stdout.take().map(reader);
        let stderr = child.stderr.take().map(reader);
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() >= self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(fail(format!(
                        "{program:?} did not finish within {:?} and was stopped",
                        self.timeout
                    )));
                }
                Ok(None) => thread::sleep(Duration::from_millis(10)),
                Err(e) => return Err(fail(format!("waiting for {program:?} failed: {e}"))),
            }
        };
        let out = stdout
            .map(|h| h.join().unwrap_or(Err(())))
            .unwrap_or(Ok(Vec::new()));
        let err = stderr
            .map(|h| h.join().unwrap_or(Err(())))
            .unwrap_or(Ok(Vec::new()));
        let err_text = match &err {
            Ok(bytes) => first_lines(bytes),
            Err(()) => "(standard error was longer than 64 KiB)".to_string(),
        };
        if !status.success() {
            let mut m = format!("{program:?} failed ({status})");
            if !err_text.is_empty() {
                m.push_str(&format!("; standard error: {err_text}"));
            }
            return Err(fail(m));
        }
        let out = out.map_err(|()| fail(format!("{program:?} printed more than 64 KiB")))?;
        let doc = parse_json(NAME, &out).map_err(|_| {
            fail(format!(
                "{program:?} did not print a JSON document on standard output"
            ))
        })?;
        match json_u64(&doc, "Version") {
            Some(1) => {}
            _ => {
                return Err(fail(format!(
                    "{program:?} printed a document without \"Version\": 1"
                )));
            }
        }
        credentials_from_json(
            NAME,
            &doc,
            ["AccessKeyId", "SecretAccessKey", "SessionToken"],
            Some("Expiration"),
        )
        .map_err(|e| match e {
            CredentialsError::Provider { message, .. } => fail(message),
            other => other,
        })
    }
}

/// Reads a pipe to its end in a thread, keeping at most [`MAX_OUTPUT`] bytes (`Err` when
/// there was more).
fn reader(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Result<Vec<u8>, ()>> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let _ = pipe.by_ref().take(MAX_OUTPUT + 1).read_to_end(&mut kept);
        if kept.len() as u64 > MAX_OUTPUT {
            // Drain the rest so that the child does not block on a full pipe.
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
            return Err(());
        }
        Ok(kept)
    })
}

/// The first three lines of standard error, at most 300 characters.
fn first_lines(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join(" | ");
    if out.chars().count() > 300 {
        out = out.chars().take(300).collect::<String>() + "...";
    }
    out
}
