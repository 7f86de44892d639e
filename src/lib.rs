//! # cloudfront
//!
//! A blocking, synchronous client for the Amazon CloudFront API (version 2020-05-31).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
mod client;
pub mod clock;
mod error;
mod operation;
pub mod paging;
pub mod resources;
pub mod retry;
pub mod time;
pub mod transport;
pub mod waiter;
pub mod xml;

pub use auth::{Credentials, CredentialsChain, ProvideCredentials};
pub use client::{
    Client, ClientBuilder, DEFAULT_ENDPOINT, SIGNING_REGION, SIGNING_SERVICE, error_from_response,
};
pub use error::{
    AlreadyCreated, CredentialsError, DecodeError, Error, InvalidInput, ServiceError,
    UnexpectedResponse, WaiterTimeout,
};
pub use paging::{Page, Pager};
pub use resources::distribution::{
    Distribution, DistributionConfig, DistributionList, DistributionSummary, Distributions, Origin,
    UpdateOptions, Versioned,
};
pub use resources::invalidation::{
    InvalidatePathsOptions, Invalidation, InvalidationBatch, InvalidationStatus,
    InvalidationSummary, Invalidations, encode_path,
};
pub use retry::RetryPolicy;
pub use waiter::{WaitOptions, WaitProgress};

/// The README's examples, compiled and run as doctests so that they cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
