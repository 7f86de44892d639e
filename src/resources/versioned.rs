//! Values with their ETag, and the one read-modify-write loop that every update
//! (distributions, origin access controls and identities) goes through: read the resource
//! and its ETag, apply the caller's change, send nothing when nothing changed, write with
//! `If-Match`, and optionally re-read and re-apply on `PreconditionFailed`.

use std::ops::{Deref, DerefMut};

use crate::client::Client;
use crate::engine::{Input, VersionedResource};
use crate::error::{Error, InvalidInput};

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

impl Client {
    /// GetX: the resource with its ETag.
    pub(crate) fn get_resource<R: VersionedResource>(
        &self,
        id: &str,
    ) -> Result<Versioned<R>, Error> {
        R::GET.decode_versioned(&self.send_spec(R::GET, &Input::labels([id]))?)
    }

    /// GetXConfig: the configuration alone, with its ETag.
    pub(crate) fn get_resource_config<R: VersionedResource>(
        &self,
        id: &str,
    ) -> Result<Versioned<R::Config>, Error> {
        R::GET_CONFIG.decode_versioned(&self.send_spec(R::GET_CONFIG, &Input::labels([id]))?)
    }

    /// UpdateX: sends `config` with `If-Match: etag`. A resend either applies the same change
    /// or fails the precondition, so the request is retried; but after an attempt that
    /// CloudFront may have applied (its response lost), the resource is read back first and,
    /// when it already has this configuration, that read is the answer — so a retry never
    /// turns the caller's own successful change into `PreconditionFailed`.
    pub(crate) fn put_resource_config<R: VersionedResource>(
        &self,
        id: &str,
        config: &R::Config,
        etag: &str,
    ) -> Result<Versioned<R>, Error> {
        let update = R::UPDATE;
        if etag.trim().is_empty() {
            return Err(InvalidInput::new(format!(
                "{} needs the ETag of the configuration it replaces",
                update.name
            ))
            .into());
        }
        R::validate(config)?;
        let input = Input::labels([id])
            .header("IfMatch", etag)
            .payload(update, config)?
            .idempotent(true);
        let mut applied = || {
            let resp = self.send_spec(R::GET, &Input::labels([id]))?;
            let found: Versioned<R> = R::GET.decode_versioned(&resp)?;
            Ok((found.config() == Some(config)).then_some(resp))
        };
        let resp = self
            .send_spec_with(update, &input, Some(&mut applied))?
            .result?;
        // The answer is UpdateX's own, or GetX's after a lost response: the same document.
        update.decode_versioned(&resp)
    }

    /// Read-modify-write of a versioned resource ([`read_modify_write`]): reads it (and its
    /// configuration alone when the resource's body does not carry it, writing against that
    /// ETag), applies `change`, and writes with [`Client::put_resource_config`].
    pub(crate) fn update_resource<R: VersionedResource>(
        &self,
        id: &str,
        options: UpdateOptions,
        change: impl FnMut(&mut R::Config),
    ) -> Result<Versioned<R>, Error> {
        read_modify_write(
            R::UPDATE.name,
            id,
            options,
            || {
                let mut current = self.get_resource::<R>(id)?;
                let config = match current.config().cloned() {
                    Some(config) => config,
                    None => {
                        let config = self.get_resource_config::<R>(id)?;
                        current.etag = config.etag;
                        current.set_config(config.value.clone());
                        config.value
                    }
                };
                Ok((current, config))
            },
            change,
            |config, etag| self.put_resource_config::<R>(id, config, etag),
        )
    }

    /// DeleteX with `If-Match: etag`, or with the ETag of a fresh read when `etag` is
    /// `None`. When an attempt failed in a way that CloudFront may have acted on (its
    /// response lost) and the resend meets a not-found error, the earlier attempt deleted
    /// it: that is a success, not an error.
    pub(crate) fn delete_resource<R: VersionedResource>(
        &self,
        id: &str,
        etag: Option<&str>,
    ) -> Result<(), Error> {
        let delete = R::DELETE;
        let fresh;
        let etag = match etag {
            Some(etag) => etag,
            None => {
                fresh = self.get_resource::<R>(id)?.etag;
                &fresh
            }
        };
        if etag.trim().is_empty() {
            return Err(InvalidInput::new(format!(
                "{} needs the current ETag of {id}",
                delete.name
            ))
            .into());
        }
        let input = Input::labels([id]).header("IfMatch", etag);
        let outcome = self.send_spec_with(delete, &input, None)?;
        match outcome.result {
            Ok(_) => Ok(()),
            Err(e) if outcome.maybe_applied_earlier && e.is_not_found() => {
                log::info!(
                    "{} {id}: the lost response of an earlier attempt deleted it",
                    delete.name
                );
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}
