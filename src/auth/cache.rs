//! [`CachedCredentials`]: temporary credentials kept and refreshed before they expire.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use crate::auth::{Credentials, ProvideCredentials};
use crate::clock::{Clock, SystemClock};
use crate::error::CredentialsError;

/// How long before expiry credentials are refreshed (the SDKs use 5 to 15 minutes).
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// Caches what a source returns and asks it again only when the credentials are within
/// [`REFRESH_MARGIN`] of their [`Credentials::expiry`] (long-term credentials, without an
/// expiry, are never refreshed).
///
/// - One refresh at a time: threads that find the credentials stale while another thread
///   refreshes wait for that refresh and use its result; the source is asked once.
/// - When a refresh fails while the old credentials have not expired yet, the old ones are
///   kept (and the failure is logged as a warning); the next call tries again.
/// - Time comes from a [`Clock`], so tests can move through an expiry instantly.
///
/// ```
/// use std::sync::Arc;
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::{Credentials, CredentialsError, ProvideCredentials};
/// use cloudfront::auth::CachedCredentials;
/// use cloudfront::clock::ManualClock;
///
/// #[derive(Debug)]
/// struct Sts(Arc<ManualClock>);
/// impl ProvideCredentials for Sts {
///     fn credentials(&self) -> Result<Credentials, CredentialsError> {
///         use cloudfront::clock::Clock;
///         Ok(Credentials::new("ASIA", "s").with_expiry(self.0.now() + Duration::from_secs(3600)))
///     }
/// }
/// let clock = Arc::new(ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000)));
/// let cached = CachedCredentials::new(Arc::new(Sts(clock.clone())), clock.clone());
/// let first = cached.credentials()?;
/// clock.advance(Duration::from_secs(3000)); // 10 minutes left: still used
/// assert_eq!(cached.credentials()?, first);
/// clock.advance(Duration::from_secs(400)); // 3 minutes left: refreshed
/// assert_ne!(cached.credentials()?.expiry(), first.expiry());
/// # Ok::<(), CredentialsError>(())
/// ```
pub struct CachedCredentials {
    source: Arc<dyn ProvideCredentials>,
    clock: Arc<dyn Clock>,
    current: Mutex<Option<Credentials>>,
    refreshing: Mutex<()>,
}

impl fmt::Debug for CachedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expiry = self
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|c| c.expiry().map(crate::time::format_iso8601));
        f.debug_struct("CachedCredentials")
            .field("source", &self.source)
            .field("cached_expiry", &expiry)
            .finish()
    }
}

impl CachedCredentials {
    /// A cache over `source`, empty until first asked.
    pub fn new(source: Arc<dyn ProvideCredentials>, clock: Arc<dyn Clock>) -> Self {
        CachedCredentials {
            source,
            clock,
            current: Mutex::new(None),
            refreshing: Mutex::new(()),
        }
    }

    /// A cache over `source` on the system clock, holding `first` already.
    pub fn with_first(source: Arc<dyn ProvideCredentials>, first: Credentials) -> Self {
        let cache = CachedCredentials::new(source, Arc::new(SystemClock::default()));
        cache.store(first);
        cache
    }

    /// Replaces the clock (builder style).
    pub(crate) fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    fn store(&self, credentials: Credentials) {
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some(credentials);
    }

    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        current
            .as_ref()
            .filter(|c| needs_no_refresh(c, now))
            .cloned()
    }
}

fn needs_no_refresh(credentials: &Credentials, now: SystemTime) -> bool {
    match credentials.expiry() {
        None => true,
        Some(expiry) => expiry
            .checked_sub(REFRESH_MARGIN)
            .is_some_and(|refresh_at| now < refresh_at),
    }
}

impl ProvideCredentials for CachedCredentials {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self.fresh(self.clock.now()) {
            return Ok(c);
        }
        // One refresh at a time; whoever waited here finds the new credentials.
        let _guard = self
            .refreshing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.now();
        if let Some(c) = self.fresh(now) {
            return Ok(c);
        }
        match self.source.credentials() {
            Ok(new) => {
                log::debug!(
                    "refreshed AWS credentials ({}), expiring {}",
                    new.access_key_id(),
                    new.expiry()
                        .map(crate::time::format_iso8601)
                        .unwrap_or_else(|| "never".into())
                );
                self.store(new.clone());
                Ok(new)
            }
            Err(e) => {
                let old = self
                    .current
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone();
                match old {
                    Some(old) if old.expiry().is_some_and(|x| now < x) => {
                        log::warn!(
                            "could not refresh AWS credentials, using the current ones until they expire: {e}"
                        );
                        Ok(old)
                    }
                    _ => Err(e),
                }
            }
        }
    }
}
