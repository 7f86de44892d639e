//! A transport that injects faults, for testing how code behaves when the network and the
//! service misbehave. It wraps another transport (a real one against a local emulator, a
//! [`crate::transport::MockTransport`], a [`crate::transport::ReplayTransport`]) and, by a
//! fixed schedule or by seeded probability, replaces or damages exchanges.
//!
//! ```
//! use cloudfront::transport::{Fault, FaultTransport, HttpRequest, HttpResponse, Transport, TransportError};
//!
//! #[derive(Debug)]
//! struct Ok200;
//! impl Transport for Ok200 {
//!     fn send(&self, _: &HttpRequest) -> Result<HttpResponse, TransportError> {
//!         Ok(HttpResponse::new(200, vec![], b"<ok/>".to_vec()))
//!     }
//! }
//!
//! let faulty = FaultTransport::new(Ok200).schedule([Fault::Http503, Fault::ResponseLost]);
//! let req = HttpRequest { method: "GET".into(), url: "http://127.0.0.1/".into(), headers: vec![], body: vec![] };
//! assert_eq!(faulty.send(&req).unwrap().status, 503);     // 1st request: canned 503
//! assert!(faulty.send(&req).is_err());                      // 2nd: forwarded, then the response is lost
//! assert_eq!(faulty.send(&req).unwrap().status, 200);     // schedule exhausted: passes through
//! assert_eq!(faulty.forwarded(), 2);
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};

/// One kind of failure to inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// No fault: forward the request unchanged.
    None,
    /// The connection is refused; the request is not forwarded (kind `Connect`).
    ConnectionRefused,
    /// The connection resets before the request is written; not forwarded (kind `Io`: the
    /// client cannot tell this from a reset after sending).
    ResetBeforeSend,
    /// The request is forwarded and processed, then the connection resets before the
    /// response arrives (kind `Io`). The dangerous one for non-idempotent calls.
    ResponseLost,
    /// The request is forwarded and processed, then the read times out (kind `Timeout`).
    ReadTimeout,
    /// A canned HTTP 500 with CloudFront's `InternalError`; not forwarded.
    Http500,
    /// A canned HTTP 502 with an HTML body, as a proxy sends; not forwarded.
    Http502,
    /// A canned HTTP 503 with `ServiceUnavailable`; not forwarded.
    Http503,
    /// A canned HTTP 400 `Throttling: Rate exceeded`; not forwarded.
    Throttling,
    /// Forwarded; the response body is cut in half.
    TruncatedBody,
    /// Forwarded; the response body is replaced by an HTML page (status kept).
    NonXmlBody,
    /// Not forwarded; the transport reports a body over its size cap (kind `BodyTooLarge`).
    BodyOverCap,
    /// Forwarded after a delay (see [`FaultTransport::slow_delay`]); the response is intact,
    /// unless the delay is longer than the time left of the call's deadline (see
    /// [`Transport::send_within`]): then the request is forwarded and the call ends as a
    /// [`TransportErrorKind::Timeout`] when that time has passed.
    SlowBody,
}

impl Fault {
    /// Every fault, in declaration order (without [`Fault::None`]).
    pub const ALL: [Fault; 12] = [
        Fault::ConnectionRefused,
        Fault::ResetBeforeSend,
        Fault::ResponseLost,
        Fault::ReadTimeout,
        Fault::Http500,
        Fault::Http502,
        Fault::Http503,
        Fault::Throttling,
        Fault::TruncatedBody,
        Fault::NonXmlBody,
        Fault::BodyOverCap,
        Fault::SlowBody,
    ];

    /// Whether the wrapped transport sees the request (so the server may act on it).
    pub fn forwards(self) -> bool {
        matches!(
            self,
            Fault::None
                | Fault::ResponseLost
                | Fault::ReadTimeout
                | Fault::TruncatedBody
                | Fault::NonXmlBody
                | Fault::SlowBody
        )
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

enum Mode {
    Schedule(VecDeque<Fault>),
    Random {
        state: u64,
        probability: f64,
        faults: Vec<Fault>,
    },
}

struct State {
    mode: Mode,
    injected: Vec<(String, Fault)>,
    forwarded: usize,
}

/// Wraps a transport and injects [`Fault`]s. `Send + Sync`.
pub struct FaultTransport<T> {
    inner: T,
    state: Mutex<State>,
    slow_delay: Duration,
}

impl<T: fmt::Debug> fmt::Debug for FaultTransport<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaultTransport")
            .field("inner", &self.inner)
            .field("slow_delay", &self.slow_delay)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> FaultTransport<T> {
    /// Wraps `inner`; with no schedule, every request passes through.
    pub fn new(inner: T) -> Self {
        FaultTransport {
            inner,
            state: Mutex::new(State {
                mode: Mode::Schedule(VecDeque::new()),
                injected: Vec::new(),
                forwarded: 0,
            }),
            slow_delay: Duration::from_millis(50),
        }
    }

    /// Applies `faults` to the next requests, one each, in order; later requests pass through.
    pub fn schedule(self, faults: impl IntoIterator<Item = Fault>) -> Self {
        self.lock().mode = Mode::Schedule(faults.into_iter().collect());
        self
    }

    /// Injects one of `faults` (chosen uniformly) into each request with `probability`,
    /// from a seeded generator: the same seed gives the same sequence.
    pub fn random(
        self,
        seed: u64,
        probability: f64,
        faults: impl IntoIterator<Item = Fault>,
    ) -> Self {
        self.lock().mode = Mode::Random {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
            probability: probability.clamp(0.0, 1.0),
            faults: faults.into_iter().collect(),
        };
        self
    }

    /// How long [`Fault::SlowBody`] delays a response (default 50 ms).
    pub fn slow_delay(mut self, delay: Duration) -> Self {
        self.slow_delay = delay;
        self
    }

    /// Every fault injected so far, with the request (`METHOD path`) it hit.
    pub fn injected(&self) -> Vec<(String, Fault)> {
        self.lock().injected.clone()
    }

    /// How many requests reached the wrapped transport.
    pub fn forwarded(&self) -> usize {
        self.lock().forwarded
    }

    /// The wrapped transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update under this lock is a single push or assignment: a panic elsewhere
        // cannot leave it half-done, so a poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn next_fault(&self, request: &HttpRequest) -> Fault {
        let mut state = self.lock();
        let fault = match &mut state.mode {
            Mode::Schedule(queue) => queue.pop_front().unwrap_or(Fault::None),
            Mode::Random {
                state: s,
                probability,
                faults,
            } => {
                let roll = unit(next_u64(s));
                if faults.is_empty() || roll >= *probability {
                    Fault::None
                } else {
                    let i = (next_u64(s) % faults.len() as u64) as usize;
                    faults[i]
                }
            }
        };
        if fault != Fault::None {
            state
                .injected
                .push((format!("{} {}", request.method, request.path()), fault));
        }
        if fault.forwards() {
            state.forwarded += 1;
        }
        fault
    }
}

// xorshift64*: small, seeded, good enough to pick faults.
fn next_u64(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

fn canned(status: u16, content_type: &str, body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        vec![
            ("content-type".into(), content_type.into()),
            ("x-amz-request-id".into(), "fault-injected".into()),
        ],
        body.as_bytes().to_vec(),
    )
}

fn error_xml(code: &str, kind: &str, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Error><Type>{kind}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault-injected</RequestId></ErrorResponse>"
    )
}

impl<T: Transport> Transport for FaultTransport<T> {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send_within(request, None)
    }

    /// Hands the body on to the wrapped transport.
    fn recycle(&self, body: Vec<u8>) {
        self.inner.recycle(body);
    }

    /// Like the real transport, honours what is left of the call's deadline: the wrapped
    /// transport is given `timeout`, and a [`Fault::SlowBody`] delay longer than `timeout`
    /// ends as a [`TransportErrorKind::Timeout`] once `timeout` has passed (the request is
    /// forwarded, as a stalled server has it, but its answer is dropped).
    fn send_within(
        &self,
        request: &HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let fault = self.next_fault(request);
        let err = |kind, msg: &str| Err(TransportError::new(kind, format!("injected: {msg}")));
        match fault {
            Fault::None => self.inner.send_within(request, timeout),
            Fault::ConnectionRefused => err(TransportErrorKind::Connect, "connection refused"),
            Fault::ResetBeforeSend => err(TransportErrorKind::Io, "connection reset by peer"),
            Fault::ResponseLost => {
                let _ = self.inner.send_within(request, timeout);
                err(
                    TransportErrorKind::Io,
                    "connection reset before the response arrived",
                )
            }
            Fault::ReadTimeout => {
                let _ = self.inner.send_within(request, timeout);
                err(
                    TransportErrorKind::Timeout,
                    "timed out reading the response",
                )
            }
            Fault::Http500 => Ok(canned(
                500,
                "text/xml",
                &error_xml(
                    "InternalError",
                    "Receiver",
                    "We encountered an internal error. Please try again.",
                ),
            )),
            Fault::Http502 => Ok(canned(
                502,
                "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            )),
            Fault::Http503 => Ok(canned(
                503,
                "text/xml",
                &error_xml("ServiceUnavailable", "Receiver", "Service Unavailable"),
            )),
            Fault::Throttling => Ok(canned(
                400,
                "text/xml",
                &error_xml("Throttling", "Sender", "Rate exceeded"),
            )),
            Fault::TruncatedBody => {
                let mut resp = self.inner.send_within(request, timeout)?;
                let half = resp.body.len() / 2;
                resp.body.truncate(half);
                Ok(resp)
            }
            Fault::NonXmlBody => {
                let mut resp = self.inner.send_within(request, timeout)?;
                resp.body =
                    b"<!DOCTYPE html><html><body>Service temporarily rerouted</body></html>"
                        .to_vec();
                resp.headers
                    .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
                resp.headers
                    .push(("content-type".into(), "text/html".into()));
                Ok(resp)
            }
            Fault::BodyOverCap => err(
                TransportErrorKind::BodyTooLarge,
                "response body exceeds the 16777216-byte limit",
            ),
            Fault::SlowBody => match timeout {
                Some(left) if left < self.slow_delay => {
                    // The server has the request but answers after the caller's deadline,
                    // as a stalled server does with the real transport: the request is
                    // forwarded (the server may act on it), the answer is never seen.
                    let started = std::time::Instant::now();
                    let _ = self.inner.send_within(request, Some(left));
                    std::thread::sleep(left.saturating_sub(started.elapsed()));
                    err(
                        TransportErrorKind::Timeout,
                        "no response within the time left of the call's deadline",
                    )
                }
                _ => {
                    std::thread::sleep(self.slow_delay);
                    let left = timeout.map(|t| t.saturating_sub(self.slow_delay));
                    self.inner.send_within(request, left)
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug, Default)]
    struct Counting(AtomicUsize);
    impl Transport for Counting {
        fn send(&self, _: &HttpRequest) -> Result<HttpResponse, TransportError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(HttpResponse::new(
                200,
                vec![],
                b"<Body>0123456789</Body>".to_vec(),
            ))
        }
    }

    fn req() -> HttpRequest {
        HttpRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:1/2020-05-31/distribution".into(),
            headers: vec![],
            body: vec![],
        }
    }

    #[test]
    fn each_fault_does_what_it_says() {
        for fault in Fault::ALL {
            let t = FaultTransport::new(Counting::default())
                .schedule([fault])
                .slow_delay(Duration::ZERO);
            let out = t.send(&req());
            let reached = t.inner().0.load(Ordering::SeqCst);
            assert_eq!(reached == 1, fault.forwards(), "{fault}: forwarded");
            assert_eq!(t.forwarded(), reached, "{fault}");
            match fault {
                Fault::ConnectionRefused => {
                    assert_eq!(out.unwrap_err().kind(), TransportErrorKind::Connect)
                }
                Fault::ResetBeforeSend | Fault::ResponseLost => {
                    assert_eq!(out.unwrap_err().kind(), TransportErrorKind::Io)
                }
                Fault::ReadTimeout => {
                    assert_eq!(out.unwrap_err().kind(), TransportErrorKind::Timeout)
                }
                Fault::BodyOverCap => {
                    assert_eq!(out.unwrap_err().kind(), TransportErrorKind::BodyTooLarge)
                }
                Fault::Http500 => assert_eq!(out.unwrap().status, 500),
                Fault::Http502 => assert_eq!(out.unwrap().status, 502),
                Fault::Http503 => assert_eq!(out.unwrap().status, 503),
                Fault::Throttling => {
                    let r = out.unwrap();
                    assert_eq!(r.status, 400);
                    assert!(String::from_utf8_lossy(&r.body).contains("<Code>Throttling</Code>"));
                }
                Fault::TruncatedBody => assert_eq!(out.unwrap().body, b"<Body>01234".to_vec()),
                Fault::NonXmlBody => assert!(out.unwrap().body.starts_with(b"<!DOCTYPE html>")),
                Fault::SlowBody | Fault::None => assert_eq!(out.unwrap().status, 200),
            }
            assert_eq!(t.injected().len(), 1);
            // Schedule exhausted: passes through.
            assert_eq!(t.send(&req()).unwrap().status, 200);
        }
    }

    /// Records the timeout each forwarded request was given.
    #[derive(Debug, Default)]
    struct Timeouts(Mutex<Vec<Option<Duration>>>);
    impl Transport for Timeouts {
        fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
            self.send_within(request, None)
        }
        fn send_within(
            &self,
            _: &HttpRequest,
            timeout: Option<Duration>,
        ) -> Result<HttpResponse, TransportError> {
            self.0.lock().unwrap().push(timeout);
            Ok(HttpResponse::new(200, vec![], b"<ok/>".to_vec()))
        }
    }

    #[test]
    fn a_delay_longer_than_the_time_left_ends_as_a_timeout_at_the_deadline() {
        let t = FaultTransport::new(Timeouts::default())
            .schedule([Fault::SlowBody])
            .slow_delay(Duration::from_secs(30));
        let started = std::time::Instant::now();
        let out = t.send_within(&req(), Some(Duration::from_millis(40)));
        let waited = started.elapsed();
        let e = out.unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}");
        // It waited for the time left, not for the scripted 30 s.
        assert!(waited >= Duration::from_millis(40), "{waited:?}");
        assert!(waited < Duration::from_secs(30), "{waited:?}");
        // The slow server had the request (it may act on it); its answer came too late.
        assert_eq!(t.forwarded(), 1);
        assert_eq!(
            *t.inner().0.lock().unwrap(),
            [Some(Duration::from_millis(40))]
        );
        assert_eq!(t.injected().len(), 1);
    }

    #[test]
    fn a_delay_within_the_time_left_forwards_with_what_remains() {
        let t = FaultTransport::new(Timeouts::default())
            .schedule([Fault::SlowBody, Fault::None])
            .slow_delay(Duration::from_millis(10));
        let out = t.send_within(&req(), Some(Duration::from_secs(5)));
        assert_eq!(out.unwrap().status, 200);
        // Passing through also hands the time left on.
        t.send_within(&req(), Some(Duration::from_secs(7))).unwrap();
        t.send(&req()).unwrap();
        let seen = t.inner().0.lock().unwrap().clone();
        assert_eq!(
            seen,
            [
                Some(Duration::from_secs(5) - Duration::from_millis(10)),
                Some(Duration::from_secs(7)),
                None
            ]
        );
        assert_eq!(t.forwarded(), 3);
    }

    #[test]
    fn random_mode_is_reproducible_from_the_seed() {
        let run = |seed| {
            let t = FaultTransport::new(Counting::default())
                .random(seed, 0.5, Fault::ALL)
                .slow_delay(Duration::ZERO);
            for _ in 0..200 {
                let _ = t.send(&req());
            }
            t.injected().into_iter().map(|(_, f)| f).collect::<Vec<_>>()
        };
        let a = run(7);
        assert_eq!(a, run(7));
        assert_ne!(a, run(8));
        assert!((60..140).contains(&a.len()), "{}", a.len());
    }
}
