//! SigV4 stage 6: the credential scope and the string to sign.

use super::{ALGORITHM, sha256};
use crate::encoding::push_hex;

/// The credential scope: `<date>/<region>/<service>/aws4_request`, `date` as `YYYYMMDD`.
///
/// ```
/// use cloudfront::auth::sigv4::credential_scope;
///
/// assert_eq!(
///     credential_scope("20150830", "us-east-1", "cloudfront"),
///     "20150830/us-east-1/cloudfront/aws4_request"
/// );
/// ```
pub fn credential_scope(date: &str, region: &str, service: &str) -> String {
    let mut out = String::with_capacity(date.len() + region.len() + service.len() + 15);
    write_scope(&mut out, date, region, service);
    out
}

/// Stage 6: the string to sign: the algorithm, the timestamp (`20150830T123600Z`), the
/// credential scope and the hex SHA-256 of the canonical request, one per line.
///
/// ```
/// use cloudfront::auth::sigv4::string_to_sign;
///
/// let sts = string_to_sign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", "");
/// assert_eq!(
///     sts,
///     "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
///      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    write_string_to_sign(&mut out, amz_date, scope, canonical_request);
    out
}

pub(super) fn write_scope(out: &mut String, date: &str, region: &str, service: &str) {
    out.push_str(date);
    out.push('/');
    out.push_str(region);
    out.push('/');
    out.push_str(service);
    out.push_str("/aws4_request");
}

pub(super) fn write_string_to_sign(
    out: &mut String,
    amz_date: &str,
    scope: &str,
    canonical_request: &str,
) {
    write_string_to_sign_for(out, ALGORITHM, amz_date, scope, canonical_request);
}

/// The string to sign of `algorithm` (SigV4's, or SigV4A's `AWS4-ECDSA-P256-SHA256`).
pub(crate) fn write_string_to_sign_for(
    out: &mut String,
    algorithm: &str,
    amz_date: &str,
    scope: &str,
    canonical_request: &str,
) {
    out.push_str(algorithm);
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    push_hex(out, &sha256(canonical_request.as_bytes()));
}
