//! Cache policies: what goes into the cache key (headers, cookies, query strings) and the
//! TTLs. List (all, or only `managed` or `custom` ones), read, create, read-modify-write with
//! `If-Match`, delete with a fresh ETag. Every call goes through the engine; this file holds
//! only the public names.
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::Client;
//! use cloudfront::resources::cache_policy::{CachePolicyConfig, CachePolicyType};
//!
//! let client = Client::from_env()?;
//! let created = client.create_cache_policy(CachePolicyConfig {
//!     name: "site-cache".into(),
//!     min_ttl: 1,
//!     ..Default::default()
//! })?;
//! client.update_cache_policy(&created.id, |c| c.default_ttl = Some(3600))?;
//! for summary in client.cache_policies(Some(CachePolicyType::Custom)) {
//!     println!("{}", summary?.cache_policy.id);
//! }
//! client.delete_cache_policy(&created.id)?;
//! # Ok(()) }
//! ```

pub use crate::model::cache_policy::*;

use crate::client::Client;
use crate::engine::Input;
use crate::error::Error;
use crate::model::operations::{CREATE_CACHE_POLICY, LIST_CACHE_POLICIES};
use crate::paging::Pager;
use crate::resources::versioned::{UpdateOptions, Versioned};

/// A lazy listing of cache policies.
pub type CachePolicies = Pager<CachePolicySummary>;

impl Client {
    /// Creates a cache policy (CreateCachePolicy). Names are unique in the account
    /// (`CachePolicyAlreadyExists`); the request is not resent after a failure the service
    /// may have acted on.
    pub fn create_cache_policy(
        &self,
        config: CachePolicyConfig,
    ) -> Result<Versioned<CachePolicy>, Error> {
        let input = Input::default().payload(&CREATE_CACHE_POLICY, &config)?;
        self.call(&CREATE_CACHE_POLICY, &input)?
            .versioned(CREATE_CACHE_POLICY.name)
    }

    /// The cache policy, with its ETag (GetCachePolicy).
    pub fn cache_policy(&self, id: &str) -> Result<Versioned<CachePolicy>, Error> {
        self.get_resource(id)
    }

    /// The cache policy's configuration, with its ETag (GetCachePolicyConfig).
    pub fn cache_policy_config(&self, id: &str) -> Result<Versioned<CachePolicyConfig>, Error> {
        self.get_resource_config::<CachePolicy>(id)
    }

    /// A lazy listing of the cache policies (ListCachePolicies): all of them, or only the
    /// `managed` (by AWS) or `custom` (this account's) ones.
    pub fn cache_policies(&self, kind: Option<CachePolicyType>) -> CachePolicies {
        let input = Input::default().query("Type", kind.map(|k| k.to_string()));
        self.list::<CachePolicyList>(&LIST_CACHE_POLICIES, input)
    }

    /// Sends a whole configuration with `If-Match: etag` (UpdateCachePolicy); after a lost
    /// response, a read-back that shows this configuration is the answer. Prefer
    /// [`Client::update_cache_policy`].
    pub fn put_cache_policy_config(
        &self,
        id: &str,
        config: &CachePolicyConfig,
        etag: &str,
    ) -> Result<Versioned<CachePolicy>, Error> {
        self.put_resource_config::<CachePolicy>(id, config, etag)
    }

    /// Read-modify-write with `If-Match`; sends nothing when `change` changes nothing. A
    /// concurrent change is `PreconditionFailed` ([`Error::is_precondition_failed`]).
    pub fn update_cache_policy(
        &self,
        id: &str,
        change: impl FnMut(&mut CachePolicyConfig),
    ) -> Result<Versioned<CachePolicy>, Error> {
        self.update_cache_policy_with(id, UpdateOptions::default(), change)
    }

    /// [`Client::update_cache_policy`] with options (re-read and re-apply on a conflict).
    pub fn update_cache_policy_with(
        &self,
        id: &str,
        options: UpdateOptions,
        change: impl FnMut(&mut CachePolicyConfig),
    ) -> Result<Versioned<CachePolicy>, Error> {
        self.update_resource::<CachePolicy>(id, options, change)
    }

    /// Deletes the cache policy with the ETag of a fresh read (`CachePolicyInUse` while a
    /// cache behavior uses it).
    pub fn delete_cache_policy(&self, id: &str) -> Result<(), Error> {
        self.delete_resource::<CachePolicy>(id, None)
    }

    /// Deletes the cache policy with an ETag you hold; not-found after a lost response is
    /// success.
    pub fn delete_cache_policy_with_etag(&self, id: &str, etag: &str) -> Result<(), Error> {
        self.delete_resource::<CachePolicy>(id, Some(etag))
    }
}

impl CachePolicySummary {
    /// The full cache policy this entry describes, with its ETag.
    pub fn cache_policy(&self, client: &Client) -> Result<Versioned<CachePolicy>, Error> {
        client.cache_policy(&self.cache_policy.id)
    }
}
