//! One module per API resource. Each adds its operations to [`crate::Client`] in its own
//! `impl` block, re-exports its types (declared in the generated model) and keeps only the
//! behaviour users need beyond the wire: constructors, validation, reconciliation after a
//! lost response, waiters, batching.

pub mod cache_policy;
pub mod distribution;
pub mod invalidation;
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
