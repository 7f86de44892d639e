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
