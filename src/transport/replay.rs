//! Fixture files: replay recorded exchanges ([`ReplayTransport`]) and record new ones
//! ([`RecordingTransport`]). The file format is documented on [`Exchange`].
//!
//! One job per file: `replay/fixture.rs` (the file format), this file (replaying and
//! matching), `replay/record.rs` (recording), `replay/request.rs` (reading live requests,
//! shared with the mock transport).

mod fixture;
mod record;
mod request;
mod signature;

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::sync::Mutex;

use fixture::{EXTENSION, fixture_files};
pub use fixture::{Exchange, FixtureError};
pub use record::RecordingTransport;
use request::{VOLATILE_HEADERS, lock};
pub(super) use request::{body_preview, describe_request, query_pairs};

use crate::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, redact_header_value,
};

struct Fixture {
    /// The file name, or `#n` for exchanges given in memory.
    label: String,
    exchange: Exchange,
}

#[derive(Default)]
struct ReplayState {
    next: usize,
    failures: Vec<String>,
}

/// Answers requests from recorded [`Exchange`]s, in order, checking that each request
/// matches its fixture.
///
/// ```
/// use cloudfront::transport::{Exchange, HttpRequest, ReplayTransport, Transport};
///
/// let text = "GET /2020-05-31/distribution?MaxItems=2\n\
///             <<< response\n\
///             HTTP 200\n\
///             content-type: text/xml\n\
///             \n\
///             <DistributionList/>\n";
/// let replay = ReplayTransport::new(vec![Exchange::parse(text)?]);
/// let response = replay.send(&HttpRequest {
///     method: "GET".into(),
///     url: "https://cloudfront.amazonaws.com/2020-05-31/distribution?MaxItems=2".into(),
///     headers: vec![],
///     body: vec![],
/// })?;
/// assert_eq!(response.body, b"<DistributionList/>");
/// assert!(replay.verify().is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Matching
///
/// A request matches the next fixture when
/// - the method is the same and the path is the same, byte for byte;
/// - the query strings hold the same (percent-decoded) pairs, in any order;
/// - every fixture request header is present with the same value (names compared without
///   case), except the volatile ones, which are ignored: `authorization`,
///   `x-amz-security-token`, `x-amz-date`, `x-amz-content-sha256`, `host`, `user-agent`,
///   `content-length`, `accept`, `accept-encoding`, `connection`;
/// - when the fixture has a request body, the bodies are equal; by default the text of
///   every `<CallerReference>` element is ignored on both sides, since it is a fresh uuid
///   on every run (see [`ReplayTransport::ignore_caller_reference`]);
/// - in [strict mode](ReplayTransport::strict), the bodies are always compared and the
///   request's SigV4 `Authorization` header must be well-formed.
///
/// # Failures
///
/// A request that does not match, or one too many, gets a [`TransportError`] of kind
/// [`TransportErrorKind::Other`] whose message shows expected and actual; the failure is
/// also remembered, so [`ReplayTransport::verify`] reports it even if the code under test
/// swallowed the error. `Send + Sync`; share it with `Arc` to keep a handle.
///
/// ```no_run
/// use std::sync::Arc;
/// use cloudfront::transport::ReplayTransport;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let replay = Arc::new(ReplayTransport::from_dir("fixtures/list-distributions")?);
/// let client = cloudfront::Client::builder()
///     .credentials(cloudfront::Credentials::new("AKIDEXAMPLE", "secret"))
///     .shared_transport(replay.clone())
///     .build()?;
/// // ... exercise `client` ...
/// replay.verify()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
pub struct ReplayTransport {
    fixtures: Vec<Fixture>,
    ignore_caller_reference: bool,
    strict: bool,
    state: Mutex<ReplayState>,
}

impl fmt::Debug for ReplayTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("ReplayTransport")
            .field("fixtures", &self.fixtures.len())
            .field("replayed", &state.next)
            .field("failures", &state.failures.len())
            .field("ignore_caller_reference", &self.ignore_caller_reference)
            .field("strict", &self.strict)
            .finish()
    }
}

impl ReplayTransport {
    /// Replays `exchanges` in order.
    pub fn new(exchanges: Vec<Exchange>) -> ReplayTransport {
        let fixtures = exchanges
            .into_iter()
            .enumerate()
            .map(|(i, exchange)| Fixture {
                label: format!("exchange #{}", i + 1),
                exchange,
            })
            .collect();
        ReplayTransport {
            fixtures,
            ignore_caller_reference: true,
            strict: false,
            state: Mutex::new(ReplayState::default()),
        }
    }

    /// Loads every `*.http` file of `dir`, in file-name order. Fails on the first file
    /// that cannot be read or parsed, and when the directory holds no fixture at all.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<ReplayTransport, FixtureError> {
        let dir = dir.as_ref();
        let files = fixture_files(dir)?;
        if files.is_empty() {
            return Err(
                FixtureError::new(0, format!("no *.{EXTENSION} fixture files")).in_file(dir),
            );
        }
        let mut fixtures = Vec::with_capacity(files.len());
        for path in files {
            let exchange = Exchange::from_file(&path)?;
            let label = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            fixtures.push(Fixture { label, exchange });
        }
        Ok(ReplayTransport {
            fixtures,
            ignore_caller_reference: true,
            strict: false,
            state: Mutex::new(ReplayState::default()),
        })
    }

    /// Whether to ignore the text of `<CallerReference>` elements when comparing request
    /// bodies. Default `true`: the client puts a fresh uuid there on every run, so a
    /// recorded body would otherwise never match again.
    pub fn ignore_caller_reference(mut self, ignore: bool) -> ReplayTransport {
        self.ignore_caller_reference = ignore;
        self
    }

    /// Strict matching (default off). On top of the usual rules:
    /// - the request body is always compared: a fixture without a request body matches only
    ///   a request without one (caller references are still masked unless
    ///   [`ReplayTransport::ignore_caller_reference`] says otherwise);
    /// - the request must carry a well-formed SigV4 `Authorization` header for CloudFront:
    ///   `AWS4-HMAC-SHA256 Credential=KEY/YYYYMMDD/us-east-1/cloudfront/aws4_request,
    ///   SignedHeaders=..., Signature=<64 hex digits>`, whose scope date is the date of its
    ///   `x-amz-date`, whose signed headers (lowercase, sorted) include `host`, `x-amz-date`,
    ///   `content-type` and every `x-amz-*` header sent and nothing that is not sent, and whose
    ///   `x-amz-content-sha256`, if sent, is the SHA-256 of the body.
    ///
    /// The signature itself needs the secret key, which a fixture never holds: to check it,
    /// re-sign the request with [`crate::auth::sigv4`] in the test that knows the key.
    ///
    /// ```
    /// use cloudfront::transport::{Exchange, HttpRequest, ReplayTransport, Transport};
    ///
    /// let mut fixture = Exchange::new("GET", "/2020-05-31/distribution");
    /// fixture.status = 200;
    /// let replay = ReplayTransport::new(vec![fixture]).strict(true);
    /// let unsigned = HttpRequest {
    ///     method: "GET".into(),
    ///     url: "https://cloudfront.amazonaws.com/2020-05-31/distribution".into(),
    ///     headers: vec![],
    ///     body: vec![],
    /// };
    /// let err = replay.send(&unsigned).unwrap_err();
    /// assert!(err.to_string().contains("no authorization header"));
    /// ```
    pub fn strict(mut self, strict: bool) -> ReplayTransport {
        self.strict = strict;
        self
    }

    /// How many fixtures have not been replayed yet.
    pub fn remaining(&self) -> usize {
        self.fixtures.len() - lock(&self.state).next.min(self.fixtures.len())
    }

    /// How many fixtures were loaded.
    pub fn len(&self) -> usize {
        self.fixtures.len()
    }

    /// True when no fixture was loaded.
    pub fn is_empty(&self) -> bool {
        self.fixtures.is_empty()
    }

    /// `Ok` when every fixture was replayed and no request failed to match; otherwise
    /// the list of problems, one per line.
    pub fn verify(&self) -> Result<(), String> {
        let state = lock(&self.state);
        let mut problems = state.failures.clone();
        for f in self.fixtures.iter().skip(state.next) {
            problems.push(format!(
                "fixture {} was never replayed: {} {}",
                f.label, f.exchange.method, f.exchange.path_and_query
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "ReplayTransport: {} problem(s):\n{}",
                problems.len(),
                problems.join("\n")
            ))
        }
    }

    fn mismatches(&self, expected: &Exchange, request: &HttpRequest) -> Vec<String> {
        let mut out = Vec::new();
        if expected.method != request.method {
            out.push(format!(
                "method: expected {}, got {}",
                expected.method, request.method
            ));
        }
        let (exp_path, exp_query) = expected
            .path_and_query
            .split_once('?')
            .unwrap_or((&expected.path_and_query, ""));
        if exp_path != request.path() {
            out.push(format!("path: expected {exp_path}, got {}", request.path()));
        }
        let (exp_pairs, got_pairs) = (query_pairs(exp_query), query_pairs(request.query()));
        if exp_pairs != got_pairs {
            out.push(format!(
                "query: expected {:?}, got {:?}",
                exp_query,
                request.query()
            ));
        }
        for (name, value) in &expected.request_headers {
            if VOLATILE_HEADERS
                .iter()
                .any(|v| name.eq_ignore_ascii_case(v))
            {
                continue;
            }
            let found = request
                .headers
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case(name) && v == value);
            if !found {
                let got = request.header(name).map(|v| redact_header_value(name, v));
                out.push(format!(
                    "header {name}: expected {:?}, got {}",
                    redact_header_value(name, value),
                    got.map(|g| format!("{g:?}"))
                        .unwrap_or_else(|| "none".into())
                ));
            }
        }
        if self.strict {
            out.extend(signature::sigv4_problems(request));
        }
        if self.strict || !expected.request_body.is_empty() {
            let (exp, got) = if self.ignore_caller_reference {
                (
                    mask_caller_reference(&expected.request_body),
                    mask_caller_reference(&request.body),
                )
            } else {
                (
                    Cow::Borrowed(expected.request_body.as_slice()),
                    Cow::Borrowed(request.body.as_slice()),
                )
            };
            if exp != got {
                let at = exp
                    .iter()
                    .zip(got.iter())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| exp.len().min(got.len()));
                out.push(format!(
                    "body differs at byte {at} (expected {} bytes, got {}):\n      expected: {}\n      got:      {}",
                    exp.len(),
                    got.len(),
                    body_window(&exp, at),
                    body_window(&got, at)
                ));
            }
        }
        out
    }
}

/// A preview of `body` around byte `at`.
fn body_window(body: &[u8], at: usize) -> String {
    const BEFORE: usize = 40;
    const AFTER: usize = 60;
    let start = at.saturating_sub(BEFORE);
    let end = (at + AFTER).min(body.len());
    let text = String::from_utf8_lossy(&body[start.min(end)..end]);
    format!(
        "{}{:?}{}",
        if start > 0 { "..." } else { "" },
        text,
        if end < body.len() { "..." } else { "" }
    )
}

/// Replaces the text of every `<CallerReference>` element with `*`.
fn mask_caller_reference(body: &[u8]) -> Cow<'_, [u8]> {
    const OPEN: &str = "<CallerReference>";
    const CLOSE: &str = "</CallerReference>";
    let Ok(text) = std::str::from_utf8(body) else {
        return Cow::Borrowed(body);
    };
    if !text.contains(OPEN) {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(OPEN) {
        let after_open = i + OPEN.len();
        out.push_str(&rest[..after_open]);
        match rest[after_open..].find(CLOSE) {
            Some(j) => {
                out.push('*');
                rest = &rest[after_open + j..];
                out.push_str(CLOSE);
                rest = &rest[CLOSE.len()..];
            }
            None => {
                rest = &rest[after_open..];
                break;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out.into_bytes())
}
impl Transport for ReplayTransport {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut state = lock(&self.state);
        let number = state.next + state.failures.len() + 1;
        let Some(fixture) = self.fixtures.get(state.next) else {
            let message = format!(
                "unexpected request (all {} fixtures already replayed):\n  got:      {}",
                self.fixtures.len(),
                describe_request(request, &[])
            );
            state.failures.push(message.clone());
            return Err(TransportError::new(
                TransportErrorKind::Other,
                format!("ReplayTransport: {message}"),
            ));
        };
        let problems = self.mismatches(&fixture.exchange, request);
        if problems.is_empty() {
            state.next += 1;
            return Ok(fixture.exchange.response());
        }
        let message = format!(
            "request #{number} does not match fixture {}:\n  expected: {} {}\n  got:      {}\n  differences:\n    - {}",
            fixture.label,
            fixture.exchange.method,
            fixture.exchange.path_and_query,
            describe_request(request, &[]),
            problems.join("\n    - ")
        );
        state.failures.push(message.clone());
        Err(TransportError::new(
            TransportErrorKind::Other,
            format!("ReplayTransport: {message}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_reference_is_masked() {
        let a = b"<X><CallerReference>uuid-1</CallerReference><C>1</C></X>";
        let b = b"<X><CallerReference>other</CallerReference><C>1</C></X>";
        assert_eq!(mask_caller_reference(a), mask_caller_reference(b));
        let c = b"<X><CallerReference>u</CallerReference><C>2</C></X>";
        assert_ne!(mask_caller_reference(a), mask_caller_reference(c));
        // Unterminated: no panic, text kept.
        let d = b"<CallerReference>open";
        assert_eq!(&*mask_caller_reference(d), &d[..]);
    }
}
