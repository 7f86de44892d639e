//! SigV4A keys: the ECDSA P-256 private key derived from an access key pair by AWS's
//! counter-mode KDF (NIST SP 800-108, HMAC-SHA256), the public key that verifies its
//! signatures, and the signature itself (DER, hex).

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use sha2::Sha256;

use super::ALGORITHM;
use crate::auth::Credentials;
use crate::encoding::{decode_hex, push_hex};
use crate::error::InvalidInput;

/// The order of P-256 less 2, big-endian: a KDF output above it is discarded (the private
/// key is that output + 1, which must lie in `[1, n - 1]`).
const N_MINUS_2: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x4f,
];

/// A derived SigV4A signing key. `Debug` shows the access key id and the public key only.
#[derive(Clone)]
pub struct SigV4aKey {
    access_key_id: String,
    signing: SigningKey,
}

impl fmt::Debug for SigV4aKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigV4aKey")
            .field("access_key_id", &self.access_key_id)
            .field("private_key", &"<redacted>")
            .field("public_key", &self.public_key())
            .finish()
    }
}

impl SigV4aKey {
    /// The access key id the key was derived for (it is part of the derivation).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The public key that verifies this key's signatures.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(*self.signing.verifying_key())
    }

    /// Signs `string_to_sign` (ECDSA P-256 over its SHA-256) and returns the DER signature
    /// in lowercase hex, as it goes into the `Authorization` header.
    pub fn sign(&self, string_to_sign: &str) -> String {
        let signature: DerSignature = self.signing.sign(string_to_sign.as_bytes());
        let mut out = String::with_capacity(144);
        push_hex(&mut out, signature.as_bytes());
        out
    }
}

/// A SigV4A public key (a point on P-256).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PublicKey {{ x: {}, y: {} }}",
            self.x_hex(),
            self.y_hex()
        )
    }
}

impl PublicKey {
    /// The key from its affine coordinates, big-endian, 32 bytes each (the form of the test
    /// suite's `public-key.json`).
    ///
    /// # Errors
    /// [`InvalidInput`] when the point is not on the curve.
    pub fn from_xy(x: &[u8; 32], y: &[u8; 32]) -> Result<PublicKey, InvalidInput> {
        let mut sec1 = [0u8; 65];
        sec1[0] = 0x04;
        sec1[1..33].copy_from_slice(x);
        sec1[33..].copy_from_slice(y);
        VerifyingKey::from_sec1_bytes(&sec1)
            .map(PublicKey)
            .map_err(|_| InvalidInput::new("the point is not a P-256 public key"))
    }

    /// The uncompressed SEC1 encoding: `04 || x || y`.
    pub fn to_sec1_bytes(&self) -> Vec<u8> {
        self.0.to_sec1_bytes().into_vec()
    }

    /// The x coordinate, lowercase hex.
    pub fn x_hex(&self) -> String {
        let mut out = String::with_capacity(64);
        push_hex(&mut out, &self.to_sec1_bytes()[1..33]);
        out
    }

    /// The y coordinate, lowercase hex.
    pub fn y_hex(&self) -> String {
        let mut out = String::with_capacity(64);
        push_hex(&mut out, &self.to_sec1_bytes()[33..]);
        out
    }

    /// Whether `signature_hex` (DER, hex, as in an `Authorization` header) is this key's
    /// signature of `string_to_sign`. Malformed input is `false`, never a panic.
    pub fn verify(&self, string_to_sign: &str, signature_hex: &str) -> bool {
        let Some(der) = decode_hex(signature_hex) else {
            return false;
        };
        let Ok(signature) = DerSignature::from_bytes(&der) else {
            return false;
        };
        self.0.verify(string_to_sign.as_bytes(), &signature).is_ok()
    }
}

/// Derives the SigV4A key of `credentials` (it depends on the access key id and the secret,
/// not on the date, region or service, so one key serves until the credentials change).
///
/// The KDF: for counter = 1, 2, …: `k = HMAC-SHA256("AWS4A" + secret, 00000001 ||
/// "AWS4-ECDSA-P256-SHA256" || 00 || access key id || counter || 00000100)`; the first `k`
/// that is at most n − 2 (as a big-endian integer) gives the private key `k + 1`.
///
/// # Errors
/// [`InvalidInput`] if 254 counters give no key (the odds are about 2⁻⁸⁰⁰⁰: never in
/// practice).
///
/// ```
/// use cloudfront::Credentials;
/// use cloudfront::auth::sigv4a::derive_key;
///
/// let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
/// let key = derive_key(&credentials)?;
/// assert_eq!(
///     key.public_key().x_hex(),
///     "b6618f6a65740a99e650b33b6b4b5bd0d43b176d721a3edfea7e7d2d56d936b1"
/// );
/// assert!(!format!("{key:?}").contains("wJalr"));
/// # Ok::<(), cloudfront::InvalidInput>(())
/// ```
pub fn derive_key(credentials: &Credentials) -> Result<SigV4aKey, InvalidInput> {
    let access_key_id = credentials.access_key_id();
    let secret = credentials.secret_access_key();
    let mut input_key = Vec::with_capacity(5 + secret.len());
    input_key.extend_from_slice(b"AWS4A");
    input_key.extend_from_slice(secret.as_bytes());
    let result = derive_with(&input_key, access_key_id);
    input_key.fill(0);
    let signing = result?;
    Ok(SigV4aKey {
        access_key_id: access_key_id.to_string(),
        signing,
    })
}

fn derive_with(input_key: &[u8], access_key_id: &str) -> Result<SigningKey, InvalidInput> {
    for counter in 1u8..=254 {
        // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
        let mut mac = Hmac::<Sha256>::new_from_slice(input_key)
            .map_err(|_| InvalidInput::new("HMAC key setup failed"))?;
        mac.update(&1u32.to_be_bytes());
        mac.update(ALGORITHM.as_bytes());
        mac.update(&[0]);
        mac.update(access_key_id.as_bytes());
        mac.update(&[counter]);
        mac.update(&256u32.to_be_bytes());
        let mut k: [u8; 32] = mac.finalize().into_bytes().into();
        if k <= N_MINUS_2 {
            increment(&mut k);
            let key = SigningKey::from_slice(&k)
                .map_err(|_| InvalidInput::new("the derived SigV4A key is out of range"));
            k.fill(0);
            return key;
        }
        k.fill(0);
    }
    Err(InvalidInput::new(
        "no SigV4A key could be derived from these credentials",
    ))
}

/// Adds one to a big-endian integer (never overflows here: the value is at most n − 2).
fn increment(k: &mut [u8; 32]) {
    for byte in k.iter_mut().rev() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn increment_carries() {
        let mut k = [0u8; 32];
        k[31] = 0xff;
        k[30] = 0xff;
        increment(&mut k);
        assert_eq!(k[29..], [1, 0, 0]);
    }

    #[test]
    fn a_signature_verifies_with_the_public_key_and_only_for_its_message() {
        let key = derive_key(&Credentials::new("AKID", "secret")).unwrap();
        let signature = key.sign("message");
        assert!(key.public_key().verify("message", &signature));
        assert!(!key.public_key().verify("other message", &signature));
        assert!(!key.public_key().verify("message", "zz"));
        assert!(!key.public_key().verify("message", "3045"));
    }

    #[test]
    fn debug_shows_no_private_key() {
        let key = derive_key(&Credentials::new("AKID", "very-secret")).unwrap();
        let shown = format!("{key:?}");
        assert!(
            shown.contains("AKID") && shown.contains("<redacted>"),
            "{shown}"
        );
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}
