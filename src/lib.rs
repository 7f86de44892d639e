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
pub mod presign;
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
    CredentialsError, DecodeError, Error, InvalidInput, ServiceError, UnexpectedResponse,
    WaiterTimeout,
};
pub use paging::{Page, Pager};
#[cfg(feature = "rsa")]
pub use presign::RsaKeySigner;
pub use presign::{
    CannedPolicy, CustomPolicy, HashAlgorithm, PolicySigner, SignError, SignedCookies, SignedUrl,
    SignerFn,
};
pub use resources::invalidation::{
    InvalidatePathsOptions, Invalidation, InvalidationBatch, InvalidationStatus,
    InvalidationSummary, Invalidations, encode_path,
};
pub use retry::RetryPolicy;
pub use waiter::{WaitOptions, WaitProgress};
