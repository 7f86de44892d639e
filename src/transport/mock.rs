//! [`MockTransport`]: scripted exchanges for your own unit tests.

use std::collections::VecDeque;
use std::fmt;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use super::replay::{body_preview, describe_request, query_pairs};
use crate::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, redact_header_value,
};

/// One expected request and the answer to give it. Built with chained calls.
///
/// ```
/// use cloudfront::transport::{Expectation, TransportErrorKind};
///
/// // Match GET /2020-05-31/distribution?MaxItems=1 with an If-Match header...
/// let list = Expectation::get("/2020-05-31/distribution")
///     .query("MaxItems", "1")
///     .header("If-Match", "E2QWRUHAPOMQZL")
///     // ... and answer 200 with a header and a body.
///     .respond(200)
///     .response_header("ETag", "E1")
///     .response_body("<DistributionList/>");
///
/// // Any request: the connection fails (nothing sent, so the client may retry).
/// let refused = Expectation::any().fail(TransportErrorKind::Connect);
///
/// // Three times the same throttling answer.
/// let throttled = Expectation::any()
///     .respond(400)
///     .response_body("<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>")
///     .times(3);
/// # let _ = (list, refused, throttled);
/// ```
#[derive(Clone)]
pub struct Expectation {
    method: Option<String>,
    path: Option<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    present_headers: Vec<String>,
    body: Option<BodyMatch>,
    status: u16,
    response_headers: Vec<(String, String)>,
    /// `Err` when the body file could not be read: reported when the expectation is used.
    response_body: Result<Vec<u8>, String>,
    /// When set, answer with this transport error instead of the response.
    failure: Option<(TransportErrorKind, String)>,
    times: usize,
}

#[derive(Clone)]
enum BodyMatch {
    Eq(Vec<u8>),
    Contains(Vec<u8>),
}

impl fmt::Debug for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expectation({})", self.describe())
    }
}

impl Expectation {
    /// Expects `method` on `path`. A query string in `path` (`/x?a=1`) is split off and
    /// each of its parameters is expected as with [`Expectation::query`]. The answer is an
    /// empty `200` until [`Expectation::respond`] or [`Expectation::fail`] says otherwise.
    pub fn new(method: &str, path: &str) -> Expectation {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        Expectation {
            method: Some(method.to_string()),
            path: Some(path.to_string()),
            query: query_pairs(query),
            ..Expectation::any()
        }
    }

    /// Expects a `GET` on `path`.
    pub fn get(path: &str) -> Expectation {
        Expectation::new("GET", path)
    }

    /// Expects a `POST` on `path`.
    pub fn post(path: &str) -> Expectation {
        Expectation::new("POST", path)
    }

    /// Expects a `PUT` on `path`.
    pub fn put(path: &str) -> Expectation {
        Expectation::new("PUT", path)
    }

    /// Expects a `DELETE` on `path`.
    pub fn delete(path: &str) -> Expectation {
        Expectation::new("DELETE", path)
    }

    /// Expects any request.
    pub fn any() -> Expectation {
        Expectation {
            method: None,
            path: None,
            query: Vec::new(),
            headers: Vec::new(),
            present_headers: Vec::new(),
            body: None,
            status: 200,
            response_headers: Vec::new(),
            response_body: Ok(Vec::new()),
            failure: None,
            times: 1,
        }
    }

    /// Expects the query parameter `name=value` (compared percent-decoded; other
    /// parameters may be present too).
    pub fn query(mut self, name: &str, value: &str) -> Expectation {
        self.query.push((name.to_string(), value.to_string()));
        self
    }

    /// Expects header `name` (case-insensitive) with exactly `value`.
    pub fn header(mut self, name: &str, value: &str) -> Expectation {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Expects header `name` (case-insensitive) with any value.
    pub fn header_present(mut self, name: &str) -> Expectation {
        self.present_headers.push(name.to_string());
        self
    }

    /// Expects exactly this body.
    pub fn body_eq(mut self, body: impl Into<Vec<u8>>) -> Expectation {
        self.body = Some(BodyMatch::Eq(body.into()));
        self
    }

    /// Expects a body that contains `part`.
    pub fn body_contains(mut self, part: impl AsRef<[u8]>) -> Expectation {
        self.body = Some(BodyMatch::Contains(part.as_ref().to_vec()));
        self
    }

    /// Answers with this status.
    pub fn respond(mut self, status: u16) -> Expectation {
        self.status = status;
        self.failure = None;
        self
    }

    /// Adds a response header.
    pub fn response_header(mut self, name: &str, value: &str) -> Expectation {
        self.response_headers
            .push((name.to_string(), value.to_string()));
        self.failure = None;
        self
    }

    /// Sets the response body.
    pub fn response_body(mut self, body: impl Into<Vec<u8>>) -> Expectation {
        self.response_body = Ok(body.into());
        self.failure = None;
        self
    }

    /// Sets the response body to the content of a file, read now. If the file cannot be
    /// read, the request that uses this expectation fails with a message naming the file
    /// (and [`MockTransport::verify`] reports it).
    pub fn response_body_file(mut self, path: impl AsRef<Path>) -> Expectation {
        let path = path.as_ref();
        self.response_body = std::fs::read(path)
            .map_err(|e| format!("cannot read response body file {}: {e}", path.display()));
        self.failure = None;
        self
    }

    /// Answers with a transport error of `kind` instead of a response.
    pub fn fail(self, kind: TransportErrorKind) -> Expectation {
        self.fail_with(kind, "injected by MockTransport")
    }

    /// Answers with a transport error of `kind` and `message`.
    pub fn fail_with(mut self, kind: TransportErrorKind, message: &str) -> Expectation {
        self.failure = Some((kind, message.to_string()));
        self
    }

    /// Expects this request `n` times in a row (e.g. the attempts of a retried call).
    /// `times(0)` expects nothing.
    pub fn times(mut self, n: usize) -> Expectation {
        self.times = n;
        self
    }

    /// What this expectation expects, in one line (secrets redacted).
    fn describe(&self) -> String {
        let mut s = format!(
            "{} {}",
            self.method.as_deref().unwrap_or("<any method>"),
            self.path.as_deref().unwrap_or("<any path>")
        );
        let mut extra = Vec::new();
        for (k, v) in &self.query {
            extra.push(format!("query {k}={v}"));
        }
        for (k, v) in &self.headers {
            extra.push(format!("header {k}: {}", redact_header_value(k, v)));
        }
        for k in &self.present_headers {
            extra.push(format!("header {k} present"));
        }
        match &self.body {
            Some(BodyMatch::Eq(b)) => extra.push(format!("body = {}", body_preview(b, 120))),
            Some(BodyMatch::Contains(b)) => {
                extra.push(format!("body contains {}", body_preview(b, 120)))
            }
            None => {}
        }
        if !extra.is_empty() {
            s.push_str(" (");
            s.push_str(&extra.join("; "));
            s.push(')');
        }
        s
    }

    /// Why `request` does not match, one entry per difference; empty when it matches.
    fn mismatches(&self, request: &HttpRequest) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(m) = &self.method {
            if !m.eq_ignore_ascii_case(&request.method) {
                out.push(format!("method: expected {m}, got {}", request.method));
            }
        }
        if let Some(p) = &self.path {
            if p != request.path() {
                out.push(format!("path: expected {p}, got {}", request.path()));
            }
        }
        let mut got = query_pairs(request.query());
        for (k, v) in &self.query {
            // Multiset: each expected pair consumes one actual pair.
            match got.iter().position(|(gk, gv)| gk == k && gv == v) {
                Some(i) => {
                    got.remove(i);
                }
                None => {
                    let seen: Vec<&str> = got
                        .iter()
                        .filter(|(gk, _)| gk == k)
                        .map(|(_, gv)| gv.as_str())
                        .collect();
                    out.push(format!(
                        "query {k}: expected {v:?}, got {}",
                        if seen.is_empty() {
                            "none".to_string()
                        } else {
                            format!("{seen:?}")
                        }
                    ));
                }
            }
        }
        for (k, v) in &self.headers {
            let ok = request
                .headers
                .iter()
                .any(|(rk, rv)| rk.eq_ignore_ascii_case(k) && rv == v);
            if !ok {
                out.push(format!(
                    "header {k}: expected {:?}, got {}",
                    redact_header_value(k, v),
                    request
                        .header(k)
                        .map(|g| format!("{:?}", redact_header_value(k, g)))
                        .unwrap_or_else(|| "none".into())
                ));
            }
        }
        for k in &self.present_headers {
            if request.header(k).is_none() {
                out.push(format!("header {k}: expected to be present, got none"));
            }
        }
        match &self.body {
            Some(BodyMatch::Eq(b)) if *b != request.body => out.push(format!(
                "body: expected {}, got {}",
                body_preview(b, 200),
                body_preview(&request.body, 200)
            )),
            Some(BodyMatch::Contains(part))
                if !part.is_empty()
                    && !request
                        .body
                        .windows(part.len())
                        .any(|w| w == part.as_slice()) =>
            {
                out.push(format!(
                    "body: expected to contain {}, got {}",
                    body_preview(part, 200),
                    body_preview(&request.body, 200)
                ))
            }
            _ => {}
        }
        out
    }

    /// Header names this expectation looks at (shown in mismatch messages even when they
    /// are usually noise).
    fn header_names(&self) -> Vec<&str> {
        self.headers
            .iter()
            .map(|(k, _)| k.as_str())
            .chain(self.present_headers.iter().map(String::as_str))
            .collect()
    }
}

#[derive(Default)]
struct MockState {
    queue: VecDeque<Expectation>,
    requests: Vec<HttpRequest>,
    failures: Vec<String>,
    matched: usize,
}

/// A transport that answers from a queue of [`Expectation`]s, for unit tests.
///
/// Each expectation says what request to expect (method, path, and optionally query
/// parameters, headers, body) and what to answer (a canned response or a transport
/// error). Requests consume expectations in order (FIFO). A request that does not match
/// the next expectation, or comes when none is left, fails with a [`TransportError`] of
/// kind [`TransportErrorKind::Other`] whose message shows what came (method, path, query,
/// headers, a body preview; secrets redacted), what was expected and each difference. The
/// failure is also remembered: [`MockTransport::verify`] reports it even when the code
/// under test swallowed the error. A mismatched expectation is not consumed.
///
/// Share it with `Arc` so the test keeps a handle after giving it to the client
/// (`ClientBuilder::shared_transport(mock.clone())`). `Send + Sync`.
///
/// ```
/// use std::sync::Arc;
/// use cloudfront::transport::{Expectation, HttpRequest, MockTransport, Transport};
///
/// let mock = Arc::new(MockTransport::new());
/// mock.expect(
///     Expectation::get("/2020-05-31/distribution")
///         .query("MaxItems", "1")
///         .respond(200)
///         .response_header("x-amz-request-id", "req-1")
///         .response_body("<DistributionList/>"),
/// );
///
/// // Normally the client sends this (give it `mock.clone()` via `shared_transport`).
/// let response = mock.send(&HttpRequest {
///     method: "GET".into(),
///     url: "https://cloudfront.amazonaws.com/2020-05-31/distribution?MaxItems=1".into(),
///     headers: vec![],
///     body: vec![],
/// })?;
/// assert_eq!(response.body, b"<DistributionList/>");
///
/// mock.verify().expect("every expectation met, nothing unexpected");
/// assert_eq!(mock.requests().len(), 1);
/// # Ok::<(), cloudfront::transport::TransportError>(())
/// ```
#[derive(Default)]
pub struct MockTransport {
    state: Mutex<MockState>,
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockTransport")
            .field("pending", &state.queue)
            .field("requests", &state.requests.len())
            .field("failures", &state.failures.len())
            .finish()
    }
}

impl MockTransport {
    /// An empty mock: every request is unexpected until you [`expect`](Self::expect) some.
    pub fn new() -> MockTransport {
        MockTransport::default()
    }

    fn lock(&self) -> MutexGuard<'_, MockState> {
        // Every update is a push/pop, so the state stays consistent even if a thread
        // panicked while holding the lock: take the poisoned lock over.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues an expectation (after those already queued). Returns `self` for chaining.
    pub fn expect(&self, expectation: Expectation) -> &MockTransport {
        let mut state = self.lock();
        for _ in 0..expectation.times {
            state.queue.push_back(expectation.clone());
        }
        self
    }

    /// Every request received so far, in order, including unexpected ones. Compare
    /// bodies across retries with it.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.lock().requests.clone()
    }

    /// How many expectations are still waiting for their request.
    pub fn remaining(&self) -> usize {
        self.lock().queue.len()
    }

    /// True when every expectation was met and no request was unexpected.
    pub fn is_done(&self) -> bool {
        let state = self.lock();
        state.queue.is_empty() && state.failures.is_empty()
    }

    /// `Ok` when every expectation was met and no request was unexpected; otherwise a
    /// report listing the unexpected requests and the unmet expectations.
    pub fn verify(&self) -> Result<(), String> {
        let state = self.lock();
        if state.queue.is_empty() && state.failures.is_empty() {
            return Ok(());
        }
        let mut report = String::from("MockTransport:");
        if !state.failures.is_empty() {
            report.push_str(&format!(
                "\n{} unexpected request(s):",
                state.failures.len()
            ));
            for f in &state.failures {
                report.push_str("\n- ");
                report.push_str(&f.replace('\n', "\n  "));
            }
        }
        if !state.queue.is_empty() {
            report.push_str(&format!("\n{} unmet expectation(s):", state.queue.len()));
            for (i, e) in state.queue.iter().enumerate() {
                report.push_str(&format!("\n- #{}: {}", state.matched + i + 1, e.describe()));
            }
        }
        Err(report)
    }
}

impl Transport for MockTransport {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut state = self.lock();
        state.requests.push(request.clone());
        let number = state.requests.len();
        let fail = |state: &mut MockState, message: String| {
            state.failures.push(message.clone());
            Err(TransportError::new(
                TransportErrorKind::Other,
                format!("MockTransport: {message}"),
            ))
        };

        let Some(expected) = state.queue.front() else {
            let message = format!(
                "unexpected request #{number} (no expectation left, {} met):\n  got:      {}",
                state.matched,
                describe_request(request, &[])
            );
            return fail(&mut state, message);
        };
        let problems = expected.mismatches(request);
        if !problems.is_empty() {
            let message = format!(
                "request #{number} does not match expectation #{}:\n  expected: {}\n  got:      {}\n  differences:\n    - {}",
                state.matched + 1,
                expected.describe(),
                describe_request(request, &expected.header_names()),
                problems.join("\n    - ")
            );
            return fail(&mut state, message);
        }

        // Matched: consume it. The queue is non-empty: `front()` returned it above.
        let Some(expected) = state.queue.pop_front() else {
            return fail(&mut state, "internal error: expectation vanished".into());
        };
        state.matched += 1;
        match (expected.failure, expected.response_body) {
            (Some((kind, message)), _) => Err(TransportError::new(kind, message)),
            (None, Ok(body)) => Ok(HttpResponse::new(
                expected.status,
                expected.response_headers,
                body,
            )),
            (None, Err(e)) => {
                let message = format!("request #{number}: {e}");
                fail(&mut state, message)
            }
        }
    }
}
