//! Values with their ETag, and the one read-modify-write loop that every update
//! (distributions, origin access controls and identities) goes through: read the resource
//! and its ETag, apply the caller's change, send nothing when nothing changed, write with
//! `If-Match`, and optionally re-read and re-apply on `PreconditionFailed`.

use std::ops::{Deref, DerefMut};

#[cfg(doc)]
use crate::Client;
use crate::error::Error;

/// A value read from CloudFront together with its `ETag`, the version to send back in
/// `If-Match` when updating or deleting it. Dereferences to the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    /// The value.
    pub value: T,
    /// Its `ETag` (version identifier).
    pub etag: String,
}

impl<T> Versioned<T> {
    /// The value, dropping the ETag.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Versioned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Versioned<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// How a read-modify-write update ([`Client::update_distribution_with`] and its kin)
/// handles a concurrent change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
#[must_use]
pub struct UpdateOptions {
    /// On `PreconditionFailed` (someone else changed the resource between our read and our
    /// write), re-read it, re-apply the change and try again, up to this many times.
    /// Default 0: the conflict is returned to the caller.
    pub conflict_retries: u32,
}

/// Reads with `read` (the resource, with its ETag, and its configuration), applies `change`
/// to a copy of the configuration, and writes it with `put(config, etag)` unless nothing
/// changed (then the resource as read is returned). On `PreconditionFailed` it starts over,
/// up to `options.conflict_retries` times.
pub(crate) fn read_modify_write<R, C: Clone + PartialEq>(
    operation: &str,
    id: &str,
    options: UpdateOptions,
    mut read: impl FnMut() -> Result<(Versioned<R>, C), Error>,
    mut change: impl FnMut(&mut C),
    mut put: impl FnMut(&C, &str) -> Result<Versioned<R>, Error>,
) -> Result<Versioned<R>, Error> {
    let mut conflicts = 0;
    loop {
        let (current, read_config) = read()?;
        let mut config = read_config.clone();
        change(&mut config);
        if config == read_config {
            log::debug!("{operation} {id}: nothing changed; not sending it");
            return Ok(current);
        }
        match put(&config, &current.etag) {
            Err(e) if e.is_precondition_failed() && conflicts < options.conflict_retries => {
                conflicts += 1;
                log::info!("{operation} {id}: changed concurrently; re-reading ({conflicts})");
            }
            other => return other,
        }
    }
}

impl crate::Client {
    /// UpdateX: PUTs `body` to `path` with `If-Match: etag`. A resend either applies the same
    /// change or fails the precondition, so the request is retried; but after an attempt that
    /// CloudFront may have applied (its response lost), `applied` reads the resource back
    /// first and, when the change is already there, that read is the answer — so a retry
    /// never turns the caller's own successful change into `PreconditionFailed`.
    pub(crate) fn put_versioned(
        &self,
        operation: &'static str,
        path: String,
        etag: &str,
        body: String,
        mut applied: impl FnMut() -> Result<Option<crate::transport::HttpResponse>, Error>,
    ) -> Result<crate::transport::HttpResponse, Error> {
        if etag.trim().is_empty() {
            return Err(crate::InvalidInput::new(format!(
                "{operation} needs the ETag of the configuration it replaces"
            ))
            .into());
        }
        let op = crate::operation::Operation::new(operation, "PUT", path)
            .header("If-Match", etag)
            .body(body)
            .idempotent(true);
        self.execute_with(&op, Some(&mut applied)).0
    }

    /// DeleteX: DELETEs `path` with `If-Match: etag`. When an attempt failed in a way that
    /// CloudFront may have acted on (its response lost) and the resend meets a not-found
    /// error, the earlier attempt deleted it: that is a success, not an error.
    pub(crate) fn delete_versioned(
        &self,
        operation: &'static str,
        path: String,
        id: &str,
        etag: &str,
    ) -> Result<(), Error> {
        if etag.trim().is_empty() {
            return Err(crate::InvalidInput::new(format!(
                "{operation} needs the current ETag of {id}"
            ))
            .into());
        }
        let op =
            crate::operation::Operation::new(operation, "DELETE", path).header("If-Match", etag);
        match self.execute_with(&op, None) {
            (Ok(_), _) => Ok(()),
            (Err(e), true) if e.is_not_found() => {
                log::info!("{operation} {id}: the lost response of an earlier attempt deleted it");
                Ok(())
            }
            (Err(e), _) => Err(e),
        }
    }
}
