//! When and how long to wait before sending a failed request again.
//!
//! The AWS SDKs' "standard" mode: a fixed attempt budget (3 by default), exponential backoff
//! with full jitter and a cap, on transport errors that are safe for the request, on HTTP
//! 500/502/503/504/429, and on throttling codes. The decision is a pure function of the
//! outcome; sleeping goes through [`crate::clock::Clock`].
//!
//! ```
//! use cloudfront::RetryPolicy;
//! use std::time::Duration;
//!
//! let policy = RetryPolicy::default()
//!     .max_attempts(5)
//!     .initial_backoff(Duration::from_millis(50))
//!     .max_backoff(Duration::from_secs(5));
//! assert_eq!(policy.attempts(), 5);
//! let none = RetryPolicy::none();
//! assert_eq!(none.attempts(), 1);
//! ```

use std::time::Duration;

/// Error codes that mean "slow down".
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
    "PriorRequestNotComplete",
];

/// Error codes that are transient without being throttling.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "ServiceUnavailable",
];

/// HTTP statuses retried whatever the body says.
const TRANSIENT_STATUSES: &[u16] = &[429, 500, 502, 503, 504];

/// True for codes that mean the caller is being throttled.
pub(crate) fn is_throttling_code(code: &str) -> bool {
    THROTTLING_CODES.contains(&code)
}

/// Whether a response with this status (and service error code, if any) may succeed later.
pub(crate) fn is_retryable_response(status: u16, code: Option<&str>) -> bool {
    TRANSIENT_STATUSES.contains(&status)
        || code.is_some_and(|c| is_throttling_code(c) || TRANSIENT_CODES.contains(&c))
}

/// The wait a `Retry-After` header asks for: delay-seconds (`120`) or an HTTP date
/// (`Fri, 31 Dec 1999 23:59:59 GMT`, measured from `now`; a date in the past is zero).
/// `None` when the value is neither.
pub(crate) fn retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.len() <= 20 && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Default cap on a `Retry-After` wait that is honoured (see [`RetryPolicy::max_retry_after`]).
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(20);

/// How many times to try and how long to wait in between.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff starting at 200 ms, doubling, capped at 20 s, full jitter;
    /// `Retry-After` honoured up to 20 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            jitter: true,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Total attempts, including the first (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff ceiling before the first retry; it doubles for each further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// No single wait is longer than this.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// With `false`, wait exactly the ceiling each time (deterministic; for tests and for
    /// callers who coordinate retries themselves). Default `true`: a uniform random wait
    /// between zero and the ceiling ("full jitter"), so that many clients do not retry in step.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` honoured. A retryable response (429, 503, ...) whose
    /// `Retry-After` header asks for a wait up to this long is retried no sooner than it
    /// asks (the backoff is the longer of the two); one that asks for more is not retried
    /// at all: its error is returned at once rather than holding the caller (a server that
    /// says "in an hour" is never waited on for an hour). Default 20 s.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// The configured cap on an honoured `Retry-After`.
    pub fn retry_after_cap(&self) -> Duration {
        self.max_retry_after
    }

    /// The attempt budget.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest wait before retry number `retry` (1 for the first retry).
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The wait before retry number `retry`, given a uniform random number in `[0, 1)`.
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        if self.jitter {
            ceiling.mul_f64(random.clamp(0.0, 1.0))
        } else {
            ceiling
        }
    }
}

/// A uniform random number in `[0, 1)` for jitter (see [`crate::random::unit`]): should
/// the OS source fail, the wait is the full ceiling (what [`RetryPolicy::jitter`]`(false)`
/// does) rather than a panic.
pub(crate) fn random_unit() -> f64 {
    crate::random::unit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350))
            .jitter(false);
        assert_eq!(p.backoff(1, 0.5), Duration::from_millis(100));
        assert_eq!(p.backoff(2, 0.5), Duration::from_millis(200));
        assert_eq!(p.backoff(3, 0.5), Duration::from_millis(350));
        assert_eq!(p.backoff(200, 0.5), Duration::from_millis(350));
    }

    #[test]
    fn jitter_stays_under_ceiling() {
        let p = RetryPolicy::default();
        for retry in 1..10 {
            for _ in 0..50 {
                let r = random_unit();
                assert!((0.0..1.0).contains(&r));
                assert!(p.backoff(retry, r) <= p.backoff_ceiling(retry));
            }
        }
    }

    /// Many draws cover `[0, 1)` uniformly: the 10th, 50th and 90th percentiles lie near
    /// 0.1, 0.5 and 0.9, and both ends are reached. With 20,000 draws a percentile's standard
    /// error is at most 0.0036; the tolerance of 0.03 is over 8 of those, so the test does not
    /// flake, while a jitter confined to part of the interval misses by far more.
    #[test]
    fn random_unit_is_uniform_over_the_whole_interval() {
        let mut draws: Vec<f64> = (0..20_000).map(|_| random_unit()).collect();
        assert!(draws.iter().all(|r| (0.0..1.0).contains(r)));
        draws.sort_by(f64::total_cmp);
        for q in [0.1, 0.5, 0.9] {
            let at = draws[(q * draws.len() as f64) as usize];
            assert!((at - q).abs() < 0.03, "percentile {q}: {at}");
        }
        assert!(draws[0] < 0.01, "smallest draw {}", draws[0]);
        assert!(
            draws[draws.len() - 1] > 0.99,
            "largest draw {}",
            draws[draws.len() - 1]
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_795_564_000);
        assert_eq!(retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(retry_after("3600", now), Some(Duration::from_secs(3600)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(retry_after(&later, now), Some(Duration::from_secs(7)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
        for bad in ["", "-1", "1.5", "soon", "99999999999999999999999"] {
            assert_eq!(retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn classification() {
        for s in [429, 500, 502, 503, 504] {
            assert!(is_retryable_response(s, None), "{s}");
        }
        assert!(is_retryable_response(400, Some("Throttling")));
        assert!(is_retryable_response(400, Some("RequestTimeout")));
        assert!(!is_retryable_response(400, Some("InvalidArgument")));
        assert!(!is_retryable_response(404, Some("NoSuchDistribution")));
        assert!(!is_retryable_response(412, Some("PreconditionFailed")));
    }
}
