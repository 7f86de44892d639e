//! [`SignError`]: why a signed URL or signed cookies could not be made.

use std::error::Error as StdError;
use std::fmt;

/// Why a signed URL or a set of signed cookies could not be made.
///
/// Nothing here carries key material or a signature: the `Display` and `Debug` output is safe
/// to log. It is `Send + Sync + 'static`, so `?` into `Box<dyn Error + Send + Sync>` or
/// `anyhow::Error` works.
#[derive(Debug)]
#[non_exhaustive]
pub enum SignError {
    /// A time before 1970-01-01T00:00:00Z: policies count whole seconds since the Unix epoch.
    TimeBeforeEpoch {
        /// Which time: `"DateLessThan"` (expiry) or `"DateGreaterThan"` (start).
        field: &'static str,
    },
    /// A custom policy without an expiry: CloudFront requires `DateLessThan`.
    MissingExpiry,
    /// The start (`DateGreaterThan`) is not before the expiry (`DateLessThan`): the URL or
    /// cookies would never be valid.
    StartNotBeforeExpiry {
        /// `DateGreaterThan`, in seconds since the Unix epoch.
        not_before: u64,
        /// `DateLessThan`, in seconds since the Unix epoch.
        not_after: u64,
    },
    /// The key pair id is empty or holds something other than ASCII letters and digits
    /// (CloudFront public key ids look like `K2JCJMDEHXQW5F`, legacy key pairs like `APKA...`).
    InvalidKeyPairId {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The URL to sign cannot be signed as given (not `http://`/`https://`, has a fragment,
    /// a space, a control or non-ASCII character, or already carries a CloudFront signing
    /// parameter).
    InvalidUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// The policy's `Resource` cannot be used (empty, wrong scheme, or a character that cannot
    /// appear in a URL).
    InvalidResource {
        /// What is wrong with it.
        reason: String,
    },
    /// The `IpAddress` condition is not an IPv4 address or IPv4 CIDR block.
    InvalidSourceIp {
        /// What is wrong with it.
        reason: String,
    },
    /// A `Domain` or `Path` cookie attribute holds a character that would break the
    /// `Set-Cookie` header (`;`, a space, a control or non-ASCII character).
    InvalidCookieAttribute {
        /// `"Domain"` or `"Path"`.
        name: &'static str,
    },
    /// A private key could not be read (not PEM, not an RSA key, malformed, encrypted, ...).
    /// The key itself never appears in the reason.
    InvalidKey {
        /// What is wrong with it.
        reason: String,
    },
    /// The signer returned an empty signature.
    EmptySignature,
    /// The [`PolicySigner`](super::PolicySigner) failed (a crypto library error, a KMS call
    /// that failed, ...). The cause is kept as [`source`](StdError::source).
    Signer(Box<dyn StdError + Send + Sync + 'static>),
}

impl SignError {
    /// Wraps an error of your own signer, for use in a [`PolicySigner`](super::PolicySigner)
    /// implementation or a [`SignerFn`](super::SignerFn) closure.
    ///
    /// ```
    /// use cloudfront::presign::SignError;
    ///
    /// let err = SignError::signer("KMS: AccessDenied");
    /// assert_eq!(err.to_string(), "the policy signer failed: KMS: AccessDenied");
    /// ```
    pub fn signer(err: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        SignError::Signer(err.into())
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::TimeBeforeEpoch { field } => {
                write!(f, "{field} is before 1970-01-01T00:00:00Z")
            }
            SignError::MissingExpiry => {
                f.write_str("a custom policy needs an expiry (DateLessThan): call not_after")
            }
            SignError::StartNotBeforeExpiry {
                not_before,
                not_after,
            } => write!(
                f,
                "DateGreaterThan ({not_before}) is not before DateLessThan ({not_after}): \
                 the policy would never be valid"
            ),
            SignError::InvalidKeyPairId { reason } => write!(f, "invalid key pair id: {reason}"),
            SignError::InvalidUrl { reason } => write!(f, "cannot sign this URL: {reason}"),
            SignError::InvalidResource { reason } => {
                write!(f, "invalid policy resource: {reason}")
            }
            SignError::InvalidSourceIp { reason } => {
                write!(f, "invalid source IP (AWS:SourceIp): {reason}")
            }
            SignError::InvalidCookieAttribute { name } => write!(
                f,
                "invalid cookie {name} attribute: only printable ASCII without ';', ',' or spaces"
            ),
            SignError::InvalidKey { reason } => write!(f, "invalid private key: {reason}"),
            SignError::EmptySignature => f.write_str("the policy signer returned no bytes"),
            SignError::Signer(e) => write!(f, "the policy signer failed: {e}"),
        }
    }
}

impl StdError for SignError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SignError::Signer(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_send_sync_static_error() {
        fn assert_bounds<T: StdError + Send + Sync + 'static>() {}
        assert_bounds::<SignError>();
    }

    #[test]
    fn signer_error_keeps_its_source() {
        let err = SignError::signer(std::io::Error::other("hsm offline"));
        assert_eq!(
            err.source().map(|s| s.to_string()).as_deref(),
            Some("hsm offline")
        );
        assert!(err.to_string().contains("hsm offline"));
    }

    #[test]
    fn window_error_names_both_times() {
        let err = SignError::StartNotBeforeExpiry {
            not_before: 20,
            not_after: 10,
        };
        let text = err.to_string();
        assert!(text.contains("DateGreaterThan (20)") && text.contains("DateLessThan (10)"));
    }
}
