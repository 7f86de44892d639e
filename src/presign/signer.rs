//! The signing hook: [`PolicySigner`], [`HashAlgorithm`] and the closure adapter [`SignerFn`].

use std::fmt;

use super::SignError;

/// The hash CloudFront uses to check a signature.
///
/// CloudFront assumes SHA-1 unless the URL carries `Hash-Algorithm=SHA256` (the cookie
/// `CloudFront-Hash-Algorithm=SHA256`); this crate adds that parameter whenever the signer
/// reports [`HashAlgorithm::Sha256`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-1, CloudFront's default and the only choice for older key pairs.
    #[default]
    Sha1,
    /// SHA-256: signed URLs carry `Hash-Algorithm=SHA256`.
    Sha256,
}

impl HashAlgorithm {
    /// The value CloudFront expects in `Hash-Algorithm` / `CloudFront-Hash-Algorithm`:
    /// `"SHA1"` or `"SHA256"`.
    ///
    /// ```
    /// use cloudfront::presign::HashAlgorithm;
    /// assert_eq!(HashAlgorithm::Sha256.as_str(), "SHA256");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            HashAlgorithm::Sha1 => "SHA1",
            HashAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The `Hash-Algorithm` value to send, if any: `None` for SHA-1 (CloudFront's default, so
    /// URLs stay as short as the classic ones), `Some("SHA256")` for SHA-256.
    pub(crate) fn parameter(self) -> Option<&'static str> {
        match self {
            HashAlgorithm::Sha1 => None,
            HashAlgorithm::Sha256 => Some(self.as_str()),
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Signs a policy document: the one piece of cryptography a signed URL needs.
///
/// `sign` gets the exact policy bytes (UTF-8 JSON) and returns the raw signature (for RSA,
/// RSASSA-PKCS1-v1_5 over the [`algorithm`](PolicySigner::algorithm) digest of the policy;
/// CloudFront also accepts ECDSA P-256 keys). This crate base64-encodes the result. Implement
/// it over any crypto library, a KMS or an HSM; with the `rsa` feature,
/// `RsaKeySigner` is ready-made; for a closure, see [`SignerFn`].
///
/// ```
/// use cloudfront::presign::{HashAlgorithm, PolicySigner, SignError};
///
/// /// Asks a (pretend) key service to sign.
/// struct KeyService;
///
/// impl PolicySigner for KeyService {
///     fn algorithm(&self) -> HashAlgorithm {
///         HashAlgorithm::Sha256
///     }
///     fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError> {
///         // A real implementation calls its crypto library or KMS here.
///         if policy.is_empty() {
///             return Err(SignError::signer("nothing to sign"));
///         }
///         Ok(vec![0x5a; 256])
///     }
/// }
/// # assert_eq!(KeyService.sign(b"{}").unwrap().len(), 256);
/// ```
pub trait PolicySigner {
    /// The hash this signer uses; decides whether `Hash-Algorithm=SHA256` is sent.
    fn algorithm(&self) -> HashAlgorithm;

    /// Signs `policy` and returns the raw (not base64-encoded) signature bytes.
    fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError>;
}

impl<T: PolicySigner + ?Sized> PolicySigner for &T {
    fn algorithm(&self) -> HashAlgorithm {
        (**self).algorithm()
    }
    fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError> {
        (**self).sign(policy)
    }
}

impl<T: PolicySigner + ?Sized> PolicySigner for Box<T> {
    fn algorithm(&self) -> HashAlgorithm {
        (**self).algorithm()
    }
    fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError> {
        (**self).sign(policy)
    }
}

impl<T: PolicySigner + ?Sized> PolicySigner for std::sync::Arc<T> {
    fn algorithm(&self) -> HashAlgorithm {
        (**self).algorithm()
    }
    fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError> {
        (**self).sign(policy)
    }
}

/// A [`PolicySigner`] made of a hash algorithm and a closure.
///
/// ```
/// use cloudfront::presign::{HashAlgorithm, PolicySigner, SignerFn};
///
/// let signer = SignerFn::new(HashAlgorithm::Sha1, |policy: &[u8]| {
///     // Call your crypto library here; this stand-in just echoes a digest-sized value.
///     Ok(policy.iter().take(20).copied().collect())
/// });
/// assert_eq!(signer.algorithm(), HashAlgorithm::Sha1);
/// assert_eq!(signer.sign(b"{\"Statement\"").unwrap(), b"{\"Statement\"".to_vec());
/// ```
#[derive(Clone, Copy)]
pub struct SignerFn<F> {
    algorithm: HashAlgorithm,
    sign: F,
}

impl<F> SignerFn<F>
where
    F: Fn(&[u8]) -> Result<Vec<u8>, SignError>,
{
    /// A signer that reports `algorithm` and signs with `sign`.
    pub fn new(algorithm: HashAlgorithm, sign: F) -> Self {
        SignerFn { algorithm, sign }
    }
}

impl<F> PolicySigner for SignerFn<F>
where
    F: Fn(&[u8]) -> Result<Vec<u8>, SignError>,
{
    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }
    fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError> {
        (self.sign)(policy)
    }
}

impl<F> fmt::Debug for SignerFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignerFn")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}
