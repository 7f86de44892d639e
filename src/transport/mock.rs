//! Scripted transport for tests (placeholder: being implemented).

/// A scripted transport.
#[derive(Debug, Default)]
pub struct MockTransport {}

/// One expected exchange.
#[derive(Debug, Default)]
pub struct Expectation {}
