//! The distribution operations on [`Client`]: create, read, list lazily, read-modify-write
//! with `If-Match`, enable/disable, aliases, delete, and wait until deployed.

use crate::client::Client;
use crate::engine::{Input, OperationSpec};
use crate::error::{AlreadyCreated, Error};
use crate::ids::AsDistributionId;
use crate::model::operations::{
    CREATE_DISTRIBUTION, CREATE_DISTRIBUTION_WITH_TAGS, LIST_DISTRIBUTIONS,
};
use crate::paging::Pager;
use crate::resources::tagging::{DistributionConfigWithTags, Tags};
use crate::waiter::{Polled, WaitOptions, wait_until};

use super::{Distribution, DistributionConfig, DistributionList, DistributionSummary};
use crate::resources::versioned::{UpdateOptions, Versioned};

/// A lazy listing of the account's distributions.
pub type Distributions = Pager<DistributionSummary>;

/// Reads the distribution id out of CloudFront's `DistributionAlreadyExists` message
/// ("... Already exists: E1SXXXXXXXXXX").
fn existing_distribution_id(message: &str) -> Option<String> {
    let (_, rest) = message.rsplit_once("Already exists:")?;
    let id: String = rest
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    (!id.is_empty()).then_some(id)
}

impl Client {
    /// Creates a distribution. An empty `CallerReference` is filled with a fresh uuid v4; the
    /// same reference is sent on every retry, so a retried create can never make a second
    /// distribution. If an earlier attempt's response was lost and the retry meets
    /// `DistributionAlreadyExists`, the distribution that attempt created is read back and
    /// returned (when CloudFront names it and its caller reference is ours); otherwise the
    /// failure is reported as [`Error::AlreadyCreated`] with the reference.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// use cloudfront::{Client, DistributionConfig, Origin};
    ///
    /// let client = Client::from_env()?;
    /// let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
    ///     .comment("my site")
    ///     .enabled(false);
    /// let created = client.create_distribution(config)?;
    /// println!("{} at {} (ETag {})", created.id, created.domain_name, created.etag);
    /// # Ok(()) }
    /// ```
    pub fn create_distribution(
        &self,
        mut config: DistributionConfig,
    ) -> Result<Versioned<Distribution>, Error> {
        if config.caller_reference.is_empty() {
            config.caller_reference = crate::random::uuid_v4().to_string();
        }
        let input = Input::default().payload(&CREATE_DISTRIBUTION, &config)?;
        self.create(&CREATE_DISTRIBUTION, input, &config.caller_reference)
    }

    /// Creates a distribution and tags it in one call (CreateDistributionWithTags), with
    /// the same caller-reference handling as [`Client::create_distribution`].
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// use cloudfront::{Client, DistributionConfig, Origin, Tags};
    ///
    /// let client = Client::from_env()?;
    /// let created = client.create_distribution_with_tags(
    ///     DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com")),
    ///     Tags::new([("env", "prod")])?,
    /// )?;
    /// # let _ = created; Ok(()) }
    /// ```
    pub fn create_distribution_with_tags(
        &self,
        mut config: DistributionConfig,
        tags: Tags,
    ) -> Result<Versioned<Distribution>, Error> {
        if config.caller_reference.is_empty() {
            config.caller_reference = crate::random::uuid_v4().to_string();
        }
        let caller_reference = config.caller_reference.clone();
        let body = DistributionConfigWithTags {
            distribution_config: config,
            tags,
            unknown: Default::default(),
        };
        let input = Input::default().payload(&CREATE_DISTRIBUTION_WITH_TAGS, &body)?;
        self.create(&CREATE_DISTRIBUTION_WITH_TAGS, input, &caller_reference)
    }

    /// Sends a create whose body carries `caller_reference`. CloudFront refuses a second
    /// distribution with the same reference, so the request is safe to resend; a resend that
    /// meets `DistributionAlreadyExists` after an attempt the server may have acted on is
    /// resolved to the distribution that attempt created.
    fn create(
        &self,
        spec: &OperationSpec,
        input: Input,
        caller_reference: &str,
    ) -> Result<Versioned<Distribution>, Error> {
        let outcome = self.send_spec_with(spec, &input.idempotent(true), None)?;
        match outcome.result {
            Ok(resp) => spec.decode_versioned(&resp),
            Err(Error::Service(e))
                if e.code == "DistributionAlreadyExists" && outcome.maybe_applied_earlier =>
            {
                let existing_id = existing_distribution_id(&e.message);
                if let Some(id) = &existing_id {
                    if let Ok(found) = self.distribution(id) {
                        if found.distribution_config.caller_reference == caller_reference {
                            log::info!(
                                "{}: the lost response of an earlier attempt created {id}; returning it",
                                spec.name
                            );
                            return Ok(found);
                        }
                    }
                }
                Err(Error::AlreadyCreated(Box::new(AlreadyCreated {
                    resource: "distribution",
                    caller_reference: caller_reference.to_string(),
                    existing_id,
                    error: e,
                })))
            }
            Err(e) => Err(e),
        }
    }

    /// The first distribution whose alternate domain names include `cname` (compared
    /// ignoring ASCII case), walking the listing lazily and stopping at the first match.
    /// `None` when no distribution serves it. The walk is bounded: past
    /// [`crate::paging::MAX_WALK_PAGES`] pages it ends with an error instead of running on
    /// (an endless listing from a misbehaving server never hangs the caller).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// if let Some(d) = client.find_distribution_by_alias("www.example.com")? {
    ///     println!("served by {}", d.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn find_distribution_by_alias(
        &self,
        cname: &str,
    ) -> Result<Option<DistributionSummary>, Error> {
        let walk = self
            .distributions()
            .max_pages(crate::paging::MAX_WALK_PAGES);
        for summary in walk {
            let summary = summary?;
            if summary
                .aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(cname))
            {
                return Ok(Some(summary));
            }
        }
        Ok(None)
    }

    /// The distribution, with its ETag.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let d = client.distribution("E2QWRUHAPOMQZL")?;
    /// println!("{} {} {} (ETag {})", d.id, d.domain_name, d.status, d.etag);
    /// # Ok(()) }
    /// ```
    pub fn distribution(
        &self,
        id: impl AsDistributionId,
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        self.get_resource(id)
    }

    /// The distribution's configuration, with its ETag.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let config = client.distribution_config("E2QWRUHAPOMQZL")?;
    /// println!("{} (ETag {})", config.comment, config.etag);
    /// # Ok(()) }
    /// ```
    pub fn distribution_config(
        &self,
        id: impl AsDistributionId,
    ) -> Result<Versioned<DistributionConfig>, Error> {
        let id = id.as_distribution_id();
        self.get_resource_config::<Distribution>(id)
    }

    /// A lazy listing of every distribution in the account. Nothing is sent until the
    /// iterator is used; each page is fetched only when iteration reaches it.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// for summary in client.distributions() {
    ///     let summary = summary?;
    ///     println!("{} {} {}", summary.id, summary.domain_name, summary.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn distributions(&self) -> Distributions {
        self.list::<DistributionList>(&LIST_DISTRIBUTIONS, Input::default())
    }

    /// Sends a whole configuration with `If-Match: etag` (UpdateDistribution). Prefer
    /// [`Client::update_distribution`], which reads the current configuration first so that
    /// nothing is lost.
    ///
    /// If an attempt fails in a way that CloudFront may have applied it (its response was
    /// lost), the distribution is read again before resending: when it already has this
    /// configuration, that read is the answer. (A resend would carry an ETag the applied
    /// update made stale and fail with `PreconditionFailed`.)
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let current = client.distribution_config("E2QWRUHAPOMQZL")?;
    /// let config = current.value.clone().comment("edited");
    /// let updated = client.put_distribution_config("E2QWRUHAPOMQZL", &config, &current.etag)?;
    /// println!("new ETag {}", updated.etag);
    /// # Ok(()) }
    /// ```
    pub fn put_distribution_config(
        &self,
        id: impl AsDistributionId,
        config: &DistributionConfig,
        etag: &str,
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        self.put_resource_config::<Distribution>(id, config, etag)
    }

    /// Read-modify-write: reads the distribution and its ETag, lets `change` edit the
    /// configuration (every field, including ones this crate does not know, is kept), and
    /// writes it back with `If-Match`. A concurrent change surfaces as
    /// `PreconditionFailed` ([`Error::is_precondition_failed`]); see
    /// [`Client::update_distribution_with`] to retry instead.
    ///
    /// When `change` leaves the configuration as it was (the same comment, an alias that is
    /// already there), nothing is sent and the distribution as read is returned: every
    /// UpdateDistribution redeploys the distribution to all edge locations.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let updated = client.update_distribution("E2QWRUHAPOMQZL", |config| {
    ///     config.comment = "new comment".into();
    /// })?;
    /// println!("new ETag {}", updated.etag);
    /// # Ok(()) }
    /// ```
    pub fn update_distribution(
        &self,
        id: impl AsDistributionId,
        change: impl FnMut(&mut DistributionConfig),
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        self.update_distribution_with(id, UpdateOptions::default(), change)
    }

    /// [`Client::update_distribution`] with options, e.g. retrying on a concurrent change.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::{PriceClass, UpdateOptions};
    /// let updated = client.update_distribution_with(
    ///     "E2QWRUHAPOMQZL",
    ///     UpdateOptions::new().conflict_retries(3),
    ///     |config| *config = config.clone().price_class(PriceClass::PriceClass100),
    /// )?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub fn update_distribution_with(
        &self,
        id: impl AsDistributionId,
        options: UpdateOptions,
        change: impl FnMut(&mut DistributionConfig),
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        self.update_resource::<Distribution>(id, options, change)
    }

    /// Enables the distribution. Sends no update when it is already enabled.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let d = client.enable_distribution("E2QWRUHAPOMQZL")?;
    /// assert!(d.distribution_config.enabled);
    /// # Ok(()) }
    /// ```
    pub fn enable_distribution(
        &self,
        id: impl AsDistributionId,
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        self.set_enabled(id, true)
    }

    /// Disables the distribution. Sends no update when it is already disabled.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let d = client.disable_distribution("E2QWRUHAPOMQZL")?;
    /// assert!(!d.distribution_config.enabled);
    /// # Ok(()) }
    /// ```
    pub fn disable_distribution(
        &self,
        id: impl AsDistributionId,
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        self.set_enabled(id, false)
    }

    fn set_enabled(&self, id: &str, enabled: bool) -> Result<Versioned<Distribution>, Error> {
        let current = self.distribution(id)?;
        if current.distribution_config.enabled == enabled {
            return Ok(current);
        }
        let mut config = current.value.distribution_config;
        config.enabled = enabled;
        self.put_distribution_config(id, &config, &current.etag)
    }

    /// Sets the comment.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let d = client.set_distribution_comment("E2QWRUHAPOMQZL", "New Comment")?;
    /// println!("new ETag {}", d.etag);
    /// # Ok(()) }
    /// ```
    pub fn set_distribution_comment(
        &self,
        id: impl AsDistributionId,
        comment: &str,
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        self.update_distribution(id, |c| c.comment = comment.to_string())
    }

    /// Adds alternate domain names (CNAMEs); ones already present (compared ignoring ASCII
    /// case) are not repeated. Sends no update when all of them are already there.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// client.add_distribution_aliases("E2QWRUHAPOMQZL", ["www.example.com"])?;
    /// # Ok(()) }
    /// ```
    pub fn add_distribution_aliases<I, S>(
        &self,
        id: impl AsDistributionId,
        aliases: I,
    ) -> Result<Versioned<Distribution>, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let id = id.as_distribution_id();
        let add: Vec<String> = aliases
            .into_iter()
            .map(|s| s.as_ref().to_string())
            .collect();
        self.update_distribution(id, |c| {
            for a in &add {
                c.add_alias(a);
            }
        })
    }

    /// Replaces the whole set of alternate domain names (CNAMEs) with `aliases` (the classic
    /// `distribution.update(cnames=[...])`); an empty set removes them all. Sends no update
    /// when the set is already exactly that.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let d = client.set_distribution_aliases("E2QWRUHAPOMQZL", ["www.example.com", "example.com"])?;
    /// assert_eq!(d.distribution_config.aliases(), ["www.example.com", "example.com"]);
    /// # Ok(()) }
    /// ```
    pub fn set_distribution_aliases<I, S>(
        &self,
        id: impl AsDistributionId,
        aliases: I,
    ) -> Result<Versioned<Distribution>, Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let aliases: Vec<String> = aliases.into_iter().map(Into::into).collect();
        self.update_distribution(id, |c| {
            c.set_aliases(aliases.iter().cloned());
        })
    }

    /// Removes alternate domain names (CNAMEs); absent ones are ignored. Sends no update when
    /// none of them is there.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// client.remove_distribution_aliases("E2QWRUHAPOMQZL", ["old.example.com"])?;
    /// # Ok(()) }
    /// ```
    pub fn remove_distribution_aliases<I, S>(
        &self,
        id: impl AsDistributionId,
        aliases: I,
    ) -> Result<Versioned<Distribution>, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let id = id.as_distribution_id();
        let remove: Vec<String> = aliases
            .into_iter()
            .map(|s| s.as_ref().to_string())
            .collect();
        self.update_distribution(id, |c| {
            for a in &remove {
                c.remove_alias(a);
            }
        })
    }

    /// Deletes the distribution, with `If-Match` set to the ETag of a fresh read. CloudFront
    /// deletes only distributions that are disabled and `Deployed`; otherwise the error is
    /// `DistributionNotDisabled` ([`Error::is_distribution_not_disabled`]). See
    /// [`Client::disable_and_delete_distribution`] for the whole sequence.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// match client.delete_distribution("E2QWRUHAPOMQZL") {
    ///     Err(e) if e.is_distribution_not_disabled() => eprintln!("disable it and wait first"),
    ///     other => other?,
    /// }
    /// # Ok(()) }
    /// ```
    pub fn delete_distribution(&self, id: impl AsDistributionId) -> Result<(), Error> {
        let id = id.as_distribution_id();
        self.delete_resource::<Distribution>(id, None)
    }

    /// Deletes the distribution with an ETag you already hold.
    ///
    /// When an attempt fails in a way that CloudFront may have acted on it (its response was
    /// lost) and the resend meets `NoSuchDistribution`, the earlier attempt deleted it: that
    /// is a success, not an error.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let d = client.distribution("E2QWRUHAPOMQZL")?;
    /// client.delete_distribution_with_etag(&d.id, &d.etag)?;
    /// # Ok(()) }
    /// ```
    pub fn delete_distribution_with_etag(
        &self,
        id: impl AsDistributionId,
        etag: &str,
    ) -> Result<(), Error> {
        let id = id.as_distribution_id();
        self.delete_resource::<Distribution>(id, Some(etag))
    }

    /// Polls until the distribution's status is `Deployed` (defaults from `waiters-2.json`:
    /// every 60 s, 35 polls; configurable, with a progress callback).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::WaitOptions;
    /// let options = WaitOptions::distribution_deployed().on_progress(|p| eprintln!("{} after {:?}", p.status, p.elapsed));
    /// let d = client.wait_until_deployed("E2QWRUHAPOMQZL", options)?;
    /// assert!(d.status.is_deployed());
    /// # Ok(()) }
    /// ```
    pub fn wait_until_deployed(
        &self,
        id: impl AsDistributionId,
        mut options: WaitOptions,
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        wait_until(
            self.clock(),
            &mut options,
            || format!("distribution {id} to be Deployed"),
            || {
                let d = self.distribution(id)?;
                Ok(Polled {
                    status: d.status.to_string(),
                    done: d.status.is_deployed(),
                    value: d,
                })
            },
        )
    }

    /// Disables the distribution (if enabled), waits until it is `Deployed`, then deletes it
    /// with the ETag read after the wait — the sequence CloudFront requires.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::WaitOptions;
    /// client.disable_and_delete_distribution("E2QWRUHAPOMQZL", WaitOptions::distribution_deployed())?;
    /// # Ok(()) }
    /// ```
    pub fn disable_and_delete_distribution(
        &self,
        id: impl AsDistributionId,
        options: WaitOptions,
    ) -> Result<(), Error> {
        let id = id.as_distribution_id();
        self.disable_distribution(id)?;
        let deployed = self.wait_until_deployed(id, options)?;
        self.delete_distribution_with_etag(id, &deployed.etag)
    }
}

impl DistributionSummary {
    /// The full distribution this summary describes (the classic `get_distribution`).
    pub fn distribution(&self, client: &Client) -> Result<Versioned<Distribution>, Error> {
        client.distribution(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_id_from_message() {
        assert_eq!(
            existing_distribution_id("The caller reference that you are using to create a distribution is associated with another distribution. Already exists: E1SXXXXXXXXXX").as_deref(),
            Some("E1SXXXXXXXXXX")
        );
        assert_eq!(existing_distribution_id("no id here"), None);
        assert_eq!(existing_distribution_id("Already exists: "), None);
    }
}
