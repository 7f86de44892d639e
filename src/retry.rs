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

/// How many times to try and how long to wait in between.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff starting at 200 ms, doubling, capped at 20 s, full jitter.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            jitter: true,
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

/// A uniform random number in `[0, 1)` for jitter, from the OS random source that `uuid`
/// already uses (no extra dependency).
pub(crate) fn random_unit() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() as u64 >> 11;
    bits as f64 / (1u64 << 53) as f64
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
