//! [`KeyValueStore::sync_keys`]: make a store hold exactly a desired map, in `UpdateKeys`
//! batches within the API's limits, the ETag chained from batch to batch, re-reading and
//! re-planning after a conflict; [`KeyValueStore::plan_sync`] is its dry run.
//!
//! ## The limits (defaults of [`SyncOptions`])
//!
//! | limit | default | source |
//! |---|---|---|
//! | keys changed per `UpdateKeys` request | 50 | CloudFront Developer Guide, *Quotas* ("Quotas on key value stores"), as quoted by the Terraform/Pulumi `aws_cloudfront_keyvaluestore_keys_exclusive` docs: "a default quota of 50 keys or a 3 MB payload, whichever is reached first" |
//! | request payload per `UpdateKeys` | 3 MB (3,000,000 bytes of JSON body) | the same |
//! | key size | 512 bytes | *Quotas*; *File format for key-value pairs* ("Key size – 512 characters") |
//! | value size | 1 KB (1024 bytes) | the same ("Value size – 1024 characters") |
//! | total size of a store | 5 MB (5,000,000 bytes of keys and values) | the same ("File size – 5 MB") |
//!
//! (`docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html` and
//! `.../kvs-with-functions-create-s3-kvp.html`.) The model itself allows keys of up to 1024
//! characters and bounds nothing else; the quotas are checked before anything is sent, so a
//! sync that cannot succeed fails before its first batch rather than half-way.
//!
//! ## Order and atomicity
//!
//! Each `UpdateKeys` request is all-or-nothing; a sync of several batches is not. Puts go
//! first (in key order), then deletes: a CloudFront Function reading the store mid-sync sees
//! every desired key present (old or new value), and keys being removed disappear last.

use std::collections::BTreeMap;
use std::time::Duration;

use super::shapes::{self, KeyValue, UPDATE_BODY_OVERHEAD};
use super::{ErrorKind, KeyValueStore};
use crate::error::Error;

/// Limits and the conflict budget of [`KeyValueStore::sync_keys`] (module table).
///
/// ```
/// let options = cloudfront::kvs::SyncOptions::default()
///     .max_items_per_batch(10)
///     .max_conflict_retries(5);
/// assert_eq!(options.items_per_batch(), 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct SyncOptions {
    max_items_per_batch: usize,
    max_batch_bytes: usize,
    max_key_bytes: usize,
    max_value_bytes: usize,
    max_store_bytes: u64,
    max_conflict_retries: u32,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            max_items_per_batch: 50,
            max_batch_bytes: 3_000_000,
            max_key_bytes: 512,
            max_value_bytes: 1024,
            max_store_bytes: 5_000_000,
            max_conflict_retries: 3,
        }
    }
}

impl SyncOptions {
    /// Puts and deletes per `UpdateKeys` request (default 50; at least 1).
    pub fn max_items_per_batch(mut self, n: usize) -> Self {
        self.max_items_per_batch = n.max(1);
        self
    }

    /// JSON body bytes per `UpdateKeys` request (default 3,000,000).
    pub fn max_batch_bytes(mut self, n: usize) -> Self {
        self.max_batch_bytes = n;
        self
    }

    /// Largest key, in bytes of UTF-8 (default 512).
    pub fn max_key_bytes(mut self, n: usize) -> Self {
        self.max_key_bytes = n;
        self
    }

    /// Largest value, in bytes of UTF-8 (default 1024).
    pub fn max_value_bytes(mut self, n: usize) -> Self {
        self.max_value_bytes = n;
        self
    }

    /// Largest store, keys and values (default 5,000,000 bytes).
    pub fn max_store_bytes(mut self, n: u64) -> Self {
        self.max_store_bytes = n;
        self
    }

    /// How many times a `ConflictException` (someone else wrote the store) makes the sync
    /// re-read the store and plan again, before it gives up with that error (default 3).
    pub fn max_conflict_retries(mut self, n: u32) -> Self {
        self.max_conflict_retries = n;
        self
    }

    /// The items-per-batch limit in effect.
    pub fn items_per_batch(&self) -> usize {
        self.max_items_per_batch
    }
}

/// One `UpdateKeys` request of a plan: the next `puts` puts, then the next `deletes`
/// deletes, in the plan's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchSize {
    /// Puts in this batch.
    pub puts: usize,
    /// Deletes in this batch.
    pub deletes: usize,
    /// Its JSON body, in bytes.
    pub bytes: usize,
}

/// What a sync would do (the dry run's result).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncPlan {
    /// Keys to add or change, in key order, with their desired values.
    pub puts: Vec<KeyValue>,
    /// Keys to remove, in key order.
    pub deletes: Vec<String>,
    /// Keys already holding their desired value.
    pub unchanged: usize,
    /// The store's version the plan was made against.
    pub etag: String,
    /// The `UpdateKeys` requests, in order.
    pub batches: Vec<BatchSize>,
}

impl SyncPlan {
    /// True when the store already holds the desired map.
    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }
}

/// What [`KeyValueStore::sync_keys`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncReport {
    /// Keys put, over every plan (a re-plan after a conflict counts again what it redoes).
    pub puts: usize,
    /// Keys deleted.
    pub deletes: usize,
    /// `UpdateKeys` requests that succeeded.
    pub batches: usize,
    /// Conflicts met and resolved by re-planning.
    pub conflicts: u32,
    /// The store's version after the last write (the planned version when nothing changed).
    pub etag: String,
    /// Items in the store after the last write, when there was one.
    pub item_count: Option<u64>,
    /// The store's size after the last write, when there was one.
    pub total_size_in_bytes: Option<u64>,
}

/// Progress of [`KeyValueStore::sync_keys`], like [`crate::InvalidationEvent`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyncEvent {
    /// The store was read and the difference planned; nothing written yet (after a conflict:
    /// again).
    Planned {
        /// Keys to put.
        puts: usize,
        /// Keys to delete.
        deletes: usize,
        /// Keys already right.
        unchanged: usize,
        /// `UpdateKeys` requests to send.
        batches: usize,
        /// Time since the call began.
        elapsed: Duration,
    },
    /// A batch was applied.
    BatchApplied {
        /// Which batch of the current plan (from 1).
        batch: usize,
        /// Of how many.
        batches: usize,
        /// Its puts.
        puts: usize,
        /// Its deletes.
        deletes: usize,
        /// The store's version after it.
        etag: String,
        /// Time since the call began.
        elapsed: Duration,
    },
    /// A batch met `ConflictException` (the store changed since it was read): the store is
    /// read again and the rest planned anew.
    Conflict {
        /// The batch that was refused (from 1).
        batch: usize,
        /// How many conflicts so far.
        retry: u32,
        /// The most accepted ([`SyncOptions::max_conflict_retries`]).
        max_retries: u32,
        /// Time since the call began.
        elapsed: Duration,
    },
}

impl KeyValueStore {
    /// The dry run of [`KeyValueStore::sync_keys`]: reads the store (its ETag, then every
    /// key) and returns what a sync would put and delete, and in which batches. Writes
    /// nothing.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `desired` breaks a limit of `options` (module table; the
    /// key is named, a value never shown); the errors of `describe` and `keys`.
    pub fn plan_sync(
        &self,
        desired: &BTreeMap<String, String>,
        options: &SyncOptions,
    ) -> Result<SyncPlan, Error> {
        check_desired(desired, options)?;
        // The ETag first: a write planned on it then fails with a conflict if the store
        // changes while it is being listed, instead of overwriting that change unseen.
        let etag = self.describe()?.etag;
        let mut current: BTreeMap<String, String> = BTreeMap::new();
        for pair in self.keys().page_size(super::MAX_LIST_PAGE) {
            let pair = pair?;
            current.insert(pair.key, pair.value);
        }
        let mut puts = Vec::new();
        let mut unchanged = 0;
        for (key, value) in desired {
            if current.get(key) == Some(value) {
                unchanged += 1;
            } else {
                puts.push(KeyValue {
                    key: key.clone(),
                    value: value.clone(),
                });
            }
        }
        let deletes: Vec<String> = current
            .into_keys()
            .filter(|k| !desired.contains_key(k))
            .collect();
        let batches = batch_sizes(&puts, &deletes, options)?;
        Ok(SyncPlan {
            puts,
            deletes,
            unchanged,
            etag,
            batches,
        })
    }

    /// Makes the store hold exactly `desired`: plans as [`KeyValueStore::plan_sync`] does,
    /// then sends the batches with `UpdateKeys`, each with the ETag the previous one
    /// returned. When a batch meets `ConflictException` (another writer), it reads the store
    /// again and plans the rest anew, up to [`SyncOptions::max_conflict_retries`] times.
    /// `on_event` is told of each step ([`SyncEvent`]).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// use std::collections::BTreeMap;
    /// use cloudfront::kvs::{SyncEvent, SyncOptions};
    ///
    /// let client = cloudfront::Client::from_env()?;
    /// let store = client.key_value_store("arn:aws:cloudfront::123456789012:key-value-store/redirects")?;
    /// let desired: BTreeMap<String, String> = [
    ///     ("/old".to_string(), "/new".to_string()),
    ///     ("/blog".to_string(), "https://blog.example.com/".to_string()),
    /// ]
    /// .into_iter()
    /// .collect();
    /// let plan = store.plan_sync(&desired, &SyncOptions::default())?; // dry run
    /// println!("would put {} and delete {}", plan.puts.len(), plan.deletes.len());
    /// let report = store.sync_keys(&desired, &SyncOptions::default(), &mut |event| {
    ///     if let SyncEvent::BatchApplied { batch, batches, .. } = event {
    ///         eprintln!("batch {batch}/{batches}");
    ///     }
    /// })?;
    /// println!("{} put, {} deleted, now at {}", report.puts, report.deletes, report.etag);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`KeyValueStore::plan_sync`]; the error of a batch (the batches before it are
    /// applied: `UpdateKeys` is atomic per request only); the last `ConflictException` when
    /// the retries are spent.
    pub fn sync_keys(
        &self,
        desired: &BTreeMap<String, String>,
        options: &SyncOptions,
        on_event: &mut dyn FnMut(&SyncEvent),
    ) -> Result<SyncReport, Error> {
        let clock = self.client.clock();
        let start = clock.monotonic();
        let elapsed = || clock.monotonic().saturating_sub(start);
        let mut report = SyncReport {
            puts: 0,
            deletes: 0,
            batches: 0,
            conflicts: 0,
            etag: String::new(),
            item_count: None,
            total_size_in_bytes: None,
        };
        'plan: loop {
            let plan = self.plan_sync(desired, options)?;
            on_event(&SyncEvent::Planned {
                puts: plan.puts.len(),
                deletes: plan.deletes.len(),
                unchanged: plan.unchanged,
                batches: plan.batches.len(),
                elapsed: elapsed(),
            });
            let mut etag = plan.etag.clone();
            let (mut next_put, mut next_delete) = (0, 0);
            for (i, size) in plan.batches.iter().enumerate() {
                let puts: Vec<String> = plan.puts[next_put..next_put + size.puts]
                    .iter()
                    .map(|kv| shapes::put_item(&kv.key, &kv.value))
                    .collect();
                let deletes: Vec<String> = plan.deletes[next_delete..next_delete + size.deletes]
                    .iter()
                    .map(|k| shapes::delete_item(k))
                    .collect();
                match self.update_items(&puts, &deletes, &etag) {
                    Ok(out) => {
                        next_put += size.puts;
                        next_delete += size.deletes;
                        report.puts += size.puts;
                        report.deletes += size.deletes;
                        report.batches += 1;
                        report.item_count = Some(out.item_count);
                        report.total_size_in_bytes = Some(out.total_size_in_bytes);
                        etag = out.etag;
                        on_event(&SyncEvent::BatchApplied {
                            batch: i + 1,
                            batches: plan.batches.len(),
                            puts: size.puts,
                            deletes: size.deletes,
                            etag: etag.clone(),
                            elapsed: elapsed(),
                        });
                    }
                    Err(e)
                        if ErrorKind::of(&e) == Some(ErrorKind::Conflict)
                            && report.conflicts < options.max_conflict_retries =>
                    {
                        report.conflicts += 1;
                        log::info!(
                            "UpdateKeys batch {}: the store changed since it was read; planning again",
                            i + 1
                        );
                        on_event(&SyncEvent::Conflict {
                            batch: i + 1,
                            retry: report.conflicts,
                            max_retries: options.max_conflict_retries,
                            elapsed: elapsed(),
                        });
                        continue 'plan;
                    }
                    Err(e) => return Err(e),
                }
            }
            report.etag = etag;
            return Ok(report);
        }
    }
}

/// Checks `desired` against the per-key and per-store limits before anything is read or
/// sent. Names the key (bounded), never the value.
fn check_desired(desired: &BTreeMap<String, String>, options: &SyncOptions) -> Result<(), Error> {
    let mut total: u64 = 0;
    for (key, value) in desired {
        let shown = || crate::error::quote_bounded(key);
        if key.is_empty() {
            return Err(Error::invalid_input("a key of the desired map is empty"));
        }
        if key.len() > options.max_key_bytes {
            return Err(Error::invalid_input(format!(
                "the key {} has {} bytes, more than the {} a KeyValueStore key may have",
                shown(),
                key.len(),
                options.max_key_bytes
            )));
        }
        if value.len() > options.max_value_bytes {
            return Err(Error::invalid_input(format!(
                "the value of the key {} has {} bytes, more than the {} a KeyValueStore value may have",
                shown(),
                value.len(),
                options.max_value_bytes
            )));
        }
        total += (key.len() + value.len()) as u64;
    }
    if total > options.max_store_bytes {
        return Err(Error::invalid_input(format!(
            "the desired keys and values take {total} bytes, more than the {} a KeyValueStore may hold",
            options.max_store_bytes
        )));
    }
    Ok(())
}

/// Splits puts-then-deletes into requests of at most `max_items_per_batch` items and
/// `max_batch_bytes` of body (each size is the exact JSON of the item).
fn batch_sizes(
    puts: &[KeyValue],
    deletes: &[String],
    options: &SyncOptions,
) -> Result<Vec<BatchSize>, Error> {
    let items = puts
        .iter()
        .map(|kv| (true, shapes::put_item(&kv.key, &kv.value).len()))
        .chain(
            deletes
                .iter()
                .map(|k| (false, shapes::delete_item(k).len())),
        );
    let mut batches = Vec::new();
    // `bytes` counts as if both lists were present (an upper bound while filling); it is
    // made exact when the batch is closed.
    let empty = BatchSize {
        puts: 0,
        deletes: 0,
        bytes: UPDATE_BODY_OVERHEAD,
    };
    let close = |b: BatchSize| BatchSize {
        bytes: b.bytes - absent_list_bytes(b),
        ..b
    };
    let mut current = empty;
    for (is_put, len) in items {
        let count = current.puts + current.deletes;
        let added = len + usize::from(count > 0);
        if count > 0
            && (count >= options.max_items_per_batch
                || current.bytes + added > options.max_batch_bytes)
        {
            batches.push(close(current));
            current = empty;
        }
        let added = len + usize::from(current.puts + current.deletes > 0);
        if current.bytes + added > options.max_batch_bytes {
            return Err(Error::invalid_input(format!(
                "one key-value pair takes {len} bytes of JSON, more than the {} an UpdateKeys request may carry",
                options.max_batch_bytes
            )));
        }
        current.bytes += added;
        if is_put {
            current.puts += 1;
        } else {
            current.deletes += 1;
        }
    }
    if current.puts + current.deletes > 0 {
        batches.push(close(current));
    }
    Ok(batches)
}

/// What a batch's body lacks against the upper bound: an absent list (`"Puts":[]` or
/// `"Deletes":[]` and the comma between the lists). The items' commas were counted one per
/// item after the first; with both lists present the comma between them is one of those.
fn absent_list_bytes(b: BatchSize) -> usize {
    match (b.puts > 0, b.deletes > 0) {
        (true, true) => 1,
        (true, false) => r#","Deletes":[]"#.len(),
        (false, true) => r#""Puts":[],"#.len(),
        (false, false) => UPDATE_BODY_OVERHEAD - 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(k: &str, v: &str) -> KeyValue {
        KeyValue {
            key: k.into(),
            value: v.into(),
        }
    }

    #[test]
    fn batches_respect_the_item_and_byte_limits_and_their_sizes_are_exact() {
        let puts: Vec<KeyValue> = (0..120).map(|i| kv(&format!("k{i:03}"), "v")).collect();
        let deletes: Vec<String> = (0..30).map(|i| format!("d{i:03}")).collect();
        let batches = batch_sizes(&puts, &deletes, &SyncOptions::default()).unwrap();
        let counts: Vec<(usize, usize)> = batches.iter().map(|b| (b.puts, b.deletes)).collect();
        assert_eq!(counts, [(50, 0), (50, 0), (20, 30)]);
        // The size is the body's: build the third body and compare.
        let body = shapes::update_body(
            &puts[100..]
                .iter()
                .map(|p| shapes::put_item(&p.key, &p.value))
                .collect::<Vec<_>>(),
            &deletes
                .iter()
                .map(|d| shapes::delete_item(d))
                .collect::<Vec<_>>(),
        );
        assert_eq!(batches[2].bytes, body.len());
        let first = shapes::update_body(
            &puts[..50]
                .iter()
                .map(|p| shapes::put_item(&p.key, &p.value))
                .collect::<Vec<_>>(),
            &[] as &[String],
        );
        assert_eq!(batches[0].bytes, first.len());
        let only_deletes = batch_sizes(&[], &deletes[..2], &SyncOptions::default()).unwrap();
        let body = shapes::update_body(
            &[] as &[String],
            &deletes[..2]
                .iter()
                .map(|d| shapes::delete_item(d))
                .collect::<Vec<_>>(),
        );
        assert_eq!(only_deletes[0].bytes, body.len());

        // A byte limit that fits three puts of 31 bytes each ({"Key":"k000","Value":"v"} is 26).
        let item = shapes::put_item("k000", "v").len();
        let limit = UPDATE_BODY_OVERHEAD + 3 * item + 2;
        let small = SyncOptions::default().max_batch_bytes(limit);
        let batches = batch_sizes(&puts[..7], &[], &small).unwrap();
        let counts: Vec<usize> = batches.iter().map(|b| b.puts).collect();
        assert_eq!(counts, [3, 3, 1]);
        assert!(batches.iter().all(|b| b.bytes <= limit));
        let tiny = SyncOptions::default().max_batch_bytes(UPDATE_BODY_OVERHEAD + 3);
        assert!(batch_sizes(&puts[..1], &[], &tiny).is_err());
        assert!(batch_sizes(&[], &[], &tiny).unwrap().is_empty());
    }

    #[test]
    fn limits_are_checked_and_values_never_shown() {
        let options = SyncOptions::default();
        let mut desired = BTreeMap::new();
        desired.insert("k".repeat(513), "v".into());
        let err = check_desired(&desired, &options).unwrap_err().to_string();
        assert!(err.contains("513 bytes"), "{err}");
        let mut desired = BTreeMap::new();
        desired.insert("key".into(), format!("s3cr3t{}", "x".repeat(1100)));
        let err = check_desired(&desired, &options).unwrap_err().to_string();
        assert!(err.contains("\"key\"") && !err.contains("s3cr3t"), "{err}");
        let desired: BTreeMap<String, String> = (0..11_000)
            .map(|i| (format!("{i:0>500}"), String::new()))
            .collect();
        let err = check_desired(&desired, &options).unwrap_err().to_string();
        assert!(err.contains("more than the 5000000"), "{err}");
        let mut desired = BTreeMap::new();
        desired.insert(String::new(), "v".into());
        assert!(check_desired(&desired, &options).is_err());
    }
}
