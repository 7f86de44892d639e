//! Invalidations: create (validated, encoded, batched within quotas), read, list lazily,
//! and wait until completed.
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::{Client, WaitOptions};
//!
//! let client = Client::from_env()?;
//! let inv = client.create_invalidation("E2QWRUHAPOMQZL", ["/index.html", "/img/*"])?;
//! println!("{} is {}", inv.id, inv.status);
//! client.wait_until_completed("E2QWRUHAPOMQZL", &inv.id, WaitOptions::invalidation_completed())?;
//! for summary in client.invalidations("E2QWRUHAPOMQZL") {
//!     let summary = summary?;
//!     println!("{} {}", summary.id, summary.status);
//! }
//! # Ok(()) }
//! ```

mod deploy;
#[cfg(feature = "serde")]
mod json;
mod model;

use std::time::Duration;

pub use deploy::{
    InvalidateAndWaitError, InvalidateAndWaitOptions, InvalidationEvent, InvalidationPlan,
};
pub use model::{
    Invalidation, InvalidationBatch, InvalidationStatus, InvalidationSummary, MAX_PATH_LEN,
    encode_path,
};

use crate::client::Client;
use crate::engine::Input;
use crate::error::{Error, InvalidInput};
use crate::ids::{AsDistributionId, AsInvalidationId};
use crate::model::invalidation as wire;
use crate::model::operations::{CREATE_INVALIDATION, GET_INVALIDATION, LIST_INVALIDATIONS};
use crate::paging::Pager;
use crate::resources::distribution::{Distribution, Versioned};
use crate::waiter::{Polled, WaitOptions, wait_until};

/// A lazy listing of a distribution's invalidations, newest first.
pub type Invalidations = Pager<InvalidationSummary>;

/// Most individual file paths CloudFront allows in progress per distribution (and so in one batch).
pub const MAX_FILE_PATHS_IN_PROGRESS: usize = 3000;
/// Most wildcard paths CloudFront allows in progress per distribution.
pub const MAX_WILDCARD_PATHS_IN_PROGRESS: usize = 15;

impl Client {
    /// Invalidates `paths` (validated and encoded with [`encode_path`], duplicates removed)
    /// with a fresh uuid v4 caller reference. The reference stays the same on retries, so a
    /// retried request never creates a second invalidation.
    ///
    /// A batch over CloudFront's quotas (3,000 file paths, 15 wildcards) is refused before
    /// sending; use [`Client::invalidate_paths`] to split large deploys.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let inv = client.create_invalidation("E2QWRUHAPOMQZL", ["/index.html", "/img/logo one.png"])?;
    /// println!("{} {}", inv.id, inv.status);
    /// # Ok(()) }
    /// ```
    pub fn create_invalidation<I, S>(
        &self,
        distribution_id: impl AsDistributionId,
        paths: I,
    ) -> Result<Invalidation, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let distribution_id = distribution_id.as_distribution_id();
        let batch = InvalidationBatch::new(paths)?;
        self.create_invalidation_batch(distribution_id, &batch)
    }

    /// Sends a prepared batch (keep the batch to resend it with the same caller reference).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::InvalidationBatch;
    /// let batch = InvalidationBatch::new(["/a.html", "/b/*"])?;
    /// let inv = client.create_invalidation_batch("E2QWRUHAPOMQZL", &batch)?;
    /// # let _ = inv;
    /// # Ok(()) }
    /// ```
    pub fn create_invalidation_batch(
        &self,
        distribution_id: impl AsDistributionId,
        batch: &InvalidationBatch,
    ) -> Result<Invalidation, Error> {
        let distribution_id = distribution_id.as_distribution_id();
        let wildcards = batch.wildcard_count();
        let files = batch.paths.len() - wildcards;
        if files > MAX_FILE_PATHS_IN_PROGRESS || wildcards > MAX_WILDCARD_PATHS_IN_PROGRESS {
            return Err(InvalidInput::new(format!(
                "an invalidation batch may hold at most {MAX_FILE_PATHS_IN_PROGRESS} file paths and {MAX_WILDCARD_PATHS_IN_PROGRESS} wildcard paths; this one has {files} and {wildcards} (use invalidate_paths to split it)"
            ))
            .into());
        }
        if batch.caller_reference.is_empty() {
            return Err(InvalidInput::new("the caller reference must not be empty").into());
        }
        if batch.paths.is_empty() {
            return Err(InvalidInput::new("an invalidation needs at least one path").into());
        }
        let input = Input::labels([distribution_id])
            .payload(&CREATE_INVALIDATION, &batch.to_wire())?
            // Same CallerReference and paths: CloudFront returns the original invalidation.
            .idempotent(true);
        // Before resending after a failure the server may have acted on, look for the
        // invalidation among the newest ones: a server that does not deduplicate (or a
        // changed path list) must not get a second batch.
        let mut reconcile =
            || self.find_invalidation_by_reference(distribution_id, &batch.caller_reference);
        let outcome = self.send_spec_with(&CREATE_INVALIDATION, &input, Some(&mut reconcile))?;
        // The answer is CreateInvalidation's own, or GetInvalidation's after a lost response.
        let inv: wire::Invalidation = CREATE_INVALIDATION.decode(&outcome.result?)?.value;
        Ok(Invalidation::from_wire(inv))
    }

    /// Looks among the distribution's newest invalidations for one with `caller_reference`,
    /// returning its GetInvalidation response.
    fn find_invalidation_by_reference(
        &self,
        distribution_id: &str,
        caller_reference: &str,
    ) -> Result<Option<crate::transport::HttpResponse>, Error> {
        const NEWEST_CHECKED: u32 = 10;
        for summary in self
            .invalidations(distribution_id)
            .max_items(NEWEST_CHECKED)
        {
            let summary = summary?;
            let input = Input::labels([distribution_id, summary.id.as_str()]);
            let resp = self.send_spec(&GET_INVALIDATION, &input)?;
            let inv: wire::Invalidation = GET_INVALIDATION.decode(&resp)?.value;
            if inv.invalidation_batch.caller_reference == caller_reference {
                return Ok(Some(resp));
            }
        }
        Ok(None)
    }

    /// One invalidation, with its status (the classic `invalidation_request_status`).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let status = client.invalidation("E2QWRUHAPOMQZL", "I2J0I21PCUYOIK")?.status;
    /// println!("{status}");
    /// # Ok(()) }
    /// ```
    pub fn invalidation(
        &self,
        distribution_id: impl AsDistributionId,
        invalidation_id: impl AsInvalidationId,
    ) -> Result<Invalidation, Error> {
        let invalidation_id = invalidation_id.as_invalidation_id();
        let distribution_id = distribution_id.as_distribution_id();
        let input = Input::labels([distribution_id, invalidation_id]);
        let inv: wire::Invalidation = self.call(&GET_INVALIDATION, &input)?.value;
        Ok(Invalidation::from_wire(inv))
    }

    /// A lazy listing of the distribution's invalidations, newest first. Nothing is sent until
    /// the iterator is used; each page is fetched when iteration reaches it.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// // One request for at most 2 items, then continue from where it stopped:
    /// let mut first = client.invalidations("E2QWRUHAPOMQZL").max_items(2);
    /// let page: Vec<_> = first.by_ref().collect::<Result<_, _>>()?;
    /// if let Some(marker) = first.next_marker() {
    ///     let next = client.invalidations("E2QWRUHAPOMQZL").marker(marker).max_items(2);
    ///     for inv in next { println!("{}", inv?.id); }
    /// }
    /// # let _ = page; Ok(()) }
    /// ```
    pub fn invalidations(&self, distribution_id: impl AsDistributionId) -> Invalidations {
        let distribution_id = distribution_id.as_distribution_id();
        let id = distribution_id.to_string();
        self.list_with::<wire::InvalidationList, _>(
            &LIST_INVALIDATIONS,
            Input::labels([distribution_id]),
            move |summary| InvalidationSummary::from_wire(summary, &id),
        )
    }

    /// Polls the invalidation until it is `Completed` (defaults: every 20 s, 30 polls).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::WaitOptions;
    /// let inv = client.create_invalidation("E2QWRUHAPOMQZL", ["/index.html"])?;
    /// let options = WaitOptions::invalidation_completed().on_progress(|p| eprintln!("{}", p.status));
    /// client.wait_until_completed("E2QWRUHAPOMQZL", &inv.id, options)?;
    /// # Ok(()) }
    /// ```
    pub fn wait_until_completed(
        &self,
        distribution_id: impl AsDistributionId,
        invalidation_id: impl AsInvalidationId,
        mut options: WaitOptions,
    ) -> Result<Invalidation, Error> {
        let invalidation_id = invalidation_id.as_invalidation_id();
        let distribution_id = distribution_id.as_distribution_id();
        wait_until(
            self.clock(),
            &mut options,
            || {
                format!(
                    "invalidation {invalidation_id} of distribution {distribution_id} to be Completed"
                )
            },
            || {
                let inv = self.invalidation(distribution_id, invalidation_id)?;
                Ok(Polled {
                    status: inv.status.to_string(),
                    done: inv.status.is_completed(),
                    value: inv,
                })
            },
        )
    }

    /// Invalidates any number of paths for a deploy: splits them into batches within
    /// CloudFront's quotas (3,000 file paths and 15 wildcard paths in progress per
    /// distribution), submits them in order, and when CloudFront answers
    /// `TooManyInvalidationsInProgress`, waits for the earliest batch it submitted to complete
    /// (or, if none of its own is in progress, for `options.back_pressure_delay`) and sends the
    /// same batch again with the same caller reference. Returns every invalidation created,
    /// in order.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::InvalidatePathsOptions;
    /// let paths: Vec<String> = (0..5000).map(|i| format!("/page/{i}.html")).collect();
    /// let created = client.invalidate_paths("E2QWRUHAPOMQZL", &paths, &InvalidatePathsOptions::new())?;
    /// println!("{} invalidations", created.len());
    /// # Ok(()) }
    /// ```
    pub fn invalidate_paths<I, S>(
        &self,
        distribution_id: impl AsDistributionId,
        paths: I,
        options: &InvalidatePathsOptions,
    ) -> Result<Vec<Invalidation>, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let distribution_id = distribution_id.as_distribution_id();
        let batches = plan_batches(paths, options)?;
        let mut created: Vec<Invalidation> = Vec::with_capacity(batches.len());
        if let Err(e) = self.submit_batches(distribution_id, &batches, options, &mut created) {
            if !created.is_empty() {
                let ids: Vec<&str> = created.iter().map(|i| i.id.as_str()).collect();
                log::warn!(
                    "invalidate_paths for {distribution_id} stopped after {} of {} batches (created {ids:?}): {e}",
                    created.len(),
                    batches.len()
                );
            }
            return Err(e);
        }
        Ok(created)
    }

    fn submit_batches(
        &self,
        distribution_id: &str,
        batches: &[InvalidationBatch],
        options: &InvalidatePathsOptions,
        created: &mut Vec<Invalidation>,
    ) -> Result<(), Error> {
        let mut waits = 0;
        for batch in batches {
            loop {
                match self.create_invalidation_batch(distribution_id, batch) {
                    Ok(inv) => {
                        created.push(inv);
                        break;
                    }
                    Err(e) if e.code() == Some("TooManyInvalidationsInProgress") => {
                        waits += 1;
                        if waits > options.max_back_pressure_waits {
                            return Err(e);
                        }
                        log::info!(
                            "CloudFront has too many invalidations in progress for {distribution_id}; waiting ({waits}/{})",
                            options.max_back_pressure_waits
                        );
                        match created.iter_mut().find(|i| !i.status.is_completed()) {
                            Some(oldest) => {
                                let wait = WaitOptions::new(options.poll_delay, options.max_polls);
                                *oldest =
                                    self.wait_until_completed(distribution_id, &oldest.id, wait)?;
                            }
                            None => self.clock().sleep(options.back_pressure_delay),
                        }
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }
}

/// How [`Client::invalidate_paths`] splits and paces a large invalidation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[must_use]
pub struct InvalidatePathsOptions {
    /// Most file paths per batch (default and maximum 3,000).
    pub max_file_paths_per_batch: usize,
    /// Most wildcard paths per batch (default and maximum 15).
    pub max_wildcards_per_batch: usize,
    /// Poll interval while waiting for an earlier batch (default 20 s).
    pub poll_delay: Duration,
    /// Polls per wait for an earlier batch (default 30).
    pub max_polls: u32,
    /// Wait when the quota is held by invalidations this call did not create (default 60 s).
    pub back_pressure_delay: Duration,
    /// How many times to wait on `TooManyInvalidationsInProgress` before giving up (default 20).
    pub max_back_pressure_waits: u32,
}

impl Default for InvalidatePathsOptions {
    fn default() -> Self {
        InvalidatePathsOptions {
            max_file_paths_per_batch: MAX_FILE_PATHS_IN_PROGRESS,
            max_wildcards_per_batch: MAX_WILDCARD_PATHS_IN_PROGRESS,
            poll_delay: Duration::from_secs(20),
            max_polls: 30,
            back_pressure_delay: Duration::from_secs(60),
            max_back_pressure_waits: 20,
        }
    }
}

/// Splits paths into batches: file paths in chunks of `max_file_paths_per_batch`, wildcard
/// paths in chunks of `max_wildcards_per_batch`, the i-th chunk of each in the i-th batch
/// (the two quotas are counted separately). Paths are validated and deduplicated first.
fn plan_batches<I, S>(
    paths: I,
    options: &InvalidatePathsOptions,
) -> Result<Vec<InvalidationBatch>, Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let all = InvalidationBatch::new(paths)?;
    let file_chunk = options
        .max_file_paths_per_batch
        .clamp(1, MAX_FILE_PATHS_IN_PROGRESS);
    let wild_chunk = options
        .max_wildcards_per_batch
        .clamp(1, MAX_WILDCARD_PATHS_IN_PROGRESS);
    let (wild, files): (Vec<String>, Vec<String>) =
        all.paths.into_iter().partition(|p| model::is_wildcard(p));
    let mut file_chunks = files.chunks(file_chunk);
    let mut wild_chunks = wild.chunks(wild_chunk);
    let mut batches = Vec::new();
    loop {
        let mut paths: Vec<String> = Vec::new();
        if let Some(c) = file_chunks.next() {
            paths.extend_from_slice(c);
        }
        if let Some(c) = wild_chunks.next() {
            paths.extend_from_slice(c);
        }
        if paths.is_empty() {
            break;
        }
        batches.push(InvalidationBatch {
            paths,
            caller_reference: crate::random::uuid_v4().to_string(),
        });
    }
    Ok(batches)
}

impl InvalidationSummary {
    /// The distribution this invalidation belongs to.
    pub fn distribution(&self, client: &Client) -> Result<Versioned<Distribution>, Error> {
        client.distribution(&self.distribution_id)
    }

    /// The full invalidation (the classic `get_invalidation_request`).
    pub fn invalidation(&self, client: &Client) -> Result<Invalidation, Error> {
        client.invalidation(&self.distribution_id, &self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_respect_both_quotas() {
        let mut paths: Vec<String> = (0..7001).map(|i| format!("/f/{i}.html")).collect();
        paths.extend((0..40).map(|i| format!("/w/{i}/*")));
        let batches = plan_batches(&paths, &InvalidatePathsOptions::default()).unwrap();
        assert_eq!(batches.len(), 3);
        assert_eq!(batches[0].paths.len(), 3000 + 15);
        assert_eq!(batches[1].paths.len(), 3000 + 15);
        assert_eq!(batches[2].paths.len(), 1001 + 10);
        for b in &batches {
            assert!(b.wildcard_count() <= 15);
            assert!(b.paths.len() - b.wildcard_count() <= 3000);
        }
        let total: usize = batches.iter().map(|b| b.paths.len()).sum();
        assert_eq!(total, 7041);
        let refs: std::collections::HashSet<_> =
            batches.iter().map(|b| &b.caller_reference).collect();
        assert_eq!(refs.len(), 3);
    }

    #[test]
    fn only_wildcards() {
        let paths: Vec<String> = (0..31).map(|i| format!("/w/{i}/*")).collect();
        let batches = plan_batches(&paths, &InvalidatePathsOptions::default()).unwrap();
        assert_eq!(
            batches.iter().map(|b| b.paths.len()).collect::<Vec<_>>(),
            vec![15, 15, 1]
        );
    }

    #[test]
    fn query_wildcards_count_against_the_wildcard_quota() {
        // `/search?q=*` ends with the wildcard: 16 of them cannot go in one batch.
        let paths: Vec<String> = (0..16).map(|i| format!("/s{i}?q=*")).collect();
        let batches = plan_batches(&paths, &InvalidatePathsOptions::default()).unwrap();
        assert_eq!(
            batches
                .iter()
                .map(|b| b.wildcard_count())
                .collect::<Vec<_>>(),
            vec![15, 1]
        );
    }

    #[test]
    fn bad_path_fails_before_anything() {
        let err = plan_batches(["/ok", "bad"], &InvalidatePathsOptions::default()).unwrap_err();
        assert!(err.to_string().contains("\"bad\""), "{err}");
    }
}
