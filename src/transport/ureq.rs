//! The ureq transport (placeholder: being implemented).

use std::time::Duration;

use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};

/// HTTPS over one shared ureq agent.
#[derive(Debug)]
pub struct UreqTransport {}

/// Configures a [`UreqTransport`].
#[derive(Debug, Default)]
pub struct UreqTransportBuilder {}

impl UreqTransport {
    /// A builder.
    pub fn builder() -> UreqTransportBuilder {
        UreqTransportBuilder::default()
    }
}

impl UreqTransportBuilder {
    /// Connect timeout.
    pub fn connect_timeout(self, _t: Duration) -> Self {
        self
    }
    /// Whole-request timeout.
    pub fn timeout(self, _t: Duration) -> Self {
        self
    }
    /// Body cap.
    pub fn max_response_bytes(self, _n: u64) -> Self {
        self
    }
    /// Builds.
    pub fn build(self) -> UreqTransport {
        UreqTransport {}
    }
}

impl Transport for UreqTransport {
    fn send(&self, _request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        Err(TransportError::new(TransportErrorKind::Other, "not yet implemented"))
    }
}
