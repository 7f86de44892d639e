//! Authentication: credentials, where to find them, and SigV4 (and, with the `sigv4a`
//! feature, SigV4A) signing.

pub mod chain;
pub mod credentials;
pub mod sigv4;
#[cfg(feature = "sigv4a")]
#[cfg_attr(docsrs, doc(cfg(feature = "sigv4a")))]
pub mod sigv4a;

pub use chain::CredentialsChain;
pub use credentials::{Credentials, ProvideCredentials};
