//! Authentication: credentials, where to find them (the [`chain`] and its [`providers`]),
//! caching and refreshing them, and SigV4 signing.

pub mod cache;
pub mod chain;
pub mod credentials;
pub mod environment;
pub(crate) mod files;
pub mod ini;
pub(crate) mod profile;
pub mod providers;
pub mod sigv4;

pub use cache::CachedCredentials;
pub use chain::CredentialsChain;
pub use credentials::{Credentials, ProvideCredentials};
pub use environment::Environment;
