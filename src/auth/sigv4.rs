//! SigV4 signing (placeholder: being implemented).

use std::time::SystemTime;

use crate::auth::Credentials;
use crate::error::InvalidInput;
use crate::transport::HttpRequest;

/// What to sign with.
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

/// Signs `request` in place.
pub fn sign_request(_request: &mut HttpRequest, _params: &SigningParams<'_>) -> Result<(), InvalidInput> {
    Err(InvalidInput::new("not yet implemented"))
}
