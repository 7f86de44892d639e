//! Pages of `ListInvalidations`, decoded through the public pipeline: a client on a
//! `MockTransport` that answers every request with the fuzzed body. Decoding must never
//! panic, and a hostile `IsTruncated`/`NextMarker` must not make the pager loop forever
//! (the mock answers at most 4 times; the iteration is also bounded here).
#![no_main]

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, Credentials, RetryPolicy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(200)
            .response_body(data.to_vec())
            .times(4),
    );
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "fuzz-secret"))
        .endpoint("http://127.0.0.1:1")
        .shared_transport(mock)
        .retry(RetryPolicy::none())
        .clock(Arc::new(ManualClock::new(
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )))
        .build()
        .expect("a fixed, valid client configuration");
    for item in client.invalidations("E2QWRUHAPOMQZL").take(10_000) {
        if item.is_err() {
            break;
        }
    }
});
