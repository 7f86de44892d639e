//! # cloudfront
//!
//! A blocking, synchronous client for the Amazon CloudFront API (version 2020-05-31), for
//! command-line tools, build and deploy tools, and tests that must not pull in an async
//! runtime. This page is the manual, in the order of the classic boto CloudFront tutorial.
//!
//! ## Connect
//!
//! [`Client::from_env`] finds credentials where the AWS CLI does, in its order: the
//! environment, assume-role profiles, web identity, SSO, the shared files, a
//! `credential_process`, the classic `~/.boto`, the container endpoint and the EC2 instance
//! metadata ([`CredentialsChain`] lists the rules), and refreshes temporary ones before they
//! expire; it reads the settings people set ([`settings`]: endpoint, region, FIPS, retries). [`Client::builder`] sets everything explicitly: credentials, endpoint (plain
//! `http://` only to loopback hosts), transport, retry policy, timeouts, user agent.
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! let client = cloudfront::Client::from_env()?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! ## Distributions
//!
//! [`DistributionConfig`] models every member of the API (49 structures) and keeps elements
//! it does not know, so a read-modify-write never drops a setting. Operations return the
//! value with its ETag ([`Versioned`]).
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::{Client, DistributionConfig, Origin, WaitOptions};
//! # let client = Client::from_env()?;
//! let d = client.create_distribution(
//!     DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
//!         .enabled(false)
//!         .comment("My new Distribution"),
//! )?;
//! for summary in client.distributions() {          // lazy: one page at a time
//!     let summary = summary?;
//!     let full = summary.distribution(&client)?;   // summary -> distribution
//!     println!("{} {} {}", full.id, full.domain_name, full.status);
//! }
//! client.set_distribution_comment(&d.id, "New Comment")?;
//! client.enable_distribution(&d.id)?;
//! client.disable_distribution(&d.id)?;
//! client.disable_and_delete_distribution(&d.id, WaitOptions::distribution_deployed())?;
//! # Ok(()) }
//! ```
//!
//! ## Invalidations
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! # let client = cloudfront::Client::from_env()?;
//! let inv = client.create_invalidation("E2QWRUHAPOMQZL", ["/a.html", "/b.html"])?;
//! println!("{}", client.invalidation("E2QWRUHAPOMQZL", &inv.id)?.status);
//! let mut page = client.invalidations("E2QWRUHAPOMQZL").max_items(2);
//! for summary in page.by_ref() {
//!     let summary = summary?;
//!     println!("{} {}", summary.id, summary.invalidation(&client)?.batch.paths.len());
//! }
//! let marker = page.next_marker(); // continue later with .marker(..)
//! # let _ = marker; Ok(()) }
//! ```
//!
//! ## Paging
//!
//! Every listing is a [`Pager`]: a plain `Iterator<Item = Result<T, Error>>` that sends no
//! request until iterated, holds one page at a time, and fetches the next page only when the
//! loop reaches it. `max_items(n)` makes one request; `marker(m)` starts from a marker;
//! `next_marker()` after iteration continues elsewhere; [`Pager::pages`] walks whole pages
//! instead of items. [`Pager::new`] builds one over any listing, e.g. through
//! [`Client::send_raw`]. A pager sends nothing until iterated, so an unused one is a
//! compiler warning (`#[must_use]`).
//!
//! ## Ids, statuses and timestamps
//!
//! Ids are typed, [`DistributionId`] and [`InvalidationId`], so that swapped arguments do not
//! compile; every call also takes `&str` and `String`. Statuses are enums with an `Other`
//! variant ([`DistributionStatus`], [`InvalidationStatus`]); timestamps ([`Timestamp`]) print
//! as RFC 3339 in `Display` and `Debug`.
//!
//! ## Waiting
//!
//! [`Client::wait_until_deployed`] and [`Client::wait_until_completed`] poll with the
//! defaults of AWS's waiters, configurable through [`WaitOptions`], with a progress callback
//! and a typed [`Error::WaiterTimeout`].
//!
//! ## Errors and retries
//!
//! One [`Error`] enum, `#[non_exhaustive]`, with helpers such as [`Error::is_not_found`],
//! [`Error::is_precondition_failed`] and [`Error::code`]. Requests are retried per
//! [`RetryPolicy`] (3 attempts, exponential backoff with full jitter) on throttling, 5xx and
//! transport failures that are safe for the request. A retried create never makes a second
//! resource: see [`Client::create_distribution`] and [`Client::create_invalidation`].
//!
//! ## KeyValueStore (feature `kvs`)
//!
//! The data CloudFront Functions read: `client.key_value_store(arn)?` is a handle on one
//! store (same transport, credentials, retries), signed with SigV4A; `sync_keys(&desired,
//! ..)` applies a whole map in batches with the ETag chained, `plan_sync` is its dry run. See
//! the `kvs` module.
//!
//! ## Testing code that uses this crate
//!
//! [`Client::replay`] is an offline client over a directory of recorded or hand-written
//! exchanges in one line ([`Client::with_replay`] keeps the transport for `verify()`).
//! The [`transport`] module has [`transport::MockTransport`] (scripted exchanges),
//! [`transport::ReplayTransport`] and [`transport::RecordingTransport`] (one readable file
//! per exchange, secrets redacted) and [`transport::FaultTransport`] (injected failures).
//!
//! ## Features
//!
//! Feature-gated items are marked as such on docs.rs (built with every feature).
//!
//! - `ureq` (default): [`transport::UreqTransport`], HTTPS through `ureq` and rustls with the
//!   bundled Mozilla roots, and the default transport of [`Client::builder`] and
//!   [`Client::from_env`]. Without it, bring your own [`transport::Transport`]
//!   ([`ClientBuilder::transport`]).
//! - `rsa` (off): `RsaKeySigner` (re-exported at the crate root), which signs CloudFront
//!   signed URLs and cookies with an RSA private key in PEM (PKCS#1 or PKCS#8) through the
//!   RustCrypto `rsa` crate; needs Rust 1.87. Without it, plug any signer (another crypto
//!   library, a KMS or HSM) into [`PolicySigner`] / [`SignerFn`].
//! - `ecdsa` (off): `EcdsaKeySigner` (re-exported at the crate root), the same for an ECDSA
//!   P-256 private key (SEC1 or PKCS#8 PEM), SHA-256 by default (`Hash-Algorithm=SHA256`),
//!   through the RustCrypto `p256` crate.
//! - `serde` (off): JSON in the AWS CLI's shape for every config and result type (module
//!   `json`), with elements unknown to this crate kept.
//! - `sigv4a` (off): `auth::sigv4a`, AWS Signature Version 4A (ECDSA P-256), which the
//!   CloudFront KeyValueStore data plane requires.
//! - `kvs` (off, turns on `sigv4a`): module `kvs`, the CloudFront KeyValueStore data plane:
//!   `Client::key_value_store(arn)` (its six operations, `ListKeys` as a [`Pager`]) and
//!   `sync_keys`, which makes a store hold a desired map in `UpdateKeys` batches.
//!
//! Every operation of the API is typed in [`model`]: a request struct per operation, sent
//! with the `Client` method named after the operation (or `XRequest::send`), a result struct
//! with the body and the output headers (`etag`, `location`), `_pager` methods for the
//! model's paginators and `wait_until_` methods for its waiters:
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::model::distribution::ListDistributionsRequest;
//! use cloudfront::model::function::{
//!     CreateFunctionRequest, FunctionConfig, FunctionRuntime, PublishFunctionRequest,
//! };
//!
//! let client = cloudfront::Client::from_env()?;
//! let created = client.create_function(CreateFunctionRequest {
//!     name: "rewrite-index".into(),
//!     function_config: FunctionConfig {
//!         comment: "adds index.html".into(),
//!         runtime: FunctionRuntime::CloudfrontJs2_0,
//!         key_value_store_associations: None,
//!         unknown: Default::default(),
//!     },
//!     function_code: std::fs::read("rewrite-index.js").unwrap_or_default().into(),
//!     tags: None,
//! })?;
//! client.publish_function(PublishFunctionRequest {
//!     name: "rewrite-index".into(),
//!     if_match: created.etag.unwrap_or_default(),
//! })?;
//! for summary in client.list_distributions_pager(ListDistributionsRequest::default()) {
//!     println!("{}", summary?.domain_name);
//! }
//! # Ok(()) }
//! ```
//!
//! One module per resource group. The
//! groups a deploy tool needs are always compiled (distributions and their listings, aliases,
//! invalidations, origin access controls and identities, cache / origin-request /
//! response-headers policies, CloudFront Functions, key groups and public keys, continuous
//! deployment, tagging); the others are features, off by default (each one's module is marked
//! on docs.rs), or all at once with `all-resources`:
//!
//! - `field-level-encryption`, `realtime-logs`, `monitoring-subscriptions`,
//!   `key-value-stores` (the KeyValueStore control plane), `vpc-origins`, `anycast-ip-lists`,
//!   `tenants` (distribution tenants, connection groups, domain associations, DNS checks,
//!   managed certificates), `connection-functions`, `trust-stores`, `resource-policies`,
//!   `streaming-distributions` (RTMP, discontinued in 2020; deprecated).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
mod client;
/// The conformance of every generated operation to AWS's model (tests only).
#[cfg(test)]
mod conformance {
    pub(crate) mod tests;
}
pub mod clock;
mod encoding;
pub mod endpoint;
mod engine;
mod error;
mod ids;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod json;
mod json_doc;
#[cfg(feature = "kvs")]
#[cfg_attr(docsrs, doc(cfg(feature = "kvs")))]
pub mod kvs;
pub mod model;
mod operation;
pub mod paging;
pub mod presign;
mod promises;
mod random;
mod raw;
pub mod resources;
pub mod retry;
pub mod settings;
pub mod time;
mod timestamp;
pub mod transport;
pub mod waiter;
pub mod xml;

pub use auth::{CachedCredentials, Credentials, CredentialsChain, Environment, ProvideCredentials};
pub use client::{
    Client, ClientBuilder, DEFAULT_CALL_TIMEOUT, DEFAULT_ENDPOINT, SIGNING_REGION, SIGNING_SERVICE,
    error_from_response,
};
pub use error::{
    AlreadyCreated, CredentialsError, DecodeError, Error, InvalidInput, ServiceError,
    UnexpectedResponse, WaiterTimeout,
};
pub use ids::{AsDistributionId, AsInvalidationId, DistributionId, InvalidationId};
pub use paging::{Page, Pager, Pages};
#[cfg(feature = "ecdsa")]
#[cfg_attr(docsrs, doc(cfg(feature = "ecdsa")))]
pub use presign::EcdsaKeySigner;
#[cfg(feature = "rsa")]
#[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
pub use presign::RsaKeySigner;
pub use presign::{
    CannedPolicy, CustomPolicy, HashAlgorithm, PolicySigner, SignError, SignedCookies, SignedUrl,
    SignerFn,
};
pub use raw::RawRequest;
pub use resources::distribution::{
    CacheBehavior, DefaultCacheBehavior, Distribution, DistributionConfig, DistributionList,
    DistributionStatus, DistributionSummary, Distributions, HttpVersion, Origin, PriceClass,
    UpdateOptions, Versioned, ViewerProtocolPolicy,
};
pub use resources::invalidation::{
    InvalidateAndWaitError, InvalidateAndWaitOptions, InvalidatePathsOptions, Invalidation,
    InvalidationBatch, InvalidationEvent, InvalidationPlan, InvalidationStatus,
    InvalidationSummary, Invalidations, encode_path,
};
pub use resources::origin_access_control::{
    OriginAccessControl, OriginAccessControlConfig, OriginAccessControlSummary,
    OriginAccessControls,
};
pub use resources::origin_access_identity::{
    OriginAccessIdentities, OriginAccessIdentity, OriginAccessIdentityConfig,
    OriginAccessIdentitySummary,
};
pub use resources::tagging::{Tag, Tags};
pub use retry::RetryPolicy;
pub use timestamp::Timestamp;
pub use waiter::{WaitOptions, WaitProgress};
pub use xml::{Blob, Float};

/// The README's examples, compiled and run as doctests so that they cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
