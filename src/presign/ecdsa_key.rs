//! [`EcdsaKeySigner`] (feature `ecdsa`): an ECDSA P-256 private key from PEM, signing with
//! SHA-256 (or SHA-1), the signature DER-encoded as `openssl dgst -sign` writes it.

use std::fmt;

use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use sha1::Digest as _;

use super::pem::pem_block;
use super::{HashAlgorithm, PolicySigner, SignError};

/// Signs CloudFront policies with an ECDSA P-256 private key. CloudFront accepts P-256 public
/// keys (`CreatePublicKey`) beside RSA 2048 ones; this signer uses SHA-256 by default, so the
/// signed URL carries `Hash-Algorithm=SHA256` (the cookies `CloudFront-Hash-Algorithm=SHA256`).
/// SHA-1 is available with [`with_algorithm`](Self::with_algorithm) for distributions that
/// expect CloudFront's historical default. Needs the `ecdsa` feature.
///
/// Reads PEM: SEC1 (`-----BEGIN EC PRIVATE KEY-----`, what `openssl ecparam -name prime256v1
/// -genkey` writes, with or without the `EC PARAMETERS` block before it) or unencrypted PKCS#8
/// (`-----BEGIN PRIVATE KEY-----`). Signatures are deterministic (RFC 6979): the same key and
/// policy give the same bytes, which any ECDSA verifier checks with the public key.
///
/// `Debug` never shows the key; the key's memory is zeroed when the signer is dropped.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::presign::{EcdsaKeySigner, SignedUrl};
///
/// # let pem_path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/signed-urls/ecdsa-p256-test-key.pem");
/// let pem = std::fs::read_to_string(pem_path)?;
/// let signer = EcdsaKeySigner::from_pem(&pem)?; // SHA-256
/// let url = SignedUrl::canned(
///     "https://d111111abcdef8.cloudfront.net/image.jpg",
///     UNIX_EPOCH + Duration::from_secs(1767290400),
/// )
/// .key_pair_id("K2JCJMDEHXQW5F")
/// .sign(&signer)?;
/// assert!(url.ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256"));
/// // The public key to register with CreatePublicKey:
/// assert!(signer.public_key_pem()?.starts_with("-----BEGIN PUBLIC KEY-----"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "ecdsa")))]
pub struct EcdsaKeySigner {
    key: SigningKey,
    algorithm: HashAlgorithm,
}

impl EcdsaKeySigner {
    /// Reads an ECDSA P-256 private key from PEM text (SEC1 or unencrypted PKCS#8), for
    /// SHA-256 signatures.
    ///
    /// # Errors
    /// [`SignError::InvalidKey`] when there is no PEM block, the block is not a P-256 private
    /// key (RSA, another curve, encrypted, a public key, ...), or it is malformed. The reason
    /// never quotes the key.
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        let (label, block) = pem_block(pem)?;
        let invalid = |reason: &str| SignError::InvalidKey {
            reason: reason.to_string(),
        };
        let key = match label {
            "EC PRIVATE KEY" => p256::SecretKey::from_sec1_pem(block)
                .map(SigningKey::from)
                .map_err(|_| {
                    invalid("not a P-256 key (prime256v1), or a malformed SEC1 EC private key")
                })?,
            "PRIVATE KEY" => SigningKey::from_pkcs8_pem(block)
                .map_err(|_| invalid("not a P-256 ECDSA key, or a malformed PKCS#8 private key"))?,
            "RSA PRIVATE KEY" => {
                return Err(invalid(
                    "this is an RSA key; EcdsaKeySigner needs a P-256 key (RsaKeySigner, feature `rsa`, signs with RSA keys)",
                ));
            }
            "ENCRYPTED PRIVATE KEY" => {
                return Err(invalid(
                    "the key is encrypted; decrypt it first (for example `openssl pkcs8 -in key.pem -out plain.pem`)",
                ));
            }
            "PUBLIC KEY" => {
                return Err(invalid(
                    "this is a public key; signing needs the private key",
                ));
            }
            _ => {
                return Err(invalid(
                    "expected -----BEGIN EC PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----",
                ));
            }
        };
        Ok(EcdsaKeySigner {
            key,
            algorithm: HashAlgorithm::Sha256,
        })
    }

    /// The same key, signing with `algorithm` (SHA-256, the default, or SHA-1).
    pub fn with_algorithm(mut self, algorithm: HashAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), the form
    /// CloudFront's `CreatePublicKey` takes as `EncodedKey`.
    ///
    /// # Errors
    /// [`SignError::InvalidKey`] if the key cannot be encoded (not expected for a key that
    /// was read successfully).
    pub fn public_key_pem(&self) -> Result<String, SignError> {
        self.key
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| SignError::InvalidKey {
                reason: format!("cannot encode the public key ({e})"),
            })
    }
}

impl PolicySigner for EcdsaKeySigner {
    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError> {
        let signature: Result<Signature, _> = match self.algorithm {
            HashAlgorithm::Sha1 => self.key.sign_prehash(&sha1::Sha1::digest(policy)),
            HashAlgorithm::Sha256 => self.key.sign_prehash(&sha2::Sha256::digest(policy)),
        };
        let signature = signature.map_err(SignError::signer)?;
        Ok(signature.to_der().as_bytes().to_vec())
    }
}

impl fmt::Debug for EcdsaKeySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcdsaKeySigner")
            .field("algorithm", &self.algorithm)
            .field("curve", &"P-256")
            .field("key", &"<redacted>")
            .finish()
    }
}
