//! One module per API resource. Each adds its operations to [`crate::Client`] in its own
//! `impl` block, re-exports its types (declared in the generated model) and keeps only the
//! behaviour users need beyond the wire: constructors, validation, reconciliation after a
//! lost response, waiters, batching.

pub mod aliases;
pub mod cache_policy;
pub mod distribution;
pub mod function;
pub mod invalidation;
mod options;
pub mod origin_access_control;
pub mod origin_access_identity;
pub mod signing_keys;
pub mod staging;
pub mod tagging;
pub mod versioned;

use crate::error::{DecodeError, Error};
use crate::transport::HttpResponse;

/// The body of a successful response as strict UTF-8 (CloudFront always sends UTF-8 XML).
pub(crate) fn body_text(resp: &HttpResponse) -> Result<&str, Error> {
    std::str::from_utf8(&resp.body).map_err(|e| {
        Error::Decode(DecodeError::new(
            "",
            format!("response body is not valid UTF-8 ({e})"),
        ))
    })
}

/// Longest ETag accepted. CloudFront's are about 14 characters; a header far longer is not
/// one, and would be sent back whole in `If-Match`.
pub(crate) const MAX_ETAG_LEN: usize = 1024;

/// Whether `etag` can be sent back in `If-Match`: not empty (nor `""`), at most
/// [`MAX_ETAG_LEN`] bytes, visible ASCII only (RFC 9110 `entity-tag` characters, optionally
/// quoted or weak-prefixed).
fn is_valid_etag(etag: &str) -> bool {
    let opaque = etag.strip_prefix("W/").unwrap_or(etag);
    let opaque = opaque
        .strip_prefix('"')
        .and_then(|o| o.strip_suffix('"'))
        .unwrap_or(opaque);
    !opaque.is_empty()
        && etag.len() <= MAX_ETAG_LEN
        && opaque.bytes().all(|b| b.is_ascii_graphic() && b != b'"')
}

/// The (trimmed) `ETag` header of a response that must have one (Create*, Get*, Update* of
/// a versioned resource); its absence, or an empty or malformed value (which a later write
/// would send back as `If-Match`), is a decode error naming the operation.
pub(crate) fn check_etag(etag: Option<String>, operation: &str) -> Result<String, Error> {
    let bad =
        |what: String| Error::Decode(DecodeError::new("", format!("{operation} response {what}")));
    let etag = etag.ok_or_else(|| bad("has no ETag header".to_string()))?;
    if !is_valid_etag(&etag) {
        return Err(bad(format!(
            "has an empty or malformed ETag header {}",
            crate::error::quote_bounded(&etag)
        )));
    }
    Ok(etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn require_etag(value: Option<&str>, operation: &str) -> Result<String, Error> {
        check_etag(value.map(|v| v.trim().to_string()), operation)
    }

    #[test]
    fn empty_or_malformed_etags_are_refused() {
        for bad in [
            "",
            "   ",
            "\"\"",
            "W/\"\"",
            "E1 E2",
            "E1\u{7f}",
            "caf\u{e9}",
            "\"E1",
        ] {
            let err = require_etag(Some(bad), "GetDistribution").unwrap_err();
            assert!(
                err.to_string().contains("empty or malformed ETag"),
                "{bad:?}: {err}"
            );
        }
        let long = "E".repeat(MAX_ETAG_LEN + 1);
        assert!(require_etag(Some(&long), "GetDistribution").is_err());
        for good in ["E2QWRUHAPOMQZL", " E1 ", "\"abc\"", "W/\"abc\""] {
            assert_eq!(
                require_etag(Some(good), "GetDistribution").unwrap(),
                good.trim()
            );
        }
        let err = require_etag(None, "GetDistribution").unwrap_err();
        assert!(err.to_string().contains("no ETag header"), "{err}");
    }
}
