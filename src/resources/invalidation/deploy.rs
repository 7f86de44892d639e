//! One call for a whole deploy's invalidation: [`Client::invalidate_and_wait`] splits the
//! paths into batches within CloudFront's quotas (as [`Client::invalidate_paths`] does),
//! applies back-pressure on `TooManyInvalidationsInProgress`, waits until every batch is
//! `Completed`, and reports each step as a typed [`InvalidationEvent`]. When it stops midway,
//! the [`InvalidateAndWaitError`] carries an [`InvalidationPlan`] (the invalidations already
//! created and the batches not sent yet, with their caller references) that
//! [`Client::resume_invalidation`] continues without creating anything twice.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cloudfront::{Client, InvalidateAndWaitOptions, InvalidationEvent};
//!
//! let client = Client::from_env()?;
//! let paths = ["/index.html", "/css/site.css", "/img/*"];
//! let options = InvalidateAndWaitOptions::default();
//! let mut report = |e: &InvalidationEvent| eprintln!("[{:>4.0?}] {e}", e.elapsed());
//! let done = match client.invalidate_and_wait("E2QWRUHAPOMQZL", paths, &options, &mut report) {
//!     Ok(done) => done,
//!     Err(stopped) => {
//!         eprintln!("{stopped}"); // names the invalidations already created
//!         // ... later, or after fixing the cause: nothing is created twice.
//!         client.resume_invalidation(stopped.into_plan(), &options, &mut report)?
//!     }
//! };
//! for inv in &done {
//!     println!("{}", inv.id);
//! }
//! # Ok(()) }
//! ```

use std::fmt;
use std::time::Duration;

use super::{InvalidatePathsOptions, Invalidation, InvalidationBatch, plan_batches};
use crate::client::Client;
use crate::error::{Error, WaiterTimeout};
use crate::ids::AsDistributionId;

/// How [`Client::invalidate_and_wait`] batches, paces and waits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvalidateAndWaitOptions {
    /// Batch sizes, poll interval (`poll_delay`), polls per batch (`max_polls`) and
    /// back-pressure settings, as for [`Client::invalidate_paths`].
    pub batching: InvalidatePathsOptions,
    /// A deadline for the whole call (creating and waiting). `None` (the default): only the
    /// per-batch poll limit (`batching.max_polls`) applies.
    pub timeout: Option<Duration>,
}

impl InvalidateAndWaitOptions {
    /// Sets the overall deadline.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the poll interval while waiting for a batch.
    pub fn poll_delay(mut self, delay: Duration) -> Self {
        self.batching.poll_delay = delay;
        self
    }
}

/// What [`Client::invalidate_and_wait`] is doing, reported through its callback. Every
/// event carries the time since the call began; batches are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidationEvent {
    /// The paths were validated and split; nothing sent yet.
    Planned {
        /// Number of batches to create (including those created before, on a resume).
        batches: usize,
        /// Number of distinct paths in the batches still to create.
        paths: usize,
        /// Time since the call began.
        elapsed: Duration,
    },
    /// A batch was created.
    BatchCreated {
        /// Which batch (from 1).
        batch: usize,
        /// Of how many.
        batches: usize,
        /// Its invalidation id.
        invalidation_id: String,
        /// Its paths.
        paths: usize,
        /// Time since the call began.
        elapsed: Duration,
    },
    /// CloudFront answered `TooManyInvalidationsInProgress`: the call waits, then sends the
    /// same batch again (same caller reference).
    Throttled {
        /// The batch that was refused (from 1).
        batch: usize,
        /// The call's own invalidation it now waits for, if one is still in progress;
        /// otherwise it sleeps `delay`.
        waiting_for: Option<String>,
        /// The blind wait, when there is no own invalidation to wait for.
        delay: Option<Duration>,
        /// How many times this call has been throttled so far.
        wait: u32,
        /// The most it accepts (`max_back_pressure_waits`).
        max_waits: u32,
        /// Time since the call began.
        elapsed: Duration,
    },
    /// An invalidation's status was read.
    Polled {
        /// The invalidation polled.
        invalidation_id: String,
        /// Its status, as CloudFront spells it.
        status: String,
        /// How many batches are completed (including this one if it just completed).
        completed: usize,
        /// Of how many.
        batches: usize,
        /// Time since the call began.
        elapsed: Duration,
    },
    /// A batch reached `Completed`.
    BatchCompleted {
        /// Which batch (from 1).
        batch: usize,
        /// Its invalidation id.
        invalidation_id: String,
        /// How many batches are completed now.
        completed: usize,
        /// Of how many.
        batches: usize,
        /// Time since the call began.
        elapsed: Duration,
    },
    /// Every batch is created and completed.
    Done {
        /// Number of invalidations.
        batches: usize,
        /// Time since the call began.
        elapsed: Duration,
    },
}

impl InvalidationEvent {
    /// Time since the call began.
    pub fn elapsed(&self) -> Duration {
        match self {
            InvalidationEvent::Planned { elapsed, .. }
            | InvalidationEvent::BatchCreated { elapsed, .. }
            | InvalidationEvent::Throttled { elapsed, .. }
            | InvalidationEvent::Polled { elapsed, .. }
            | InvalidationEvent::BatchCompleted { elapsed, .. }
            | InvalidationEvent::Done { elapsed, .. } => *elapsed,
        }
    }
}

impl fmt::Display for InvalidationEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidationEvent::Planned { batches, paths, .. } => {
                write!(f, "{paths} paths in {batches} batches")
            }
            InvalidationEvent::BatchCreated {
                batch,
                batches,
                invalidation_id,
                paths,
                ..
            } => write!(
                f,
                "batch {batch}/{batches} created: {invalidation_id} ({paths} paths)"
            ),
            InvalidationEvent::Throttled {
                batch,
                waiting_for,
                delay,
                wait,
                max_waits,
                ..
            } => {
                write!(
                    f,
                    "batch {batch}: too many invalidations in progress ({wait}/{max_waits}); "
                )?;
                match (waiting_for, delay) {
                    (Some(id), _) => write!(f, "waiting for {id} to complete"),
                    (None, Some(d)) => write!(f, "waiting {d:?}"),
                    (None, None) => write!(f, "waiting"),
                }
            }
            InvalidationEvent::Polled {
                invalidation_id,
                status,
                completed,
                batches,
                ..
            } => write!(
                f,
                "{invalidation_id} is {status} ({completed}/{batches} completed)"
            ),
            InvalidationEvent::BatchCompleted {
                batch,
                invalidation_id,
                completed,
                batches,
                ..
            } => write!(
                f,
                "batch {batch} completed: {invalidation_id} ({completed}/{batches})"
            ),
            InvalidationEvent::Done { batches, .. } => {
                write!(f, "all {batches} invalidations completed")
            }
        }
    }
}

/// Where a deploy's invalidation stands: what is created (with its last known status) and
/// what is still to send. Carried by [`InvalidateAndWaitError`]; pass it to
/// [`Client::resume_invalidation`] to continue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidationPlan {
    /// The distribution.
    pub distribution_id: String,
    /// Invalidations created so far, in batch order, as last read.
    pub created: Vec<Invalidation>,
    /// Batches not created yet, in order, each with the caller reference it will be sent
    /// with (so a resend after a lost response cannot create it twice).
    pub pending: Vec<InvalidationBatch>,
}

impl InvalidationPlan {
    /// Number of batches in the whole plan.
    pub fn batches(&self) -> usize {
        self.created.len() + self.pending.len()
    }

    /// How many created invalidations are known to be `Completed`.
    pub fn completed(&self) -> usize {
        self.created
            .iter()
            .filter(|i| i.status.is_completed())
            .count()
    }
}

/// [`Client::invalidate_and_wait`] stopped before every batch was created and completed.
/// [`InvalidateAndWaitError::plan`] says what was created (so nothing is lost or repeated).
#[derive(Debug)]
pub struct InvalidateAndWaitError {
    /// Why it stopped.
    pub error: Error,
    /// What was created and what is left (boxed: keeps the `Result` small).
    pub plan: Box<InvalidationPlan>,
}

impl InvalidateAndWaitError {
    /// The invalidations already created.
    pub fn created(&self) -> &[Invalidation] {
        &self.plan.created
    }

    /// The plan, to pass to [`Client::resume_invalidation`].
    pub fn into_plan(self) -> InvalidationPlan {
        *self.plan
    }
}

impl fmt::Display for InvalidateAndWaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.plan;
        write!(
            f,
            "invalidating {} stopped with {} of {} batches created and {} completed",
            p.distribution_id,
            p.created.len(),
            p.batches(),
            p.completed()
        )?;
        if !p.created.is_empty() {
            let ids: Vec<&str> = p.created.iter().map(|i| i.id.as_str()).collect();
            write!(f, " (created: {})", ids.join(", "))?;
        }
        write!(f, ": {}", self.error)
    }
}

impl std::error::Error for InvalidateAndWaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl From<InvalidateAndWaitError> for Error {
    fn from(e: InvalidateAndWaitError) -> Self {
        e.error
    }
}

/// The running state of one call: the plan, the clock origin and the callback.
struct Run<'c, 'f> {
    client: &'c Client,
    options: &'c InvalidateAndWaitOptions,
    on_event: &'f mut dyn FnMut(&InvalidationEvent),
    start: Duration,
    plan: InvalidationPlan,
}

impl Client {
    /// Invalidates `paths` for a deploy and waits until every batch is `Completed`:
    /// validates and splits them within CloudFront's quotas, creates the batches in order
    /// (back-pressure as in [`Client::invalidate_paths`]: on `TooManyInvalidationsInProgress`
    /// it waits for its own oldest batch in progress, or `back_pressure_delay`, and resends
    /// the same batch), then polls each batch every `poll_delay` until it completes.
    /// `on_event` is called at each step (see [`InvalidationEvent`]).
    ///
    /// Returns the invalidations, in batch order, as last read (all `Completed`). On
    /// failure, the error's [`plan`](InvalidateAndWaitError::plan) lists what was created
    /// and what is left; [`Client::resume_invalidation`] continues from there. A path that
    /// fails validation is reported before anything is sent (an empty plan).
    // The error carries the whole plan (what was created, what is left) on purpose: it is
    // what the caller resumes from, returned once per deploy, not on a hot path.
    #[allow(clippy::result_large_err)]
    pub fn invalidate_and_wait<I, S>(
        &self,
        distribution_id: impl AsDistributionId,
        paths: I,
        options: &InvalidateAndWaitOptions,
        on_event: &mut dyn FnMut(&InvalidationEvent),
    ) -> Result<Vec<Invalidation>, InvalidateAndWaitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut plan = InvalidationPlan {
            distribution_id: distribution_id.as_distribution_id().to_string(),
            created: Vec::new(),
            pending: Vec::new(),
        };
        match plan_batches(paths, &options.batching) {
            Ok(batches) => plan.pending = batches,
            Err(error) => {
                return Err(InvalidateAndWaitError {
                    error,
                    plan: Box::new(plan),
                });
            }
        }
        self.resume_invalidation(plan, options, on_event)
    }

    /// Continues an [`InvalidationPlan`] (from a failed [`Client::invalidate_and_wait`]):
    /// creates the pending batches with their own caller references (CloudFront answers a
    /// batch it already has with the original invalidation) and waits until every
    /// invalidation of the plan is `Completed`.
    #[allow(clippy::result_large_err)]
    pub fn resume_invalidation(
        &self,
        plan: InvalidationPlan,
        options: &InvalidateAndWaitOptions,
        on_event: &mut dyn FnMut(&InvalidationEvent),
    ) -> Result<Vec<Invalidation>, InvalidateAndWaitError> {
        let mut run = Run {
            client: self,
            options,
            on_event,
            start: self.clock().monotonic(),
            plan,
        };
        match run.run() {
            Ok(()) => Ok(run.plan.created),
            Err(error) => Err(InvalidateAndWaitError {
                error,
                plan: Box::new(run.plan),
            }),
        }
    }
}

impl Run<'_, '_> {
    fn elapsed(&self) -> Duration {
        self.client.clock().monotonic().saturating_sub(self.start)
    }

    fn emit(&mut self, event: InvalidationEvent) {
        (self.on_event)(&event);
    }

    fn run(&mut self) -> Result<(), Error> {
        let paths = self.plan.pending.iter().map(|b| b.paths.len()).sum();
        let event = InvalidationEvent::Planned {
            batches: self.plan.batches(),
            paths,
            elapsed: self.elapsed(),
        };
        self.emit(event);
        let mut waits = 0;
        while !self.plan.pending.is_empty() {
            self.check_deadline("the invalidation batches to be created")?;
            let batch = &self.plan.pending[0];
            let number = self.plan.created.len() + 1;
            match self
                .client
                .create_invalidation_batch(&self.plan.distribution_id, batch)
            {
                Ok(inv) => {
                    let batches = self.plan.batches();
                    let batch = self.plan.pending.remove(0);
                    let event = InvalidationEvent::BatchCreated {
                        batch: number,
                        batches,
                        invalidation_id: inv.id.to_string(),
                        paths: batch.paths.len(),
                        elapsed: self.elapsed(),
                    };
                    self.plan.created.push(inv);
                    self.emit(event);
                }
                Err(e) if e.code() == Some("TooManyInvalidationsInProgress") => {
                    waits += 1;
                    let max_waits = self.options.batching.max_back_pressure_waits;
                    if waits > max_waits {
                        return Err(e);
                    }
                    let oldest = self
                        .plan
                        .created
                        .iter()
                        .position(|i| !i.status.is_completed());
                    let delay = self.options.batching.back_pressure_delay;
                    let event = InvalidationEvent::Throttled {
                        batch: number,
                        waiting_for: oldest.map(|i| self.plan.created[i].id.to_string()),
                        delay: oldest.is_none().then_some(delay),
                        wait: waits,
                        max_waits,
                        elapsed: self.elapsed(),
                    };
                    self.emit(event);
                    match oldest {
                        Some(i) => self.wait_for(i)?,
                        None => self.sleep(delay, "the invalidation batches to be created")?,
                    }
                }
                Err(e) => return Err(e),
            }
        }
        for i in 0..self.plan.created.len() {
            if !self.plan.created[i].status.is_completed() {
                self.wait_for(i)?;
            }
        }
        let event = InvalidationEvent::Done {
            batches: self.plan.created.len(),
            elapsed: self.elapsed(),
        };
        self.emit(event);
        Ok(())
    }

    /// Polls created invalidation `index` until it is `Completed`, at most `max_polls`
    /// times, within the overall deadline.
    fn wait_for(&mut self, index: usize) -> Result<(), Error> {
        let max_polls = self.options.batching.max_polls.max(1);
        let id = self.plan.created[index].id.clone();
        let what = format!(
            "invalidation {id} of distribution {} to be Completed",
            self.plan.distribution_id
        );
        let mut attempt = 0;
        loop {
            attempt += 1;
            let inv = self.client.invalidation(&self.plan.distribution_id, &id)?;
            let done = inv.status.is_completed();
            let status = inv.status.to_string();
            self.plan.created[index] = inv;
            let event = InvalidationEvent::Polled {
                invalidation_id: id.to_string(),
                status: status.clone(),
                completed: self.plan.completed(),
                batches: self.plan.batches(),
                elapsed: self.elapsed(),
            };
            self.emit(event);
            if done {
                let event = InvalidationEvent::BatchCompleted {
                    batch: index + 1,
                    invalidation_id: id.to_string(),
                    completed: self.plan.completed(),
                    batches: self.plan.batches(),
                    elapsed: self.elapsed(),
                };
                self.emit(event);
                return Ok(());
            }
            if attempt >= max_polls || self.remaining() == Some(Duration::ZERO) {
                return Err(self.timeout(what, status, attempt));
            }
            self.sleep(self.options.batching.poll_delay, &what)?;
        }
    }

    fn remaining(&self) -> Option<Duration> {
        self.options
            .timeout
            .map(|t| t.saturating_sub(self.elapsed()))
    }

    /// Sleeps `delay`, cut short by the deadline (and an error if the deadline has passed).
    fn sleep(&self, delay: Duration, what: &str) -> Result<(), Error> {
        self.check_deadline(what)?;
        let wait = self.remaining().map_or(delay, |r| delay.min(r));
        self.client.clock().sleep(wait);
        Ok(())
    }

    fn check_deadline(&self, what: &str) -> Result<(), Error> {
        if self.remaining() == Some(Duration::ZERO) {
            let last = self
                .plan
                .created
                .iter()
                .find(|i| !i.status.is_completed())
                .map_or_else(String::new, |i| i.status.to_string());
            return Err(self.timeout(what.to_string(), last, 0));
        }
        Ok(())
    }

    fn timeout(&self, waiting_for: String, last_status: String, attempts: u32) -> Error {
        Error::WaiterTimeout(WaiterTimeout {
            waiting_for,
            last_status,
            attempts,
            elapsed: self.elapsed(),
        })
    }
}
