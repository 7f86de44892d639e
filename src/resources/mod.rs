//! One module per API resource. Each adds its operations to [`crate::Client`] in its own
//! `impl` block and keeps its types and XML codec beside them.

pub mod distribution;
pub mod invalidation;
mod options;
pub mod origin_access_control;
pub mod origin_access_identity;
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

/// The `ETag` header of a response, if any.
pub(crate) fn etag(resp: &HttpResponse) -> Option<String> {
    resp.header("etag").map(|v| v.trim().to_string())
}

/// The `ETag` header of a response that must have one (Create*, Get*, Update* of a
/// versioned resource); its absence is a decode error naming the operation.
pub(crate) fn require_etag(resp: &HttpResponse, operation: &str) -> Result<String, Error> {
    etag(resp).ok_or_else(|| {
        Error::Decode(DecodeError::new(
            "",
            format!("{operation} response has no ETag header"),
        ))
    })
}
