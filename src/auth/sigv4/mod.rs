//! AWS Signature Version 4, header form (`Authorization: AWS4-HMAC-SHA256 ...`).
//!
//! Pure: no I/O, no clock reads (the signing time is a parameter). Each stage of the
//! algorithm is a small public function with its own tests against AWS's published
//! intermediate values, so a broken stage fails its own test:
//!
//! | stage | function |
//! |---|---|
//! | canonical URI (normalized, each segment encoded once more) | [`canonical_uri`] |
//! | canonical query string | [`canonical_query_string`] |
//! | canonical headers and signed header list | [`canonical_headers`] |
//! | payload hash | [`payload_hash`] |
//! | canonical request | [`canonical_request`] |
//! | credential scope, string to sign | [`credential_scope`], [`string_to_sign`] |
//! | signing key | [`signing_key`] |
//! | signature, `Authorization` value | [`signature`], [`authorization`] |
//!
//! [`sign_request`] runs them all on an [`HttpRequest`](crate::transport::HttpRequest) (what [`crate::Client`] does for every
//! attempt); [`sign_parts`] does the same on loose parts and returns every intermediate
//! value. The hot path writes each product into one pre-sized `String` rather than
//! assembling it from the public helpers' return values.
//!
//! Canonicalization follows the rules for every service but S3 (CloudFront included):
//! the path is normalized (`.`, `..` and empty segments removed) and each segment is
//! percent-encoded as it appears on the wire, so an `%3A` already in the path is signed as
//! `%253A`.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use cloudfront::Credentials;
//! use cloudfront::auth::sigv4::{SigningParams, sign_request};
//! use cloudfront::transport::HttpRequest;
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
//! let mut request = HttpRequest {
//!     method: "GET".into(),
//!     url: "https://cloudfront.amazonaws.com/2020-05-31/distribution?MaxItems=2".into(),
//!     headers: Vec::new(),
//!     body: Vec::new(),
//! };
//! sign_request(
//!     &mut request,
//!     &SigningParams {
//!         credentials: &credentials,
//!         region: "us-east-1",
//!         service: "cloudfront",
//!         time: UNIX_EPOCH + Duration::from_secs(1_440_938_160), // 2015-08-30T12:36:00Z
//!     },
//! )?;
//! assert_eq!(request.header("x-amz-date"), Some("20150830T123600Z"));
//! let authorization = request.header("authorization").unwrap();
//! assert!(authorization.starts_with(
//!     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cloudfront/aws4_request, \
//!      SignedHeaders=host;x-amz-date, Signature="
//! ));
//! // The Host header is signed but left for the HTTP client to add.
//! assert_eq!(request.header("host"), None);
//! # Ok::<(), cloudfront::InvalidInput>(())
//! ```
//!
//! One file per job: the canonical stages in `canonical.rs`, the string to sign in
//! `string_to_sign.rs`, key derivation and the signature in `key.rs`, checks of what may be
//! signed in `validate.rs`, and the entry points that run them all in `sign.rs`.

use std::fmt;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::auth::Credentials;

mod canonical;
mod key;
pub(crate) mod sign;
pub(crate) mod string_to_sign;
#[cfg(test)]
mod tests;
mod validate;

pub use canonical::{
    CanonicalHeaders, canonical_headers, canonical_query_string, canonical_request, canonical_uri,
    payload_hash,
};
pub use key::{SigningKey, signature, signing_key};
pub use sign::{authorization, sign_parts, sign_request, sign_request_with, sign_request_with_key};
pub use string_to_sign::{credential_scope, string_to_sign};

/// The signing algorithm's name, first word of the string to sign and of the
/// `Authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The header that carries the signing time (`20150830T123600Z`).
pub const AMZ_DATE_HEADER: &str = "x-amz-date";

/// The header that carries a session token.
pub const SECURITY_TOKEN_HEADER: &str = "x-amz-security-token";

/// The header that carries the payload hash when [`SigningSettings::payload_hash_header`] is on.
pub const CONTENT_SHA256_HEADER: &str = "x-amz-content-sha256";

const AUTHORIZATION_HEADER: &str = "authorization";

/// What to sign with.
///
/// `Debug` is safe to log: [`Credentials`] redacts its secret and token.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// The credentials.
    pub credentials: &'a Credentials,
    /// Region, `us-east-1` for CloudFront.
    pub region: &'a str,
    /// Service, `cloudfront`.
    pub service: &'a str,
    /// The signing time.
    pub time: SystemTime,
}

/// Signing variants beyond what CloudFront needs; [`SigningSettings::new`] is CloudFront's.
///
/// ```
/// use cloudfront::auth::sigv4::SigningSettings;
///
/// // What S3-style callers would use: the path is signed as is.
/// let settings = SigningSettings::new().normalize_path(false).payload_hash_header(true);
/// assert_ne!(settings, SigningSettings::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSettings {
    normalize_path: bool,
    payload_hash_header: bool,
    sign_session_token: bool,
}

impl SigningSettings {
    /// CloudFront's settings: normalize the path, no `x-amz-content-sha256` header,
    /// session token signed.
    pub const fn new() -> Self {
        SigningSettings {
            normalize_path: true,
            payload_hash_header: false,
            sign_session_token: true,
        }
    }

    /// Whether `.`/`..` segments and repeated `/` are removed from the path before it is
    /// canonicalized (default `true`; every AWS service but S3 wants this).
    pub const fn normalize_path(mut self, on: bool) -> Self {
        self.normalize_path = on;
        self
    }

    /// Whether to add (and sign) an `x-amz-content-sha256` header holding the payload hash
    /// (default `false`; S3 requires it, CloudFront does not).
    pub const fn payload_hash_header(mut self, on: bool) -> Self {
        self.payload_hash_header = on;
        self
    }

    /// Whether the session token header is part of the signature (default `true`). When
    /// `false` it is still sent, but added after signing, as a few services require.
    pub const fn sign_session_token(mut self, on: bool) -> Self {
        self.sign_session_token = on;
        self
    }
}

impl Default for SigningSettings {
    fn default() -> Self {
        Self::new()
    }
}

/// Every product of one signing, for callers that want to inspect or compare the stages
/// (see [`sign_parts`]).
///
/// `Debug` redacts the signature (in [`signature`](Self::signature) and
/// [`authorization`](Self::authorization)) and any session token in the canonical request.
#[derive(Clone, PartialEq, Eq)]
pub struct SignatureParts {
    /// The signing time in SigV4's format, `20150830T123600Z`: the `x-amz-date` value.
    pub amz_date: String,
    /// Hex SHA-256 of the body.
    pub payload_hash: String,
    /// The canonical request.
    pub canonical_request: String,
    /// The signed header names, `;`-separated (`host;x-amz-date`).
    pub signed_headers: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The hex signature. Secret: valid for this request until it expires.
    pub signature: String,
    /// The `Authorization` header value (it contains the signature).
    pub authorization: String,
}

impl fmt::Debug for SignatureParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureParts")
            .field("amz_date", &self.amz_date)
            .field("payload_hash", &self.payload_hash)
            .field(
                "canonical_request",
                &RedactedCanonicalRequest(&self.canonical_request),
            )
            .field("signed_headers", &self.signed_headers)
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &"<redacted>")
            .field(
                "authorization",
                &crate::transport::redact_header_value(AUTHORIZATION_HEADER, &self.authorization),
            )
            .finish()
    }
}

/// Shows a canonical request with the value of its `x-amz-security-token` line redacted.
struct RedactedCanonicalRequest<'a>(&'a str);

impl fmt::Debug for RedactedCanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = String::with_capacity(self.0.len());
        for (i, line) in self.0.split('\n').enumerate() {
            if i > 0 {
                shown.push('\n');
            }
            match line.split_once(':') {
                Some((name, _)) if name == SECURITY_TOKEN_HEADER => {
                    shown.push_str(name);
                    shown.push_str(":<redacted>");
                }
                _ => shown.push_str(line),
            }
        }
        fmt::Debug::fmt(&shown, f)
    }
}

pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}
