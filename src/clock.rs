//! Time, injectable: the pipeline reads the clock to sign and sleeps between retries and
//! polls through a [`Clock`], so tests can run instantly and deterministically.

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// The source of "now" and the way to wait.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Wall-clock time, used for signatures.
    fn now(&self) -> SystemTime;
    /// A monotonic reading, used for deadlines and elapsed time.
    fn monotonic(&self) -> Duration;
    /// Blocks for `duration`.
    fn sleep(&self, duration: Duration);
}

/// The real clock: `SystemTime::now()` and `std::thread::sleep`.
#[derive(Debug)]
pub struct SystemClock {
    start: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock {
            start: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    fn monotonic(&self) -> Duration {
        self.start.elapsed()
    }
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock for tests: starts at a fixed time, never blocks, and advances by exactly what is
/// slept. It records every sleep so tests can check backoff and poll intervals.
///
/// ```
/// use cloudfront::clock::{Clock, ManualClock};
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_440_938_160));
/// clock.sleep(Duration::from_secs(2));
/// assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
/// assert_eq!(clock.monotonic(), Duration::from_secs(2));
/// ```
#[derive(Debug)]
pub struct ManualClock {
    state: Mutex<(SystemTime, Duration, Vec<Duration>)>,
}

impl ManualClock {
    /// A clock reading `start`.
    pub fn new(start: SystemTime) -> Self {
        ManualClock {
            state: Mutex::new((start, Duration::ZERO, Vec::new())),
        }
    }

    /// Every duration slept so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().2.clone()
    }

    /// Moves the clock forward without recording a sleep.
    pub fn advance(&self, by: Duration) {
        let mut s = self.lock();
        s.0 += by;
        s.1 += by;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (SystemTime, Duration, Vec<Duration>)> {
        // A panic while holding this lock cannot leave the state inconsistent (every
        // update is a single assignment), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        self.lock().0
    }
    fn monotonic(&self) -> Duration {
        self.lock().1
    }
    fn sleep(&self, duration: Duration) {
        let mut s = self.lock();
        s.0 += duration;
        s.1 += duration;
        s.2.push(duration);
    }
}
