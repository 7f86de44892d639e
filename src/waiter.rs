//! One poll loop for every waiter: poll, report progress, sleep, until done, out of
//! attempts, or past the deadline.
//!
//! Defaults come from AWS's `waiters-2.json` (every 60 s, 35 attempts for a distribution to
//! be `Deployed`; every 20 s, 30 attempts for an invalidation to be `Completed`). Real
//! distributions can take longer than that, so both the attempt count and an overall
//! deadline are configurable, and a progress callback lets a CLI show what is happening.
//!
//! ```
//! use cloudfront::WaitOptions;
//! use std::time::Duration;
//!
//! let options = WaitOptions::distribution_deployed()
//!     .delay(Duration::from_secs(30))
//!     .timeout(Duration::from_secs(45 * 60))
//!     .on_progress(|p| eprintln!("{} after {:?} (poll {})", p.status, p.elapsed, p.attempt));
//! # let _ = options;
//! ```

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::clock::Clock;
use crate::error::{Error, WaiterTimeout};

/// One poll's outcome, handed to the progress callback.
#[derive(Debug, Clone, Copy)]
pub struct WaitProgress<'a> {
    /// The status just read (e.g. `InProgress`).
    pub status: &'a str,
    /// Which poll this was, from 1.
    pub attempt: u32,
    /// Time since the wait began.
    pub elapsed: Duration,
    /// Whether this status ends the wait.
    pub done: bool,
}

type ProgressFn = dyn FnMut(&WaitProgress<'_>) + Send;

/// How long and how often to poll. `Clone`: a clone shares the progress callback, so the
/// same options can serve a second wait.
///
/// ```
/// use cloudfront::WaitOptions;
///
/// let options = WaitOptions::invalidation_completed().on_progress(|p| eprintln!("{}", p.status));
/// let for_the_second_wait = options.clone();
/// # let _ = (options, for_the_second_wait);
/// ```
#[derive(Clone)]
#[must_use]
pub struct WaitOptions {
    delay: Duration,
    max_attempts: u32,
    timeout: Option<Duration>,
    progress: Option<Arc<Mutex<ProgressFn>>>,
}

impl fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitOptions")
            .field("delay", &self.delay)
            .field("max_attempts", &self.max_attempts)
            .field("timeout", &self.timeout)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

impl WaitOptions {
    /// `DistributionDeployed` from `waiters-2.json`: every 60 s, at most 35 polls.
    pub fn distribution_deployed() -> Self {
        WaitOptions::new(Duration::from_secs(60), 35)
    }

    /// `InvalidationCompleted` from `waiters-2.json`: every 20 s, at most 30 polls.
    pub fn invalidation_completed() -> Self {
        WaitOptions::new(Duration::from_secs(20), 30)
    }

    /// Poll every `delay`, at most `max_attempts` times.
    pub fn new(delay: Duration, max_attempts: u32) -> Self {
        WaitOptions {
            delay,
            max_attempts: max_attempts.max(1),
            timeout: None,
            progress: None,
        }
    }

    /// Time between polls.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Most polls (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// An overall deadline. The wait ends at whichever limit comes first: this deadline or
    /// `max_attempts` polls (raise both for distributions that take long to deploy).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Called after every poll with the status read.
    pub fn on_progress(mut self, f: impl FnMut(&WaitProgress<'_>) + Send + 'static) -> Self {
        self.progress = Some(Arc::new(Mutex::new(f)));
        self
    }

    /// The configured delay between polls.
    pub fn poll_delay(&self) -> Duration {
        self.delay
    }

    /// The configured maximum number of polls.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }
}

/// What one poll found.
pub(crate) struct Polled<T> {
    pub status: String,
    pub done: bool,
    pub value: T,
}

/// Polls until `poll` reports done. Errors from `poll` end the wait at once (as botocore's
/// waiters do: they have no retry acceptors; transient errors are already retried by the
/// request pipeline).
pub(crate) fn wait_until<T>(
    clock: &dyn Clock,
    options: &mut WaitOptions,
    waiting_for: impl FnOnce() -> String,
    mut poll: impl FnMut() -> Result<Polled<T>, Error>,
) -> Result<T, Error> {
    let start = clock.monotonic();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let polled = poll()?;
        let elapsed = clock.monotonic().saturating_sub(start);
        if let Some(cb) = &options.progress {
            // A callback that panicked in an earlier wait still gets called.
            let mut cb = cb.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            (*cb)(&WaitProgress {
                status: &polled.status,
                attempt,
                elapsed,
                done: polled.done,
            });
        }
        if polled.done {
            return Ok(polled.value);
        }
        let remaining = options.timeout.map(|t| t.saturating_sub(elapsed));
        if attempt >= options.max_attempts || remaining == Some(Duration::ZERO) {
            return Err(Error::WaiterTimeout(WaiterTimeout {
                waiting_for: waiting_for(),
                last_status: crate::error::bounded_owned(&polled.status),
                attempts: attempt,
                elapsed,
            }));
        }
        let wait = match remaining {
            Some(r) => options.delay.min(r),
            None => options.delay,
        };
        clock.sleep(wait);
    }
}

impl crate::Client {
    /// A waiter of the model on a typed operation: sends `request` until `status` of the
    /// output is `expected` (a response without the status member counts as not yet).
    pub(crate) fn wait_typed<R>(
        &self,
        request: R,
        mut options: WaitOptions,
        expected: &str,
        status: impl Fn(&R::Output) -> Option<String>,
    ) -> Result<R::Output, Error>
    where
        R: crate::engine::TypedRequest + Clone,
    {
        let name = R::SPEC.name;
        wait_until(
            self.clock(),
            &mut options,
            || format!("{name} to report {expected}"),
            || {
                let out = self.send_typed(request.clone())?;
                let status = status(&out).unwrap_or_default();
                Ok(Polled {
                    done: status == expected,
                    status,
                    value: out,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use std::sync::{Arc, Mutex};
    use std::time::UNIX_EPOCH;

    #[test]
    fn polls_until_done_and_reports_progress() {
        let clock = ManualClock::new(UNIX_EPOCH);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let mut options = WaitOptions::new(Duration::from_secs(20), 30).on_progress(move |p| {
            log.lock()
                .unwrap()
                .push((p.status.to_string(), p.attempt, p.elapsed, p.done))
        });
        let mut n = 0;
        let got = wait_until(
            &clock,
            &mut options,
            || "x".into(),
            || {
                n += 1;
                Ok(Polled {
                    status: if n < 3 { "InProgress" } else { "Completed" }.into(),
                    done: n >= 3,
                    value: n,
                })
            },
        )
        .unwrap();
        assert_eq!(got, 3);
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(20); 2]);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 3);
        assert_eq!(
            seen[2],
            ("Completed".into(), 3, Duration::from_secs(40), true)
        );
    }

    #[test]
    fn a_clone_serves_a_second_wait_with_the_same_callback() {
        let clock = ManualClock::new(UNIX_EPOCH);
        let calls = Arc::new(Mutex::new(0));
        let count = calls.clone();
        let options = WaitOptions::new(Duration::from_secs(1), 3)
            .on_progress(move |_| *count.lock().unwrap() += 1);
        for mut options in [options.clone(), options] {
            let done = wait_until(
                &clock,
                &mut options,
                || "x".into(),
                || {
                    Ok(Polled {
                        status: "Deployed".into(),
                        done: true,
                        value: (),
                    })
                },
            );
            assert!(done.is_ok());
        }
        assert_eq!(*calls.lock().unwrap(), 2);
    }

    #[test]
    fn gives_up_after_max_attempts_with_typed_error() {
        let clock = ManualClock::new(UNIX_EPOCH);
        let mut options = WaitOptions::new(Duration::from_secs(60), 4);
        let err = wait_until(
            &clock,
            &mut options,
            || "distribution E1 to be Deployed".into(),
            || {
                Ok(Polled {
                    status: "InProgress".into(),
                    done: false,
                    value: (),
                })
            },
        )
        .unwrap_err();
        match err {
            Error::WaiterTimeout(t) => {
                assert_eq!(t.attempts, 4);
                assert_eq!(t.last_status, "InProgress");
                assert_eq!(t.elapsed, Duration::from_secs(180));
                assert!(t.waiting_for.contains("E1"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(clock.sleeps().len(), 3);
    }

    #[test]
    fn deadline_cuts_the_last_sleep_short() {
        let clock = ManualClock::new(UNIX_EPOCH);
        let mut options =
            WaitOptions::new(Duration::from_secs(60), 100).timeout(Duration::from_secs(150));
        let err = wait_until(
            &clock,
            &mut options,
            || "x".into(),
            || {
                Ok(Polled {
                    status: "InProgress".into(),
                    done: false,
                    value: (),
                })
            },
        )
        .unwrap_err();
        assert!(matches!(err, Error::WaiterTimeout(ref t) if t.attempts == 4));
        assert_eq!(
            clock.sleeps(),
            vec![
                Duration::from_secs(60),
                Duration::from_secs(60),
                Duration::from_secs(30)
            ]
        );
    }

    #[test]
    fn poll_errors_end_the_wait() {
        let clock = ManualClock::new(UNIX_EPOCH);
        let mut options = WaitOptions::invalidation_completed();
        let err = wait_until::<()>(
            &clock,
            &mut options,
            || "x".into(),
            || Err(Error::invalid_input("gone")),
        )
        .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)));
        assert!(clock.sleeps().is_empty());
    }
}
