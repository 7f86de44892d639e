//! Compile-time checks of what the README and the API docs promise about threads and errors.
//! If a change made [`Client`](crate::Client) lose `Clone + Send + Sync`, or an error type
//! lose `Send + Sync + 'static`, the crate would stop compiling, not just fail a test.

use crate::transport::{
    Exchange, Expectation, FaultTransport, FixtureError, MockTransport, RecordingTransport,
    ReplayTransport, TransportError,
};

/// `Client`: "one small `Client` (`Clone + Send + Sync`)"; shared across threads.
const fn client_like<T: Clone + Send + Sync + 'static>() {}
/// Every error: `std::error::Error + Send + Sync + 'static`, so `?` into `anyhow` works.
const fn error_like<T: std::error::Error + Send + Sync + 'static>() {}
/// Transports and test doubles: `Send + Sync`, shared with `Arc`.
const fn shared<T: Send + Sync + 'static>() {}

const _: () = {
    client_like::<crate::Client>();
    client_like::<crate::Credentials>();
    client_like::<crate::RetryPolicy>();

    error_like::<crate::Error>();
    error_like::<crate::DecodeError>();
    error_like::<crate::InvalidInput>();
    error_like::<crate::CredentialsError>();
    error_like::<TransportError>();
    error_like::<FixtureError>();
    error_like::<crate::SignError>();
    // The details some variants carry travel with the error.
    shared::<crate::ServiceError>();
    shared::<crate::UnexpectedResponse>();
    shared::<crate::WaiterTimeout>();
    shared::<crate::AlreadyCreated>();

    shared::<MockTransport>();
    shared::<Expectation>();
    shared::<ReplayTransport>();
    shared::<RecordingTransport>();
    shared::<Exchange>();
    shared::<FaultTransport<MockTransport>>();
    #[cfg(feature = "ureq")]
    shared::<crate::transport::UreqTransport>();
};
