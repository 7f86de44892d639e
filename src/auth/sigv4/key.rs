//! SigV4 stages 7 and 8: the signing key derived from the secret access key, and the
//! signature made with it.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::encoding::push_hex;

/// A derived SigV4 signing key: `HMAC` of `AWS4` + secret over date, region, service and
/// `aws4_request`. Valid for one day, region and service; `Debug` redacts it.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// The key's 32 bytes. Secret: do not log them.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// Stage 7: the signing key, `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region),
/// service), "aws4_request")` with HMAC-SHA256; `date` as `YYYYMMDD`.
///
/// ```
/// use cloudfront::auth::sigv4::signing_key;
///
/// let key = signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
/// assert_eq!(key.as_bytes()[..4], [0xc4, 0xaf, 0xb1, 0xcc]);
/// assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
/// ```
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> SigningKey {
    // HMAC's first key is "AWS4" + secret. Secret access keys are 40 characters; build the
    // key on the stack (wiped after use) and fall back to the heap for unusually long ones.
    let secret = secret_access_key.as_bytes();
    let k_date = if secret.len() <= 124 {
        let mut first = [0u8; 128];
        first[..4].copy_from_slice(b"AWS4");
        first[4..4 + secret.len()].copy_from_slice(secret);
        let k = hmac(&first[..4 + secret.len()], date.as_bytes());
        first.fill(0);
        k
    } else {
        let mut first = Vec::with_capacity(4 + secret.len());
        first.extend_from_slice(b"AWS4");
        first.extend_from_slice(secret);
        let k = hmac(&first, date.as_bytes());
        first.fill(0);
        k
    };
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    SigningKey(hmac(&k_service, b"aws4_request"))
}

/// Stage 8: the hex signature, HMAC-SHA256 of the string to sign under the signing key.
///
/// ```
/// use cloudfront::auth::sigv4::{signature, signing_key};
///
/// let key = signing_key("secret", "20150830", "us-east-1", "cloudfront");
/// assert_eq!(signature(&key, "AWS4-HMAC-SHA256\n...").len(), 64);
/// ```
pub fn signature(key: &SigningKey, string_to_sign: &str) -> String {
    let mut out = String::with_capacity(64);
    push_hex(&mut out, &hmac(&key.0, string_to_sign.as_bytes()));
    out
}

type HmacSha256 = Hmac<Sha256>;

pub(super) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // `new_from_slice` cannot fail for HMAC: keys of any length are accepted (longer ones
    // are hashed), so the error branch is unreachable.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC-SHA256 accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}
