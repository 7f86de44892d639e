//! CloudFront signed URLs and signed cookies, made locally (no API call).
//!
//! A signed URL (or a set of signed cookies) carries a *policy* — which resource, until when,
//! optionally from when and from which IPv4 range — and an RSA (or ECDSA) signature of that
//! policy made with a private key whose public key is in one of the distribution's trusted key
//! groups (`Key-Pair-Id`, e.g. `K2JCJMDEHXQW5F`) or a legacy CloudFront key pair (`APKA...`).
//!
//! * [`SignedUrl::canned`] / [`CannedPolicy`]: one exact URL until an expiry; the URL gets
//!   `Expires`, `Signature`, `Key-Pair-Id`.
//! * [`CustomPolicy`]: wildcards (`*`, `?`), a start time, a source IPv4 range; the URL gets
//!   `Policy`, `Signature`, `Key-Pair-Id`.
//! * Either policy can be signed into [`SignedCookies`] (`CloudFront-Expires` or
//!   `CloudFront-Policy`, `CloudFront-Signature`, `CloudFront-Key-Pair-Id`).
//! * With a SHA-256 signer the URL also gets `Hash-Algorithm=SHA256` (cookie
//!   `CloudFront-Hash-Algorithm=SHA256`); SHA-1 is CloudFront's default and sends nothing.
//!
//! The crate does no cryptography here unless asked: the signature comes from a
//! [`PolicySigner`] you supply (any crypto library, a KMS, an HSM; a closure via
//! [`SignerFn`]). The optional `rsa` feature adds `RsaKeySigner`, which reads a PKCS#1 or
//! PKCS#8 PEM private key and signs with RSASSA-PKCS1-v1_5 over SHA-1 or SHA-256.
//!
//! Times are [`SystemTime`]s, written as whole seconds since the Unix epoch; this module never
//! reads the clock itself, so compute the expiry yourself (`SystemTime::now() + ttl`).
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use cloudfront::presign::{HashAlgorithm, SignedUrl, SignerFn};
//!
//! // Stand-in signer so this example runs anywhere: use `RsaKeySigner::from_pem` (feature
//! // `rsa`) or your own `PolicySigner` for real signatures.
//! let signer = SignerFn::new(HashAlgorithm::Sha1, |_policy: &[u8]| Ok(vec![0xfb, 0xff, 0xbf]));
//!
//! let url = SignedUrl::canned(
//!     "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium",
//!     UNIX_EPOCH + Duration::from_secs(1767290400),
//! )
//! .key_pair_id("K2JCJMDEHXQW5F")
//! .sign(&signer)?;
//! assert_eq!(
//!     url,
//!     "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium\
//!      &Expires=1767290400&Signature=-~-~&Key-Pair-Id=K2JCJMDEHXQW5F"
//! );
//! # Ok::<(), cloudfront::presign::SignError>(())
//! ```

mod base64;
mod cookies;
#[cfg(feature = "ecdsa")]
mod ecdsa_key;
mod error;
#[cfg(any(feature = "rsa", feature = "ecdsa"))]
mod pem;
mod policy;
#[cfg(feature = "rsa")]
mod rsa_key;
mod signer;

use std::time::SystemTime;

pub use base64::url_safe_base64;
pub use cookies::{
    COOKIE_EXPIRES, COOKIE_HASH_ALGORITHM, COOKIE_KEY_PAIR_ID, COOKIE_POLICY, COOKIE_SIGNATURE,
    SignedCookies,
};
#[cfg(feature = "ecdsa")]
#[cfg_attr(docsrs, doc(cfg(feature = "ecdsa")))]
pub use ecdsa_key::EcdsaKeySigner;
pub use error::SignError;
pub use policy::{CannedPolicy, CustomPolicy};
#[cfg(feature = "rsa")]
#[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
pub use rsa_key::RsaKeySigner;
pub use signer::{HashAlgorithm, PolicySigner, SignerFn};

use policy::{canned_json, check_key_pair_id, check_url, epoch_seconds};

/// Query parameters CloudFront reserves for signing; a URL to sign must not already have them.
const RESERVED_PARAMETERS: [&str; 5] = [
    "Expires",
    "Policy",
    "Signature",
    "Key-Pair-Id",
    "Hash-Algorithm",
];

/// Signs `policy` (the exact JSON document) with `signer` and returns the signature in
/// CloudFront's URL-safe base64: the value of `Signature=` / `CloudFront-Signature`.
///
/// The building block under [`SignedUrl`] and the `signed_cookies` methods; use it directly to
/// sign a policy document written by hand.
///
/// ```
/// use cloudfront::presign::{sign_policy, HashAlgorithm, SignerFn};
///
/// let signer = SignerFn::new(HashAlgorithm::Sha1, |_policy: &[u8]| Ok(vec![0xff]));
/// assert_eq!(sign_policy(r#"{"Statement":[]}"#, &signer)?, "~w__");
/// # Ok::<(), cloudfront::presign::SignError>(())
/// ```
///
/// # Errors
/// The signer's error, or [`SignError::EmptySignature`] when it returned no bytes.
pub fn sign_policy<S: PolicySigner + ?Sized>(
    policy: &str,
    signer: &S,
) -> Result<String, SignError> {
    let signature = signer.sign(policy.as_bytes())?;
    if signature.is_empty() {
        return Err(SignError::EmptySignature);
    }
    Ok(url_safe_base64(&signature))
}

/// A URL to sign, with its policy and key pair id; [`sign`](SignedUrl::sign) produces the
/// signed URL.
///
/// The URL may carry its own query string (the signing parameters are appended after it with
/// `&`); a trailing `?` or `&` is dropped, since CloudFront would not count it as part of the
/// resource. It must not already carry `Expires`, `Policy`, `Signature`, `Key-Pair-Id` or
/// `Hash-Algorithm`. Percent-encode spaces and non-ASCII characters first: the URL is signed
/// exactly as given.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::presign::{CustomPolicy, HashAlgorithm, SignedUrl, SignerFn};
///
/// let signer = SignerFn::new(HashAlgorithm::Sha256, |_policy: &[u8]| Ok(vec![0xfb, 0xff]));
/// let policy = CustomPolicy::new("https://d111111abcdef8.cloudfront.net/videos/*")
///     .not_after(UNIX_EPOCH + Duration::from_secs(1767290400));
/// let url = SignedUrl::custom("https://d111111abcdef8.cloudfront.net/videos/a.mp4", policy)
///     .key_pair_id("K2JCJMDEHXQW5F")
///     .sign(&signer)?;
/// assert!(url.contains("/videos/a.mp4?Policy=eyJTdGF0ZW1lbnQiOlt7"));
/// assert!(url.ends_with("&Signature=-~8_&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256"));
/// # Ok::<(), cloudfront::presign::SignError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct SignedUrl {
    url: String,
    policy: UrlPolicy,
    key_pair_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum UrlPolicy {
    Canned(SystemTime),
    Custom(CustomPolicy),
}

impl SignedUrl {
    /// A canned-policy URL: `url` exactly, valid until `expires`.
    pub fn canned(url: impl Into<String>, expires: SystemTime) -> Self {
        SignedUrl {
            url: url.into(),
            policy: UrlPolicy::Canned(expires),
            key_pair_id: String::new(),
        }
    }

    /// A custom-policy URL: `url` under `policy` (whose resource pattern should cover `url`).
    pub fn custom(url: impl Into<String>, policy: CustomPolicy) -> Self {
        SignedUrl {
            url: url.into(),
            policy: UrlPolicy::Custom(policy),
            key_pair_id: String::new(),
        }
    }

    /// The id of the public key (trusted key group) or legacy key pair that verifies the
    /// signature. Required.
    pub fn key_pair_id(mut self, key_pair_id: impl Into<String>) -> Self {
        self.key_pair_id = key_pair_id.into();
        self
    }

    /// Builds the policy, has `signer` sign it and returns the signed URL:
    /// the URL, then `?` (or `&` after its own query), `Expires=<secs>` (canned) or
    /// `Policy=<base64>` (custom), `&Signature=<base64>`, `&Key-Pair-Id=<id>`, and for a
    /// SHA-256 signer `&Hash-Algorithm=SHA256`.
    ///
    /// # Errors
    /// [`SignError::InvalidKeyPairId`] (missing or malformed), [`SignError::InvalidUrl`],
    /// the policy's errors ([`CustomPolicy::to_json`]), and the signer's.
    pub fn sign<S: PolicySigner + ?Sized>(&self, signer: &S) -> Result<String, SignError> {
        check_key_pair_id(&self.key_pair_id)?;
        let base = base_url(&self.url)?;
        let (policy_parameter, json) = match &self.policy {
            UrlPolicy::Canned(expires) => {
                let secs = epoch_seconds(*expires, "DateLessThan")?;
                (format!("Expires={secs}"), canned_json(&base, secs))
            }
            UrlPolicy::Custom(policy) => {
                let json = policy.to_json()?;
                (format!("Policy={}", url_safe_base64(json.as_bytes())), json)
            }
        };
        let signature = sign_policy(&json, signer)?;

        let mut out = base;
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(&policy_parameter);
        out.push_str("&Signature=");
        out.push_str(&signature);
        out.push_str("&Key-Pair-Id=");
        out.push_str(&self.key_pair_id);
        if let Some(value) = signer.algorithm().parameter() {
            out.push_str("&Hash-Algorithm=");
            out.push_str(value);
        }
        Ok(out)
    }
}

/// Checks the URL to sign and drops an empty query or trailing `&`s: the base URL that is both
/// signed (canned policy) and extended with the signing parameters.
fn base_url(url: &str) -> Result<String, SignError> {
    let invalid = |reason: String| SignError::InvalidUrl { reason };
    check_url(url).map_err(invalid)?;
    let Some((path, query)) = url.split_once('?') else {
        return Ok(url.to_string());
    };
    for name in query.split('&').map(|p| p.split('=').next().unwrap_or(p)) {
        if RESERVED_PARAMETERS.contains(&name) {
            return Err(invalid(format!(
                "its query already has a {name} parameter, which CloudFront reserves for signing"
            )));
        }
    }
    let query = query.trim_end_matches('&');
    Ok(if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::time::{Duration, UNIX_EPOCH};

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    /// Records what it was asked to sign and answers with fixed bytes.
    struct Recorder {
        algorithm: HashAlgorithm,
        seen: RefCell<Vec<String>>,
    }

    impl Recorder {
        fn new(algorithm: HashAlgorithm) -> Self {
            Recorder {
                algorithm,
                seen: RefCell::new(Vec::new()),
            }
        }
    }

    impl PolicySigner for Recorder {
        fn algorithm(&self) -> HashAlgorithm {
            self.algorithm
        }
        fn sign(&self, policy: &[u8]) -> Result<Vec<u8>, SignError> {
            self.seen
                .borrow_mut()
                .push(String::from_utf8(policy.to_vec()).unwrap());
            Ok(vec![0xfb, 0xff, 0xbf, 0xff])
        }
    }

    #[test]
    fn canned_url_without_query_uses_question_mark() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        let url = SignedUrl::canned(
            "https://d111111abcdef8.cloudfront.net/image.jpg",
            at(1767290400),
        )
        .key_pair_id("K2JCJMDEHXQW5F")
        .sign(&signer)
        .unwrap();
        assert_eq!(
            url,
            "https://d111111abcdef8.cloudfront.net/image.jpg?Expires=1767290400&Signature=-~-~~w__&Key-Pair-Id=K2JCJMDEHXQW5F"
        );
        assert_eq!(
            signer.seen.borrow().as_slice(),
            [
                r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/image.jpg","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#
            ]
        );
    }

    #[test]
    fn canned_url_with_query_appends_with_ampersand_and_signs_the_query_too() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        let url = SignedUrl::canned(
            "http://d604721fxaaqy9.cloudfront.net/horizon.jpg?large=yes&license=yes",
            at(1258237200),
        )
        .key_pair_id("PK123456789754")
        .sign(&signer)
        .unwrap();
        assert_eq!(
            url,
            "http://d604721fxaaqy9.cloudfront.net/horizon.jpg?large=yes&license=yes&Expires=1258237200&Signature=-~-~~w__&Key-Pair-Id=PK123456789754"
        );
        assert!(signer.seen.borrow()[0].contains(
            r#""Resource":"http://d604721fxaaqy9.cloudfront.net/horizon.jpg?large=yes&license=yes""#
        ));
    }

    #[test]
    fn trailing_question_mark_or_ampersand_is_dropped_from_url_and_resource() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        for (given, base) in [
            ("https://h.example/a?", "https://h.example/a"),
            ("https://h.example/a?&", "https://h.example/a"),
            ("https://h.example/a?x=1&", "https://h.example/a?x=1"),
        ] {
            let url = SignedUrl::canned(given, at(10))
                .key_pair_id("K1")
                .sign(&signer)
                .unwrap();
            let sep = if base.contains('?') { '&' } else { '?' };
            assert!(url.starts_with(&format!("{base}{sep}Expires=10&")), "{url}");
            let seen = signer.seen.borrow();
            let json = seen.last().unwrap();
            assert!(json.contains(&format!("\"Resource\":\"{base}\"")), "{json}");
        }
    }

    #[test]
    fn custom_url_carries_base64_policy_and_signs_the_policy_json() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        let policy = CustomPolicy::new("https://d111111abcdef8.cloudfront.net/training/*")
            .not_after(at(1357034400))
            .source_ip("192.0.2.0/24");
        let url = policy
            .signed_url(
                "https://d111111abcdef8.cloudfront.net/training/a.pdf?v=2",
                "K2JCJMDEHXQW5F",
                &signer,
            )
            .unwrap();
        let json = policy.to_json().unwrap();
        assert_eq!(signer.seen.borrow().as_slice(), std::slice::from_ref(&json));
        assert_eq!(
            url,
            format!(
                "https://d111111abcdef8.cloudfront.net/training/a.pdf?v=2&Policy={}&Signature=-~-~~w__&Key-Pair-Id=K2JCJMDEHXQW5F",
                url_safe_base64(json.as_bytes())
            )
        );
        assert!(!url.contains("Expires="));
    }

    #[test]
    fn sha256_signer_adds_hash_algorithm_parameter_last() {
        let signer = Recorder::new(HashAlgorithm::Sha256);
        let url = SignedUrl::canned("https://h.example/a", at(10))
            .key_pair_id("K1")
            .sign(&signer)
            .unwrap();
        assert!(
            url.ends_with("&Key-Pair-Id=K1&Hash-Algorithm=SHA256"),
            "{url}"
        );
        let sha1 = SignedUrl::canned("https://h.example/a", at(10))
            .key_pair_id("K1")
            .sign(&Recorder::new(HashAlgorithm::Sha1))
            .unwrap();
        assert!(!sha1.contains("Hash-Algorithm"), "{sha1}");
    }

    #[test]
    fn missing_or_bad_key_pair_id_is_refused_before_signing() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        let err = SignedUrl::canned("https://h.example/a", at(10))
            .sign(&signer)
            .unwrap_err();
        assert!(matches!(err, SignError::InvalidKeyPairId { .. }), "{err:?}");
        let err = SignedUrl::canned("https://h.example/a", at(10))
            .key_pair_id("K1&Expires=99999999999")
            .sign(&signer)
            .unwrap_err();
        assert!(matches!(err, SignError::InvalidKeyPairId { .. }), "{err:?}");
        assert!(signer.seen.borrow().is_empty());
    }

    #[test]
    fn urls_that_cannot_be_signed_are_refused() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        for bad in [
            "d111111abcdef8.cloudfront.net/a.jpg",
            "ftp://h.example/a",
            "https://h.example/a b.jpg",
            "https://h.example/caf\u{e9}.jpg",
            "https://h.example/a.jpg#top",
            "https://h.example/a.jpg?Expires=1",
            "https://h.example/a.jpg?x=1&Signature=abc",
            "https://h.example/a.jpg?Key-Pair-Id",
            "https://h.example/a.jpg?Policy=x",
            "https://h.example/a.jpg?Hash-Algorithm=SHA1",
        ] {
            let err = SignedUrl::canned(bad, at(10))
                .key_pair_id("K1")
                .sign(&signer)
                .unwrap_err();
            assert!(
                matches!(err, SignError::InvalidUrl { .. }),
                "{bad:?}: {err:?}"
            );
            let err = CustomPolicy::new("https://h.example/*")
                .not_after(at(10))
                .signed_url(bad, "K1", &signer)
                .unwrap_err();
            assert!(
                matches!(err, SignError::InvalidUrl { .. }),
                "{bad:?}: {err:?}"
            );
        }
        assert!(signer.seen.borrow().is_empty());
        // Lookalike names are the caller's own parameters.
        assert!(
            SignedUrl::canned("https://h.example/a?expires=1&XPolicy=2", at(10))
                .key_pair_id("K1")
                .sign(&signer)
                .is_ok()
        );
    }

    #[test]
    fn signer_errors_and_empty_signatures_are_reported() {
        let failing = SignerFn::new(HashAlgorithm::Sha1, |_: &[u8]| {
            Err(SignError::signer("kms unavailable"))
        });
        let err = SignedUrl::canned("https://h.example/a", at(10))
            .key_pair_id("K1")
            .sign(&failing)
            .unwrap_err();
        assert!(matches!(err, SignError::Signer(_)), "{err:?}");
        let empty = SignerFn::new(HashAlgorithm::Sha1, |_: &[u8]| Ok(Vec::new()));
        let err = SignedUrl::canned("https://h.example/a", at(10))
            .key_pair_id("K1")
            .sign(&empty)
            .unwrap_err();
        assert!(matches!(err, SignError::EmptySignature), "{err:?}");
    }

    #[test]
    fn canned_cookies_have_documented_names_and_values() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        let cookies = CannedPolicy::new(
            "https://d111111abcdef8.cloudfront.net/a.mp4",
            at(1426500000),
        )
        .signed_cookies("K2JCJMDEHXQW5F", &signer)
        .unwrap();
        assert_eq!(
            cookies.clone().into_pairs(),
            [
                ("CloudFront-Expires".to_string(), "1426500000".to_string()),
                ("CloudFront-Signature".to_string(), "-~-~~w__".to_string()),
                (
                    "CloudFront-Key-Pair-Id".to_string(),
                    "K2JCJMDEHXQW5F".to_string()
                ),
            ]
        );
        assert_eq!(
            signer.seen.borrow().as_slice(),
            [
                r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/a.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1426500000}}}]}"#
            ]
        );
        assert_eq!(
            cookies.cookie_header(),
            "CloudFront-Expires=1426500000; CloudFront-Signature=-~-~~w__; CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F"
        );
    }

    #[test]
    fn custom_cookies_carry_policy_and_hash_algorithm_for_sha256() {
        let signer = Recorder::new(HashAlgorithm::Sha256);
        let policy = CustomPolicy::new("http://d111111abcdef8.cloudfront.net/game_download.zip")
            .source_ip("192.0.2.0/24")
            .not_after(at(1426500000));
        let cookies = policy.signed_cookies("K2JCJMDEHXQW5F", &signer).unwrap();
        let names: Vec<&str> = cookies.iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                COOKIE_POLICY,
                COOKIE_SIGNATURE,
                COOKIE_KEY_PAIR_ID,
                COOKIE_HASH_ALGORITHM
            ]
        );
        // The documented CloudFront-Policy value of AWS's custom-policy cookie example.
        assert_eq!(
            cookies.get("CloudFront-Policy"),
            Some(concat!(
                "eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cDovL2QxMTExMTFhYmNkZWY4LmNsb3VkZnJvbnQubmV0",
                "L2dhbWVfZG93bmxvYWQuemlwIiwiQ29uZGl0aW9uIjp7IklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIx",
                "OTIuMC4yLjAvMjQifSwiRGF0ZUxlc3NUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjE0MjY1MDAwMDB9fX1dfQ__"
            ))
        );
        assert_eq!(cookies.get("CloudFront-Hash-Algorithm"), Some("SHA256"));
        assert_eq!(cookies.get("CloudFront-Expires"), None);
        assert_eq!(signer.seen.borrow().as_slice(), [policy.to_json().unwrap()]);
    }

    #[test]
    fn cookie_errors_match_url_errors() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        let err = CustomPolicy::new("https://h.example/*")
            .not_after(at(10))
            .signed_cookies("", &signer)
            .unwrap_err();
        assert!(matches!(err, SignError::InvalidKeyPairId { .. }), "{err:?}");
        let err = CustomPolicy::new("https://h.example/*")
            .signed_cookies("K1", &signer)
            .unwrap_err();
        assert!(matches!(err, SignError::MissingExpiry), "{err:?}");
        let err = CannedPolicy::new("https://h.example/a b", at(10))
            .signed_cookies("K1", &signer)
            .unwrap_err();
        assert!(matches!(err, SignError::InvalidResource { .. }), "{err:?}");
    }

    #[test]
    fn set_cookie_headers_add_attributes_and_refuse_injection() {
        let signer = Recorder::new(HashAlgorithm::Sha1);
        let cookies = CannedPolicy::new("https://h.example/a", at(10))
            .signed_cookies("K1", &signer)
            .unwrap();
        assert_eq!(
            cookies.set_cookie_headers(None, None).unwrap(),
            [
                "CloudFront-Expires=10; Secure; HttpOnly",
                "CloudFront-Signature=-~-~~w__; Secure; HttpOnly",
                "CloudFront-Key-Pair-Id=K1; Secure; HttpOnly",
            ]
        );
        assert_eq!(
            cookies
                .set_cookie_headers(Some("example.org"), Some("/images/*"))
                .unwrap()[0],
            "CloudFront-Expires=10; Domain=example.org; Path=/images/*; Secure; HttpOnly"
        );
        for (domain, path, name) in [
            (Some("example.org; Max-Age=99999999"), None, "Domain"),
            (Some(""), None, "Domain"),
            (None, Some("/a\r\nSet-Cookie: x=y"), "Path"),
            (None, Some("/a,b"), "Path"),
        ] {
            assert!(
                matches!(
                    cookies.set_cookie_headers(domain, path),
                    Err(SignError::InvalidCookieAttribute { name: n }) if n == name
                ),
                "{domain:?} {path:?}"
            );
        }
    }

    #[test]
    fn cookies_debug_redacts_the_signature() {
        let signer = SignerFn::new(HashAlgorithm::Sha1, |_: &[u8]| {
            Ok(b"very-secret-sig".to_vec())
        });
        let cookies = CannedPolicy::new("https://h.example/a", at(10))
            .signed_cookies("K1", &signer)
            .unwrap();
        let encoded = url_safe_base64(b"very-secret-sig");
        assert_eq!(cookies.get(COOKIE_SIGNATURE), Some(encoded.as_str()));
        let debug = format!("{cookies:?}");
        assert!(!debug.contains(&encoded), "{debug}");
        assert!(
            debug.contains("<redacted>") && debug.contains("K1"),
            "{debug}"
        );
    }

    #[test]
    fn signers_work_through_references_boxes_and_arcs() {
        let signer = SignerFn::new(HashAlgorithm::Sha256, |_: &[u8]| Ok(vec![1]));
        let boxed: Box<dyn PolicySigner> = Box::new(signer);
        let arc: std::sync::Arc<dyn PolicySigner> = std::sync::Arc::new(signer);
        for s in [&boxed as &dyn PolicySigner, &arc, &&signer] {
            assert_eq!(s.algorithm(), HashAlgorithm::Sha256);
            assert_eq!(sign_policy("{}", s).unwrap(), "AQ__");
        }
    }
}
