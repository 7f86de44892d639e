//! Temporary credentials cached in the client and refreshed before they expire: one refresh
//! for many threads, the old credentials kept while a refresh fails, a long wait across an
//! expiry. The injectable clock moves time; the mock transport plays the container endpoint.

mod credentials_support;

use std::sync::Arc;
use std::time::Duration;

use cloudfront::clock::{Clock, ManualClock};
use cloudfront::transport::{Expectation, HttpRequest, MockTransport};
use cloudfront::{Client, Error, RawRequest};
use credentials_support::*;

#[test]
fn eight_threads_across_an_expiry_cause_exactly_one_refresh() {
    let home = Home::new();
    let clock = Arc::new(ManualClock::new(start()));
    let first_expiry = start() + Duration::from_secs(3600);
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json("ASIAONE", "t1", first_expiry)),
    );
    mock.expect(cloudfront_ok());
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json(
                "ASIATWO",
                "t2",
                first_expiry + Duration::from_secs(3600),
            )),
    );
    mock.expect(cloudfront_ok().times(8));
    let client = Client::builder()
        .environment(home.env(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/creds",
        )]))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .build()
        .unwrap();
    probe(&client);
    // Four minutes before expiry: inside the refresh margin.
    clock.advance(Duration::from_secs(3600 - 240));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let c = client.clone();
            std::thread::spawn(move || probe(&c))
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let sent = mock.requests();
    let refreshes = sent.iter().filter(|r| r.url.ends_with("/creds")).count();
    assert_eq!(refreshes, 2, "the first fetch and exactly one refresh");
    let after: Vec<&HttpRequest> = sent.iter().skip(3).collect();
    assert_eq!(after.len(), 8);
    for r in after {
        assert_eq!(key_id(r.header("authorization")), "ASIATWO");
    }
    mock.verify().unwrap();
}

#[test]
fn a_failed_refresh_keeps_the_old_credentials_until_they_expire() {
    let home = Home::new();
    let clock = Arc::new(ManualClock::new(start()));
    let expiry = start() + Duration::from_secs(3600);
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json("ASIAOLD", "t", expiry)),
    );
    // Refresh attempts (3 each) fail with 500.
    mock.expect(Expectation::get("/creds").respond(500).times(3));
    mock.expect(cloudfront_ok());
    mock.expect(Expectation::get("/creds").respond(500).times(3));
    let client = Client::builder()
        .environment(home.env(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/creds",
        )]))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .retry(cloudfront::RetryPolicy::none())
        .build()
        .unwrap();
    clock.advance(Duration::from_secs(3600 - 60));
    probe(&client);
    assert_eq!(
        key_id(mock.requests()[4].header("authorization")),
        "ASIAOLD"
    );
    clock.advance(Duration::from_secs(120));
    let err = client
        .send_raw(RawRequest::get("/2020-05-31/distribution"))
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    mock.verify().unwrap();
}

#[test]
fn a_long_wait_survives_an_expiry_in_the_middle() {
    let home = Home::new();
    let clock = Arc::new(ManualClock::new(start()));
    let mock = Arc::new(MockTransport::new());
    let t0 = start();
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json("ASIA1", "t", t0 + Duration::from_secs(900))),
    );
    mock.expect(cloudfront_ok());
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json("ASIA2", "t", t0 + Duration::from_secs(7200))),
    );
    mock.expect(cloudfront_ok());
    let client = Client::builder()
        .environment(home.env(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/creds",
        )]))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .build()
        .unwrap();
    probe(&client);
    clock.sleep(Duration::from_secs(1200)); // a waiter's polls pass the expiry
    probe(&client);
    let sent = mock.requests();
    assert_eq!(key_id(sent[1].header("authorization")), "ASIA1");
    assert_eq!(key_id(sent[3].header("authorization")), "ASIA2");
    mock.verify().unwrap();
}
