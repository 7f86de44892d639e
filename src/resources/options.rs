//! Constructors and setters of the option structs ([`UpdateOptions`],
//! [`InvalidatePathsOptions`]). Both are `#[non_exhaustive]`: build them with `new()` (or
//! `default()`) and the setters below, so that a field added later breaks nobody.
//!
//! ```
//! use cloudfront::{InvalidatePathsOptions, UpdateOptions};
//! use std::time::Duration;
//!
//! let update = UpdateOptions::new().conflict_retries(3);
//! let paths = InvalidatePathsOptions::new()
//!     .max_file_paths_per_batch(1000)
//!     .poll_delay(Duration::from_secs(30));
//! assert_eq!(update.conflict_retries, 3);
//! assert_eq!(paths.max_file_paths_per_batch, 1000);
//! ```
//!
//! A struct literal does not compile outside the crate:
//!
//! ```compile_fail
//! let options = cloudfront::UpdateOptions { conflict_retries: 1 };
//! ```

use std::time::Duration;

use crate::resources::invalidation::InvalidatePathsOptions;
use crate::resources::versioned::UpdateOptions;

impl UpdateOptions {
    /// The defaults: a concurrent change is returned to the caller, not retried.
    pub fn new() -> Self {
        Self::default()
    }

    /// On `PreconditionFailed`, re-read, re-apply the change and try again up to `n` times.
    pub fn conflict_retries(mut self, n: u32) -> Self {
        self.conflict_retries = n;
        self
    }
}

/// Setters named after the fields they set.
macro_rules! setters {
    ($ty:ty { $($(#[$doc:meta])* $field:ident: $t:ty),* $(,)? }) => {
        impl $ty {
            $(
                $(#[$doc])*
                pub fn $field(mut self, value: $t) -> Self {
                    self.$field = value;
                    self
                }
            )*
        }
    };
}

impl InvalidatePathsOptions {
    /// The defaults: CloudFront's quotas, AWS's waiter timing.
    pub fn new() -> Self {
        Self::default()
    }
}

setters!(InvalidatePathsOptions {
    /// Most file paths per batch (at most 3,000).
    max_file_paths_per_batch: usize,
    /// Most wildcard paths per batch (at most 15).
    max_wildcards_per_batch: usize,
    /// Poll interval while waiting for an earlier batch.
    poll_delay: Duration,
    /// Polls per wait for an earlier batch.
    max_polls: u32,
    /// Wait when the quota is held by invalidations this call did not create.
    back_pressure_delay: Duration,
    /// How many times to wait on `TooManyInvalidationsInProgress` before giving up.
    max_back_pressure_waits: u32,
});
