//! AWS Signature Version 4A (SigV4A), header form (`Authorization: AWS4-ECDSA-P256-SHA256
//! ...`): the signature the CloudFront KeyValueStore data plane requires. Feature `sigv4a`.
//!
//! Pure: no I/O, no clock reads. SigV4A shares SigV4's canonical request (stages 1–5 of
//! [`crate::auth::sigv4`], with the signed `x-amz-region-set` header added) and differs after
//! it:
//!
//! | stage | function |
//! |---|---|
//! | key derivation (counter-mode KDF → ECDSA P-256 key) | [`derive_key`] |
//! | credential scope (no region), string to sign | [`credential_scope`], [`string_to_sign`] |
//! | signature (ECDSA P-256 over SHA-256, DER, hex) | [`SigV4aKey::sign`] |
//! | verification with the public key | [`PublicKey::verify`] |
//! | the derived key, cached per credentials | [`KeyCache`] |
//!
//! ECDSA signatures here are deterministic (RFC 6979), so they differ from AWS's randomized
//! test signatures; both verify with the same public key.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use cloudfront::Credentials;
//! use cloudfront::auth::sigv4::SigningSettings;
//! use cloudfront::auth::sigv4a::{SigningParams, derive_key, sign_request};
//! use cloudfront::transport::HttpRequest;
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
//! let key = derive_key(&credentials)?; // cache it: it depends on the credentials only
//! let mut request = HttpRequest {
//!     method: "GET".into(),
//!     url: "https://123456789012.cloudfront-kvs.global.api.aws/key-value-stores/arn/keys".into(),
//!     headers: Vec::new(),
//!     body: Vec::new(),
//! };
//! let params = SigningParams {
//!     credentials: &credentials,
//!     region_set: "*",
//!     service: "cloudfront-keyvaluestore",
//!     time: UNIX_EPOCH + Duration::from_secs(1_440_938_160),
//! };
//! let parts = sign_request(&mut request, &params, &SigningSettings::new(), &key)?;
//! assert_eq!(request.header("x-amz-region-set"), Some("*"));
//! assert!(request.header("authorization").unwrap().starts_with(
//!     "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/cloudfront-keyvaluestore/aws4_request, \
//!      SignedHeaders=host;x-amz-date;x-amz-region-set, Signature="
//! ));
//! assert!(key.public_key().verify(&parts.string_to_sign, &parts.signature));
//! # Ok::<(), cloudfront::InvalidInput>(())
//! ```

mod cache;
mod key;

use std::time::SystemTime;

pub use cache::KeyCache;
pub use key::{PublicKey, SigV4aKey, derive_key};

use crate::auth::Credentials;
use crate::auth::sigv4::sign::{
    Unsigned, canonicalize, set_signature_headers, write_authorization_for,
};
use crate::auth::sigv4::string_to_sign::write_string_to_sign_for;
use crate::auth::sigv4::{SignatureParts, SigningSettings};
use crate::error::InvalidInput;
use crate::transport::HttpRequest;

/// The signing algorithm's name.
pub const ALGORITHM: &str = "AWS4-ECDSA-P256-SHA256";

/// The signed header that carries the region set (`*` for every region).
pub const REGION_SET_HEADER: &str = "x-amz-region-set";

/// What to sign with.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// The credentials (the key passed alongside must be derived from them).
    pub credentials: &'a Credentials,
    /// The regions the signature is valid in, comma-separated, or `*` (the KeyValueStore's).
    pub region_set: &'a str,
    /// The service, `cloudfront-keyvaluestore`.
    pub service: &'a str,
    /// The signing time.
    pub time: SystemTime,
}

/// The credential scope: `<date>/<service>/aws4_request` (no region: the region set is a
/// signed header instead).
///
/// ```
/// assert_eq!(
///     cloudfront::auth::sigv4a::credential_scope("20150830", "service"),
///     "20150830/service/aws4_request"
/// );
/// ```
pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/aws4_request")
}

/// The string to sign: [`ALGORITHM`], the timestamp, the credential scope and the hex
/// SHA-256 of the canonical request, one per line.
///
/// ```
/// let sts = cloudfront::auth::sigv4a::string_to_sign("20150830T123600Z", "20150830/service/aws4_request", "");
/// assert!(sts.starts_with("AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/service/aws4_request\ne3b0c442"));
/// ```
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    write_string_to_sign_for(&mut out, ALGORITHM, amz_date, scope, canonical_request);
    out
}

/// Signs loose request parts and returns every intermediate value (as
/// [`crate::auth::sigv4::sign_parts`] does for SigV4). `headers` must include `Host`.
///
/// # Errors
/// [`InvalidInput`] as for SigV4, when the service or region set cannot go in a header or
/// scope, or when `key` was derived for another access key id.
pub fn sign_parts<N: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path_and_query: &str,
    headers: &[(N, V)],
    body: &[u8],
    params: &SigningParams<'_>,
    settings: &SigningSettings,
    key: &SigV4aKey,
) -> Result<SignatureParts, InvalidInput> {
    let unsigned = Unsigned::from_parts(method, path_and_query, headers, body);
    sign_core(&unsigned, params, settings, key)
}

/// Signs `request` in place: adds `x-amz-date`, `x-amz-region-set`, the session token (when
/// the credentials have one), `x-amz-content-sha256` when the settings ask for it, and
/// `authorization`, replacing earlier values. Returns every intermediate value.
///
/// # Errors
/// As [`sign_parts`].
pub fn sign_request(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    settings: &SigningSettings,
    key: &SigV4aKey,
) -> Result<SignatureParts, InvalidInput> {
    let parts = { sign_core(&Unsigned::from_request(request)?, params, settings, key)? };
    set_signature_headers(
        request,
        params.credentials,
        settings,
        parts.amz_date.clone(),
        parts.payload_hash.clone(),
        Some((REGION_SET_HEADER, params.region_set)),
        parts.authorization.clone(),
    );
    Ok(parts)
}

fn sign_core<N: AsRef<str>, V: AsRef<str>>(
    request: &Unsigned<'_, N, V>,
    params: &SigningParams<'_>,
    settings: &SigningSettings,
    key: &SigV4aKey,
) -> Result<SignatureParts, InvalidInput> {
    if key.access_key_id() != params.credentials.access_key_id() {
        return Err(InvalidInput::new(
            "the SigV4A key was derived for other credentials",
        ));
    }
    let bad = |b: u8| b <= b' ' || b == 0x7f || b == b'/';
    if params.service.is_empty() || params.service.bytes().any(bad) {
        return Err(InvalidInput::new(format!(
            "the service {:?} cannot be used in a SigV4A credential scope",
            params.service
        )));
    }
    let canonical = canonicalize(
        request,
        params.credentials,
        params.time,
        settings,
        Some((REGION_SET_HEADER, params.region_set)),
    )?;
    let date = crate::time::date_of_amz_date(&canonical.amz_date);
    let scope = credential_scope(date, params.service);
    let sts = string_to_sign(&canonical.amz_date, &scope, &canonical.creq);
    let signature = key.sign(&sts);
    let signed_headers = canonical.creq[canonical.signed.clone()].to_string();
    let mut authorization = String::with_capacity(256);
    write_authorization_for(
        &mut authorization,
        ALGORITHM,
        params.credentials.access_key_id(),
        &scope,
        &signed_headers,
        &signature,
    );
    Ok(SignatureParts {
        amz_date: canonical.amz_date,
        payload_hash: canonical.payload_hash,
        canonical_request: canonical.creq,
        signed_headers,
        string_to_sign: sts,
        signature,
        authorization,
    })
}
