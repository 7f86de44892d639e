//! Authentication: credentials, where to find them (the [`chain`] and its [`providers`]),
//! caching and refreshing them, and SigV4 (and, with the `sigv4a` feature, SigV4A) signing.

pub mod cache;
pub mod chain;
pub mod credentials;
pub mod environment;
pub(crate) mod files;
pub mod ini;
pub(crate) mod profile;
pub mod providers;
pub mod sigv4;
#[cfg(feature = "sigv4a")]
#[cfg_attr(docsrs, doc(cfg(feature = "sigv4a")))]
pub mod sigv4a;

pub use cache::CachedCredentials;
pub use chain::CredentialsChain;
pub use credentials::{Credentials, ProvideCredentials};
pub use environment::Environment;
