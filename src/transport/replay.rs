//! Fixture replay and recording (placeholder: being implemented).

/// One recorded exchange.
#[derive(Debug, Default)]
pub struct Exchange {}

/// Replays exchanges from fixture files.
#[derive(Debug, Default)]
pub struct ReplayTransport {}

/// Records exchanges to fixture files.
#[derive(Debug, Default)]
pub struct RecordingTransport {}
