//! [`RsaKeySigner`] (feature `rsa`): an RSA private key from PEM, signing
//! RSASSA-PKCS1-v1_5 with SHA-1 or SHA-256.

use std::fmt;

use rsa::PrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;

use super::pem::pem_block;
use super::{HashAlgorithm, PolicySigner, SignError};

/// Signs CloudFront policies with an RSA private key (RSASSA-PKCS1-v1_5), using SHA-1 by
/// default (what CloudFront assumes) or SHA-256 (the signed URL then carries
/// `Hash-Algorithm=SHA256`). Needs the `rsa` feature.
///
/// Reads PEM: PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`, what CloudFront's key pair download
/// and `openssl genrsa` give) or unencrypted PKCS#8 (`-----BEGIN PRIVATE KEY-----`). Text
/// around the PEM block is ignored. Private-key operations are blinded with randomness from the
/// operating system.
///
/// `Debug` never shows the key; the key's memory is zeroed when the signer is dropped.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::presign::{HashAlgorithm, RsaKeySigner, SignedUrl};
///
/// # let pem_path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/signed-urls/boto-test-key.pem");
/// let pem = std::fs::read_to_string(pem_path)?;
/// let signer = RsaKeySigner::from_pem(&pem)?; // SHA-1
/// let url = SignedUrl::canned(
///     "http://d604721fxaaqy9.cloudfront.net/horizon.jpg?large=yes&license=yes",
///     UNIX_EPOCH + Duration::from_secs(1258237200),
/// )
/// .key_pair_id("PK123456789754")
/// .sign(&signer)?;
/// assert!(url.contains("&Signature=Nql641NHEUkUaXQHZINK1FZ~SYeUSoBJMxjdgqrzIdzV2gyE"));
///
/// let sha256 = signer.with_algorithm(HashAlgorithm::Sha256);
/// # let _ = sha256;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
pub struct RsaKeySigner {
    key: PrivateKey,
    algorithm: HashAlgorithm,
}

impl RsaKeySigner {
    /// Reads an RSA private key from PEM text (PKCS#1 or unencrypted PKCS#8), for SHA-1
    /// signatures; see [`with_algorithm`](Self::with_algorithm) for SHA-256.
    ///
    /// # Errors
    /// [`SignError::InvalidKey`] when there is no PEM block, the block is not an RSA private
    /// key (ECDSA, OpenSSH, encrypted, public key, ...), or its contents are malformed or the
    /// key is smaller than 1024 bits. The reason never quotes the key.
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        let (label, block) = pem_block(pem)?;
        let invalid = |reason: String| SignError::InvalidKey { reason };
        if block.contains("Proc-Type: 4,ENCRYPTED") {
            return Err(invalid(
                "the key is encrypted; decrypt it first (for example `openssl rsa -in key.pem -out plain.pem`)".into(),
            ));
        }
        let key = match label {
            "RSA PRIVATE KEY" => PrivateKey::from_pkcs1_pem(block)
                .map_err(|e| invalid(format!("malformed PKCS#1 RSA private key ({e})")))?,
            "PRIVATE KEY" => PrivateKey::from_pkcs8_pem(block).map_err(|e| {
                invalid(format!(
                    "not an RSA key, or a malformed PKCS#8 private key ({e})"
                ))
            })?,
            "ENCRYPTED PRIVATE KEY" => {
                return Err(invalid(
                    "the key is encrypted; decrypt it first (for example `openssl pkcs8 -in key.pem -out plain.pem`)".into(),
                ));
            }
            "EC PRIVATE KEY" => {
                return Err(invalid(
                    "this is an ECDSA key; RsaKeySigner needs an RSA key (EcdsaKeySigner, feature `ecdsa`, signs with P-256 keys)".into(),
                ));
            }
            "OPENSSH PRIVATE KEY" => {
                return Err(invalid(
                    "OpenSSH key format is not supported; convert it to PEM (`ssh-keygen -p -m PEM -f key`)".into(),
                ));
            }
            "PUBLIC KEY" | "RSA PUBLIC KEY" => {
                return Err(invalid(
                    "this is a public key; signing needs the private key".into(),
                ));
            }
            _ => {
                return Err(invalid(
                    "expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----"
                        .into(),
                ));
            }
        };
        Ok(RsaKeySigner {
            key,
            algorithm: HashAlgorithm::Sha1,
        })
    }

    /// The same key, signing with `algorithm` (SHA-1 or SHA-256).
    pub fn with_algorithm(mut self, algorithm: HashAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The modulus size in bits (CloudFront accepts 2048-bit keys for new public keys).
    pub fn key_bits(&self) -> usize {
        self.key.size() * 8
    }

    /// The public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), the form
    /// CloudFront's `CreatePublicKey` takes as `EncodedKey`.
    ///
    /// # Errors
    /// [`SignError::InvalidKey`] if the key cannot be encoded (not expected for a key that
    /// was read successfully).
    pub fn public_key_pem(&self) -> Result<String, SignError> {
        self.key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| SignError::InvalidKey {
                reason: format!("cannot encode the public key ({e})"),
            })
    }
}

impl PolicySigner for RsaKeySigner {
    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError> {
        let signature = match self.algorithm {
            HashAlgorithm::Sha1 => self.key.pkcs1v15_sign::<sha1::Sha1>(policy),
            HashAlgorithm::Sha256 => self.key.pkcs1v15_sign::<sha2::Sha256>(policy),
        };
        signature.map_err(SignError::signer)
    }
}

impl fmt::Debug for RsaKeySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaKeySigner")
            .field("algorithm", &self.algorithm)
            .field("key_bits", &self.key_bits())
            .field("key", &"<redacted>")
            .finish()
    }
}
