//! One-line offline clients over recorded fixtures: [`Client::replay`] and
//! [`Client::with_replay`].

use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use crate::auth::Credentials;
use crate::client::Client;
use crate::clock::ManualClock;
use crate::error::{Error, InvalidInput};
use crate::transport::ReplayTransport;

impl Client {
    /// An offline client that replays the fixture files of `dir` (one `.http` file per
    /// exchange, in file-name order; format on [`Exchange`](crate::transport::Exchange)):
    /// no network, no credentials needed, and waits take no time (a
    /// [`ManualClock`] advances by what is slept).
    ///
    /// ```
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// let client = cloudfront::Client::replay(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tour"))?;
    /// # let _ = client; Ok(()) }
    /// ```
    ///
    /// A directory that cannot be read, holds no fixture or a malformed one is an
    /// [`Error::InvalidInput`] naming the file and line. To check at the end of a test that
    /// every exchange was used, keep the transport: [`Client::with_replay`].
    pub fn replay(dir: impl AsRef<Path>) -> Result<Client, Error> {
        let replay = ReplayTransport::from_dir(dir.as_ref()).map_err(|e| {
            Error::InvalidInput(InvalidInput::new(format!("cannot load fixtures: {e}")))
        })?;
        Client::with_replay(Arc::new(replay))
    }

    /// An offline client over a [`ReplayTransport`] you keep a handle to, e.g. to call
    /// [`ReplayTransport::verify`] at the end of a test. Same settings as
    /// [`Client::replay`].
    ///
    /// ```
    /// use std::sync::Arc;
    /// use cloudfront::Client;
    /// use cloudfront::transport::ReplayTransport;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let replay = Arc::new(ReplayTransport::from_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tour"))?);
    /// let client = Client::with_replay(replay.clone())?;
    /// // ... the code under test uses `client` ...
    /// # let _ = client;
    /// // replay.verify()?; // every exchange used, in order, none failed
    /// # Ok(()) }
    /// ```
    pub fn with_replay(replay: Arc<ReplayTransport>) -> Result<Client, Error> {
        Client::builder()
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "offline-replay-needs-no-secret",
            ))
            .shared_transport(replay)
            .clock(Arc::new(ManualClock::new(SystemTime::now())))
            .build()
    }
}
