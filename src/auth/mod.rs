//! Authentication: credentials, where to find them, and SigV4 signing.

pub mod chain;
pub mod credentials;
pub mod sigv4;

pub use chain::CredentialsChain;
pub use credentials::{Credentials, ProvideCredentials};
